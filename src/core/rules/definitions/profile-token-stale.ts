import { isRemoteMode, type GatewayModel } from '../../gatewayModel';
import { msg } from '../../messages';
import { fingerprint } from '../../secretValues';
import { defineRule, type RawFinding, type RuleContext, type Severity } from '../ruleTypes';
import { displayPath } from '../support/envOrigins';
import { assignmentSpan, expectedSecret, profileSecrets, setInSource, type ProfileSecret } from '../support/serviceSecrets';
import { releaseOf } from '../support/versionRanges';
import { compareVersions, parseOpenclawVersion, type ParsedVersion } from '../../version/openclawVersion';
import { nodeSpan } from '../support/secretSlots';
import { removeServiceValue } from '../../effective/serviceSources';

/**
 * A shell profile exports OPENCLAW_GATEWAY_TOKEN/_PASSWORD with another value than the gateway's
 * secret. Every new shell, and the OpenClaw CLI run from it, has that value. Up to 2026.7.35 the
 * local CLI sends the variable before gateway.auth.token (env-first); from 2026.8.1 it is
 * config-first (shared/reference/openclaw-versions.md).
 */

const LAST_ENV_FIRST: ParsedVersion = { parts: [2026, 7, 35], text: '2026.7.35' };

type Era = 'env-first' | 'config-first' | 'unknown';

/** The installed CLI's release decides: the CLI in a new shell is what sends the variable. */
function era(ctx: RuleContext): Era {
  const version = parseOpenclawVersion(releaseOf(ctx, 'cli'));
  if (!version) return 'unknown';
  return compareVersions(version, LAST_ENV_FIRST) <= 0 ? 'env-first' : 'config-first';
}

function stale(model: GatewayModel): Array<{ secret: ProfileSecret; expected: string; configWins: boolean }> {
  // In remote mode the variable is compared with gateway.remote.* by env-token-conflict's rules, not here.
  if (isRemoteMode(model)) return [];
  const out: Array<{ secret: ProfileSecret; expected: string; configWins: boolean }> = [];
  for (const secret of profileSecrets(model)) {
    const expected = expectedSecret(model, secret.name, secret.slotPath);
    if (!expected || expected.value === secret.assignment.value.trim()) continue;
    out.push({ secret, expected: expected.value, configWins: expected.configWins });
  }
  return out;
}

export const rule = defineRule({
  meta: {
    code: 'profile-token-stale',
    defaultSeverity: 'error',
    docs: {
      summary: "A shell profile (~/.bashrc, ~/.profile, ~/.zshrc, fish's config.fish, …) exports OPENCLAW_GATEWAY_TOKEN or OPENCLAW_GATEWAY_PASSWORD with another value than the gateway's secret.",
      openclaw:
        'Every new shell gets the exported value, and so does the OpenClaw CLI started from it. Up to 2026.7.35 the local CLI sends OPENCLAW_GATEWAY_TOKEN before gateway.auth.token (env-first) and is rejected with "unauthorized: gateway token mismatch"; from 2026.8.1 it sends gateway.auth.token and only scripts and tools that read the variable are rejected. Without gateway.auth.token every release sends the variable. A gateway started from such a shell (not as a service) uses the variable only when gateway.auth.token is unset.',
      fix: 'Remove the export from the profile (or update it to the gateway\'s secret), then open a new shell or run `unset OPENCLAW_GATEWAY_TOKEN` in the open ones.',
    },
    messages: {
      envOnly: '{name} is exported in {file} as {profileFingerprint}, not the gateway\'s {expectedFingerprint}. The OpenClaw CLI in a new shell sends it and is rejected with "unauthorized: gateway token mismatch".',
      envFirst: '{name} is exported in {file} as {profileFingerprint}, but {path} is {expectedFingerprint}. This OpenClaw release (up to 2026.7.35) sends the variable before {path} from the CLI in a new shell, which is rejected with "unauthorized: gateway token mismatch".',
      versionDependent:
        '{name} is exported in {file} as {profileFingerprint}, but {path} is {expectedFingerprint}. Up to OpenClaw 2026.7.35 the CLI in a new shell sends the variable first and is rejected; from 2026.8.1 it sends {path}, and only scripts and tools that read the variable are rejected.',
      configFirst: '{name} is exported in {file} as {profileFingerprint}, but {path} is {expectedFingerprint}. This OpenClaw release sends {path} from the CLI; scripts and tools that read the variable in a new shell are rejected.',
    },
    fixes: {
      removeExport: { summary: 'Remove the export from the profile (open shells keep the old value until closed or unset).', safe: false },
      updateExport: { summary: "Write the gateway's secret into the profile's export.", safe: false },
    },
  },
  check: (ctx) => {
    const { model } = ctx;
    if (!model) return [];
    const out: Array<RawFinding<'envOnly' | 'envFirst' | 'versionDependent' | 'configFirst'>> = [];
    const when = era(ctx);
    for (const { secret, expected, configWins } of stale(model)) {
      const file = msg('{0}, line {1}', displayPath(secret.source.path, model.effective.home), secret.assignment.line + 1);
      const base = { name: secret.name, file, profileFingerprint: fingerprint(secret.assignment.value.trim()), expectedFingerprint: fingerprint(expected), path: secret.slotPath };
      const slot = model.slots[secret.slotPath];
      const related = configWins && slot.node ? [{ ...nodeSpan(slot), message: msg('{0} is set here ({1})', secret.slotPath, fingerprint(expected)) }] : [];
      let messageId: 'envOnly' | 'envFirst' | 'versionDependent' | 'configFirst';
      let severity: Severity | undefined;
      if (!configWins) {
        messageId = 'envOnly';
      } else if (when === 'env-first') {
        messageId = 'envFirst';
      } else if (when === 'config-first') {
        messageId = 'configFirst';
        severity = 'warning';
      } else {
        messageId = 'versionDependent';
        severity = 'warning';
      }
      out.push({ ...assignmentSpan(secret.source, secret.assignment), messageId, args: base, related, severity, data: { slot: secret.slotPath } });
    }
    return out;
  },
  fixes: (finding, ctx) => {
    if (ctx.onlySafe) return [];
    const found = stale(ctx.model).find((f) => f.secret.source.path === finding.file && assignmentSpan(f.secret.source, f.secret.assignment).offset === finding.offset);
    if (!found) return [];
    const { secret, expected } = found;
    const file = displayPath(secret.source.path, ctx.model.effective.home);
    const remove = removeServiceValue(secret.source, secret.name, { home: ctx.model.effective.home });
    const update = setInSource(ctx.model, secret.source, secret.name, expected);
    const out = [];
    if (remove) out.push({ fixId: 'removeExport' as const, title: msg('Remove the export of {0} from {1} (then open a new shell)', secret.name, file), isPreferred: true, safe: false, edits: remove });
    if (update) out.push({ fixId: 'updateExport' as const, title: msg('Set the export of {0} in {1} to {2}', secret.name, file, fingerprint(expected)), safe: false, edits: update });
    return out;
  },
});
