/**
 * Text that reaches a terminal or a log may come from a hostile place: a gateway's reply, a key
 * name in someone else's config, a file name. Control characters in it could forge output ("✔ No
 * problems found" after an ESC sequence that erases the line) or hide text (bidi overrides). We
 * show each such character as a visible escape instead.
 */
// C0 controls, DEL, C1 controls, the Unicode line/paragraph separators, bidi marks, embeddings,
// overrides and isolates, zero-width and invisible operators, the BOM, and the tag characters
// (U+E0000–E007F, used to hide text): all of them hide or reorder what is shown.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u{e0000}-\u{e007f}]/gu;

function escape(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  return code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\u{${code.toString(16)}}`;
}

/** One line of untrusted text, safe to print: no character in it can move the cursor or hide text. */
export function neutralizeControls(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** Several lines of text we composed (a diff, a report): each line is made safe, the line breaks stay. */
export function neutralizeLines(text: string): string {
  return text.split(/\r?\n/).map(neutralizeControls).join('\n');
}
