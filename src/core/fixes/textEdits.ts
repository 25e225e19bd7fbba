import { parseConfigDocument, type ConfigDocument } from '../configDocument';
import { findProperty, propertiesOf, valueOf, type JsonNode } from '../jsonTree';

/**
 * Minimal text edits on a config, computed from its tree so they work the same on JSON and JSON5:
 * everything outside the edited span (comments, key order, blank lines, quoting, indentation)
 * stays byte for byte.
 */
export interface TextEdit {
  offset: number;
  length: number;
  newText: string;
  /** The file edited, when it is not the config itself (an included file, a `.env` file). */
  file?: string;
}

/** Edits grouped by the file they change (`undefined`: the config itself). */
export function editsByFile(edits: readonly TextEdit[]): Map<string | undefined, TextEdit[]> {
  const out = new Map<string | undefined, TextEdit[]>();
  for (const edit of edits) {
    const list = out.get(edit.file) ?? [];
    list.push(edit);
    out.set(edit.file, list);
  }
  return out;
}

/** Applies non-overlapping edits of one file (in any order). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  // Back to front; inserts at the same offset keep their given order in the result.
  const sorted = edits.map((edit, index) => ({ edit, index })).sort((a, b) => b.edit.offset - a.edit.offset || b.index - a.index).map((x) => x.edit);
  let out = text;
  let limit = Infinity;
  for (const edit of sorted) {
    if (edit.offset + edit.length > limit) throw new Error('overlapping edits');
    out = out.slice(0, edit.offset) + edit.newText + out.slice(edit.offset + edit.length);
    limit = edit.offset;
  }
  return out;
}

/** One edit covering exactly what differs between two texts (common prefix and suffix kept). */
export function diffAsEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  return { offset: start, length: endBefore - start, newText: after.slice(start, endAfter) };
}

export type EditStep = (doc: ConfigDocument) => TextEdit[];

/**
 * Runs edit steps one after another, each on the re-parsed result of the previous one, and
 * returns the whole change as one minimal edit. A step that cannot apply (the tree no longer
 * has what it needs) aborts the fix: better no fix than a wrong one.
 */
export function composeSteps(doc: ConfigDocument, steps: readonly EditStep[]): TextEdit[] | undefined {
  let current = doc;
  for (const step of steps) {
    const edits = step(current);
    if (edits.length === 0) return undefined;
    const next = applyTextEdits(current.text, edits);
    current = parseConfigDocument(next);
    if (!current.root) return undefined;
  }
  const edit = diffAsEdit(doc.text, current.text);
  return edit ? [edit] : undefined;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A string literal in the given quote style. */
export function encodeString(value: string, quote: '"' | "'"): string {
  if (quote === '"') return JSON.stringify(value);
  let out = "'";
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "'") out += "\\'";
    else if (ch === '\\') out += '\\\\';
    else if (code < 0x20 || code === 0x2028 || code === 0x2029) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + "'";
}

export function encodeKey(key: string, doc: ConfigDocument): string {
  const quote = doc.style.keyQuote;
  if (quote === '' && IDENTIFIER.test(key)) return key;
  return encodeString(key, quote === "'" ? "'" : '"');
}

/** The quote for a new string: the one the replaced string used, else the file's. */
function quoteFor(doc: ConfigDocument, replaced?: JsonNode): '"' | "'" {
  if (replaced?.type === 'string' && (replaced.quote === '"' || replaced.quote === "'")) return replaced.quote;
  return doc.style.stringQuote;
}

export function stringLiteral(doc: ConfigDocument, value: string, replaced?: JsonNode): string {
  return encodeString(value, quoteFor(doc, replaced));
}

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

function indentOfLine(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start, offset + 1))?.[0] ?? '';
}

/** True when only whitespace stands between the start of the line and `offset`. */
function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, offset), offset));
}

interface AfterValue {
  /** Offset of a comma following the value, if any. */
  comma?: number;
  /** End of the line the value ends on, after any trailing comment (before the line break). */
  lineEnd?: number;
  /** True when the object or array closes on the same line as the value. */
  closesOnLine: boolean;
}

function scanAfter(text: string, from: number): AfterValue {
  let i = from;
  const skipBlanks = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  };
  skipBlanks();
  let comma: number | undefined;
  if (text[i] === ',') {
    comma = i;
    i++;
    skipBlanks();
  }
  // Block comments on the same line, then an optional line comment.
  while (text.startsWith('/*', i)) {
    const end = text.indexOf('*/', i + 2);
    if (end < 0 || /[\r\n]/.test(text.slice(i, end))) break;
    i = end + 2;
    skipBlanks();
  }
  if (text.startsWith('//', i)) {
    while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  }
  if (i >= text.length || text[i] === '\n' || text[i] === '\r') return { comma, lineEnd: i, closesOnLine: false };
  return { comma, closesOnLine: true };
}

