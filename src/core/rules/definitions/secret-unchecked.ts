import { isConfigured, isRemoteMode, type GatewayModel, type SecretPath } from '../../gatewayModel';
import { msg, type Message } from '../../messages';
import { defineRule, type RawFinding } from '../ruleTypes';
import { ALL_SLOTS, nodeSpan } from '../support/secretSlots';
import { checkSecret, gatewayNeedsSlot, type UncheckedReason } from '../support/secretAvailability';

export const rule = defineRule({
  meta: {
    code: 'secret-unchecked',
    defaultSeverity: 'information',
    docs: {
      summary:
        'A secret the gateway or its clients need comes from a SecretRef this check cannot resolve: source "exec" (a command), source "store" (OpenClaw\'s secret store), or a file provider whose file was not read or whose path is relative.',
      openclaw:
        'OpenClaw resolves the reference when the gateway starts. If the command fails, prints nothing usable, or the secret is missing, the gateway exits 1 ("Startup failed: required secrets are unavailable."); for gateway.remote.* clients fail with "<path> is configured as a secret reference but is unavailable in this command path."',
      fix: 'Confirm that the reference resolves with `openclaw secrets audit --check --allow-exec` (OpenClaw\'s own check; it runs exec providers); write file provider paths as absolute paths.',
    },
    messages: {
      unchecked: '{source} The value cannot be checked here. {effect}',
    },
  },
  check: ({ model }) => {
    if (!model) return [];
    const out: Array<RawFinding<'unchecked'>> = [];
    for (const path of ALL_SLOTS) {
      const slot = model.slots[path];
      if (!slot.node) continue;
      const gatewaySlot = path.startsWith('gateway.auth.');
      if (gatewaySlot ? isRemoteMode(model) || !gatewayNeedsSlot(model, path) : !clientReadsSlot(model, path)) continue;
      const check = checkSecret(model, slot, gatewaySlot ? 'gateway' : 'client');
      if (check?.state !== 'unchecked') continue;
      const effect = gatewaySlot
        ? msg('If it yields no value when the gateway starts, the gateway exits 1: "Startup failed: required secrets are unavailable."')
        : msg('If it yields no value, clients that need it fail: "{0} is configured as a secret reference but is unavailable in this command path."', path);
      out.push({ ...nodeSpan(slot), messageId: 'unchecked', args: { source: sourceText(path, check.reason), effect }, data: { slot: path } });
    }
    return out;
  },
});

/**
 * Whether an OpenClaw client on this machine reads this gateway.remote.* field: always in remote
 * mode; in local mode only as the fallback when gateway.auth.<kind> is not configured
 * (src/gateway/credentials.ts resolveLocalGatewayCredentials).
 */
function clientReadsSlot(model: GatewayModel, path: SecretPath): boolean {
  if (isRemoteMode(model)) return true;
  const authPath: SecretPath = path === 'gateway.remote.token' ? 'gateway.auth.token' : 'gateway.auth.password';
  return !isConfigured(model.slots[authPath]);
}

function sourceText(path: SecretPath, reason: UncheckedReason): Message {
  switch (reason.kind) {
    case 'exec':
      return msg('{0} comes from running the command of the exec provider "{1}", which OpenClaw Guard does not run.', path, reason.provider);
    case 'store':
      return msg('{0} comes from OpenClaw\'s secret store (id {1}), which OpenClaw Guard does not open.', path, reason.id);
    case 'file-not-read':
      return msg('{0} comes from the file provider "{1}", whose file was not read (the config was checked without its files).', path, reason.provider);
    case 'relative-path':
      return msg('{0} comes from the file provider "{1}", whose path "{2}" is relative: OpenClaw resolves it against the gateway\'s working directory, which is not known here. Write an absolute path.', path, reason.provider, reason.path);
  }
}
