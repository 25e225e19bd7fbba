import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { isIP, type LookupFunction } from 'node:net';
import type { TLSSocket } from 'node:tls';
import WebSocket from 'ws';
import type { CandidateCredential, CredentialOrigin, CredentialSource } from '../gatewayModel';
import { msg, type Message, type MessageArg } from '../messages';
import { neutralizeControls } from '../safeText';
import { fingerprint } from '../secretValues';
import { attemptKey, MAX_FAILED_ATTEMPTS, type AttemptBudget } from './attemptBudget';
import { gatewayBuildId, gatewayCode, gatewayDelayMs, gatewayDeviceId, gatewayReason, gatewayRequestId, gatewayText, gatewayVersion, gatewayWord, SecretMatcher, type GatewayText } from './gatewayText';
import { isLocalhostName, isLoopbackAddress, type TargetRefusal } from './probeTarget';
import { redactUrl } from './redactUrl';

export type ProbeState =
  | 'authorized'
  | 'rejected'
  | 'rate-limited'
  | 'starting'
  | 'offline'
  | 'unreachable'
  | 'protocol-mismatch'
  | 'no-credential'
  | 'refused-insecure'
  /** Not sent: the secret would go where the send policy does not allow (probeTarget.ts SendPolicy). */
  | 'refused-untrusted'
  /** The gateway took the secret but this device is not approved yet (NOT_PAIRED / PAIRING_REQUIRED). */
  | 'pairing-required'
  /** The gateway wants a signed device identity before it looks at shared auth (DEVICE_IDENTITY_REQUIRED, CONTROL_UI_DEVICE_IDENTITY_REQUIRED). */
  | 'device-identity-required'
  /** The connection's Origin is not in gateway.controlUi.allowedOrigins (CONTROL_UI_ORIGIN_NOT_ALLOWED). */
  | 'origin-not-allowed'
  | 'error';

/** What a PAIRING_REQUIRED answer names; each field only when it has the shape OpenClaw gives it. */
export interface PairingRequest {
  requestId: string | null;
  deviceId: string | null;
  /** not-paired, role-upgrade, scope-upgrade, metadata-upgrade. */
  reason: string | null;
}

/** Who answered: hello-ok.server; a change between two probes of one target means another gateway (or a restart). */
export interface GatewayIdentity {
  version: string | null;
  buildId: string | null;
  bootId: string | null;
}

export interface ProbeResult {
  state: ProbeState;
  /**
   * The gateway's error.details.code when it has the shape of one (AUTH_TOKEN_MISMATCH …), or
   * ours: HTTP_401, TLS_FINGERPRINT_MISMATCH, GUARD_ATTEMPT_LIMIT, UNTRUSTED_URL,
   * ENV_SECRET_NOT_ALLOWED, LOCALHOST_NOT_LOOPBACK, TLS_FINGERPRINT_INVALID, PROXY_ATTRIBUTION_REQUIRED.
   */
  code: string | null;
  message: Message;
  advice: Message;
  /** The probed URL as it may be shown (redactUrl): no userinfo, no query values, no fragment. */
  target: string;
  credentialSource: CredentialSource | null;
  /** Where the sent secret was written (file, line, kind), when the caller knows; never the value. */
  credentialOrigin?: CredentialOrigin;
  credentialFingerprint: string | null;
  latencyMs: number;
  gatewayVersion: string | null;
  /** The protocol agreed in hello-ok (3 up to OpenClaw 2026.5.7, 4 from 2026.5.12), or the one a mismatch names. */
  protocol: number | null;
  retryAfterMs: number | null;
  authMethod: string | null;
  /** Whether a connect request carrying the secret was sent on this probe. */
  credentialSent: boolean;
  /** For pairing-required: the request to approve. */
  pairing?: PairingRequest;
  /** error.details.authReason when the gateway gives one (trusted-proxy refusals). */
  authReason?: string;
  /** hello-ok.server, for an authorized probe. */
  server?: GatewayIdentity;
}

/** Resolves a name to all of its addresses (tests replace the system resolver). */
export type HostLookup = (hostname: string) => Promise<LookupAddress[]>;

export interface ProbeOptions {
  url: string;
  credential?: CandidateCredential;
  refusal?: TargetRefusal;
  /** For the 'env-secret' refusal: the variable that was not allowed. */
  envVariable?: string;
  clientVersion: string;
  tlsFingerprint?: string;
  /** Where the pin comes from, as messages name it (gateway.remote.tlsFingerprint by default, or the certificate of gateway.tls). */
  tlsFingerprintSource?: string;
  /** Whole-probe deadline; at least 6 s, because the gateway delays replies to repeated failures. */
  deadlineMs?: number;
  /** How long to wait for connect.challenge before sending connect anyway. */
  challengeWaitMs?: number;
  /** Tests only: allow a deadline under 6 s. */
  allowShortDeadline?: boolean;
  /**
   * Every secret this run knows (knownSecrets()): the gateway's text is checked against all of
   * them, not only the credential of this connection. The credential is always added.
   */
  knownSecrets?: readonly string[];
  /** Failed attempts per gateway and minute, shared across runs; without one, nothing limits. */
  budget?: AttemptBudget;
  /** Resolver for `localhost` names; the system's (dns.lookup, all addresses) by default. */
  lookupHost?: HostLookup;
}

