/**
 * A compact key tree of OpenClaw's config schema: which keys each object knows, which objects are
 * closed (OpenClaw rejects any other key, "Unrecognized key") and which are open, what a record's
 * entries and an array's items hold, and a type and one-sentence description per key for hover.
 * The full `openclaw config schema` output is 2.4 MB of JSON Schema; this keeps what the
 * unknown-key rule, completion and hover read, in a tenth of that.
 */
export interface KeyTreeNode {
  /** Known keys of an object (present, possibly empty, when the value can be an object). */
  k?: Record<string, KeyTreeNode>;
  /** A record: any other key is allowed and its value has this tree. */
  r?: KeyTreeNode;
  /** Open object: any other key is allowed and not checked. */
  o?: 1;
  /** Array items. */
  i?: KeyTreeNode;
  /** Type summary for hover and completion ("string", "boolean", "object", "string | object"). */
  t?: string;
  /** One-sentence description. */
  d?: string;
  /** String values the key accepts, when it is an enumeration. */
  e?: string[];
}

/** A key tree with the release it describes. */
export interface SchemaKeyTree {
  version: string;
  root: KeyTreeNode;
}

type JsonSchema = Record<string, unknown>;

const MAX_DESCRIPTION = 200;
/** `$ref` chains deeper than this are cut: a recursive definition must not expand forever. */
const MAX_REF_DEPTH = 8;

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first sentence, so a hover stays short and the bundled tree small. */
export function shortDescription(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const sentence = /^(.+?[.!?])(\s|$)/.exec(flat)?.[1] ?? flat;
  return sentence.length > MAX_DESCRIPTION ? sentence.slice(0, MAX_DESCRIPTION - 1).trimEnd() + '…' : sentence;
}

interface Scope {
  defs: ReadonlyArray<Record<string, unknown>>;
  refDepth: number;
}

function resolveRef(node: JsonSchema, scope: Scope): { node: JsonSchema; scope: Scope } {
  let current = node;
  let depth = scope.refDepth;
  while (typeof current.$ref === 'string' && depth < MAX_REF_DEPTH) {
    const name = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(current.$ref)?.[1];
    const target = name === undefined ? undefined : [...scope.defs].reverse().find((d) => Object.hasOwn(d, name))?.[name];
    if (!isSchema(target)) break;
    current = { ...target, ...Object.fromEntries(Object.entries(current).filter(([k]) => k !== '$ref')) };
    depth++;
  }
  return { node: current, scope: { ...scope, refDepth: depth } };
}

/** The node and every `anyOf`/`oneOf`/`allOf` alternative below it, flattened, `$ref`s resolved. */
function alternativesOf(node: JsonSchema, scope: Scope): Array<{ node: JsonSchema; scope: Scope }> {
  const resolved = resolveRef(node, scope);
  const defs = isSchema(resolved.node.$defs) ? resolved.node.$defs : isSchema(resolved.node.definitions) ? resolved.node.definitions : undefined;
  const inner: Scope = defs ? { ...resolved.scope, defs: [...resolved.scope.defs, defs] } : resolved.scope;
  const out = [{ node: resolved.node, scope: inner }];
  for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = resolved.node[keyword];
    if (Array.isArray(list)) for (const alt of list) if (isSchema(alt)) out.push(...alternativesOf(alt, inner));
  }
  return out;
}

function typesOf(node: JsonSchema): string[] {
  const type = node.type;
  const listed = Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : typeof type === 'string' ? [type] : [];
  if (listed.length) return listed;
  if (isSchema(node.properties) || node.additionalProperties !== undefined) return ['object'];
  if (node.items !== undefined) return ['array'];
  if (typeof node.const === 'string' || Array.isArray(node.enum)) return ['string'];
  return [];
}

