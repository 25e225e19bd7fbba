import { generateForBoth, present } from '../../fixes/secretFixes';
import { defineRule, type RawFinding } from '../ruleTypes';
import { placeholderKind, weakness } from '../support/secretChecks';
import { kindOf, literalSlots, nodeSpan, GENERATE_BOTH_FIX } from '../support/secretSlots';

type MessageId = 'short' | 'digitsOnly' | 'repeated';

export const rule = defineRule({
  meta: {
    code: 'token-weak',
    defaultSeverity: 'warning',
    docs: {
      summary: 'A token or password is shorter than 24 characters, digits only, or one short pattern repeated.',
      openclaw: 'The gateway accepts it, but `openclaw security audit` flags secrets under 24 characters (gateway.token_too_short), and a guessable secret lets anyone who can reach the gateway in.',
      fix: 'Generate a strong token (48 hex characters, as OpenClaw does) and write it everywhere it belongs.',
    },
    messages: {
      short: "{path} is only {length} characters long; OpenClaw's security audit wants at least 24. Generate a 48-character token instead.",
      digitsOnly: '{path} is digits only ({length} characters) and easy to guess. Generate a 48-character token instead.',
      repeated: '{path} is one short pattern repeated and easy to guess. Generate a 48-character token instead.',
    },
    fixes: {
      generateBoth: GENERATE_BOTH_FIX,
    },
  },
  check: ({ model }) => {
    if (!model) return [];
    const out: Array<RawFinding<MessageId>> = [];
    for (const slot of literalSlots(model)) {
      if (slot.spec.kind !== 'literal' || slot.spec.envParts.length > 0 || placeholderKind(slot.raw)) continue;
      const reason = weakness(slot.raw);
      if (!reason) continue;
      const length = [...slot.raw.trim()].length;
      const span = nodeSpan(slot);
      const data = { slot: slot.path };
      if (reason === 'short') out.push({ ...span, messageId: 'short', args: { path: slot.path, length }, data });
      else if (reason === 'digits') out.push({ ...span, messageId: 'digitsOnly', args: { path: slot.path, length }, data });
      else out.push({ ...span, messageId: 'repeated', args: { path: slot.path }, data });
    }
    return out;
  },
  fixes: (finding, ctx) => present(generateForBoth(ctx, kindOf(finding), { fixId: 'generateBoth', preferred: true })),
});
