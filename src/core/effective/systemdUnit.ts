import type { TextEdit } from '../fixes/textEdits';
import { hasLineBreakOrControl, lineBreakOf, lineOf, lineStarts, type ServiceAssignment } from './serviceText';

/**
 * A systemd unit file (or drop-in) read the way systemd reads it (systemd.syntax(7),
 * systemd.exec(7) Environment=/EnvironmentFile=, systemd.unit(7) specifiers):
 *  - a line ending in an unescaped `\` continues on the next one (the backslash becomes a space),
 *    and comment lines inside a continuation are skipped;
 *  - `#` and `;` start comment lines; keys and values are trimmed;
 *  - `Environment=` holds whitespace-separated `KEY=value` words; `"` and `'` quote anywhere in a
 *    word, C escapes (`\n`, `\x41`, `\"`, `\\`, `\s`, …) apply, and specifiers (`%%`, `%h`, `%u`,
 *    `%U`, `%t`, `%E`) are expanded; a word without `=` is ignored; an empty `Environment=` resets
 *    the list built so far;
 *  - `EnvironmentFile=` names one file, `-` in front makes it optional; an empty one resets the list.
 * OpenClaw itself writes `Environment="KEY=value"` with `\\`/`\"` escapes and `%%` (systemd-unit.ts
 * systemdEscapeArg), reads units with splitSystemdLogicalLines and expands only `%h`/`%%`.
 */

export interface SpecifierContext {
  home: string;
  user?: string;
  uid?: number;
}

export interface EnvironmentFileSpec {
  /** The path after specifier expansion (`-` removed). */
  path: string;
  optional: boolean;
  line: number;
  /** Glob patterns are not expanded (systemd does); such a spec is kept but not read. */
  pattern: boolean;
}

export type UnitDirective =
  | { kind: 'env'; assignments: ServiceAssignment[]; line: { offset: number; length: number } }
  | { kind: 'env-reset'; line: number }
  | { kind: 'env-file'; spec: EnvironmentFileSpec }
  | { kind: 'env-file-reset'; line: number };

export interface SystemdUnitDocument {
  text: string;
  /** Environment=/EnvironmentFile= of [Service], in file order. */
  directives: UnitDirective[];
  /** Every Environment= assignment of [Service], in file order. */
  assignments: ServiceAssignment[];
  /** The last ExecStart= of [Service] (an empty one resets), as written after `=`. */
  execStart?: string;
  description?: string;
  /** Where a new Environment= line goes: after the last one, else after `[Service]`; undefined without a [Service] section. */
  insertAt?: number;
}

interface LogicalLine {
  text: string;
  /** Raw offset of each character of `text`, plus one for its end. */
  offsets: number[];
  /** Raw span, first physical line start to the end of the last one's line break. */
  start: number;
  end: number;
}

const CONTINUED = /(?:^|[^\\])(?:\\\\)*\\$/;