/** Merges what a key can hold into one node (several alternatives may each be an object). */
function nodeOf(schema: JsonSchema, scope: Scope, describe: boolean): KeyTreeNode {
  const alternatives = alternativesOf(schema, scope);
  const out: KeyTreeNode = {};
  const types = new Set<string>();
  const enums = new Set<string>();
  let sawObject = false;
  let open = false;
  let keys: Record<string, KeyTreeNode> | undefined;
  const records: KeyTreeNode[] = [];
  const items: KeyTreeNode[] = [];
  let description: string | undefined;
  for (const { node, scope: inner } of alternatives) {
    for (const t of typesOf(node)) types.add(t === 'integer' ? 'integer' : t);
    if (typeof node.const === 'string') enums.add(node.const);
    if (Array.isArray(node.enum)) for (const v of node.enum) if (typeof v === 'string') enums.add(v);
    if (description === undefined && typeof node.description === 'string') description = node.description;
    if (description === undefined && typeof node.title === 'string') description = node.title;
    const isObject = typesOf(node).includes('object');
    if (isObject) {
      sawObject = true;
      const properties = isSchema(node.properties) ? node.properties : {};
      keys ??= {};
      for (const [key, child] of Object.entries(properties)) {
        if (!isSchema(child)) continue;
        const childNode = nodeOf(child, inner, true);
        keys[key] = Object.hasOwn(keys, key) ? mergeNodes(keys[key], childNode) : childNode;
      }
      const extra = node.additionalProperties;
      if (node.patternProperties !== undefined) open = true;
      else if (extra === undefined || extra === true) open = true;
      else if (isSchema(extra)) {
        if (Object.keys(extra).length === 0) open = true;
        else records.push(nodeOf(extra, inner, false));
      }
    }
    if (typesOf(node).includes('array')) {
      const itemSchema: unknown = Array.isArray(node.items) ? (node.items as unknown[])[0] : node.items;
      if (isSchema(itemSchema)) items.push(nodeOf(itemSchema, inner, false));
    }
  }
  if (types.size) out.t = [...types].join(' | ');
  if (enums.size && [...types].every((t) => t === 'string')) out.e = [...enums];
  if (describe && description) out.d = shortDescription(description);
  if (sawObject) {
    out.k = keys ?? {};
    if (open) out.o = 1;
    else if (records.length) out.r = records.reduce(mergeNodes);
  }
  if (items.length) out.i = items.reduce(mergeNodes);
  return out;
}

/** What either of two trees allows (a key of either; open when either is). */
export function mergeNodes(a: KeyTreeNode, b: KeyTreeNode): KeyTreeNode {
  const out: KeyTreeNode = { ...a };
  if (b.t && b.t !== a.t) out.t = [...new Set([...(a.t?.split(' | ') ?? []), ...b.t.split(' | ')])].join(' | ');
  if (b.e) out.e = [...new Set([...(a.e ?? []), ...b.e])];
  if (out.d === undefined && b.d !== undefined) out.d = b.d;
  if (a.k || b.k) {
    const keys: Record<string, KeyTreeNode> = { ...(a.k ?? {}) };
    for (const [key, child] of Object.entries(b.k ?? {})) keys[key] = Object.hasOwn(keys, key) ? mergeNodes(keys[key], child) : child;
    out.k = keys;
  }
  if (a.o || b.o) {
    out.o = 1;
    delete out.r;
  } else if (a.r && b.r) out.r = mergeNodes(a.r, b.r);
  else if (b.r) out.r = b.r;
  if (a.i && b.i) out.i = mergeNodes(a.i, b.i);
  else if (b.i) out.i = b.i;
  return out;
}

/** The key tree of a full `openclaw config schema` document. */
export function keyTreeFromJsonSchema(schema: unknown): KeyTreeNode {
  if (!isSchema(schema)) return { o: 1 };
  return nodeOf(schema, { defs: [], refDepth: 0 }, false);
}

/** Where a key path leads in the tree: through known keys, record entries and array items. */
export function nodeAtPath(root: KeyTreeNode, path: readonly string[]): KeyTreeNode | undefined {
  let node: KeyTreeNode | undefined = root;
  for (const segment of path) {
    if (!node) return undefined;
    if (node.k && Object.hasOwn(node.k, segment)) node = node.k[segment];
    else if (node.r) node = node.r;
    else if (node.i && /^\d+$/.test(segment)) node = node.i;
    else return undefined;
  }
  return node;
}

/** A closed object: every key it may hold is in `k`. */
export function isClosedObject(node: KeyTreeNode): boolean {
  return node.k !== undefined && !node.o && !node.r;
}

/**
 * The bundled tree keeps a description where hovers are read most: everything under `gateway`
 * (what OpenClaw Guard is about) and the first `depth` levels elsewhere. Deeper descriptions are
 * dropped to keep the .vsix under its size target; a tree generated from the user's own install
 * keeps all of them.
 */
