import { leafAt } from '../../effective/configSources';
import { isRemoteMode } from '../../gatewayModel';
import { defineRule } from '../ruleTypes';
import { configuredOrigins, controlUiDisabled, flagIsTrue, isLocalBrowserHost, nonLoopbackBind } from '../support/controlUi';
import { keySpan } from '../support/keySpans';
import { fileOf } from '../support/sourceSpans';

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin.trim()).hostname;
  } catch {
    return undefined;
  }
}

export const rule = defineRule({
  meta: {
    code: 'control-ui-origins-local-only',
    defaultSeverity: 'information',
    docs: {
      summary: 'The gateway listens beyond loopback, but every entry of gateway.controlUi.allowedOrigins is a localhost or 127.0.0.1 origin.',
      openclaw:
        'Those origins only match a browser on the gateway\'s own machine, which passes anyway. A browser on another machine gets "origin not allowed (open the Control UI from the gateway host or allow it in gateway.controlUi.allowedOrigins)", unless the page\'s origin equals the Host it opened and that host is a private IP, a .local or a .ts.net name.',
      fix: 'Add the origin other machines open the Control UI from, e.g. "https://gateway.example.com" behind a TLS proxy or "https://<machine>.<tailnet>.ts.net" with Tailscale Serve.',
    },
    messages: {
      localOnly:
        'gateway.bind is "{bind}", but gateway.controlUi.allowedOrigins lists only local origins: a browser on another machine gets "origin not allowed" unless it opens the gateway by a private IP, .local or .ts.net address. Add the origin other machines use.',
    },
  },
  check: ({ model, network }) => {
    if (!model || isRemoteMode(model) || model.hasInclude) return [];
    const bind = nonLoopbackBind(model, network);
    if (!bind || controlUiDisabled(model) || flagIsTrue(model, ['gateway', 'controlUi', 'dangerouslyAllowHostHeaderOriginFallback'])) return [];
    const origins = configuredOrigins(model).filter((o) => o.value.trim() !== '');
    if (origins.length === 0 || !origins.every((o) => { const host = hostOf(o.value); return host !== undefined && isLocalBrowserHost(host); })) return [];
    const list = leafAt(model.effective.assembled.root, ['gateway', 'controlUi', 'allowedOrigins']);
    if (!list) return [];
    return [{ ...keySpan(list.property), ...fileOf(list.source), messageId: 'localOnly', args: { bind } }];
  },
});
