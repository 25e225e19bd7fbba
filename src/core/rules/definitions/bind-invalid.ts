import { BIND_MODES } from '../../gatewayModel';
import { msg } from '../../messages';
import { present, replaceWith } from '../../fixes/secretFixes';
import { stringLiteral } from '../../fixes/textEdits';
import { defineRule } from '../ruleTypes';
import { spanIn } from '../support/sourceSpans';

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
      openclaw: '`openclaw config validate` rejects the file. `openclaw gateway run` silently rewrites it ("0.0.0.0" becomes "lan", listening on every interface) and keeps a .bak.',
      fix: 'Use "loopback" for this machine only, or "lan" for all interfaces (with auth).',
    },
    messages: {
      meansLan:
        'gateway.bind "{value}" is not a bind mode. `openclaw config validate` rejects it, and `gateway run` silently rewrites it to "lan" and listens on every interface. Use "lan" if you mean that, or "loopback" for this machine only.',
      meansLoopback: 'gateway.bind "{value}" is a host, not a bind mode: `openclaw config validate` rejects it. Use "loopback".',
      notABindMode: 'gateway.bind must be one of auto, lan, loopback, custom, tailnet; OpenClaw rejects "{value}".',
    },
    fixes: {
      useBindMode: { summary: 'Replace the host with the bind mode it stands for ("0.0.0.0" becomes "lan", "localhost" becomes "loopback").', safe: true },
    },
  },
  check: ({ model }) => {
    if (!model?.bind.node) return [];
    const value = model.bind.value;
    if (typeof value === 'string' && (BIND_MODES as readonly string[]).includes(value)) return [];
    const suggestion = typeof value === 'string' ? BIND_ALIASES[value.trim().toLowerCase()] : undefined;
    const shown = typeof value === 'string' ? value : String(value);
    const messageId = suggestion === 'lan' ? 'meansLan' : suggestion === 'loopback' ? 'meansLoopback' : 'notABindMode';
    return [{ ...spanIn(model.bind.node, model.bind.source), messageId, args: { value: shown }, data: suggestion ? { suggestedBind: suggestion } : {} }];
  },
  fixes: (finding, ctx) => {
    const bind = finding.data.suggestedBind;
    return bind
      ? present(replaceWith(ctx, ['gateway', 'bind'], (doc) => stringLiteral(doc, bind, ctx.model.bind.node), { fixId: 'useBindMode', title: msg('Set gateway.bind to "{0}"', bind), safe: true, preferred: true }))
      : [];
  },
});
