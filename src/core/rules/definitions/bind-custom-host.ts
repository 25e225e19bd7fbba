import { leafAt } from '../../effective/configSources';
import { isRemoteMode } from '../../gatewayModel';
import { stringValue } from '../../jsonTree';
import { defineRule, type RawFinding } from '../ruleTypes';
import { canBindIPv4, isCanonicalIPv4 } from '../support/bindHosts';
import { spanIn } from '../support/sourceSpans';

type MessageId = 'hostMissing' | 'hostNotIPv4' | 'hostNotOnMachine' | 'hostMustBeLocal';

export const rule = defineRule({
  meta: {
    code: 'bind-custom-host',
    defaultSeverity: 'error',
    docs: {
      summary: 'gateway.bind is "custom" but gateway.customBindHost is missing, is not a plain IPv4 address, or is not an address of the gateway\'s machine.',
      openclaw:
        '`openclaw config validate` passes, but the gateway exits 1: "gateway.bind=custom requires gateway.customBindHost", "gateway.bind=custom requires a valid IPv4 customBindHost (got <host>)", or, for an address it cannot listen on, "gateway bind=custom requested <host> but resolved 0.0.0.0; refusing fallback".',
      fix: 'Set gateway.customBindHost to an IPv4 address of this machine (see `ip -4 addr`), or use bind "loopback", "lan" or "tailnet".',
    },
    messages: {
      hostMissing: 'gateway.bind is "custom" but gateway.customBindHost is not set: `openclaw config validate` passes, but the gateway exits 1: "gateway.bind=custom requires gateway.customBindHost".',
      hostNotIPv4: 'gateway.customBindHost "{host}" is not a plain IPv4 address: the gateway exits 1: "gateway.bind=custom requires a valid IPv4 customBindHost (got {host})".',
      hostNotOnMachine:
        '{host} is not an address of this machine, so the gateway cannot listen on it: `openclaw config validate` passes, but the gateway exits 1: "gateway bind=custom requested {host} but resolved 0.0.0.0; refusing fallback".',
      hostMustBeLocal:
        'gateway.customBindHost must be an address of the machine the gateway runs on (the machine was not inspected): for any other address the gateway exits 1: "gateway bind=custom requested {host} but resolved 0.0.0.0; refusing fallback".',
    },
  },
  check: ({ model, network }) => {
    if (!model?.bind.node || model.bind.value !== 'custom' || isRemoteMode(model)) return [];
    const hostAt = leafAt(model.effective.assembled.root, ['gateway', 'customBindHost']);
    const raw = stringValue(hostAt?.node);
    const host = raw?.trim();
    const out: Array<RawFinding<MessageId>> = [];
    // Not a string at all: `openclaw config validate` rejects the type already.
    if (hostAt && raw === undefined) return [];
    if (!hostAt || !host) {
      // An unread include may hold it.
      if (!model.hasInclude || hostAt) out.push({ ...spanIn(model.bind.node, model.bind.source), messageId: 'hostMissing' });
      return out;
    }
    const where = spanIn(hostAt.node, hostAt.source);
    if (!isCanonicalIPv4(host)) return [{ ...where, messageId: 'hostNotIPv4', args: { host } }];
    if (!network) return host === '0.0.0.0' || host.startsWith('127.') ? [] : [{ ...where, messageId: 'hostMustBeLocal', severity: 'information', args: { host } }];
    if (!canBindIPv4(host, network)) return [{ ...where, messageId: 'hostNotOnMachine', args: { host } }];
    return [];
  },
});
