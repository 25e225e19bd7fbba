import type { ConfigSource, IncludeProblem } from '../../effective/configSources';
import { valueOf, type JsonNode } from '../../jsonTree';
import { msg, type Message } from '../../messages';
import { defineRule, type RawFinding } from '../ruleTypes';
import { spanIn } from '../support/sourceSpans';

/**
 * OpenClaw resolves `$include` before anything else and throws a ConfigIncludeError for every
 * problem below (dist/includes-*.mjs → src/config/includes.ts). The config read turns the error
 * into an invalid snapshot (io.snapshot → readConfigFileSnapshot), and `gateway run` refuses an
 * invalid snapshot with an InvalidConfigError, exit 78 (server-startup-config.ts
 * assertValidGatewayStartupConfigSnapshot; run.ts resolveGatewayStartupFailureExitCode).
 */

const MESSAGES = {
  escapes:
    '"{target}" resolves to {resolved}, outside the config directory {root} and every OPENCLAW_INCLUDE_ROOTS entry. OpenClaw stops with "Include path escapes config directory: {target} (root: {root})". {outcome}',
  escapesSymlink:
    '"{target}" resolves through a symlink to a place outside the config directory {root} and every OPENCLAW_INCLUDE_ROOTS entry. OpenClaw stops with "Include path resolves outside config directory (symlink): {target} (root: {root})". {outcome}',
  missing: '{resolved} does not exist. OpenClaw stops with "Failed to read include file: {target} (resolved: {resolved})". {outcome}',
  unreadable:
    '{resolved} cannot be read (no permission, or not a regular file). OpenClaw stops with "Failed to read include file: {target} (resolved: {resolved})", or for something that is not a regular file with "Include file failed security checks (regular file, max 2097152 bytes, no hardlinks): {target}". {outcome}',
  tooLarge: '{resolved} is larger than 2 MiB. OpenClaw stops with "Include file failed security checks (regular file, max 2097152 bytes, no hardlinks): {target}". {outcome}',
  parse: '{resolved} is not valid JSON5. OpenClaw stops with "Failed to parse include file: {target} (resolved: {resolved})". {outcome}',
  circular: 'This include leads back to a file that is already being included. OpenClaw stops with "Circular include detected: {chain}". {outcome}',
  depth: 'This include is nested more than 10 levels deep. OpenClaw stops with "Maximum include depth (10) exceeded at: {target}". {outcome}',
  invalidValue: '$include must be a path or a list of paths. OpenClaw stops with "Invalid $include value: expected string or array of strings, got {type}". {outcome}',
  invalidItem: 'Every item of a $include list must be a path. OpenClaw stops with "Invalid $include array item: expected string, got {type}". {outcome}',
  nullByte: 'The include path contains a NUL character. OpenClaw stops with "Include path must not contain null bytes". {outcome}',
  tooLong: 'The include path is 4096 characters or longer. OpenClaw stops with "Include path exceeds maximum length (4096 characters)". {outcome}',
  notObject:
    'The included content is not an object, but this object has other keys beside $include. OpenClaw stops with "Sibling keys require included content to be an object". {outcome}',
} as const;

type IncludeMessageId = keyof typeof MESSAGES;

/** What a JSON value is to JavaScript's `typeof`, which OpenClaw's messages print. */
function typeofNode(node: JsonNode): string {
  if (node.type === 'string' || node.type === 'number' || node.type === 'boolean') return node.type;
  return 'object';
}

/** The files OpenClaw has open when it meets this include: the config, then each include on the way. */
function includeChain(source: ConfigSource): string[] {
  const chain: string[] = [];
  const seen = new Set<ConfigSource>();
  for (let current: ConfigSource | undefined = source; current && !seen.has(current); current = current.includedBy?.source) {
    seen.add(current);
    chain.unshift(current.path);
  }
  return chain;
}

function messageFor(problem: IncludeProblem): IncludeMessageId {
  switch (problem.kind) {
    case 'escapes':
      return problem.symlink ? 'escapesSymlink' : 'escapes';
    case 'missing':
      return 'missing';
    case 'unreadable':
      return 'unreadable';
    case 'too-large':
      return 'tooLarge';
    case 'parse':
      return 'parse';
    case 'circular':
      return 'circular';
    case 'depth':
      return 'depth';
    case 'not-object':
      return 'notObject';
    case 'invalid-value': {
      const node = problem.at.node;
      if (node.type === 'string') return String(node.value).includes('\0') ? 'nullByte' : 'tooLong';
      // A list item that is not a string, or a value that is neither a string nor a list.
      return valueOf(problem.at.property) === node ? 'invalidValue' : 'invalidItem';
    }
  }
}

export const rule = defineRule({
  meta: {
    code: 'include-invalid',
    defaultSeverity: 'error',
    docs: {
      summary:
        'A $include OpenClaw cannot use: it points outside the config directory, at a missing, unreadable, too large or invalid file, forms a cycle, nests deeper than 10 levels, or is not a path or a list of paths.',
      openclaw:
        'Any $include problem makes the whole config invalid; the included settings are not silently dropped. `openclaw gateway run` refuses to start with "Invalid config at …" followed by OpenClaw\'s reason (for example "Include path escapes config directory: ../auth.json5 (root: ~/.openclaw)"), exit code 78, and `openclaw config validate` reports "OpenClaw config is invalid" with the same reason.',
      fix: "Move the file into the config's directory (or add its directory to OPENCLAW_INCLUDE_ROOTS in the gateway's environment), correct the path, repair the included file, or break the cycle.",
    },
    messages: MESSAGES,
  },
  check: ({ model }) => {
    // Without a reader the includes were never looked for: nothing true can be said about them.
    if (!model?.effective.reader) return [];
    const configPath = model.effective.configPath;
    const outcome: Message = msg(
      'OpenClaw then rejects the whole config: `openclaw gateway run` refuses to start with "Invalid config at {0}:" and this reason (exit code 78), and `openclaw config validate` reports it.',
      configPath,
    );
    const out: Array<RawFinding<IncludeMessageId>> = [];
    for (const problem of model.effective.assembled.problems) {
      const resolved = problem.resolvedPath ?? problem.target;
      out.push({
        ...spanIn(problem.at.node, problem.at.source),
        messageId: messageFor(problem),
        args: {
          target: problem.target,
          resolved,
          root: problem.root ?? '',
          chain: [...includeChain(problem.at.source), resolved].join(' -> '),
          type: typeofNode(problem.at.node),
          outcome,
        },
      });
    }
    return out;
  },
});
