import { leafAt, mergedAt, type ConfigSource, type Placed } from '../../effective/configSources';
import type { GatewayModel } from '../../gatewayModel';
import type { NetworkFacts } from '../../hostFacts';
import { stringValue, type JsonNode } from '../../jsonTree';
import { canBindIPv4, isCanonicalIPv4, tailnetAddress } from './bindHosts';

/*
 * What OpenClaw decides about the Control UI and browser origins (src/config/gateway-control-ui-origins.ts,
 * src/gateway/origin-check.ts, src/gateway/server-runtime-config.ts), for the rules that predict it.
 */

/** gateway.tailscale.mode as OpenClaw reads it ("off" when unset). */
export function tailscaleMode(model: GatewayModel): { value: string; at?: Placed } {
  const at = leafAt(model.effective.assembled.root, ['gateway', 'tailscale', 'mode']);
  return { value: stringValue(at?.node) ?? 'off', at };
}

/**
 * The bind mode when the gateway would listen beyond loopback, else undefined. With Tailscale
 * serve/funnel an unset bind is loopback; `auto` is loopback outside a container (we only know a
 * container when the default was taken); `tailnet` without a Tailscale address falls back to loopback.
 */
export function nonLoopbackBind(model: GatewayModel, network: NetworkFacts | undefined): string | undefined {
  if (model.bind.defaulted && tailscaleMode(model).value !== 'off') return undefined;
  const bind = model.bind.effective;
  if (bind === 'lan') return bind;
  if (bind === 'auto') return model.bind.defaulted ? bind : undefined;
  if (bind === 'tailnet') return network && tailnetAddress(network) === undefined ? undefined : bind;
  if (bind === 'custom') {
    // A host the gateway cannot bind stops it first (bind-custom-host says so).
    const host = model.customBindHost?.trim() ?? '';
    if (!isCanonicalIPv4(host) || host.startsWith('127.') || (network && !canBindIPv4(host, network))) return undefined;
    return bind;
  }
  return undefined;
}

/** gateway.controlUi.enabled is false: no Control UI, no origin checks at start-up. */
export function controlUiDisabled(model: GatewayModel): boolean {
  const node = leafAt(model.effective.assembled.root, ['gateway', 'controlUi', 'enabled'])?.node;
  return node?.type === 'boolean' && node.value === false;
}

export function flagIsTrue(model: GatewayModel, keys: readonly string[]): Placed | undefined {
  const at = leafAt(model.effective.assembled.root, keys);
  return at?.node.type === 'boolean' && at.node.value === true ? at : undefined;
}

export interface ConfiguredOrigin {
  value: string;
  node: JsonNode;
  source: ConfigSource;
}

/** Every string of gateway.controlUi.allowedOrigins, across files (included arrays concatenate). */
export function configuredOrigins(model: GatewayModel): ConfiguredOrigin[] {
  const list = mergedAt(model.effective.assembled.root, ['gateway', 'controlUi', 'allowedOrigins']);
  if (list?.kind !== 'leaf') return [];
  const out: ConfiguredOrigin[] = [];
  for (const part of list.arrayParts ?? [list.at]) {
    if (part.node.type !== 'array') continue;
    for (const item of part.node.children ?? []) {
      const value = stringValue(item);
      if (value !== undefined) out.push({ value, node: item, source: part.source });
    }
  }
  return out;
}

/** OpenClaw's hasConfiguredControlUiAllowedOrigins: a non-blank origin, or the Host-header fallback. */
export function hasExplicitOrigins(model: GatewayModel): boolean {
  if (flagIsTrue(model, ['gateway', 'controlUi', 'dangerouslyAllowHostHeaderOriginFallback'])) return true;
  return configuredOrigins(model).some((o) => o.value.trim() !== '');
}

/** Hosts a browser treats as a secure context over plain http (the Control UI gets crypto.subtle there). */
export function isLocalBrowserHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || (isCanonicalIPv4(host) && host.startsWith('127.'));
}

/** What is wrong with an allowedOrigins entry so that no browser Origin ever equals it; undefined when it can match. */
export type OriginDefect = 'no-scheme' | 'path' | 'trailing-slash' | 'credentials' | 'default-port' | 'unparsable';

/**
 * OpenClaw compares the lower-cased entry with the browser's Origin (`scheme://host[:port]`, the
 * default port left out) as whole strings; these shapes can never be equal to one.
 */
export function originDefect(raw: string): OriginDefect | undefined {
  const value = raw.trim();
  if (value === '*' || value === '') return undefined;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return 'no-scheme';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'unparsable';
  }
  if (url.username || url.password) return 'credentials';
  const afterAuthority = value.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  if (afterAuthority === '/') return 'trailing-slash';
  if (afterAuthority !== '') return 'path';
  // new URL drops a default port; the browser's Origin never carries it.
  const written = /:(\d+)$/.exec(value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''));
  if (written && url.port === '' && /^(?:https?|wss?):$/i.test(url.protocol)) return 'default-port';
  return undefined;
}

/** The origin a browser would send for this entry (scheme://host[:port]), when one can be read from it. */
export function originPart(raw: string): string | undefined {
  try {
    const url = new URL(raw.trim());
    return url.origin === 'null' ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

/** The origins OpenClaw seeds for a non-loopback bind (buildDefaultControlUiAllowedOrigins). */
export function seededOrigins(model: GatewayModel): string[] {
  const port = model.port.value;
  const out = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  const host = model.customBindHost?.trim();
  if (model.bind.effective === 'custom' && host) out.push(`http://${host}:${port}`);
  return out;
}
