import type { JsonNode } from './jsonTree';
import { msg, type MessageArg } from './messages';

/**
 * One parser for JSON, JSONC and JSON5 (OpenClaw reads openclaw.json with JSON5). It keeps exact
 * source ranges, duplicate keys and the quoting style of every key and string, and on the first
 * syntax error it stops with a message that says what was expected ("Missing comma between two
 * properties") instead of a bare "unexpected token".
 *
 * A syntax error is shown in editors, CLI output and CI logs, and the text around it is often a
 * secret typed without quotes. So messages never quote the user's text: no key names, no string
 * contents, no words; at most one punctuation character. The range says where.
 */

export type Dialect = 'json' | 'jsonc' | 'json5';

export interface SyntaxProblem {
  /** English template with {0}-style placeholders, translated by the caller. */
  message: string;
  /** Never text of the document beyond one punctuation character (see describeChar). */
  args: MessageArg[];
  offset: number;
  length: number;
}

export interface SourceStyle {
  /** Quote of the first key: '"', "'" or '' (unquoted JSON5 keys). */
  keyQuote: '"' | "'" | '';
  stringQuote: '"' | "'";
  trailingCommas: boolean;
  comments: boolean;
}

/** A comment's place in the source (suppression directives live in comments). */
export interface CommentSpan {
  offset: number;
  length: number;
  kind: 'line' | 'block';
}

export interface ParseResult {
  root?: JsonNode;
  /** Every comment before the point where parsing stopped, in source order. */
  comments: CommentSpan[];
  error?: SyntaxProblem;
  dialect: Dialect;
  style: SourceStyle;
}

const enum Ch {
  Tab = 9,
  LineFeed = 10,
  VerticalTab = 11,
  FormFeed = 12,
  CarriageReturn = 13,
  Space = 32,
  DoubleQuote = 34,
  Dollar = 36,
  SingleQuote = 39,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Digit0 = 48,
  Digit9 = 57,
  Colon = 58,
  UpperA = 65,
  UpperZ = 90,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  Underscore = 95,
  LowerA = 97,
  LowerZ = 122,
  OpenBrace = 123,
  CloseBrace = 125,
  Asterisk = 42,
  Nbsp = 0xa0,
  Bom = 0xfeff,
  LineSeparator = 0x2028,
  ParagraphSeparator = 0x2029,
}

const MAX_DEPTH = 512;

class ParseFailure extends Error {
  constructor(readonly problem: SyntaxProblem) {
    super(problem.message);
  }
}

const NUMBER = /[+-]?(?:0[xX][0-9a-fA-F]+|Infinity|NaN|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/y;
const IDENTIFIER_START = /[\p{L}\p{Nl}$_]/u;
const IDENTIFIER_PART = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}$_\u200c\u200d]/u;

export function parseJson5(text: string): ParseResult {
  return new Parser(text).run();
}

function isIdentStartCode(code: number): boolean {
  return (
    (code >= Ch.LowerA && code <= Ch.LowerZ) ||
    (code >= Ch.UpperA && code <= Ch.UpperZ) ||
    code === Ch.Underscore ||
    code === Ch.Dollar ||
    (code > 127 && IDENTIFIER_START.test(String.fromCharCode(code)))
  );
}

function isIdentPartCode(code: number): boolean {
  return (
    isIdentStartCode(code) ||
    (code >= Ch.Digit0 && code <= Ch.Digit9) ||
    (code > 127 && IDENTIFIER_PART.test(String.fromCharCode(code)))
  );
}

