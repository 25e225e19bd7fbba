import { parse as dotenvParse } from 'dotenv';
import type { TextEdit } from '../fixes/textEdits';
import { isJsWhitespace, parseDotenvFile, type DotenvDocument, type DotenvEntry } from './dotenvFile';

/**
 * Edits to a `.env` file that dotenv reads back the way they mean. Each edit is checked by parsing
 * the edited file again: the edited key must read the new value and every other entry must read
 * what it read before. An encoding that fails the check (a neighbour's open quote could reach into
 * it, say) is skipped for the next one; when none passes there is no edit.
 */

const QUOTES = ["'", '"', '`'] as const;

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/** dotenv's key characters. */
const DOTENV_KEY = /^[\w.-]+$/;

function isQuoteChar(c: string): boolean {
  return c === "'" || c === '"' || c === '`';
}

/** Where dotenv's pattern ends a line: `^`, `$` and `.` stop at all four. */
function isBreak(c: string): boolean {
  return c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029';
}

/**
 * Unquoted, dotenv reads up to `#` or the line end and trims; a leading quote would start a quoted
 * value (possibly closed lines later), a leading `"` would turn on `\n` expansion, and U+2028/U+2029
 * let dotenv's quote stripping start a new "line" mid-value.
 */
function bareIsSafe(value: string): boolean {
  if (value === '') return false;
  if (isJsWhitespace(value.charCodeAt(0)) || isJsWhitespace(value.charCodeAt(value.length - 1)) || isQuoteChar(value[0])) return false;
  return !/[#\r\n\u2028\u2029]/.test(value);
}

/**
 * The quote must close exactly where we close it, whatever follows in the file: dotenv's quoted
 * body stops at the first quote without a backslash before it, and tries quotes after a backslash
 * only when that one fails. So every quote inside must follow a backslash (which dotenv keeps: it
 * unescapes nothing but `\n` and `\r` in double quotes), and the body must not end in one.
 */
function quotedIsSafe(body: string, quote: string): boolean {
  if (body.endsWith('\\')) return false;
  for (let i = body.indexOf(quote); i >= 0; i = body.indexOf(quote, i + 1)) if (i === 0 || body[i - 1] !== '\\') return false;
  // dotenv turns every `\r` of the file into `\n` before reading; only `\r` escapes keep one.
  return !body.includes('\r');
}

/** dotenv reads `encoded` back as `value`, alone and with quotes and comments on the lines after it. */
function roundTrips(encoded: string, value: string): boolean {
  for (const text of [`K=${encoded}`, `K=${encoded}\n' # '\n" # "\n\` # \`\n#`]) {
    const result = dotenvParse(text);
    if (!hasOwn(result, 'K') || result.K !== value) return false;
  }
  return true;
}

/**
 * Every way to write `value` after `KEY=` that dotenv reads back exactly, best first: one line
 * before several, then shortest (bare, then single, double, backtick quotes on a tie).
 */
export function dotenvEncodings(value: string): string[] {
  const found: string[] = [];
  if (bareIsSafe(value) && roundTrips(value, value)) found.push(value);
  for (const quote of QUOTES) {
    // Double quotes are the only way to write a line break on one line, or a `\r` at all.
    const body = quote === '"' ? value.replace(/\n/g, '\\n').replace(/\r/g, '\\r') : value;
    const encoded = quote + body + quote;
    if (quotedIsSafe(body, quote) && roundTrips(encoded, value)) found.push(encoded);
  }
  const lines = (s: string): number => (s.includes('\n') ? 1 : 0);
  return found.sort((a, b) => lines(a) - lines(b) || a.length - b.length);
}

/**
 * The shortest safe way to write `value` so that `dotenv.parse` returns it exactly: bare when that
 * is safe, else quoted. Undefined when nothing round-trips: dotenv unescapes nothing but `\n`/`\r`
 * in double quotes, so a value with unescaped quotes of all three kinds plus a line break (or
 * plus a literal backslash-n) cannot be written at all.
 */
export function encodeDotenvValue(value: string): string | undefined {
  return dotenvEncodings(value)[0];
}

/** The end of the line at `from` (dotenv's line breaks), before trailing whitespace. */
function trimmedLineEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && !isBreak(text[end])) end++;
  while (end > from && isJsWhitespace(text.charCodeAt(end - 1))) end--;
  return end;
}

function applyEdit(text: string, edit: TextEdit): string {
  return text.slice(0, edit.offset) + edit.newText + text.slice(edit.offset + edit.length);
}

/**
 * Re-parses the edited file: entry `index` (or a new last entry, for index -1) reads `key` =
 * `value`, and every other entry and every other key of dotenv's whole result is as before.
 */
function editReadsBack(doc: DotenvDocument, edit: TextEdit, index: number, key: string, value: string): boolean {
  const after = parseDotenvFile(applyEdit(doc.text, edit));
  if (after.unlocated.length > doc.unlocated.length) return false;
  const expected = doc.entries.map((e) => ({ key: e.key, value: e.value }));
  if (index < 0) expected.push({ key, value });
  else expected[index] = { key, value };
  if (after.entries.length !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) {
    if (after.entries[i].key !== expected[i].key || after.entries[i].value !== expected[i].value) return false;
  }
  // dotenv's whole result: as before, but `key` now reads its last entry's value.
  const parsed = new Map(Object.entries(doc.parsed));
  if (key !== '__proto__') parsed.set(key, expected.filter((e) => e.key === key).at(-1)?.value ?? value);
  const keys = Object.keys(after.parsed);
  return keys.length === parsed.size && keys.every((k) => parsed.get(k) === after.parsed[k]);
}

