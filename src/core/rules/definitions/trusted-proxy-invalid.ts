import { leafAt, mergedAt } from '../../effective/configSources';
import { isRemoteMode, type GatewayModel } from '../../gatewayModel';
import { stringValue } from '../../jsonTree';
import { msg } from '../../messages';
import { defineRule, type RawFinding, type Span } from '../ruleTypes';
import { originRelated } from '../support/envOrigins';
import { nodeSpan } from '../support/secretSlots';
import { spanIn } from '../support/sourceSpans';

type MessageId = 'noTrustedProxies' | 'noTrustedProxyConfig' | 'emptyUserHeader' | 'tokenConfigured' | 'envTokenSet';

export const rule = defineRule({
  meta: {
    code: 'trusted-proxy-invalid',
    defaultSeverity: 'error',
    docs: {
      summary:
        'gateway.auth.mode is "trusted-proxy" but gateway.trustedProxies is missing or empty, gateway.auth.trustedProxy (with its userHeader) is missing, or a shared token is configured too (gateway.auth.token or OPENCLAW_GATEWAY_TOKEN).',
      openclaw:
        '`openclaw config validate` passes, but the gateway refuses to start. Without trustedProxies it exits 78: "gateway auth mode=trusted-proxy requires gateway.trustedProxies to be configured with at least one proxy IP". Without trustedProxy: "gateway auth mode is trusted-proxy, but no trustedProxy config was provided (set gateway.auth.trustedProxy)". With a token it exits 1: "gateway auth mode is trusted-proxy, but a shared token is also configured; remove gateway.auth.token / OPENCLAW_GATEWAY_TOKEN because trusted-proxy and token auth are mutually exclusive". A password is allowed (a local fallback).',
      fix: 'List the proxy addresses in gateway.trustedProxies, set gateway.auth.trustedProxy.userHeader to the header your proxy sets, and remove the token (or use token mode instead).',
    },
    messages: {
      noTrustedProxies:
        'gateway.auth.mode is "trusted-proxy" but gateway.trustedProxies lists no proxy: `openclaw config validate` passes, but the gateway exits 78: "gateway auth mode=trusted-proxy requires gateway.trustedProxies to be configured with at least one proxy IP".',
      noTrustedProxyConfig:
        'gateway.auth.mode is "trusted-proxy" but gateway.auth.trustedProxy is not set: the gateway refuses to start ("gateway auth mode is trusted-proxy, but no trustedProxy config was provided (set gateway.auth.trustedProxy)"). Set gateway.auth.trustedProxy.userHeader to the header your proxy puts the user in.',
      emptyUserHeader:
        'gateway.auth.trustedProxy.userHeader is missing or blank: the gateway refuses to start ("gateway auth mode is trusted-proxy, but trustedProxy.userHeader is empty (set gateway.auth.trustedProxy.userHeader)").',
      tokenConfigured:
        'gateway.auth.mode is "trusted-proxy" and gateway.auth.token is set: the gateway exits 1 ("gateway auth mode is trusted-proxy, but a shared token is also configured; remove gateway.auth.token / OPENCLAW_GATEWAY_TOKEN because trusted-proxy and token auth are mutually exclusive").',
      envTokenSet:
        'gateway.auth.mode is "trusted-proxy" and OPENCLAW_GATEWAY_TOKEN is set for the gateway: the gateway exits 1 ("gateway auth mode is trusted-proxy, but a shared token is also configured; remove gateway.auth.token / OPENCLAW_GATEWAY_TOKEN because trusted-proxy and token auth are mutually exclusive").',
    },
  },
  check: ({ model }) => {
    if (!model?.authMode.node || model.authMode.explicit !== 'trusted-proxy' || isRemoteMode(model)) return [];
    const root = model.effective.assembled.root;
    const mode: Span = spanIn(model.authMode.node, model.authMode.source);
    const out: Array<RawFinding<MessageId>> = [];
    // Settings that may live in an unread include are not called missing.
    if (!model.hasInclude) {
      const proxy = mergedAt(root, ['gateway', 'auth', 'trustedProxy']);
      if (!proxy) out.push({ ...mode, messageId: 'noTrustedProxyConfig' });
      else if (proxy.kind === 'object') {
        const header = leafAt(root, ['gateway', 'auth', 'trustedProxy', 'userHeader']);
        if (!stringValue(header?.node)?.trim()) {
          const at = header ?? proxy.parts[proxy.parts.length - 1];
          out.push({ ...spanIn(header ? at.node : (at.property?.children?.[0] ?? at.node), at.source), messageId: 'emptyUserHeader' });
        }
      }
      if (proxyCount(model) === 0) out.push({ ...mode, messageId: 'noTrustedProxies' });
    }
    const token = model.slots['gateway.auth.token'];
    // A SecretRef on an inactive surface is never resolved, so only a value the gateway holds conflicts.
    const tokenValue = (token.spec.kind === 'literal' || token.spec.kind === 'env-shorthand') && token.resolved.state === 'value' && token.resolved.value !== '';
    if (tokenValue && token.node) out.push({ ...nodeSpan(token), messageId: 'tokenConfigured', data: { slot: 'gateway.auth.token' } });
    else if (model.env.OPENCLAW_GATEWAY_TOKEN.value !== undefined) {
      out.push({ ...mode, messageId: 'envTokenSet', related: originRelated(model.env.OPENCLAW_GATEWAY_TOKEN.origin, msg('{0} is set here', 'OPENCLAW_GATEWAY_TOKEN')) });
    }
    return out;
  },
});

/** Entries of gateway.trustedProxies across every file (included arrays concatenate). */
function proxyCount(model: GatewayModel): number {
  const list = mergedAt(model.effective.assembled.root, ['gateway', 'trustedProxies']);
  if (list?.kind !== 'leaf') return 0;
  return (list.arrayParts ?? []).reduce((n, part) => n + (part.node.children?.length ?? 0), 0);
}
