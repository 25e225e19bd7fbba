import { analyzeConfig, type Analysis, type AnalyzeOptions } from '../analyze';
import type { Message } from '../messages';
import { ruleFor } from '../rules/ruleTable';
import type { Finding, RuleDefinition } from '../rules/ruleTypes';
import type { Environment } from '../secretValues';
import type { FixProposal } from './fixTypes';
import { generateGatewayToken } from './tokenGenerator';
import { applyTextEdits, type TextEdit } from './textEdits';

/** The fixes for one finding of an analysis; none for a file that does not parse. */
export interface FixesForOptions {
  /** A new strong secret; injectable so tests are deterministic. */
  generateToken?: () => string;
  /** The rule table; the built-in one unless a test brings its own. */
  rules?: readonly RuleDefinition[];
  /** Build only the fixes the rule declares safe (fix-all). */
  onlySafe?: boolean;
}

export function fixesFor(analysis: Analysis, finding: Finding, env: Environment, options: FixesForOptions = {}): FixProposal[] {
  const { generateToken = generateGatewayToken, rules, onlySafe = false } = options;
  if (!analysis.model || !analysis.doc.root) return [];
  const rule = ruleFor(finding.code, rules);
  if (!rule?.fixes) return [];
  // The rule declares which of its fixes are safe: none, and fix-all need not ask it.
  if (onlySafe && !Object.values(rule.meta.fixes ?? {}).some((fix) => fix.safe)) return [];
  return rule.fixes(finding, { doc: analysis.doc, model: analysis.model, env, generateToken, onlySafe });
}

/** The one safe fix fix-all applies for a finding, if any (never one that writes a new secret). */
export function safeFixFor(analysis: Analysis, finding: Finding, env: Environment, rules?: readonly RuleDefinition[]): FixProposal | undefined {
  // Proposals that would generate a secret are built with an empty one and never applied.
  const fixes = fixesFor(analysis, finding, env, { generateToken: () => '', rules, onlySafe: true }).filter((f) => f.safe && !f.generatesSecret);
  return fixes.find((f) => f.isPreferred) ?? fixes[0];
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  return a.offset < b.offset + b.length && b.offset < a.offset + a.length ? true : a.offset === b.offset;
}

export interface FixAllResult {
  text: string;
  applied: Array<{ code: string; title: Message }>;
  /** The analysis of the text as given, and of the fixed text (the same object when nothing changed). */
  before: Analysis;
  after: Analysis;
}

/**
 * Applies every safe fix, re-analysing between rounds until nothing changes. Idempotent, never
 * writes a new secret, and never touches a file that does not parse.
 */
export function fixAll(text: string, options: AnalyzeOptions): FixAllResult {
  let current = text;
  const applied: FixAllResult['applied'] = [];
  const before = analyzeConfig(text, options);
  let analysis = before;
  for (let round = 0; round < 8; round++) {
    if (round > 0) analysis = analyzeConfig(current, options);
    if (!analysis.doc.root) break;
    const accepted: TextEdit[] = [];
    for (const finding of analysis.findings) {
      const fix = safeFixFor(analysis, finding, options.env, options.rules);
      if (!fix || fix.edits.some((e) => accepted.some((a) => overlaps(a, e)))) continue;
      accepted.push(...fix.edits);
      applied.push({ code: finding.code, title: fix.title });
    }
    if (accepted.length === 0) break;
    current = applyTextEdits(current, accepted);
  }
  // After the last round of edits the text changed once more: that text is the one to report on.
  const after = analysis.doc.text === current ? analysis : analyzeConfig(current, options);
  return { text: current, applied, before, after };
}
