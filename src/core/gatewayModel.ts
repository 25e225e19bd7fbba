import type { ConfigDocument } from './configDocument';
import { leafAt, mergedAt, placedOf, type ConfigSource, type Placed } from './effective/configSources';
import { assembleEffectiveConfig, type EffectiveConfig } from './effective/effectiveConfig';
import type { EnvOrigin, EnvironmentView } from './effective/environmentLayers';
import { resolveFileSecret, type FileSecret } from './effective/secretFiles';
import { findProperty, stringValue, valueOf, type JsonNode } from './jsonTree';
import { classifySecret, resolveSecret, type Environment, type ResolvedSecret, type SecretSpec } from './secretValues';

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

export interface CandidateCredential {
  kind: SecretKind;
  source: CredentialSource;
  value: string;
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

function resolvedFor(model: GatewayModel, source: CredentialSource): string | undefined {
  if (source === 'OPENCLAW_GATEWAY_TOKEN' || source === 'OPENCLAW_GATEWAY_PASSWORD') return model.clientEnv[source].value;
  const resolved = model.slots[source].clientResolved;
  return resolved.state === 'value' && resolved.value !== '' ? resolved.value : undefined;
}

/** The credential an OpenClaw client on this machine would send, with where it came from. */
export function clientCredential(model: GatewayModel): CandidateCredential | undefined {
  const kinds: SecretKind[] = model.authMode.effective === 'password' ? ['password', 'token'] : ['token', 'password'];
  for (const kind of kinds) {
    for (const source of clientPrecedence(model, kind)) {
      const value = resolvedFor(model, source);
      if (value !== undefined) return { kind, source, value };
    }
  }
  return undefined;
}

/** Every distinct secret the user has configured (for pinpoint diagnosis), client order first. */
export function candidateCredentials(model: GatewayModel): CandidateCredential[] {
  const out: CandidateCredential[] = [];
  const seen = new Set<string>();
  const kinds: SecretKind[] = model.authMode.effective === 'password' ? ['password', 'token'] : ['token', 'password'];
  for (const kind of kinds) {
    for (const source of clientPrecedence(model, kind)) {
      const value = resolvedFor(model, source);
      if (value === undefined || seen.has(value)) continue;
      seen.add(value);
      out.push({ kind, source, value });
    }
  }
  return out;
}
