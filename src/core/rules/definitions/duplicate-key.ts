import { keyOf, pathOf, propertiesOf, valueOf, type JsonNode } from '../../jsonTree';
import { msg } from '../../messages';
import { valueSpan } from '../../stringOffsets';
import { removeProperty } from '../../fixes/textEdits';
import { defineRule, type RawFinding } from '../ruleTypes';
import { keyNode, objectsUnder, propertyAt } from '../support/jsonWalk';

export const rule = defineRule({
  meta: {
    code: 'duplicate-key',
    scope: 'document',
    defaultSeverity: 'warning',
    docs: {
      summary: 'The same key appears twice in one object under gateway (or gateway itself appears twice).',
      openclaw: 'OpenClaw keeps the last value and silently ignores the earlier one, so an edit to the first copy has no effect.',
      fix: 'Remove the earlier, ignored entry (or merge the two).',
    },
    messages: {
      ignoredEarlier: '"{path}" appears again later in the same object; OpenClaw uses the last one and silently ignores this one.',
    },
    fixes: {
      removeEarlier: { summary: 'Remove the earlier entry, which OpenClaw ignores anyway.', safe: true },
    },
  },
  check: ({ doc, source }) => {
    const root = doc.root;
    if (root?.type !== 'object') return [];
    const mount = source?.mount ?? [];
    const out: Array<RawFinding<'ignoredEarlier'>> = [];
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
        out.push({
          ...valueSpan(kNode),
          messageId: 'ignoredEarlier',
          args: { path: [...mount, ...pathOf(prop)].join('.') },
          related: [{ ...valueSpan(wNode), message: msg('This later "{0}" is the one OpenClaw uses', key) }],
          data: { key, objectPath: [...mount, ...pathOf(prop).slice(0, -1)] },
        });
      }
    };
    if (mount.length === 0) report(root, 'gateway');
    // Every `gateway` of a root-level file (a duplicate one too), or a whole file included under it.
    if (mount[0] === 'gateway') objectsUnder(root, (object) => report(object));
    else if (mount.length === 0) for (const prop of propertiesOf(root)) if (keyOf(prop) === 'gateway') objectsUnder(valueOf(prop), (object) => report(object));
    return out;
  },
  fixes: (finding, ctx) => {
    const property = propertyAt(ctx.doc.root, finding.offset);
    return property
      ? [{ fixId: 'removeEarlier', title: msg('Remove the earlier, ignored "{0}"', finding.data.key ?? ''), isPreferred: true, safe: true, edits: removeProperty(ctx.doc, property) }]
      : [];
  },
});
