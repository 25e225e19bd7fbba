import { clientPrecedence, isRemoteMode, type EnvSecret, type SecretPath } from '../../gatewayModel';
import { msg, type Message } from '../../messages';
import { fingerprint, referencedVariables } from '../../secretValues';
import { defineRule, type RawFinding, type RelatedSpan } from '../ruleTypes';
import { originPlace, originSpan } from '../support/envOrigins';
import { nodeSpan } from '../support/secretSlots';
import { behaviourFor, byRelease, releaseOf, type ReleaseBehaviour } from '../support/versionRanges';

type Id = 'differs' | 'cliSendsVariable' | 'cliOrderByRelease';

/**
 * The local CLI's order for its own calls (no --token): up to 2026.7.35 it sends the variable
 * before gateway.auth.*, from 2026.8.1 the config first (openclaw-versions.md §1, the CLI cases
 * c5/c11). The gateway itself is config-first on every release.
 */
const LOCAL_CLI_ORDER: ReadonlyArray<ReleaseBehaviour<Id>> = [
  {
    through: '2026.7',
    messageId: 'cliSendsVariable',
    severity: 'error',
    does: msg('the local CLI sends the variable before the config, so every `openclaw` command is rejected while it is set'),
  },
  {
    from: '2026.8',
    messageId: 'differs',
    does: msg('the local CLI sends the config\'s value and ignores the variable; only scripts and tools that send the variable are rejected'),
  },
];

export const rule = defineRule({
  meta: {
    code: 'env-token-conflict',
    defaultSeverity: 'warning',
    docs: {
      summary: 'OPENCLAW_GATEWAY_TOKEN or OPENCLAW_GATEWAY_PASSWORD is set (in the environment, a .env file OpenClaw reads, or env.vars) and differs from the config.',
      openclaw:
        'The gateway is config-first on every release: it uses gateway.auth.* and ignores the variable. The local CLI (no --token) sends the variable first up to 2026.7.35, so a stale variable breaks every `openclaw` command there with "gateway token mismatch (set gateway.remote.token to match gateway.auth.token)"; from 2026.8.1 local CLI calls prefer the config. Tools and scripts that send the variable are rejected. In remote mode the CLI sends gateway.remote.token first, then OPENCLAW_GATEWAY_TOKEN, then gateway.auth.token; for passwords OPENCLAW_GATEWAY_PASSWORD comes before gateway.remote.password.',
      fix: "Unset the stale variable (check shell profiles, ~/.openclaw/.env, ~/.config/openclaw/gateway.env, env.vars and the gateway service unit) or update it to the config's value.",
    },
    releaseTables: [LOCAL_CLI_ORDER],
    messages: {
      differs: '{variable} is set {where} ({variableFingerprint}) and differs from {path} ({fileFingerprint}). {consequence}',
      cliSendsVariable:
        '{variable} is set {where} ({variableFingerprint}) and differs from {path} ({fileFingerprint}). OpenClaw {release} (up to 2026.7.x) sends the variable from the local CLI before {path}, so every `openclaw` command is rejected. The gateway\'s hint "set gateway.remote.{kind} to match gateway.auth.{kind}" is fixed text on these releases: setting it does not help. Unset the variable; the gateway itself uses {path}.',
      cliOrderByRelease:
        '{variable} is set {where} ({variableFingerprint}) and differs from {path} ({fileFingerprint}). The gateway uses {path} and ignores the variable. What the local CLI sends depends on the release: {releases} Unset the variable unless a tool needs it.',
    },
  },
  check: (ctx) => {
    const { model } = ctx;
    if (!model) return [];
    const release = releaseOf(ctx, 'cli');
    const cliOrder = behaviourFor(LOCAL_CLI_ORDER, release);
    const out: Array<RawFinding<Id>> = [];
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
      const args = { variable: envName, where: originPlace(variable.origin, model), variableFingerprint: fingerprint(envValue), path: slot.path, fileFingerprint: fingerprint(fileValue) };
      // Only a variable the CLI itself sees is sent by it; the gateway ignores its own copy on every release.
      const byCliOrder = !remote && onClient;
      if (byCliOrder && cliOrder?.messageId === 'cliSendsVariable') {
        out.push({ ...nodeSpan(slot), messageId: 'cliSendsVariable', severity: cliOrder.severity, args: { ...args, release: release ?? '', kind }, related, data: { slot: slot.path } });
      } else if (byCliOrder && !cliOrder) {
        out.push({ ...nodeSpan(slot), messageId: 'cliOrderByRelease', args: { ...args, releases: byRelease(LOCAL_CLI_ORDER) }, related, data: { slot: slot.path } });
      } else {
        out.push({ ...nodeSpan(slot), messageId: 'differs', args: { ...args, consequence }, related, data: { slot: slot.path } });
      }
    }
    return out;
  },
});