export function trimDescriptions(root: KeyTreeNode, depth = 2, fullUnder: readonly string[] = ['gateway']): KeyTreeNode {
  const trim = (node: KeyTreeNode, level: number, full: boolean): KeyTreeNode => {
    const out: KeyTreeNode = { ...node };
    if (!full && level > depth) delete out.d;
    if (node.k) out.k = Object.fromEntries(Object.entries(node.k).map(([key, child]) => [key, trim(child, level + 1, full || (level === 0 && fullUnder.includes(key)))]));
    if (node.r) out.r = trim(node.r, level + 1, full);
    if (node.i) out.i = trim(node.i, level + 1, full);
    return out;
  };
  return trim(root, 0, false);
}

/** A subtree written once in `shared` and referred to by `{"@": index}` (see {@link packKeyTree}). */
interface SharedRef {
  '@': number;
}

/** Subtrees shorter than this are cheaper written out than referred to. */
const MIN_SHARED_LENGTH = 64;

/**
 * Writes a key tree as JSON with every subtree that occurs more than once (the per-plugin entries
 * repeat the same hooks, subagent and llm trees dozens of times) written once under `shared` and
 * referred to elsewhere. Compression alone cannot see repeats that lie further apart than its
 * window; this keeps the bundled tree, and so the .vsix, small.
 */
export function packKeyTree(tree: SchemaKeyTree): string {
  const counts = new Map<string, number>();
  const count = (node: KeyTreeNode): string => {
    const text = JSON.stringify(node);
    for (const child of childrenOf(node)) count(child);
    if (text.length >= MIN_SHARED_LENGTH) counts.set(text, (counts.get(text) ?? 0) + 1);
    return text;
  };
  count(tree.root);
  const shared: Array<KeyTreeNode | SharedRef> = [];
  const index = new Map<string, number>();
  // Children before parents, so a shared subtree can itself refer to shared ones written earlier.
  const pack = (node: KeyTreeNode): KeyTreeNode | SharedRef => {
    const text = JSON.stringify(node);
    const known = index.get(text);
    if (known !== undefined) return { '@': known };
    const packed: Record<string, unknown> = { ...node };
    if (node.k) packed.k = Object.fromEntries(Object.entries(node.k).map(([key, child]) => [key, pack(child)]));
    if (node.r) packed.r = pack(node.r);
    if (node.i) packed.i = pack(node.i);
    if ((counts.get(text) ?? 0) < 2) return packed;
    index.set(text, shared.length);
    shared.push(packed);
    return { '@': shared.length - 1 };
  };
  const root = pack(tree.root);
  return JSON.stringify({ version: tree.version, ...(shared.length > 0 ? { shared } : {}), root });
}

function childrenOf(node: KeyTreeNode): KeyTreeNode[] {
  return [...Object.values(node.k ?? {}), ...(node.r ? [node.r] : []), ...(node.i ? [node.i] : [])];
}

function isRef(value: unknown): value is SharedRef {
  return isSchema(value) && typeof value['@'] === 'number' && Object.keys(value).length === 1;
}

/**
 * Reads a key tree written by {@link packKeyTree} or as plain JSON (a cached one may be damaged:
 * anything that does not fit gives undefined). Shared subtrees become one object referred to from
 * every place; the tree is only read, never changed.
 */
export function parseSchemaKeyTree(text: string): SchemaKeyTree | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (!isSchema(parsed) || typeof parsed.version !== 'string') return undefined;
    const sharedIn = parsed.shared === undefined ? [] : parsed.shared;
    if (!Array.isArray(sharedIn)) return undefined;
    const shared: KeyTreeNode[] = [];
    const resolve = (value: unknown): KeyTreeNode | undefined => {
      // A reference may only point back at a subtree already read: no cycles, no forward jumps.
      if (isRef(value)) return Number.isInteger(value['@']) && value['@'] >= 0 && value['@'] < shared.length ? shared[value['@']] : undefined;
      if (!isSchema(value)) return undefined;
      const node: Record<string, unknown> = { ...value };
      if (value.k !== undefined) {
        if (!isSchema(value.k)) return undefined;
        const keys: Record<string, KeyTreeNode> = {};
        for (const [key, child] of Object.entries(value.k)) {
          const resolved = resolve(child);
          if (!resolved) return undefined;
          keys[key] = resolved;
        }
        node.k = keys;
      }
      for (const field of ['r', 'i'] as const) {
        if (value[field] === undefined) continue;
        const resolved = resolve(value[field]);
        if (!resolved) return undefined;
        node[field] = resolved;
      }
      return node;
    };
    for (const entry of sharedIn) {
      const resolved = resolve(entry);
      if (!resolved) return undefined;
      shared.push(resolved);
    }
    const root = resolve(parsed.root);
    return root ? { version: parsed.version, root } : undefined;
  } catch {
    return undefined;
  }
}
