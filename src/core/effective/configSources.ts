import * as path from 'node:path';
import { parseConfigDocument, type ConfigDocument } from '../configDocument';
import { expandHome } from '../hostFacts';
import { keyOf, propertiesOf, stringValue, valueOf, type JsonNode } from '../jsonTree';
import type { SourceReader } from './sourceReader';

/**
 * The config file and every file it `$include`s, merged the way OpenClaw merges them
 * (src/config/includes.ts): `$include` works in any object, takes a path or a list of paths relative
 * to the including file, nests up to 10 levels, must stay inside the config directory (or an
 * `OPENCLAW_INCLUDE_ROOTS` entry); included objects merge deeply with arrays concatenated, later
 * includes win over earlier ones, and sibling keys win over included content. Every merged value
 * keeps the file and node it came from, so a finding can point at the real place.
 */

export const MAX_INCLUDE_DEPTH = 10;
/** OpenClaw refuses include files larger than this (MAX_INCLUDE_FILE_BYTES). */
export const MAX_INCLUDE_FILE_CHARS = 2 * 1024 * 1024;

export interface ConfigSource {
  /** Absolute path as OpenClaw resolves it (lexically); '' for an unsaved main document. */
  path: string;
  kind: 'config' | 'include';
  doc: ConfigDocument;
  /** Where this file's root lands in the merged config (`[]` for the main file and root includes). */
  mount: readonly string[];
  /** The `$include` value (or list item) that brought this file in. */
  includedBy?: Placed;
}

/** A node of one source file. */
export interface Placed {
  source: ConfigSource;
  node: JsonNode;
  /** The property node (key and value) when the value is an object member. */
  property?: JsonNode;
}

export interface MergedObject {
  kind: 'object';
  /** Members by key, in the order OpenClaw would see them, each the winner after merging. */
  members: Map<string, MergedValue>;
  /** Every object node that contributed (the main file's first when it has one). */
  parts: Placed[];
}

export interface MergedLeaf {
  kind: 'leaf';
  /** The value that wins. */
  at: Placed;
  /** Arrays merged from several files are concatenated: every contributing array, in order. */
  arrayParts?: Placed[];
}

export type MergedValue = MergedObject | MergedLeaf;

export type IncludeProblemKind = 'escapes' | 'missing' | 'unreadable' | 'too-large' | 'parse' | 'circular' | 'depth' | 'invalid-value' | 'not-object';

/**
 * An include OpenClaw cannot use. Each is a config error: `config validate` reports it and
 * `gateway run` refuses the whole config (exit 78, observed for an escape on 2026.9.6). The merged
 * view leaves the include's content out so the rest of the analysis can go on.
 */
export interface IncludeProblem {
  kind: IncludeProblemKind;
  /** The `$include` value or list item at fault. */
  at: Placed;
  /** The include path as written (never a secret). */
  target: string;
  /** The resolved path, when there is one. */
  resolvedPath?: string;
  /** The include root OpenClaw measures escapes against. */
  root?: string;
  /** An escape found only after resolving symlinks (OpenClaw words that one differently). */
  symlink?: boolean;
}

export interface AssembledConfig {
  main: ConfigSource;
  /** Every JSON source: the main file first, then includes in the order they are read. */
  sources: ConfigSource[];
  /** Undefined when the main file does not parse. */
  root?: MergedValue;
  problems: IncludeProblem[];
}

interface Walk {
  /** Undefined: includes are not followed. */
  reader?: SourceReader;
  roots: readonly string[];
  sources: ConfigSource[];
  problems: IncludeProblem[];
  /** Parsed include files by path: a file included twice (not circularly) is read once. */
  loaded: Map<string, ConfigDocument | IncludeProblemKind>;
  /** The roots with symlinks resolved, taken once per assembly as OpenClaw does. */
  realRoots?: readonly string[];
  /** Directories with symlinks resolved (undefined: does not exist), so sibling includes share one lookup. */
  realDirs: Map<string, string | undefined>;
}

function realDir(walk: Walk, dir: string): string | undefined {
  if (!walk.realDirs.has(dir)) walk.realDirs.set(dir, walk.reader?.realpath?.(dir));
  return walk.realDirs.get(dir);
}

/**
 * The real path of an include: a file that is not itself a symlink lies in its directory's real
 * path, so one lstat replaces a realpath that walks every component again.
 */
