import { defineRule } from '../ruleTypes';
import { parseDirectives } from '../../suppressions';
import { nearestKey } from '../support/keySuggestions';

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
      unknownCode: 'This directive names {code}, which is not an OpenClaw Guard rule; it silences nothing. Did you mean "{suggestion}"?',
      notACode: 'This directive holds a word that is not a rule code (see `openclaw-guard rules`; a description goes after " -- "). It silences nothing.',
      unused: 'Unused suppression: no {codes} finding is reported where this directive applies. Remove it.',
      unusedAll: 'Unused suppression: no finding is reported where this directive applies. Remove it.',
    },
    runsWithoutTree: true,
  },
  // Unused directives need every other rule's findings: the engine reports those (suppressions.ts).
  check: ({ doc, rules }) => {
    const codes = rules.map((r) => r.meta.code);
    return parseDirectives(doc).flatMap((directive) =>
      directive.codes
        .filter((code) => !rules.some((r) => r.meta.code === code))
        // Only a typo of a real code is quoted back: any other word in a comment may be a note with
        // a secret in it (a description written without the " -- " before it).
        .map((code) => {
          const suggestion = nearestKey(code, codes);
          return suggestion
            ? { offset: directive.offset, length: directive.length, messageId: 'unknownCode' as const, args: { code: JSON.stringify(code), suggestion } }
            : { offset: directive.offset, length: directive.length, messageId: 'notACode' as const };
        }),
    );
  },
});
