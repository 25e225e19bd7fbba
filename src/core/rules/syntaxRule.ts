import { t } from '../i18n';
import type { RuleDefinition } from './ruleTypes';

export const syntaxError: RuleDefinition = {
  code: 'syntax-error',
  defaultSeverity: 'error',
  docs: {
    summary: 'The file is not valid JSON5 (a missing comma, an unclosed brace or string, binary data, an empty file).',
    openclaw: '`openclaw config validate` reports "JSON5 parse failed", but `openclaw gateway run` only says "existing config is missing gateway.mode" and exits 78: the parse error is never mentioned.',
    fix: 'Fix the syntax at the marked position.',
  },
  check: ({ doc }) => {
    const problem = doc.syntaxError;
    if (!problem) return [];
    const position = doc.lines.positionAt(problem.offset);
    return [
      {
        offset: problem.offset,
        length: problem.length,
        message: t('{0} (line {1}, column {2}). OpenClaw cannot read this file; `openclaw gateway run` then only says "missing gateway.mode".', t(problem.message, ...problem.args), position.line + 1, position.character + 1),
      },
    ];
  },
};