/** ASCII punctuation a message may quote: it belongs to the grammar, and one such character reveals nothing. */
const QUOTABLE = /^[!-/:-@[-^`{-~]$/;

/**
 * Names the character at `offset` for a message without quoting the user's text: punctuation
 * as itself, everything else by its class (a letter or digit may be the start of a secret).
 */
function describeChar(text: string, offset: number): MessageArg {
  if (offset >= text.length) return msg('the end of the file');
  const cp = text.codePointAt(offset) ?? 0;
  if (cp < 32 || cp === 127) return msg('a control character (U+{0})', cp.toString(16).toUpperCase().padStart(4, '0'));
  const ch = String.fromCodePoint(cp);
  if (QUOTABLE.test(ch)) return `"${ch}"`;
  if (ch === ' ') return msg('a space');
  if (/[0-9]/.test(ch)) return msg('a digit');
  if (/[A-Za-z_]/.test(ch)) return msg('a letter');
  if (cp > 127 && /\s/u.test(ch)) return msg('a space');
  return msg('a non-ASCII character');
}

class Parser {
  private pos = 0;
  private depth = 0;
  private json5 = false;
  private sawComment = false;
  private readonly comments: CommentSpan[] = [];
  private sawTrailingComma = false;
  private firstKeyQuote: '"' | "'" | '' | undefined;
  private firstStringQuote: '"' | "'" | undefined;

  constructor(private readonly text: string) {}

  run(): ParseResult {
    let root: JsonNode | undefined;
    let error: SyntaxProblem | undefined;
    try {
      if (this.text.charCodeAt(0) === Ch.Bom) this.pos = 1;
      this.skipTrivia();
      if (this.pos >= this.text.length) {
        this.fail('The file is empty: OpenClaw expects a JSON5 object with at least gateway.mode', [], this.pos, 0);
      }
      root = this.parseValue(undefined);
      this.skipTrivia();
      if (this.pos < this.text.length) {
        this.fail('Expected the end of the file after the top-level value, found {0}', [describeChar(this.text, this.pos)], this.pos, 1);
      }
    } catch (e) {
      if (!(e instanceof ParseFailure)) throw e;
      error = e.problem;
      root = undefined;
    }
    const dialect: Dialect = this.json5 ? 'json5' : this.sawComment || this.sawTrailingComma ? 'jsonc' : 'json';
    return {
      root,
      comments: this.comments,
      error,
      dialect,
      style: {
        keyQuote: this.firstKeyQuote ?? '"',
        stringQuote: this.firstStringQuote ?? (this.firstKeyQuote === "'" ? "'" : '"'),
        trailingCommas: this.sawTrailingComma,
        comments: this.sawComment,
      },
    };
  }

  private fail(message: string, args: MessageArg[], offset: number, length: number): never {
    const max = this.text.length;
    const start = Math.min(Math.max(0, offset), max);
    throw new ParseFailure({ message, args, offset: start, length: Math.max(0, Math.min(length, max - start)) });
  }

  private skipTrivia(): void {
    const text = this.text;
    const len = text.length;
    while (this.pos < len) {
      const code = text.charCodeAt(this.pos);
      if (code === Ch.Space || code === Ch.LineFeed || code === Ch.CarriageReturn || code === Ch.Tab) {
        this.pos++;
      } else if (code === Ch.Slash) {
        const next = text.charCodeAt(this.pos + 1);
        if (next === Ch.Slash) {
          this.sawComment = true;
          const start = this.pos;
          this.pos += 2;
          while (this.pos < len) {
            const c = text.charCodeAt(this.pos);
            if (c === Ch.LineFeed || c === Ch.CarriageReturn || c === Ch.LineSeparator || c === Ch.ParagraphSeparator) break;
            this.pos++;
          }
          this.comments.push({ offset: start, length: this.pos - start, kind: 'line' });
        } else if (next === Ch.Asterisk) {
          this.sawComment = true;
          const end = text.indexOf('*/', this.pos + 2);
          if (end < 0) this.fail('Unterminated block comment: "/*" is never closed with "*/"', [], this.pos, 2);
          this.comments.push({ offset: this.pos, length: end + 2 - this.pos, kind: 'block' });
          this.pos = end + 2;
        } else {
          return;
        }
      } else if (
        code === Ch.VerticalTab ||
        code === Ch.FormFeed ||
        code === Ch.Nbsp ||
        code === Ch.Bom ||
        code === Ch.LineSeparator ||
        code === Ch.ParagraphSeparator ||
        (code > 127 && /\s/.test(text[this.pos]))
      ) {
        this.json5 = true;
        this.pos++;
      } else {
        return;
      }
    }
  }

  private parseValue(parent: JsonNode | undefined): JsonNode {
    const text = this.text;
    const code = text.charCodeAt(this.pos);
    switch (code) {
      case Ch.OpenBrace:
      case Ch.OpenBracket: {
        // No real config nests this deep; stopping here keeps hostile input from exhausting the stack.
        if (++this.depth > MAX_DEPTH) this.fail('Values are nested more than {0} levels deep', [String(MAX_DEPTH)], this.pos, 1);
        const node = code === Ch.OpenBrace ? this.parseObject(parent) : this.parseArray(parent);
        this.depth--;
        return node;
      }
      case Ch.DoubleQuote:
      case Ch.SingleQuote:
        return this.parseString(parent, false);
    }
    if (code === 116 /* t */ && text.startsWith('true', this.pos) && !isIdentPartCode(text.charCodeAt(this.pos + 4))) {
      return this.literal(parent, 'boolean', true, 4);
    }
    if (code === 102 /* f */ && text.startsWith('false', this.pos) && !isIdentPartCode(text.charCodeAt(this.pos + 5))) {
      return this.literal(parent, 'boolean', false, 5);
    }
    if (code === 110 /* n */ && text.startsWith('null', this.pos) && !isIdentPartCode(text.charCodeAt(this.pos + 4))) {
      return this.literal(parent, 'null', null, 4);
    }
    if ((code >= Ch.Digit0 && code <= Ch.Digit9) || code === Ch.Minus || code === Ch.Plus || code === Ch.Dot || code === 73 /* I */ || code === 78 /* N */) {
      const number = this.tryNumber(parent);
      if (number) return number;
    }
    if (this.pos >= text.length) this.fail('Unexpected end of file: a value is missing', [], this.pos, 0);
    if (isIdentStartCode(code)) {
      const start = this.pos;
      let end = start + 1;
      while (end < text.length && isIdentPartCode(text.charCodeAt(end))) end++;
      // The word is often a secret written without quotes: the range marks it, the message never repeats it.
      this.fail('Expected a value (a string in quotes, a number, true/false/null, an object or an array), found text without quotes: put text values in quotes', [], start, end - start);
    }
    this.fail('Expected a value (a string in quotes, a number, true/false/null, an object or an array), found {0}', [describeChar(text, this.pos)], this.pos, 1);
  }

  private literal(parent: JsonNode | undefined, type: 'boolean' | 'null', value: boolean | null, length: number): JsonNode {
    const node: JsonNode = { type, offset: this.pos, length, value, parent };
    this.pos += length;
    return node;
  }

  private tryNumber(parent: JsonNode | undefined): JsonNode | undefined {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) return undefined;
    const raw = match[0];
    const end = this.pos + raw.length;
    if (end < this.text.length && isIdentPartCode(this.text.charCodeAt(end))) return undefined;
    let value: number;
    const sign = raw.startsWith('-') ? -1 : 1;
    const unsigned = raw.startsWith('-') || raw.startsWith('+') ? raw.slice(1) : raw;
    if (raw.startsWith('+') || /^[+-]?(?:0[xX]|Infinity|NaN|\.)/.test(raw) || unsigned.endsWith('.') || (/^0\d/.test(unsigned))) {
      if (/^0\d/.test(unsigned)) this.fail('Numbers must not have leading zeros', [], this.pos, raw.length);
      this.json5 = true;
    }
    if (/^0[xX]/.test(unsigned)) value = sign * parseInt(unsigned.slice(2), 16);
    else if (unsigned === 'Infinity') value = sign * Infinity;
    else if (unsigned === 'NaN') value = NaN;
    else value = Number(raw);
    const node: JsonNode = { type: 'number', offset: this.pos, length: raw.length, value, parent };
    this.pos = end;
    return node;
  }

  private parseString(parent: JsonNode | undefined, isKey: boolean): JsonNode {
    const text = this.text;
    const start = this.pos;
    const quoteCode = text.charCodeAt(start);
    const quote: '"' | "'" = quoteCode === Ch.SingleQuote ? "'" : '"';
    if (quote === "'") this.json5 = true;
    if (isKey) {
      if (this.firstKeyQuote === undefined) this.firstKeyQuote = quote;
    } else if (this.firstStringQuote === undefined) {
      this.firstStringQuote = quote;
    }
    let i = start + 1;
    // Fast path: no escapes.
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === quoteCode) {
        const node: JsonNode = { type: 'string', offset: start, length: i + 1 - start, value: text.slice(start + 1, i), parent, quote };
        this.pos = i + 1;
        return node;
      }
      if (c === Ch.Backslash) break;
      if (c === Ch.LineFeed || c === Ch.CarriageReturn) {
        this.fail('Unterminated string: a line break inside a string must be written as \\n', [], start, i - start);
      }
      i++;
    }
    if (i >= text.length) this.fail('Unterminated string: the closing {0} is missing', [quote], start, i - start);
    const decoded = decodeStringBody(text, start + 1, quoteCode);
    if (!decoded.ok) this.fail(decoded.message, decoded.args, decoded.offset, decoded.length);
    if (decoded.json5) this.json5 = true;
    this.pos = decoded.end + 1;
    return { type: 'string', offset: start, length: decoded.end + 1 - start, value: decoded.value, parent, quote, escaped: true };
  }

  private parseKey(parent: JsonNode): JsonNode {
    const text = this.text;
    const code = text.charCodeAt(this.pos);
    if (code === Ch.DoubleQuote || code === Ch.SingleQuote) return this.parseString(parent, true);
    if (isIdentStartCode(code) || code === Ch.Backslash) {
      const start = this.pos;
      let end = start;
      let name = '';
      let escaped = false;
      while (end < text.length) {
        const c = text.charCodeAt(end);
        if (c === Ch.Backslash && text.charCodeAt(end + 1) === 117 /* u */ && /^[0-9a-fA-F]{4}$/.test(text.slice(end + 2, end + 6))) {
          name += String.fromCharCode(parseInt(text.slice(end + 2, end + 6), 16));
          end += 6;
          escaped = true;
        } else if (end === start ? isIdentStartCode(c) : isIdentPartCode(c)) {
          name += text[end];
          end++;
        } else {
          break;
        }
      }
      if (end === start) this.fail('Expected a property name, found {0}', [describeChar(text, start)], start, 1);
      this.json5 = true;
      if (this.firstKeyQuote === undefined) this.firstKeyQuote = '';
      this.pos = end;
      return { type: 'string', offset: start, length: end - start, value: name, parent, quote: '', escaped };
    }
    if (this.pos >= text.length) this.fail('Unexpected end of file: a property name was expected', [], this.pos, 0);
    this.fail('Expected a property name, found {0}', [describeChar(text, this.pos)], this.pos, 1);
  }

  private parseObject(parent: JsonNode | undefined): JsonNode {
    const text = this.text;
    const start = this.pos;
    const node: JsonNode = { type: 'object', offset: start, length: 0, parent, children: [] };
    const children = node.children!;
    this.pos++;
    this.skipTrivia();
    let sawProperty = false;
    let afterComma = false;
    for (;;) {
      const code = text.charCodeAt(this.pos);
      if (code === Ch.CloseBrace) {
        if (afterComma) {
          this.sawTrailingComma = true;
        }
        this.pos++;
        break;
      }
      if (this.pos >= text.length) {
        this.fail('Unexpected end of file: the object opened at {0} is never closed with "}"', [this.where(start)], start, 1);
      }
      if (sawProperty && !afterComma) {
        if (this.looksLikeKey()) {
          this.fail('Missing comma between two properties: add "," before the property that starts here', [], this.pos, Math.max(1, this.tokenLength()));
        }
        this.fail('Expected "," or "}" after a property value, found {0}', [describeChar(text, this.pos)], this.pos, 1);
      }
      const prop: JsonNode = { type: 'property', offset: this.pos, length: 0, parent: node, children: [] };
      const key = this.parseKey(prop);
      (prop.children!).push(key);
      this.skipTrivia();
      if (text.charCodeAt(this.pos) !== Ch.Colon) {
        if (this.pos >= text.length) this.fail('Unexpected end of file after a property name: ":" and a value are missing', [], this.pos, 0);
        this.fail('Expected ":" after the property name, found {0}', [describeChar(text, this.pos)], this.pos, 1);
      }
      prop.colonOffset = this.pos;
      this.pos++;
      this.skipTrivia();
      if (text.charCodeAt(this.pos) === Ch.CloseBrace || text.charCodeAt(this.pos) === Ch.Comma) {
        this.fail('Expected a value after ":", found {0}', [describeChar(text, this.pos)], this.pos, 1);
      }
      const value = this.parseValue(prop);
      (prop.children!).push(value);
      prop.length = value.offset + value.length - prop.offset;
      children.push(prop);
      sawProperty = true;
      this.skipTrivia();
      if (text.charCodeAt(this.pos) === Ch.Comma) {
        this.pos++;
        afterComma = true;
        this.skipTrivia();
        if (text.charCodeAt(this.pos) === Ch.Comma) this.fail('Two commas in a row after a property', [], this.pos, 1);
      } else {
        afterComma = false;
      }
    }
    node.length = this.pos - start;
    return node;
  }

  private parseArray(parent: JsonNode | undefined): JsonNode {
    const text = this.text;
    const start = this.pos;
    const node: JsonNode = { type: 'array', offset: start, length: 0, parent, children: [] };
    const children = node.children!;
    this.pos++;
    this.skipTrivia();
    let afterComma = false;
    for (;;) {
      const code = text.charCodeAt(this.pos);
      if (code === Ch.CloseBracket) {
        if (afterComma) this.sawTrailingComma = true;
        this.pos++;
        break;
      }
      if (this.pos >= text.length) {
        this.fail('Unexpected end of file: the array opened at {0} is never closed with "]"', [this.where(start)], start, 1);
      }
      if (children.length > 0 && !afterComma) {
        this.fail('Missing comma between array elements: add "," before the element that starts here', [], this.pos, 1);
      }
      if (code === Ch.Comma) this.fail('Unexpected ",": an array element is missing', [], this.pos, 1);
      children.push(this.parseValue(node));
      this.skipTrivia();
      if (text.charCodeAt(this.pos) === Ch.Comma) {
        this.pos++;
        afterComma = true;
        this.skipTrivia();
      } else {
        afterComma = false;
      }
    }
    node.length = this.pos - start;
    return node;
  }

  /** Whether the next token looks like a property name (then a comma is what is missing). */
  private looksLikeKey(): boolean {
    const text = this.text;
    const code = text.charCodeAt(this.pos);
    if (code === Ch.DoubleQuote || code === Ch.SingleQuote) {
      const end = text.indexOf(text[this.pos], this.pos + 1);
      if (end < 0 || end - this.pos > 200) return false;
      return /^\s*:/.test(text.slice(end + 1));
    }
    return isIdentStartCode(code);
  }

  private tokenLength(): number {
    const text = this.text;
    const code = text.charCodeAt(this.pos);
    if (code === Ch.DoubleQuote || code === Ch.SingleQuote) {
      const end = text.indexOf(text[this.pos], this.pos + 1);
      return end < 0 ? 1 : end + 1 - this.pos;
    }
    let end = this.pos;
    while (end < text.length && isIdentPartCode(text.charCodeAt(end))) end++;
    return end - this.pos;
  }

  private where(offset: number): string {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
      const c = this.text.charCodeAt(i);
      if (c === Ch.LineFeed || (c === Ch.CarriageReturn && this.text.charCodeAt(i + 1) !== Ch.LineFeed)) {
        line++;
        lineStart = i + 1;
      }
    }
    return `${line}:${offset - lineStart + 1}`;
  }
}

type DecodeResult =
  | { ok: true; value: string; end: number; json5: boolean }
  | { ok: false; message: string; args: MessageArg[]; offset: number; length: number };

const SIMPLE_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '0': '\0', '"': '"', "'": "'", '\\': '\\', '/': '/' };

/** Decodes a string body starting after the opening quote; `end` is the offset of the closing quote. */
function decodeStringBody(text: string, from: number, quoteCode: number): DecodeResult {
  let out = '';
  let json5 = false;
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === quoteCode) return { ok: true, value: out, end: i, json5 };
    if (c === Ch.LineFeed || c === Ch.CarriageReturn) {
      return { ok: false, message: 'Unterminated string: a line break inside a string must be written as \\n', args: [], offset: from - 1, length: i - from + 1 };
    }
    if (c !== Ch.Backslash) {
      out += text[i];
      i++;
      continue;
    }
    const step = escapeStep(text, i);
    if (step.kind === 'bad') {
      // The escaped character is inside a string, maybe a secret: the message explains the rule instead of quoting it.
      return {
        ok: false,
        message: 'Invalid escape sequence in a string: "\\u" needs 4 hex digits, "\\x" needs 2, and a digit other than a lone "\\0" cannot follow "\\"',
        args: [],
        offset: i,
        length: Math.min(2, text.length - i),
      };
    }
    if (step.json5) json5 = true;
    out += step.decoded;
    i += step.length;
  }
  return { ok: false, message: 'Unterminated string: the closing {0} is missing', args: [quoteCode === Ch.SingleQuote ? "'" : '"'], offset: from - 1, length: i - from + 1 };
}

export type EscapeStep = { kind: 'ok'; decoded: string; length: number; json5: boolean } | { kind: 'bad' };

/** Decodes the escape sequence that starts with the backslash at `i`. */
export function escapeStep(text: string, i: number): EscapeStep {
  const esc = text[i + 1];
  if (esc === undefined) return { kind: 'bad' };
  if (esc === 'u') {
    const hex = text.slice(i + 2, i + 6);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) return { kind: 'bad' };
    return { kind: 'ok', decoded: String.fromCharCode(parseInt(hex, 16)), length: 6, json5: false };
  }
  if (esc === 'x') {
    const hex = text.slice(i + 2, i + 4);
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) return { kind: 'bad' };
    return { kind: 'ok', decoded: String.fromCharCode(parseInt(hex, 16)), length: 4, json5: true };
  }
  if (esc === '\r') {
    const length = text[i + 2] === '\n' ? 3 : 2;
    return { kind: 'ok', decoded: '', length, json5: true };
  }
  if (esc === '\n' || esc === '\u2028' || esc === '\u2029') return { kind: 'ok', decoded: '', length: 2, json5: true };
  if (esc === '0' && /[0-9]/.test(text[i + 2] ?? '')) return { kind: 'bad' };
  if (/[1-9]/.test(esc)) return { kind: 'bad' };
  const simple = SIMPLE_ESCAPES[esc];
  if (simple !== undefined) {
    const json5 = esc === "'" || esc === 'v' || esc === '0';
    return { kind: 'ok', decoded: simple, length: 2, json5 };
  }
  // JSON5 allows any other character to be escaped as itself.
  return { kind: 'ok', decoded: esc, length: 2, json5: true };
}
