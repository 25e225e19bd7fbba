import { msg } from '../../messages';
import { present, replaceWith } from '../../fixes/secretFixes';
import { stringLiteral } from '../../fixes/textEdits';
import { defineRule } from '../ruleTypes';
import { gatewayAnchor } from '../support/keySpans';
import { spanIn } from '../support/sourceSpans';
import { behaviourFor, byRelease, releaseOf, type ReleaseBehaviour } from '../support/versionRanges';

type Id = 'missing' | 'missingBlockedExit1' | 'missingExit1' | 'missingByRelease' | 'invalid';

/** What `gateway run` prints and exits with when gateway.mode is missing (openclaw-versions.md §1, scenario S3). */
const START_BLOCKED: ReadonlyArray<ReleaseBehaviour<Id>> = [
  { through: '2026.2', messageId: 'missingBlockedExit1', does: msg('"Gateway start blocked: set gateway.mode=local (current: unset) or pass --allow-unconfigured.", exit 1') },
  { from: '2026.3', through: '2026.4', messageId: 'missingExit1', does: msg('"Gateway start blocked: existing config is missing gateway.mode", exit 1') },
  { from: '2026.5', messageId: 'missing', does: msg('"Gateway start blocked: existing config is missing gateway.mode", exit 78') },
];

export const rule = defineRule({
  meta: {
    code: 'gateway-mode-missing',
    defaultSeverity: 'error',
    docs: {
      summary: 'gateway.mode is missing (also when the file has no gateway object at all), or is not "local" or "remote".',
      openclaw:
        '`openclaw gateway run` refuses to start: "Gateway start blocked: existing config is missing gateway.mode" (exit 78; exit 1 up to 2026.4.x; up to 2026.2.x the text is "Gateway start blocked: set gateway.mode=local (current: unset) or pass --allow-unconfigured."). OpenClaw prints the same message when the file does not parse at all.',
      fix: 'Set gateway.mode to "local" on the machine that runs the gateway (or "remote" on a machine that only talks to one).',
    },
    releaseTables: [START_BLOCKED],
    messages: {
      missing: 'gateway.mode is missing: `openclaw gateway run` refuses to start ("existing config is missing gateway.mode", exit 78). Set it to "local" on the machine that runs the gateway.',
      missingBlockedExit1:
        'gateway.mode is missing: OpenClaw {release} (up to 2026.2.x) refuses to start the gateway ("Gateway start blocked: set gateway.mode=local (current: unset) or pass --allow-unconfigured.", exit 1). Set it to "local" on the machine that runs the gateway.',
      missingExit1:
        'gateway.mode is missing: OpenClaw {release} (2026.3 to 2026.4.x) refuses to start the gateway ("existing config is missing gateway.mode", exit 1). Set it to "local" on the machine that runs the gateway.',
      missingByRelease: 'gateway.mode is missing: `openclaw gateway run` refuses to start. What it prints depends on the release: {releases} Set it to "local" on the machine that runs the gateway.',
      invalid: 'gateway.mode must be "local" or "remote"; OpenClaw rejects the file and the gateway does not start.',
    },
    fixes: {
      setLocal: { summary: 'Set gateway.mode to "local" (creating the gateway object when there is none).', safe: true },
    },
  },
  check: (ctx) => {
    const { model, doc } = ctx;
    if (!model || doc.root?.type !== 'object' || model.hasInclude) return [];
    if (model.mode.node === undefined) {
      const release = releaseOf(ctx, 'gateway');
      const behaviour = behaviourFor(START_BLOCKED, release);
      if (!behaviour) return [{ ...gatewayAnchor(model, doc.root), messageId: 'missingByRelease', args: { releases: byRelease(START_BLOCKED) } }];
      return [{ ...gatewayAnchor(model, doc.root), messageId: behaviour.messageId, args: { release: release ?? '' } }];
    }
    if (model.mode.value !== 'local' && model.mode.value !== 'remote') return [{ ...spanIn(model.mode.node, model.mode.source), messageId: 'invalid' }];
    return [];
  },
  fixes: (_finding, ctx) =>
    present(replaceWith(ctx, ['gateway', 'mode'], (doc) => stringLiteral(doc, 'local', ctx.model.mode.node), { fixId: 'setLocal', title: msg('Set gateway.mode to "local"'), safe: true, preferred: true })),
});
