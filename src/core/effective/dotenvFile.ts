import { parse as dotenvParse } from 'dotenv';

/**
 * OpenClaw's `.env` files (`~/.openclaw/.env`, `~/.config/openclaw/gateway.env`) as OpenClaw reads
 * them: `dotenv` 17.4.2's `parse`, then only keys that pass OpenClaw's portable-key test
 * (dist/dotenv-global-*.mjs → `normalizeEnvVarKey(key, { portable: true })`).
 *
 * Every value here comes from dotenv's own `parse`; nothing re-derives its quoting rules. What dotenv
 * cannot give is where each value was written, so a scanner finds the match that dotenv's line
 * pattern makes, match by match, and dotenv then parses the text of each match on its own.
 *
 * Why not run dotenv's pattern itself to find the spans: it backtracks quadratically over runs of
 * blank lines (every line start in the run re-reads the rest of the run; 16,000 empty lines take
 * half a second, 1 MB of them half an hour). The scanner below decides exactly what the pattern
 * decides, in one pass. Whole-file `parse` still runs, unless the scanner counted the blank-line
 * runs that make it slow: its result is what OpenClaw applies, so it is `values`, and it is checked
 * against the entries (a key whose located entry disagrees keeps its value but loses its span).
 *
 * dotenv's pattern, for reference (lib/main.js, `LINE`, flags `mg`):
 *   (?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)
 *   (\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)
 * run with `exec` over the text after `\r\n?` became `\n`. Things that follow from it and surprise:
 * - `#` ends an unquoted value wherever it is, with or without a space before it: `K=abc#def` and
 *   `K=abc #def` both read `abc`; `K=#abc` reads an empty value. Inside a closed quote `#` is text.
 * - `\s` is JavaScript's: it includes a byte order mark (U+FEFF), so a BOM before the first key is
 *   skipped like a space and changes nothing; `^`, `$` and `.` also treat U+2028/U+2029 as line breaks.
 * - `\s*` crosses line breaks: `KEY` and `=value` may sit on two lines, `export` may stand on its own
 *   line before the key, and `KEY=` followed by a line that starts with a quote takes that line.
 * - `KEY: value` needs whitespace after the colon, and that whitespace may be the line break:
 *   `KEY:` at the end of a line takes the whole next line (`A:\nB=1` sets A to `B=1`, not B).
 * - A quote that is not closed on its line runs on to the next quote of its kind, however far, if a
 *   comment or the end of a line follows that one; otherwise the value is read unquoted.
 * - Single quotes and backticks keep everything literally (`'it\'s'` reads `it\'s`); double quotes
 *   turn `\n` and `\r` into line breaks and nothing else. A double quote that opens a value which is
 *   not closed still turns on that expansion (`K="a\n` reads `"a` plus a line feed).
 * - `__proto__=x` is dropped: dotenv assigns it to a plain object, where it is the prototype setter.
 */

/** OpenClaw's host-env-security.ts: the keys its dotenv loader keeps. */
export const PORTABLE_ENV_VAR_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** OpenClaw skips a `.env` file larger than this many bytes entirely (dotenv-global-core.ts). */
export const MAX_DOTENV_FILE_BYTES = 1048576;

