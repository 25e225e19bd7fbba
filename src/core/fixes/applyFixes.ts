import { analyzeConfig, type Analysis, type AnalyzeOptions } from '../analyze';
import type { Message } from '../messages';
import { ruleFor } from '../rules/ruleTable';
import type { Finding, RuleDefinition } from '../rules/ruleTypes';
import type { Environment } from '../secretValues';
import type { FixProposal } from './fixTypes';
import { generateGatewayToken } from './tokenGenerator';
import type { SourceReader } from '../effective/sourceReader';
import { tagged } from './sourceEdits';
import { applyTextEdits, editsByFile, type TextEdit } from './textEdits';

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
  // A document rule's finding in an included file is cured in that file.
  const source = finding.file !== undefined && rule.meta.scope === 'document' ? analysis.effective.assembled.sources.find((s) => s.path === finding.file) : undefined;
  if (finding.file !== undefined && rule.meta.scope === 'document') {
    if (!source?.doc.root) return [];
    return rule.fixes(finding, { doc: source.doc, model: analysis.model, env, generateToken, onlySafe }).map((fix) => ({ ...fix, edits: tagged(fix.edits, source.path) }));
  }
  return rule.fixes(finding, { doc: analysis.doc, model: analysis.model, env, generateToken, onlySafe });
}

/** The one safe fix fix-all applies for a finding, if any (never one that writes a new secret). */
export function safeFixFor(analysis: Analysis, finding: Finding, env: Environment, rules?: readonly RuleDefinition[]): FixProposal | undefined {
  // Proposals that would generate a secret are built with an empty one and never applied.
  const fixes = fixesFor(analysis, finding, env, { generateToken: () => '', rules, onlySafe: true }).filter((f) => f.safe && !f.generatesSecret);
  return fixes.find((f) => f.isPreferred) ?? fixes[0];
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.file !== b.file) return false;
  return a.offset < b.offset + b.length && b.offset < a.offset + a.length ? true : a.offset === b.offset;
}

export interface FixAllResult {
  text: string;
  /** Other files the fixes changed (an included file, a `.env` file): path -> new text. */
  files: ReadonlyMap<string, string>;
  applied: Array<{ code: string; title: Message; file?: string }>;
  /** The analysis of the text as given, and of the fixed text (the same object when nothing changed). */
  before: Analysis;
  after: Analysis;
}

/** A reader that serves the fixed text of files changed so far, and the disk for the rest. */
function overlayReader(reader: SourceReader, changed: ReadonlyMap<string, string>): SourceReader {
  return { ...reader, read: (path) => (changed.has(path) ? { state: 'ok', text: changed.get(path) ?? '' } : reader.read(path)) };
}

/**
 * Applies every safe fix, re-analysing between rounds until nothing changes. Idempotent, never
 * writes a new secret, and never touches a file that does not parse. Fixes may edit the files a
 * config uses (includes, `.env`); those come back in `files`, nothing is written here.
 */
export function fixAll(text: string, options: AnalyzeOptions): FixAllResult {
  let current = text;
  const changed = new Map<string, string>();
  const withOverlay: AnalyzeOptions = options.reader ? { ...options, reader: overlayReader(options.reader, changed) } : options;
  const applied: FixAllResult['applied'] = [];
  const before = analyzeConfig(text, withOverlay);
  let analysis = before;
  let stale = false;
  for (let round = 0; round < 8; round++) {
    if (stale) analysis = analyzeConfig(current, withOverlay);
    stale = false;
    if (!analysis.doc.root) break;
    const accepted: TextEdit[] = [];
    for (const finding of analysis.findings) {
      const fix = safeFixFor(analysis, finding, options.env, options.rules);
      if (!fix || fix.edits.some((e) => accepted.some((a) => overlaps(a, e)))) continue;
      accepted.push(...fix.edits);
      applied.push({ code: finding.code, title: fix.title, ...(finding.file ? { file: finding.file } : {}) });
    }
    if (accepted.length === 0) break;
    stale = true;
    for (const [file, edits] of editsByFile(accepted)) {
      if (file === undefined) current = applyTextEdits(current, edits);
      else {
        const base = changed.get(file) ?? analysis.files.get(file)?.text;
        if (base !== undefined) changed.set(file, applyTextEdits(base, edits));
      }
    }
  }
  // After the last round of edits the text changed once more: that text is the one to report on.
  const after = stale ? analyzeConfig(current, withOverlay) : analysis;
  return { text: current, files: changed, applied, before, after };
}
