import * as path from 'node:path';
import { expandHome } from '../hostFacts';
import { stringValue } from '../jsonTree';
import { mergedAt, type MergedValue, type Placed } from './configSources';
import type { SourceReader } from './sourceReader';

/**
 * `{source: "file"}` SecretRefs, read the way OpenClaw reads them (src/secrets/resolve.ts with
 * @openclaw/fs-safe readSecureFile): the provider `secrets.providers.<name>` must be a file
 * provider; its path (with `~`) must be absolute, not a symlink, a regular file, owned by the
 * user and neither readable nor writable by group or others; `mode: "singleValue"` takes the whole
 * file (one trailing newline dropped) under id "value", otherwise the file is a JSON object and the
 * id a JSON pointer. A failure here stops the gateway ("required secrets are unavailable").
 */

export type FileSecretFailure =
  | 'no-provider'
  | 'not-file-provider'
  | 'relative-path'
  | 'missing'
  | 'symlink'
  | 'not-regular'
  | 'too-open'
  | 'not-owned'
  | 'unreadable'
  | 'not-json-object'
  | 'bad-id'
  | 'not-found';

export type FileSecret = { state: 'value'; value: string; file: string; provider: Placed | undefined } | { state: 'failed'; failure: FileSecretFailure; file?: string; provider?: Placed };

/** OpenClaw's default byte limit for file providers. */
const DEFAULT_MAX_BYTES = 1024 * 1024;

function readPointer(root: unknown, pointer: string): unknown {
  if (!pointer.startsWith('/')) return undefined;
  let current: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function resolveFileSecret(providerName: string, id: string, merged: MergedValue | undefined, options: { reader?: SourceReader; home: string; uid?: number }): FileSecret {
  const provider = mergedAt(merged, ['secrets', 'providers', providerName]);
  const providerAt = provider?.kind === 'object' ? provider.parts[provider.parts.length - 1] : provider?.at;
  if (provider?.kind !== 'object') return { state: 'failed', failure: 'no-provider', provider: providerAt };
  const field = (key: string): string | undefined => {
    const value = provider.members.get(key);
    return value?.kind === 'leaf' ? stringValue(value.at.node) : undefined;
  };
  if (field('source') !== 'file') return { state: 'failed', failure: 'not-file-provider', provider: providerAt };
  const rawPath = field('path') ?? '';
  const expanded = expandHome(rawPath, options.home);
  if (!path.isAbsolute(expanded)) return { state: 'failed', failure: 'relative-path', provider: providerAt };
  const file = path.normalize(expanded);
  const refused = (failure: FileSecretFailure): FileSecret => ({ state: 'failed', failure, file, provider: providerAt });
  const facts = options.reader?.inspect?.(file);
  if (options.reader?.inspect && !facts) return refused('missing');
  if (facts) {
    if (facts.symlink) return refused('symlink');
    if (!facts.regularFile) return refused('not-regular');
    if ((facts.mode & 0o077) !== 0) return refused('too-open');
    if (options.uid !== undefined && facts.uid !== options.uid) return refused('not-owned');
  }
  const read = options.reader?.read(file);
  if (!read || read.state === 'missing') return refused('missing');
  if (read.state !== 'ok' || read.text.length > DEFAULT_MAX_BYTES) return refused('unreadable');
  const text = read.text.replace(/^\uFEFF/, '');
  if (field('mode') === 'singleValue') {
    if (id !== 'value') return refused('bad-id');
    return { state: 'value', value: text.replace(/\r?\n$/, ''), file, provider: providerAt };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return refused('not-json-object');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return refused('not-json-object');
  const value = readPointer(parsed, id);
  if (value === undefined) return refused(id.startsWith('/') ? 'not-found' : 'bad-id');
  if (typeof value !== 'string') return refused('not-found');
  return { state: 'value', value, file, provider: providerAt };
}
