import { bindsBeyondLoopback, isConfigured, isRemoteMode, serverSecret } from '../../gatewayModel';
import { findProperty } from '../../jsonTree';
import { msg, type Message } from '../../messages';
import { generateForBoth, present, replaceWith } from '../../fixes/secretFixes';
import { composeSteps, setValueAtPath, stringLiteral } from '../../fixes/textEdits';
import type { FixContext, FixProposal } from '../../fixes/fixTypes';
import { defineRule } from '../ruleTypes';
import { tailnetAddress } from '../support/bindHosts';
import { keySpan } from '../support/keySpans';
import { sentencesOf } from '../support/messageLists';
import { spanIn } from '../support/sourceSpans';

const WITH_NOTES = { containerDefault: 'containerDefaultWithNotes', authNone: 'authNoneWithNotes', noSecret: 'noSecretWithNotes' } as const;

export const rule = defineRule({
  meta: {
    code: 'bind-without-auth',
    defaultSeverity: 'error',
    docs: {
      summary: 'The gateway binds beyond loopback (lan, auto, tailnet, custom) without a token or password, and auth mode is not trusted-proxy.',
      openclaw: 'The gateway refuses to start: "Refusing to bind gateway to lan without auth." Inside a container the default bind is auto (all interfaces), so this also happens with no bind set. Bind "tailnet" on a machine without a Tailscale address falls back to loopback and starts.',
      fix: 'Add token auth with a generated token, or set gateway.bind to "loopback".',
    },
    // Each problem exists with and without notes about secrets in the wrong place (which do not enable auth).
    messages: {
      containerDefault:
        'Inside a container the gateway binds to "auto" (all interfaces) by default, and there is no token or password: it refuses to start ("Refusing to bind gateway to {bind} without auth"). Add token auth or set gateway.bind to "loopback".',
      containerDefaultWithNotes:
        'Inside a container the gateway binds to "auto" (all interfaces) by default, and there is no token or password: it refuses to start ("Refusing to bind gateway to {bind} without auth"). Add token auth or set gateway.bind to "loopback". {notes}',
      authNone: 'gateway.bind is "{bind}" and gateway.auth.mode is "none": the gateway refuses to start ("Refusing to bind gateway to {bind} without auth"). Use token auth or bind to "loopback".',
      authNoneWithNotes:
        'gateway.bind is "{bind}" and gateway.auth.mode is "none": the gateway refuses to start ("Refusing to bind gateway to {bind} without auth"). Use token auth or bind to "loopback". {notes}',
      noSecret: 'gateway.bind is "{bind}" but no token or password is configured: the gateway refuses to start ("Refusing to bind gateway to {bind} without auth"). Add token auth or bind to "loopback".',
      noSecretWithNotes:
        'gateway.bind is "{bind}" but no token or password is configured: the gateway refuses to start ("Refusing to bind gateway to {bind} without auth"). Add token auth or bind to "loopback". {notes}',
    },
    fixes: {
      addTokenAuth: { summary: 'Add token auth with one new generated token in gateway.auth.token and gateway.remote.token.', safe: false },
      bindLoopback: { summary: 'Set gateway.bind to "loopback" (only this machine can connect).', safe: false },
    },
  },
  check: ({ model, network }) => {
    if (!model?.gatewayNode || isRemoteMode(model) || model.hasInclude || !bindsBeyondLoopback(model)) return [];
    const tailnet = model.bind.effective === 'tailnet';
    // Without a Tailscale address bind "tailnet" listens on loopback only (bind-tailnet-fallback says so).
    if (tailnet && network && tailnetAddress(network) === undefined) return [];
    const mode = model.authMode.effective;
    if (mode === 'trusted-proxy') return [];
    if (mode !== 'none' && serverSecret(model).resolved.state !== 'absent') return [];
    const where = model.bind.node ? spanIn(model.bind.node, model.bind.source) : keySpan(model.gatewayProperty);
    const bind = model.bind.effective;
    const notes: Message[] = [];
    if (isConfigured(model.slots['gateway.remote.token'])) notes.push(msg('gateway.remote.token is for clients; it does not enable gateway auth.'));
    if (findProperty(model.gatewayNode, 'token')) notes.push(msg('gateway.token is not read; use gateway.auth.token.'));
    if (tailnet && !network) notes.push(msg('Unless this machine has no Tailscale address: then the gateway falls back to loopback (127.0.0.1) and starts.'));
    const problem = model.bind.defaulted ? 'containerDefault' : mode === 'none' ? 'authNone' : 'noSecret';
    if (notes.length === 0) return [{ ...where, messageId: problem, args: { bind } }];
    return [{ ...where, messageId: WITH_NOTES[problem], args: { bind, notes: sentencesOf(notes) } }];
  },
  fixes: (_finding, ctx) =>
    present(
      addTokenAuth(ctx),
      replaceWith(ctx, ['gateway', 'bind'], (doc) => stringLiteral(doc, 'loopback', ctx.model.bind.node), { fixId: 'bindLoopback', title: msg('Set gateway.bind to "loopback"'), safe: false }),
    ),
});

/** Token auth with one new token in auth.token and remote.token (and auth.mode "token"). */
function addTokenAuth(ctx: FixContext): FixProposal<'addTokenAuth'> | undefined {
  const title = msg('Add token auth with a new generated token');
  const generated = generateForBoth(ctx, 'token', { fixId: 'addTokenAuth', preferred: true, title });
  if (!generated) return undefined;
  const mode = ctx.model.authMode.explicit;
  if (mode === undefined || mode === 'token') return generated;
  const edits = composeSteps(ctx.doc, [() => generated.edits, (doc) => setValueAtPath(doc, ['gateway', 'auth', 'mode'], stringLiteral(doc, 'token')) ?? []]);
  return edits ? { ...generated, edits } : undefined;
}