export interface DotenvEntry {
  /** As written (dotenv's key characters, `[A-Za-z0-9_.-]`, are never whitespace). */
  key: string;
  /** Exactly what `dotenv.parse` gives for this assignment on its own. */
  value: string;
  /** Zero-based line of the key (lines end at `\r\n`, `\r` or `\n`, as in VS Code). */
  line: number;
  /** UTF-16 offsets into the text. */
  keyOffset: number;
  keyLength: number;
  /**
   * The value as written, quotes included, without the whitespace dotenv trims. For an empty value
   * the length is 0 and the offset is just past the separator.
   */
  valueOffset: number;
  valueLength: number;
  /** The value was read as a quoted string (dotenv stripped these quotes). */
  quote?: '"' | "'" | '`';
  /** `export KEY=...` */
  exported: boolean;
  /**
   * An unquoted value that dotenv cut short: the offset of the `#` where it stopped reading. The `#`
   * and everything after it on the line are dropped, whether whitespace comes before the `#`
   * (`KEY=abc #def`, `KEY= #def`) or not (`KEY=abc#def`, `KEY=#def`); see `cutGlued` to tell a
   * comment from a value with a `#` in it. Not set for quoted values: after a closing quote `#`
   * starts a real comment, and inside one it is text.
   */
  cutAt?: number;
  /**
   * With `cutAt`: the `#` directly follows the value or the `=` with no whitespace between, so it
   * reads as part of the value the user meant (a password with a `#`), not as a comment.
   */
  cutGlued?: boolean;
  /** OpenClaw keeps this key: it passes the portable-key test and dotenv's result holds it. */
  accepted: boolean;
  /** Where the assignment starts: `export` or the key. */
  start: number;
  /** The `=` or `:` separator. */
  separatorOffset: number;
  /** Just past the separator (after `=`, or after the one whitespace character `:` needs). */
  separatorEnd: number;
  /** Just past the assignment's last character: its value, or its separator when the value is empty. */
  end: number;
  /** Zero-based line of `end - 1`: the assignment's last line. */
  endLine: number;
}

export interface DotenvDocument {
  text: string;
  /** Every assignment dotenv reads, in source order, duplicates included. */
  entries: DotenvEntry[];
  /** What OpenClaw applies: dotenv's result filtered by the portable-key test (no prototype). */
  values: Readonly<Record<string, string>>;
  /** dotenv's whole result before OpenClaw's key filter (no prototype). */
  parsed: Readonly<Record<string, string>>;
  /**
   * Keys dotenv produced that no located entry accounts for (the scanner and dotenv disagreed).
   * They are in `values`/`parsed` but `entryFor` has no span for them. Empty unless something is wrong.
   */
  unlocated: string[];
  /** Whole-file `dotenv.parse` ran and agreed; false when it was skipped as too slow on this text. */
  crossChecked: boolean;
  /** Larger than OpenClaw's read limit: OpenClaw ignores the whole file. */
  oversized: boolean;
  /** The file's line ending, from its first line break (`\n` when it has none). */
  eol: '\n' | '\r\n';
  /** The entry whose value wins for a key (the last one, as dotenv), or undefined. */
  entryFor(key: string): DotenvEntry | undefined;
}

// Char codes as plain numbers: the scanner's hot loops compare `charCodeAt` results with them.
const TAB = 9;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const DOUBLE_QUOTE = 34;
const HASH = 35;
const SINGLE_QUOTE = 39;
const MINUS = 45;
const DOT = 46;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const COLON = 58;
const EQUALS = 61;
const UPPER_A = 65;
const UPPER_Z = 90;
const BACKSLASH = 92;
const UNDERSCORE = 95;
const BACKTICK = 96;
const LOWER_A = 97;
const LOWER_Z = 122;
const NO_BREAK_SPACE = 0xa0;
const LINE_SEPARATOR = 0x2028;
const PARAGRAPH_SEPARATOR = 0x2029;
const BYTE_ORDER_MARK = 0xfeff;

/** JavaScript's `\s` (WhiteSpace and LineTerminator), the class dotenv's pattern and `trim` use. */
export function isJsWhitespace(c: number): boolean {
  if (c <= SPACE) return c === SPACE || (c >= TAB && c <= CARRIAGE_RETURN);
  if (c < NO_BREAK_SPACE) return false;
  return (
    c === NO_BREAK_SPACE ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === LINE_SEPARATOR ||
    c === PARAGRAPH_SEPARATOR ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === BYTE_ORDER_MARK
  );
}

/** Where a multiline `^`/`$` matches and `.` stops. */
function isLineTerminator(c: number): boolean {
  return c === LINE_FEED || c === CARRIAGE_RETURN || c === LINE_SEPARATOR || c === PARAGRAPH_SEPARATOR;
}

