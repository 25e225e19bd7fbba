import { msg } from '../../messages';
import { defineRule } from '../ruleTypes';

export const rule = defineRule({
  meta: {
    code: 'syntax-error',
    scope: 'document',
    defaultSeverity: 'error',
    docs: {
      summary: 'The file is not valid JSON5 (a missing comma, an unclosed brace or string, binary data, an empty file).',
      openclaw: '`openclaw config validate` reports "JSON5 parse failed", but `openclaw gateway run` only says "existing config is missing gateway.mode" and exits 78: the parse error is never mentioned.',
      fix: 'Fix the syntax at the marked position.',
    },
    messages: {
      parseFailed: '{problem} (line {line}, column {column}). OpenClaw cannot read this file; `openclaw gateway run` then only says "missing gateway.mode".',
      includeParseFailed: '{problem} (line {line}, column {column}). The config includes this file, and OpenClaw cannot read it: the whole config fails to load ("Failed to parse include file").',
    },
    runsWithoutTree: true,
  },
  check: ({ doc, source }) => {
    const problem = doc.syntaxError;
    if (!problem) return [];
    const position = doc.lines.positionAt(problem.offset);
    return [
      {
        offset: problem.offset,
        length: problem.length,
        messageId: source?.kind === 'include' ? 'includeParseFailed' : 'parseFailed',
        // The parser's own message, rendered in the reader's language like the rest of the sentence.
        args: { problem: msg(problem.message, ...problem.args), line: position.line + 1, column: position.character + 1 },
      },
    ];
  },
});
