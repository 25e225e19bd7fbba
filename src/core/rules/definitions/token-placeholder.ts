import { msg } from '../../messages';
import { generateForBoth, present } from '../../fixes/secretFixes';
import { defineRule, type RawFinding } from '../ruleTypes';
import { placeholderKind } from '../support/secretChecks';
import { kindOf, literalSlots, nodeSpan, GENERATE_BOTH_FIX } from '../support/secretSlots';

type MessageId = 'refusedActive' | 'refusedInactive' | 'template';

export const rule = defineRule({
  meta: {
    code: 'token-placeholder',
    defaultSeverity: 'error',
    docs: {
      summary: 'A token or password is blank, "undefined", "null", a change-me example, the redaction sentinel, or template text such as <token> or 你的token.',
      openclaw: 'For blank, undefined/null, change-me values and __OPENCLAW_REDACTED__ the gateway refuses to start ("gateway auth token is blank, a published example placeholder, or the literal string undefined/null"). Template text is accepted as the real secret, so anyone who read the same tutorial can guess it.',
      fix: 'Generate a strong token and write it to gateway.auth.token and gateway.remote.token together.',
    },
    messages: {
      refusedActive: '{path} is a placeholder ("{placeholder}"): the gateway refuses to start with a blank, "undefined"/"null", published example or redacted secret.',
      refusedInactive: '{path} is a placeholder ("{placeholder}"): OpenClaw refuses it as a gateway secret, and clients that send it are rejected.',
      template: '{path} looks like template text, not a real secret. OpenClaw accepts it as the secret, so anyone who read the same guide can guess it. Replace it with a generated token.',
    },
    fixes: {
      generateBoth: GENERATE_BOTH_FIX,
    },
  },
  check: ({ model }) => {
    if (!model) return [];
    const out: Array<RawFinding<MessageId>> = [];
    for (const slot of literalSlots(model)) {
      if (slot.spec.kind !== 'literal' || slot.spec.envParts.length > 0) continue;
      const kind = placeholderKind(slot.raw);
      if (!kind) continue;
      const span = nodeSpan(slot);
      const data = { slot: slot.path };
      if (kind === 'template') {
        out.push({ ...span, messageId: 'template', args: { path: slot.path }, data });
        continue;
      }
      // Refused values are a fixed public list (blank, "undefined", change-me...), never a real secret, so they may be quoted.
      const placeholder = slot.raw.trim() === '' ? msg('blank') : slot.raw.trim();
      const active =
        (slot.path === 'gateway.auth.token' && model.authMode.effective === 'token') ||
        (slot.path === 'gateway.auth.password' && model.authMode.effective === 'password');
      out.push({ ...span, messageId: active ? 'refusedActive' : 'refusedInactive', args: { path: slot.path, placeholder }, data });
    }
    return out;
  },
  fixes: (finding, ctx) => present(generateForBoth(ctx, kindOf(finding), { fixId: 'generateBoth', preferred: true })),
});