export const MIN_DEADLINE_MS = 6000;
const DEFAULT_DEADLINE_MS = 8000;
/** hello-ok is about 15 KB; anything near this size before connect is not a gateway. */
const MAX_PAYLOAD = 256 * 1024;
/**
 * The gateway protocols the probe speaks. Gateways up to 2026.5.7 accept only 3, later ones 4
 * (shared/reference/openclaw-versions.md); offering both lets every release answer the secret
 * itself, and hello-ok says which one was agreed.
 */
const MIN_PROTOCOL = 3;
const MAX_PROTOCOL = 4;

interface ErrorShape {
  code?: unknown;
  message?: unknown;
  retryAfterMs?: unknown;
  details?: { code?: unknown; reason?: unknown; retryAfterMs?: unknown; expectedProtocol?: unknown; authReason?: unknown; requestId?: unknown; deviceId?: unknown };
}

/** A protocol number as a gateway may state it; anything else is not shown. */
function protocolNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 99 ? value : null;
}

/** What one probe carries around: who to show, and what must never be shown. */
interface Context {
  options: ProbeOptions;
  started: number;
  /** redactUrl(url), with control characters escaped: what every message names. */
  target: string;
  secrets: SecretMatcher;
}

/** What to do about each gateway detail code (the message says what happened). */
export function adviceFor(state: ProbeState, code: string | null, source: CredentialSource | null): Message {
  switch (code ?? '') {
    case 'AUTH_TOKEN_MISMATCH':
      return msg('The running gateway has a different token than {0}. If you changed the file, restart the gateway (`openclaw gateway restart`); otherwise run "Diagnose" to find out which of your tokens it accepts.', source ?? 'gateway.auth.token');
    case 'AUTH_PASSWORD_MISMATCH':
      return msg('The running gateway has a different password. Restart it if you changed gateway.auth.password, or run "Diagnose".');
    case 'AUTH_TOKEN_NOT_CONFIGURED':
      return msg('The gateway runs without a token: set gateway.auth.token (not only gateway.remote.token) and restart it.');
    case 'AUTH_PASSWORD_NOT_CONFIGURED':
      return msg('The gateway has no password configured: set gateway.auth.password and restart it.');
    case 'DEVICE_IDENTITY_REQUIRED':
      return msg('The gateway did not take the secret as shared auth, so it asks for a signed device identity instead: it may run in "none" or another auth mode than this config says. Check gateway.auth.mode and restart the gateway. Browsers create a device identity only in a secure context (HTTPS, or http://localhost / 127.0.0.1).');
    case 'CONTROL_UI_DEVICE_IDENTITY_REQUIRED':
      return msg('Open the Control UI over HTTPS (Tailscale Serve, a TLS proxy, gateway.tls) or from the gateway host at http://127.0.0.1:<port>, or through an SSH tunnel to it. A browser on plain http:// to another host has no WebCrypto, so it cannot sign a device identity; the gateway stops there, before it checks the token.');
    case 'CONTROL_UI_ORIGIN_NOT_ALLOWED':
      return msg('Open the Control UI from the gateway host, or add the exact origin the browser shows (scheme, host and port; no path, no trailing slash) to gateway.controlUi.allowedOrigins, then restart the gateway.');
    case 'AUTH_UNAUTHORIZED':
      return msg('The gateway refused the connection without naming a secret. In trusted-proxy mode it accepts only requests that come through a proxy listed in gateway.trustedProxies and carry the configured user header; connect through that proxy, or check gateway.auth.trustedProxy.');
    case 'PROXY_ATTRIBUTION_REQUIRED':
      return msg('The gateway saw forwarded headers (X-Forwarded-For …) from a peer that is not a trusted proxy. List the proxy\'s address in gateway.trustedProxies (narrowly, not 0.0.0.0/0) and make the proxy overwrite the forwarded headers.');
    case 'TLS_FINGERPRINT_INVALID':
      return msg('Write the certificate\'s SHA-256 fingerprint as 64 hex digits, with or without colons between pairs, optionally prefixed "sha256:" (`openssl x509 -in cert.pem -noout -fingerprint -sha256`).');
    case 'HTTP_401':
    case 'HTTP_403':
      return msg('Something in front of the gateway (a proxy) refused the connection before OpenClaw saw it. Check the proxy\'s own authentication.');
    case 'GUARD_ATTEMPT_LIMIT':
      return msg('Fix the secret first, then check again after a minute: every failed attempt counts towards the gateway\'s lockout.');
    case 'UNTRUSTED_URL':
      return msg('Check your own config instead, or name the gateway yourself with --url (the file\'s gateway.remote.tlsFingerprint is then not used).');
  }
  switch (state) {
    case 'authorized':
      return msg('Nothing to do.');
    case 'rejected':
      return msg('Check the token in the config and restart the gateway, or run "Diagnose".');
    case 'rate-limited':
      return msg('Too many failed attempts: wait for the lockout to end, then fix the token before trying again.');
    case 'starting':
      return msg('The gateway is still starting; it is checked again in a few seconds.');
    case 'offline':
      return msg('No gateway listens there. Start it with `openclaw gateway run` (or the service), and check the port.');
    case 'unreachable':
      return msg('Check the URL, the network and TLS settings (gateway.remote.url, gateway.remote.tlsFingerprint).');
    case 'protocol-mismatch':
      return msg('The gateway speaks another protocol version: update OpenClaw or OpenClaw Guard.');
    case 'no-credential':
      return msg('Set gateway.auth.token (or OPENCLAW_GATEWAY_TOKEN) so clients have a token to send.');
    case 'refused-insecure':
      return msg('Use wss:// or an SSH tunnel to loopback. To allow plaintext ws:// anyway, enable the machine setting openclawGuard.gateway.allowInsecureRemote.');
    case 'refused-untrusted':
      return msg('Secrets go only to loopback, to the gateway.remote.url of your own OpenClaw config, or to a URL you give yourself.');
    case 'pairing-required':
      return msg('On the gateway host, list the pending requests with `openclaw devices list` and approve this device with `openclaw devices approve <requestId>`; then check again.');
    case 'device-identity-required':
      return msg('The gateway asks for a signed device identity before it checks any secret. Browsers create one only in a secure context (HTTPS, or http://localhost / 127.0.0.1).');
    case 'origin-not-allowed':
      return msg('Add the origin to gateway.controlUi.allowedOrigins, or open the Control UI from the gateway host.');
    case 'error':
      return msg('See the log for details ("OpenClaw: Show Log").');
  }
}

