import { analyzeConfig, type Analysis, type AnalyzeOptions } from '../analyze';
import { ruleFor } from '../rules/ruleTable';
import type { Finding, RuleCode } from '../rules/ruleTypes';
import type { Environment } from '../secretValues';
import type { FixProposal } from './fixTypes';
import { generateGatewayToken } from './tokenGenerator';
import { applyTextEdits, type TextEdit } from './textEdits';

/** The fixes for one finding of an analysis; none for a file that does not parse. */
export function fixesFor(analysis: Analysis, finding: Finding, env: Environment, generateToken: () => string = generateGatewayToken): FixProposal[] {
  if (!analysis.model || !analysis.doc.root) return [];
  const rule = ruleFor(finding.code);
  if (!rule?.fixes) return [];
  return rule.fixes(finding, { doc: analysis.doc, model: analysis.model, env, generateToken });
}

/** The one safe fix fix-all applies for a finding, if any (never one that writes a new secret). */
export function safeFixFor(analysis: Analysis, finding: Finding, env: Environment): FixProposal | undefined {
  // Proposals that would generate a secret are built with an empty one and never applied.
  const fixes = fixesFor(analysis, finding, env, () => '').filter((f) => f.safe && !f.generatesSecret);
  return fixes.find((f) => f.isPreferred) ?? fixes[0];
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  return a.offset < b.offset + b.length && b.offset < a.offset + a.length ? true : a.offset === b.offset;
}

export interface FixAllResult {
  text: string;
  applied: Array<{ code: RuleCode; title: string }>;
}

/**
 * Applies every safe fix, re-analysing between rounds until nothing changes. Idempotent, never
 * writes a new secret, and never touches a file that does not parse.
 */
export function fixAll(text: string, options: AnalyzeOptions): FixAllResult {
  let current = text;
  const applied: FixAllResult['applied'] = [];
  for (let round = 0; round < 8; round++) {
    const analysis = analyzeConfig(current, options);
    if (!analysis.doc.root) break;
    const accepted: TextEdit[] = [];
    for (const finding of analysis.findings) {
      const fix = safeFixFor(analysis, finding, options.env);
      if (!fix || fix.edits.some((e) => accepted.some((a) => overlaps(a, e)))) continue;
      accepted.push(...fix.edits);
      applied.push({ code: finding.code, title: fix.title });
    }
    if (accepted.length === 0) break;
    current = applyTextEdits(current, accepted);
  }
  return { text: current, applied };
}
