import type { Placed } from '../../effective/configSources';
import { isRemoteMode } from '../../gatewayModel';
import { msg } from '../../messages';
import { tagged } from '../../fixes/sourceEdits';
import { removeProperty } from '../../fixes/textEdits';
import { defineRule, type RawFinding } from '../ruleTypes';
import { flagIsTrue, nonLoopbackBind } from '../support/controlUi';
import { spanIn } from '../support/sourceSpans';

const HOST_HEADER = ['gateway', 'controlUi', 'dangerouslyAllowHostHeaderOriginFallback'];
const DEVICE_AUTH = ['gateway', 'controlUi', 'dangerouslyDisableDeviceAuth'];

type MessageId = 'hostHeaderFallback' | 'disableDeviceAuth';

export const rule = defineRule({
  meta: {
    code: 'control-ui-dangerous-flag',
    defaultSeverity: 'warning',
    docs: {
      summary: 'gateway.controlUi.dangerouslyAllowHostHeaderOriginFallback or gateway.controlUi.dangerouslyDisableDeviceAuth is true.',
      openclaw:
        'dangerouslyAllowHostHeaderOriginFallback accepts any page whose Origin equals the Host header it sent; `openclaw security audit` calls it "DANGEROUS: Host-header origin fallback enabled" because it "weakens DNS rebinding protections" (a site whose name is made to resolve to the gateway passes the origin check). It also silences the start-up check for allowedOrigins. dangerouslyDisableDeviceAuth: 2026.4.8 honours it ("disables device identity checks for the Control UI", so a browser with the shared secret connects without pairing); 2026.9.6 ignores it: "gateway.controlUi.dangerouslyDisableDeviceAuth is retired and ignored. Control UI browsers pair through the normal device flow; run "openclaw doctor --fix" to remove the legacy key."',
      fix: 'Remove the flag. For the Host-header fallback, list the origins in gateway.controlUi.allowedOrigins instead; for device auth, approve each browser once with `openclaw devices approve`.',
    },
    messages: {
      hostHeaderFallback:
        'gateway.controlUi.dangerouslyAllowHostHeaderOriginFallback is true{exposed}: any page whose Origin equals the Host it asked for passes the origin check, which gives up DNS-rebinding protection (a site whose name is made to resolve to the gateway passes). List the origins in gateway.controlUi.allowedOrigins instead.',
      disableDeviceAuth:
        'gateway.controlUi.dangerouslyDisableDeviceAuth is true. 2026.4.8 honours it: browsers with the shared secret use the Control UI without device identity or pairing, so a leaked token is enough. 2026.9.6 ignores it ("gateway.controlUi.dangerouslyDisableDeviceAuth is retired and ignored. Control UI browsers pair through the normal device flow"). Remove it and approve browsers with `openclaw devices approve`.',
    },
    fixes: {
      removeHostHeaderFallback: { summary: 'Remove dangerouslyAllowHostHeaderOriginFallback: only origins in allowedOrigins (and same-host private, .local, .ts.net pages) pass.', safe: false },
      removeDisableDeviceAuth: { summary: 'Remove dangerouslyDisableDeviceAuth: Control UI browsers then pair as devices (2026.9.6 already ignores it).', safe: false },
    },
  },
  check: ({ model, network }) => {
    if (!model || isRemoteMode(model)) return [];
    const out: Array<RawFinding<MessageId>> = [];
    const fallback = flagIsTrue(model, HOST_HEADER);
    if (fallback) {
      const bind = nonLoopbackBind(model, network);
      out.push({ ...spanIn(fallback.node, fallback.source), messageId: 'hostHeaderFallback', args: { exposed: bind ? msg(' and the gateway listens beyond loopback (bind "{0}")', bind) : '' } });
    }
    const deviceAuth = flagIsTrue(model, DEVICE_AUTH);
    if (deviceAuth) out.push({ ...spanIn(deviceAuth.node, deviceAuth.source), messageId: 'disableDeviceAuth' });
    return out;
  },
  fixes: (finding, ctx) => {
    const remove = (at: Placed | undefined): ReturnType<typeof tagged> | undefined =>
      at?.property ? tagged(removeProperty(at.source.doc, at.property), at.source.kind === 'include' ? at.source.path : undefined) : undefined;
    if (finding.messageId === 'hostHeaderFallback') {
      const edits = remove(flagIsTrue(ctx.model, HOST_HEADER));
      return edits ? [{ fixId: 'removeHostHeaderFallback', title: msg('Remove dangerouslyAllowHostHeaderOriginFallback (browsers must then come from an allowed origin)'), safe: false, edits }] : [];
    }
    const edits = remove(flagIsTrue(ctx.model, DEVICE_AUTH));
    return edits ? [{ fixId: 'removeDisableDeviceAuth', title: msg('Remove dangerouslyDisableDeviceAuth (Control UI browsers must then be approved as devices)'), safe: false, edits }] : [];
  },
});