/** The exact commands that approve a pairing request (shown, and offered to run in a terminal). */
export function pairingCommands(pairing: PairingRequest | undefined): { list: string; approve: string | null } {
  return { list: 'openclaw devices list', approve: pairing?.requestId ? `openclaw devices approve ${pairing.requestId}` : null };
}

function pairingAdvice(pairing: PairingRequest): Message {
  const { list, approve } = pairingCommands(pairing);
  return approve
    ? msg('On the gateway host run `{0}` (`{1}` shows every pending request), then check again.', approve, list)
    : msg('On the gateway host run `{0}` to find the pending request, approve it with `openclaw devices approve <requestId>`, then check again.', list);
}

function makeResult(ctx: Context, state: ProbeState, message: Message, extra: Partial<ProbeResult> = {}): ProbeResult {
  const { options } = ctx;
  const code = extra.code ?? null;
  return {
    state,
    code,
    message,
    advice: adviceFor(state, code, options.credential?.source ?? null),
    target: ctx.target,
    credentialSource: options.credential?.source ?? null,
    ...(options.credential?.origin ? { credentialOrigin: options.credential.origin } : {}),
    credentialFingerprint: options.credential ? fingerprint(options.credential.value) : null,
    latencyMs: Math.round(performance.now() - ctx.started),
    gatewayVersion: null,
    protocol: null,
    retryAfterMs: null,
    authMethod: null,
    credentialSent: false,
    ...extra,
  };
}

/** The gateway's words inside one of our messages; withheld text says so instead. */
function quoted(text: GatewayText | undefined, fallback = ''): MessageArg {
  if (!text) return fallback;
  return text.kind === 'text' ? text.text : msg('[withheld: it repeats part of a secret]');
}

const SHA256_HEX_FINGERPRINT = /^[a-fA-F0-9]{64}$/;
const SHA256_COLON_FINGERPRINT = /^(?:[a-fA-F0-9]{2}:){31}[a-fA-F0-9]{2}$/;

/**
 * OpenClaw's normalizeTlsFingerprint (client-address-utils): 64 hex digits, or 32 colon-separated
 * pairs, optionally after `sha256:`; anything else is invalid ('') and OpenClaw refuses to
 * connect: "Invalid TLS fingerprint; expected a SHA-256 certificate fingerprint." for a configured
 * pin (requireTlsFingerprint), "gateway tls fingerprint must be a SHA-256 fingerprint" in the transport.
 */
export function normalizeTlsFingerprint(value: string): string {
  const text = value.trim().replace(/^sha256:/i, '');
  if (SHA256_HEX_FINGERPRINT.test(text)) return text.toLowerCase();
  return SHA256_COLON_FINGERPRINT.test(text) ? text.replaceAll(':', '').toLowerCase() : '';
}