/** Inserts `key: valueText` as the last property of an object, in the file's own layout. */
export function insertProperty(doc: ConfigDocument, object: JsonNode, key: string, valueText: string): TextEdit[] {
  const text = doc.text;
  const entry = `${encodeKey(key, doc)}: ${valueText}`;
  const props = propertiesOf(object);
  if (props.length === 0) {
    const close = object.offset + object.length - 1;
    const inner = text.slice(object.offset + 1, close);
    const blank = /^\s*$/.test(inner);
    if (!/[\r\n]/.test(inner)) {
      // `{}` or `{ /* c */ }` on one line: stay on one line, keep any comment.
      return blank ? [{ offset: object.offset + 1, length: inner.length, newText: ` ${entry} ` }] : [{ offset: close, length: 0, newText: `${entry} ` }];
    }
    const closeIndent = indentOfLine(text, close);
    const childIndent = indentOfLine(text, object.offset) + doc.style.indent;
    if (blank) return [{ offset: object.offset + 1, length: inner.length, newText: `${doc.style.eol}${childIndent}${entry}${doc.style.eol}${closeIndent}` }];
    if (startsLine(text, close)) return [{ offset: lineStart(text, close), length: 0, newText: `${childIndent}${entry}${doc.style.eol}` }];
    return [{ offset: close, length: 0, newText: `${doc.style.eol}${childIndent}${entry}${doc.style.eol}${closeIndent}` }];
  }
  const last = props[props.length - 1];
  const end = last.offset + last.length;
  const after = scanAfter(text, end);
  if (after.closesOnLine || after.lineEnd === undefined || !startsLine(text, last.offset)) {
    return after.comma !== undefined ? [{ offset: after.comma + 1, length: 0, newText: ` ${entry},` }] : [{ offset: end, length: 0, newText: `, ${entry}` }];
  }
  const indent = indentOfLine(text, last.offset);
  const line = `${doc.style.eol}${indent}${entry}${after.comma !== undefined && doc.style.trailingCommas ? ',' : ''}`;
  if (after.comma !== undefined) return [{ offset: after.lineEnd, length: 0, newText: line }];
  if (after.lineEnd === end) return [{ offset: end, length: 0, newText: ',' + line }];
  return [
    { offset: end, length: 0, newText: ',' },
    { offset: after.lineEnd, length: 0, newText: line },
  ];
}

/** The JSON/JSON5 text of a nested object holding `path` = value, e.g. `{ token: "x" }`. */
function nestedValue(doc: ConfigDocument, path: readonly string[], valueText: string): string {
  let out = valueText;
  for (let i = path.length - 1; i >= 0; i--) out = `{ ${encodeKey(path[i], doc)}: ${out} }`;
  return out;
}

/**
 * Sets the value at `path` (object keys from the root): replaces an existing value, or adds the
 * missing keys under the deepest object that exists. Undefined when a non-object is in the way.
 */
export function setValueAtPath(doc: ConfigDocument, path: readonly string[], valueText: string): TextEdit[] | undefined {
  let object = doc.root;
  if (object?.type !== 'object') return undefined;
  for (let i = 0; i < path.length; i++) {
    const property = findProperty(object, path[i]);
    if (!property) return insertProperty(doc, object, path[i], nestedValue(doc, path.slice(i + 1), valueText));
    const value = valueOf(property);
    if (!value) return undefined;
    if (i === path.length - 1) return [{ offset: value.offset, length: value.length, newText: valueText }];
    if (value.type !== 'object') return undefined;
    object = value;
  }
  return undefined;
}

/** Sets a string at `path`, keeping the quote style of a string it replaces. */
export function setStringAtPath(doc: ConfigDocument, path: readonly string[], value: string): TextEdit[] | undefined {
  let node: JsonNode | undefined = doc.root;
  for (const key of path) node = valueOf(findProperty(node, key));
  return setValueAtPath(doc, path, stringLiteral(doc, value, node));
}

/** Removes a property with its comma; whole lines go when the property had its own line. */
export function removeProperty(doc: ConfigDocument, property: JsonNode): TextEdit[] {
  const text = doc.text;
  const parent = property.parent;
  const siblings = propertiesOf(parent);
  const index = siblings.indexOf(property);
  const end = property.offset + property.length;
  const after = scanAfter(text, end);
  const ownLine = startsLine(text, property.offset) && after.lineEnd !== undefined;
  if (ownLine && (after.comma !== undefined || index === siblings.length - 1)) {
    const from = lineStart(text, property.offset);
    const lineEnd = after.lineEnd!;
    let to = lineEnd;
    if (text[to] === '\r') to++;
    if (text[to] === '\n') to++;
    // A comment after the property is the user's note: it stays, on its own line, where it was.
    const tail = text.slice(after.comma !== undefined ? after.comma + 1 : end, lineEnd).trim();
    const keep = tail.startsWith('//') || tail.startsWith('/*') ? `${text.slice(from, property.offset)}${tail}${text.slice(lineEnd, to)}` : '';
    const edits: TextEdit[] = [{ offset: from, length: to - from, newText: keep }];
    if (after.comma === undefined && index > 0) {
      // The new last property keeps no dangling comma only if the file does not use trailing commas.
      const previous = siblings[index - 1];
      const prevAfter = scanAfter(text, previous.offset + previous.length);
      if (prevAfter.comma !== undefined && !doc.style.trailingCommas) edits.push({ offset: prevAfter.comma, length: 1, newText: '' });
    }
    return edits;
  }
  if (after.comma !== undefined) {
    let to = after.comma + 1;
    while (to < text.length && (text[to] === ' ' || text[to] === '\t')) to++;
    return [{ offset: property.offset, length: to - property.offset, newText: '' }];
  }
  if (index > 0) {
    const previous = siblings[index - 1];
    const from = previous.offset + previous.length;
    return [{ offset: from, length: end - from, newText: '' }];
  }
  return [{ offset: property.offset, length: property.length, newText: '' }];
}

/** Renames a key in place, keeping its quoting. */
export function renameKey(property: JsonNode, newKey: string): TextEdit[] {
  const key = property.children?.[0];
  if (!key) return [];
  const text = key.quote === '' ? (IDENTIFIER.test(newKey) ? newKey : JSON.stringify(newKey)) : encodeString(newKey, key.quote === "'" ? "'" : '"');
  return [{ offset: key.offset, length: key.length, newText: text }];
}

/** The source text of a value node (to copy a reference or SecretRef exactly as written). */
export function sourceOf(doc: ConfigDocument, node: JsonNode): string {
  return doc.text.slice(node.offset, node.offset + node.length);
}

