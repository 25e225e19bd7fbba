import type { Analysis } from '../core/analyze';
import type { Range } from '../core/configDocument';
import { msg, type Translator } from '../core/messages';
import type { Diagnosis } from '../core/probe/diagnose';
import type { ProbeResult } from '../core/probe/probeGateway';
import { severityLabel } from '../core/rules/ruleCatalog';
import { neutralizeControls as safe, neutralizeLines } from '../core/safeText';
import type { Severity } from '../core/rules/ruleTypes';
import type { ResolvedOpenclawVersion } from '../core/version/openclawVersion';
import { describeOpenclawVersion, versionMismatchText } from '../core/version/versionText';

/**
 * What the CLI prints: one report per file, then the probe and diagnosis; text or JSON. A config's
 * findings may lie in the files it pulls in (an included file, a `.env` file): each such file gets
 * a report of its own, after the config's, with positions in its own text.
 */

export interface JsonRelated {
  /** The file the place is in (the config's path as given, or another file's absolute path). */
  path: string;
  range: Range;
  message: string;
}

export interface JsonDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  /** Other places involved; absent when there are none. */
  related?: JsonRelated[];
}

export interface FileReport {
  path: string;
  diagnostics: JsonDiagnostic[];
  /** Set when the file could not be read at all. */
  error?: string;
}

const NOWHERE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * The reports of one analysed config: the config itself (always, named as given), then every other
 * file holding a finding, in the order the analysis read them (includes, then `.env` files).
 */
export function reportsOf(path: string, analysis: Analysis, tr: Translator): FileReport[] {
  const configPath = analysis.effective.configPath;
  const isConfig = (file: string | undefined): boolean => file === undefined || file === configPath;
  const shown = (file: string | undefined): string => (file === undefined || file === configPath ? path : file);
  const rangeIn = (file: string | undefined, offset: number, length: number): Range => {
    if (isConfig(file)) return analysis.doc.lines.rangeOf(offset, length);
    // A file the analysis holds no text of (a secret file): the place is the file itself.
    return analysis.files.get(file ?? '')?.lines.rangeOf(offset, length) ?? NOWHERE;
  };
  const byFile = new Map<string, JsonDiagnostic[]>([[path, []]]);
  for (const file of analysis.files.keys()) byFile.set(file, []);
  for (const f of analysis.findings) {
    const diagnostic: JsonDiagnostic = { code: f.code, severity: f.severity, message: tr(f.message), range: rangeIn(f.file, f.offset, f.length) };
    if (f.related.length > 0) diagnostic.related = f.related.map((r) => ({ path: shown(r.file), range: rangeIn(r.file, r.offset, r.length), message: tr(r.message) }));
    const key = shown(f.file);
    const list = byFile.get(key) ?? [];
    list.push(diagnostic);
    byFile.set(key, list);
  }
  return [...byFile].filter(([file, diagnostics]) => file === path || diagnostics.length > 0).map(([file, diagnostics]) => ({ path: file, diagnostics }));
}

const SEVERITY_WIDTH = 11;

/**
 * eslint-style text: a block per file, `line:col  severity  message  code`, then a summary. Paths,
 * messages and codes can carry text from the file or its name: control characters are escaped.
 */
