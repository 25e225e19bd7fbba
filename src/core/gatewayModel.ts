import type { ConfigDocument } from './configDocument';
import { leafAt, mergedAt, placedOf, type ConfigSource, type Placed } from './effective/configSources';
import { assembleEffectiveConfig, type EffectiveConfig } from './effective/effectiveConfig';
import { configEnvEntries, type DotenvRole, type EnvOrigin, type EnvironmentView, type EnvVariable } from './effective/environmentLayers';
import { resolveFileSecret, type FileSecret } from './effective/secretFiles';
import { findProperty, findPropertyAtPath, stringValue, valueOf, type JsonNode } from './jsonTree';
import { classifySecret, referencedVariables, resolveSecret, type Environment, type ResolvedSecret, type SecretSpec } from './secretValues';

/**
 * The gateway settings OpenClaw will actually use, computed from the file and the environment the
 * way the gateway and its clients compute them (openclaw-gateway.md §4.3; src/gateway/auth-resolve.ts,
 * src/gateway/credentials.ts in OpenClaw).
 */

export const DEFAULT_PORT = 18789;
export const BIND_MODES = ['auto', 'lan', 'loopback', 'custom', 'tailnet'] as const;
export type BindMode = (typeof BIND_MODES)[number];

export type SecretPath = 'gateway.auth.token' | 'gateway.auth.password' | 'gateway.remote.token' | 'gateway.remote.password';
export type EnvSecretName = 'OPENCLAW_GATEWAY_TOKEN' | 'OPENCLAW_GATEWAY_PASSWORD';
/** Where a credential comes from: a config path or an environment variable name. Never the value. */
export type CredentialSource = SecretPath | EnvSecretName;
export type SecretKind = 'token' | 'password';

export interface SecretSlot {
  path: SecretPath;
  kind: SecretKind;
  /** The property node (key + value) when present in the config or an included file. */
  property?: JsonNode;
  /** The value node when present. */
  node?: JsonNode;
  /** The file holding the node (the config itself or an included file). */
  source?: ConfigSource;
  spec: SecretSpec;
  /** What the gateway resolves (its environment; a file SecretRef read when readable). */
  resolved: ResolvedSecret;
  /** What a client on this machine resolves (its own environment). */
  clientResolved: ResolvedSecret;
  /** A `{source:"file"}` SecretRef: what reading it gave. */
  fileSecret?: FileSecret;
}

export interface EnvSecret {
  name: EnvSecretName;
  kind: SecretKind;
  value?: string;
  /** Where the value came from: the process, a `.env` line, `env.vars`. */
  origin?: EnvOrigin;
}

/**
 * Where a credential was written, for messages: the kind of place, the file and its one-based line
 * as an editor shows it. Never the value.
 */
export type CredentialOrigin =
  /** A gateway secret slot, in the config or a file it includes. */
  | { kind: 'config'; key: SecretPath; file: string; line?: number }
  /** `env.vars.<NAME>` or a plain `env.<NAME>` string of the config or an include. */
  | { kind: 'env.vars'; key: string; name: EnvSecretName; file: string; line?: number }
  /** A `.env`-style file: the state directory's, gateway.env, the working directory's, a gateway environment file. */
  | { kind: 'dotenv'; name: EnvSecretName; file: string; line?: number; role: DotenvRole }
  /** A process environment: both sides' when they share one, else the gateway's or the client's. */
  | { kind: 'process'; name: EnvSecretName; side: 'both' | 'gateway' | 'client' };

/** Why OpenClaw does not use a value the user wrote somewhere. */
export type ShadowReason =
  /** An earlier layer set the variable (process over `.env` over env.vars). */
  | 'already-set'
  /** Two `.env` files disagree; the first one read is kept. */
  | 'dotenv-conflict'
  /** OPENCLAW_* keys in a working-directory `.env` are never applied. */
  | 'workspace-blocked'
  /** The same key is written again later in the same place (a later line, env.<NAME> over env.vars). */
  | 'duplicate-key'
  /** Another file of the config sets the same key, and its value is the one merged in. */
  | 'config-overridden';

export interface CandidateCredential {
  kind: SecretKind;
  source: CredentialSource;
  value: string;
  /** Where the value was written; absent only for credentials made up by hand (tests, callers). */
  origin?: CredentialOrigin;
  /** Set when OpenClaw does not use this value at all: why, and where the value it uses instead is. */
  shadowed?: { why: ShadowReason; by?: CredentialOrigin };
  /**
   * For a config value: the environment variables it was read from (`$VAR`, `${VAR}`, an env
   * SecretRef), which the send policy checks; the slot's own when absent.
   */
  variables?: readonly string[];
}

