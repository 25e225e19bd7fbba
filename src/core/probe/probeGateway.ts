import type { ClientRequest, IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import WebSocket from 'ws';
import type { CandidateCredential, CredentialSource } from '../gatewayModel';
import { msg, type Message } from '../messages';
import { fingerprint } from '../secretValues';
import type { TargetRefusal } from './probeTarget';

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
  | 'error';

export interface ProbeResult {
  state: ProbeState;
  /** The gateway's error.details.code verbatim (AUTH_TOKEN_MISMATCH …), or ours for HTTP refusals. */
  code: string | null;
  message: Message;
  advice: Message;
  target: string;
  credentialSource: CredentialSource | null;
  credentialFingerprint: string | null;
  latencyMs: number;
  gatewayVersion: string | null;
  retryAfterMs: number | null;
  authMethod: string | null;
}

export interface ProbeOptions {
  url: string;
  credential?: CandidateCredential;
  refusal?: TargetRefusal;
  clientVersion: string;
  tlsFingerprint?: string;
  /** Whole-probe deadline; at least 6 s, because the gateway delays replies to repeated failures. */
  deadlineMs?: number;
  /** How long to wait for connect.challenge before sending connect anyway. */
  challengeWaitMs?: number;
  /** Tests only: allow a deadline under 6 s. */
  allowShortDeadline?: boolean;
}

export const MIN_DEADLINE_MS = 6000;
const DEFAULT_DEADLINE_MS = 8000;
/** hello-ok is about 15 KB; anything near this size before connect is not a gateway. */
const MAX_PAYLOAD = 256 * 1024;
const PROTOCOL = 4;

interface ErrorShape {
  code?: unknown;
  message?: unknown;
  retryAfterMs?: unknown;
  details?: { code?: unknown; reason?: unknown; retryAfterMs?: unknown };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** What to do about each gateway detail code (the message says what happened). */
export function adviceFor(state: ProbeState, code: string | null, source: CredentialSource | null): Message {
  switch (code) {
    case 'AUTH_TOKEN_MISMATCH':
      return msg('The running gateway has a different token than {0}. If you changed the file, restart the gateway (`openclaw gateway restart`); otherwise run "Diagnose" to find out which of your tokens it accepts.', source ?? 'gateway.auth.token');
    case 'AUTH_PASSWORD_MISMATCH':
      return msg('The running gateway has a different password. Restart it if you changed gateway.auth.password, or run "Diagnose".');
    case 'AUTH_TOKEN_NOT_CONFIGURED':
      return msg('The gateway runs without a token: set gateway.auth.token (not only gateway.remote.token) and restart it.');
    case 'AUTH_PASSWORD_NOT_CONFIGURED':
      return msg('The gateway has no password configured: set gateway.auth.password and restart it.');
    case 'DEVICE_IDENTITY_REQUIRED':
      return msg('The gateway did not accept the secret as shared auth: it may run in "none" or another auth mode than this config says. Check gateway.auth.mode and restart the gateway.');
    case 'HTTP_401':
    case 'HTTP_403':
      return msg('Something in front of the gateway (a proxy) refused the connection before OpenClaw saw it. Check the proxy\'s own authentication.');
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
    case 'error':
      return msg('See the log for details ("OpenClaw: Show Log").');
  }
}

function base(options: ProbeOptions, started: number): Pick<ProbeResult, 'target' | 'credentialSource' | 'credentialFingerprint' | 'latencyMs'> {
  return {
    target: options.url,
    credentialSource: options.credential?.source ?? null,
    credentialFingerprint: options.credential ? fingerprint(options.credential.value) : null,
    latencyMs: Math.round(performance.now() - started),
  };
}

/** Text from the gateway is shown to the user: a hostile peer could echo the secret back. */
function scrub(text: string, options: ProbeOptions): string {
  const secret = options.credential?.value;
  return secret && secret.length > 0 ? text.split(secret).join(fingerprint(secret)) : text;
}

export function makeResult(options: ProbeOptions, started: number, state: ProbeState, message: Message, extra: Partial<ProbeResult> = {}): ProbeResult {
  const code = extra.code ?? null;
  return {
    ...base(options, started),
    state,
    code,
    message,
    advice: adviceFor(state, code, options.credential?.source ?? null),
    gatewayVersion: null,
    retryAfterMs: null,
    authMethod: null,
    ...extra,
  };
}

function normalizeFingerprint(value: string): string {
  return value.replace(/^sha256[:/]?/i, '').replace(/[^0-9a-f]/gi, '').toLowerCase();
}

/** Maps a `res` frame with ok:false to a result. */
function fromErrorFrame(options: ProbeOptions, started: number, error: ErrorShape): ProbeResult {
  const detail = str(error.details?.code) ?? null;
  const topCode = str(error.code);
  const gatewayMessage = scrub(str(error.message) ?? '', options).slice(0, 300);
  const retryAfterMs = num(error.retryAfterMs) ?? num(error.details?.retryAfterMs) ?? null;
  if (detail === 'AUTH_RATE_LIMITED') {
    return makeResult(options, started, 'rate-limited', msg('The gateway is locking out this client after too many failed attempts: "{0}".', gatewayMessage), { code: detail, retryAfterMs });
  }
  if (detail === 'PROTOCOL_MISMATCH') {
    return makeResult(options, started, 'protocol-mismatch', msg('The gateway does not speak protocol {0}: "{1}".', PROTOCOL, gatewayMessage), { code: detail });
  }
  if (topCode === 'UNAVAILABLE') {
    return makeResult(options, started, 'starting', msg('The gateway is starting: "{0}".', gatewayMessage), { code: detail, retryAfterMs });
  }
  if (detail) {
    return makeResult(options, started, 'rejected', msg('The gateway rejected {0}: "{1}" ({2}).', options.credential?.source ?? msg('the connection'), gatewayMessage, detail), { code: detail });
  }
  return makeResult(options, started, 'error', msg('The gateway refused the connect request: "{0}".', gatewayMessage), { code: topCode ?? null });
}

function fromSocketError(options: ProbeOptions, started: number, error: Error & { code?: string }): ProbeResult {
  const code = error.code ?? '';
  if (code === 'ECONNREFUSED') return makeResult(options, started, 'offline', msg('Nothing listens at {0} (connection refused).', options.url));
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return makeResult(options, started, 'unreachable', msg('The gateway host of {0} cannot be resolved.', options.url));
  if (code === 'ETIMEDOUT' || /handshake has timed out/i.test(error.message)) return makeResult(options, started, 'unreachable', msg('No WebSocket handshake from {0} in time.', options.url));
  if (code === 'ECONNRESET' || code === 'EPIPE') return makeResult(options, started, 'error', msg('The connection to {0} was reset during the handshake.', options.url));
  if (/payload size/i.test(error.message) || code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
    return makeResult(options, started, 'error', msg('{0} sent a frame larger than a gateway handshake ever is; it is not an OpenClaw gateway or it misbehaves.', options.url));
  }
  if (/^(ERR_TLS|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_SSL)/.test(code) || /certificate|tls|ssl/i.test(error.message)) {
    return makeResult(options, started, 'unreachable', msg('TLS failed for {0}: {1}', options.url, code || error.message));
  }
  if (/^ECONN|^EHOST|^ENET/.test(code)) return makeResult(options, started, 'unreachable', msg('{0} cannot be reached ({1}).', options.url, code));
  return makeResult(options, started, 'error', msg('The connection to {0} failed: {1}', options.url, error.message.slice(0, 200)));
}

/**
 * One WebSocket connection with the real OpenClaw handshake: wait briefly for connect.challenge,
 * send one `connect` request with the secret, read the reply, close. Every timer is cleared and
 * the socket is always closed or terminated before the promise resolves.
 */
export function probeGateway(options: ProbeOptions): Promise<ProbeResult> {
  const started = performance.now();
  if (options.refusal === 'insecure') {
    return Promise.resolve(makeResult(options, started, 'refused-insecure', msg('Not sending the secret to {0}: plaintext ws:// to a host that is not this machine would expose it.', options.url)));
  }
  if (options.refusal === 'no-url') return Promise.resolve(makeResult(options, started, 'error', msg('Remote mode, but gateway.remote.url is not set.')));
  if (options.refusal === 'bad-url') return Promise.resolve(makeResult(options, started, 'error', msg('"{0}" is not a ws:// or wss:// URL.', options.url)));
  const credential = options.credential;
  if (!credential) return Promise.resolve(makeResult(options, started, 'no-credential', msg('No token or password is configured for clients on this machine.')));

  const deadlineMs = options.allowShortDeadline ? options.deadlineMs ?? DEFAULT_DEADLINE_MS : Math.max(MIN_DEADLINE_MS, options.deadlineMs ?? DEFAULT_DEADLINE_MS);
  const pinned = options.tlsFingerprint ? normalizeFingerprint(options.tlsFingerprint) : undefined;

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
      resolve(result);
    };

    const deadline = setTimeout(() => {
      finish(makeResult(options, started, 'unreachable', msg('No answer from {0} within {1} s.', options.url, Math.round(deadlineMs / 100) / 10)));
    }, deadlineMs);

    try {
      socket = new WebSocket(options.url, {
        perMessageDeflate: false,
        maxPayload: MAX_PAYLOAD,
        handshakeTimeout: Math.min(deadlineMs, 5000),
        followRedirects: false,
        // Pinning replaces CA trust, the way OpenClaw's own client treats tlsFingerprint.
        ...(pinned ? { rejectUnauthorized: false } : {}),
      });
    } catch (error) {
      clearTimeout(deadline);
      resolve(makeResult(options, started, 'error', msg('"{0}" is not a ws:// or wss:// URL.', options.url)));
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
            minProtocol: PROTOCOL,
            maxProtocol: PROTOCOL,
            client: { id: 'cli', version: options.clientVersion, platform: process.platform, mode: 'cli' },
            role: 'operator',
            scopes: ['operator.read'],
            auth,
          },
        }),
      );
    };

    socket.on('upgrade', (response: IncomingMessage) => {
      if (!pinned) return;
      const tls = response.socket as TLSSocket;
      const cert = typeof tls.getPeerCertificate === 'function' ? tls.getPeerCertificate() : undefined;
      const actual = cert?.fingerprint256 ? normalizeFingerprint(cert.fingerprint256) : '';
      if (actual !== pinned) {
        finish(makeResult(options, started, 'unreachable', msg('The TLS certificate of {0} does not match gateway.remote.tlsFingerprint; not sending the secret.', options.url), { code: 'TLS_FINGERPRINT_MISMATCH' }));
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
        frame = JSON.parse(data.toString()) as typeof frame;
      } catch {
        finish(makeResult(options, started, 'error', msg('{0} sent a frame that is not gateway JSON; it is not an OpenClaw gateway.', options.url)));
        return;
      }
      if (frame.type === 'event' && frame.event === 'connect.challenge') {
        sendConnect();
        return;
      }
      if (frame.type !== 'res' || frame.id !== requestId) return;
      if (frame.ok === true) {
        const payload = (frame.payload ?? {}) as { type?: unknown; server?: { version?: unknown }; auth?: { method?: unknown } };
        if (payload.type !== 'hello-ok') {
          finish(makeResult(options, started, 'error', msg('The gateway answered connect without hello-ok.')));
          return;
        }
        const version = str(payload.server?.version) ?? null;
        finish(
          makeResult(options, started, 'authorized', msg('The gateway accepts {0}.', credential.source), {
            gatewayVersion: version,
            authMethod: str(payload.auth?.method) ?? null,
          }),
        );
        return;
      }
      finish(fromErrorFrame(options, started, (frame.error ?? {}) as ErrorShape));
    });
    socket.on('unexpected-response', (request: ClientRequest, response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      response.resume();
      request.destroy();
      if (status === 401 || status === 403) {
        finish(makeResult(options, started, 'rejected', msg('{0} answered HTTP {1} instead of a WebSocket upgrade.', options.url, status), { code: `HTTP_${status}` }));
      } else {
        finish(makeResult(options, started, 'error', msg('{0} answered HTTP {1} instead of a WebSocket upgrade; is it an OpenClaw gateway?', options.url, status)));
      }
    });
    socket.on('error', (error: Error & { code?: string }) => {
      finish(fromSocketError(options, started, error));
    });
    socket.on('close', (code: number, reasonBuffer: Buffer) => {
      const reason = reasonBuffer.toString().slice(0, 200);
      if (code === 1013) finish(makeResult(options, started, 'starting', msg('The gateway is starting ("{0}").', reason || 'gateway starting')));
      else if (code === 1002) finish(makeResult(options, started, 'protocol-mismatch', msg('The gateway closed the connection: protocol mismatch ("{0}").', reason), { code: 'PROTOCOL_MISMATCH' }));
      else if (code === 1009) finish(makeResult(options, started, 'error', msg('{0} sent a frame larger than a gateway handshake ever is; it is not an OpenClaw gateway or it misbehaves.', options.url)));
      else if (code === 1008 && /unauthori[sz]ed|mismatch/i.test(reason)) finish(makeResult(options, started, 'rejected', msg('The gateway rejected {0}: "{1}".', credential.source, reason), { code: null }));
      else finish(makeResult(options, started, 'error', msg('The gateway closed the connection during the handshake (code {0}{1}).', code, reason ? `, "${reason}"` : '')));
    });
  });
}