/**
 * Up to 2026.7.35 the gateway ends every rejection of a `cli` client with "(set gateway.remote.token
 * to match gateway.auth.token)", chosen by client type only, also for a local CLI
 * (openclaw-versions.md §3.4). Quoted without comment it reads as a diagnosis; this says what it
 * is instead.
 */
function fixedRemoteHint(message: unknown): Message | undefined {
  const match = typeof message === 'string' ? /set gateway\.remote\.(token|password) to match gateway\.auth\.(?:token|password)/.exec(message) : null;
  if (!match) return undefined;
  const kind = match[1];
  return msg(
    'The hint "set gateway.remote.{0} to match gateway.auth.{0}" is fixed text OpenClaw up to 2026.7.x gives every CLI client, local ones too: it does not mean gateway.remote.{0} is missing. The gateway compares what was sent with its own gateway.auth.{0} (or {1}); the usual causes are a stale {1} in the shell (the local CLI of these releases sends it first), a gateway not restarted after a change, or a token the gateway generated and wrote into the file.',
    kind,
    kind === 'token' ? 'OPENCLAW_GATEWAY_TOKEN' : 'OPENCLAW_GATEWAY_PASSWORD',
  );
}

/** Maps a `res` frame with ok:false to a result. Every field is untrusted (gatewayText.ts). */
function fromErrorFrame(ctx: Context, error: ErrorShape): ProbeResult {
  const detail = gatewayCode(error.details?.code, ctx.secrets);
  const topCode = gatewayCode(error.code, ctx.secrets);
  const gatewayMessage = quoted(gatewayText(error.message, ctx.secrets));
  const retryAfterMs = gatewayDelayMs(error.retryAfterMs) ?? gatewayDelayMs(error.details?.retryAfterMs);
  const source = ctx.options.credential?.source;
  if (detail === 'AUTH_RATE_LIMITED') {
    return makeResult(ctx, 'rate-limited', msg('The gateway is locking out this client after too many failed attempts: "{0}".', gatewayMessage), { code: detail, retryAfterMs });
  }
  // Releases before 2026.5.18 say so without details.code: only the message and expectedProtocol.
  const expected = protocolNumber(error.details?.expectedProtocol);
  if (detail === 'PROTOCOL_MISMATCH' || (!detail && (expected !== null || (typeof error.message === 'string' && /^protocol mismatch\b/i.test(error.message))))) {
    const message =
      expected !== null
        ? msg('The gateway speaks protocol {0}; OpenClaw Guard speaks protocols {1} to {2}: "{3}".', expected, MIN_PROTOCOL, MAX_PROTOCOL, gatewayMessage)
        : msg('The gateway does not speak protocols {0} to {1}: "{2}".', MIN_PROTOCOL, MAX_PROTOCOL, gatewayMessage);
    return makeResult(ctx, 'protocol-mismatch', message, { code: 'PROTOCOL_MISMATCH', protocol: expected });
  }
  if (topCode === 'UNAVAILABLE') {
    return makeResult(ctx, 'starting', msg('The gateway is starting: "{0}".', gatewayMessage), { code: detail, retryAfterMs });
  }
  if (detail === 'PAIRING_REQUIRED' || (!detail && topCode === 'NOT_PAIRED' && typeof error.message === 'string' && /^pairing required\b/i.test(error.message))) {
    const pairing: PairingRequest = {
      requestId: gatewayRequestId(error.details?.requestId, ctx.secrets),
      deviceId: gatewayDeviceId(error.details?.deviceId, ctx.secrets),
      reason: gatewayReason(error.details?.reason, ctx.secrets),
    };
    const message = pairing.deviceId
      ? msg('The gateway accepted the connection but device {0} is not approved yet: "{1}".', pairing.deviceId, gatewayMessage)
      : msg('The gateway accepted the connection but this device is not approved yet: "{0}".', gatewayMessage);
    return makeResult(ctx, 'pairing-required', message, { code: 'PAIRING_REQUIRED', pairing, advice: pairingAdvice(pairing) });
  }
  if (detail === 'DEVICE_IDENTITY_REQUIRED' || detail === 'CONTROL_UI_DEVICE_IDENTITY_REQUIRED') {
    return makeResult(ctx, 'device-identity-required', msg('The gateway asks for a signed device identity; it did not accept {0} in its place: "{1}".', source ?? msg('the secret'), gatewayMessage), { code: detail });
  }
  if (detail === 'CONTROL_UI_ORIGIN_NOT_ALLOWED') {
    return makeResult(ctx, 'origin-not-allowed', msg('The gateway refused the connection\'s origin: "{0}".', gatewayMessage), { code: detail });
  }
  if (detail === 'AUTH_UNAUTHORIZED') {
    const authReason = gatewayReason(error.details?.authReason, ctx.secrets);
    const message = authReason
      ? msg('The gateway refused the connection: "{0}" (reason {1}).', gatewayMessage, authReason)
      : msg('The gateway refused the connection: "{0}".', gatewayMessage);
    return makeResult(ctx, 'rejected', message, { code: detail, ...(authReason ? { authReason } : {}) });
  }
  if (detail) {
    const result = makeResult(ctx, 'rejected', msg('The gateway rejected {0}: "{1}" ({2}).', source ?? msg('the connection'), gatewayMessage, detail), { code: detail });
    const hint = fixedRemoteHint(error.message);
    return hint ? { ...result, advice: msg('{0} {1}', hint, result.advice) } : result;
  }
  return makeResult(ctx, 'error', msg('The gateway refused the connect request: "{0}".', gatewayMessage), { code: topCode });
}

