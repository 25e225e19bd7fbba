import { defineRule } from '../ruleTypes';
import { checkMismatch, MISMATCH_FIXES, MISMATCH_MESSAGES, mismatchFixes } from '../support/mismatch';

export const rule = defineRule({
  meta: {
    code: 'token-mismatch',
    defaultSeverity: 'error',
    docs: {
      summary: 'gateway.auth.token and gateway.remote.token are both set and differ.',
      openclaw: 'The gateway accepts only gateway.auth.token. The local CLI sends gateway.auth.token and passes; remote-mode clients (and the companion apps) send gateway.remote.token and get "unauthorized: gateway token mismatch".',
      fix: 'Copy gateway.auth.token into gateway.remote.token (or the reverse), or rotate both to one new token.',
    },
    messages: MISMATCH_MESSAGES,
    fixes: MISMATCH_FIXES,
  },
  check: (ctx) => checkMismatch('token', ctx),
  fixes: (_finding, ctx) => mismatchFixes(ctx, 'token'),
});