function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let current: LogicalLine | undefined;
  let pos = 0;
  while (pos <= text.length) {
    let end = pos;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    const breakLength = text[end] === '\r' && text[end + 1] === '\n' ? 2 : end < text.length ? 1 : 0;
    const raw = text.slice(pos, end);
    const next = end + breakLength;
    if (current && /^\s*[#;]/.test(raw)) {
      current.end = next;
    } else {
      const line: LogicalLine = current ?? { text: '', offsets: [], start: pos, end: next };
      for (let i = 0; i < raw.length; i++) {
        line.text += raw[i];
        line.offsets.push(pos + i);
      }
      line.end = next;
      if (CONTINUED.test(raw) && next < text.length) {
        // The backslash becomes a space.
        line.text = line.text.slice(0, -1) + ' ';
        current = line;
      } else {
        line.offsets.push(end);
        out.push(line);
        current = undefined;
      }
    }
    if (breakLength === 0) break;
    pos = next;
  }
  if (current) {
    current.offsets.push(text.length);
    out.push(current);
  }
  return out;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { a: '\u0007', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', s: ' ', '\\': '\\', '"': '"', "'": "'" };

/** One C escape at `text[i]` (just after the backslash): the character and how many were read. */
function cUnescape(text: string, i: number): { char: string; used: number } {
  const c = text[i];
  if (c === undefined) return { char: '', used: 0 };
  if (Object.hasOwn(SIMPLE_ESCAPES, c)) return { char: SIMPLE_ESCAPES[c], used: 1 };
  const hex = (digits: number): { char: string; used: number } | undefined => {
    const body = text.slice(i + 1, i + 1 + digits);
    if (body.length !== digits || !/^[0-9a-fA-F]+$/.test(body)) return undefined;
    const code = parseInt(body, 16);
    return code <= 0x10ffff ? { char: String.fromCodePoint(code), used: digits + 1 } : undefined;
  };
  if (c === 'x') return hex(2) ?? { char: c, used: 1 };
  if (c === 'u') return hex(4) ?? { char: c, used: 1 };
  if (c === 'U') return hex(8) ?? { char: c, used: 1 };
  if (/[0-7]/.test(c)) {
    const body = text.slice(i, i + 3);
    if (/^[0-7]{3}$/.test(body)) return { char: String.fromCharCode(parseInt(body, 8)), used: 3 };
  }
  // systemd refuses the word; keeping the character is the closest a reader can get.
  return { char: c, used: 1 };
}

/** A specifier's expansion, undefined when it is not one we know the value of. */
function specifier(c: string, ctx: SpecifierContext): string | undefined {
  switch (c) {
    case '%':
      return '%';
    case 'h':
      return ctx.home;
    case 'u':
      return ctx.user;
    case 'U':
      return ctx.uid === undefined ? undefined : String(ctx.uid);
    case 't':
      return ctx.uid === undefined ? undefined : `/run/user/${ctx.uid}`;
    case 'E':
      return `${ctx.home}/.config`;
    default:
      return undefined;
  }
}

interface Word {
  decoded: string;
  /** Raw offsets: where the word starts and ends. */
  start: number;
  end: number;
  /** Raw offset of each decoded character's source (for finding the `=`). */
  sources: number[];
  /** The quote character that opened before `=` and closed at the very end, if any. */
  enclosingQuote: boolean;
  dynamic: boolean;
}

/** Splits an Environment= value into words (extract_first_word with UNQUOTE|CUNESCAPE). */
function environmentWords(line: LogicalLine, from: number, ctx: SpecifierContext): Word[] {
  const { text, offsets } = line;
  const words: Word[] = [];
  let i = from;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    const word: Word = { decoded: '', start: offsets[i], end: offsets[i], sources: [], enclosingQuote: false, dynamic: false };
    let quote: string | undefined;
    let quoteOpenedBeforeEquals = false;
    let lastClosedQuoteAt = -1;
    while (i < text.length) {
      const c = text[i];
      if (!quote && /\s/.test(c)) break;
      if (!quote && (c === '"' || c === "'")) {
        quote = c;
        quoteOpenedBeforeEquals = !word.decoded.includes('=');
        i++;
        continue;
      }
      if (quote && c === quote) {
        quote = undefined;
        lastClosedQuoteAt = i;
        i++;
        continue;
      }
      if (c === '\\') {
        const { char, used } = cUnescape(text, i + 1);
        for (const ch of char) {
          word.decoded += ch;
          word.sources.push(offsets[i]);
        }
        i += 1 + used;
        continue;
      }
      if (c === '%' && i + 1 < text.length) {
        const expansion = specifier(text[i + 1], ctx);
        if (expansion === undefined) {
          word.dynamic = true;
          word.decoded += c + text[i + 1];
          word.sources.push(offsets[i], offsets[i + 1]);
        } else {
          for (const ch of expansion) {
            word.decoded += ch;
            word.sources.push(offsets[i]);
          }
        }
        i += 2;
        continue;
      }
      word.decoded += c;
      word.sources.push(offsets[i]);
      i++;
    }
    word.end = offsets[i] ?? offsets[offsets.length - 1];
    word.enclosingQuote = quoteOpenedBeforeEquals && lastClosedQuoteAt === i - 1;
    words.push(word);
  }
  return words;
}

/** Expands specifiers in a plain value (EnvironmentFile=, ExecStart= paths); undefined when one is unknown. */
export function expandSpecifiers(value: string, ctx: SpecifierContext): string | undefined {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '%') {
      out += value[i];
      continue;
    }
    const expansion = specifier(value[i + 1] ?? '', ctx);
    if (expansion === undefined) return undefined;
    out += expansion;
    i++;
  }
  return out;
}

