import { findPropertyAtPath } from '../../jsonTree';
import { valueSpan } from '../../stringOffsets';
import { defineRule, type RawFinding } from '../ruleTypes';
import { intendedEnvName } from '../support/envNames';

export const rule = defineRule({
  meta: {
    code: 'env-var-misnamed',
    defaultSeverity: 'information',
    docs: {
      summary: 'The environment sets a look-alike variable that OpenClaw does not read (CLAW_GATEWAY_TOKEN, OPENCLAW_TOKEN, legacy CLAWDBOT_*/MOLTBOT_* names, wrong case).',
      openclaw: 'OpenClaw reads only OPENCLAW_GATEWAY_TOKEN, OPENCLAW_GATEWAY_PASSWORD, OPENCLAW_GATEWAY_PORT and OPENCLAW_GATEWAY_URL for the gateway; legacy CLAWDBOT_* and MOLTBOT_* names are ignored. The look-alike silently does nothing.',
      fix: 'Rename the variable where it is set (shell profile, .env file, service unit).',
    },
    messages: {
      misnamed: 'The environment sets {name}, which OpenClaw does not read; the gateway and its clients look for {intended}.',
    },
  },
  check: ({ model, env, doc }) => {
    const out: Array<RawFinding<'misnamed'>> = [];
    const authProperty = findPropertyAtPath(model?.gatewayNode, ['auth']);
    const anchorNode = authProperty?.children?.[0] ?? model?.gatewayProperty?.children?.[0];
    const anchor = anchorNode ? valueSpan(anchorNode) : { offset: 0, length: doc.root ? 1 : 0 };
    for (const name of Object.keys(env).sort()) {
      if (env[name] === undefined) continue;
      const intended = intendedEnvName(name);
      if (!intended) continue;
      out.push({ ...anchor, messageId: 'misnamed', args: { name, intended } });
    }
    return out;
  },
});
