import * as path from 'node:path';
import type { Environment } from '../secretValues';
import { stringValue } from '../jsonTree';
import { mergedAt, type MergedValue, type Placed } from './configSources';
import { expandHome } from '../hostFacts';
import { parseDotenvFile, PORTABLE_ENV_VAR_KEY, type DotenvDocument, type DotenvEntry } from './dotenvFile';
import type { SourceReader } from './sourceReader';

/**
 * The environment each OpenClaw process ends up with, built the way OpenClaw builds it
 * (src/infra/dotenv.ts, src/infra/dotenv-global-core.ts, src/config/config-env-vars.ts):
 *  1. the process's own environment wins over everything below;
 *  2. a `.env` in the working directory, with every OPENCLAW_* key (and other risky keys) blocked;
 *  3. the state and config directories' `.env` files, then `~/.config/openclaw/gateway.env` only
 *     with the default state dir (see dotenvPaths); the first file to set a key wins, and a
 *     different value in a later one is reported as a conflict;
 *  4. `env.vars` (and plain string members of `env`) from the config, for keys still unset.
 * Every variable keeps where it came from, and what it hid.
 */

export type DotenvRole = 'state' | 'gateway-env' | 'workspace' | 'env-file';

export interface DotenvSource {
  path: string;
  role: DotenvRole;
  doc: DotenvDocument;
}

export type EnvOrigin =
  | { kind: 'process'; side: 'gateway' | 'client' }
  | { kind: 'dotenv'; source: DotenvSource; entry?: DotenvEntry }
  | { kind: 'env.vars'; at: Placed };

export interface EnvVariable {
  name: string;
  value: string;
  origin: EnvOrigin;
}

export interface IgnoredValue {
  variable: EnvVariable;
  /** Why OpenClaw ignores it. */
  why: 'already-set' | 'dotenv-conflict' | 'workspace-blocked' | 'config-not-allowed';
  /** The value that won instead (absent for a blocked key). */
  winner?: EnvVariable;
}

export interface EnvironmentView {
  side: 'gateway' | 'client';
  /** Plain lookup, as the process sees it. */
  values: Environment;
  get(name: string): EnvVariable | undefined;
  /** Values set somewhere but not used, and why. */
  ignored: IgnoredValue[];
}

export interface EnvironmentInputs {
  side: 'gateway' | 'client';
  processEnv: Environment;
  /** When the gateway's environment is read from a file (`--gateway-env-file`), that file. */
  processEnvFile?: DotenvSource;
  configPath: string;
  home: string;
  /** The working directory whose `.env` the process reads (the CLI: its cwd). */
  cwd?: string;
  reader?: SourceReader;
  merged?: MergedValue;
  /** Parsed `.env` files shared between the two sides, by path. */
  dotenvCache: Map<string, DotenvSource | null>;
}


/** Keys OpenClaw refuses from a working-directory `.env` (the groups relevant to the gateway). */
export function blockedInWorkspaceDotenv(key: string): boolean {
  const upper = key.toUpperCase();
  if (upper.startsWith('OPENCLAW_')) return true;
  if (['_API_HOST', '_BASE_URL', '_ENDPOINT', '_HOMESERVER'].some((suffix) => upper.endsWith(suffix))) return true;
  const words = upper.split('_').filter(Boolean);
  const sequences = [['DANGEROUSLY'], ['DISABLE', 'AUTH'], ['DISABLE', 'CERT'], ['DISABLE', 'SSL'], ['DISABLE', 'TLS'], ['SKIP', 'AUTH']];
  return sequences.some((seq) => words.some((_, i) => seq.every((w, j) => words[i + j] === w)));
}

/** Keys `env.vars` may not set (config-env-vars.ts isBlockedConfigEnvVar, the gateway-relevant part). */
function blockedInConfig(key: string): boolean {
  const upper = key.toUpperCase();
  return upper === 'OPENCLAW_ALLOW_OLDER_BINARY_DESTRUCTIVE_ACTIONS' || upper === 'OPENCLAW_INCLUDE_ROOTS' || upper === 'OPENCLAW_CONFIG_READONLY';
}


