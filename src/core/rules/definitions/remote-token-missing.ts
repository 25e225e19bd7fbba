import { isConfigured, isRemoteMode } from '../../gatewayModel';
import { copySecret, present } from '../../fixes/secretFixes';
import { defineRule } from '../ruleTypes';
import { placeholderKind } from '../support/secretChecks';
import { nodeSpan, remoteIsThisGateway } from '../support/secretSlots';

export const rule = defineRule({
  meta: {
    code: 'remote-token-missing',
    defaultSeverity: 'information',
    docs: {
      summary: 'Token auth with gateway.auth.token set but no gateway.remote.token, in local mode (and gateway.remote.url, if set, is this machine).',
      openclaw: 'The local CLI does not need gateway.remote.token: it sends gateway.auth.token. Remote-mode clients of this gateway, and the widely copied advice "set gateway.remote.token to match gateway.auth.token", expect the same token in gateway.remote.token.',
      fix: 'Add gateway.remote.token with the same value as gateway.auth.token.',
    },
    messages: {
      remoteTokenUnset:
        'gateway.remote.token is not set. The local CLI does not need it (it sends gateway.auth.token), but remote-mode clients of this gateway and the common advice "set gateway.remote.token to match gateway.auth.token" expect the same token there.',
    },
    fixes: {
      copyAuthToRemote: { summary: 'Add gateway.remote.token with the value of gateway.auth.token.', safe: true },
    },
  },
  check: ({ model }) => {
    if (!model || isRemoteMode(model) || model.authMode.effective !== 'token' || model.hasInclude) return [];
    const auth = model.slots['gateway.auth.token'];
    const remote = model.slots['gateway.remote.token'];
    if (!isConfigured(auth) || isConfigured(remote) || !auth.node) return [];
    // gateway.remote describes another gateway: its token is not this one's to fill in.
    if (!remoteIsThisGateway(model)) return [];
    if (auth.resolved.state === 'value' && placeholderKind(auth.resolved.value)) return [];
    return [{ ...nodeSpan(auth), messageId: 'remoteTokenUnset', data: { slot: 'gateway.auth.token', otherSlot: 'gateway.remote.token' } }];
  },
  fixes: (_finding, ctx) => present(copySecret(ctx, 'gateway.auth.token', 'gateway.remote.token', { fixId: 'copyAuthToRemote', safe: true, preferred: true })),
});
