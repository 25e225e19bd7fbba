import { findProperty } from '../../jsonTree';
import { msg } from '../../messages';
import { present } from '../../fixes/secretFixes';
import { composeSteps, removeProperty, setValueAtPath, sourceOf } from '../../fixes/textEdits';
import type { FixContext, FixProposal } from '../../fixes/fixTypes';
import { defineRule, type RawFinding } from '../ruleTypes';
import { keySpan } from '../support/keySpans';
import { spanIn } from '../support/sourceSpans';
import { behaviourFor, byRelease, releaseOf, type ReleaseBehaviour } from '../support/versionRanges';

type Id = 'notRead' | 'ignoredOnLoad' | 'invalidInput' | 'notReadByRelease';

/** How each release reports gateway.token (openclaw-versions.md §1, `config validate` on gateway.token). */
const MISPLACED_KEY: ReadonlyArray<ReleaseBehaviour<Id>> = [
  { through: '2026.2', messageId: 'ignoredOnLoad', does: msg('it is ignored, and loading the config says it "is ignored … (auto-migrated on load)"') },
  { from: '2026.3', through: '2026.5', messageId: 'notRead', does: msg('`config validate` rejects it ("Unrecognized key")') },
  { from: '2026.6', through: '2026.7', messageId: 'invalidInput', does: msg('`config validate` rejects the gateway object with only "gateway: Invalid input", naming no key') },
  { from: '2026.8', messageId: 'notRead', does: msg('`config validate` rejects it ("Unrecognized key")') },
];

type FixId = 'moveToAuth' | 'keepAuth' | 'useMisplacedValue';

export const rule = defineRule({
  meta: {
    code: 'token-misplaced',
    defaultSeverity: 'warning',
    docs: {
      summary: 'gateway.token (or gateway.password) instead of gateway.auth.token.',
      openclaw:
        'OpenClaw does not read gateway.token: its schema rejects the key ("Unrecognized key"; "gateway: Invalid input" on 2026.6 to 2026.7.x) and the gateway prints \'Found "gateway.token" in config. Use "gateway.auth.token" instead.\' Up to 2026.2.x loading the config says "gateway.token is ignored … (auto-migrated on load)".',
      fix: 'Move the value into gateway.auth.token.',
    },
    releaseTables: [MISPLACED_KEY],
    messages: {
      notRead: 'gateway.{key} is not read by OpenClaw: the schema rejects it ("Unrecognized key") and the gateway does not use it. Move it to {target}.',
      ignoredOnLoad: 'gateway.{key} is not read by OpenClaw {release} (up to 2026.2.x): loading the config says "gateway.{key} is ignored … (auto-migrated on load)" and the gateway does not use it. Move it to {target}.',
      invalidInput:
        'gateway.{key} is not read by OpenClaw {release} (2026.6 to 2026.7.x): `config validate` rejects the file with only "gateway: Invalid input", without naming the key, and the gateway does not use it. Move it to {target}.',
      notReadByRelease: 'gateway.{key} is not read by OpenClaw, and the gateway does not use it. How the release reports it: {releases} Move it to {target}.',
    },
    fixes: {
      moveToAuth: { summary: 'Move gateway.token (or gateway.password) under gateway.auth, where OpenClaw reads it.', safe: true },
      keepAuth: { summary: 'Keep the existing gateway.auth value and remove the ignored gateway.token (or gateway.password).', safe: false },
      useMisplacedValue: { summary: 'Use the value of gateway.token (or gateway.password) in gateway.auth, replacing the value there.', safe: false },
    },
  },
  check: (ctx) => {
    const { model } = ctx;
    if (!model || model.gatewayNode?.type !== 'object') return [];
    const release = releaseOf(ctx, 'gateway');
    const behaviour = behaviourFor(MISPLACED_KEY, release);
    const out: Array<RawFinding<Id>> = [];
    for (const key of ['token', 'password'] as const) {
      const property = findProperty(model.gatewayNode, key);
      if (!property) continue;
      const target = key === 'token' ? 'gateway.auth.token' : 'gateway.auth.password';
      const existing = model.slots[target];
      out.push({
        ...keySpan(property),
        messageId: behaviour?.messageId ?? 'notReadByRelease',
        args: { key, target, release: release ?? '', releases: byRelease(MISPLACED_KEY) },
        related: existing.node ? [{ ...spanIn(existing.node, existing.source), message: msg('{0} is already set here', target) }] : [],
        data: { slot: target, key },
      });
    }
    return out;
  },
  fixes: (finding, ctx) => misplacedFixes(finding.data.key === 'password' ? 'password' : 'token', ctx),
});

/** Moves gateway.token (or .password) under gateway.auth, merging into an existing auth object. */
function misplacedFixes(key: 'token' | 'password', ctx: FixContext): Array<FixProposal<FixId>> {
  const property = findProperty(ctx.model.gatewayNode, key);
  const value = property?.children?.[1];
  if (!property || !value) return [];
  const target = ctx.model.slots[key === 'token' ? 'gateway.auth.token' : 'gateway.auth.password'];
  const text = sourceOf(ctx.doc, value);
  // A remote secret that was in sync with auth keeps in sync: the same secret belongs in both.
  const remote = ctx.model.slots[key === 'token' ? 'gateway.remote.token' : 'gateway.remote.password'];
  // With gateway.auth already set, both cures are decisions for the user: fix-all builds neither.
  if (ctx.onlySafe && target.node) return [];
  const syncRemote =
    target.resolved.state === 'value' && remote.resolved.state === 'value' && remote.resolved.value === target.resolved.value && remote.spec.kind === 'literal' && remote.spec.envParts.length === 0;
  const move = composeSteps(ctx.doc, [
    (doc) => setValueAtPath(doc, ['gateway', 'auth', key], text) ?? [],
    ...(syncRemote ? [(doc: typeof ctx.doc) => setValueAtPath(doc, ['gateway', 'remote', key], text) ?? []] : []),
    (doc) => {
      const again = findProperty(findProperty(doc.root, 'gateway')?.children?.[1], key);
      return again ? removeProperty(doc, again) : [];
    },
  ]);
  // Nothing in gateway.auth yet: moving loses nothing, so it is safe.
  if (!target.node) {
    return move ? [{ fixId: 'moveToAuth', title: msg('Move gateway.{0} to gateway.auth.{0}', key), isPreferred: true, safe: true, edits: move }] : [];
  }
  const keep = removeProperty(ctx.doc, property);
  return present<FixId>(
    { fixId: 'keepAuth', title: msg('Keep gateway.auth.{0} and remove gateway.{0}', key), isPreferred: true, safe: false, edits: keep },
    move ? { fixId: 'useMisplacedValue', title: msg('Use the value of gateway.{0} in gateway.auth.{0}', key), safe: false, edits: move } : undefined,
  );
}