export interface GatewayModel {
  /** The `gateway` property of the config file itself (findings about the section anchor here). */
  gatewayProperty?: JsonNode;
  gatewayNode?: JsonNode;
  /**
   * True when the config uses `$include` but the included files were not read (text analysed
   * without a file): some settings may live where we cannot see.
   */
  hasInclude: boolean;
  mode: { value?: string; node?: JsonNode; source?: ConfigSource };
  bind: { value?: unknown; node?: JsonNode; source?: ConfigSource; effective: string; defaulted: boolean };
  port: { value: number; source: 'env' | 'config' | 'default'; node?: JsonNode; configValue?: unknown; file?: ConfigSource };
  authMode: { explicit?: string; node?: JsonNode; source?: ConfigSource; effective: string; inferredFrom?: CredentialSource };
  customBindHost?: string;
  remoteUrl: { value?: string; node?: JsonNode; source?: ConfigSource };
  tlsFingerprint?: string;
  /** gateway.tls: the gateway then serves wss:// on its port, with this certificate (OpenClaw's default path when unset). */
  tls: { enabled: boolean; certPath?: string };
  /** gateway.controlUi.basePath, where the Control UI is served. */
  controlUiBasePath?: string;
  slots: Record<SecretPath, SecretSlot>;
  /** The secrets in the gateway's environment. */
  env: Record<EnvSecretName, EnvSecret>;
  /** The secrets in the client's environment (the same as `env` unless told otherwise). */
  clientEnv: Record<EnvSecretName, EnvSecret>;
  /** Every source the settings were assembled from. */
  effective: EffectiveConfig;
}

export interface ModelContext {
  /** The client's environment, and the gateway's when `effective` is not given. */
  env: Environment;
  /** OpenClaw binds to `auto` (all interfaces) by default inside a container. */
  inContainer: boolean;
  /** The assembled sources; without them the text alone is read, with `env` for both sides. */
  effective?: EffectiveConfig;
}

const SLOT_DEFS: ReadonlyArray<{ path: SecretPath; keys: [string, string]; kind: SecretKind }> = [
  { path: 'gateway.auth.token', keys: ['auth', 'token'], kind: 'token' },
  { path: 'gateway.auth.password', keys: ['auth', 'password'], kind: 'password' },
  { path: 'gateway.remote.token', keys: ['remote', 'token'], kind: 'token' },
  { path: 'gateway.remote.password', keys: ['remote', 'password'], kind: 'password' },
];

