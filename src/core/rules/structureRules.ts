import { GATEWAY_SCHEMA, type SchemaKeyNode } from '../gatewaySchema.generated';
import { t } from '../i18n';
import { keyOf, pathOf, propertiesOf, valueOf, type JsonNode } from '../jsonTree';
import { valueSpan } from '../stringOffsets';
import type { RawFinding, RuleDefinition } from './ruleTypes';
import { removeProperty, renameKey } from '../fixes/textEdits';

function keyNode(property: JsonNode): JsonNode | undefined {
  return property.children?.[0];
}

function objectsUnder(node: JsonNode | undefined, visit: (object: JsonNode) => void): void {
  if (!node) return;
  if (node.type === 'object') {
    visit(node);
    for (const prop of propertiesOf(node)) objectsUnder(valueOf(prop), visit);
  } else if (node.type === 'array') {
    for (const child of node.children ?? []) objectsUnder(child, visit);
  }
}

export const duplicateKey: RuleDefinition = {
  code: 'duplicate-key',
  defaultSeverity: 'warning',
  docs: {
    summary: 'The same key appears twice in one object under gateway (or gateway itself appears twice).',
    openclaw: 'OpenClaw keeps the last value and silently ignores the earlier one, so an edit to the first copy has no effect.',
    fix: 'Remove the earlier, ignored entry (or merge the two).',
  },
  fixes: (finding, ctx) => {
    const property = propertyAt(ctx.doc.root, finding.offset);
    return property ? [{ title: t('Remove the earlier, ignored "{0}"', finding.data.key ?? ''), isPreferred: true, safe: true, edits: removeProperty(ctx.doc, property) }] : [];
  },
  check: ({ doc }) => {
    const root = doc.root;
    if (root?.type !== 'object') return [];
    const out: RawFinding[] = [];
    const report = (object: JsonNode, onlyKey?: string): void => {
      const props = propertiesOf(object);
      const last = new Map<string, JsonNode>();
      for (const prop of props) last.set(keyOf(prop), prop);
      for (const prop of props) {
        const key = keyOf(prop);
        if (onlyKey !== undefined && key !== onlyKey) continue;
        const winner = last.get(key);
        const kNode = keyNode(prop);
        const wNode = winner && keyNode(winner);
        if (!winner || winner === prop || !kNode || !wNode) continue;
        const path = pathOf(prop).join('.');
        out.push({
          ...valueSpan(kNode),
          message: t('"{0}" appears again later in the same object; OpenClaw uses the last one and silently ignores this one.', path),
          related: [{ ...valueSpan(wNode), message: t('This later "{0}" is the one OpenClaw uses', key) }],
          data: { key, objectPath: pathOf(prop).slice(0, -1) },
        });
      }
    };
    report(root, 'gateway');
    for (const prop of propertiesOf(root)) {
      if (keyOf(prop) === 'gateway') objectsUnder(valueOf(prop), (object) => report(object));
    }
    return out;
  },
};

/** Edit distance counting a swap of two neighbours as one edit ("tokne" -> "token"). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0].push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2][j - 2] + 1);
      rows[i].push(best);
    }
  }
  return rows[a.length][b.length];
}

export function nearestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of known) {
    const score = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (score < bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  const limit = key.length <= 3 ? 1 : key.length <= 6 ? 2 : 3;
  return bestScore <= limit ? best : undefined;
}

/** Keys handled by more specific rules (token-misplaced). */
const HANDLED_ELSEWHERE = new Set(['gateway.token', 'gateway.password']);

export const unknownKey: RuleDefinition = {
  code: 'unknown-key',
  defaultSeverity: 'error',
  docs: {
    summary: 'A key under gateway that OpenClaw\'s schema does not know (for example remote.tokne).',
    openclaw: 'The gateway schema is strict: `openclaw config validate` reports "Unrecognized key" and `gateway run` refuses the whole file (exit 78).',
    fix: 'Rename the key to the suggested known key, or remove it.',
  },
  fixes: (finding, ctx) => {
    const property = propertyAt(ctx.doc.root, finding.offset);
    const suggestion = finding.data.suggestedKey;
    return property && suggestion ? [{ title: t('Rename "{0}" to "{1}"', finding.data.key ?? '', suggestion), isPreferred: true, safe: false, edits: renameKey(property, suggestion) }] : [];
  },
  check: ({ model }) => {
    if (!model || model.gatewayNode?.type !== 'object') return [];
    const out: RawFinding[] = [];
    const walk = (object: JsonNode, schema: SchemaKeyNode, path: string[]): void => {
      const known = schema.keys ? Object.keys(schema.keys) : [];
      for (const prop of propertiesOf(object)) {
        const key = keyOf(prop);
        const childSchema = schema.keys?.[key];
        const childPath = [...path, key];
        const value = valueOf(prop);
        if (childSchema) {
          if (value?.type === 'object') walk(value, childSchema, childPath);
          continue;
        }
        if (schema.open || !schema.keys || HANDLED_ELSEWHERE.has(childPath.join('.'))) continue;
        const kNode = keyNode(prop);
        if (!kNode) continue;
        const suggestion = nearestKey(key, known);
        out.push({
          ...valueSpan(kNode),
          message: suggestion
            ? t('Unknown key "{0}" in {1}: OpenClaw rejects the whole file ("Unrecognized key") and the gateway does not start. Did you mean "{2}"?', key, path.join('.'), suggestion)
            : t('Unknown key "{0}" in {1}: OpenClaw rejects the whole file ("Unrecognized key") and the gateway does not start.', key, path.join('.')),
          data: { key, objectPath: path, suggestedKey: suggestion },
        });
      }
    };
    walk(model.gatewayNode, GATEWAY_SCHEMA, ['gateway']);
    return out;
  },
};

/** The property whose key covers `offset` (findings on keys point inside the key). */
function propertyAt(node: JsonNode | undefined, offset: number): JsonNode | undefined {
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
