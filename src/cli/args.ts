import { parseArgs, type ParseArgsConfig } from 'node:util';
import { msg, type Message } from '../core/messages';
import { isRuleCode } from '../core/rules/ruleTable';
import { SEVERITY_SETTINGS, type RuleDefinition, type SeveritySetting } from '../core/rules/ruleTypes';

/** A mistake in the command line: exit 2, with the message and a pointer to --help. */
export class UsageError extends Error {
  constructor(readonly detail: Message) {
    super(detail.text);
  }
}

export interface CheckArgs {
  files: string[];
  format: 'text' | 'json';
  lang?: string;
  severities: Record<string, SeveritySetting>;
  fix: boolean;
  fixDryRun: boolean;
  probe: boolean;
  diagnose: boolean;
  url?: string;
  allowInsecure: boolean;
  help: boolean;
}

export interface RulesArgs {
  format: 'text' | 'json';
  lang?: string;
  help: boolean;
}

type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

function parse(args: string[], options: OptionSpecs): { values: Record<string, string | boolean | Array<string | boolean> | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    // node:util names the option in its message ("Unknown option '--x'"); ours says the same, translated.
    const text = error instanceof Error ? error.message : String(error);
    const unknown = /Unknown option '([^']+)'/.exec(text);
    if (unknown) throw new UsageError(msg('Unknown option {0}', unknown[1]));
    const missing = /Option '([^']+?)(?: <value>)?' argument missing/.exec(text);
    if (missing) throw new UsageError(msg('{0} needs a value', missing[1].replace(/^-\w, /, '')));
    throw new UsageError(msg('Invalid arguments: {0}', text.split('\n')[0]));
  }
}

function format(value: unknown): 'text' | 'json' {
  if (value === undefined || value === 'text' || value === 'json') return value ?? 'text';
  throw new UsageError(msg('--format must be text or json, not "{0}"', String(value)));
}

export function parseCheckArgs(args: string[], rules?: readonly RuleDefinition[]): CheckArgs {
  const { values, positionals } = parse(args, {
    format: { type: 'string' },
    lang: { type: 'string' },
    rule: { type: 'string', multiple: true },
    fix: { type: 'boolean' },
    'fix-dry-run': { type: 'boolean' },
    probe: { type: 'boolean' },
    diagnose: { type: 'boolean' },
    url: { type: 'string' },
    'allow-insecure': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const severities: Record<string, SeveritySetting> = {};
  for (const value of (values.rule as string[] | undefined) ?? []) {
    const match = /^([a-z0-9-]+)=([a-z]+)$/.exec(value);
    if (!match || !isRuleCode(match[1], rules) || !SEVERITY_SETTINGS.includes(match[2] as SeveritySetting)) {
      throw new UsageError(msg('--rule takes CODE=SEVERITY with a known rule code, not "{0}"', value));
    }
    severities[match[1]] = match[2] as SeveritySetting;
  }
  const parsed: CheckArgs = {
    files: positionals,
    format: format(values.format),
    lang: values.lang as string | undefined,
    severities,
    fix: values.fix === true,
    fixDryRun: values['fix-dry-run'] === true,
    probe: values.probe === true || values.diagnose === true,
    diagnose: values.diagnose === true,
    url: values.url as string | undefined,
    allowInsecure: values['allow-insecure'] === true,
    help: values.help === true,
  };
  if (parsed.fix && parsed.fixDryRun) throw new UsageError(msg('--fix and --fix-dry-run cannot be combined'));
  return parsed;
}

export function parseRulesArgs(args: string[]): RulesArgs {
  const { values, positionals } = parse(args, { format: { type: 'string' }, lang: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (positionals.length > 0) throw new UsageError(msg('openclaw-guard rules takes no file'));
  return { format: format(values.format), lang: values.lang as string | undefined, help: values.help === true };
}
