import { isConfigured, isRemoteMode } from '../../gatewayModel';
import { msg } from '../../messages';
import { present, replaceWith } from '../../fixes/secretFixes';
import { stringLiteral } from '../../fixes/textEdits';
import { defineRule, type RawFinding } from '../ruleTypes';
import { spanIn } from '../support/sourceSpans';

type MessageId = 'passwordModeWithoutPassword' | 'tokenModeWithOnlyPassword';

export const rule = defineRule({
  meta: {
    code: 'auth-secret-missing',
    defaultSeverity: 'error',
    docs: {
      summary: 'gateway.auth.mode names a secret that is not configured: "password" with no gateway.auth.password and no OPENCLAW_GATEWAY_PASSWORD for the gateway, or "token" with only a password.',
      openclaw:
        'Password mode without a password: `openclaw config validate` passes, but the gateway exits 78: "Gateway auth is set to password, but no password is configured." Token mode with only a password: the gateway ignores the password and starts with a one-time generated token ("Gateway auth token was missing. Generated a runtime token for this startup without changing config; restart will generate a different token."), so clients that send the password get AUTH_TOKEN_MISMATCH.',
      fix: 'Set gateway.auth.mode to the kind of secret you configured, or configure the secret the mode names.',
    },
    messages: {
      passwordModeWithoutPassword:
        'gateway.auth.mode is "password", but there is no gateway.auth.password and no OPENCLAW_GATEWAY_PASSWORD for the gateway: `openclaw config validate` passes, but the gateway exits 78: "Gateway auth is set to password, but no password is configured. Set gateway.auth.password (or OPENCLAW_GATEWAY_PASSWORD), or pass --password."',
      tokenModeWithOnlyPassword:
        'gateway.auth.mode is "token", but only gateway.auth.password is configured: the gateway ignores the password and starts with a one-time generated token ("Gateway auth token was missing. Generated a runtime token for this startup without changing config; restart will generate a different token."), so clients that send the password get AUTH_TOKEN_MISMATCH.',
    },
    fixes: {
      setModePassword: { summary: 'Set gateway.auth.mode to "password" (the secret that is configured).', safe: false },
      setModeToken: { summary: 'Set gateway.auth.mode to "token" (the secret that is configured).', safe: false },
    },
  },
  check: ({ model }) => {
    if (!model?.authMode.node || isRemoteMode(model) || model.hasInclude) return [];
    const mode = model.authMode.explicit;
    const where = spanIn(model.authMode.node, model.authMode.source);
    const token = model.slots['gateway.auth.token'];
    const password = model.slots['gateway.auth.password'];
    const out: Array<RawFinding<MessageId>> = [];
    // gateway run counts a configured reference as a password (hasConfiguredSecretInput); only its absence exits 78.
    if (mode === 'password' && !isConfigured(password) && model.env.OPENCLAW_GATEWAY_PASSWORD.value === undefined) {
      const related = token.node ? [{ ...spanIn(token.node, token.source), message: msg('gateway.auth.token is set here, but password mode does not use it') }] : [];
      out.push({ ...where, messageId: 'passwordModeWithoutPassword', related });
    }
    // With gateway.remote.token but no auth token, auth-token-missing says what happens instead.
    const noToken = !isConfigured(token) && model.env.OPENCLAW_GATEWAY_TOKEN.value === undefined && !isConfigured(model.slots['gateway.remote.token']);
    if (mode === 'token' && noToken && isConfigured(password) && password.node) {
      out.push({ ...where, messageId: 'tokenModeWithOnlyPassword', related: [{ ...spanIn(password.node, password.source), message: msg('gateway.auth.password is set here') }] });
    }
    return out;
  },
  fixes: (finding, ctx) => {
    const target = finding.messageId === 'tokenModeWithOnlyPassword' ? 'password' : 'token';
    // Password mode without a password: switching to token mode only helps when a token exists.
    if (target === 'token' && !isConfigured(ctx.model.slots['gateway.auth.token'])) return [];
    return present(
      replaceWith(ctx, ['gateway', 'auth', 'mode'], (doc) => stringLiteral(doc, target), {
        fixId: target === 'password' ? 'setModePassword' : 'setModeToken',
        title: msg('Set gateway.auth.mode to "{0}"', target),
        safe: false,
        preferred: true,
      }),
    );
  },
});
