import { diffArrays } from 'diff';
import { parseConfigDocument } from '../core/configDocument';
import { parseDotenvFile } from '../core/effective/dotenvFile';
import { findProperty, keyOf, stringValue, valueOf, type JsonNode } from '../core/jsonTree';
import { isSecretKey, isSecretShapedValue } from '../core/secretKeys';
import { fingerprint } from '../core/secretValues';
import { isEnvPlaceholder } from '../core/sourceSecrets';

/*
 * The diff `check --fix-dry-run` prints. It is a real unified diff of the two texts (GNU
 * `diff -u` hunks), but every line it shows is masked first: a secret must never reach a
 * terminal, a CI log or a bug report pasted from one.
 *
 * Masking works on source ranges, not on strings found in the output: both texts are parsed
 * and the whole written form of every secret-bearing value is replaced by a fingerprint, so
 * a token spelled with escapes (`\u0045`, `\\`, `\"`) or continued over lines is hidden as
 * surely as a plain one. What is not in the tree (comments, a text that does not parse) is
 * covered by searching for the known secrets in their plain and escaped spellings.
 */

const CONTEXT = 3;

/**
 * Myers' diff costs (lines x edits). Past this budget the changed middle is shown as one
 * replaced block: still a correct diff, only not the shortest, and it never hangs the CLI.
 */
const MAX_DIFF_WORK = 50_000_000;

/** OpenClaw leaves a whole-value `${VAR}` unredacted: it names a variable, it is not a secret. */

interface Lines {
  text: string;
  /** Start offset of every line, and text.length after the last. */
  starts: number[];
}

