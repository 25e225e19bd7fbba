import type { ConfigDocument, Range } from '../core/configDocument';
import { t } from '../core/i18n';
import type { Finding, Severity } from '../core/rules/ruleTypes';
import { severityLabel } from '../core/rules/severityLabel';

export interface JsonDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  range: Range;
}

export interface FileReport {
  path: string;
  diagnostics: JsonDiagnostic[];
  /** Set when the file could not be read at all. */
  error?: string;
}

export function toJsonDiagnostics(doc: ConfigDocument, findings: readonly Finding[]): JsonDiagnostic[] {
  return findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, range: doc.lines.rangeOf(f.offset, f.length) }));
}

const SEVERITY_WIDTH = 11;

/** eslint-style text: a block per file, `line:col  severity  message  code`, then a summary. */
export function formatText(reports: readonly FileReport[], color: boolean): string {
  const paint = (code: string, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const report of reports) {
    if (report.error) {
      lines.push(`${paint('4', report.path)}`, `  ${paint('31', severityLabel('error'))}  ${report.error}`, '');
      counts.error++;
      continue;
    }
    if (report.diagnostics.length === 0) continue;
    lines.push(paint('4', report.path));
    const positions = report.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}`);
    const width = Math.max(...positions.map((p) => p.length));
    report.diagnostics.forEach((d, i) => {
      counts[d.severity]++;
      const label = severityLabel(d.severity);
      const colored = d.severity === 'error' ? paint('31', label) : d.severity === 'warning' ? paint('33', label) : paint('36', label);
      const pad = ' '.repeat(Math.max(1, SEVERITY_WIDTH - [...label].length * (/[^\x00-\x7f]/.test(label) ? 2 : 1)));
      lines.push(`  ${paint('2', positions[i].padStart(width))}  ${colored}${pad}${d.message}  ${paint('2', d.code)}`);
    });
    lines.push('');
  }
  const total = counts.error + counts.warning + counts.information + counts.hint;
  if (total === 0) {
    lines.push(paint('32', t('✔ No problems found in {0} file(s)', reports.length)));
  } else {
    const summary = t('✖ {0} problem(s) ({1} error(s), {2} warning(s), {3} info)', total, counts.error, counts.warning, counts.information + counts.hint);
    lines.push(counts.error > 0 ? paint('31', summary) : paint('33', summary));
  }
  return lines.join('\n');
}