/** `[\w.-]` without the `u` flag: ASCII only. */
function isKeyChar(c: number): boolean {
  return (c >= LOWER_A && c <= LOWER_Z) || (c >= UPPER_A && c <= UPPER_Z) || (c >= DIGIT_0 && c <= DIGIT_9) || c === UNDERSCORE || c === DOT || c === MINUS;
}

function isQuote(c: number): boolean {
  return c === SINGLE_QUOTE || c === DOUBLE_QUOTE || c === BACKTICK;
}

/** The fields of one match in `Scanner.out`, on the `\n`-normalised text. */
const enum F {
  /** Where the assignment starts: `export` or the key. */
  Start,
  KeyStart,
  KeyEnd,
  SeparatorOffset,
  SeparatorEnd,
  ValueStart,
  ValueEnd,
  /** The `#` that ended an unquoted value, or -1. */
  CutAt,
  /** Where `exec` leaves `lastIndex`. */
  End,
  /** The opening quote's char code when the value was read quoted, else 0. */
  Quote,
  Exported,
  Stride,
}

/**
 * Runs the decisions of dotenv's pattern on normalised text `s`. Each step names the part of the
 * pattern it stands for; where the pattern would backtrack, the comment says why only one choice
 * can succeed, which is what keeps this linear. Matches go into a flat typed array: a 1 MB file
 * can hold 200,000 of them, and an object each costs more than the scan.
 */
class Scanner {
  /** An estimate of the extra steps dotenv's backtracking spends on runs of blank lines. */
  quadraticWork = 0;
  count = 0;
  out = new Int32Array(F.Stride * 64);
  private readonly n: number;
  // The value part of the match being scanned (value, quoted and tail write them).
  private valueStart = 0;
  private valueEnd = 0;
  private cutAt = -1;
  private quote = 0;
  private end = 0;

  constructor(private readonly s: string) {
    this.n = s.length;
  }

  scan(): void {
    const { s, n } = this;
    let lastIndex = 0;
    for (;;) {
      // `exec` tries every position from lastIndex; only a line start passes `^`.
      let p = lastIndex;
      if (p > 0 && !isLineTerminator(s.charCodeAt(p - 1))) {
        while (p < n && !isLineTerminator(s.charCodeAt(p))) p++;
        p++;
      }
      if (p > n) return;
      // `\s*`: greedy; giving some back cannot help, since `export` and a key start with neither
      // a space nor a line break.
      let q = p;
      let lineStarts = 0;
      let lineStartSum = 0;
      while (q < n) {
        const c = s.charCodeAt(q);
        if (!isJsWhitespace(c)) break;
        q++;
        if (isLineTerminator(c)) {
          lineStarts++;
          lineStartSum += q;
        }
      }
      if (q < n && this.attempt(q)) {
        lastIndex = this.end;
        continue;
      }
      // Every line start in (p, q] reaches the same q and fails the same way; dotenv's pattern
      // still tries each of them, re-reading the rest of the run.
      this.quadraticWork += lineStarts * q - lineStartSum;
      if (q >= n) return;
      lastIndex = q + 1;
    }
  }

  private wsEnd(i: number): number {
    const { s, n } = this;
    while (i < n && isJsWhitespace(s.charCodeAt(i))) i++;
    return i;
  }

  /** `(?:export\s+)?` is greedy: with `export` first, then the key itself may be `export`. */
  private attempt(q: number): boolean {
    const { s, n } = this;
    if (s.startsWith('export', q) && q + 6 < n && isJsWhitespace(s.charCodeAt(q + 6))) {
      // `\s+` greedy, and as above only its full length can be followed by a key.
      if (this.fromKey(q, this.wsEnd(q + 6), true)) return true;
    }
    return this.fromKey(q, q, false);
  }

