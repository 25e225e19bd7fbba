import { leafAt, mergedAt, type Placed } from '../../effective/configSources';
import type { FileSecretFailure } from '../../effective/secretFiles';
import type { GatewayModel, SecretPath, SecretSlot } from '../../gatewayModel';
import { stringValue } from '../../jsonTree';
import { fingerprint } from '../../secretValues';

/*
 * Whether OpenClaw can resolve a secret reference, decided the way it resolves them
 * (src/secrets/resolve.ts resolveConfiguredProvider, resolveEnvRefs, resolveFileRefs;
 * src/secrets/ref-contract.ts isBuiltInDefaultSecretProviderRef), and whether the gateway or a
 * client needs the secret at all (src/gateway/credential-planner.ts, which decides the "active
 * surfaces" src/secrets/runtime-gateway-auth-surfaces.ts resolves at start-up).
 */

/** Why OpenClaw cannot resolve a reference. Values never appear here; names and paths do. */
export type SecretProblem =
  /** `$NAME` or `{source:"env"}` whose variable is unset or blank on that side. */
  | { kind: 'env-unset'; variable: string; form: 'shorthand' | 'secret-ref'; looksLikeSecret: boolean; raw?: string }
  | { kind: 'not-allowlisted'; variable: string; provider: string }
  | { kind: 'no-provider'; provider: string; ref: string }
  | { kind: 'wrong-source'; provider: string; configured: string; requested: string }
  | { kind: 'file'; failure: Exclude<FileSecretFailure, 'no-provider' | 'not-file-provider' | 'relative-path'>; provider: string; file: string; id: string; singleValue: boolean }
  /** An id `openclaw config validate` itself rejects (the whole config is then invalid). */
  | { kind: 'invalid-file-id'; id: string };

/** A reference whose value this check cannot know (nothing is run or opened). */
export type UncheckedReason =
  | { kind: 'exec'; provider: string }
  | { kind: 'store'; id: string }
  | { kind: 'file-not-read'; provider: string }
  | { kind: 'relative-path'; provider: string; path: string };

export type SecretCheck = { state: 'ok' } | { state: 'problem'; problem: SecretProblem } | { state: 'unchecked'; reason: UncheckedReason };

export type Side = 'gateway' | 'client';

/** A provider name may be a secret's neighbour, never a secret; its config is read from the merged settings. */
function providerField(model: GatewayModel, provider: string, key: string): string | undefined {
  return stringValue(leafAt(model.effective.assembled.root, ['secrets', 'providers', provider, key])?.node);
}

function providerExists(model: GatewayModel, provider: string): boolean {
  return mergedAt(model.effective.assembled.root, ['secrets', 'providers', provider])?.kind === 'object';
}

/** OpenClaw's default alias for a source: secrets.defaults.<source>, else "default". */
function defaultAlias(model: GatewayModel, source: string): string {
  return stringValue(leafAt(model.effective.assembled.root, ['secrets', 'defaults', source])?.node)?.trim() || 'default';
}

/** resolveConfiguredProvider: the provider problem OpenClaw raises before it reads anything. */
function providerProblem(model: GatewayModel, source: string, provider: string, id: string): SecretProblem | undefined {
  const configured = providerField(model, provider, 'source');
  const builtIn = configured !== source && (source === 'env' || source === 'store') && provider === defaultAlias(model, source);
  if (builtIn) return undefined;
  if (!providerExists(model, provider)) return { kind: 'no-provider', provider, ref: `${source}:${provider}:${id}` };
  if (configured !== undefined && configured !== source) return { kind: 'wrong-source', provider, configured, requested: source };
  return undefined;
}

function allowlistOf(model: GatewayModel, provider: string): string[] | undefined {
  const list = mergedAt(model.effective.assembled.root, ['secrets', 'providers', provider, 'allowlist']);
  if (list?.kind !== 'leaf' || !list.at.node.children) return undefined;
  const parts = list.arrayParts ?? [list.at];
  return parts.flatMap((part) => (part.node.children ?? []).map((child) => stringValue(child) ?? ''));
}

/**
 * A "variable name" that is more likely a secret pasted after a `$`: long, with digits, and no
 * underscore. Such a name is shown only as a fingerprint.
 */
function looksLikeSecret(name: string): boolean {
  return !name.includes('_') && /\d/.test(name) && name.length >= 12;
}

/**
 * What OpenClaw makes of a slot's reference on one side. Undefined for what this module does not
 * judge: literals, `${NAME}` (substituted at load, see token-env-reference), absent values.
 */
