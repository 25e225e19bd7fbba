import type { TextEdit } from '../fixes/textEdits';
import { hasLineBreakOrControl, lineOf, lineStarts, type ServiceAssignment } from './serviceText';

/**
 * A launchd agent's XML property list, as OpenClaw writes it (launchd-plist.ts buildLaunchAgentPlist:
 * `Label`, `ProgramArguments`, `EnvironmentVariables` with `& < > " '` escaped). Read without
 * running plutil: comments, CDATA and the five XML entities plus numeric references are understood;
 * a binary plist is not read (`xml: false`).
 */

type PlistNode =
  | { type: 'dict'; entries: Array<{ key: string; keyStart: number; value: PlistNode }>; start: number; end: number; contentEnd: number }
  | { type: 'array'; items: PlistNode[]; start: number; end: number }
  | { type: 'string'; value: string; textStart: number; textEnd: number; start: number; end: number }
  | { type: 'other'; start: number; end: number };

interface Token {
  kind: 'open' | 'close' | 'empty' | 'text';
  name: string;
  start: number;
  end: number;
  text?: string;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeText(raw: string): string {
  return raw.replace(/<!\[CDATA\[([\s\S]*?)\]\]>|&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, cdata: string | undefined, entity: string | undefined) => {
    if (cdata !== undefined) return cdata;
    if (!entity) return whole;
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const textEnd = lt < 0 ? text.length : lt;
    if (textEnd > i) tokens.push({ kind: 'text', name: '', start: i, end: textEnd, text: text.slice(i, textEnd) });
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const close = text.indexOf('-->', lt + 4);
      i = close < 0 ? text.length : close + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      const close = text.indexOf(']]>', lt);
      const end = close < 0 ? text.length : close + 3;
      tokens.push({ kind: 'text', name: '', start: lt, end, text: text.slice(lt, end) });
      i = end;
      continue;
    }
    const gt = text.indexOf('>', lt);
    if (gt < 0) break;
    const body = text.slice(lt + 1, gt);
    i = gt + 1;
    if (body.startsWith('?') || body.startsWith('!')) continue;
    if (body.startsWith('/')) tokens.push({ kind: 'close', name: body.slice(1).trim(), start: lt, end: gt + 1 });
    else if (body.endsWith('/')) tokens.push({ kind: 'empty', name: body.slice(0, -1).trim().split(/\s/)[0], start: lt, end: gt + 1 });
    else tokens.push({ kind: 'open', name: body.trim().split(/\s/)[0], start: lt, end: gt + 1 });
  }
  // Consecutive text tokens (text, CDATA, text) form one text run.
  const merged: Token[] = [];
  for (const t of tokens) {
    const last = merged[merged.length - 1];
    if (t.kind === 'text' && last?.kind === 'text' && last.end === t.start) merged[merged.length - 1] = { ...last, end: t.end, text: (last.text ?? '') + (t.text ?? '') };
    else merged.push(t);
  }
  return merged;
}

class Reader {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}
  private skipSpace(): void {
    while (this.tokens[this.at]?.kind === 'text' && !this.tokens[this.at].text?.trim()) this.at++;
  }
  node(): PlistNode | undefined {
    this.skipSpace();
    const open = this.tokens[this.at];
    if (!open) return undefined;
    if (open.kind === 'empty') {
      this.at++;
      return open.name === 'dict' ? { type: 'dict', entries: [], start: open.start, end: open.end, contentEnd: open.start } : { type: 'other', start: open.start, end: open.end };
    }
    if (open.kind !== 'open') return undefined;
    this.at++;
    if (open.name === 'dict') {
      const entries: Array<{ key: string; keyStart: number; value: PlistNode }> = [];
      for (;;) {
        this.skipSpace();
        const t = this.tokens[this.at];
        if (!t) return undefined;
        if (t.kind === 'close' && t.name === 'dict') {
          this.at++;
          return { type: 'dict', entries, start: open.start, end: t.end, contentEnd: t.start };
        }
        if (t.kind !== 'open' || t.name !== 'key') return undefined;
        this.at++;
        const keyText = this.tokens[this.at]?.kind === 'text' ? this.tokens[this.at++].text ?? '' : '';
        const keyClose = this.tokens[this.at++];
        if (keyClose?.kind !== 'close' || keyClose.name !== 'key') return undefined;
        const value = this.node();
        if (!value) return undefined;
        entries.push({ key: decodeText(keyText), keyStart: t.start, value });
      }
    }
    if (open.name === 'array') {
      const items: PlistNode[] = [];
      for (;;) {
        this.skipSpace();
        const t = this.tokens[this.at];
        if (!t) return undefined;
        if (t.kind === 'close' && t.name === 'array') {
          this.at++;
          return { type: 'array', items, start: open.start, end: t.end };
        }
        const item = this.node();
        if (!item) return undefined;
        items.push(item);
      }
    }
    // A leaf: text up to its closing tag.
    const content = this.tokens[this.at]?.kind === 'text' ? this.tokens[this.at++] : undefined;
    const close = this.tokens[this.at++];
    if (close?.kind !== 'close' || close.name !== open.name) return undefined;
    if (open.name === 'string') return { type: 'string', value: decodeText(content?.text ?? ''), textStart: open.end, textEnd: close.start, start: open.start, end: close.end };
    return { type: 'other', start: open.start, end: close.end };
  }
  plist(): PlistNode | undefined {
    for (; this.at < this.tokens.length; this.at++) {
      const t = this.tokens[this.at];
      if (t.kind === 'open' && t.name === 'plist') {
        this.at++;
        return this.node();
      }
    }
    return undefined;
  }
}

