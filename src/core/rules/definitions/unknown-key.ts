import { GATEWAY_SCHEMA, type SchemaKeyNode } from '../../gatewaySchema.generated';
import { keyOf, propertiesOf, valueOf, type JsonNode } from '../../jsonTree';
import { msg } from '../../messages';
import { valueSpan } from '../../stringOffsets';
import { renameKey } from '../../fixes/textEdits';
import { defineRule, type RawFinding } from '../ruleTypes';
import { gatewaySectionOf, keyNode, propertyAt } from '../support/jsonWalk';
import { nearestKey } from '../support/keySuggestions';

/** How many unknown keys of one file get a "did you mean". */
const MAX_SUGGESTIONS = 200;

/** Keys handled by more specific rules (token-misplaced). */
const HANDLED_ELSEWHERE = new Set(['gateway.token', 'gateway.password']);

type MessageId = 'unknown' | 'unknownWithSuggestion';

export const rule = defineRule({
  meta: {
    code: 'unknown-key',
    defaultSeverity: 'error',
    scope: 'document',
    docs: {
      summary: 'A key under gateway that OpenClaw\'s schema does not know (for example remote.tokne).',
      openclaw: 'The gateway schema is strict: `openclaw config validate` reports "Unrecognized key" and `gateway run` refuses the whole file (exit 78).',
      fix: 'Rename the key to the suggested known key, or remove it.',
    },
    messages: {
      unknown: 'Unknown key "{key}" in {object}: OpenClaw rejects the whole file ("Unrecognized key") and the gateway does not start.',
      unknownWithSuggestion: 'Unknown key "{key}" in {object}: OpenClaw rejects the whole file ("Unrecognized key") and the gateway does not start. Did you mean "{suggestion}"?',
    },
    fixes: {
      renameToSuggestion: { summary: 'Rename the key to the nearest key OpenClaw knows.', safe: false },
    },
  },
  check: ({ doc, source }) => {
    const section = gatewaySectionOf(doc.root, source?.mount ?? []);
    let sectionSchema: SchemaKeyNode | undefined = GATEWAY_SCHEMA;
    for (const key of section?.path.slice(1) ?? []) sectionSchema = sectionSchema?.keys && Object.hasOwn(sectionSchema.keys, key) ? sectionSchema.keys[key] : undefined;
    if (!section || !sectionSchema) return [];
    const out: Array<RawFinding<MessageId>> = [];
    const walk = (object: JsonNode, schema: SchemaKeyNode, path: string[]): void => {
      const known = schema.keys ? Object.keys(schema.keys) : [];
      for (const prop of propertiesOf(object)) {
        const key = keyOf(prop);
        // `$include` is OpenClaw's own directive, valid in any object.
        if (key === '$include') continue;
        // Own keys only: "constructor" or "toString" in a config must not find Object.prototype.
        const childSchema = schema.keys && Object.hasOwn(schema.keys, key) ? schema.keys[key] : undefined;
        const childPath = [...path, key];
        const value = valueOf(prop);
        if (childSchema) {
          if (value?.type === 'object') walk(value, childSchema, childPath);
          continue;
        }
        if (schema.open || !schema.keys || HANDLED_ELSEWHERE.has(childPath.join('.'))) continue;
        const kNode = keyNode(prop);
        if (!kNode) continue;
        // Hundreds of unknown keys are not typos: past that, finding the nearest key only costs time.
        const suggestion = out.length < MAX_SUGGESTIONS ? nearestKey(key, known) : undefined;
        const data = { key, objectPath: path, suggestedKey: suggestion };
        out.push(
          suggestion
            ? { ...valueSpan(kNode), messageId: 'unknownWithSuggestion', args: { key, object: path.join('.'), suggestion }, data }
            : { ...valueSpan(kNode), messageId: 'unknown', args: { key, object: path.join('.') }, data },
        );
      }
    };
    walk(section.node, sectionSchema, section.path);
    return out;
  },
  // A guess at what the user meant: offered, never applied by fix-all.
  fixes: (finding, ctx) => {
    const property = propertyAt(ctx.doc.root, finding.offset);
    const suggestion = finding.data.suggestedKey;
    return property && suggestion
      ? [{ fixId: 'renameToSuggestion', title: msg('Rename "{0}" to "{1}"', finding.data.key ?? '', suggestion), isPreferred: true, safe: false, edits: renameKey(property, suggestion) }]
      : [];
  },
});
