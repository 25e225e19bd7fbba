import { msg } from '../../messages';
import { fingerprint } from '../../secretValues';
import { defineRule, type RawFinding, type RelatedSpan } from '../ruleTypes';
import { displayPath, originSpan } from '../support/envOrigins';
import { assignmentSpan, expectedSecret, removeFromService, serviceSecrets, setInSource, type ServiceSecret } from '../support/serviceSecrets';
import { nodeSpan } from '../support/secretSlots';
import { isRemoteMode, type GatewayModel } from '../../gatewayModel';

/**
 * A gateway service (systemd unit or its EnvironmentFile, launchd plist or its service-env file)
 * carries OPENCLAW_GATEWAY_TOKEN/_PASSWORD with another value than the gateway's secret
 * (docs/openclaw-effective-config.md §2.9). `openclaw gateway restart` warns about the same drift.
 */

/**
 * A start time from /proc is boot time (whole seconds) plus clock ticks: up to a second early. Closer
 * than this to the file's time, which came first is not known.
 */
const START_TIME_PRECISION_MS = 2000;

function related(model: GatewayModel, secret: ServiceSecret, configWins: boolean, value: string): RelatedSpan[] {
  const slot = model.slots[secret.slotPath];
  if (configWins && slot.node) return [{ ...nodeSpan(slot), message: msg('{0} is set here ({1})', secret.slotPath, fingerprint(value)) }];
  const place = originSpan(model.env[secret.name].origin);
  return place ? [{ ...place, message: msg('{0} is set here ({1})', secret.name, fingerprint(value)) }] : [];
}

function findings(model: GatewayModel): Array<{ secret: ServiceSecret; expected: string; configWins: boolean }> {
  const out: Array<{ secret: ServiceSecret; expected: string; configWins: boolean }> = [];
  for (const secret of serviceSecrets(model)) {
    const expected = expectedSecret(model, secret.name, secret.slotPath);
    // Without a secret of its own the config takes the service's: nothing to disagree with.
    if (!expected || expected.value === secret.written.value.trim()) continue;
    out.push({ secret, expected: expected.value, configWins: expected.configWins });
  }
  return out;
}

