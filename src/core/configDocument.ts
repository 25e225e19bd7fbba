import { parseJson5, type CommentSpan, type Dialect, type SourceStyle, type SyntaxProblem } from './json5Parser';
import type { JsonNode } from './jsonTree';

/** Zero-based line/character position, as in LSP and VS Code (UTF-16 characters). */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Line starts of a text, for offset <-> position conversion (\n, \r\n and \r end a line, as in VS Code). */
export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.starts[low] };
  }

  offsetAt(position: Position): number {
    const line = Math.max(0, Math.min(position.line, this.starts.length - 1));
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    return Math.min(this.starts[line] + Math.max(0, position.character), next);
  }

  rangeOf(offset: number, length: number): Range {
    return { start: this.positionAt(offset), end: this.positionAt(offset + length) };
  }
}

export interface ConfigDocument {
  readonly text: string;
  /** Undefined when the text does not parse. */
  readonly root?: JsonNode;
  /** Comments in source order (up to a syntax error). */
  readonly comments: readonly CommentSpan[];
  readonly syntaxError?: SyntaxProblem;
  readonly dialect: Dialect;
  readonly style: DocumentStyle;
  readonly lines: LineIndex;
}

export interface DocumentStyle extends SourceStyle {
  /** One level of indentation as used by the file (two spaces when it cannot be told). */
  indent: string;
  eol: '\n' | '\r\n';
}

/** Text that looks binary: NUL bytes or many replacement characters from a failed UTF-8 decode. */
export function looksBinary(text: string): boolean {
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  if (sample.includes('\u0000')) return true;
  let replacements = 0;
  for (let i = 0; i < sample.length; i++) if (sample.charCodeAt(i) === 0xfffd) replacements++;
  return replacements > 8 && replacements > sample.length / 100;
}

function detectIndent(text: string): string {
  const match = /\n([ \t]+)\S/.exec(text);
  if (!match) return '  ';
  const indent = match[1];
  return indent.startsWith('\t') ? '\t' : indent;
}

export function parseConfigDocument(text: string): ConfigDocument {
  const lines = new LineIndex(text);
  if (looksBinary(text)) {
    const nul = text.indexOf('\u0000');
    return {
      text,
      lines,
      comments: [],
      dialect: 'json',
      style: { keyQuote: '"', stringQuote: '"', trailingCommas: false, comments: false, indent: '  ', eol: '\n' },
      syntaxError: { message: 'This file holds binary data, not JSON5 text', args: [], offset: Math.max(0, nul), length: nul >= 0 ? 1 : 0 },
    };
  }
  const parsed = parseJson5(text);
  const style: DocumentStyle = {
    ...parsed.style,
    indent: detectIndent(text),
    eol: text.includes('\r\n') ? '\r\n' : '\n',
  };
  return { text, lines, root: parsed.root, comments: parsed.comments, syntaxError: parsed.error, dialect: parsed.dialect, style };
}