  private fromKey(start: number, k: number, exported: boolean): boolean {
    const { s, n } = this;
    if (k >= n || !isKeyChar(s.charCodeAt(k))) return false;
    // `[\w.-]+` greedy; a shorter key is followed by a key character, which no separator starts with.
    let keyEnd = k;
    while (keyEnd < n && isKeyChar(s.charCodeAt(keyEnd))) keyEnd++;
    let separatorOffset: number;
    let v: number;
    // `\s*=`: only the whole whitespace run can be followed by `=`.
    const eq = this.wsEnd(keyEnd);
    if (eq < n && s.charCodeAt(eq) === EQUALS) {
      separatorOffset = eq;
      v = eq + 1;
    } else if (keyEnd + 1 < n && s.charCodeAt(keyEnd) === COLON && isJsWhitespace(s.charCodeAt(keyEnd + 1))) {
      // `:\s+?`: lazy, one character.
      separatorOffset = keyEnd;
      v = keyEnd + 2;
    } else {
      return false;
    }
    // The lazy `\s*?` after `=` never has to grow: the rest of the pattern matches right after `=`
    // whatever follows (see `value`), so the value part starts exactly at v.
    if (!this.value(v)) return false;
    if (this.out.length < (this.count + 1) * F.Stride) {
      const grown = new Int32Array(this.out.length * 2);
      grown.set(this.out);
      this.out = grown;
    }
    const o = this.count++ * F.Stride;
    const out = this.out;
    out[o + F.Start] = start;
    out[o + F.KeyStart] = k;
    out[o + F.KeyEnd] = keyEnd;
    out[o + F.SeparatorOffset] = separatorOffset;
    out[o + F.SeparatorEnd] = v;
    out[o + F.ValueStart] = this.valueStart;
    out[o + F.ValueEnd] = this.valueEnd;
    out[o + F.CutAt] = this.cutAt;
    out[o + F.End] = this.end;
    out[o + F.Quote] = this.quote;
    out[o + F.Exported] = exported ? 1 : 0;
    return true;
  }

  /** The optional value group, tried in the pattern's order, then the end of the match. */
  private value(v: number): boolean {
    const { s, n } = this;
    this.cutAt = -1;
    this.quote = 0;
    // Alternatives 1–3: `\s*` then a quote; only one of them can see a quote at y.
    const y = this.wsEnd(v);
    if (y < n && isQuote(s.charCodeAt(y)) && this.quoted(y)) return true;
    // Alternative 4, `[^#\r\n]+`: greedy, and its longest form always lets the rest match.
    const c = v < n ? s.charCodeAt(v) : -1;
    if (c !== -1 && c !== HASH && c !== LINE_FEED && c !== CARRIAGE_RETURN) {
      let a = v;
      while (a < n) {
        const d = s.charCodeAt(a);
        if (d === HASH || d === LINE_FEED || d === CARRIAGE_RETURN) break;
        a++;
      }
      let valueStart = v;
      while (valueStart < a && isJsWhitespace(s.charCodeAt(valueStart))) valueStart++;
      let valueEnd = a;
      while (valueEnd > valueStart && isJsWhitespace(s.charCodeAt(valueEnd - 1))) valueEnd--;
      if (valueStart === valueEnd) valueStart = valueEnd = v;
      this.valueStart = valueStart;
      this.valueEnd = valueEnd;
      if (a < n && s.charCodeAt(a) === HASH) this.cutAt = a;
      this.end = this.tail(a);
      return true;
    }
    // No value: v is at `#`, at a line feed or at the end, where the tail always matches.
    this.valueStart = this.valueEnd = v;
    if (c === HASH) this.cutAt = v;
    this.end = this.tail(v);
    return this.end >= 0;
  }

