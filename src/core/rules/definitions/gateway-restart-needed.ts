import { servesConfig } from '../../effective/serviceSources';
import { isRemoteMode } from '../../gatewayModel';
import { msg } from '../../messages';
import { defineRule, type RawFinding, type RelatedSpan } from '../ruleTypes';
import { displayPath } from '../support/envOrigins';
import { portSpan, startupFiles } from '../support/runningGateway';

/**
 * The gateway listening on the configured port started before a file it reads only at start-up
 * changed (its `.env` files, its service unit or env file, or the config with hot reload off): it
 * still runs with what those files said then.
 */
export const rule = defineRule({
  meta: {
    code: 'gateway-restart-needed',
    defaultSeverity: 'warning',
    docs: {
      summary: 'The running gateway started before a file it reads only at start-up changed (.env files, its service unit or env file, or the config when gateway.reload.mode is "off").',
      openclaw:
        'OpenClaw reads its environment (the process environment a service gives it, ~/.openclaw/.env, ~/.config/openclaw/gateway.env) once, when the gateway starts. gateway.auth.token and most config settings hot-apply while gateway.reload.mode is "hybrid" (the default), but a token that comes from the environment does not: the running gateway keeps the old one and rejects the new one with "unauthorized: gateway token mismatch".',
      fix: 'Restart the gateway: `systemctl --user daemon-reload && systemctl --user restart openclaw-gateway.service`, `launchctl kickstart -k gui/$UID/ai.openclaw.gateway`, or stop and start it where it runs.',
    },
    messages: {
      restartService: 'The gateway on port {port} (pid {pid}) started at {started}, before {files} changed; it reads them only when it starts. Restart it: {command}',
      restart: 'The gateway on port {port} (pid {pid}) started at {started}, before {files} changed; it reads them only when it starts. Stop it and start it again.',
    },
  },
  check: ({ model, listenerAt }) => {
    if (!model || !listenerAt || isRemoteMode(model)) return [];
    const listener = listenerAt(model.port.value);
    const gateway = listener.process;
    if (listener.state !== 'listening' || !gateway?.isGateway || gateway.startedAtMs === undefined) return [];
    const started = gateway.startedAtMs;
    const changed = startupFiles(model).filter((f) => f.mtimeMs > started);
    if (changed.length === 0) return [];
    const home = model.effective.home;
    const files = changed.map((f) => displayPath(f.path, home)).join(', ');
    const related: RelatedSpan[] = changed.map((f) => ({ offset: 0, length: 0, file: f.path === model.effective.configPath ? undefined : f.path, message: msg('Changed at {0}, after the gateway started', new Date(f.mtimeMs).toISOString()) }));
    const service = model.effective.serviceSources?.services.find((s) => servesConfig(s, model.effective.configPath) && s.identity.applyCommand);
    const args = { port: model.port.value, pid: gateway.pid, started: new Date(started).toISOString(), files };
    const out: Array<RawFinding<'restartService' | 'restart'>> = [
      service
        ? { ...portSpan(model), messageId: 'restartService', args: { ...args, command: service.identity.applyCommand }, related }
        : { ...portSpan(model), messageId: 'restart', args, related },
    ];
    return out;
  },
});