function stateDirOverride(env: Environment, home: string): string | undefined {
  const override = env.OPENCLAW_STATE_DIR?.trim();
  return override ? path.resolve(expandHome(override, home)) : undefined;
}

/**
 * The directory OpenClaw calls the config dir (src/infra/config-dir.ts): OPENCLAW_STATE_DIR, else
 * the directory of OPENCLAW_CONFIG_PATH, else ~/.openclaw. A process reading this config has
 * OPENCLAW_CONFIG_PATH pointing here unless the file is the default one, whose directory is
 * ~/.openclaw anyway.
 */
export function configDirFor(env: Environment, configPath: string, home: string): string {
  return stateDirOverride(env, home) ?? (configPath ? path.dirname(configPath) : path.join(home, '.openclaw'));
}

/**
 * The `.env` files a process reads, in precedence order (the first file to set a key wins).
 * `gateway run` reads the state dir's `.env`, then the config dir's when it is another file
 * (pre-bootstrap.ts resolveGatewayRunDotEnvPaths); every other config read, the CLI's included,
 * reads only the config dir's (dotenv-global-core.ts). Both then read
 * ~/.config/openclaw/gateway.env, unless OPENCLAW_STATE_DIR points elsewhere.
 */
export function dotenvPaths(side: 'gateway' | 'client', env: Environment, configPath: string, home: string): Array<{ path: string; role: DotenvRole }> {
  const defaultStateEnv = path.join(home, '.openclaw', '.env');
  const configDirEnv = path.join(configDirFor(env, configPath, home), '.env');
  const first = side === 'gateway' ? path.join(stateDirOverride(env, home) ?? path.join(home, '.openclaw'), '.env') : configDirEnv;
  const out: Array<{ path: string; role: DotenvRole }> = [{ path: first, role: 'state' }];
  if (side === 'gateway' && configDirEnv !== first) out.push({ path: configDirEnv, role: 'state' });
  if (env.OPENCLAW_STATE_DIR?.trim() === undefined || first === defaultStateEnv) {
    out.push({ path: path.join(home, '.config', 'openclaw', 'gateway.env'), role: 'gateway-env' });
  }
  return out;
}

function loadDotenv(inputs: EnvironmentInputs, filePath: string, role: DotenvRole): DotenvSource | null {
  const cached = inputs.dotenvCache.get(filePath);
  if (cached !== undefined) return cached;
  const read = inputs.reader?.read(filePath);
  // OpenClaw skips .env files over 1 MB.
  const source = read?.state === 'ok' && read.text.length <= 1024 * 1024 ? { path: filePath, role, doc: parseDotenvFile(read.text) } : null;
  inputs.dotenvCache.set(filePath, source);
  return source;
}

/** A value holding `${VAR}`: OpenClaw never applies such an `env.vars` value (isConfigRuntimeEnvVarAllowed). */
export function refersToVariable(value: string): boolean {
  return /\$\{[A-Za-z_][A-Za-z0-9_]*\}/.test(value);
}

/** `env.vars` and plain string members of `env`, as OpenClaw collects them (later keys win). */
export function configEnvEntries(merged: MergedValue | undefined): Array<{ name: string; value: string; at: Placed; allowed: boolean }> {
  const out: Array<{ name: string; value: string; at: Placed; allowed: boolean }> = [];
  const collect = (object: MergedValue | undefined, skip: readonly string[]): void => {
    if (object?.kind !== 'object') return;
    for (const [rawKey, member] of object.members) {
      if (skip.includes(rawKey) || member.kind !== 'leaf') continue;
      const value = stringValue(member.at.node);
      const name = rawKey.trim();
      if (!value?.trim() || !PORTABLE_ENV_VAR_KEY.test(name)) continue;
      const allowed = !blockedInConfig(name) && !refersToVariable(value);
      out.push({ name, value, at: member.at, allowed });
    }
  };
  collect(mergedAt(merged, ['env', 'vars']), []);
  collect(mergedAt(merged, ['env']), ['shellEnv', 'vars']);
  return out;
}