export function checkSecret(model: GatewayModel, slot: SecretSlot, side: Side): SecretCheck | undefined {
  const spec = slot.spec;
  const resolved = side === 'gateway' ? slot.resolved : slot.clientResolved;
  if (spec.kind === 'env-shorthand') {
    // `${NAME}` is substituted when the file is loaded; an unset one stays literal text and the
    // gateway starts (observed), unlike `$NAME`, which becomes an env SecretRef.
    if (spec.raw.trim().startsWith('${')) return undefined;
    const provider = defaultAlias(model, 'env');
    const problem = envProblem(model, provider, spec.variable, resolved, 'shorthand');
    if (problem?.kind === 'env-unset') return { state: 'problem', problem: { ...problem, raw: spec.raw.trim() } };
    return problem ? { state: 'problem', problem } : { state: 'ok' };
  }
  if (spec.kind !== 'secret-ref') return undefined;
  const { source, provider, id } = spec;
  if (source === 'env') {
    const problem = providerProblem(model, 'env', provider, id) ?? envProblem(model, provider, id, resolved, 'secret-ref');
    return problem ? { state: 'problem', problem } : { state: 'ok' };
  }
  if (source === 'exec' || source === 'store') {
    const problem = providerProblem(model, source, provider, id);
    if (problem) return { state: 'problem', problem };
    return { state: 'unchecked', reason: source === 'exec' ? { kind: 'exec', provider } : { kind: 'store', id } };
  }
  if (source === 'file') return fileCheck(model, slot, provider, id);
  return undefined;
}

function envProblem(model: GatewayModel, provider: string, variable: string, resolved: SecretSlot['resolved'], form: 'shorthand' | 'secret-ref'): SecretProblem | undefined {
  const allowlist = providerField(model, provider, 'source') === 'env' ? allowlistOf(model, provider) : undefined;
  if (allowlist && !allowlist.includes(variable)) return { kind: 'not-allowlisted', variable, provider };
  if (resolved.state === 'unresolved' && resolved.reason === 'env-unset') return { kind: 'env-unset', variable, form, looksLikeSecret: form === 'shorthand' && looksLikeSecret(variable) };
  return undefined;
}

/** OpenClaw's isValidFileSecretRefId: "value", or an absolute JSON pointer whose "~" escapes are valid. */
function isValidFileId(id: string): boolean {
  if (id === 'value') return true;
  return id.startsWith('/') && id.slice(1).split('/').every((segment) => /^(?:[^~]|~0|~1)*$/.test(segment));
}

function fileCheck(model: GatewayModel, slot: SecretSlot, provider: string, id: string): SecretCheck {
  if (!isValidFileId(id)) return { state: 'problem', problem: { kind: 'invalid-file-id', id } };
  const read = slot.fileSecret;
  if (!read) {
    const problem = providerProblem(model, 'file', provider, id);
    return problem ? { state: 'problem', problem } : { state: 'unchecked', reason: { kind: 'file-not-read', provider } };
  }
  if (read.state === 'value') return { state: 'ok' };
  const failure = read.failure;
  if (failure === 'no-provider') return { state: 'problem', problem: { kind: 'no-provider', provider, ref: `file:${provider}:${id}` } };
  if (failure === 'not-file-provider') {
    return { state: 'problem', problem: { kind: 'wrong-source', provider, configured: providerField(model, provider, 'source') ?? '', requested: 'file' } };
  }
  if (failure === 'relative-path') return { state: 'unchecked', reason: { kind: 'relative-path', provider, path: providerField(model, provider, 'path') ?? '' } };
  return { state: 'problem', problem: { kind: 'file', failure, provider, file: read.file ?? '', id, singleValue: providerField(model, provider, 'mode') === 'singleValue' } };
}

/** The node of secrets.providers.<name>.path, for a related location. */
export function providerPathAt(model: GatewayModel, provider: string): Placed | undefined {
  return leafAt(model.effective.assembled.root, ['secrets', 'providers', provider, 'path']);
}

/** A fingerprint of the text after `$` that OpenClaw took for a variable name. */
export function shorthandFingerprint(problem: Extract<SecretProblem, { kind: 'env-unset' }>): string {
  return fingerprint(problem.raw ?? problem.variable);
}

/** A secret field counts as configured as OpenClaw's hasConfiguredSecretInput counts it. */
function configuredInput(slot: SecretSlot): boolean {
  if (slot.spec.kind === 'absent') return false;
  if (slot.spec.kind === 'literal') return slot.spec.raw.trim() !== '';
  return true;
}

/**
 * Whether the gateway resolves this gateway.auth.* reference at start-up (an "active surface"):
 * only those can stop it. Mirrors createGatewayCredentialPlan's localTokenSurfaceActive and
 * passwordCanWin, with the gateway's environment.
 */
export function gatewayNeedsSlot(model: GatewayModel, path: SecretPath): boolean {
  const mode = model.authMode.explicit;
  const envToken = model.env.OPENCLAW_GATEWAY_TOKEN.value !== undefined;
  const envPassword = model.env.OPENCLAW_GATEWAY_PASSWORD.value !== undefined;
  const token = configuredInput(model.slots['gateway.auth.token']);
  const password = configuredInput(model.slots['gateway.auth.password']);
  if (path === 'gateway.auth.token') {
    const localTokenCanWin = mode !== 'password' && mode !== 'none' && mode !== 'trusted-proxy';
    return localTokenCanWin && (mode === 'token' || (mode === undefined && !envPassword && !password));
  }
  if (path === 'gateway.auth.password') {
    const tokenCanWin = envToken || token || configuredInput(model.slots['gateway.remote.token']);
    return mode === 'password' || mode === 'trusted-proxy' || (mode !== 'token' && mode !== 'none' && !tokenCanWin);
  }
  return false;
}