export function parseSystemdUnit(text: string, ctx: SpecifierContext): SystemdUnitDocument {
  const starts = lineStarts(text);
  const directives: UnitDirective[] = [];
  const assignments: ServiceAssignment[] = [];
  let section = '';
  let execStart: string | undefined;
  let description: string | undefined;
  let insertAt: number | undefined;
  for (const line of logicalLines(text)) {
    const lead = line.text.length - line.text.trimStart().length;
    const trimmed = line.text.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
      section = trimmed.slice(1, -1);
      if (section === 'Service') insertAt = line.end;
      continue;
    }
    const eq = line.text.indexOf('=');
    if (eq < 0) continue;
    const key = line.text.slice(lead, eq).trim();
    let valueStart = eq + 1;
    while (valueStart < line.text.length && /\s/.test(line.text[valueStart])) valueStart++;
    const value = line.text.slice(valueStart).trimEnd();
    const lineNumber = lineOf(starts, line.offsets[lead]);
    if (section === 'Unit' && key === 'Description') description = value;
    if (section !== 'Service') continue;
    if (key === 'ExecStart') execStart = value || undefined;
    else if (key === 'Environment') {
      if (!value) {
        directives.push({ kind: 'env-reset', line: lineNumber });
        continue;
      }
      const found: ServiceAssignment[] = [];
      for (const word of environmentWords(line, valueStart, ctx)) {
        const eqAt = word.decoded.indexOf('=');
        if (eqAt <= 0) continue;
        const valueOffset = word.sources[eqAt] + 1;
        const valueEnd = word.enclosingQuote ? word.end - 1 : word.end;
        found.push({
          name: word.decoded.slice(0, eqAt),
          value: word.decoded.slice(eqAt + 1),
          line: lineOf(starts, valueOffset),
          valueOffset,
          valueLength: Math.max(0, valueEnd - valueOffset),
          statementOffset: word.start,
          statementLength: word.end - word.start,
          ...(word.dynamic ? { dynamic: true } : {}),
        });
      }
      directives.push({ kind: 'env', assignments: found, line: { offset: line.start, length: line.end - line.start } });
      assignments.push(...found);
      insertAt = line.end;
    } else if (key === 'EnvironmentFile') {
      if (!value) {
        directives.push({ kind: 'env-file-reset', line: lineNumber });
        continue;
      }
      const optional = value.startsWith('-');
      const raw = optional ? value.slice(1) : value;
      const expanded = expandSpecifiers(raw, ctx) ?? raw;
      directives.push({ kind: 'env-file', spec: { path: expanded, optional, line: lineNumber, pattern: /[*?[]/.test(expanded) } });
    }
  }
  return { text, directives, assignments, execStart, description, insertAt };
}

/**
 * The environment a unit and its drop-ins give the service (files in the order systemd reads them:
 * the unit, then drop-ins by name): inline assignments, and the EnvironmentFile= specs in effect.
 */
export function unitEnvironment(docs: readonly SystemdUnitDocument[]): { inline: Map<string, { doc: SystemdUnitDocument; assignment: ServiceAssignment }>; files: EnvironmentFileSpec[] } {
  let inline = new Map<string, { doc: SystemdUnitDocument; assignment: ServiceAssignment }>();
  let files: EnvironmentFileSpec[] = [];
  for (const doc of docs) {
    for (const directive of doc.directives) {
      if (directive.kind === 'env-reset') inline = new Map();
      else if (directive.kind === 'env-file-reset') files = [];
      else if (directive.kind === 'env-file') files.push(directive.spec);
      else for (const assignment of directive.assignments) inline.set(assignment.name, { doc, assignment });
    }
  }
  return { inline, files };
}

