import { parseArgs, type ParseArgsConfig } from 'node:util';
import { msg, type Message } from '../core/messages';
import { redactUrl } from '../core/probe/redactUrl';
import { isRuleCode } from '../core/rules/ruleTable';
import { parseOpenclawVersion } from '../core/version/openclawVersion';
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
  /** --allow-env-secret NAME (repeatable): environment variables whose values a probe may send. */
  allowEnvSecrets: string[];
  /** --gateway-env-file FILE: the gateway's environment, read from a KEY=value file instead of ours. */
  gatewayEnvFile?: string;
  /** --source PATH (repeatable): service units, env files, plists or shell profiles to check along with the config. */
  sources: string[];
  /** False with --no-sources: no looking for service units, agents and profiles. */
  discoverSources: boolean;
  /** --openclaw-version: the OpenClaw release the findings describe, stated by the user. */
  openclawVersion?: string;
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

function format(value: string | boolean | Array<string | boolean> | undefined): 'text' | 'json' {
  if (value === undefined || value === 'text' || value === 'json') return value ?? 'text';
  throw new UsageError(msg('--format must be text or json, not "{0}"', typeof value === 'string' ? value : JSON.stringify(value)));
}

/**
 * --url names where the secret goes: only a ws:// or wss:// URL can be a gateway, and anything
 * else (http://, file://, javascript:, data:, an empty value) is a mistake to stop at, not a
 * target to try.
 */
function gatewayUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let protocol = '';
  try {
    protocol = new URL(value.trim()).protocol;
  } catch {
    protocol = '';
  }
  if (protocol !== 'ws:' && protocol !== 'wss:') throw new UsageError(msg('--url takes a ws:// or wss:// gateway URL, not "{0}"', redactUrl(value)));
  return value.trim();
}

/** Variable names as a shell writes them; anything else cannot name an environment variable. */
function envNames(values: readonly string[]): string[] {
  for (const value of values) {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(value)) throw new UsageError(msg('--allow-env-secret takes an environment variable name, not "{0}"', value));
  }
  return [...new Set(values)];
}

/** --openclaw-version takes a release as OpenClaw numbers them; anything else would silently mean "unknown". */
function openclawRelease(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const parsed = parseOpenclawVersion(value);
  if (!parsed) throw new UsageError(msg('--openclaw-version takes a release such as 2026.4.8, not "{0}"', value.slice(0, 40)));
  return parsed.text;
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
    'allow-env-secret': { type: 'string', multiple: true },
    'gateway-env-file': { type: 'string' },
    source: { type: 'string', multiple: true },
    'no-sources': { type: 'boolean' },
    'openclaw-version': { type: 'string' },
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
    url: gatewayUrl(values.url as string | undefined),
    allowInsecure: values['allow-insecure'] === true,
    allowEnvSecrets: envNames((values['allow-env-secret'] as string[] | undefined) ?? []),
    gatewayEnvFile: values['gateway-env-file'] as string | undefined,
    sources: (values.source as string[] | undefined) ?? [],
    discoverSources: values['no-sources'] !== true,
    openclawVersion: openclawRelease(values['openclaw-version'] as string | undefined),
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

export interface SourcesArgs {
  /** The config; the one OpenClaw would use when absent. */
  file?: string;
  format: 'text' | 'json';
  lang?: string;
  /** --source PATH (repeatable): service units, env files, plists or shell profiles to map along with the config. */
  sources: string[];
  /** False with --no-sources: no looking for service units, agents and profiles. */
  discoverSources: boolean;
  help: boolean;
}

export function parseSourcesArgs(args: string[]): SourcesArgs {
  const { values, positionals } = parse(args, {
    format: { type: 'string' },
    lang: { type: 'string' },
    source: { type: 'string', multiple: true },
    'no-sources': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (positionals.length > 1) throw new UsageError(msg('openclaw-guard sources takes one config file'));
  return {
    ...(positionals[0] === undefined ? {} : { file: positionals[0] }),
    format: format(values.format),
    lang: values.lang as string | undefined,
    sources: (values.source as string[] | undefined) ?? [],
    discoverSources: values['no-sources'] !== true,
    help: values.help === true,
  };
}
