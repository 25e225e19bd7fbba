import { clientPrecedence, isRemoteMode, type EnvSecret, type SecretPath } from '../../gatewayModel';
import { msg, type Message } from '../../messages';
import { fingerprint, referencedVariables } from '../../secretValues';
import { defineRule, type RawFinding, type RelatedSpan } from '../ruleTypes';
import { originPlace, originSpan } from '../support/envOrigins';
import { nodeSpan } from '../support/secretSlots';

export const rule = defineRule({
  meta: {
    code: 'env-token-conflict',
    defaultSeverity: 'warning',
    docs: {
      summary: 'OPENCLAW_GATEWAY_TOKEN or OPENCLAW_GATEWAY_PASSWORD is set (in the environment, a .env file OpenClaw reads, or env.vars) and differs from the config.',
      openclaw:
        'The gateway is config-first: it uses gateway.auth.* and ignores the variable. Local CLI calls also prefer the config. Tools and scripts that send the variable are rejected. In remote mode the CLI sends gateway.remote.token first, then OPENCLAW_GATEWAY_TOKEN, then gateway.auth.token; for passwords OPENCLAW_GATEWAY_PASSWORD comes before gateway.remote.password.',
      fix: "Unset the stale variable (check shell profiles, ~/.openclaw/.env, ~/.config/openclaw/gateway.env, env.vars and the gateway service unit) or update it to the config's value.",
    },
    messages: {
      differs: '{variable} is set {where} ({variableFingerprint}) and differs from {path} ({fileFingerprint}). {consequence}',
    },
  },
  check: ({ model }) => {
    if (!model) return [];
    const out: Array<RawFinding<'differs'>> = [];
    for (const kind of ['token', 'password'] as const) {
      const envName = kind === 'token' ? 'OPENCLAW_GATEWAY_TOKEN' : 'OPENCLAW_GATEWAY_PASSWORD';
      // What a client sends is read from the client's environment; a variable only the gateway
      // has still matters to the gateway (config-first: it is ignored there).
      const client = model.clientEnv[envName];
      const variable: EnvSecret = client.value !== undefined ? client : model.env[envName];
      const envValue = variable.value;
      if (envValue === undefined) continue;
      const onClient = variable === client;
      const order = clientPrecedence(model, kind).filter((s): s is SecretPath => s.startsWith('gateway.'));
      const slot = order
        .map((p) => model.slots[p])
        .find((s) => (onClient ? s.clientResolved : s.resolved).state === 'value' && s.node && !referencedVariables(s.spec).includes(envName));
      // In local mode a variable against gateway.remote.* is what the gateway itself runs with:
      // token-mismatch / password-mismatch report that (and stay quiet for another gateway's secret).
      if (!slot || (!isRemoteMode(model) && slot.path.startsWith('gateway.remote.'))) continue;
      const resolved = onClient ? slot.clientResolved : slot.resolved;
      const fileValue = resolved.state === 'value' ? resolved.value : undefined;
      if (fileValue === undefined || fileValue === envValue) continue;
      const remote = isRemoteMode(model);
      // Who reads which secret decides who is rejected; the sentence says exactly that for this mode.
      let consequence: Message;
      if (!remote) {
        consequence = msg('The gateway and the local CLI use {0} and ignore the variable; scripts and tools that send ${1} are rejected.', slot.path, envName);
      } else if (remote && kind === 'password') {
        consequence = msg('In remote mode the CLI sends the variable first, so {0} is not used while the variable is set.', slot.path);
      } else if (remote && slot.path === 'gateway.remote.token') {
        consequence = msg('In remote mode the CLI sends gateway.remote.token first, then OPENCLAW_GATEWAY_TOKEN, then gateway.auth.token: it sends {0}, and the variable only when {0} is unset.', slot.path);
      } else {
        consequence = msg('In remote mode the CLI sends gateway.remote.token first, then OPENCLAW_GATEWAY_TOKEN, then gateway.auth.token: with gateway.remote.token unset it sends the variable, not {0}.', slot.path);
      }
      const place = originSpan(variable.origin);
      const related: RelatedSpan[] = place ? [{ ...place, message: msg('{0} is set here ({1})', envName, fingerprint(envValue)) }] : [];
      out.push({
        ...nodeSpan(slot),
        messageId: 'differs',
        args: { variable: envName, where: originPlace(variable.origin, model), variableFingerprint: fingerprint(envValue), path: slot.path, fileFingerprint: fingerprint(fileValue), consequence },
        related,
        data: { slot: slot.path },
      });
    }
    return out;
  },
});
