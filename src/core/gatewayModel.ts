import type { ConfigDocument } from './configDocument';
import { findProperty, findPropertyAtPath, stringValue, valueOf, type JsonNode } from './jsonTree';
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
  /** The property node (key + value) when present in the file. */
  property?: JsonNode;
  /** The value node when present. */
  node?: JsonNode;
  spec: SecretSpec;
  resolved: ResolvedSecret;
}

export interface EnvSecret {
  name: EnvSecretName;
  kind: SecretKind;
  value?: string;
}

export interface CandidateCredential {
  kind: SecretKind;
  source: CredentialSource;
  value: string;
}

export interface GatewayModel {
  gatewayProperty?: JsonNode;
  gatewayNode?: JsonNode;
  /** True when the root uses `$include`: some settings may live in files we do not see. */
  hasInclude: boolean;
  mode: { value?: string; node?: JsonNode };
  bind: { value?: unknown; node?: JsonNode; effective: string; defaulted: boolean };
  port: { value: number; source: 'env' | 'config' | 'default'; node?: JsonNode; configValue?: unknown };
  authMode: { explicit?: string; node?: JsonNode; effective: string };
  customBindHost?: string;
  remoteUrl: { value?: string; node?: JsonNode };
  tlsFingerprint?: string;
  slots: Record<SecretPath, SecretSlot>;
  env: Record<EnvSecretName, EnvSecret>;
}

export interface ModelContext {
  env: Environment;
  /** OpenClaw binds to `auto` (all interfaces) by default inside a container. */
  inContainer: boolean;
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

export function buildGatewayModel(doc: ConfigDocument, ctx: ModelContext): GatewayModel {
  const root = doc.root;
  const gatewayProperty = findProperty(root, 'gateway');
  const gatewayNode = valueOf(gatewayProperty);
  const gw = gatewayNode?.type === 'object' ? gatewayNode : undefined;

  const slots = {} as Record<SecretPath, SecretSlot>;
  for (const def of SLOT_DEFS) {
    const property = findPropertyAtPath(gw, def.keys);
    const node = valueOf(property);
    const spec = classifySecret(node);
    slots[def.path] = { path: def.path, kind: def.kind, property, node, spec, resolved: resolveSecret(spec, ctx.env) };
  }

  const env: Record<EnvSecretName, EnvSecret> = {
    OPENCLAW_GATEWAY_TOKEN: { name: 'OPENCLAW_GATEWAY_TOKEN', kind: 'token', value: envValue(ctx.env, 'OPENCLAW_GATEWAY_TOKEN') },
    OPENCLAW_GATEWAY_PASSWORD: { name: 'OPENCLAW_GATEWAY_PASSWORD', kind: 'password', value: envValue(ctx.env, 'OPENCLAW_GATEWAY_PASSWORD') },
  };

  const modeNode = valueOf(findProperty(gw, 'mode'));
  const bindNode = valueOf(findProperty(gw, 'bind'));
  const portNode = valueOf(findProperty(gw, 'port'));
  const authModeNode = valueOf(findPropertyAtPath(gw, ['auth', 'mode']));
  const remoteUrlNode = valueOf(findPropertyAtPath(gw, ['remote', 'url']));

  const bindValue: unknown = bindNode ? (bindNode.type === 'string' ? bindNode.value : bindNode.type) : undefined;
  const defaultBind = ctx.inContainer ? 'auto' : 'loopback';

  const envPort = envValue(ctx.env, 'OPENCLAW_GATEWAY_PORT');
  // OPENCLAW_GATEWAY_PORT may be `N`, `host:N` or `[v6]:N`; anything else falls through.
  const envPortMatch = envPort === undefined ? null : /^(?:(?:\[[^\]]*\]|[^:[\]]+):)?(\d+)$/.exec(envPort);
  const envPortNumber = envPortMatch ? Number(envPortMatch[1]) : undefined;
  const configPort = portNode?.type === 'number' && typeof portNode.value === 'number' ? portNode.value : undefined;
  const configPortValid = configPort !== undefined && Number.isInteger(configPort) && configPort >= 1 && configPort <= 65535;
  let port: GatewayModel['port'];
  if (envPortNumber !== undefined && envPortNumber >= 1 && envPortNumber <= 65535) {
    port = { value: envPortNumber, source: 'env', node: portNode, configValue: portNode?.value };
  } else if (configPortValid && configPort !== undefined) {
    port = { value: configPort, source: 'config', node: portNode, configValue: configPort };
  } else {
    port = { value: DEFAULT_PORT, source: 'default', node: portNode, configValue: portNode?.value };
  }

  const explicitAuthMode = stringValue(authModeNode);
  const model: GatewayModel = {
    gatewayProperty,
    gatewayNode,
    hasInclude: findProperty(root, '$include') !== undefined,
    mode: { value: stringValue(modeNode), node: modeNode },
    bind: {
      value: bindValue,
      node: bindNode,
      effective: typeof bindValue === 'string' ? bindValue : defaultBind,
      defaulted: bindNode === undefined,
    },
    port,
    authMode: { explicit: explicitAuthMode, node: authModeNode, effective: 'token' },
    customBindHost: stringValue(valueOf(findProperty(gw, 'customBindHost'))),
    remoteUrl: { value: stringValue(remoteUrlNode), node: remoteUrlNode },
    tlsFingerprint: stringValue(valueOf(findPropertyAtPath(gw, ['remote', 'tlsFingerprint']))),
    slots,
    env,
  };
  model.authMode.effective = explicitAuthMode ?? inferAuthMode(model);
  return model;
}

/** A slot counts as configured when the file sets it in any form (literal, reference, SecretRef). */
export function isConfigured(slot: SecretSlot): boolean {
  return slot.spec.kind !== 'absent';
}

/**
 * OpenClaw's rule when auth.mode is unset (auth-resolve.ts): password when a password is found
 * (auth.password, then OPENCLAW_GATEWAY_PASSWORD, then remote.password), else token.
 */
function inferAuthMode(model: GatewayModel): string {
  const hasPassword =
    isConfigured(model.slots['gateway.auth.password']) ||
    model.env.OPENCLAW_GATEWAY_PASSWORD.value !== undefined ||
    isConfigured(model.slots['gateway.remote.password']);
  return hasPassword ? 'password' : 'token';
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
  if (source === 'OPENCLAW_GATEWAY_TOKEN' || source === 'OPENCLAW_GATEWAY_PASSWORD') return model.env[source].value;
  const resolved = model.slots[source].resolved;
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
