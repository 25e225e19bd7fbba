import { isRemoteMode } from '../../gatewayModel';
import { msg } from '../../messages';
import { defineRule } from '../ruleTypes';
import { tailnetAddress } from '../support/bindHosts';
import { spanIn } from '../support/sourceSpans';

export const rule = defineRule({
  meta: {
    code: 'bind-tailnet-fallback',
    defaultSeverity: 'information',
    docs: {
      summary: 'gateway.bind is "tailnet" but this machine has no Tailscale address (100.64.0.0/10): Tailscale is not installed, or not connected.',
      openclaw:
        'The gateway looks for a Tailscale IPv4 address on the machine\'s interfaces; without one it falls back to loopback (127.0.0.1) and starts, so it is not reachable from the tailnet. Only when it cannot bind loopback either does it refuse: "gateway bind=tailnet could not resolve a Tailscale or loopback address; refusing wildcard fallback".',
      fix: 'Install and connect Tailscale (`tailscale up`) on the gateway\'s machine before starting the gateway, or set gateway.bind to "loopback" to say what actually happens.',
    },
    messages: {
      fallsBackToLoopback:
        'gateway.bind is "tailnet" but this machine has no Tailscale address ({why}): the gateway falls back to loopback (127.0.0.1) and starts, so it is not reachable from the tailnet.',
    },
  },
  check: ({ model, network }) => {
    if (!network || !model?.bind.node || model.bind.value !== 'tailnet' || isRemoteMode(model)) return [];
    if (tailnetAddress(network) !== undefined) return [];
    const why = network.tailscale ? msg('Tailscale is installed but not connected') : msg('there is no tailscale command on the PATH');
    return [{ ...spanIn(model.bind.node, model.bind.source), messageId: 'fallsBackToLoopback', args: { why } }];
  },
});
