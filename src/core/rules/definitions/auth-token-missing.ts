import { isConfigured, isRemoteMode } from '../../gatewayModel';
import { copySecret, generateForBoth, present } from '../../fixes/secretFixes';
import { defineRule } from '../ruleTypes';
import { nodeSpan } from '../support/secretSlots';

export const rule = defineRule({
  meta: {
    code: 'auth-token-missing',
    defaultSeverity: 'error',
    docs: {
      summary: "Token auth, gateway.remote.token set, but no gateway.auth.token and no OPENCLAW_GATEWAY_TOKEN in the gateway's environment, its .env files or env.vars.",
      openclaw: 'The gateway starts without a token and rejects every client with AUTH_TOKEN_NOT_CONFIGURED ("gateway token not configured on gateway"); gateway.remote.token only says what clients send.',
      fix: 'Copy gateway.remote.token into gateway.auth.token, or generate a new token for both.',
    },
    messages: {
      authTokenUnset:
        'gateway.auth.token is not set, so the gateway runs without a token and rejects every client with AUTH_TOKEN_NOT_CONFIGURED ("gateway token not configured on gateway"). gateway.remote.token only says what clients send; it does not configure the gateway.',
    },
    fixes: {
      copyRemoteToAuth: { summary: 'Copy gateway.remote.token into gateway.auth.token (the running gateway must restart).', safe: false },
      generateBoth: { summary: 'Generate one new strong token for gateway.auth.token and gateway.remote.token.', safe: false },
    },
  },
  check: ({ model }) => {
    if (!model || isRemoteMode(model) || model.authMode.effective !== 'token' || model.hasInclude) return [];
    const auth = model.slots['gateway.auth.token'];
    const remote = model.slots['gateway.remote.token'];
    if (isConfigured(auth) || !isConfigured(remote) || model.env.OPENCLAW_GATEWAY_TOKEN.value !== undefined || !remote.node) return [];
    return [{ ...nodeSpan(remote), messageId: 'authTokenUnset', data: { slot: 'gateway.remote.token', otherSlot: 'gateway.auth.token' } }];
  },
  fixes: (_finding, ctx) =>
    present(
      copySecret(ctx, 'gateway.remote.token', 'gateway.auth.token', { fixId: 'copyRemoteToAuth', safe: false, preferred: true }),
      generateForBoth(ctx, 'token', { fixId: 'generateBoth' }),
    ),
});
