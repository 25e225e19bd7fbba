import { BIND_MODES } from '../../gatewayModel';
import { msg } from '../../messages';
import { present, replaceWith } from '../../fixes/secretFixes';
import { stringLiteral } from '../../fixes/textEdits';
import { defineRule } from '../ruleTypes';
import { spanIn } from '../support/sourceSpans';
import { behaviourFor, byRelease, releaseOf, type ReleaseBehaviour } from '../support/versionRanges';

type Id = 'meansLan' | 'meansLanRefused' | 'meansLanRefusedFlag' | 'meansLanRewritten' | 'meansLanByRelease' | 'meansLoopback' | 'notABindMode';

/**
 * What `gateway run` does with "0.0.0.0" and its kin (openclaw-versions.md §1, scenario S4):
 * 2026.2.26 and 2026.6.6 refuse to start, 2026.4.8 and 2026.8.2+ rewrite it to "lan". The
 * boundaries between the releases run are not pinned; the months follow the brief's ranges.
 */
const ALL_INTERFACES: ReadonlyArray<ReleaseBehaviour<Id>> = [
  { through: '2026.2', messageId: 'meansLanRefused', does: msg('the gateway refuses to start ("Config invalid … gateway.bind: Invalid input", exit 1)') },
  { from: '2026.3', through: '2026.4', messageId: 'meansLanRewritten', does: msg('`gateway run` rewrites it to "lan" and listens on every interface (`config validate` accepts it)') },
  { from: '2026.5', through: '2026.7', messageId: 'meansLanRefusedFlag', does: msg('`config validate` rejects it and the gateway refuses to start ("Invalid --bind", exit 1)') },
  { from: '2026.8', messageId: 'meansLan', does: msg('`config validate` rejects it and `gateway run` rewrites it to "lan", listening on every interface') },
];

/** Hosts and spellings people write for a bind mode, and the mode OpenClaw would (or should) use. */
const BIND_ALIASES: Readonly<Record<string, string>> = {
  '0.0.0.0': 'lan',
  '::': 'lan',
  '[::]': 'lan',
  '*': 'lan',
  all: 'lan',
  localhost: 'loopback',
  '127.0.0.1': 'loopback',
  '::1': 'loopback',
  '[::1]': 'loopback',
  local: 'loopback',
};

export const rule = defineRule({
  meta: {
    code: 'bind-invalid',
    defaultSeverity: 'error',
    docs: {
      summary: 'gateway.bind is not one of auto, lan, loopback, custom, tailnet (for example "0.0.0.0", "localhost" or "127.0.0.1").',
      openclaw:
        'Per release, for "0.0.0.0": up to 2026.2.x the gateway refuses to start ("Config invalid … gateway.bind: Invalid input"); 2026.3 to 2026.4.x rewrite it to "lan" (`config validate` accepts it); 2026.5 to 2026.7.x refuse to start ("Invalid --bind. Use "loopback", "lan", "tailnet", "auto", or "custom"."); from 2026.8 `openclaw config validate` rejects the file and `openclaw gateway run` silently rewrites it ("0.0.0.0" becomes "lan", listening on every interface) and keeps a .bak.',
      fix: 'Use "loopback" for this machine only, or "lan" for all interfaces (with auth).',
    },
    releaseTables: [ALL_INTERFACES],
    messages: {
      meansLan:
        'gateway.bind "{value}" is not a bind mode. `openclaw config validate` rejects it, and `gateway run` silently rewrites it to "lan" and listens on every interface. Use "lan" if you mean that, or "loopback" for this machine only.',
      meansLanRefused:
        'gateway.bind "{value}" is not a bind mode. OpenClaw {release} (up to 2026.2.x) refuses to start the gateway ("Config invalid … gateway.bind: Invalid input", exit 1). Use "lan" for every interface, or "loopback" for this machine only.',
      meansLanRewritten:
        'gateway.bind "{value}" is not a bind mode. OpenClaw {release} (2026.3 to 2026.4.x) accepts it in `config validate`, but `gateway run` rewrites it to "lan" and listens on every interface. Use "lan" if you mean that, or "loopback" for this machine only.',
      meansLanRefusedFlag:
        'gateway.bind "{value}" is not a bind mode. OpenClaw {release} (2026.5 to 2026.7.x) rejects it in `config validate` and refuses to start the gateway ("Invalid --bind", exit 1). Use "lan" for every interface, or "loopback" for this machine only.',
      meansLanByRelease: 'gateway.bind "{value}" is not a bind mode. What OpenClaw does with it depends on the release: {releases} Use "lan" for every interface, or "loopback" for this machine only.',
      meansLoopback: 'gateway.bind "{value}" is a host, not a bind mode: `openclaw config validate` rejects it. Use "loopback".',
      notABindMode: 'gateway.bind must be one of auto, lan, loopback, custom, tailnet; OpenClaw rejects "{value}".',
    },
    fixes: {
      useBindMode: { summary: 'Replace the host with the bind mode it stands for ("0.0.0.0" becomes "lan", "localhost" becomes "loopback").', safe: true },
    },
  },
  check: (ctx) => {
    const { model } = ctx;
    if (!model?.bind.node) return [];
    const value = model.bind.value;
    if (typeof value === 'string' && (BIND_MODES as readonly string[]).includes(value)) return [];
    const suggestion = typeof value === 'string' ? BIND_ALIASES[value.trim().toLowerCase()] : undefined;
    const shown = typeof value === 'string' ? value : String(value);
    const span = spanIn(model.bind.node, model.bind.source);
    const data = suggestion ? { suggestedBind: suggestion } : {};
    if (suggestion === 'lan') {
      const release = releaseOf(ctx, 'gateway');
      const behaviour = behaviourFor(ALL_INTERFACES, release);
      if (!behaviour) return [{ ...span, messageId: 'meansLanByRelease', args: { value: shown, releases: byRelease(ALL_INTERFACES) }, data }];
      return [{ ...span, messageId: behaviour.messageId, args: { value: shown, release: release ?? '' }, data }];
    }
    return [{ ...span, messageId: suggestion === 'loopback' ? 'meansLoopback' : 'notABindMode', args: { value: shown }, data }];
  },
  fixes: (finding, ctx) => {
    const bind = finding.data.suggestedBind;
    return bind
      ? present(replaceWith(ctx, ['gateway', 'bind'], (doc) => stringLiteral(doc, bind, ctx.model.bind.node), { fixId: 'useBindMode', title: msg('Set gateway.bind to "{0}"', bind), safe: true, preferred: true }))
      : [];
  },
});
