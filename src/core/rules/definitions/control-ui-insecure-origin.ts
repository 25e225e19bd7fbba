import { isRemoteMode } from '../../gatewayModel';
import { defineRule } from '../ruleTypes';
import { configuredOrigins, controlUiDisabled, isLocalBrowserHost } from '../support/controlUi';
import { spanIn } from '../support/sourceSpans';

export const rule = defineRule({
  meta: {
    code: 'control-ui-insecure-origin',
    defaultSeverity: 'warning',
    docs: {
      summary: 'gateway.controlUi.allowedOrigins lists a plain http:// origin of another machine (not localhost or 127.0.0.1).',
      openclaw:
        'A page served over plain http:// from a host other than localhost is not a secure context, so the browser gives the Control UI no crypto.subtle and it cannot prove a device identity. The gateway refuses it even with the right token: "control ui requires device identity (use HTTPS or localhost secure context)" (details.code CONTROL_UI_DEVICE_IDENTITY_REQUIRED); on 2026.9.6 gateway.controlUi.dangerouslyDisableDeviceAuth does not change that. The origin passes; the connection still fails.',
      fix: 'Serve the Control UI over HTTPS (gateway.tls, a TLS reverse proxy, or Tailscale Serve) and list the https:// origin, or open it on the gateway\'s machine (or through an SSH tunnel) as http://localhost:PORT.',
    },
    messages: {
      insecure:
        'Origin "{origin}" is plain http:// to another machine: a browser there is not a secure context, so the Control UI cannot prove a device identity and the gateway answers "control ui requires device identity (use HTTPS or localhost secure context)". Use https:// (gateway.tls, a TLS proxy or Tailscale Serve), or an SSH tunnel to http://localhost.',
    },
  },
  check: ({ model }) => {
    if (!model || isRemoteMode(model) || controlUiDisabled(model)) return [];
    return configuredOrigins(model).flatMap((origin) => {
      let url: URL;
      try {
        url = new URL(origin.value.trim());
      } catch {
        return [];
      }
      if (url.protocol !== 'http:' || isLocalBrowserHost(url.hostname)) return [];
      return [{ ...spanIn(origin.node, origin.source), messageId: 'insecure' as const, args: { origin: origin.value.trim() } }];
    });
  },
});
