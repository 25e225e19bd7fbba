import { leafAt } from '../../effective/configSources';
import { isRemoteMode } from '../../gatewayModel';
import { msg } from '../../messages';
import { tagged } from '../../fixes/sourceEdits';
import { removeProperty } from '../../fixes/textEdits';
import { defineRule, type RawFinding } from '../ruleTypes';
import { flagIsTrue } from '../support/controlUi';
import { spanIn } from '../support/sourceSpans';
import { proxyEntries, proxyEntryScope } from '../support/proxyRanges';

type MessageId = 'tooBroad' | 'tooBroadProxyAuth' | 'loopbackRefused' | 'allowLoopback' | 'allowLoopbackUnused';

const ALLOW_LOOPBACK = ['gateway', 'auth', 'trustedProxy', 'allowLoopback'];

export const rule = defineRule({
  meta: {
    code: 'trusted-proxy-scope',
    defaultSeverity: 'warning',
    docs: {
      summary: 'gateway.trustedProxies trusts far more than a proxy (0.0.0.0/0, ::/0, a prefix shorter than /8), or, in trusted-proxy mode, a proxy on this machine (loopback) without gateway.auth.trustedProxy.allowLoopback, or allowLoopback itself.',
      openclaw:
        'A peer inside gateway.trustedProxies may name the client address in X-Forwarded-For, and in trusted-proxy mode it names the user in the configured header: with a range that covers everyone, any host that reaches the port can claim to be any user. Loopback sources are refused unless allowLoopback is true ("unauthorized", authReason trusted_proxy_loopback_source); OpenClaw\'s docs warn about allowLoopback: "Any local process that can connect to the Gateway can impersonate a loopback reverse proxy by sending identity headers." The proxy must also pass WebSocket upgrades through (nginx: proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade"), which no setting in openclaw.json shows.',
      fix: 'List only your proxies\' addresses in gateway.trustedProxies (e.g. "10.0.0.5" or "10.0.0.0/29"). For a proxy on the same machine set gateway.auth.trustedProxy.allowLoopback to true only when nothing else on the machine can reach the gateway port; otherwise run the proxy elsewhere.',
    },
    messages: {
      tooBroad:
        'gateway.trustedProxies entry "{entry}" covers {scope}: every such peer counts as a proxy, so any client can choose, with X-Forwarded-For, the address the gateway logs and rate-limits it under. List only your proxies.',
      tooBroadProxyAuth:
        'gateway.trustedProxies entry "{entry}" covers {scope} and gateway.auth.mode is "trusted-proxy": any host that reaches the gateway port can send the user header and be signed in as any user. List only your proxies.',
      loopbackRefused:
        'gateway.trustedProxies entry "{entry}" is a proxy on this machine, but gateway.auth.trustedProxy.allowLoopback is not true: every request from it is refused ("unauthorized", authReason trusted_proxy_loopback_source). Set allowLoopback to true if the same-host proxy is deliberate (see its warning), or run the proxy on another address.',
      allowLoopback:
        'gateway.auth.trustedProxy.allowLoopback is true: any process on this machine that can connect to the gateway can send the user header and be signed in as any user ("Any local process that can connect to the Gateway can impersonate a loopback reverse proxy by sending identity headers"). Keep it only when the proxy is the sole local listener and the gateway port is firewalled.',
      allowLoopbackUnused: 'gateway.auth.trustedProxy.allowLoopback is true, but no gateway.trustedProxies entry covers loopback, so it has no effect: a proxy on this machine is still refused (trusted_proxy_untrusted_source).',
    },
    fixes: {
      removeAllowLoopback: { summary: 'Remove allowLoopback: requests from a proxy on this machine are refused again, and local processes can no longer pose as users.', safe: false },
    },
  },
  check: ({ model }) => {
    if (!model || isRemoteMode(model)) return [];
    const proxyAuth = model.authMode.explicit === 'trusted-proxy';
    const allowLoopback = flagIsTrue(model, ALLOW_LOOPBACK);
    const out: Array<RawFinding<MessageId>> = [];
    let coversLoopback = false;
    for (const entry of proxyEntries(model)) {
      const scope = proxyEntryScope(entry.value);
      const where = spanIn(entry.node, entry.source);
      if (scope.broad) {
        out.push({ ...where, severity: proxyAuth ? 'error' : 'warning', messageId: proxyAuth ? 'tooBroadProxyAuth' : 'tooBroad', args: { entry: entry.value, scope: scope.broad } });
        coversLoopback ||= scope.loopback;
        continue;
      }
      if (!scope.loopback) continue;
      coversLoopback = true;
      if (proxyAuth && !allowLoopback) out.push({ ...where, messageId: 'loopbackRefused', args: { entry: entry.value } });
    }
    if (proxyAuth && allowLoopback) out.push({ ...spanIn(allowLoopback.node, allowLoopback.source), messageId: coversLoopback ? 'allowLoopback' : 'allowLoopbackUnused', ...(coversLoopback ? {} : { severity: 'information' as const }) });
    return out;
  },
  fixes: (finding, ctx) => {
    if (finding.messageId !== 'allowLoopback' && finding.messageId !== 'allowLoopbackUnused') return [];
    const at = leafAt(ctx.model.effective.assembled.root, ALLOW_LOOPBACK);
    if (!at?.property) return [];
    const edits = tagged(removeProperty(at.source.doc, at.property), at.source.kind === 'include' ? at.source.path : undefined);
    return [{ fixId: 'removeAllowLoopback', title: msg('Remove allowLoopback (a proxy on this machine is then refused)'), safe: false, edits }];
  },
});
