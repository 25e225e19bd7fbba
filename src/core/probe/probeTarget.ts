import { isIP } from 'node:net';
import { clientCredential, isRemoteMode, type CandidateCredential, type GatewayModel } from '../gatewayModel';
import type { Environment } from '../secretValues';

export type TargetRefusal = 'insecure' | 'no-url' | 'bad-url';

export interface ProbeTarget {
  url: string;
  credential?: CandidateCredential;
  refusal?: TargetRefusal;
}

export interface TargetOptions {
  /** A URL from a machine-scoped setting, replacing what OpenClaw clients would use. */
  urlOverride?: string;
  /** Machine-scoped opt-in to send a secret over plaintext ws:// to a non-loopback host. */
  allowInsecureRemote?: boolean;
}

/** Loopback only: we are stricter than OpenClaw (which also allows private ranges over ws://). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || /^::ffff:127\./.test(host);
  return false;
}

/**
 * Where an OpenClaw client on this machine would connect and which secret it would send:
 * local mode `ws://127.0.0.1:<port>` (OPENCLAW_GATEWAY_PORT, gateway.port, 18789), remote mode
 * gateway.remote.url; the secret by the client precedence. A secret only ever goes to loopback
 * over ws://, or over wss://.
 */
export function resolveProbeTarget(model: GatewayModel, _env: Environment, options: TargetOptions = {}): ProbeTarget {
  const credential = clientCredential(model);
  const raw = options.urlOverride ?? (isRemoteMode(model) ? model.remoteUrl.value?.trim() : `ws://127.0.0.1:${model.port.value}`);
  if (!raw) return { url: 'gateway.remote.url', credential, refusal: 'no-url' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { url: raw, credential, refusal: 'bad-url' };
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return { url: raw, credential, refusal: 'bad-url' };
  if (url.protocol === 'ws:' && !isLoopbackHost(url.hostname) && !options.allowInsecureRemote) return { url: raw, credential, refusal: 'insecure' };
  return { url: raw, credential };
}