function realPathOf(walk: Walk, file: string): string | undefined {
  const facts = walk.reader?.inspect?.(file);
  if (facts && !facts.symlink) {
    const dir = realDir(walk, path.dirname(file));
    return dir === undefined ? undefined : path.join(dir, path.basename(file));
  }
  return walk.reader?.realpath?.(file);
}

function isInside(root: string, candidate: string): boolean {
  // OpenClaw's own fast path (isPathInside): normalized absolute POSIX paths compare as strings;
  // path.relative resolves both paths again and costs more than reading a small include.
  if (root.startsWith('/') && candidate.startsWith('/') && !candidate.includes('/..')) {
    if (candidate === root || (candidate.startsWith(root) && (root.endsWith('/') || candidate[root.length] === '/'))) return true;
  }
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Roots an include may resolve into: the config's directory and `OPENCLAW_INCLUDE_ROOTS`. */
export function includeRoots(configPath: string, includeRootsVariable: string | undefined, home: string): string[] {
  const roots = [path.normalize(path.dirname(configPath))];
  for (const entry of (includeRootsVariable ?? '').split(path.delimiter)) {
    const trimmed = entry.trim();
    if (!trimmed) continue;
    const resolved = path.resolve(expandHome(trimmed, home));
    if (!roots.includes(resolved)) roots.push(resolved);
  }
  return roots;
}

/** Without a reader (text analysed without its file) `$include` is not followed and nothing is reported about it. */
export function assembleConfigSources(doc: ConfigDocument, configPath: string, options: { reader?: SourceReader; roots?: readonly string[] }): AssembledConfig {
  const main: ConfigSource = { path: configPath, kind: 'config', doc, mount: [] };
  const walk: Walk = {
    reader: options.reader,
    roots: options.roots ?? (configPath ? [path.dirname(configPath)] : []),
    sources: [main],
    problems: [],
    loaded: new Map(),
    realDirs: new Map(),
  };
  const root = doc.root ? mergeNode(walk, { source: main, node: doc.root }, [], [configPath], 0) : undefined;
  return { main, sources: walk.sources, root, problems: walk.problems };
}

function mergeNode(walk: Walk, at: Placed, logicalPath: readonly string[], chain: readonly string[], depth: number): MergedValue {
  if (at.node.type !== 'object') return { kind: 'leaf', at, arrayParts: at.node.type === 'array' ? [at] : undefined };
  const properties = propertiesOf(at.node);
  const include = properties.filter((p) => keyOf(p) === '$include').pop();
  const own: MergedObject = { kind: 'object', members: new Map(), parts: [at] };
  for (const property of properties) {
    const key = keyOf(property);
    const value = valueOf(property);
    if (key === '$include' || !value) continue;
    // A key written twice: the last one wins, as in OpenClaw's JSON5 parse.
    own.members.set(key, mergeNode(walk, { source: at.source, node: value, property }, [...logicalPath, key], chain, depth));
  }
  const includeValue = valueOf(include);
  if (!include || !includeValue || !walk.reader) return own;
  const included = resolveInclude(walk, { source: at.source, node: includeValue, property: include }, logicalPath, chain, depth);
  if (!included) return own;
  if (own.members.size === 0) return included;
  if (included.kind !== 'object') {
    walk.problems.push({ kind: 'not-object', at: { source: at.source, node: includeValue, property: include }, target: stringValue(includeValue) ?? '$include' });
    return own;
  }
  return mergeValues(included, own);
}

function resolveInclude(walk: Walk, at: Placed, logicalPath: readonly string[], chain: readonly string[], depth: number): MergedValue | undefined {
  const value = at.node;
  if (value.type === 'string') return loadInclude(walk, at, String(value.value), logicalPath, chain, depth);
  if (value.type === 'array') {
    let merged: MergedValue | undefined;
    for (const item of value.children ?? []) {
      const itemAt: Placed = { source: at.source, node: item, property: at.property };
      if (item.type !== 'string') {
        walk.problems.push({ kind: 'invalid-value', at: itemAt, target: '$include' });
        return undefined;
      }
      const loaded = loadInclude(walk, itemAt, String(item.value), logicalPath, chain, depth);
      if (!loaded) return undefined;
      merged = merged ? mergeValues(merged, loaded) : loaded;
    }
    return merged ?? { kind: 'object', members: new Map(), parts: [] };
  }
  walk.problems.push({ kind: 'invalid-value', at, target: '$include' });
  return undefined;
}

function loadInclude(walk: Walk, at: Placed, target: string, logicalPath: readonly string[], chain: readonly string[], depth: number): MergedValue | undefined {
  const problem = (kind: IncludeProblemKind, resolvedPath?: string, symlink?: boolean): undefined => {
    walk.problems.push({ kind, at, target, resolvedPath, root: walk.roots[0], ...(symlink ? { symlink } : {}) });
    return undefined;
  };
  if (target.includes('\0') || target.length >= 4096) return problem('invalid-value');
  const base = at.source.path ? path.dirname(at.source.path) : process.cwd();
  const resolvedPath = path.normalize(path.isAbsolute(target) ? target : path.resolve(base, target));
  if (!walk.roots.some((root) => isInside(root, resolvedPath))) return problem('escapes', resolvedPath);
  const reader = walk.reader;
  if (!reader) return undefined;
  const real = realPathOf(walk, resolvedPath);
  if (real !== undefined) {
    walk.realRoots ??= walk.roots.map((root) => realDir(walk, root) ?? root);
    if (!walk.realRoots.some((root) => isInside(root, real))) return problem('escapes', resolvedPath, true);
  }
  if (chain.includes(resolvedPath)) return problem('circular', resolvedPath);
  if (depth >= MAX_INCLUDE_DEPTH) return problem('depth', resolvedPath);
  let doc = walk.loaded.get(resolvedPath);
  if (doc === undefined) {
    const read = reader.read(resolvedPath);
    if (read.state !== 'ok') doc = read.state;
    else if (read.text.length > MAX_INCLUDE_FILE_CHARS) doc = 'too-large';
    else {
      const parsed = parseConfigDocument(read.text);
      doc = parsed.root ? parsed : 'parse';
      // A file that does not parse is still a source: its syntax error is shown in it.
      walk.sources.push({ path: resolvedPath, kind: 'include', doc: parsed, mount: logicalPath, includedBy: at });
    }
    walk.loaded.set(resolvedPath, doc);
  }
  if (typeof doc === 'string') return problem(doc, resolvedPath);
  const source = walk.sources.find((s) => s.path === resolvedPath) ?? { path: resolvedPath, kind: 'include' as const, doc, mount: logicalPath, includedBy: at };
  if (!doc.root) return problem('parse', resolvedPath);
  return mergeNode(walk, { source, node: doc.root }, logicalPath, [...chain, resolvedPath], depth + 1);
}

/** OpenClaw's deep merge for includes: objects recurse, arrays concatenate, anything else: `over` wins. */
export function mergeValues(base: MergedValue, over: MergedValue): MergedValue {
  if (base.kind === 'object' && over.kind === 'object') {
    const members = new Map(base.members);
    for (const [key, value] of over.members) {
      const current = members.get(key);
      members.set(key, current ? mergeValues(current, value) : value);
    }
    return { kind: 'object', members, parts: [...base.parts, ...over.parts] };
  }
  if (base.kind === 'leaf' && over.kind === 'leaf' && base.arrayParts && over.arrayParts) {
    return { kind: 'leaf', at: over.at, arrayParts: [...base.arrayParts, ...over.arrayParts] };
  }
  return over;
}

/** The merged value at a path of keys, or undefined. */
export function mergedAt(root: MergedValue | undefined, keys: readonly string[]): MergedValue | undefined {
  let current = root;
  for (const key of keys) {
    if (current?.kind !== 'object') return undefined;
    current = current.members.get(key);
  }
  return current;
}

/** The winning node at a path, for scalar settings; undefined for objects and absent keys. */
export function leafAt(root: MergedValue | undefined, keys: readonly string[]): Placed | undefined {
  const value = mergedAt(root, keys);
  return value?.kind === 'leaf' ? value.at : undefined;
}

/** Where a value lives, whatever its kind: the leaf, or the first node of an object. */
export function placedOf(value: MergedValue | undefined): Placed | undefined {
  if (!value) return undefined;
  return value.kind === 'leaf' ? value.at : value.parts[value.parts.length - 1];
}
