import type { ConfigDocument } from '../configDocument';
import { msg, type Message } from '../messages';
import type { Span } from '../rules/ruleTypes';
import type { TextEdit } from './textEdits';

export type DisableLineEdit = { ok: true; title: Message; edit: TextEdit } | { ok: false; title: Message; reason: Message };

/**
 * The "Disable <code> for this line" action: a `// openclaw-guard-disable-next-line <code>` comment
 * on its own line above the finding, indented like that line. A strict-JSON file gets no comment:
 * OpenClaw would still read it (JSON5), but every other JSON tool the user runs on it would not.
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
  const indent = /^[ \t]*/.exec(doc.text.slice(lineStart, lineStart + 200))?.[0] ?? '';
  return { ok: true, title, edit: { offset: lineStart, length: 0, newText: `${indent}// openclaw-guard-disable-next-line ${code}${doc.style.eol}` } };
}
