import { isRemoteMode } from '../../gatewayModel';
import { defineRule, type RawFinding } from '../ruleTypes';
import { portSpan } from '../support/runningGateway';

/**
 * The configured port is held by a process of this user that is not an OpenClaw gateway
 * (portListener.ts). Another user's process is not named: its command line cannot be read.
 */
export const rule = defineRule({
  meta: {
    code: 'port-not-gateway',
    defaultSeverity: 'error',
    docs: {
      summary: 'Another program (not an OpenClaw gateway) listens on the gateway\'s port on this machine.',
      openclaw:
        'The gateway cannot bind a port that is in use: it stops at start-up with "… failed: port <port> is already in use." (src/infra/ports.ts), and a service manager keeps restarting it. Clients (the CLI, this extension\'s probe) connect to whatever listens there and send it the gateway token.',
      fix: 'Stop the other program, or give the gateway another port (gateway.port or OPENCLAW_GATEWAY_PORT) and restart it.',
    },
    messages: {
      otherProgram: 'Port {port} is held by {program} (pid {pid}), not an OpenClaw gateway: the gateway cannot listen there, and clients that connect to it send their token to that program.',
    },
  },
  check: ({ model, listenerAt }) => {
    if (!model || !listenerAt || isRemoteMode(model)) return [];
    const listener = listenerAt(model.port.value);
    const holder = listener.process;
    if (listener.state !== 'listening' || !holder || holder.isGateway) return [];
    const out: Array<RawFinding<'otherProgram'>> = [{ ...portSpan(model), messageId: 'otherProgram', args: { port: model.port.value, program: holder.argv.slice(0, 3).join(' ') || '?', pid: holder.pid } }];
    return out;
  },
});