  /**
   * A quoted alternative from the opening quote at y. Its body, `(?:\\q|[^q])*`, can stop at any
   * quote that follows a backslash, or at the first quote that does not (the "hard stop": nothing
   * reaches past it). Backtracking tries the hard stop first, then the others from the last back;
   * the first whose tail matches wins.
   */
  private quoted(y: number): boolean {
    const { s, n } = this;
    const q = s.charCodeAt(y);
    let hard = y + 1;
    while (hard < n && (s.charCodeAt(hard) !== q || (hard > y + 1 && s.charCodeAt(hard - 1) === BACKSLASH))) hard++;
    let close = hard;
    let end = hard < n ? this.tail(hard + 1) : -1;
    // The escaped quotes before the hard stop, from the last back.
    while (end < 0 && --close > y + 1) {
      if (s.charCodeAt(close) === q && s.charCodeAt(close - 1) === BACKSLASH) end = this.tail(close + 1);
    }
    if (end < 0) return false;
    this.valueStart = y;
    this.valueEnd = close + 1;
    this.quote = q;
    this.end = end;
    return true;
  }

  /**
   * `\s*(?:#.*)?$` from a: the greedy `\s*` first, so a comment on a later line is swallowed; else
   * the last line break inside the whitespace; else the end of the text. -1 when none fits.
   */
  private tail(a: number): number {
    const { s, n } = this;
    const x = this.wsEnd(a);
    if (x >= n) return n;
    if (s.charCodeAt(x) === HASH) {
      let e = x;
      while (e < n && !isLineTerminator(s.charCodeAt(e))) e++;
      return e;
    }
    for (let w = x - 1; w >= a; w--) if (isLineTerminator(s.charCodeAt(w))) return w;
    return -1;
  }
}

/** Beyond this many extra steps whole-file `dotenv.parse` is too slow to run at all. */
const WHOLE_PARSE_BUDGET = 2_000_000;

/**
 * Up to this size every located entry's value is read from its own text and compared with the
 * whole-file result. Above it, winning entries take their value from the whole-file result (what
 * OpenClaw applies either way) and only shadowed duplicates are read from their own text, which
 * keeps a 1 MB file to about one pass of dotenv instead of two.
 */
const FULL_CROSS_CHECK_CHARS = 256 * 1024;

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

function safeParse(text: string): Record<string, string> | undefined {
  try {
    return dotenvParse(text);
  } catch {
    // dotenv does not throw on a string; this only keeps a future version from taking us down.
    return undefined;
  }
}

/**
 * Separates match texts in one batch for dotenv, so that each reads exactly as it reads alone:
 * - A match's text may end inside an open quote (that quote failed and the value was read
 *   unquoted). On the separator line each quote kind meets a quote that no backslash escapes and
 *   that neither whitespace, `#` nor a line end follows, so the quote fails here too, as it did at
 *   the end of the text alone.
 * - A match's text may end in whitespace where dotenv looks past it for a quote or a `#`; the
 *   separator line starts with a plain letter, which is neither.
 * - The line `x'"`x` is no assignment: no `=` or `:` follows the key `x`.
 */
const BATCH_SEPARATOR = '\nx\'"`x\n';

/**
 * Matches per `parse` call: each call builds an object with one property per match, and V8 slows
 * down sharply on objects with many thousands of properties.
 */
const BATCH_SIZE = 512;

/**
 * What dotenv gives each selected match's text on its own, in few `parse` calls: texts joined by
 * BATCH_SEPARATOR, each key renamed to a unique name. Any key behaves the same in dotenv's pattern
 * (the character after it decides what follows), and renaming also keeps `__proto__` and duplicate
 * keys. A value is undefined where dotenv does not give back exactly one value for the text.
 */
