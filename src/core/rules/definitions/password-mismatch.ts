import { defineRule } from '../ruleTypes';
import { checkMismatch, MISMATCH_FIXES, MISMATCH_MESSAGES, mismatchFixes } from '../support/mismatch';

export const rule = defineRule({
  meta: {
    code: 'password-mismatch',
    defaultSeverity: 'error',
    docs: {
      summary: 'gateway.remote.password differs from the password the gateway uses: gateway.auth.password, or OPENCLAW_GATEWAY_PASSWORD (environment, .env file or env.vars) when gateway.auth.password is not set.',
      openclaw:
        'The gateway accepts only gateway.auth.password (without it, OPENCLAW_GATEWAY_PASSWORD from its environment, its .env files or env.vars); clients that send gateway.remote.password get "unauthorized: gateway password mismatch".',
      fix: 'Make both passwords the same.',
    },
    messages: MISMATCH_MESSAGES,
    fixes: MISMATCH_FIXES,
  },
  check: (ctx) => checkMismatch('password', ctx),
  fixes: (_finding, ctx) => mismatchFixes(ctx, 'password'),
});
