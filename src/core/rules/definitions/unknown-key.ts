import { keyOf, propertiesOf, valueOf, type JsonNode } from '../../jsonTree';
import { msg, type MessageArg } from '../../messages';
import { valueSpan } from '../../stringOffsets';
import { renameKey } from '../../fixes/textEdits';
import { bundledKeyTree } from '../../schema/installedSchema';
import { isClosedObject, nodeAtPath, type KeyTreeNode } from '../../schema/keyTree';
import { defineRule, type RawFinding } from '../ruleTypes';
import { keyNode, propertyAt } from '../support/jsonWalk';
import { nearestKey } from '../support/keySuggestions';

/** How many unknown keys of one file get a "did you mean". */
const MAX_SUGGESTIONS = 200;

/** Keys handled by more specific rules (token-misplaced). */
const HANDLED_ELSEWHERE = new Set(['gateway.token', 'gateway.password']);

/**
 * Keys a release's schema no longer has but that OpenClaw moves at load instead of rejecting:
 * 2026.9.6 accepts `agents.list` and warns "Moved agents.list to keyed agents.entries." (checked
 * with its `config validate`; the 21 other legacy keys it migrates in `doctor --fix` are
 * "Unrecognized key" there).
 */
const MOVED_AT_LOAD = new Set(['agents.list']);

/** `$include` is OpenClaw's own directive, resolved before validation and valid in any object. */
const DIRECTIVES = new Set(['$include']);

/**
 * A plugin's `config` is checked by the plugin itself against its own manifest schema, with its
 * own messages and only when the plugin loads: not an "Unrecognized key" of the config file.
 */
function judgedElsewhere(path: readonly string[]): boolean {
  return path.length === 4 && path[0] === 'plugins' && path[1] === 'entries' && path[3] === 'config';
}

type MessageId = 'unknown' | 'unknownWithSuggestion';

/** `agents.list[0].tools` as users read it. */
export function displayPath(path: readonly string[]): string {
  return path.reduce((out, segment) => (/^\d+$/.test(segment) ? `${out}[${segment}]` : out ? `${out}.${segment}` : segment), '');
}

export const rule = defineRule({
  meta: {
    code: 'unknown-key',
    defaultSeverity: 'error',
    scope: 'document',
    docs: {
      summary: 'A key OpenClaw\'s schema (of the release in use) does not know, anywhere in the file (for example gateway.remote.tokne, or plugins.bundledDiscovery after an upgrade).',
      openclaw: 'The config schema is strict: `openclaw config validate` reports "Unrecognized key" and `gateway run` refuses the whole file (exit 78). Records (agents.entries, models.providers, plugins.entries, env.vars) and open objects (channels, a plugin\'s own config) take any key.',
      fix: 'Rename the key to the suggested known key, or remove it (a key left over from another release: check that release\'s changelog).',
    },
    messages: {
      unknown: 'Unknown key "{key}" in {object} (OpenClaw {version} schema): OpenClaw rejects the whole file ("Unrecognized key") and the gateway does not start.',
      unknownWithSuggestion: 'Unknown key "{key}" in {object} (OpenClaw {version} schema): OpenClaw rejects the whole file ("Unrecognized key") and the gateway does not start. Did you mean "{suggestion}"?',
    },
    fixes: {
      renameToSuggestion: { summary: 'Rename the key to the nearest key OpenClaw knows.', safe: false },
    },
  },
  check: ({ doc, source, schema }) => {
    const tree = schema ?? bundledKeyTree();
    const mount = source?.mount ?? [];
    const mounted = nodeAtPath(tree.root, mount);
    if (doc.root?.type !== 'object' || !mounted) return [];
    const out: Array<RawFinding<MessageId>> = [];
    const walkValue = (value: JsonNode | undefined, schemaNode: KeyTreeNode, path: string[]): void => {
      if (value?.type === 'object') walkObject(value, schemaNode, path);
      else if (value?.type === 'array' && schemaNode.i) {
        const items = schemaNode.i;
        (value.children ?? []).forEach((item, index) => walkValue(item, items, [...path, String(index)]));
      }
    };
    const walkObject = (object: JsonNode, schemaNode: KeyTreeNode, path: string[]): void => {
      if (!schemaNode.k) return;
      const known = Object.keys(schemaNode.k);
      for (const prop of propertiesOf(object)) {
        const key = keyOf(prop);
        if (DIRECTIVES.has(key)) continue;
        // Own keys only: "constructor" or "toString" in a config must not find Object.prototype.
        const childSchema = Object.hasOwn(schemaNode.k, key) ? schemaNode.k[key] : schemaNode.r;
        const childPath = [...path, key];
        if (childSchema) {
          if (judgedElsewhere(childPath)) continue;
          walkValue(valueOf(prop), childSchema, childPath);
          continue;
        }
        if (!isClosedObject(schemaNode) || HANDLED_ELSEWHERE.has(childPath.join('.')) || MOVED_AT_LOAD.has(childPath.join('.'))) continue;
        const kNode = keyNode(prop);
        if (!kNode) continue;
        // Hundreds of unknown keys are not typos: past that, finding the nearest key only costs time.
        const suggestion = out.length < MAX_SUGGESTIONS ? nearestKey(key, known) : undefined;
        const object: MessageArg = path.length ? displayPath(path) : msg('the top level');
        const data = { key, objectPath: path, suggestedKey: suggestion };
        out.push(
          suggestion
            ? { ...valueSpan(kNode), messageId: 'unknownWithSuggestion', args: { key, object, version: tree.version, suggestion }, data }
            : { ...valueSpan(kNode), messageId: 'unknown', args: { key, object, version: tree.version }, data },
        );
      }
    };
    walkValue(doc.root, mounted, [...mount]);
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