function valuesOfMatches(s: string, out: Int32Array, selected: readonly number[]): Array<string | undefined> {
  const values: Array<string | undefined> = new Array<string | undefined>(selected.length);
  for (let from = 0; from < selected.length; from += BATCH_SIZE) {
    const to = Math.min(selected.length, from + BATCH_SIZE);
    let batch = '';
    for (let j = from; j < to; j++) {
      const o = selected[j] * F.Stride;
      if (j > from) batch += BATCH_SEPARATOR;
      batch += s.slice(out[o + F.Start], out[o + F.KeyStart]) + 'K' + String(j - from) + s.slice(out[o + F.KeyEnd], out[o + F.End]);
    }
    const result = safeParse(batch);
    const agreed = result !== undefined && Object.keys(result).length === to - from;
    for (let j = from; j < to; j++) {
      const value = agreed ? result['K' + String(j - from)] : undefined;
      values[j] = typeof value === 'string' ? value : valueOfMatch(s, out, selected[j] * F.Stride);
    }
  }
  return values;
}

/** The same for one match, for a batch that did not come back whole. */
function valueOfMatch(s: string, out: Int32Array, o: number): string | undefined {
  const result = safeParse(s.slice(out[o + F.Start], out[o + F.KeyStart]) + 'K' + s.slice(out[o + F.KeyEnd], out[o + F.End]));
  return result && Object.keys(result).length === 1 && typeof result.K === 'string' ? result.K : undefined;
}

/**
 * Maps offsets in the `\r\n`→`\n` text back to the original, for offsets asked in increasing order
 * (the scanner reports them so): each `\r\n` passed shifts what follows by one. A lone `\r` became
 * a `\n` of the same length.
 */
class OffsetCursor {
  private normal = 0;
  private original = 0;
  private nextPair: number;

  constructor(private readonly text: string) {
    this.nextPair = text.indexOf('\r\n');
  }

  toOriginal(i: number): number {
    while (this.nextPair >= 0) {
      const pairAt = this.nextPair - (this.original - this.normal);
      if (pairAt >= i) break;
      this.original = this.nextPair + 2;
      this.normal = pairAt + 1;
      this.nextPair = this.text.indexOf('\r\n', this.original);
    }
    return i + (this.original - this.normal);
  }
}

/** Zero-based lines of offsets asked in increasing order; lines end at `\r\n`, `\r` or `\n`. */
class LineCursor {
  private offset = 0;
  private line = 0;

  constructor(private readonly text: string) {}

  lineOf(offset: number): number {
    const { text } = this;
    for (let i = this.offset; i < offset; i++) {
      const c = text.charCodeAt(i);
      if (c === LINE_FEED || (c === CARRIAGE_RETURN && text.charCodeAt(i + 1) !== LINE_FEED)) this.line++;
    }
    if (offset > this.offset) this.offset = offset;
    return this.line;
  }
}