function fromSocketError(ctx: Context, error: Error & { code?: string }): ProbeResult {
  const target = ctx.target;
  // Node's own codes are ours; the message may quote the peer (certificate names): treat it as gateway text.
  const code = gatewayCode(error.code, ctx.secrets) ?? '';
  const detail = quoted(gatewayText(error.message, ctx.secrets));
  if (code === 'ECONNREFUSED') return makeResult(ctx, 'offline', msg('Nothing listens at {0} (connection refused).', target));
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return makeResult(ctx, 'unreachable', msg('The gateway host of {0} cannot be resolved.', target));
  if (code === 'ETIMEDOUT' || /handshake has timed out/i.test(error.message)) return makeResult(ctx, 'unreachable', msg('No WebSocket handshake from {0} in time.', target));
  if (code === 'ECONNRESET' || code === 'EPIPE') return makeResult(ctx, 'error', msg('The connection to {0} was reset during the handshake.', target));
  if (/payload size/i.test(error.message) || code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
    return makeResult(ctx, 'error', msg('{0} sent a frame larger than a gateway handshake ever is; it is not an OpenClaw gateway or it misbehaves.', target));
  }
  if (/^(ERR_TLS|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_SSL)/.test(code) || /certificate|tls|ssl/i.test(error.message)) {
    return makeResult(ctx, 'unreachable', msg('TLS failed for {0}: {1}', target, code || detail));
  }
  if (/^ECONN|^EHOST|^ENET/.test(code)) return makeResult(ctx, 'unreachable', msg('{0} cannot be reached ({1}).', target, code));
  return makeResult(ctx, 'error', msg('The connection to {0} failed: {1}', target, detail));
}

/** The refusals decided before any connection (probeTarget.ts). */
function refusalResult(ctx: Context): ProbeResult | undefined {
  const { options, target } = ctx;
  switch (options.refusal) {
    case undefined:
      return undefined;
    case 'insecure':
      return makeResult(ctx, 'refused-insecure', msg('Not sending the secret to {0}: plaintext ws:// to a host that is not this machine would expose it.', target));
    case 'no-url':
      return makeResult(ctx, 'error', msg('Remote mode, but gateway.remote.url is not set.'));
    case 'bad-url':
      return makeResult(ctx, 'error', msg('"{0}" is not a ws:// or wss:// URL.', target));
    case 'untrusted-url':
      return makeResult(
        ctx,
        'refused-untrusted',
        msg('Not sending a secret to {0}: that URL comes from a config file that is not your active OpenClaw config, and someone else may have written it. Secrets go only to loopback, to the gateway.remote.url of your own config, or to a URL you give with --url.', target),
        { code: 'UNTRUSTED_URL' },
      );
    case 'env-secret': {
      const variable = options.envVariable ?? '?';
      return makeResult(
        ctx,
        'refused-untrusted',
        msg('Not sending {0}: its value comes from the environment variable {1}, which OpenClaw does not use for the gateway secret; a config someone else wrote could name any of your secrets this way.', options.credential?.source ?? '?', variable),
        { code: 'ENV_SECRET_NOT_ALLOWED', advice: msg('If this config is yours and {0} holds the gateway secret, run again with --allow-env-secret {0}.', variable) },
      );
    }
  }
}

