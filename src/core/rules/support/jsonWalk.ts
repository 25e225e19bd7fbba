import { propertiesOf, valueOf, type JsonNode } from '../../jsonTree';

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
