import { t } from '../i18n';
import { RULES } from './ruleTable';
import { severityLabel } from './severityLabel';

/**
 * The README's rule reference, rendered from the rule table in the active language, so the
 * documentation can never drift from what the engine does. Anchors are the rule codes.
 */
/** Prose from the table as Markdown: `<token>` must not be read as an HTML tag. */
function md(text: string): string {
  return text.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function renderRuleReference(): string {
  const lines: string[] = [];
  lines.push(`| ${t('code')} | ${t('default')} | ${t('what it means')} |`, '|---|---|---|');
  for (const rule of RULES) lines.push(`| [\`${rule.code}\`](#${rule.code}) | ${severityLabel(rule.defaultSeverity)} | ${md(t(rule.docs.summary))} |`);
  lines.push('');
  for (const rule of RULES) {
    lines.push(`<a id="${rule.code}"></a>`, `### \`${rule.code}\``, '');
    lines.push(md(t(rule.docs.summary)), '');
    lines.push(`- **${t('What OpenClaw does:')}** ${md(t(rule.docs.openclaw))}`);
    lines.push(`- **${t('How to fix:')}** ${md(t(rule.docs.fix))}`);
    lines.push(`- **${t('Default severity:')}** ${severityLabel(rule.defaultSeverity)}`, '');
  }
  return lines.join('\n');
}
