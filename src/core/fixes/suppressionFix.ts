import type { ConfigDocument } from '../configDocument';
import type { JsonNode } from '../jsonTree';
import { msg, type Message } from '../messages';
import type { Span } from '../rules/ruleTypes';
import { parseDirectives } from '../suppressions';
import type { TextEdit } from './textEdits';

export type DisableLineEdit = { ok: true; title: Message; edit: TextEdit } | { ok: false; title: Message; reason: Message };

/** A string or a comment that runs across `offset` (a JSON5 line continuation, a block comment). */
function insideToken(doc: ConfigDocument, offset: number): boolean {
  if (doc.comments.some((c) => c.offset < offset && offset < c.offset + c.length)) return true;
  const visit = (node: JsonNode): boolean => {
    if (node.offset >= offset || node.offset + node.length <= offset) return false;
    if (node.type === 'string') return true;
    return (node.children ?? []).some(visit);
  };
  return doc.root !== undefined && visit(doc.root);
}

/**
 * The "Disable <code> for this line" action: a `// openclaw-guard-disable-next-line <code>` comment
 * on its own line above the finding, indented like that line; when that line already holds such a
 * directive, the code is added to it (a second comment line would push the first one off its
 * line). A strict-JSON file gets no comment: OpenClaw would still read it (JSON5), but every other
 * JSON tool the user runs on it would not.
 */
export function disableLineEdit(doc: ConfigDocument, code: string, finding: Span): DisableLineEdit {
  const title = msg('Disable {0} for this line', code);
  if (doc.dialect === 'json') {
    return {
      ok: false,
      title,
      reason: msg('This file is strict JSON: a comment would make jq, JSON editors and other JSON tools reject it. Turn the rule off in the openclawGuard.rules setting instead.'),
    };
  }
  const line = doc.lines.positionAt(finding.offset).line;
  const lineStart = doc.lines.offsetAt({ line, character: 0 });
  if (insideToken(doc, lineStart)) {
    return { ok: false, title, reason: msg('This line continues a string or a comment from the line above, so no comment can go before it. Turn the rule off in the openclawGuard.rules setting instead.') };
  }
  const above = parseDirectives(doc).find((d) => d.kind === 'disable-next-line' && d.codes.length > 0 && doc.lines.positionAt(d.offset + d.length).line === line - 1 && d.line === line - 1);
  if (above) {
    if (above.codes.includes(code)) return { ok: false, title, reason: msg('The line above already disables {0} here.', code) };
    const text = doc.text.slice(above.offset, above.offset + above.length);
    // After the last code, before a `-- description` or a block comment's end.
    const listEnd = above.offset + (/\s--\s/.exec(text)?.index ?? (text.endsWith('*/') ? text.length - 2 : text.length));
    const before = doc.text.slice(above.offset, listEnd).trimEnd();
    return { ok: true, title, edit: { offset: above.offset + before.length, length: 0, newText: `, ${code}` } };
  }
  const indent = /^[ \t]*/.exec(doc.text.slice(lineStart, lineStart + 200))?.[0] ?? '';
  return { ok: true, title, edit: { offset: lineStart, length: 0, newText: `${indent}// openclaw-guard-disable-next-line ${code}${doc.style.eol}` } };
}
