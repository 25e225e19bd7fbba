import { english, type Translator } from '../messages';
import { docsUrl } from './ruleTable';
import { SEVERITY_SETTINGS, type RuleDefinition, type Severity } from './ruleTypes';

/**
 * What the rule table says about itself, for `openclaw-guard rules`, the README's rule reference
 * and the manifest's severity settings. All of it is derived from the table: a rule added in one
 * file shows up everywhere.
 */

export interface RuleRow {
  code: string;
  defaultSeverity: Severity;
  summary: string;
  docs: string;
  fixes: Array<{ id: string; summary: string; safe: boolean }>;
}

export function describeRules(rules: readonly RuleDefinition[], tr: Translator = english): RuleRow[] {
  return rules.map(({ meta }) => ({
    code: meta.code,
    defaultSeverity: meta.defaultSeverity,
    summary: tr(meta.docs.summary),
    docs: docsUrl(meta.code),
    fixes: Object.entries(meta.fixes ?? {}).map(([id, fix]) => ({ id, summary: tr(fix.summary), safe: fix.safe })),
  }));
}

/** The JSON schema of the `openclawGuard.rules` setting: one severity property per rule. */
export function severitySettingsSchema(rules: readonly RuleDefinition[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const { meta } of rules) {
    properties[meta.code] = {
      type: 'string',
      enum: [...SEVERITY_SETTINGS],
      default: 'default',
      markdownDescription: `${meta.docs.summary} [Docs](${docsUrl(meta.code)})`,
    };
  }
  return properties;
}

/** Every English text the rule table shows a user (the catalogue needs a translation of each). */
export function ruleTexts(rules: readonly RuleDefinition[]): string[] {
  const out: string[] = [];
  for (const { meta } of rules) {
    out.push(meta.docs.summary, meta.docs.openclaw, meta.docs.fix, ...Object.values<string>(meta.messages));
    for (const fix of Object.values(meta.fixes ?? {})) out.push(fix.summary);
  }
  return out;
}

/** The short, localized word for a severity (CLI output and the rule reference). */
export function severityLabel(severity: Severity, tr: Translator = english): string {
  switch (severity) {
    case 'error':
      return tr('error');
    case 'warning':
      return tr('warning');
    case 'information':
      return tr('info');
    case 'hint':
      return tr('hint');
  }
}

/** Prose from the table as Markdown: `<token>` must not be read as an HTML tag. */
function md(text: string): string {
  return text.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The README's rule reference, rendered from the rule table in one language, so the
 * documentation can never drift from what the engine does. Anchors are the rule codes.
 */
export function renderRuleReference(rules: readonly RuleDefinition[], tr: Translator = english): string {
  const lines: string[] = [];
  lines.push(`| ${tr('code')} | ${tr('default')} | ${tr('what it means')} | ${tr('fixes')} |`, '|---|---|---|---|');
  for (const { meta } of rules) {
    const fixes = Object.values(meta.fixes ?? {});
    const fixCell = fixes.length === 0 ? '—' : fixes.some((f) => f.safe) ? tr('quick fix, safe fix') : tr('quick fix');
    lines.push(`| [\`${meta.code}\`](#${meta.code}) | ${severityLabel(meta.defaultSeverity, tr)} | ${md(tr(meta.docs.summary))} | ${fixCell} |`);
  }
  lines.push('');
  for (const { meta } of rules) {
    lines.push(`<a id="${meta.code}"></a>`, `### \`${meta.code}\``, '');
    lines.push(md(tr(meta.docs.summary)), '');
    lines.push(`- **${tr('What OpenClaw does:')}** ${md(tr(meta.docs.openclaw))}`);
    lines.push(`- **${tr('How to fix:')}** ${md(tr(meta.docs.fix))}`);
    const fixes = Object.values(meta.fixes ?? {});
    if (fixes.length > 0) {
      lines.push(`- **${tr('Quick fixes:')}** ${fixes.map((f) => md(tr(f.summary)) + (f.safe ? ` (${tr('safe: applied by fix-all and --fix')})` : '')).join(' ')}`);
    }
    lines.push(`- **${tr('Default severity:')}** ${severityLabel(meta.defaultSeverity, tr)}`, '');
  }
  return lines.join('\n');
}
