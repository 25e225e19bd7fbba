import { findPropertyAtPath } from '../../jsonTree';
import { msg } from '../../messages';
import { valueSpan } from '../../stringOffsets';
import { defineRule, type RawFinding } from '../ruleTypes';
import { intendedEnvName } from '../support/envNames';
import { behaviourFor, byRelease, releaseOf, type ReleaseBehaviour } from '../support/versionRanges';

type Id = 'misnamed' | 'legacyRead' | 'legacyByRelease';

/**
 * The one legacy name an early CLI still reads: CLAWDBOT_GATEWAY_TOKEN, after OPENCLAW_GATEWAY_TOKEN
 * (2026.1.29 dist/gateway/call.js; observed on 2026.2.26, case c13; not read from 2026.4.8).
 */
const LEGACY_READ_BY_CLI = 'CLAWDBOT_GATEWAY_TOKEN';
const LEGACY_TOKEN: ReadonlyArray<ReleaseBehaviour<Id>> = [
  { through: '2026.2', messageId: 'legacyRead', severity: 'warning', does: msg('the CLI still reads it when OPENCLAW_GATEWAY_TOKEN is unset; the gateway does not') },
  { from: '2026.3', messageId: 'misnamed', does: msg('nothing reads it') },
];

export const rule = defineRule({
  meta: {
    code: 'env-var-misnamed',
    defaultSeverity: 'information',
    docs: {
      summary: 'The environment sets a look-alike variable that OpenClaw does not read (CLAW_GATEWAY_TOKEN, OPENCLAW_TOKEN, legacy CLAWDBOT_*/MOLTBOT_* names, wrong case).',
      openclaw:
        'OpenClaw reads only OPENCLAW_GATEWAY_TOKEN, OPENCLAW_GATEWAY_PASSWORD, OPENCLAW_GATEWAY_PORT and OPENCLAW_GATEWAY_URL for the gateway; legacy CLAWDBOT_* and MOLTBOT_* names are ignored. The look-alike silently does nothing. Exception: the CLI of releases up to 2026.2.x still reads CLAWDBOT_GATEWAY_TOKEN after OPENCLAW_GATEWAY_TOKEN.',
      fix: 'Rename the variable where it is set (shell profile, .env file, service unit).',
    },
    releaseTables: [LEGACY_TOKEN],
    messages: {
      misnamed: 'The environment sets {name}, which OpenClaw does not read; the gateway and its clients look for {intended}.',
      legacyRead:
        'The environment sets {name}. The CLI of OpenClaw {release} (up to 2026.2.x) still reads it when {intended} is unset, but the gateway does not, and later releases read neither: the next update breaks what works now. Rename it to {intended}.',
      legacyByRelease: 'The environment sets {name}, a legacy name; the gateway and its clients look for {intended}. By release: {releases} Rename it to {intended}.',
    },
  },
  check: (ctx) => {
    const { model, env, doc } = ctx;
    const release = releaseOf(ctx, 'cli');
    const legacy = behaviourFor(LEGACY_TOKEN, release);
    const out: Array<RawFinding<Id>> = [];
    const authProperty = findPropertyAtPath(model?.gatewayNode, ['auth']);
    const anchorNode = authProperty?.children?.[0] ?? model?.gatewayProperty?.children?.[0];
    const anchor = anchorNode ? valueSpan(anchorNode) : { offset: 0, length: doc.root ? 1 : 0 };
    for (const name of Object.keys(env).sort()) {
      if (env[name] === undefined) continue;
      const intended = intendedEnvName(name);
      if (!intended) continue;
      if (name !== LEGACY_READ_BY_CLI) out.push({ ...anchor, messageId: 'misnamed', args: { name, intended } });
      else if (!legacy) out.push({ ...anchor, messageId: 'legacyByRelease', args: { name, intended, releases: byRelease(LEGACY_TOKEN) } });
      else out.push({ ...anchor, messageId: legacy.messageId, severity: legacy.severity, args: { name, intended, release: release ?? '' } });
    }
    return out;
  },
});
