import { defineRule } from '../ruleTypes';
import { checkMismatch, MISMATCH_FIXES, MISMATCH_MESSAGES, mismatchFixes } from '../support/mismatch';

export const rule = defineRule({
  meta: {
    code: 'token-mismatch',
    defaultSeverity: 'error',
    docs: {
      summary: 'gateway.remote.token differs from the token the gateway uses: gateway.auth.token, or OPENCLAW_GATEWAY_TOKEN (environment, .env file or env.vars) when gateway.auth.token is not set.',
      openclaw:
        'The gateway accepts only gateway.auth.token (without it, OPENCLAW_GATEWAY_TOKEN from its environment, its .env files or env.vars). The local CLI sends that token and passes; remote-mode clients (and the companion apps) send gateway.remote.token and get "unauthorized: gateway token mismatch".',
      fix: 'Copy gateway.auth.token into gateway.remote.token (or the reverse), or rotate both to one new token.',
    },
    messages: MISMATCH_MESSAGES,
    fixes: MISMATCH_FIXES,
  },
  check: (ctx) => checkMismatch('token', ctx),
  fixes: (_finding, ctx) => mismatchFixes(ctx, 'token'),
});