/** True when ExecStart runs an OpenClaw gateway (`openclaw gateway …`, `node …/openclaw/dist/index.js gateway`). */
export function runsOpenclawGateway(execStart: string | undefined): boolean {
  if (!execStart) return false;
  const words = execStart
    .replace(/^[@\-:+!]+/, '')
    .split(/\s+/)
    .map((w) => w.replace(/^["']|["']$/g, ''));
  const at = words.findIndex((w) => /(?:^|[/\\])openclaw(?:[/\\.]|$)|(?:^|[/\\])openclaw[^/\\]*$/i.test(w) || /[/\\]openclaw[/\\]/i.test(w));
  return at >= 0 && words.slice(at + 1).includes('gateway');
}

/** How OpenClaw writes an Environment= word (systemdEscapeArg), also quoting `'`, which systemd reads as a quote. */
export function renderEnvironmentWord(name: string, value: string): string | undefined {
  if (hasLineBreakOrControl(value) || hasLineBreakOrControl(name)) return undefined;
  const text = `${name}=${value}`.replaceAll('%', '%%');
  if (!/[\s"'\\]/.test(text)) return text;
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

function sameOthers(before: readonly ServiceAssignment[], after: readonly ServiceAssignment[], name: string): boolean {
  const a = before.filter((x) => x.name !== name).map((x) => `${x.name}=${x.value}`);
  const b = after.filter((x) => x.name !== name).map((x) => `${x.name}=${x.value}`);
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function specsOf(doc: SystemdUnitDocument): string {
  return JSON.stringify(doc.directives.filter((d) => d.kind === 'env-file' || d.kind === 'env-file-reset').map((d) => (d.kind === 'env-file' ? [d.spec.path, d.spec.optional] : 'reset')));
}

/** Applies edits and checks systemd reads back exactly what was meant. */
function verified(doc: SystemdUnitDocument, edits: TextEdit[], ctx: SpecifierContext, name: string, value: string | undefined, apply: (text: string, edits: readonly TextEdit[]) => string): TextEdit[] | undefined {
  const after = parseSystemdUnit(apply(doc.text, edits), ctx);
  const mine = after.assignments.filter((a) => a.name === name);
  if (value === undefined ? mine.length > 0 : mine.length === 0 || mine.some((a) => a.value !== value)) return undefined;
  if (!sameOthers(doc.assignments, after.assignments, name) || specsOf(doc) !== specsOf(after) || after.execStart !== doc.execStart) return undefined;
  return edits;
}

export function setUnitValue(doc: SystemdUnitDocument, name: string, value: string, ctx: SpecifierContext, apply: (text: string, edits: readonly TextEdit[]) => string): TextEdit[] | undefined {
  const word = renderEnvironmentWord(name, value);
  if (!word) return undefined;
  const existing = doc.assignments.filter((a) => a.name === name);
  let edits: TextEdit[];
  if (existing.length > 0) {
    edits = existing.map((a) => ({ offset: a.statementOffset, length: a.statementLength, newText: word }));
  } else if (doc.insertAt !== undefined) {
    const br = lineBreakOf(doc.text);
    const needsBreak = doc.insertAt > 0 && !/[\r\n]$/.test(doc.text.slice(0, doc.insertAt));
    edits = [{ offset: doc.insertAt, length: 0, newText: `${needsBreak ? br : ''}Environment=${word}${br}` }];
  } else {
    const br = lineBreakOf(doc.text);
    const sep = doc.text === '' || /[\r\n]$/.test(doc.text) ? '' : br;
    edits = [{ offset: doc.text.length, length: 0, newText: `${sep}${br}[Service]${br}Environment=${word}${br}` }];
  }
  return verified(doc, edits, ctx, name, value, apply);
}

export function removeUnitValue(doc: SystemdUnitDocument, name: string, ctx: SpecifierContext, apply: (text: string, edits: readonly TextEdit[]) => string): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  for (const directive of doc.directives) {
    if (directive.kind !== 'env') continue;
    const mine = directive.assignments.filter((a) => a.name === name);
    if (mine.length === 0) continue;
    if (mine.length === directive.assignments.length) {
      edits.push({ ...directive.line, newText: '' });
      continue;
    }
    for (const a of mine) {
      let end = a.statementOffset + a.statementLength;
      let start = a.statementOffset;
      const trailing = /^[ \t]+/.exec(doc.text.slice(end));
      if (trailing && !/^[ \t]*(?:[\r\n]|$)/.test(doc.text.slice(end))) end += trailing[0].length;
      else {
        while (start > 0 && (doc.text[start - 1] === ' ' || doc.text[start - 1] === '\t')) start--;
      }
      edits.push({ offset: start, length: end - start, newText: '' });
    }
  }
  if (edits.length === 0) return undefined;
  return verified(doc, edits, ctx, name, undefined, apply);
}

/**
 * systemd's EnvironmentFile= format (and OpenClaw's gateway.systemd.env): `KEY=value` lines, `#`
 * and `;` comment lines; a value may be single-quoted (literal), double-quoted (`\"`, `\\`, `` \` ``,
 * `\$` escapes) or bare (a backslash escapes the next character, trailing whitespace is dropped).
 * The decoding follows OpenClaw's decodeSystemdEnvironmentFileValue, which follows systemd's.
 */
export interface SystemdEnvFileDocument {
  text: string;
  assignments: ServiceAssignment[];
}

function decodeEnvFileValue(raw: string): string {
  let state: 'pre' | 'unquoted' | 'unquoted-escape' | 'single' | 'double' | 'double-escape' = 'pre';
  let decoded = '';
  let trailingWhitespaceStart: number | undefined;
  for (const char of raw) {
    const whitespace = char === ' ' || char === '\t' || char === '\r';
    switch (state) {
      case 'pre':
        if (whitespace) continue;
        if (char === "'") state = 'single';
        else if (char === '"') state = 'double';
        else if (char === '\\') state = 'unquoted-escape';
        else {
          state = 'unquoted';
          decoded += char;
        }
        continue;
      case 'unquoted':
        if (char === '\\') {
          state = 'unquoted-escape';
          trailingWhitespaceStart = undefined;
          continue;
        }
        if (whitespace) trailingWhitespaceStart ??= decoded.length;
        else trailingWhitespaceStart = undefined;
        decoded += char;
        continue;
      case 'unquoted-escape':
        state = 'unquoted';
        decoded += char;
        continue;
      case 'single':
        if (char === "'") state = 'pre';
        else decoded += char;
        continue;
      case 'double':
        if (char === '"') state = 'pre';
        else if (char === '\\') state = 'double-escape';
        else decoded += char;
        continue;
      case 'double-escape':
        state = 'double';
        decoded += ['"', '\\', '`', '$'].includes(char) ? char : `\\${char}`;
        continue;
    }
  }
  if (state === 'unquoted' && trailingWhitespaceStart !== undefined) decoded = decoded.slice(0, trailingWhitespaceStart);
  return decoded;
}

export function parseSystemdEnvFile(text: string): SystemdEnvFileDocument {
  const starts = lineStarts(text);
  const assignments: ServiceAssignment[] = [];
  for (let line = 0; line < starts.length; line++) {
    const lineStart = starts[line];
    let lineEnd = line + 1 < starts.length ? starts[line + 1] : text.length;
    while (lineEnd > lineStart && (text[lineEnd - 1] === '\n' || text[lineEnd - 1] === '\r')) lineEnd--;
    const raw = text.slice(lineStart, lineEnd);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.slice(lead);
    if (!body || body.startsWith('#') || body.startsWith(';')) continue;
    const eq = body.indexOf('=');
    if (eq <= 0) continue;
    const name = body.slice(0, eq).trim();
    if (!name) continue;
    const after = body.slice(eq + 1);
    const valueLead = after.length - after.trimStart().length;
    const written = after.trim();
    const valueOffset = lineStart + lead + eq + 1 + valueLead;
    assignments.push({
      name,
      value: decodeEnvFileValue(after),
      line,
      valueOffset,
      valueLength: written.length,
      statementOffset: lineStart + lead,
      statementLength: valueOffset + written.length - (lineStart + lead),
    });
  }
  return { text, assignments };
}

/** OpenClaw's serializeSystemdEnvironmentFileValue, quoting `;`/`#`-leading values too. */
export function renderEnvFileValue(value: string): string | undefined {
  if (hasLineBreakOrControl(value)) return undefined;
  if (!/[\s\\'"`$]/u.test(value) && value !== '') return value;
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('`', '\\`').replaceAll('$', '\\$')}"`;
}
