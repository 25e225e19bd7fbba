import { isRemoteMode } from '../../gatewayModel';
import { msg } from '../../messages';
import { generateForBoth } from '../../fixes/secretFixes';
import { composeSteps, setValueAtPath, stringLiteral } from '../../fixes/textEdits';
import { defineRule, type RawFinding, type Span } from '../ruleTypes';
import { tailscaleMode } from '../support/controlUi';
import { isCanonicalIPv4 } from '../support/bindHosts';
import { spanIn } from '../support/sourceSpans';

type MessageId = 'funnelNeedsPassword' | 'authNone' | 'bindNotLoopback' | 'noTailscale';

const FUNNEL_REFUSAL = 'tailscale funnel requires gateway auth mode=password (set gateway.auth.password or OPENCLAW_GATEWAY_PASSWORD)';

/** OpenClaw's validateGatewayTailscaleBind: loopback, or custom with a canonical 127.x host (an unset bind is loopback). */
function bindIsLoopback(bind: unknown, customBindHost: string | undefined): boolean {
  if (bind === undefined || bind === 'loopback') return true;
  return bind === 'custom' && customBindHost !== undefined && isCanonicalIPv4(customBindHost) && customBindHost.startsWith('127.');
}

export const rule = defineRule({
  meta: {
    code: 'tailscale-exposure',
    defaultSeverity: 'error',
    docs: {
      summary: 'gateway.tailscale.mode is "serve" or "funnel" with a setting the gateway refuses: funnel without password auth, auth mode "none", a bind other than loopback, or (on this machine) no tailscale command.',
      openclaw:
        'Funnel without password auth: `openclaw config validate` passes, but the gateway exits 78: "tailscale funnel requires gateway auth mode=password (set gateway.auth.password or OPENCLAW_GATEWAY_PASSWORD)". Auth mode "none" makes the config invalid: "gateway.auth.mode=none cannot be used with gateway.tailscale.mode=serve; configure token, password, or trusted-proxy auth before exposing the gateway through Tailscale" (funnel: "gateway.tailscale.mode=funnel requires gateway.auth.mode=password; auth.mode=none cannot be used when exposing the gateway through Tailscale Funnel"). A bind other than loopback is invalid too: "gateway.bind must resolve to loopback when gateway.tailscale.mode=serve (use gateway.bind="loopback" or gateway.bind="custom" with gateway.customBindHost="127.0.0.1")". Without a tailscale command the gateway exits 1 (spawn tailscale ENOENT).',
      fix: 'Funnel: use password auth (the quick fix generates a password into gateway.auth.password and gateway.remote.password and sets gateway.auth.mode to "password"). Serve: use token, password or trusted-proxy auth and leave gateway.bind unset or "loopback" (Tailscale publishes the loopback port). Install and log in to Tailscale on the gateway\'s machine.',
    },
    messages: {
      funnelNeedsPassword:
        'gateway.tailscale.mode is "funnel" but gateway auth mode is "{mode}": `openclaw config validate` passes, but the gateway exits 78: "{refusal}". Funnel publishes the gateway on the public internet, where only a password is accepted.',
      authNone: 'gateway.tailscale.mode is "{tailscale}" and gateway.auth.mode is "none": OpenClaw rejects the config ("{reason}").',
      bindNotLoopback:
        'gateway.tailscale.mode is "{tailscale}" but gateway.bind is "{bind}": OpenClaw rejects the config ("gateway.bind must resolve to loopback when gateway.tailscale.mode={tailscale} (use gateway.bind="loopback" or gateway.bind="custom" with gateway.customBindHost="127.0.0.1")"). Tailscale {tailscale} publishes the loopback port itself.',
      noTailscale: 'gateway.tailscale.mode is "{tailscale}" but there is no tailscale command on this machine\'s PATH: the gateway exits 1 (spawn tailscale ENOENT). Install Tailscale and run `tailscale up`, or set gateway.tailscale.mode to "off".',
    },
    fixes: {
      usePasswordAuth: { summary: 'Switch to password auth with a new generated password in gateway.auth.password and gateway.remote.password.', safe: false },
    },
  },
  check: ({ model, network }) => {
    if (!model || isRemoteMode(model)) return [];
    const { value: tailscale, at } = tailscaleMode(model);
    if ((tailscale !== 'serve' && tailscale !== 'funnel') || !at) return [];
    const where: Span = spanIn(at.node, at.source);
    const out: Array<RawFinding<MessageId>> = [];
    const explicitMode = model.authMode.explicit;
    if (explicitMode === 'none') {
      const reason =
        tailscale === 'funnel'
          ? 'gateway.tailscale.mode=funnel requires gateway.auth.mode=password; auth.mode=none cannot be used when exposing the gateway through Tailscale Funnel'
          : 'gateway.auth.mode=none cannot be used with gateway.tailscale.mode=serve; configure token, password, or trusted-proxy auth before exposing the gateway through Tailscale';
      out.push({ ...(model.authMode.node ? spanIn(model.authMode.node, model.authMode.source) : where), messageId: 'authNone', args: { tailscale, reason } });
    } else if (tailscale === 'funnel' && model.authMode.effective !== 'password') {
      out.push({ ...where, messageId: 'funnelNeedsPassword', args: { mode: model.authMode.effective, refusal: FUNNEL_REFUSAL } });
    }
    if (!bindIsLoopback(model.bind.value, model.customBindHost) && model.bind.node) {
      out.push({ ...spanIn(model.bind.node, model.bind.source), messageId: 'bindNotLoopback', args: { tailscale, bind: typeof model.bind.value === 'string' ? model.bind.value : String(model.bind.value) } });
    }
    if (network && !network.tailscale) out.push({ ...where, messageId: 'noTailscale', args: { tailscale } });
    return out;
  },
  fixes: (finding, ctx) => {
    if (finding.messageId !== 'funnelNeedsPassword') return [];
    const generated = generateForBoth(ctx, 'password', { fixId: 'usePasswordAuth', preferred: true, title: msg('Switch to password auth with a new generated password (Tailscale Funnel accepts only a password)') });
    if (!generated) return [];
    const edits = composeSteps(ctx.doc, [() => generated.edits, (doc) => setValueAtPath(doc, ['gateway', 'auth', 'mode'], stringLiteral(doc, 'password')) ?? []]);
    return edits ? [{ ...generated, edits }] : [];
  },
});
