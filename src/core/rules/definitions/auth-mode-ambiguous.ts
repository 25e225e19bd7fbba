import { isConfigured } from '../../gatewayModel';
import { findPropertyAtPath } from '../../jsonTree';
import { msg } from '../../messages';
import { present, replaceWith } from '../../fixes/secretFixes';
import { stringLiteral } from '../../fixes/textEdits';
import { defineRule } from '../ruleTypes';
import { keySpan } from '../support/keySpans';
import { spanIn } from '../support/sourceSpans';

export const rule = defineRule({
  meta: {
    code: 'auth-mode-ambiguous',
    defaultSeverity: 'error',
    docs: {
      summary: 'gateway.auth.token and gateway.auth.password are both set and gateway.auth.mode is not.',
      openclaw: 'The gateway refuses to start: "Invalid config: gateway.auth.token and gateway.auth.password are both configured, but gateway.auth.mode is unset."',
      fix: 'Set gateway.auth.mode to "token" or "password" (or remove the one you do not use).',
    },
    messages: {
      modeUnset:
        'gateway.auth.token and gateway.auth.password are both set but gateway.auth.mode is not: the gateway refuses to start ("gateway.auth.mode is unset"). Set gateway.auth.mode to "token" or "password".',
    },
    fixes: {
      setModeToken: { summary: 'Set gateway.auth.mode to "token".', safe: false },
      setModePassword: { summary: 'Set gateway.auth.mode to "password".', safe: false },
    },
  },
  check: ({ model }) => {
    if (!model || model.authMode.explicit !== undefined) return [];
    const token = model.slots['gateway.auth.token'];
    const password = model.slots['gateway.auth.password'];
    if (!isConfigured(token) || !isConfigured(password) || !password.node || !token.node) return [];
    const authProperty = findPropertyAtPath(model.gatewayNode, ['auth']);
    return [
      {
        ...keySpan(authProperty),
        messageId: 'modeUnset',
        related: [
          { ...spanIn(token.node, token.source), message: msg('gateway.auth.token is set here') },
          { ...spanIn(password.node, password.source), message: msg('gateway.auth.password is set here') },
        ],
      },
    ];
  },
  // Which secret the user meant is their decision, so neither fix is applied by fix-all.
  fixes: (_finding, ctx) =>
    present(
      replaceWith(ctx, ['gateway', 'auth', 'mode'], (doc) => stringLiteral(doc, 'token'), { fixId: 'setModeToken', title: msg('Set gateway.auth.mode to "{0}"', 'token'), safe: false, preferred: true }),
      replaceWith(ctx, ['gateway', 'auth', 'mode'], (doc) => stringLiteral(doc, 'password'), { fixId: 'setModePassword', title: msg('Set gateway.auth.mode to "{0}"', 'password'), safe: false }),
    ),
});
