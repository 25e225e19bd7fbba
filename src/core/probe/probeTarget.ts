import { BlockList, isIP } from 'node:net';
import { clientCredential, isRemoteMode, type CandidateCredential, type GatewayModel } from '../gatewayModel';
import { gatewayTlsCertPath } from '../hostFacts';
import { referencedVariables, type Environment } from '../secretValues';

export type TargetRefusal =
  | 'insecure'
  | 'no-url'
  | 'bad-url'
  /** The URL comes from a config that is not the user's own, and it is not loopback. */
  | 'untrusted-url'
  /** The credential is read from an environment variable OpenClaw does not use for it. */
  | 'env-secret';

/**
 * Who may decide where a secret goes. A config file is data: someone else can write one
 * (`check their-openclaw.json --probe`), name their own server in gateway.remote.url, pin their
 * own certificate, and point remote.token at "$GITHUB_TOKEN". So a secret is sent only
 *   (a) to a loopback gateway,
 *   (b) to the gateway.remote.url of the user's own active OpenClaw config (the file OpenClaw
 *       itself loads, resolveConfigPath), or
 *   (c) to a URL the user gave explicitly (--url, the machine-scoped gateway.url setting);
 * and a secret whose value comes from an environment variable other than OPENCLAW_GATEWAY_TOKEN /
 * OPENCLAW_GATEWAY_PASSWORD is sent only when the user allowed that variable by name.
 */
export interface SendPolicy {
  /** The checked config is the user's own active config (or a file of a trusted workspace). */
  configTrusted: boolean;
  /** remote.url and remote.tlsFingerprint of the user's own active config, when another file is checked. */
  ownRemote?: { url?: string; tlsFingerprint?: string };
  /** Other variables whose values may be sent (--allow-env-secret), or 'any' where the config is trusted to name them. */
  allowEnvSecrets: readonly string[] | 'any';
}

/** The policy of a context that checks only the user's own config (the extension's status item). */
export const TRUSTED_POLICY: SendPolicy = { configTrusted: true, allowEnvSecrets: 'any' };

export interface ProbeTarget {
  url: string;
  credential?: CandidateCredential;
  refusal?: TargetRefusal;
  /** For 'env-secret': the variable the credential would be read from. */
  envVariable?: string;
  /** The certificate pin to use; a pin replaces CA trust, so it comes only from a config allowed to choose the gateway. */
  tlsFingerprint?: string;
  /**
   * A local gateway with gateway.tls.enabled: the certificate file whose fingerprint is the pin, as
   * OpenClaw's own clients pin it (resolveGatewayConnectionTlsFingerprint), when no fingerprint is given.
   */
  tlsCertificate?: string;
}

export interface TargetOptions {
  /** A URL the user chose (--url, a machine-scoped setting), replacing what OpenClaw clients would use. */
  urlOverride?: string;
  /** Machine-scoped opt-in to send a secret over plaintext ws:// to a non-loopback host. */
  allowInsecureRemote?: boolean;
  policy: SendPolicy;
}

/** Variables OpenClaw itself reads the gateway credential from. */
const GATEWAY_ENV = new Set(['OPENCLAW_GATEWAY_TOKEN', 'OPENCLAW_GATEWAY_PASSWORD']);

/** `localhost` and `*.localhost`: loopback by RFC 6761, but only trusted once they resolve to loopback. */
export function isLocalhostName(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return host === 'localhost' || host.endsWith('.localhost');
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** 127.0.0.0/8 and ::1, in any spelling (BlockList also matches IPv4-mapped `::ffff:7f00:1`). */
export function isLoopbackAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '');
  const version = isIP(ip);
  return version !== 0 && LOOPBACK.check(ip, version === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Loopback only: we are stricter than OpenClaw (which also allows private ranges over ws://).
 * Names count only under `localhost`, and the probe resolves them and connects only when every
 * address is loopback (probeGateway); any other name is remote whatever it resolves to.
 */
export function isLoopbackHost(hostname: string): boolean {
  return isLocalhostName(hostname) || isLoopbackAddress(hostname);
}

function sameUrl(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  try {
    return new URL(a.trim()).href === new URL(b.trim()).href;
  } catch {
    return false;
  }
}

/**
 * The environment variable (other than OpenClaw's own) a credential is read from, when the policy
 * does not allow sending it; undefined when it may be sent.
 */
export function envRefusal(model: GatewayModel, credential: CandidateCredential, policy: SendPolicy): string | undefined {
  if (policy.allowEnvSecrets === 'any') return undefined;
  if (credential.source === 'OPENCLAW_GATEWAY_TOKEN' || credential.source === 'OPENCLAW_GATEWAY_PASSWORD') return undefined;
  const allowed = policy.allowEnvSecrets;
  // A value from a file the merge overrode was read through its own references, not the winning slot's.
  const variables = credential.variables ?? referencedVariables(model.slots[credential.source].spec);
  return variables.find((name) => !GATEWAY_ENV.has(name) && !allowed.includes(name));
}

/**
 * Where an OpenClaw client on this machine would connect and which secret it would send:
 * local mode `ws://127.0.0.1:<port>` (OPENCLAW_GATEWAY_PORT, gateway.port, 18789), remote mode
 * gateway.remote.url; the secret by the client precedence. A secret only ever goes to loopback
 * over ws://, or over wss://, and only where the SendPolicy lets it go.
 */
export function resolveProbeTarget(model: GatewayModel, env: Environment, options: TargetOptions): ProbeTarget {
  const { policy } = options;
  const credential = clientCredential(model);
  const explicit = options.urlOverride !== undefined;
  // gateway.tls.enabled makes the local gateway speak wss:// on its port (connection-details: localUrl).
  const localUrl = `${model.tls.enabled ? 'wss' : 'ws'}://127.0.0.1:${model.port.value}`;
  const raw = explicit ? options.urlOverride : isRemoteMode(model) ? model.remoteUrl.value?.trim() : localUrl;
  if (!raw) return { url: 'gateway.remote.url', credential, refusal: 'no-url' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { url: raw, credential, refusal: 'bad-url' };
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return { url: raw, credential, refusal: 'bad-url' };
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol === 'ws:' && !loopback && !options.allowInsecureRemote) return { url: raw, credential, refusal: 'insecure' };

  const own = sameUrl(raw, policy.ownRemote?.url);
  // Only the URL a config names can be someone else's choice; the local-mode URL is always loopback.
  const chosenByFile = !explicit && isRemoteMode(model);
  if (chosenByFile && !loopback && !policy.configTrusted && !own) return { url: raw, credential, refusal: 'untrusted-url' };

  // The pin follows whoever may choose the gateway: a loopback peer gets the secret anyway.
  // remote.tlsFingerprint pins only a URL of remote mode, as in OpenClaw; a local TLS gateway is pinned to its own certificate.
  const remotePin = explicit || chosenByFile ? (policy.configTrusted || loopback ? model.tlsFingerprint : own ? policy.ownRemote?.tlsFingerprint : undefined) : undefined;
  const localTls = !explicit && !isRemoteMode(model) && model.tls.enabled && !remotePin ? { tlsCertificate: gatewayTlsCertPath(model.tls.certPath, env) } : {};
  const pin = remotePin !== undefined ? { tlsFingerprint: remotePin } : {};
  const envVariable = credential ? envRefusal(model, credential, policy) : undefined;
  if (envVariable) return { url: raw, credential, refusal: 'env-secret', envVariable, ...pin, ...localTls };
  return { url: raw, credential, ...pin, ...localTls };
}
