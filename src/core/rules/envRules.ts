import { t } from '../i18n';
import { findPropertyAtPath } from '../jsonTree';
import { valueSpan } from '../stringOffsets';
import type { RawFinding, RuleDefinition } from './ruleTypes';

/** The OPENCLAW_* names OpenClaw reads (credential-planner.ts, paths.ts, connection-details.ts, net.ts). */
export const READ_ENV_NAMES = [
  'OPENCLAW_GATEWAY_TOKEN',
  'OPENCLAW_GATEWAY_PASSWORD',
  'OPENCLAW_GATEWAY_PORT',
  'OPENCLAW_GATEWAY_URL',
  'OPENCLAW_ALLOW_INSECURE_PRIVATE_WS',
  'OPENCLAW_CONFIG_PATH',
  'OPENCLAW_STATE_DIR',
  'OPENCLAW_HOME',
  'OPENCLAW_PROFILE',
  'OPENCLAW_INCLUDE_ROOTS',
] as const;

const SECRET_WORD = /(?:TOKEN|PASSWORD|PASSWD|PASS|SECRET|KEY)$/;

/** The name OpenClaw reads that a look-alike variable was most likely meant to be. */
export function intendedEnvName(name: string): string | undefined {
  if ((READ_ENV_NAMES as readonly string[]).includes(name)) return undefined;
  const upper = name.toUpperCase();
  if ((READ_ENV_NAMES as readonly string[]).includes(upper)) return upper;
  if (!/CLAW/.test(upper)) {
    return /^GATEWAY_(?:AUTH_)?TOKEN$/.test(upper) ? 'OPENCLAW_GATEWAY_TOKEN' : /^GATEWAY_(?:AUTH_)?PASSWORD$/.test(upper) ? 'OPENCLAW_GATEWAY_PASSWORD' : undefined;
  }
  // Only gateway look-alikes: channel and provider tokens (OPENCLAW_TELEGRAM_TOKEN) are other things.
  const aboutGateway = /GATEWAY|_GW_/.test(upper);
  const generic = /^(?:OPEN_?CLAW|CLAW|CLAWDBOT|MOLTBOT)_(?:AUTH_)?(?:TOKEN|PASSWORD|PASSWD|PASS|SECRET)$/.test(upper);
  if (!aboutGateway && !generic) return undefined;
  if (/(?:URL|HOST)$/.test(upper)) return 'OPENCLAW_GATEWAY_URL';
  if (/PORT$/.test(upper)) return 'OPENCLAW_GATEWAY_PORT';
  if (!SECRET_WORD.test(upper)) return undefined;
  if (/(?:PASSWORD|PASSWD|PASS)$/.test(upper)) return 'OPENCLAW_GATEWAY_PASSWORD';
  return 'OPENCLAW_GATEWAY_TOKEN';
}

export const envVarMisnamed: RuleDefinition = {
  code: 'env-var-misnamed',
  defaultSeverity: 'information',
  docs: {
    summary: 'The environment sets a look-alike variable that OpenClaw does not read (CLAW_GATEWAY_TOKEN, OPENCLAW_TOKEN, legacy CLAWDBOT_*/MOLTBOT_* names, wrong case).',
    openclaw: 'OpenClaw reads only OPENCLAW_GATEWAY_TOKEN, OPENCLAW_GATEWAY_PASSWORD, OPENCLAW_GATEWAY_PORT and OPENCLAW_GATEWAY_URL for the gateway; legacy CLAWDBOT_* and MOLTBOT_* names are ignored. The look-alike silently does nothing.',
    fix: 'Rename the variable where it is set (shell profile, .env file, service unit).',
  },
  check: ({ model, env, doc }) => {
    const out: RawFinding[] = [];
    const authProperty = findPropertyAtPath(model?.gatewayNode, ['auth']);
    const anchorNode = authProperty?.children?.[0] ?? model?.gatewayProperty?.children?.[0];
    const anchor = anchorNode ? valueSpan(anchorNode) : { offset: 0, length: doc.root ? 1 : 0 };
    for (const name of Object.keys(env).sort()) {
      if (env[name] === undefined) continue;
      const intended = intendedEnvName(name);
      if (!intended) continue;
      out.push({
        ...anchor,
        message: t('The environment sets {0}, which OpenClaw does not read; the gateway and its clients look for {1}.', name, intended),
      });
    }
    return out;
  },
};
