/**
 * Small pieces the service-source parsers share: line numbers of offsets, and the assignment shape
 * every parser produces.
 */

export interface ServiceAssignment {
  name: string;
  /** The value after the format's unquoting and escapes (what the process gets). */
  value: string;
  /** Zero-based line of the value's first character. */
  line: number;
  /** UTF-16 offsets of the value as written (quotes excluded when the quotes enclose exactly the value). */
  valueOffset: number;
  valueLength: number;
  /** The whole written assignment (`"KEY=value"`, `export KEY=value`, `<key>…</string>`), for edits. */
  statementOffset: number;
  statementLength: number;
  /**
   * True when the value cannot be known without running something (a shell `$VAR` or `$(…)`, a
   * systemd specifier we do not expand): `value` is then the text as written.
   */
  dynamic?: boolean;
  /** Shell profiles: whether the variable is exported (a plain `X=…` without `export X` is not). */
  exported?: boolean;
}

/** Start offsets of every line (a line ends at `\n`, `\r\n` or `\r`). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\r' && text[i + 1] === '\n') i++;
    if (c === '\n' || c === '\r') starts.push(i + 1);
  }
  return starts;
}

/** Zero-based line holding `offset`. */
export function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The span of a whole line including its line break, for deleting it. */
export function wholeLineSpan(text: string, starts: readonly number[], line: number): { offset: number; length: number } {
  const offset = starts[line];
  const end = line + 1 < starts.length ? starts[line + 1] : text.length;
  return { offset, length: end - offset };
}

/** The line break a file already uses, for lines we add. */
export function lineBreakOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Control characters other than tab cannot be written on one line of any of these formats. */
export function hasLineBreakOrControl(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000a-\u001f\u007f\u2028\u2029]/.test(value);
}
