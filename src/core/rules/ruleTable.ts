import { RULE_DEFINITIONS } from './ruleIndex.generated';
import type { RuleDefinition } from './ruleTypes';

/**
 * The one table of rules: diagnostics, the CLI, the README's rule reference, the manifest's
 * severity settings and the fixes all read it. It is generated from the files in
 * `definitions/` (`npm run generate`), so adding a rule is writing one file there.
 */
export const RULES: readonly RuleDefinition[] = RULE_DEFINITIONS;

/** The code of a rule of the built-in table. */
export type RuleCode = (typeof RULE_DEFINITIONS)[number]['meta']['code'];

export const RULE_CODES: readonly RuleCode[] = RULE_DEFINITIONS.map((rule) => rule.meta.code);

export function isRuleCode(code: string, rules: readonly RuleDefinition[] = RULES): boolean {
  return rules.some((rule) => rule.meta.code === code);
}

export function ruleFor(code: string, rules: readonly RuleDefinition[] = RULES): RuleDefinition | undefined {
  return rules.find((rule) => rule.meta.code === code);
}

/** Where each rule is documented; diagnostics link here. */
export const DOCS_BASE_URL = 'https://github.com/openclaw-guard/openclaw-guard#';

export function docsUrl(code: string): string {
  return DOCS_BASE_URL + code;
}
