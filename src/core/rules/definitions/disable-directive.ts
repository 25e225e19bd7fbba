import { defineRule } from '../ruleTypes';
import { parseDirectives } from '../../suppressions';

export const rule = defineRule({
  meta: {
    code: 'disable-directive',
    defaultSeverity: 'information',
    docs: {
      summary: 'An openclaw-guard-disable comment names a rule that does not exist, or silences nothing.',
      openclaw: 'OpenClaw ignores comments. A stale suppression would hide the next real problem at that place, so OpenClaw Guard reports it.',
      fix: 'Remove the directive, or correct the rule code it names (see `openclaw-guard rules`).',
    },
    messages: {
      unknownCode: 'This directive names {code}, which is not an OpenClaw Guard rule; it silences nothing.',
      unused: 'Unused suppression: no {codes} finding is reported where this directive applies. Remove it.',
      unusedAll: 'Unused suppression: no finding is reported where this directive applies. Remove it.',
    },
    runsWithoutTree: true,
  },
  // Unused directives need every other rule's findings: the engine reports those (suppressions.ts).
  check: ({ doc, rules }) =>
    parseDirectives(doc).flatMap((directive) =>
      directive.codes
        .filter((code) => !rules.some((r) => r.meta.code === code))
        .map((code) => ({ offset: directive.offset, length: directive.length, messageId: 'unknownCode', args: { code: JSON.stringify(code.slice(0, 40)) } })),
    ),
});