function envValue(env: Environment, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function envSecrets(view: EnvironmentView): Record<EnvSecretName, EnvSecret> {
  const secret = (name: EnvSecretName, kind: SecretKind): EnvSecret => {
    const value = envValue(view.values, name);
    return { name, kind, value, origin: value === undefined ? undefined : view.get(name)?.origin };
  };
  return { OPENCLAW_GATEWAY_TOKEN: secret('OPENCLAW_GATEWAY_TOKEN', 'token'), OPENCLAW_GATEWAY_PASSWORD: secret('OPENCLAW_GATEWAY_PASSWORD', 'password') };
}

/** A file SecretRef is read once; both sides see the same file. */
function resolveSlot(spec: SecretSpec, effective: EffectiveConfig): Pick<SecretSlot, 'resolved' | 'clientResolved' | 'fileSecret'> {
  if (spec.kind === 'secret-ref' && spec.source === 'file' && effective.reader) {
    const fileSecret = resolveFileSecret(spec.provider, spec.id, effective.assembled.root, { reader: effective.reader, home: effective.home, uid: effective.uid });
    const resolved: ResolvedSecret = fileSecret.state === 'value' ? { state: 'value', value: fileSecret.value.trim() } : { state: 'unresolved', reason: 'secret-ref' };
    return { resolved, clientResolved: resolved, fileSecret };
  }
  return { resolved: resolveSecret(spec, effective.gatewayEnv.values), clientResolved: resolveSecret(spec, effective.clientEnv.values) };
}

function placedValue(placed: Placed | undefined): { node?: JsonNode; property?: JsonNode; source?: ConfigSource } {
  return placed ? { node: placed.node, property: placed.property, source: placed.source } : {};
}

export function buildGatewayModel(doc: ConfigDocument, ctx: ModelContext): GatewayModel {
  const effective = ctx.effective ?? assembleEffectiveConfig({ doc, configPath: '', clientEnv: ctx.env });
  const merged = effective.assembled.root;
  const gatewayProperty = findProperty(doc.root, 'gateway');
  const gatewayNode = valueOf(gatewayProperty);
  const at = (keys: readonly string[]): Placed | undefined => leafAt(merged, ['gateway', ...keys]);

  const slots = {} as Record<SecretPath, SecretSlot>;
  for (const def of SLOT_DEFS) {
    // A SecretRef is an object: take whatever sits at the path, leaf or object.
    const placed = placedOf(mergedAt(merged, ['gateway', ...def.keys]));
    const spec = classifySecret(placed?.node);
    slots[def.path] = { path: def.path, kind: def.kind, ...placedValue(placed), spec, ...resolveSlot(spec, effective) };
  }

  const modeAt = at(['mode']);
  const bindAt = at(['bind']);
  const portAt = at(['port']);
  const authModeAt = at(['auth', 'mode']);
  const remoteUrlAt = at(['remote', 'url']);
  const bindNode = bindAt?.node;
  const portNode = portAt?.node;

  const bindValue: unknown = bindNode ? (bindNode.type === 'string' ? bindNode.value : bindNode.type) : undefined;
  const defaultBind = ctx.inContainer ? 'auto' : 'loopback';

  const envPort = envValue(effective.gatewayEnv.values, 'OPENCLAW_GATEWAY_PORT');
  // OPENCLAW_GATEWAY_PORT may be `N`, `host:N` or `[v6]:N`; anything else falls through.
  const envPortMatch = envPort === undefined ? null : /^(?:(?:\[[^\]]*\]|[^:[\]]+):)?(\d+)$/.exec(envPort);
  const envPortNumber = envPortMatch ? Number(envPortMatch[1]) : undefined;
  const configPort = portNode?.type === 'number' && typeof portNode.value === 'number' ? portNode.value : undefined;
  const configPortValid = configPort !== undefined && Number.isInteger(configPort) && configPort >= 1 && configPort <= 65535;
  let port: GatewayModel['port'];
  if (envPortNumber !== undefined && envPortNumber >= 1 && envPortNumber <= 65535) {
    port = { value: envPortNumber, source: 'env', node: portNode, configValue: portNode?.value, file: portAt?.source };
  } else if (configPortValid && configPort !== undefined) {
    port = { value: configPort, source: 'config', node: portNode, configValue: configPort, file: portAt?.source };
  } else {
    port = { value: DEFAULT_PORT, source: 'default', node: portNode, configValue: portNode?.value, file: portAt?.source };
  }

  const explicitAuthMode = stringValue(authModeAt?.node);
  const model: GatewayModel = {
    gatewayProperty,
    gatewayNode,
    hasInclude: !effective.reader && effective.assembled.sources[0].doc.text.includes('$include') && hasIncludeKey(merged),
    mode: { value: stringValue(modeAt?.node), node: modeAt?.node, source: modeAt?.source },
    bind: {
      value: bindValue,
      node: bindNode,
      source: bindAt?.source,
      effective: typeof bindValue === 'string' ? bindValue : defaultBind,
      defaulted: bindNode === undefined,
    },
    port,
    authMode: { explicit: explicitAuthMode, node: authModeAt?.node, source: authModeAt?.source, effective: 'token' },
    customBindHost: stringValue(at(['customBindHost'])?.node),
    remoteUrl: { value: stringValue(remoteUrlAt?.node), node: remoteUrlAt?.node, source: remoteUrlAt?.source },
    tlsFingerprint: stringValue(at(['remote', 'tlsFingerprint'])?.node),
    tls: { enabled: at(['tls', 'enabled'])?.node?.value === true, certPath: stringValue(at(['tls', 'certPath'])?.node) },
    controlUiBasePath: stringValue(at(['controlUi', 'basePath'])?.node),
    slots,
    env: envSecrets(effective.gatewayEnv),
    clientEnv: envSecrets(effective.clientEnv),
    effective,
  };
  const inferred = inferAuthMode(model);
  model.authMode.effective = explicitAuthMode ?? inferred.mode;
  if (explicitAuthMode === undefined) model.authMode.inferredFrom = inferred.from;
  return model;
}

