import { defineRule } from '../ruleTypes';
import { checkMismatch, MISMATCH_FIXES, MISMATCH_MESSAGES, mismatchFixes } from '../support/mismatch';

export const rule = defineRule({
  meta: {
    code: 'password-mismatch',
    defaultSeverity: 'error',
    docs: {
      summary: 'gateway.auth.password and gateway.remote.password are both set and differ.',
      openclaw: 'The gateway accepts only gateway.auth.password; clients that send gateway.remote.password get "unauthorized: gateway password mismatch".',
      fix: 'Make both passwords the same.',
    },
    messages: MISMATCH_MESSAGES,
    fixes: MISMATCH_FIXES,
  },
  check: (ctx) => checkMismatch('password', ctx),
  fixes: (_finding, ctx) => mismatchFixes(ctx, 'password'),
});
