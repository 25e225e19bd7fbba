import { isConfigured, isRemoteMode } from '../../gatewayModel';
import { msg } from '../../messages';
import { present, replaceWith } from '../../fixes/secretFixes';
import { stringLiteral } from '../../fixes/textEdits';
import { defineRule } from '../ruleTypes';
import { originRelated, originText } from '../support/envOrigins';
import { nodeSpan } from '../support/secretSlots';

export const rule = defineRule({
  meta: {
    code: 'auth-mode-inferred',
    defaultSeverity: 'warning',
    docs: {
      summary: 'gateway.auth.mode is not set, gateway.auth.token is, and OPENCLAW_GATEWAY_PASSWORD is set for the gateway (its environment, a .env file or env.vars).',
      openclaw:
        'With gateway.auth.mode unset, OpenClaw chooses password mode as soon as it finds a password, and the variable counts. The gateway starts in password mode and ignores gateway.auth.token: clients that send the token get AUTH_PASSWORD_MISMATCH ("unauthorized: gateway password mismatch").',
      fix: 'Set gateway.auth.mode to "token" (or remove OPENCLAW_GATEWAY_PASSWORD from the gateway\'s environment), or to "password" if the password is what you meant.',
    },
    messages: {
      passwordFromEnvironment:
        'gateway.auth.mode is not set and OPENCLAW_GATEWAY_PASSWORD is set for the gateway ({origin}): the gateway runs in password mode and ignores gateway.auth.token, so clients that send the token get AUTH_PASSWORD_MISMATCH ("unauthorized: gateway password mismatch").',
    },
    fixes: {
      setModeToken: { summary: 'Set gateway.auth.mode to "token" (the gateway then ignores OPENCLAW_GATEWAY_PASSWORD).', safe: false },
    },
  },
  check: ({ model }) => {
    if (!model || isRemoteMode(model) || model.authMode.explicit !== undefined || model.authMode.inferredFrom !== 'OPENCLAW_GATEWAY_PASSWORD') return [];
    const token = model.slots['gateway.auth.token'];
    if (!isConfigured(token) || !token.node) return [];
    const origin = model.env.OPENCLAW_GATEWAY_PASSWORD.origin;
    return [
      {
        ...nodeSpan(token),
        messageId: 'passwordFromEnvironment',
        args: { origin: origin ? originText(origin) : msg('the gateway\'s environment') },
        related: originRelated(origin, msg('{0} is set here', 'OPENCLAW_GATEWAY_PASSWORD')),
        data: { slot: 'gateway.auth.token' },
      },
    ];
  },
  // Which secret the gateway should accept is the user's decision: not applied by fix-all.
  fixes: (_finding, ctx) =>
    present(replaceWith(ctx, ['gateway', 'auth', 'mode'], (doc) => stringLiteral(doc, 'token'), { fixId: 'setModeToken', title: msg('Set gateway.auth.mode to "{0}"', 'token'), safe: false, preferred: true })),
});