/** Whether an object anywhere in the merged tree still names `$include` (files not followed). */
function hasIncludeKey(merged: ReturnType<typeof mergedAt>): boolean {
  if (merged?.kind !== 'object') return false;
  return merged.parts.some((part) => findProperty(part.node, '$include') !== undefined) || [...merged.members.values()].some(hasIncludeKey);
}

/** A slot counts as configured when the file sets it in any form (literal, reference, SecretRef). */
export function isConfigured(slot: SecretSlot): boolean {
  return slot.spec.kind !== 'absent';
}

/**
 * OpenClaw's rule when auth.mode is unset (auth-resolve.ts): password when the gateway finds a
 * password (gateway.auth.password, then OPENCLAW_GATEWAY_PASSWORD in its environment), else token.
 * gateway.remote.password does not count (observed on 2026.9.6).
 */
function inferAuthMode(model: GatewayModel): { mode: string; from?: CredentialSource } {
  if (isConfigured(model.slots['gateway.auth.password'])) return { mode: 'password', from: 'gateway.auth.password' };
  if (model.env.OPENCLAW_GATEWAY_PASSWORD.value !== undefined) return { mode: 'password', from: 'OPENCLAW_GATEWAY_PASSWORD' };
  return { mode: 'token' };
}

export function isRemoteMode(model: GatewayModel): boolean {
  return model.mode.value === 'remote';
}

/** True when the gateway would listen on something other than loopback. */
export function bindsBeyondLoopback(model: GatewayModel): boolean {
  const bind = model.bind.effective;
  if (bind === 'loopback') return false;
  if (bind === 'custom') {
    const host = model.customBindHost ?? '';
    return !host.startsWith("127.");
  }
  return BIND_MODES.includes(bind as BindMode);
}

/**
 * The secret the gateway itself accepts: config first, then the environment
 * (gateway.remote.* is never used by the server).
 */
export function serverSecret(model: GatewayModel): { kind: SecretKind; source?: CredentialSource; resolved: ResolvedSecret } {
  const kind: SecretKind = model.authMode.effective === 'password' ? 'password' : 'token';
  const slot = model.slots[kind === 'token' ? 'gateway.auth.token' : 'gateway.auth.password'];
  if (isConfigured(slot)) return { kind, source: slot.path, resolved: slot.resolved };
  const envName: EnvSecretName = kind === 'token' ? 'OPENCLAW_GATEWAY_TOKEN' : 'OPENCLAW_GATEWAY_PASSWORD';
  const envValue = model.env[envName].value;
  if (envValue !== undefined) return { kind, source: envName, resolved: { state: 'value', value: envValue } };
  return { kind, resolved: { state: 'absent' } };
}

/**
 * The order in which an OpenClaw client on this machine looks for each kind of secret.
 * Local mode is config-first: auth.*, env, remote.*; remote mode: remote.*, env, auth.*.
 */
export function clientPrecedence(model: GatewayModel, kind: SecretKind): CredentialSource[] {
  const remote = isRemoteMode(model);
  if (kind === 'token') {
    return remote
      ? ['gateway.remote.token', 'OPENCLAW_GATEWAY_TOKEN', 'gateway.auth.token']
      : ['gateway.auth.token', 'OPENCLAW_GATEWAY_TOKEN', 'gateway.remote.token'];
  }
  return remote
    ? ['OPENCLAW_GATEWAY_PASSWORD', 'gateway.remote.password', 'gateway.auth.password']
    : ['gateway.auth.password', 'OPENCLAW_GATEWAY_PASSWORD', 'gateway.remote.password'];
}

const ENV_SECRET_NAMES: readonly EnvSecretName[] = ['OPENCLAW_GATEWAY_TOKEN', 'OPENCLAW_GATEWAY_PASSWORD'];

function isEnvSecretName(name: string): name is EnvSecretName {
  return (ENV_SECRET_NAMES as readonly string[]).includes(name);
}

function kindOfEnv(name: EnvSecretName): SecretKind {
  return name === 'OPENCLAW_GATEWAY_TOKEN' ? 'token' : 'password';
}

function lineOf(source: ConfigSource, node: JsonNode): number {
  return source.doc.lines.positionAt(node.offset).line + 1;
}

