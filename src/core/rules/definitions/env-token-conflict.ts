import { clientPrecedence, isRemoteMode, type SecretPath } from '../../gatewayModel';
import { msg, type Message } from '../../messages';
import { fingerprint, referencedVariables } from '../../secretValues';
import { defineRule, type RawFinding } from '../ruleTypes';
import { nodeSpan, resolvedValue } from '../support/secretSlots';

export const rule = defineRule({
  meta: {
    code: 'env-token-conflict',
    defaultSeverity: 'warning',
    docs: {
      summary: 'OPENCLAW_GATEWAY_TOKEN or OPENCLAW_GATEWAY_PASSWORD is set in the environment and differs from the file.',
      openclaw: 'The gateway is config-first: it uses gateway.auth.* and ignores the variable. Local CLI calls also prefer the file. Tools and scripts that send the variable are rejected; in remote mode the CLI prefers gateway.remote.token over the variable, but OPENCLAW_GATEWAY_PASSWORD over gateway.remote.password.',
      fix: "Unset the stale variable (check shell profiles, ~/.openclaw/.env and the gateway service unit) or update it to the file's value.",
    },
    messages: {
      differs: '{variable} is set in this environment ({variableFingerprint}) and differs from {path} ({fileFingerprint}). {consequence}',
    },
  },
  check: ({ model }) => {
    if (!model) return [];
    const out: Array<RawFinding<'differs'>> = [];
    for (const kind of ['token', 'password'] as const) {
      const envName = kind === 'token' ? 'OPENCLAW_GATEWAY_TOKEN' : 'OPENCLAW_GATEWAY_PASSWORD';
      const envValue = model.env[envName].value;
      if (envValue === undefined) continue;
      const order = clientPrecedence(model, kind).filter((s): s is SecretPath => s.startsWith('gateway.'));
      const slot = order.map((p) => model.slots[p]).find((s) => s.resolved.state === 'value' && s.node && !referencedVariables(s.spec).includes(envName));
      if (!slot) continue;
      const fileValue = resolvedValue(slot);
      if (fileValue === undefined || fileValue === envValue) continue;
      const remote = isRemoteMode(model);
      // Who reads which secret decides who is rejected; the sentence says exactly that for this mode.
      let consequence: Message;
      if (!remote && slot.path.startsWith('gateway.auth.')) {
        consequence = msg('The gateway and the local CLI use {0} and ignore the variable; scripts and tools that send ${1} are rejected.', slot.path, envName);
      } else if (remote && kind === 'password') {
        consequence = msg('In remote mode the CLI sends the variable first, so {0} is not used while the variable is set.', slot.path);
      } else if (remote) {
        consequence = msg('In remote mode the CLI sends {0} first; the variable is used only when {0} is unset.', slot.path);
      } else {
        consequence = msg('Without gateway.auth.{0} the gateway uses the variable, while remote-mode clients send {1}.', kind, slot.path);
      }
      out.push({
        ...nodeSpan(slot),
        messageId: 'differs',
        args: { variable: envName, variableFingerprint: fingerprint(envValue), path: slot.path, fileFingerprint: fingerprint(fileValue), consequence },
        data: { slot: slot.path },
      });
    }
    return out;
  },
});
