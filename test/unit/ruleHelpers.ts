import type { PortListener } from '../../src/core/portListener';
import { analyzeConfig, type Analysis, type AnalyzeOptions } from '../../src/core/analyze';
import { memoryReader, type SourceReader } from '../../src/core/effective/sourceReader';
import { english, isMessage, type Message, type MessageArg } from '../../src/core/messages';
import type { RuleCode } from '../../src/core/rules/ruleTable';
import type { NetworkFacts } from '../../src/core/hostFacts';
import type { Finding } from '../../src/core/rules/ruleTypes';
import type { Environment } from '../../src/core/secretValues';

export const STRONG = '3f9a1c7e5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f20';
export const STRONG_2 = '9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c50';

export function analyze(text: string, env: Environment = {}, inContainer = false): Analysis {
  return analyzeConfig(text, { env, inContainer });
}

export function findingsOf(text: string, code: RuleCode, env: Environment = {}, inContainer = false): Finding[] {
  return analyze(text, env, inContainer).findings.filter((f) => f.code === code);
}

export function codes(text: string, env: Environment = {}): string[] {
  return analyze(text, env).findings.map((f) => f.code);
}

/** A finding's message in English, as the CLI prints it without a catalogue. */
export function textOf(finding: Pick<Finding, 'message'>): string {
  return english(finding.message);
}

/**
 * Placeholders of a message (and of the messages in its arguments) that no argument fills.
 * Checked on the message rather than on rendered text, which may quote braces of its own.
 */
export function unfilledPlaceholders(message: Message): string[] {
  const names = [...message.text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const args: ReadonlyArray<[string, MessageArg]> = Array.isArray(message.args)
    ? (message.args as readonly MessageArg[]).map((a, i) => [String(i), a])
    : Object.entries(message.args as Readonly<Record<string, MessageArg>>);
  const given = new Set(args.map(([k]) => k));
  const nested = args.flatMap(([, a]) => (isMessage(a) ? unfilledPlaceholders(a) : []));
  return [...names.filter((n) => !given.has(n)), ...nested];
}

/** The source text a finding's range covers. */
export function covered(text: string, finding: { offset: number; length: number }): string {
  return text.slice(finding.offset, finding.offset + finding.length);
}

/** A gateway config as strict JSON. */
export function jsonConfig(gateway: Record<string, unknown>): string {
  return JSON.stringify({ gateway }, null, 2);
}

/**
 * The same config written as JSON5 the way OpenClaw's docs write it: unquoted keys, single
 * quotes, comments and trailing commas.
 */
export function json5Config(gateway: Record<string, unknown>): string {
  const write = (value: unknown, indent: string): string => {
    if (value === null || typeof value !== 'object') {
      if (typeof value === 'string') return "'" + value.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
      return JSON.stringify(value);
    }
    const inner = indent + '  ';
    if (Array.isArray(value)) return '[' + value.map((v) => write(v, inner)).join(', ') + ']';
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => {
      const key = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k);
      return `${inner}// ${k}\n${inner}${key}: ${write(v, inner)},`;
    });
    return '{\n' + entries.join('\n') + '\n' + indent + '}';
  };
  return '// OpenClaw config (JSON5)\n' + write({ gateway }, '') + '\n';
}

export function localToken(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { mode: 'local', bind: 'loopback', port: 18789, auth: { mode: 'token', token: STRONG }, remote: { token: STRONG }, ...extra };
}

/** Where multi-file tests put the config; includes and `.env` files are given relative to it. */
export const TEST_HOME = '/home/u';
export const TEST_CONFIG = '/home/u/.openclaw/openclaw.json';

export interface MultiFileInput {
  config: string;
  /** Absolute paths -> contents (includes, `.env` files, secret files). */
  files?: Record<string, string>;
  env?: Environment;
  gatewayEnv?: Environment;
  cwd?: string;
  /** Paths that are symlinks: path -> the real path it resolves to. */
  symlinks?: Record<string, string>;
  /** Paths that exist but cannot be read (no permission, a directory). */
  unreadable?: string[];
  /** The gateway machine's Tailscale and addresses; unknown when absent. */
  network?: NetworkFacts;
  /** Look for service units and shell profiles among `files` (user units only). */
  serviceDiscovery?: boolean;
  /** Who listens on the gateway's port; unknown when absent. */
  listener?: PortListener;
  /** Modification times of `files`, ms since the epoch. */
  mtimes?: Record<string, number>;
}

/** A reader over files in memory that also knows symlinks and unreadable paths. */
export function inputReader(input: MultiFileInput): SourceReader {
  const base = memoryReader(input.files ?? {});
  const symlinks = input.symlinks ?? {};
  const unreadable = new Set(input.unreadable ?? []);
  return {
    read: (path) => (unreadable.has(path) ? { state: 'unreadable' } : base.read(path)),
    list: (dir: string) => base.list?.(dir),
    ...(input.mtimes ? { mtime: (path: string) => input.mtimes?.[path] } : {}),
    ...(input.symlinks ? { realpath: (path: string) => symlinks[path] ?? path } : {}),
  };
}

/** Analyses a config the way the CLI does on disk, over files held in memory. */
export function analyzeFiles(input: MultiFileInput, extra: Partial<AnalyzeOptions> = {}): Analysis {
  return analyzeConfig(input.config, {
    env: input.env ?? {},
    gatewayEnv: input.gatewayEnv,
    configPath: TEST_CONFIG,
    reader: inputReader(input),
    home: TEST_HOME,
    cwd: input.cwd,
    network: input.network,
    serviceDiscovery: input.serviceDiscovery ? { systemUnits: false } : undefined,
    listenerAt: input.listener ? ((listener: PortListener) => () => listener)(input.listener) : undefined,
    ...extra,
  });
}