/** One replaced run of lines: old [a0, a1) became new [b0, b1) (0-based line indices). */
interface Block {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

interface Hunk {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
  blocks: Block[];
}

/** A source range to print as the fingerprint of `secret`. */
interface Mask {
  start: number;
  end: number;
  secret: string;
}

/** Sorted, disjoint offset ranges of the lines that will be printed. */
type Intervals = Array<[number, number]>;

function splitLines(text: string): Lines {
  const starts: number[] = [];
  for (let start = 0; start < text.length; ) {
    starts.push(start);
    const newline = text.indexOf('\n', start);
    start = newline < 0 ? text.length : newline + 1;
  }
  starts.push(text.length);
  return { text, starts };
}

/** Lines [from, to) with their terminators, so `x` at the end of a file differs from `x\n`, as in diff. */
function tokens(lines: Lines, from: number, to: number): string[] {
  const out: string[] = [];
  for (let i = from; i < to; i++) out.push(lines.text.slice(lines.starts[i], lines.starts[i + 1]));
  return out;
}

/** Index of the line holding `offset`. */
function lineAt(lines: Lines, offset: number): number {
  let low = 0;
  let high = lines.starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lines.starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

function changeBlocks(a: Lines, b: Lines): Block[] {
  if (a.text === b.text) return [];
  // A fix touches a few lines of a file that may be huge: the common ends are found by
  // comparing characters, without a string per line, so the work grows with the changed middle.
  const x = a.text;
  const y = b.text;
  const aLines = a.starts.length - 1;
  const bLines = b.starts.length - 1;
  const shorter = Math.min(x.length, y.length);
  let prefix = 0;
  while (prefix < shorter && x.charCodeAt(prefix) === y.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter && x.charCodeAt(x.length - 1 - suffix) === y.charCodeAt(y.length - 1 - suffix)) suffix++;
  // Lines that end (newline included) inside the common prefix are equal in both texts.
  let head = lineAt(a, prefix);
  if (head === aLines && x.length > 0 && x.charCodeAt(x.length - 1) !== 10) head--;
  // From the end: a line is equal in both when it has the same length and lies in the common suffix.
  let tail = 0;
  while (aLines - tail > head && bLines - tail > head) {
    const aStart = a.starts[aLines - tail - 1];
    const bStart = b.starts[bLines - tail - 1];
    if (x.length - aStart > suffix || x.length - aStart !== y.length - bStart) break;
    tail++;
  }
  const whole: Block = { a0: head, a1: aLines - tail, b0: head, b1: bLines - tail };
  if (whole.a0 === whole.a1 && whole.b0 === whole.b1) return [];
  if (whole.a0 === whole.a1 || whole.b0 === whole.b1) return [whole];
  const oldMiddle = tokens(a, whole.a0, whole.a1);
  const newMiddle = tokens(b, whole.b0, whole.b1);
  const maxEditLength = Math.max(64, Math.floor(MAX_DIFF_WORK / (oldMiddle.length + newMiddle.length)));
  const changes = diffArrays(oldMiddle, newMiddle, { maxEditLength });
  if (!changes) return [whole];
  const blocks: Block[] = [];
  let i = head;
  let j = head;
  let open: Block | undefined;
  for (const change of changes) {
    if (change.added || change.removed) {
      open ??= { a0: i, a1: i, b0: j, b1: j };
      if (change.added) j += change.count;
      else i += change.count;
      open.a1 = i;
      open.b1 = j;
    } else {
      if (open) blocks.push(open);
      open = undefined;
      i += change.count;
      j += change.count;
    }
  }
  if (open) blocks.push(open);
  return blocks;
}

/** Groups changes into hunks the way GNU diff does: changes at most 2 x CONTEXT lines apart share one. */
function hunksOf(blocks: readonly Block[], aLength: number): Hunk[] {
  const hunks: Hunk[] = [];
  for (const block of blocks) {
    const last = hunks[hunks.length - 1];
    if (last && block.a0 - last.blocks[last.blocks.length - 1].a1 <= 2 * CONTEXT) {
      last.blocks.push(block);
      continue;
    }
    const before = Math.min(CONTEXT, block.a0);
    hunks.push({ aStart: block.a0 - before, aEnd: 0, bStart: block.b0 - before, bEnd: 0, blocks: [block] });
  }
  for (const hunk of hunks) {
    const last = hunk.blocks[hunk.blocks.length - 1];
    // Past the last change both texts are equal to the end, so the context is the same length on both sides.
    const after = Math.min(CONTEXT, aLength - last.a1);
    hunk.aEnd = last.a1 + after;
    hunk.bEnd = last.b1 + after;
  }
  return hunks;
}

/** GNU's range notation: `start,count`, `start` alone for one line, and the line before an empty range. */
function range(start: number, end: number): string {
  const count = end - start;
  if (count === 0) return `${start},0`;
  if (count === 1) return `${start + 1}`;
  return `${start + 1},${count}`;
}

function intersects(intervals: Intervals, start: number, end: number): boolean {
  let low = 0;
  let high = intervals.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (intervals[mid][1] <= start) low = mid + 1;
    else high = mid;
  }
  return low < intervals.length && intervals[low][0] < end;
}

function isSecretRefShape(node: JsonNode): boolean {
  return stringValue(valueOf(findProperty(node, 'source'))) !== undefined && stringValue(valueOf(findProperty(node, 'id'))) !== undefined;
}

/** The inside of a quoted string (the quotes stay, so the line still reads as JSON), or all of it. */
function innerRange(node: JsonNode): [number, number] {
  return node.quote ? [node.offset + 1, node.offset + node.length - 1] : [node.offset, node.offset + node.length];
}

/**
 * Masks from the syntax tree, for the parts of the text that will be printed only (the walk
 * skips every subtree outside them, which keeps a one-line fix in a 1 MB file cheap).
 */
function treeMasks(root: JsonNode, intervals: Intervals, contains: (value: string) => boolean): Mask[] {
  const masks: Mask[] = [];
  const path: string[] = [];
  const maskString = (node: JsonNode, secret: boolean): void => {
    const value = typeof node.value === 'string' ? node.value : '';
    if (value === '') return;
    if ((secret && !isEnvPlaceholder(value)) || contains(value) || isSecretShapedValue(value)) {
      const [start, end] = innerRange(node);
      masks.push({ start, end, secret: value });
    }
  };
  const visit = (node: JsonNode, secret: boolean): void => {
    if (!intersects(intervals, node.offset, node.offset + node.length)) return;
    switch (node.type) {
      case 'object': {
        // A SecretRef under a secret key: its `source` and `provider` say where the secret lives, and stay readable.
        const secretRef = secret && isSecretRefShape(node);
        for (const property of node.children ?? []) {
          if (!intersects(intervals, property.offset, property.offset + property.length)) continue;
          const keyNode = property.children?.[0];
          if (keyNode && typeof keyNode.value === 'string' && keyNode.value !== '' && (contains(keyNode.value) || isSecretShapedValue(keyNode.value))) {
            const [start, end] = innerRange(keyNode);
            masks.push({ start, end, secret: keyNode.value });
          }
          const value = property.children?.[1];
          if (!value) continue;
          const key = keyOf(property);
          path.push(key);
          visit(value, secretRef && (key === 'source' || key === 'provider') ? false : secret || isSecretKey(path));
          path.pop();
        }
        break;
      }
      case 'array':
        for (const element of node.children ?? []) visit(element, secret);
        break;
      case 'string':
        maskString(node, secret);
        break;
      case 'number':
        if (secret) masks.push({ start: node.offset, end: node.offset + node.length, secret: String(node.value) });
        break;
      case 'boolean':
      case 'null':
      case 'property':
        // true, false and null carry no secret; properties are visited through their object.
        break;
    }
  };
  visit(root, false);
  return masks;
}

/** `key: value` pairs and string literals, read without a parser (strings do not cross lines here). */
const LEXICAL = /(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|([A-Za-z_$][\w$-]*))\s*:\s*("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[-+]?\.?\d[\w.+-]*)|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g;

function decodeLiteral(literal: string): string {
  if (literal.startsWith('"')) {
    try {
      return JSON.parse(literal) as string;
    } catch {
      // JSON5-only escapes; the written form is close enough to fingerprint.
    }
  }
  return literal.startsWith("'") || literal.startsWith('"') ? literal.slice(1, -1) : literal;
}

/**
 * For a text that does not parse: without a tree there is no path, so a value is masked when
 * its own key looks secret-bearing, or when it holds a known or secret-shaped value.
 */
function lexicalMasks(text: string, contains: (value: string) => boolean): Mask[] {
  const masks: Mask[] = [];
  LEXICAL.lastIndex = 0;
  for (let m = LEXICAL.exec(text); m; m = LEXICAL.exec(text)) {
    const pairValue = m[4];
    const literal = pairValue ?? m[0];
    const start = m.index + m[0].length - literal.length;
    const quoted = literal.startsWith('"') || literal.startsWith("'");
    const decoded = decodeLiteral(literal);
    const key = m[1] !== undefined ? decodeLiteral(`"${m[1]}"`) : m[2] ?? m[3];
    const secretKey = pairValue !== undefined && key !== undefined && isSecretKey([key]) && !isEnvPlaceholder(decoded);
    if (decoded !== '' && (secretKey || contains(decoded) || isSecretShapedValue(decoded))) {
      masks.push(quoted ? { start: start + 1, end: start + literal.length - 1, secret: decoded } : { start, end: start + literal.length, secret: decoded });
    }
  }
  return masks;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The ways a secret can be written inside a JSON or JSON5 string, besides as itself. */
function writtenForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const unicode = (hex: (code: string) => string): string => json.replace(/[^\x20-\x7e]/g, (c) => '\\u' + hex(c.charCodeAt(0).toString(16).padStart(4, '0')));
  return [secret, json, json.replace(/\\"/g, '"').replace(/'/g, "\\'"), json.replace(/\//g, '\\/'), unicode((h) => h), unicode((h) => h.toUpperCase())];
}

class Printer {
  private readonly placeholders = new Map<string, string>();
  private readonly search?: RegExp;
  private readonly secretOf = new Map<string, string>();

  constructor(knownSecrets: readonly string[]) {
    // Longest first, so a secret that contains another is replaced whole.
    for (const secret of [...knownSecrets].filter((s) => s.trim() !== '').sort((x, y) => y.length - x.length)) {
      for (const form of writtenForms(secret)) if (!this.secretOf.has(form)) this.secretOf.set(form, secret);
    }
    const forms = [...this.secretOf.keys()].sort((x, y) => y.length - x.length);
    if (forms.length > 0) this.search = new RegExp(forms.map(escapeRegExp).join('|'), 'g');
  }

  placeholder(secret: string): string {
    let text = this.placeholders.get(secret);
    if (text === undefined) this.placeholders.set(secret, (text = `<${fingerprint(secret)}>`));
    return text;
  }

  /** Replaces known secrets in text the tree did not mask (comments, unparsed files, keys). */
  scrub(text: string): string {
    if (!this.search) return text;
    return text.replace(this.search, (form) => this.placeholder(this.secretOf.get(form) ?? form));
  }

  /** Line `line` of `lines` without its terminator, masked. */
  line(lines: Lines, line: number, masks: readonly Mask[]): string {
    const { text } = lines;
    const start = lines.starts[line];
    let end = lines.starts[line + 1];
    if (text.charCodeAt(end - 1) === 10) end--;
    // A CRLF file prints as lines, not with stray carriage returns.
    if (text.charCodeAt(end - 1) === 13) end--;
    let low = 0;
    let high = masks.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (masks[mid].end <= start) low = mid + 1;
      else high = mid;
    }
    let out = '';
    let position = start;
    for (let k = low; k < masks.length && masks[k].start < end; k++) {
      const mask = masks[k];
      if (mask.start > position) out += this.scrub(text.slice(position, mask.start));
      // A value continued over lines shows its fingerprint once, on the line where it starts.
      if (mask.start >= start) out += this.placeholder(mask.secret);
      position = Math.max(position, Math.min(mask.end, end));
    }
    if (position < end) out += this.scrub(text.slice(position, end));
    return out;
  }
}

/**
 * Masks of a `.env` file, from its assignments as dotenv reads them: the value of every key that
 * names a secret (OPENCLAW_GATEWAY_TOKEN, *_API_KEY, ...), and every known or secret-shaped value.
 */
function dotenvMasks(text: string, intervals: Intervals, contains: (value: string) => boolean): Mask[] {
  const masks: Mask[] = [];
  for (const entry of parseDotenvFile(text).entries) {
    if (entry.valueLength === 0 || !intersects(intervals, entry.start, entry.end)) continue;
    if (!isSecretKey([entry.key]) && !contains(entry.value) && !isSecretShapedValue(entry.value)) continue;
    let start = entry.valueOffset;
    let end = entry.valueOffset + entry.valueLength;
    // The quotes stay, so the line still reads as an assignment.
    if (entry.quote && text[start] === entry.quote) {
      start++;
      if (end > start && text[end - 1] === entry.quote) end--;
    }
    masks.push({ start, end, secret: entry.value });
  }
  return masks;
}

function masksFor(text: string, intervals: Intervals, contains: (value: string) => boolean, kind: DiffKind): Mask[] {
  if (intervals.length === 0) return [];
  if (kind === 'dotenv') return dotenvMasks(text, intervals, contains);
  const doc = parseConfigDocument(text);
  // Never unmasked: a text without a trustworthy tree still gets every mask that can be read from it.
  return doc.root && !doc.syntaxError ? treeMasks(doc.root, intervals, contains) : lexicalMasks(text, contains);
}

/** Offsets of the given line ranges, merged. */
function intervalsOf(lines: Lines, ranges: ReadonlyArray<readonly [number, number]>): Intervals {
  const out: Intervals = [];
  for (const [from, to] of ranges) {
    if (from >= to) continue;
    const start = lines.starts[from];
    const end = lines.starts[to];
    const last = out[out.length - 1];
    if (last && last[1] >= start) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

/** How the text is read to find its secrets by place: a JSON5 config or a `.env` file. */
export type DiffKind = 'json' | 'dotenv';

/**
 * The unified diff (3 lines of context, GNU `diff -u` hunks) from `before` to `after`, headed
 * `--- path` / `+++ path (fixed)`, with every secret-bearing value shown as its fingerprint `<fp:…>`:
 * values under secret keys anywhere in the tree (in a `.env` file: under secret-looking names),
 * values that look like secrets, and any occurrence of `knownSecrets` in any spelling.
 */
export function maskedFixDiff(path: string, before: string, after: string, knownSecrets: readonly string[], kind: DiffKind = 'json'): string {
  const printer = new Printer(knownSecrets);
  const out = [printer.scrub(`--- ${path}`), printer.scrub(`+++ ${path} (fixed)`)];
  const a = splitLines(before);
  const b = splitLines(after);
  const hunks = hunksOf(changeBlocks(a, b), a.starts.length - 1);
  if (hunks.length === 0) return out.join('\n');

  const known = knownSecrets.filter((s) => s.trim() !== '');
  const contains = (value: string): boolean => known.some((secret) => value.includes(secret));
  // Context and removed lines are printed from the old text, added lines from the new one.
  const aMasks = masksFor(before, intervalsOf(a, hunks.map((h) => [h.aStart, h.aEnd] as const)), contains, kind);
  const bMasks = masksFor(after, intervalsOf(b, hunks.flatMap((h) => h.blocks.map((k) => [k.b0, k.b1] as const))), contains, kind);

  const emit = (prefix: string, lines: Lines, masks: readonly Mask[], line: number): void => {
    out.push(prefix + printer.line(lines, line, masks));
    if (lines.text.charCodeAt(lines.starts[line + 1] - 1) !== 10) out.push('\\ No newline at end of file');
  };
  for (const hunk of hunks) {
    out.push(`@@ -${range(hunk.aStart, hunk.aEnd)} +${range(hunk.bStart, hunk.bEnd)} @@`);
    let i = hunk.aStart;
    for (const block of hunk.blocks) {
      for (; i < block.a0; i++) emit(' ', a, aMasks, i);
      for (; i < block.a1; i++) emit('-', a, aMasks, i);
      for (let j = block.b0; j < block.b1; j++) emit('+', b, bMasks, j);
    }
    for (; i < hunk.aEnd; i++) emit(' ', a, aMasks, i);
  }
  return out.join('\n');
}