export function formatText(reports: readonly FileReport[], options: { color: boolean; tr: Translator }): string {
  const { color, tr } = options;
  const paint = (code: string, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const report of reports) {
    if (report.error) {
      lines.push(`${paint('4', safe(report.path))}`, `  ${paint('31', severityLabel('error', tr))}  ${safe(report.error)}`, '');
      counts.error++;
      continue;
    }
    if (report.diagnostics.length === 0) continue;
    lines.push(paint('4', safe(report.path)));
    let width = 0;
    for (const d of report.diagnostics) width = Math.max(width, `${d.range.start.line + 1}:${d.range.start.character + 1}`.length);
    for (const d of report.diagnostics) {
      counts[d.severity]++;
      const position = `${d.range.start.line + 1}:${d.range.start.character + 1}`;
      const label = severityLabel(d.severity, tr);
      const colored = d.severity === 'error' ? paint('31', label) : d.severity === 'warning' ? paint('33', label) : paint('36', label);
      const pad = ' '.repeat(Math.max(1, SEVERITY_WIDTH - [...label].length * ([...label].some((c) => c.charCodeAt(0) > 0x7f) ? 2 : 1)));
      lines.push(`  ${paint('2', position.padStart(width))}  ${colored}${pad}${safe(d.message)}  ${paint('2', safe(d.code))}`);
      for (const r of d.related ?? []) {
        // A place in another file is named with that file's path; one in this file by line:col only.
        const where = `${r.path === report.path ? '' : r.path + ':'}${r.range.start.line + 1}:${r.range.start.character + 1}`;
        lines.push(`  ${' '.repeat(width)}  ${paint('2', '↳ ' + safe(where))}  ${safe(r.message)}`);
      }
    }
    lines.push('');
  }
  const total = counts.error + counts.warning + counts.information + counts.hint;
  if (total === 0) {
    lines.push(paint('32', tr(msg('✔ No problems found in {0} file(s)', reports.length))));
  } else {
    const summary = tr(msg('✖ {0} problem(s) ({1} error(s), {2} warning(s), {3} info)', total, counts.error, counts.warning, counts.information + counts.hint));
    lines.push(counts.error > 0 ? paint('31', summary) : paint('33', summary));
  }
  return lines.join('\n');
}

export function formatProbeText(probe: ProbeResult, diagnosis: Diagnosis | undefined, tr: Translator): string {
  return neutralizeLines(probeLines(probe, diagnosis, tr).join('\n'));
}

function probeLines(probe: ProbeResult, diagnosis: Diagnosis | undefined, tr: Translator): string[] {
  const lines = [
    `${tr('Gateway')} ${probe.target}: ${probe.state}${probe.code ? ` (${probe.code})` : ''}${probe.gatewayVersion ? `, OpenClaw ${probe.gatewayVersion}` : ''}, ${probe.latencyMs} ms` +
      (probe.credentialSource ? `, ${probe.credentialSource} ${probe.credentialFingerprint ?? ''}` : ''),
    `  ${tr(probe.message)}`,
  ];
  if (probe.state !== 'authorized') lines.push(`  ${tr(probe.advice)}`);
  // Shapes checked against OpenClaw's and against every known secret (gatewayText.ts) before they got here.
  if (probe.pairing?.deviceId) lines.push(`  ${tr('Device')}: ${probe.pairing.deviceId}`);
  if (probe.pairing?.requestId) lines.push(`  ${tr('Pairing request')}: ${probe.pairing.requestId}`);
  if (probe.authReason) lines.push(`  ${tr('Auth reason')}: ${probe.authReason}`);
  if (diagnosis) lines.push(`${tr('Diagnosis')}: ${diagnosis.verdict}${diagnosis.accepted ? ` (${tr('accepted')}: ${diagnosis.accepted})` : ''}`, `  ${tr(diagnosis.advice)}`);
  return lines.map(safe);
}

export function probeJson(probe: ProbeResult, tr: Translator): Record<string, unknown> {
  return {
    state: probe.state,
    code: probe.code,
    target: probe.target,
    credentialSource: probe.credentialSource,
    credentialFingerprint: probe.credentialFingerprint,
    latencyMs: probe.latencyMs,
    gatewayVersion: probe.gatewayVersion,
    gatewayBuildId: probe.server?.buildId ?? null,
    protocol: probe.protocol,
    // Present only when the gateway sent them, in the shapes gatewayText.ts lets through.
    ...(probe.server ? { server: probe.server } : {}),
    ...(probe.pairing ? { pairing: probe.pairing } : {}),
    ...(probe.authReason ? { authReason: probe.authReason } : {}),
    message: tr(probe.message),
    advice: tr(probe.advice),
  };
}

export function diagnosisJson(diagnosis: Diagnosis, tr: Translator): Record<string, unknown> {
  return { ...diagnosis, advice: tr(diagnosis.advice) };
}

/** Which OpenClaw release the findings describe and where that came from, plus a gateway/CLI mismatch. */
export function formatVersionText(resolved: ResolvedOpenclawVersion, tr: Translator): string {
  const mismatch = versionMismatchText(resolved);
  return neutralizeLines([tr(describeOpenclawVersion(resolved)), ...(mismatch ? [tr(mismatch)] : [])].join('\n')) + '\n';
}