function slotOrigin(slot: SecretSlot): CredentialOrigin | undefined {
  const at = slot.property ?? slot.node;
  // Text without a file has no place to name beyond the setting itself.
  return slot.source?.path && at ? { kind: 'config', key: slot.path, file: slot.source.path, line: lineOf(slot.source, at) } : undefined;
}

function envOrigin(model: GatewayModel, name: EnvSecretName, origin: EnvOrigin | undefined): CredentialOrigin | undefined {
  if (!origin) return undefined;
  if (origin.kind === 'process') return { kind: 'process', name, side: model.effective.sharedEnvironment ? 'both' : origin.side };
  if (origin.kind === 'dotenv') return { kind: 'dotenv', name, file: origin.source.path, line: origin.entry === undefined ? undefined : origin.entry.line + 1, role: origin.source.role };
  if (!origin.at.source.path) return undefined;
  const vars = mergedAt(model.effective.assembled.root, ['env', 'vars']);
  const inVars = vars?.kind === 'object' && [...vars.members.values()].some((member) => member.kind === 'leaf' && member.at === origin.at);
  return { kind: 'env.vars', key: `${inVars ? 'env.vars' : 'env'}.${name}`, name, file: origin.at.source.path, line: lineOf(origin.at.source, origin.at.property ?? origin.at.node) };
}

/** A credential as a client on this machine resolves it, with where it was written. */
function clientCandidate(model: GatewayModel, source: CredentialSource, kind: SecretKind): CandidateCredential | undefined {
  if (source === 'OPENCLAW_GATEWAY_TOKEN' || source === 'OPENCLAW_GATEWAY_PASSWORD') {
    const secret = model.clientEnv[source];
    return secret.value === undefined ? undefined : { kind, source, value: secret.value, origin: envOrigin(model, source, secret.origin) };
  }
  const slot = model.slots[source];
  const resolved = slot.clientResolved;
  return resolved.state === 'value' && resolved.value !== '' ? { kind, source, value: resolved.value, origin: slotOrigin(slot), variables: referencedVariables(slot.spec) } : undefined;
}

/** The credential an OpenClaw client on this machine would send, with where it came from. */
export function clientCredential(model: GatewayModel): CandidateCredential | undefined {
  const kinds: SecretKind[] = model.authMode.effective === 'password' ? ['password', 'token'] : ['token', 'password'];
  for (const kind of kinds) {
    for (const source of clientPrecedence(model, kind)) {
      const candidate = clientCandidate(model, source, kind);
      if (candidate) return candidate;
    }
  }
  return undefined;
}

/**
 * What the `openclaw` CLI on this machine sends. With OPENCLAW_GATEWAY_URL in its environment it
 * connects there and "config credentials are intentionally not reused": only OPENCLAW_GATEWAY_TOKEN
 * or OPENCLAW_GATEWAY_PASSWORD of that environment, else nothing (client-bootstrap.ts,
 * credentials.ts; observed on 2026.9.6). Otherwise the config-first order of `clientCredential`.
 */
export function cliCredential(model: GatewayModel): CandidateCredential | undefined {
  if (!model.effective.clientEnv.values.OPENCLAW_GATEWAY_URL?.trim()) return clientCredential(model);
  const kinds: SecretKind[] = model.authMode.effective === 'password' ? ['password', 'token'] : ['token', 'password'];
  for (const kind of kinds) {
    const candidate = clientCandidate(model, kind === 'token' ? 'OPENCLAW_GATEWAY_TOKEN' : 'OPENCLAW_GATEWAY_PASSWORD', kind);
    if (candidate) return candidate;
  }
  return undefined;
}

/**
 * Every distinct secret the user has configured anywhere (for pinpoint diagnosis), each named by
 * where it was written: first what a client sends, in its order; then what the gateway resolves
 * when its environment is another one; then values OpenClaw does not use at all (a `.env` line
 * under the process environment, a stale gateway.env, env.vars under a `.env`, a token in an
 * include that the config overrides), because the user may believe one of them is in use and the
 * running gateway may have started while it was.
 */