/** The edit that writes `encoded` as the entry's value, leaving what surrounds the value alone. */
function replaceValue(doc: DotenvDocument, entry: DotenvEntry, encoded: string): TextEdit {
  const { text } = doc;
  let from = entry.valueOffset;
  // dotenv lets a quoted value start on a line after `KEY=`; bare text there would not be read.
  if (/[\r\n\u2028\u2029]/.test(text.slice(entry.separatorEnd, entry.valueOffset))) from = entry.separatorEnd;
  let to = entry.valueOffset + entry.valueLength;
  if (entry.valueLength === 0) {
    // `KEY = ` keeps its spacing: the value goes after the blanks, unless a comment follows them.
    let after = from;
    while (text[after] === ' ' || text[after] === '\t') after++;
    if (after === text.length || isBreak(text[after])) from = to = after;
  }
  // `KEY=abc#def`: the `#def` was written as part of the value, not as a comment; it goes too.
  if (entry.cutAt !== undefined && entry.cutGlued) to = trimmedLineEnd(text, entry.cutAt);
  let newText = encoded;
  // A comment glued to the old closing quote would cut a bare value short.
  if (text[to] === '#' && !isQuoteChar(encoded[0])) newText += ' ';
  return { offset: from, length: to - from, newText };
}

/**
 * Sets `key` to `value`: in its winning entry (keeping `export`, the key as spelled, and a comment
 * after the value), or in a new `KEY=value` line at the end of the file. Undefined when the value
 * cannot be written so that dotenv reads it back, or the key is not one dotenv can read (or is set
 * somewhere the parser could not locate).
 */
export function setDotenvValue(doc: DotenvDocument, key: string, value: string, eol?: '\n' | '\r\n'): TextEdit[] | undefined {
  if (!DOTENV_KEY.test(key) || key === '__proto__') return undefined;
  const lineBreak = eol ?? doc.eol;
  const entry = doc.entryFor(key);
  if (!entry && hasOwn(doc.parsed, key)) return undefined;
  const index = entry ? doc.entries.indexOf(entry) : -1;
  const { text } = doc;
  const empty = text === '' || text === '\uFEFF';
  const endsWithBreak = text.endsWith('\n') || text.endsWith('\r');
  // A new line goes last; after a blank line only if the last line would take it as its value
  // (`KEY:` at the end of a line reads the next line).
  const before = empty || endsWithBreak ? [''] : [lineBreak];
  before.push(before[0] + lineBreak);
  const after = empty || endsWithBreak ? lineBreak : '';
  for (const encoding of dotenvEncodings(value)) {
    // Line breaks inside a quoted value follow the file's; dotenv reads `\r\n` as `\n` anyway.
    const encoded = lineBreak === '\n' ? encoding : encoding.replace(/\n/g, lineBreak);
    const edits: TextEdit[] = entry
      ? [replaceValue(doc, entry, encoded)]
      : before.map((gap) => ({ offset: text.length, length: 0, newText: `${gap}${key}=${encoded}${after}` }));
    for (const edit of edits) if (editReadsBack(doc, edit, index, key, value)) return [edit];
  }
  return undefined;
}

/**
 * The cure for a value cut at `#`: rewrites the entry so that dotenv reads everything written after
 * the separator up to the end of its line (trailing whitespace trimmed), the value the user meant.
 * Undefined for an entry that was not cut, or when that text cannot be written so dotenv reads it.
 */
export function quoteDotenvEntry(doc: DotenvDocument, entry: DotenvEntry): TextEdit[] | undefined {
  if (entry.cutAt === undefined) return undefined;
  const index = doc.entries.indexOf(entry);
  if (index < 0) return undefined;
  const { text } = doc;
  let from = entry.separatorEnd;
  const to = trimmedLineEnd(text, entry.cutAt);
  while (from < to && isJsWhitespace(text.charCodeAt(from))) from++;
  const meant = text.slice(from, to);
  for (const encoded of dotenvEncodings(meant)) {
    // `meant` comes from one line, so no encoding of it spans lines.
    const edit: TextEdit = { offset: from, length: to - from, newText: encoded };
    if (editReadsBack(doc, edit, index, entry.key, meant)) return [edit];
  }
  return undefined;
}

/**
 * Removes the entry's whole line(s), from the line of `export` or the key to the line its value
 * ends on, with one line break (the one before, for a last line without one after).
 */
export function removeDotenvEntry(doc: DotenvDocument, entry: DotenvEntry): TextEdit[] {
  const { text } = doc;
  let from = entry.start;
  while (from > 0 && !isBreak(text[from - 1])) from--;
  // A byte order mark belongs to the file, not to its first line.
  if (from === 0 && text.startsWith('\uFEFF')) from = 1;
  let to = entry.end;
  while (to < text.length && !isBreak(text[to])) to++;
  if (to < text.length) {
    to += text.startsWith('\r\n', to) ? 2 : 1;
  } else if (from > 0 && (from > 1 || !text.startsWith('\uFEFF'))) {
    from -= from >= 2 && text.startsWith('\r\n', from - 2) ? 2 : 1;
  }
  return [{ offset: from, length: to - from, newText: '' }];
}