export function buildEnvironment(inputs: EnvironmentInputs): EnvironmentView {
  const variables = new Map<string, EnvVariable>();
  const ignored: IgnoredValue[] = [];
  const processOrigin: EnvOrigin = inputs.processEnvFile ? { kind: 'dotenv', source: inputs.processEnvFile } : { kind: 'process', side: inputs.side };
  for (const [name, value] of Object.entries(inputs.processEnv)) {
    if (value === undefined) continue;
    const entry = inputs.processEnvFile?.doc.entryFor(name);
    variables.set(name, { name, value, origin: inputs.processEnvFile ? { kind: 'dotenv', source: inputs.processEnvFile, entry } : processOrigin });
  }
  const preExisting = new Set(variables.keys());

  if (inputs.cwd) {
    const workspace = loadDotenv(inputs, path.join(inputs.cwd, '.env'), 'workspace');
    for (const entry of workspace ? workspace.doc.entries : []) {
      if (!workspace || !entry.accepted || workspace.doc.entryFor(entry.key) !== entry) continue;
      const variable: EnvVariable = { name: entry.key, value: entry.value, origin: { kind: 'dotenv', source: workspace, entry } };
      if (blockedInWorkspaceDotenv(entry.key)) ignored.push({ variable, why: 'workspace-blocked' });
      else if (variables.has(entry.key)) ignored.push({ variable, why: 'already-set', winner: variables.get(entry.key) });
      else variables.set(entry.key, variable);
    }
  }

  const env = Object.fromEntries([...variables].map(([k, v]) => [k, v.value]));
  const firstSeen = new Map<string, EnvVariable>();
  for (const { path: filePath, role } of dotenvPaths(inputs.side, env, inputs.configPath, inputs.home)) {
    const source = loadDotenv(inputs, filePath, role);
    if (!source) continue;
    for (const entry of source.doc.entries) {
      if (!entry.accepted || source.doc.entryFor(entry.key) !== entry) continue;
      const variable: EnvVariable = { name: entry.key, value: entry.value, origin: { kind: 'dotenv', source, entry } };
      if (preExisting.has(entry.key)) {
        ignored.push({ variable, why: 'already-set', winner: variables.get(entry.key) });
        continue;
      }
      const previous = firstSeen.get(entry.key);
      if (previous) {
        if (previous.value !== entry.value) ignored.push({ variable, why: 'dotenv-conflict', winner: previous });
        continue;
      }
      firstSeen.set(entry.key, variable);
      if (!variables.has(entry.key)) variables.set(entry.key, variable);
    }
  }

  const fromConfig = new Map<string, { name: string; value: string; at: Placed; allowed: boolean }>();
  for (const entry of configEnvEntries(inputs.merged)) fromConfig.set(entry.name, entry);
  for (const entry of fromConfig.values()) {
    const variable: EnvVariable = { name: entry.name, value: entry.value, origin: { kind: 'env.vars', at: entry.at } };
    if (!entry.allowed) {
      ignored.push({ variable, why: 'config-not-allowed' });
      continue;
    }
    const current = variables.get(entry.name);
    if (current?.value.trim()) {
      if (current.value !== entry.value) ignored.push({ variable, why: 'already-set', winner: current });
      continue;
    }
    variables.set(entry.name, variable);
  }

  const values: Record<string, string> = {};
  for (const [name, variable] of variables) values[name] = variable.value;
  return { side: inputs.side, values, get: (name) => variables.get(name), ignored };
}

/** Where a variable came from, for messages: a file path and line, or the process. Never the value. */
export function describeOrigin(origin: EnvOrigin): { file?: string; line?: number; where: 'process' | 'dotenv' | 'env.vars' } {
  if (origin.kind === 'process') return { where: 'process' };
  if (origin.kind === 'dotenv') return { where: 'dotenv', file: origin.source.path, line: origin.entry?.line };
  return { where: 'env.vars', file: origin.at.source.path, line: origin.at.source.doc.lines.positionAt(origin.at.node.offset).line };
}
