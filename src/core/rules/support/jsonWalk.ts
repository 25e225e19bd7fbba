import { findProperty, propertiesOf, valueOf, type JsonNode } from '../../jsonTree';

export function keyNode(property: JsonNode): JsonNode | undefined {
  return property.children?.[0];
}

/** Visits every object at or below `node`, including objects inside arrays. */
export function objectsUnder(node: JsonNode | undefined, visit: (object: JsonNode) => void): void {
  if (!node) return;
  if (node.type === 'object') {
    visit(node);
    for (const prop of propertiesOf(node)) objectsUnder(valueOf(prop), visit);
  } else if (node.type === 'array') {
    for (const child of node.children ?? []) objectsUnder(child, visit);
  }
}

/**
 * The property whose key covers `offset`: findings on keys point inside the key, and a fix
 * finds its property again from the finding alone.
 */
export function propertyAt(node: JsonNode | undefined, offset: number): JsonNode | undefined {
  if (!node || offset < node.offset || offset > node.offset + node.length) return undefined;
  for (const child of node.children ?? []) {
    if (child.type === 'property') {
      const key = child.children?.[0];
      if (key && offset >= key.offset && offset <= key.offset + key.length) return child;
    }
    const inner = propertyAt(child, offset);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * The part of one document that holds gateway settings, with its path in the merged config: the
 * `gateway` member of a file mounted at the root, or the whole file when it is included under
 * `gateway` (e.g. `"gateway": { "$include": "./gateway.json5" }`).
 */
export function gatewaySectionOf(root: JsonNode | undefined, mount: readonly string[]): { node: JsonNode; path: string[] } | undefined {
  if (root?.type !== 'object') return undefined;
  if (mount.length === 0) {
    const gateway = valueOf(findProperty(root, 'gateway'));
    return gateway?.type === 'object' ? { node: gateway, path: ['gateway'] } : undefined;
  }
  return mount[0] === 'gateway' ? { node: root, path: [...mount] } : undefined;
}
