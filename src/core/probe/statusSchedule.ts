import type { ProbeState } from './probeGateway';

/**
 * When the status item checks the gateway again. A rejected probe costs the user a growing delay
 * on the gateway (250 ms doubling up to 5 s per failure from loopback), so after a rejection we
 * wait for the config, the settings or the user; only an unreachable or starting gateway is
 * polled, slowly, with backoff.
 */

export type ScheduledState = ProbeState;

export interface ScheduleInput {
  state: ScheduledState;
  /** Consecutive results in the same waiting state (offline, starting, unreachable), from 1. */
  streak: number;
  pollSeconds: number;
  retryAfterMs?: number | null;
}

/** Milliseconds until the next automatic check, or undefined for none. */
export function nextCheckDelayMs(input: ScheduleInput): number | undefined {
  const base = Math.max(15, input.pollSeconds) * 1000;
  switch (input.state) {
    case 'authorized':
      // A successful probe costs nothing; this notices a restart with another token or a stop.
      return base;
    case 'starting':
      // The gateway usually needs a few more seconds after it starts listening.
      return input.streak <= 5 ? Math.max(1000, input.retryAfterMs ?? 2000) : Math.min(base * 10, base * 2 ** (input.streak - 5));
    case 'offline':
    case 'unreachable':
      return Math.min(base * 10, base * 2 ** Math.max(0, input.streak - 1));
    case 'rate-limited':
      // One more try after the lockout the gateway asked for, never sooner than a minute.
      return Math.max(60_000, input.retryAfterMs ?? 300_000);
    case 'pairing-required':
      // The secret was right; approval happens elsewhere (`openclaw devices approve`), and a probe after it costs nothing.
      return base * 2;
    case 'rejected':
    case 'device-identity-required':
    case 'origin-not-allowed':
    case 'protocol-mismatch':
    case 'no-credential':
    case 'refused-insecure':
    case 'refused-untrusted':
    case 'error':
      return undefined;
  }
}
