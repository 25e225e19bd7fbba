import { msg } from '../../messages';
import { fingerprint, referencedVariables } from '../../secretValues';
import { defineRule, type RawFinding } from '../ruleTypes';
import { ALL_SLOTS, nodeSpan } from '../support/secretSlots';

type MessageId = 'variableUnset' | 'variableSet';

export const rule = defineRule({
  meta: {
    code: 'token-env-reference',
    defaultSeverity: 'information',
    docs: {
      summary: 'A token or password is read from an environment variable ($NAME, ${NAME} or a SecretRef with source "env").',
      openclaw: 'OpenClaw substitutes the variable when it loads the file. When the variable is unset, the gateway generates a one-time token at start-up and clients treat the value as unset, so nothing matches.',
      fix: 'Make sure the variable is set for the gateway service and for your shell, or write the token into the file.',
    },
    messages: {
      variableUnset: '{path} reads the environment variable {variable}, which is not set in the environment this check runs in: {effect}.',
      variableSet: '{path} is read from the environment variable {variables} (set here, {fingerprint}). Other environments, such as a systemd service, may hold a different value.',
    },
  },
  check: ({ model }) => {
    if (!model) return [];
    const out: Array<RawFinding<MessageId>> = [];
    for (const path of ALL_SLOTS) {
      const slot = model.slots[path];
      const variables = referencedVariables(slot.spec);
      if (variables.length === 0 || !slot.node) continue;
      const missing = slot.resolved.state === 'unresolved' && slot.resolved.reason === 'env-unset' ? slot.resolved.variable : undefined;
      if (missing) {
        const effect =
          path === 'gateway.auth.token' || path === 'gateway.auth.password'
            ? msg('the gateway then starts with a one-time generated secret and rejects the literal text')
            : msg('clients treat the value as unset');
        out.push({ ...nodeSpan(slot), severity: 'warning', messageId: 'variableUnset', args: { path, variable: missing, effect }, data: { slot: path } });
      } else {
        const value = slot.resolved.state === 'value' ? slot.resolved.value : '';
        out.push({ ...nodeSpan(slot), messageId: 'variableSet', args: { path, variables: variables.join(', '), fingerprint: fingerprint(value) }, data: { slot: path } });
      }
    }
    return out;
  },
});
