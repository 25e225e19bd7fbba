import { isRemoteMode, type GatewayModel } from '../gatewayModel';

/** The command that opens the Control UI the way OpenClaw wants it opened: a one-time sign-in link, never the token in a URL. */
export const DASHBOARD_COMMAND = 'openclaw dashboard';

/** OpenClaw's normalizeControlUiBasePath (control-ui-shared): a leading slash, one trailing slash dropped, '' for the root. */
export function normalizeControlUiBasePath(basePath: string | undefined): string {
  const value = basePath?.trim() ?? '';
  if (!value || value === '/') return '';
  const withSlash = value.startsWith('/') ? value : `/${value}`;
  return withSlash.endsWith('/') ? withSlash.slice(0, -1) : withSlash;
}

/**
 * Where a local gateway serves the Control UI (http, or https with gateway.tls), without any
 * credential in it: the page then asks for the token in its settings. Undefined in remote mode,
 * where only `openclaw dashboard` (or the remote host's own address) knows the way in.
 */
export function controlUiAddress(model: GatewayModel): string | undefined {
  if (isRemoteMode(model)) return undefined;
  return `${model.tls.enabled ? 'https' : 'http'}://127.0.0.1:${model.port.value}${normalizeControlUiBasePath(model.controlUiBasePath)}/`;
}