const systemLookup: HostLookup = (hostname) =>
  new Promise((resolve, reject) => {
    // dns.lookup is read at call time so that tests can stand in for the system resolver.
    dns.lookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

/**
 * A `localhost` name counts as loopback only when every address it resolves to is loopback. The
 * connection then goes to exactly the addresses checked: resolving again at connect time could
 * give another answer (DNS rebinding, a changed hosts file).
 */
async function resolveLocalhost(ctx: Context, hostname: string, timeoutMs: number): Promise<{ addresses: LookupAddress[] } | { result: ProbeResult }> {
  const lookup = ctx.options.lookupHost ?? systemLookup;
  let timer: NodeJS.Timeout | undefined;
  let addresses: LookupAddress[];
  try {
    addresses = await Promise.race([
      lookup(hostname),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('lookup timed out'), { code: 'ETIMEDOUT' })), timeoutMs);
      }),
    ]);
  } catch {
    return { result: makeResult(ctx, 'unreachable', msg('The gateway host of {0} cannot be resolved.', ctx.target)) };
  } finally {
    clearTimeout(timer);
  }
  const valid = addresses.filter((a) => isIP(a.address) !== 0);
  if (valid.length === 0 || valid.length !== addresses.length || !valid.every((a) => isLoopbackAddress(a.address))) {
    const shown = addresses.map((a) => (isIP(a.address) !== 0 ? a.address : '?')).join(', ') || '-';
    return {
      result: makeResult(ctx, 'refused-untrusted', msg('Not sending a secret to {0}: {1} is a localhost name, but it resolves to {2}, not only to loopback addresses.', ctx.target, neutralizeControls(hostname), shown), {
        code: 'LOCALHOST_NOT_LOOPBACK',
        advice: msg('Use 127.0.0.1 or [::1] in the URL, or fix how {0} resolves (for example /etc/hosts).', neutralizeControls(hostname)),
      }),
    };
  }
  return { addresses: valid };
}

/** A `lookup` for net/tls that answers from the addresses already checked, never from DNS. */
function pinnedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return (_hostname: string, options: LookupOptions, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family ?? 0;
    const matching = addresses.filter((a) => family === 0 || a.family === family);
    if (matching.length === 0) {
      callback(Object.assign(new Error('no checked address of that family'), { code: 'ENOTFOUND' }), '', 0);
      return;
    }
    if (options.all) callback(null, matching.map((a) => ({ ...a })));
    else callback(null, matching[0].address, matching[0].family);
  };
}

/** A text frame's bytes as a string (ws hands over a Buffer, an ArrayBuffer or fragments). */
function rawText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** Up to `limit` bytes of a response body, or what arrived within `waitMs`; never rejects. Only matched, never shown. */
function readSmallBody(response: IncomingMessage, limit: number, waitMs: number): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => {
      clearTimeout(timer);
      response.removeAllListeners('data');
      response.resume();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const timer = setTimeout(done, waitMs);
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk.subarray(0, Math.max(0, limit - size)));
      size += chunk.length;
      if (size >= limit) done();
    });
    response.once('end', done);
    response.once('error', done);
    response.once('close', done);
  });
}

/** A reserved attempt that ended like this did not cost anything at the gateway's limiter. */
function isFailedAttempt(result: ProbeResult): boolean {
  // Pairing comes after shared auth succeeded: the secret was right.
  return result.credentialSent && result.state !== 'authorized' && result.state !== 'starting' && result.state !== 'protocol-mismatch' && result.state !== 'pairing-required';
}

/**
 * One WebSocket connection with the real OpenClaw handshake: wait briefly for connect.challenge,
 * send one `connect` request with the secret, read the reply, close. Every timer is cleared and
 * the socket is always closed or terminated before the promise resolves. Nothing is sent when
 * the target was refused, when a `localhost` name does not resolve to loopback only, or when the
 * attempt budget of the last minute is spent.
 */
export async function probeGateway(options: ProbeOptions): Promise<ProbeResult> {
  const ctx: Context = {
    options,
    started: performance.now(),
    target: neutralizeControls(redactUrl(options.url)),
    secrets: new SecretMatcher([...(options.knownSecrets ?? []), ...(options.credential ? [options.credential.value] : [])]),
  };
  const refused = refusalResult(ctx);
  if (refused) return refused;
  const credential = options.credential;
  if (!credential) return makeResult(ctx, 'no-credential', msg('No token or password is configured for clients on this machine.'));
  if (options.tlsFingerprint !== undefined && normalizeTlsFingerprint(options.tlsFingerprint) === '') {
    // OpenClaw's clients refuse this before connecting too; it is not a mismatch with any certificate.
    return makeResult(ctx, 'error', msg('{0} is not a SHA-256 fingerprint, so OpenClaw refuses to connect ("Invalid TLS fingerprint; expected a SHA-256 certificate fingerprint."); nothing was sent.', options.tlsFingerprintSource ?? 'gateway.remote.tlsFingerprint'), { code: 'TLS_FINGERPRINT_INVALID' });
  }
  const deadlineMs = options.allowShortDeadline ? options.deadlineMs ?? DEFAULT_DEADLINE_MS : Math.max(MIN_DEADLINE_MS, options.deadlineMs ?? DEFAULT_DEADLINE_MS);

  let hostname: string;
  try {
    hostname = new URL(options.url).hostname;
  } catch {
    return makeResult(ctx, 'error', msg('"{0}" is not a ws:// or wss:// URL.', ctx.target));
  }
  let pinned: LookupAddress[] | undefined;
  if (isLocalhostName(hostname)) {
    const resolved = await resolveLocalhost(ctx, hostname, deadlineMs);
    if ('result' in resolved) return resolved.result;
    pinned = resolved.addresses;
  }

  const budget = options.budget;
  const key = attemptKey(options.url);
  let reservation: string | undefined;
  if (budget) {
    const acquired = budget.acquire(key);
    if (!acquired.ok) {
      return makeResult(
        ctx,
        'rate-limited',
        msg('Not sent: {0} attempts at {1} already failed in the last minute. OpenClaw locks a client out after 10 failures in 60 s, so OpenClaw Guard stops at {0}; try again in {2} s.', MAX_FAILED_ATTEMPTS, ctx.target, Math.ceil(acquired.retryAfterMs / 1000)),
        { code: 'GUARD_ATTEMPT_LIMIT', retryAfterMs: acquired.retryAfterMs },
      );
    }
    reservation = acquired.id;
  }
  const remaining = Math.max(1, deadlineMs - (performance.now() - ctx.started));
  const result = await connect(ctx, credential, remaining, deadlineMs, pinned);
  if (budget && reservation !== undefined && !isFailedAttempt(result)) budget.release(key, reservation);
  return result;
}