export function parseDotenvFile(text: string): DotenvDocument {
  // dotenv reads lines the same way before matching.
  const normalised = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  const scanner = new Scanner(normalised);
  scanner.scan();
  const { out, count } = scanner;
  const keys: string[] = new Array<string>(count);
  const last = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const o = i * F.Stride;
    keys[i] = normalised.slice(out[o + F.KeyStart], out[o + F.KeyEnd]);
    last.set(keys[i], i);
  }

  const whole = scanner.quadraticWork <= WHOLE_PARSE_BUDGET ? safeParse(text) : undefined;
  const checkAll = !whole || normalised.length <= FULL_CROSS_CHECK_CHARS;
  const ownValue = (i: number): boolean => checkAll || last.get(keys[i]) !== i || !hasOwn(whole, keys[i]);
  const selected: number[] = [];
  for (let i = 0; i < count; i++) if (ownValue(i)) selected.push(i);
  const selectedValues = valuesOfMatches(normalised, out, selected);
  const matchValues: Array<string | undefined> = checkAll ? selectedValues : new Array<string | undefined>(count);
  if (!checkAll && whole) {
    for (let i = 0; i < count; i++) matchValues[i] = whole[keys[i]];
    for (let j = 0; j < selected.length; j++) matchValues[selected[j]] = selectedValues[j];
  }

  const offsets = new OffsetCursor(text);
  const lines = new LineCursor(text);
  const entries: DotenvEntry[] = [];
  const unlocated = new Set<string>();
  for (let i = 0; i < count; i++) {
    const o = i * F.Stride;
    const key = keys[i];
    const value = matchValues[i];
    if (value === undefined) {
      // The scanner found a match that dotenv does not make from the same text: trust neither.
      unlocated.add(key);
      continue;
    }
    const start = offsets.toOriginal(out[o + F.Start]);
    const keyOffset = offsets.toOriginal(out[o + F.KeyStart]);
    const separatorOffset = offsets.toOriginal(out[o + F.SeparatorOffset]);
    const separatorEnd = offsets.toOriginal(out[o + F.SeparatorEnd]);
    const valueOffset = offsets.toOriginal(out[o + F.ValueStart]);
    const valueEnd = offsets.toOriginal(out[o + F.ValueEnd]);
    const end = valueEnd > valueOffset ? valueEnd : separatorOffset + 1;
    const quote = out[o + F.Quote];
    const cutAt = out[o + F.CutAt];
    entries.push({
      key,
      value,
      line: lines.lineOf(keyOffset),
      keyOffset,
      keyLength: key.length,
      valueOffset,
      valueLength: valueEnd - valueOffset,
      exported: out[o + F.Exported] === 1,
      accepted: key !== '__proto__' && PORTABLE_ENV_VAR_KEY.test(key),
      start,
      separatorOffset,
      separatorEnd,
      end,
      endLine: lines.lineOf(end - 1),
      // Every entry gets every property, so that all share one shape (a 1 MB file can hold
      // 200,000 entries).
      quote: quote === 0 ? undefined : (String.fromCharCode(quote) as '"' | "'" | '`'),
      cutAt: cutAt >= 0 ? offsets.toOriginal(cutAt) : undefined,
      cutGlued: cutAt >= 0 ? !isJsWhitespace(normalised.charCodeAt(cutAt - 1)) : undefined,
    });
  }

  // Last entry per key, in the order dotenv's object lists the keys.
  const winners = new Map<string, DotenvEntry>();
  for (const entry of entries) if (entry.key !== '__proto__') winners.set(entry.key, entry);

  let parsed: Record<string, string>;
  if (whole) {
    // dotenv's own object, without the prototype that would answer for `constructor` or `toString`.
    parsed = Object.setPrototypeOf(whole, null) as Record<string, string>;
    let located = 0;
    for (const [key, entry] of winners) {
      if (hasOwn(parsed, key) && parsed[key] === entry.value) located++;
      else unlocated.add(key);
    }
    if (located !== Object.keys(parsed).length) for (const key of Object.keys(parsed)) if (!winners.has(key)) unlocated.add(key);
  } else {
    parsed = Object.create(null) as Record<string, string>;
    for (const [key, entry] of winners) parsed[key] = entry.value;
  }
  for (const key of unlocated) winners.delete(key);

  let values = parsed;
  const parsedKeys = Object.keys(parsed);
  if (!parsedKeys.every((key) => PORTABLE_ENV_VAR_KEY.test(key))) {
    values = Object.create(null) as Record<string, string>;
    for (const key of parsedKeys) if (PORTABLE_ENV_VAR_KEY.test(key)) values[key] = parsed[key];
  }
  for (const entry of entries) if (entry.accepted && !hasOwn(parsed, entry.key)) entry.accepted = false;

  const firstBreak = text.search(/[\r\n]/);
  return {
    text,
    entries,
    values,
    parsed,
    unlocated: [...unlocated],
    crossChecked: whole !== undefined && checkAll && unlocated.size === 0,
    // UTF-8 takes at most three bytes per UTF-16 unit: count only when it could matter.
    oversized: text.length > MAX_DOTENV_FILE_BYTES / 3 && Buffer.byteLength(text, 'utf8') > MAX_DOTENV_FILE_BYTES,
    eol: firstBreak >= 0 && text.startsWith('\r\n', firstBreak) ? '\r\n' : '\n',
    entryFor: (key) => winners.get(key),
  };
}