export interface LaunchdPlistDocument {
  text: string;
  /** False for a binary plist or XML we could not read. */
  xml: boolean;
  label?: string;
  programArguments: string[];
  assignments: ServiceAssignment[];
  /** Where a new EnvironmentVariables entry goes (before `</dict>`), when the dict exists. */
  envDictInsertAt?: number;
  /** The indentation of the dict's entries, for lines we add. */
  entryIndent: string;
}

export function parseLaunchdPlist(text: string): LaunchdPlistDocument {
  const empty: LaunchdPlistDocument = { text, xml: false, programArguments: [], assignments: [], entryIndent: '    ' };
  if (!/^\s*(?:\uFEFF)?\s*<(?:\?xml|!DOCTYPE|plist)/.test(text)) return empty;
  const root = new Reader(tokenize(text)).plist();
  if (root?.type !== 'dict') return empty;
  const starts = lineStarts(text);
  const entry = (key: string): PlistNode | undefined => root.entries.find((e) => e.key === key)?.value;
  const label = entry('Label');
  const args = entry('ProgramArguments');
  const env = entry('EnvironmentVariables');
  const assignments: ServiceAssignment[] = [];
  let entryIndent = '    ';
  if (env?.type === 'dict') {
    for (const e of env.entries) {
      if (e.value.type !== 'string') continue;
      assignments.push({
        name: e.key,
        value: e.value.value,
        line: lineOf(starts, e.value.textStart),
        valueOffset: e.value.textStart,
        valueLength: e.value.textEnd - e.value.textStart,
        statementOffset: e.keyStart,
        statementLength: e.value.end - e.keyStart,
      });
    }
    const first = env.entries[0];
    if (first) {
      const lineStart = starts[lineOf(starts, first.keyStart)];
      const lead = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
      if (lineStart + lead.length === first.keyStart) entryIndent = lead;
    }
  }
  return {
    text,
    xml: true,
    label: label?.type === 'string' ? label.value : undefined,
    programArguments: args?.type === 'array' ? args.items.flatMap((i) => (i.type === 'string' ? [i.value] : [])) : [],
    assignments,
    envDictInsertAt: env?.type === 'dict' ? env.contentEnd : undefined,
    entryIndent,
  };
}

/** OpenClaw's plistEscape. */
export function plistEscape(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&apos;');
}

type Apply = (text: string, edits: readonly TextEdit[]) => string;

function verified(doc: LaunchdPlistDocument, edits: TextEdit[], name: string, value: string | undefined, apply: Apply): TextEdit[] | undefined {
  const after = parseLaunchdPlist(apply(doc.text, edits));
  if (!after.xml || after.label !== doc.label || after.programArguments.join('\0') !== doc.programArguments.join('\0')) return undefined;
  const mine = after.assignments.filter((a) => a.name === name);
  if (value === undefined ? mine.length > 0 : mine.length === 0 || mine.some((a) => a.value !== value)) return undefined;
  const others = (d: LaunchdPlistDocument): string => JSON.stringify(d.assignments.filter((a) => a.name !== name).map((a) => [a.name, a.value]));
  return others(doc) === others(after) ? edits : undefined;
}

export function setPlistValue(doc: LaunchdPlistDocument, name: string, value: string, apply: Apply): TextEdit[] | undefined {
  if (!doc.xml || hasLineBreakOrControl(value)) return undefined;
  const mine = doc.assignments.filter((a) => a.name === name);
  let edits: TextEdit[];
  if (mine.length > 0) edits = mine.map((a) => ({ offset: a.valueOffset, length: a.valueLength, newText: plistEscape(value) }));
  else if (doc.envDictInsertAt !== undefined) {
    const before = doc.text.slice(0, doc.envDictInsertAt);
    const closingIndent = /[ \t]*$/.exec(before)?.[0] ?? '';
    const at = doc.envDictInsertAt - closingIndent.length;
    const br = doc.text.includes('\r\n') ? '\r\n' : '\n';
    const lead = /[\r\n]$/.test(doc.text.slice(0, at)) ? '' : br;
    edits = [{ offset: at, length: 0, newText: `${lead}${doc.entryIndent}<key>${plistEscape(name)}</key>${br}${doc.entryIndent}<string>${plistEscape(value)}</string>${br}` }];
  } else return undefined;
  return verified(doc, edits, name, value, apply);
}

export function removePlistValue(doc: LaunchdPlistDocument, name: string, apply: Apply): TextEdit[] | undefined {
  if (!doc.xml) return undefined;
  const edits: TextEdit[] = [];
  for (const a of doc.assignments.filter((x) => x.name === name)) {
    let start = a.statementOffset;
    let end = a.statementOffset + a.statementLength;
    // The whole lines when the pair stands alone on them.
    let lineStart = start;
    while (lineStart > 0 && (doc.text[lineStart - 1] === ' ' || doc.text[lineStart - 1] === '\t')) lineStart--;
    let lineEnd = end;
    while (lineEnd < doc.text.length && (doc.text[lineEnd] === ' ' || doc.text[lineEnd] === '\t')) lineEnd++;
    const aloneBefore = lineStart === 0 || doc.text[lineStart - 1] === '\n';
    const breakLength = doc.text[lineEnd] === '\r' && doc.text[lineEnd + 1] === '\n' ? 2 : doc.text[lineEnd] === '\n' ? 1 : 0;
    if (aloneBefore && (breakLength > 0 || lineEnd === doc.text.length)) {
      start = lineStart;
      end = lineEnd + breakLength;
    }
    edits.push({ offset: start, length: end - start, newText: '' });
  }
  if (edits.length === 0) return undefined;
  return verified(doc, edits, name, undefined, apply);
}
