import { createHmac } from 'node:crypto';
import { loadFingerprintKey } from './fingerprintKey';
import { findProperty, stringValue, type JsonNode } from './jsonTree';

/** The environment the engine resolves references against (the CLI's process, the extension host's). */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Names OpenClaw substitutes in `${VAR}` (others stay literal). */
const SUBSTITUTION = /\$\$\{([A-Z_][A-Z0-9_]*)\}|\$\{([A-Z_][A-Z0-9_]*)\}/g;
/** Whole-value SecretRef shorthand for secret fields. */
const SHORTHAND_BRACED = /^\$\{([A-Z][A-Z0-9_]{0,127})\}$/;
const SHORTHAND_BARE = /^\$([A-Z][A-Z0-9_]{0,127})$/;

export interface EnvPart {
  variable: string;
  /** Decoded index range of the `${VAR}` text in the string. */
  start: number;
  end: number;
}

/** How a secret field is written in the file. */
export type SecretSpec =
  | { kind: 'absent' }
  /** A plain string, possibly with `${VAR}` parts substituted from the environment. */
  | { kind: 'literal'; raw: string; envParts: EnvPart[] }
  /** `$NAME` or `${NAME}`: the whole value comes from one environment variable. */
  | { kind: 'env-shorthand'; raw: string; variable: string }
  /** `{ source, provider, id }`. */
  | { kind: 'secret-ref'; source: string; provider: string; id: string }
  /** A number, boolean, array or an object that is not a SecretRef. */
  | { kind: 'invalid' };

export type ResolvedSecret =
  | { state: 'absent' }
  | { state: 'value'; value: string }
  /** Set in the file but its value cannot be known here (unset env var, file/exec/store SecretRef). */
  | { state: 'unresolved'; reason: 'env-unset' | 'secret-ref' | 'invalid'; variable?: string };

export function classifySecret(node: JsonNode | undefined): SecretSpec {
  if (!node) return { kind: 'absent' };
  const text = stringValue(node);
  if (text !== undefined) {
    const trimmed = text.trim();
    const braced = SHORTHAND_BRACED.exec(trimmed) ?? SHORTHAND_BARE.exec(trimmed);
    if (braced) return { kind: 'env-shorthand', raw: text, variable: braced[1] };
    return { kind: 'literal', raw: text, envParts: envPartsOf(text) };
  }
  if (node.type === 'object') {
    const source = stringValue(findProperty(node, 'source')?.children?.[1]);
    const provider = stringValue(findProperty(node, 'provider')?.children?.[1]);
    const id = stringValue(findProperty(node, 'id')?.children?.[1]);
    if (source !== undefined && id !== undefined) return { kind: 'secret-ref', source, provider: provider ?? 'default', id };
  }
  return { kind: 'invalid' };
}

/** `${VAR}` references in a string (escaped `$${VAR}` excluded). */
export function envPartsOf(text: string): EnvPart[] {
  if (!text.includes('${')) return [];
  const parts: EnvPart[] = [];
  SUBSTITUTION.lastIndex = 0;
  for (let m = SUBSTITUTION.exec(text); m; m = SUBSTITUTION.exec(text)) {
    if (m[2] !== undefined) parts.push({ variable: m[2], start: m.index, end: m.index + m[0].length });
  }
  return parts;
}

/** Applies OpenClaw's `${VAR}` substitution; a missing variable leaves the text literal. */
export function substituteEnv(text: string, env: Environment): { value: string; missing: string[] } {
  const missing: string[] = [];
  if (!text.includes('${')) return { value: text, missing };
  SUBSTITUTION.lastIndex = 0;
  const value = text.replace(SUBSTITUTION, (whole, escaped: string | undefined, name: string | undefined) => {
    if (escaped !== undefined) return whole.slice(1);
    const found = name !== undefined ? env[name] : undefined;
    // OpenClaw leaves an unset or empty variable as literal text.
    if (found === undefined || found === '' || name === undefined) {
      if (name !== undefined) missing.push(name);
      return whole;
    }
    return found;
  });
  return { value, missing };
}

/**
 * What OpenClaw ends up with for this field. Clients treat a value that still holds an
 * unresolved `${VAR}` as unset, and compare trimmed secrets.
 */
export function resolveSecret(spec: SecretSpec, env: Environment): ResolvedSecret {
  switch (spec.kind) {
    case 'absent':
      return { state: 'absent' };
    case 'invalid':
      return { state: 'unresolved', reason: 'invalid' };
    case 'secret-ref':
      if (spec.source === 'env') {
        const value = env[spec.id];
        return value === undefined || value.trim() === '' ? { state: 'unresolved', reason: 'env-unset', variable: spec.id } : { state: 'value', value: value.trim() };
      }
      return { state: 'unresolved', reason: 'secret-ref' };
    case 'env-shorthand': {
      const value = env[spec.variable];
      return value === undefined || value.trim() === '' ? { state: 'unresolved', reason: 'env-unset', variable: spec.variable } : { state: 'value', value: value.trim() };
    }
    case 'literal': {
      const { value, missing } = substituteEnv(spec.raw, env);
      if (missing.length > 0) return { state: 'unresolved', reason: 'env-unset', variable: missing[0] };
      return { state: 'value', value: value.trim() };
    }
  }
}

/** The variable a secret is read from, when it is an environment reference of any form. */
export function referencedVariables(spec: SecretSpec): string[] {
  if (spec.kind === 'env-shorthand') return [spec.variable];
  if (spec.kind === 'secret-ref' && spec.source === 'env') return [spec.id];
  if (spec.kind === 'literal') return spec.envParts.map((p) => p.variable);
  return [];
}

let fingerprintKey: Buffer | undefined;

/**
 * A short fingerprint that identifies a secret without revealing it: `fp:` and 8 hex digits of an
 * HMAC-SHA-256 under this user's own random key (fingerprintKey.ts), so a fingerprint pasted into
 * a public issue cannot be brute-forced back into a weak secret. Stable on one machine, for the
 * editor and the CLI alike; different on another machine. Used wherever a secret would be shown.
 */
export function fingerprint(secret: string): string {
  fingerprintKey ??= loadFingerprintKey(process.env).key;
  return 'fp:' + createHmac('sha256', fingerprintKey).update(secret, 'utf8').digest('hex').slice(0, 8);
}

/** Tests point the key at another state directory. */
export function resetFingerprintKey(): void {
  fingerprintKey = undefined;
}
