import type { EnvOrigin } from '../../effective/environmentLayers';
import { msg, type Message } from '../../messages';
import { fingerprint, referencedVariables } from '../../secretValues';
import { defineRule, type RawFinding } from '../ruleTypes';
import { originText } from '../support/envOrigins';
import { listOf } from '../support/messageLists';
import { ALL_SLOTS, nodeSpan } from '../support/secretSlots';

type MessageId = 'variableUnset' | 'variableSet';

export const rule = defineRule({
  meta: {
    code: 'token-env-reference',
    defaultSeverity: 'information',
    docs: {
      summary: 'A token or password is read from an environment variable ($NAME, ${NAME} or a SecretRef with source "env").',
      openclaw:
        'OpenClaw substitutes ${NAME} when it loads the file. When that variable is unset, the text stays literal: the gateway starts with a one-time generated token, rejects the literal text, and `openclaw health` exits 1. An unset $NAME or SecretRef stops the gateway instead (see secret-unavailable).',
      fix: 'Make sure the variable is set for the gateway service and for your shell, or write the token into the file.',
    },
    messages: {
      variableUnset: '{path} reads the environment variable {variable}, which is not set in the environment this check runs in: {effect}.',
      variableSet: '{path} is read from {variables}; its value is {fingerprint}.',
    },
  },
  check: ({ model }) => {
    if (!model) return [];
    const out: Array<RawFinding<MessageId>> = [];
    for (const path of ALL_SLOTS) {
      const slot = model.slots[path];
      const variables = referencedVariables(slot.spec);
      if (variables.length === 0 || !slot.node) continue;
      // The gateway reads gateway.auth.*; gateway.remote.* is read by clients, in their own environment.
      const gatewaySide = path === 'gateway.auth.token' || path === 'gateway.auth.password';
      const resolved = gatewaySide ? slot.resolved : slot.clientResolved;
      const view = gatewaySide ? model.effective.gatewayEnv : model.effective.clientEnv;
      const missing = resolved.state === 'unresolved' && resolved.reason === 'env-unset' ? resolved.variable : undefined;
      if (missing) {
        // $NAME and {source:"env"} are SecretRefs: unset, they stop the gateway (secret-unavailable says so).
        if (!substitutedAtLoad(slot.spec)) continue;
        const effect =
          path === 'gateway.auth.token'
            ? msg('the gateway then starts with a one-time generated token and rejects the literal text, and `openclaw health` exits 1')
            : path === 'gateway.auth.password'
              ? msg('the gateway then treats the password as unset and rejects the literal text')
              : msg('clients treat the value as unset');
        out.push({ ...nodeSpan(slot), severity: 'warning', messageId: 'variableUnset', args: { path, variable: missing, effect }, data: { slot: path } });
      } else {
        const value = resolved.state === 'value' ? resolved.value : '';
        const knownGatewayEnv = gatewaySide && !model.effective.sharedEnvironment;
        const sources = variables.map((name) => variableText(name, view.get(name)?.origin, knownGatewayEnv));
        out.push({ ...nodeSpan(slot), messageId: 'variableSet', args: { path, variables: listOf(sources), fingerprint: fingerprint(value) }, data: { slot: path } });
      }
    }
    return out;
  },
});

/** `${NAME}`, whole or inside a string, is replaced when the file is loaded; `$NAME` and SecretRefs are resolved later. */
function substitutedAtLoad(spec: Parameters<typeof referencedVariables>[0]): boolean {
  if (spec.kind === 'literal') return true;
  return spec.kind === 'env-shorthand' && spec.raw.trim().startsWith('${');
}

function variableText(name: string, origin: EnvOrigin | undefined, knownGatewayEnv: boolean): Message {
  if (!origin) return msg('the environment variable {0}', name);
  if (origin.kind === 'process' && knownGatewayEnv) return msg('the environment variable {0} (set in the gateway\'s environment)', name);
  if (origin.kind === 'process') return msg('the environment variable {0} (set in the process environment; a gateway service such as a systemd unit may have a different one)', name);
  return msg('the environment variable {0} (set in {1})', name, originText(origin));
}
