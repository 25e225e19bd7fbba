import type { ConfigDocument } from './configDocument';
import { namedMsg } from './messages';
import type { Finding, RuleDefinition, SeveritySetting, Span } from './rules/ruleTypes';

/**
 * Suppression comments, the way linters have them (OpenClaw reads JSON5, so comments are legal):
 *   // openclaw-guard-disable-next-line token-weak, token-risky-chars -- why
 *   "token": "…", // openclaw-guard-disable-line token-weak
 *   /* openclaw-guard-disable token-weak *\/ … /* openclaw-guard-enable *\/
 * No codes means every rule. An unused directive, or one naming a code no rule has, is reported
 * by the `disable-directive` rule, so a stale suppression cannot hide a later problem unseen.
 */

export const DIRECTIVE_RULE_CODE = 'disable-directive';

export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable' | 'enable';

export interface Directive extends Span {
  kind: DirectiveKind;
  /** Rule codes named by the directive; empty means every rule. */
  codes: string[];
  /** Zero-based line the comment starts on. */
  line: number;
}

const DIRECTIVE = /^openclaw-guard-(disable-next-line|disable-line|disable|enable)(?=\s|$)([^]*)$/;

/** The directives in a document's comments, in source order. */
export function parseDirectives(doc: ConfigDocument): Directive[] {
  const out: Directive[] = [];
  for (const comment of doc.comments) {
    const raw = doc.text.slice(comment.offset, comment.offset + comment.length);
    const body = (comment.kind === 'line' ? raw.slice(2) : raw.slice(2, -2)).trim();
    const match = DIRECTIVE.exec(body);
    if (!match) continue;
    // ESLint's convention: a description may follow "--".
    const list = match[2].split(/\s--\s|^--\s|\s--$/)[0];
    const codes = list.split(/[\s,]+/).filter((c) => c !== '');
    out.push({ kind: match[1] as DirectiveKind, codes, offset: comment.offset, length: comment.length, line: doc.lines.positionAt(comment.offset).line });
  }
  return out;
}

interface Cover {
  directive: Directive;
  covers(finding: Finding, line: number): boolean;
  /** Codes of the directive that silenced at least one finding ('*' for a directive without codes). */
  used: Set<string>;
}

function names(directive: Directive, code: string): boolean {
  return directive.codes.length === 0 || directive.codes.includes(code);
}

/**
 * What each directive silences: a line, or a range from a disable to the first later enable that
 * names the code (or names none). Each code of a range ends on its own, so enabling one code of
 * `disable a, b` (or of a disable of every rule) turns that code back on and leaves the rest off.
 */
function coversOf(doc: ConfigDocument, directives: readonly Directive[]): Cover[] {
  const covers: Cover[] = [];
  const endOf = (index: number, code: string): number => {
    for (const later of directives.slice(index + 1)) {
      if (later.kind === 'enable' && (later.codes.length === 0 || later.codes.includes(code))) return later.offset;
    }
    return doc.text.length;
  };
  directives.forEach((directive, index) => {
    if (directive.kind === 'disable-next-line' || directive.kind === 'disable-line') {
      const endLine = doc.lines.positionAt(directive.offset + directive.length).line;
      const target = directive.kind === 'disable-next-line' ? endLine + 1 : directive.line;
      covers.push({ directive, used: new Set(), covers: (f, line) => line === target && names(directive, f.code) });
    } else if (directive.kind === 'disable') {
      const start = directive.offset + directive.length;
      // Ends per code are found lazily: most files have a handful of directives and codes.
      const ends = new Map<string, number>();
      const end = (code: string): number => {
        let known = ends.get(code);
        if (known === undefined) {
          known = endOf(index, code);
          ends.set(code, known);
        }
        return known;
      };
      covers.push({ directive, used: new Set(), covers: (f) => names(directive, f.code) && f.offset >= start && f.offset < end(f.code) });
    }
  });
  return covers;
}

/**
 * Drops the findings a directive silences and reports directives that silenced nothing (when the
 * directive rule is part of the table and not turned off).
 */
export function applySuppressions(doc: ConfigDocument, findings: Finding[], rules: readonly RuleDefinition[], severities?: Readonly<Record<string, SeveritySetting>>): Finding[] {
  if (doc.comments.length === 0) return findings;
  // A file OpenClaw cannot read is never "fine": no comment silences the syntax error, and with
  // only the syntax rule run, every other directive would look unused.
  if (!doc.root) return findings;
  const directives = parseDirectives(doc);
  if (directives.length === 0) return findings;
  const covers = coversOf(doc, directives);
  const kept: Finding[] = [];
  for (const finding of findings) {
    if (finding.code === DIRECTIVE_RULE_CODE) {
      kept.push(finding);
      continue;
    }
    const line = doc.lines.positionAt(finding.offset).line;
    let silenced = false;
    for (const cover of covers) {
      if (!cover.covers(finding, line)) continue;
      silenced = true;
      cover.used.add(cover.directive.codes.length === 0 ? '*' : finding.code);
    }
    if (!silenced) kept.push(finding);
  }
  const directiveRule = rules.find((r) => r.meta.code === DIRECTIVE_RULE_CODE);
  const setting = severities?.[DIRECTIVE_RULE_CODE];
  if (!directiveRule || setting === 'off') return kept;
  const known = new Set(rules.map((r) => r.meta.code));
  for (const cover of covers) {
    const { directive } = cover;
    // Codes no rule has are reported by the rule's own check; here only the unused known ones.
    const unused = directive.codes.length === 0 ? (cover.used.size === 0 ? ['*'] : []) : directive.codes.filter((c) => known.has(c) && !cover.used.has(c));
    if (unused.length === 0) continue;
    const messageId = unused[0] === '*' ? 'unusedAll' : 'unused';
    kept.push({
      code: DIRECTIVE_RULE_CODE,
      severity: setting && setting !== 'default' ? setting : directiveRule.meta.defaultSeverity,
      messageId,
      message: namedMsg(directiveRule.meta.messages[messageId], { codes: unused.join(', ') }),
      offset: directive.offset,
      length: directive.length,
      related: [],
      data: {},
    });
  }
  return kept;
}