function connect(ctx: Context, credential: CandidateCredential, remainingMs: number, deadlineMs: number, pinned: LookupAddress[] | undefined): Promise<ProbeResult> {
  const { options, target } = ctx;
  const pinnedCert = options.tlsFingerprint ? normalizeTlsFingerprint(options.tlsFingerprint) || undefined : undefined;
  const pinSource = options.tlsFingerprintSource ?? 'gateway.remote.tlsFingerprint';

  return new Promise<ProbeResult>((resolve) => {
    let settled = false;
    let sent = false;
    let challengeTimer: NodeJS.Timeout | undefined;
    let socket: WebSocket;
    const requestId = 'ocg-probe-1';

    const finish = (result: ProbeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(challengeTimer);
      socket.removeAllListeners('message');
      if (socket.readyState === WebSocket.OPEN) {
        socket.close(1000, 'done');
        // A peer that never answers the close must not keep the socket alive.
        const killer = setTimeout(() => socket.terminate(), 1000);
        socket.once('close', () => clearTimeout(killer));
      } else if (socket.readyState !== WebSocket.CLOSED) {
        socket.terminate();
      }
      resolve({ ...result, credentialSent: sent });
    };

    const deadline = setTimeout(() => {
      finish(makeResult(ctx, 'unreachable', msg('No answer from {0} within {1} s.', target, Math.round(deadlineMs / 100) / 10)));
    }, remainingMs);

    try {
      socket = new WebSocket(options.url, {
        perMessageDeflate: false,
        maxPayload: MAX_PAYLOAD,
        handshakeTimeout: Math.min(remainingMs, 5000),
        followRedirects: false,
        // Pinning replaces CA trust, the way OpenClaw's own client treats tlsFingerprint.
        ...(pinnedCert ? { rejectUnauthorized: false } : {}),
        // The Host header and TLS server name stay the URL's name; the address is the one checked.
        ...(pinned ? { lookup: pinnedLookup(pinned) } : {}),
      });
    } catch {
      clearTimeout(deadline);
      resolve(makeResult(ctx, 'error', msg('"{0}" is not a ws:// or wss:// URL.', target)));
      return;
    }

    const sendConnect = (): void => {
      if (sent || settled || socket.readyState !== WebSocket.OPEN) return;
      sent = true;
      clearTimeout(challengeTimer);
      const auth = credential.kind === 'password' ? { password: credential.value } : { token: credential.value };
      socket.send(
        JSON.stringify({
          type: 'req',
          id: requestId,
          method: 'connect',
          params: {
            minProtocol: MIN_PROTOCOL,
            maxProtocol: MAX_PROTOCOL,
            client: { id: 'cli', version: options.clientVersion, platform: process.platform, mode: 'cli' },
            role: 'operator',
            scopes: ['operator.read'],
            auth,
          },
        }),
      );
    };

    socket.on('upgrade', (response: IncomingMessage) => {
      if (!pinnedCert) return;
      const tls = response.socket as TLSSocket;
      const cert = typeof tls.getPeerCertificate === 'function' ? tls.getPeerCertificate() : undefined;
      const actual = cert?.fingerprint256 ? normalizeTlsFingerprint(cert.fingerprint256) : '';
      if (actual !== pinnedCert) {
        finish(makeResult(ctx, 'unreachable', msg('The TLS certificate of {0} does not match {1}; not sending the secret.', target, pinSource), { code: 'TLS_FINGERPRINT_MISMATCH' }));
      }
    });
    socket.on('open', () => {
      // Token and password clients may send connect before the challenge (its nonce only signs
      // device identities); a wait of 0 does that, saving one gateway turn per probe.
      const wait = options.challengeWaitMs ?? 750;
      if (wait <= 0) sendConnect();
      else challengeTimer = setTimeout(sendConnect, wait);
    });
    socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      let frame: { type?: unknown; event?: unknown; id?: unknown; ok?: unknown; payload?: unknown; error?: unknown };
      try {
        if (isBinary) throw new Error('binary');
        frame = JSON.parse(rawText(data)) as typeof frame;
      } catch {
        finish(makeResult(ctx, 'error', msg('{0} sent a frame that is not gateway JSON; it is not an OpenClaw gateway.', target)));
        return;
      }
      if (typeof frame !== 'object' || frame === null) {
        finish(makeResult(ctx, 'error', msg('{0} sent a frame that is not gateway JSON; it is not an OpenClaw gateway.', target)));
        return;
      }
      if (frame.type === 'event' && frame.event === 'connect.challenge') {
        sendConnect();
        return;
      }
      if (frame.type !== 'res' || frame.id !== requestId) return;
      if (frame.ok === true) {
        const payload = (typeof frame.payload === 'object' && frame.payload !== null ? frame.payload : {}) as {
          type?: unknown;
          protocol?: unknown;
          server?: { version?: unknown; buildId?: unknown; bootId?: unknown } | null;
          auth?: { method?: unknown } | null;
        };
        if (payload.type !== 'hello-ok') {
          finish(makeResult(ctx, 'error', msg('The gateway answered connect without hello-ok.')));
          return;
        }
        finish(
          makeResult(ctx, 'authorized', msg('The gateway accepts {0}.', credential.source), {
            gatewayVersion: gatewayVersion(payload.server?.version, ctx.secrets),
            protocol: protocolNumber(payload.protocol),
            authMethod: gatewayWord(payload.auth?.method, ctx.secrets),
            server: {
              version: gatewayVersion(payload.server?.version, ctx.secrets),
              buildId: gatewayBuildId(payload.server?.buildId, ctx.secrets),
              bootId: gatewayBuildId(payload.server?.bootId, ctx.secrets),
            },
          }),
        );
        return;
      }
      const error: ErrorShape = typeof frame.error === 'object' && frame.error !== null ? frame.error : {};
      finish(fromErrorFrame(ctx, error));
    });
    socket.on('unexpected-response', (request: ClientRequest, response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      if (status !== 403) {
        response.resume();
        request.destroy();
      }
      if (status === 401) {
        finish(makeResult(ctx, 'rejected', msg('{0} answered HTTP {1} instead of a WebSocket upgrade.', target, status), { code: `HTTP_${status}` }));
      } else if (status === 403) {
        // OpenClaw refuses forwarded headers from an untrusted peer here, saying why in a short JSON body.
        readSmallBody(response, 4096, 1500).then((body) => {
          request.destroy();
          if (/"type"\s*:\s*"proxy_attribution_required"/.test(body)) {
            finish(makeResult(ctx, 'rejected', msg('The gateway at {0} refused the upgrade (HTTP 403): it got forwarded client headers from a peer that is not in gateway.trustedProxies ("proxy_attribution_required").', target), { code: 'PROXY_ATTRIBUTION_REQUIRED' }));
          } else {
            finish(makeResult(ctx, 'rejected', msg('{0} answered HTTP {1} instead of a WebSocket upgrade.', target, status), { code: 'HTTP_403' }));
          }
        }, () => undefined);
      } else {
        finish(makeResult(ctx, 'error', msg('{0} answered HTTP {1} instead of a WebSocket upgrade; is it an OpenClaw gateway?', target, status)));
      }
    });
    socket.on('error', (error: Error & { code?: string }) => {
      finish(fromSocketError(ctx, error));
    });
    socket.on('close', (code: number, reasonBuffer: Buffer) => {
      const raw = reasonBuffer.toString();
      const reason = gatewayText(raw, ctx.secrets);
      // Classified on the raw reason (never shown); what is shown is the checked text.
      const looksUnauthorized = /unauthori[sz]ed|mismatch/i.test(raw);
      if (code === 1013) finish(makeResult(ctx, 'starting', msg('The gateway is starting ("{0}").', quoted(reason, 'gateway starting'))));
      else if (code === 1002) finish(makeResult(ctx, 'protocol-mismatch', msg('The gateway closed the connection: protocol mismatch ("{0}").', quoted(reason)), { code: 'PROTOCOL_MISMATCH' }));
      else if (code === 1009) finish(makeResult(ctx, 'error', msg('{0} sent a frame larger than a gateway handshake ever is; it is not an OpenClaw gateway or it misbehaves.', target)));
      else if (code === 1008 && looksUnauthorized) finish(makeResult(ctx, 'rejected', msg('The gateway rejected {0}: "{1}".', credential.source, quoted(reason)), { code: null }));
      // A withheld reason is left out here rather than announced: the code says enough.
      else finish(makeResult(ctx, 'error', msg('The gateway closed the connection during the handshake (code {0}{1}).', code, reason?.kind === 'text' ? `, "${reason.text}"` : '')));
    });
  });
}
