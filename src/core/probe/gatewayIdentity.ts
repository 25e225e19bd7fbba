import { msg, type Message } from '../messages';
import type { GatewayIdentity, ProbeResult } from './probeGateway';

/** The gateway that answered the last authorized probe of one target. */
export interface SeenGateway {
  target: string;
  server: GatewayIdentity;
}

export interface GatewayChange {
  /** Which of hello-ok.server's fields differ: version, buildId, bootId. */
  changed: Array<keyof GatewayIdentity>;
  message: Message;
}

const FIELDS: Array<keyof GatewayIdentity> = ['version', 'buildId', 'bootId'];

function shown(value: string | null): string {
  return value ?? '?';
}

/**
 * Compares who answered now with who answered the previous authorized probe of the same target.
 * A new bootId alone is a restart of the same build; a new version or buildId is another gateway
 * (an upgrade, or a second install answering on the port). Neither is an error by itself: the
 * secret was accepted. A field one side does not state is not compared.
 */
export function gatewayChange(previous: SeenGateway | undefined, next: ProbeResult): GatewayChange | undefined {
  if (!previous || next.state !== 'authorized' || !next.server || previous.target !== next.target) return undefined;
  const before = previous.server;
  const after = next.server;
  const changed = FIELDS.filter((field) => before[field] !== null && after[field] !== null && before[field] !== after[field]);
  if (changed.length === 0) return undefined;
  if (changed.includes('version') || changed.includes('buildId')) {
    return {
      changed,
      message: msg('A different gateway answered at {0}: OpenClaw {1} (build {2}) before, OpenClaw {3} (build {4}) now. If you did not upgrade or restart it, another OpenClaw install may own the port.', next.target, shown(before.version), shown(before.buildId), shown(after.version), shown(after.buildId)),
    };
  }
  return { changed, message: msg('The gateway at {0} restarted (new boot id); same OpenClaw {1}.', next.target, shown(after.version)) };
}

/** What to remember after a probe: the authorized gateway, else what was remembered before. */
export function rememberGateway(previous: SeenGateway | undefined, next: ProbeResult): SeenGateway | undefined {
  if (next.state === 'authorized' && next.server) return { target: next.target, server: next.server };
  return previous;
}
