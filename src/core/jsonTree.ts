/**
 * The syntax tree every rule and fix works on, whichever dialect the file was written in. Its
 * shape follows jsonc-parser's `Node` (offset, length, children, property nodes holding a key and
 * a value), so anyone who knows VS Code's JSON tooling can read it; the helpers below are our own.
 */
export type NodeKind = 'object' | 'array' | 'property' | 'string' | 'number' | 'boolean' | 'null';

export type ScalarValue = string | number | boolean | null;

export interface JsonNode {
  type: NodeKind;
  /** Source offset of the first character (the opening quote for strings). */
  offset: number;
  /** Source length, quotes included. */
  length: number;
  /** Decoded value of strings, numbers, booleans, null; the key name for property nodes is on children[0]. */
  value?: ScalarValue;
  /** Offset of the ':' for property nodes. */
  colonOffset?: number;
  parent?: JsonNode;
  /** object: property nodes; property: [key, value?]; array: elements. */
  children?: JsonNode[];
  /** Strings and keys: the quote used in the source, or '' for an unquoted JSON5 key. */
  quote?: '"' | "'" | '';
  /** Strings and keys: true when the source text contains a backslash escape. */
  escaped?: boolean;
}

/** Property nodes of an object, in source order (duplicates included). */
export function propertiesOf(node: JsonNode | undefined): JsonNode[] {
  if (node?.type !== 'object' || !node.children) return [];
  return node.children;
}

export function keyOf(property: JsonNode): string {
  const key = property.children?.[0];
  return typeof key?.value === 'string' ? key.value : '';
}

export function valueOf(property: JsonNode | undefined): JsonNode | undefined {
  return property?.children?.[1];
}

/**
 * The property that OpenClaw will use for `key`: JSON5.parse keeps the last duplicate,
 * so the last one in source order wins.
 */
export function findProperty(object: JsonNode | undefined, key: string): JsonNode | undefined {
  const props = propertiesOf(object);
  for (let i = props.length - 1; i >= 0; i--) {
    if (keyOf(props[i]) === key) return props[i];
  }
  return undefined;
}

/** Follows a path of keys through objects; returns the property node of the last key. */
export function findPropertyAtPath(root: JsonNode | undefined, path: readonly string[]): JsonNode | undefined {
  let current: JsonNode | undefined = root;
  let property: JsonNode | undefined;
  for (const key of path) {
    property = findProperty(current, key);
    if (!property) return undefined;
    current = valueOf(property);
  }
  return property;
}

export function findValueAtPath(root: JsonNode | undefined, path: readonly string[]): JsonNode | undefined {
  return path.length === 0 ? root : valueOf(findPropertyAtPath(root, path));
}

/** Plain JS value of a subtree (last duplicate wins, like JSON5.parse). */
export function nodeToValue(node: JsonNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const prop of propertiesOf(node)) out[keyOf(prop)] = nodeToValue(valueOf(prop));
      return out;
    }
    case 'array':
      return (node.children ?? []).map((child) => nodeToValue(child));
    case 'property':
      return nodeToValue(valueOf(node));
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
      return node.value;
  }
}

export function stringValue(node: JsonNode | undefined): string | undefined {
  return node?.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
}

/** Dotted path of a property node, e.g. `gateway.auth.token`. */
export function pathOf(property: JsonNode): string[] {
  const keys: string[] = [];
  let node: JsonNode | undefined = property;
  while (node) {
    if (node.type === 'property') keys.unshift(keyOf(node));
    node = node.parent;
  }
  return keys;
}