export function candidateCredentials(model: GatewayModel): CandidateCredential[] {
  const out: CandidateCredential[] = [];
  const seen = new Set<string>();
  const add = (candidate: CandidateCredential | undefined): void => {
    if (!candidate || candidate.value === '' || seen.has(candidate.value)) return;
    seen.add(candidate.value);
    out.push(candidate);
  };
  const kinds: SecretKind[] = model.authMode.effective === 'password' ? ['password', 'token'] : ['token', 'password'];
  for (const kind of kinds) for (const source of clientPrecedence(model, kind)) add(clientCandidate(model, source, kind));
  for (const slot of Object.values(model.slots)) {
    if (slot.resolved.state === 'value') add({ kind: slot.kind, source: slot.path, value: slot.resolved.value, origin: slotOrigin(slot), variables: referencedVariables(slot.spec) });
  }
  for (const name of ENV_SECRET_NAMES) {
    const secret = model.env[name];
    if (secret.value !== undefined) add({ kind: secret.kind, source: name, value: secret.value, origin: envOrigin(model, name, secret.origin) });
  }
  for (const candidate of unusedEnvValues(model)) add(candidate);
  for (const candidate of overriddenSlotValues(model)) add(candidate);
  return out;
}

/** OPENCLAW_GATEWAY_TOKEN/PASSWORD values written in a place OpenClaw reads but does not apply. */
function unusedEnvValues(model: GatewayModel): CandidateCredential[] {
  const { effective } = model;
  const out: CandidateCredential[] = [];
  const unused = (variable: EnvVariable, why: ShadowReason, winner: EnvVariable | undefined): void => {
    const value = variable.value.trim();
    if (!isEnvSecretName(variable.name) || value === '') return;
    const by = winner ? envOrigin(model, variable.name, winner.origin) : undefined;
    out.push({ kind: kindOfEnv(variable.name), source: variable.name, value, origin: envOrigin(model, variable.name, variable.origin), shadowed: { why, ...(by ? { by } : {}) } });
  };
  for (const view of [effective.gatewayEnv, effective.clientEnv]) {
    // A value that refers to another variable is never applied, and as written it is no secret.
    for (const ignored of view.ignored) if (ignored.why !== 'config-not-allowed') unused(ignored.variable, ignored.why, ignored.winner);
  }
  // A key written twice in one file: dotenv keeps the last line.
  for (const source of effective.dotenv) {
    for (const entry of source.doc.entries) {
      const last = source.doc.entryFor(entry.key);
      if (!entry.accepted || !isEnvSecretName(entry.key) || !last || last === entry) continue;
      const variable = (e: typeof entry): EnvVariable => ({ name: e.key, value: e.value, origin: { kind: 'dotenv', source, entry: e } });
      unused(variable(entry), 'duplicate-key', variable(last));
    }
  }
  // env.vars.<NAME> under a plain env.<NAME>: the later one is collected last and wins.
  const fromConfig = configEnvEntries(effective.assembled.root).filter((entry) => entry.allowed);
  fromConfig.forEach((entry, i) => {
    const later = fromConfig.slice(i + 1).find((other) => other.name === entry.name);
    if (later) unused({ name: entry.name, value: entry.value, origin: { kind: 'env.vars', at: entry.at } }, 'duplicate-key', { name: later.name, value: later.value, origin: { kind: 'env.vars', at: later.at } });
  });
  return out;
}

/** Gateway secrets written in a file of the config whose value the merge replaced (a sibling key, a later include). */
function overriddenSlotValues(model: GatewayModel): CandidateCredential[] {
  const out: CandidateCredential[] = [];
  const { effective } = model;
  for (const slot of Object.values(model.slots)) {
    if (!slot.node) continue;
    const keys = slot.path.split('.');
    for (const source of effective.assembled.sources) {
      const mount = source.mount;
      if (mount.length > keys.length || mount.some((key, i) => keys[i] !== key)) continue;
      const rest = keys.slice(mount.length);
      const property = rest.length === 0 ? undefined : findPropertyAtPath(source.doc.root, rest);
      const node = rest.length === 0 ? source.doc.root : valueOf(property);
      if (!node || node === slot.node) continue;
      const spec = classifySecret(node);
      const by = slotOrigin(slot);
      const origin: CredentialOrigin = { kind: 'config', key: slot.path, file: source.path, line: lineOf(source, property ?? node) };
      for (const env of [effective.gatewayEnv.values, effective.clientEnv.values]) {
        const resolved = resolveSecret(spec, env);
        // Its own variables, not the winning slot's: the send policy must see what this value was read from.
        if (resolved.state === 'value') out.push({ kind: slot.kind, source: slot.path, value: resolved.value, origin, shadowed: { why: 'config-overridden', ...(by ? { by } : {}) }, variables: referencedVariables(spec) });
      }
    }
  }
  return out;
}