export const rule = defineRule({
  meta: {
    code: 'service-token-stale',
    defaultSeverity: 'error',
    docs: {
      summary: "A gateway service's definition (systemd unit, its EnvironmentFile, launchd plist, service-env file) sets OPENCLAW_GATEWAY_TOKEN or OPENCLAW_GATEWAY_PASSWORD to another value than the gateway's secret.",
      openclaw:
        '`openclaw gateway install` writes ~/.config/systemd/user/openclaw-gateway.service (with EnvironmentFile=-~/.openclaw/gateway.systemd.env, a copy of ~/.openclaw/.env at install time) or ~/Library/LaunchAgents/ai.openclaw.gateway.plist (with ~/.openclaw/service-env/ai.openclaw.gateway.env). When gateway.auth.token is not set (or reads ${OPENCLAW_GATEWAY_TOKEN}), the service starts the gateway with the value written there, and clients sending the new token are rejected with "unauthorized: gateway token mismatch". When gateway.auth.token is set the gateway uses it, but `openclaw gateway restart` still warns "Config token differs from service token. The daemon will use the old token after restart."',
      fix: 'Update or remove the value in the service file, then reload and restart the service (systemctl --user daemon-reload && systemctl --user restart openclaw-gateway.service, or launchctl kickstart -k gui/$UID/ai.openclaw.gateway), or run `openclaw gateway install --force`.',
    },
    messages: {
      serviceWins:
        '{name} in {service} is {serviceFingerprint}, not the gateway\'s {expectedFingerprint}: the gateway started by this service uses {serviceFingerprint} (after a restart, or now if it started after this line was written), and clients sending {expectedFingerprint} are rejected.',
      serviceWinsNow:
        '{name} in {service} is {serviceFingerprint}, not the gateway\'s {expectedFingerprint}: the gateway running now (pid {pid}) started after this file was written, so if this service started it, it uses {serviceFingerprint} now and rejects clients sending {expectedFingerprint}.',
      serviceWinsAfterRestart:
        '{name} in {service} is {serviceFingerprint}, not the gateway\'s {expectedFingerprint}: after a restart the service will use {serviceFingerprint}, and clients sending {expectedFingerprint} will be rejected.',
      configWins:
        '{name} in {service} is {serviceFingerprint}, but {path} is {expectedFingerprint}. The gateway uses {path} and ignores it; OpenClaw still reports "Config token differs from service token. The daemon will use the old token after restart." and tools that read the service\'s environment send the old value.',
    },
    fixes: {
      updateService: { summary: "Write the gateway's secret into the service file (then reload and restart the service).", safe: false },
      removeFromService: { summary: 'Remove the variable from the service files, as `openclaw gateway install` would (then reload and restart the service).', safe: false },
    },
  },
  check: ({ model, listenerAt }) => {
    if (!model) return [];
    const out: Array<RawFinding<'serviceWins' | 'serviceWinsNow' | 'serviceWinsAfterRestart' | 'configWins'>> = [];
    // The facts about the running gateway decide between "now" and "after a restart"; without them both are said.
    const listener = listenerAt && !isRemoteMode(model) ? listenerAt(model.port.value) : undefined;
    const running = listener?.state === 'listening' && listener.process?.isGateway ? listener.process : undefined;
    for (const { secret, expected, configWins } of findings(model)) {
      const service = msg('{0} ({1}, line {2})', secret.service.identity.name, displayPath(secret.written.source.path, model.effective.home), secret.written.assignment.line + 1);
      const args = { name: secret.name, service, serviceFingerprint: fingerprint(secret.written.value.trim()), expectedFingerprint: fingerprint(expected), path: secret.slotPath };
      const written = secret.written.source.mtimeMs;
      let messageId: 'serviceWins' | 'serviceWinsNow' | 'serviceWinsAfterRestart' | 'configWins' = 'serviceWins';
      if (configWins) messageId = 'configWins';
      else if (listener?.state === 'free') messageId = 'serviceWinsAfterRestart';
      else if (running?.startedAtMs !== undefined && written !== undefined && Math.abs(running.startedAtMs - written) > START_TIME_PRECISION_MS) {
        messageId = running.startedAtMs > written ? 'serviceWinsNow' : 'serviceWinsAfterRestart';
      }
      out.push({
        ...assignmentSpan(secret.written.source, secret.written.assignment),
        messageId,
        args: messageId === 'serviceWinsNow' ? { ...args, pid: running?.pid ?? 0 } : args,
        related: related(model, secret, configWins, expected),
        severity: configWins ? 'warning' : undefined,
        data: { slot: secret.slotPath },
      });
    }
    return out;
  },
  fixes: (finding, ctx) => {
    if (ctx.onlySafe) return [];
    const found = findings(ctx.model).find((f) => f.secret.written.source.path === finding.file && assignmentSpan(f.secret.written.source, f.secret.written.assignment).offset === finding.offset);
    if (!found) return [];
    const { secret, expected, configWins } = found;
    const home = ctx.model.effective.home;
    const command = secret.written.source.service?.applyCommand || undefined;
    const update = setInSource(ctx.model, secret.written.source, secret.name, expected);
    const remove = removeFromService(ctx.model, secret.service, secret.name);
    const proposals = [];
    if (update) {
      proposals.push({
        fixId: 'updateService' as const,
        title: command
          ? msg('Set {0} in {1} to {2}, then run: {3}', secret.name, displayPath(secret.written.source.path, home), fingerprint(expected), command)
          : msg('Set {0} in {1} to {2}', secret.name, displayPath(secret.written.source.path, home), fingerprint(expected)),
        isPreferred: !configWins,
        safe: false,
        edits: update,
        ...(command ? { command } : {}),
      });
    }
    if (remove) {
      const serviceCommand = secret.service.identity.applyCommand || undefined;
      proposals.push({
        fixId: 'removeFromService' as const,
        title: serviceCommand ? msg('Remove {0} from {1}, then run: {2}', secret.name, secret.service.identity.name, serviceCommand) : msg('Remove {0} from {1}', secret.name, secret.service.identity.name),
        isPreferred: configWins,
        safe: false,
        edits: remove,
        ...(serviceCommand ? { command: serviceCommand } : {}),
      });
    }
    return configWins ? proposals.reverse() : proposals;
  },
});
