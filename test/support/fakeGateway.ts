import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A fake OpenClaw gateway on 127.0.0.1 that plays the frames recorded from a real 2026.9.6 gateway
 * (shared/reference/openclaw-gateway.md §3), and every way a peer can misbehave.
 */
export type FakeBehaviour =
  | 'gateway'
  | 'token-mismatch'
  | 'password-mismatch'
  | 'token-not-configured'
  | 'device-identity-required'
  | 'rate-limited'
  | 'starting'
  | 'protocol-mismatch'
  | 'no-challenge'
  | 'silence-after-challenge'
  | 'garbage'
  | 'huge-frame'
  | 'close-mid-handshake'
  | 'http-401'
  | 'tcp-silent'
  /** A gateway of OpenClaw 2026.2–2026.5.7: protocol 3 only, its mismatch reply has no details.code. */
  | 'protocol-3'
  /** Recorded from 2026.9.6 (test/gateway/beyondTokenRuntime.test.ts): a signed device from a non-local peer, not yet approved. */
  | 'pairing-required'
  /** The Control UI client without a device identity (INVALID_REQUEST, CONTROL_UI_DEVICE_IDENTITY_REQUIRED). */
  | 'control-ui-device-identity'
  /** A connect whose Origin header is not allowed (CONTROL_UI_ORIGIN_NOT_ALLOWED). */
  | 'origin-not-allowed'
  /** trusted-proxy auth, a peer that is not a trusted proxy (AUTH_UNAUTHORIZED, authReason trusted_proxy_untrusted_source). */
  | 'trusted-proxy-unauthorized'
  /** Forwarded headers from a peer that is not in gateway.trustedProxies: HTTP 403 at the upgrade. */
  | 'proxy-attribution-403'
  /** The real rate limiter: a `gateway` that counts failures and locks out after 10 in 60 s (§3.5). */
  | 'lockout'
  /** A hostile peer: every reply comes from setReply(). */
  | 'custom';

/** What a `custom` gateway answers to a connect: any frame, optionally followed by a close. */
export interface CustomReply {
  frame: string;
  close?: { code: number; reason: string };
}

export type ReplyFn = (connect: ReceivedConnect, id: string, earlier: readonly ReceivedConnect[]) => CustomReply;

/** OpenClaw's defaults (gateway.auth.rateLimit): 10 failures per 60 s, then a 5 minute lockout. */
export const LOCKOUT = { maxAttempts: 10, windowMs: 60_000, lockoutMs: 300_000 };

export const FRAMES = {
  challenge: '{"type":"event","event":"connect.challenge","payload":{"nonce":"5b265b93-f8b5-4931-af61-2b4210e309fa","ts":1795526792730,"capabilities":["model-catalog-snapshot"]}}',
  helloOk: (id: string) =>
    `{"type":"res","id":${JSON.stringify(id)},"ok":true,"payload":{"type":"hello-ok","protocol":4,"server":{"version":"2026.9.6","buildId":"2026.9.6-release-eb377ac59e6c-2026-09-23T16-33-12.144Z","bootId":"4bfc09f3-31fa-43fc-8747-170515808ff8","controlUiBuildSource":"bundled","connId":"ee9ff3c9-ca34-418f-bbfe-aabee8ccd4c2"},"features":{"methods":["health","diagnostics.stability"],"events":["connect.challenge","agent","chat"],"capabilities":[]},"snapshot":{"uptimeMs":28444},"auth":{"method":"token","role":"operator","scopes":["operator.read"],"recoveryScope":"KX8d8D9Uboztfq3B918sGeFe3fnsgj31-c_wpcYJ6UM","deviceToken":"RRBm9KxZ-device-token-must-never-be-logged"},"policy":{"maxPayload":26214400,"maxBufferedBytes":52428800,"tickIntervalMs":30000}}}`,
  tokenMismatch: (id: string) =>
    `{"type":"res","id":${JSON.stringify(id)},"ok":false,"error":{"code":"INVALID_REQUEST","message":"unauthorized: gateway token mismatch (use this gateway's gateway.auth.token or pair the device)","details":{"code":"AUTH_TOKEN_MISMATCH","authReason":"token_mismatch","canRetryWithDeviceToken":false,"recommendedNextStep":"update_auth_credentials"}}}`,
  tokenMismatchReason: "unauthorized: gateway token mismatch (use this gateway's gateway.auth.token or pair the device)",
  passwordMismatch: (id: string) =>
    `{"type":"res","id":${JSON.stringify(id)},"ok":false,"error":{"code":"INVALID_REQUEST","message":"unauthorized: gateway password mismatch (use this gateway's gateway.auth.password)","details":{"code":"AUTH_PASSWORD_MISMATCH","authReason":"password_mismatch","canRetryWithDeviceToken":false,"recommendedNextStep":"update_auth_credentials"}}}`,
  tokenNotConfigured: (id: string) =>
    `{"type":"res","id":${JSON.stringify(id)},"ok":false,"error":{"code":"INVALID_REQUEST","message":"unauthorized: gateway token not configured on gateway (set gateway.auth.token)","details":{"code":"AUTH_TOKEN_NOT_CONFIGURED","authReason":"token_missing_config","canRetryWithDeviceToken":false,"recommendedNextStep":"update_auth_configuration"}}}`,
  deviceIdentity: (id: string) => `{"type":"res","id":${JSON.stringify(id)},"ok":false,"error":{"code":"NOT_PAIRED","message":"device identity required","details":{"code":"DEVICE_IDENTITY_REQUIRED"}}}`,
  rateLimited: (id: string) =>
    `{"type":"res","id":${JSON.stringify(id)},"ok":false,"error":{"code":"INVALID_REQUEST","message":"unauthorized: too many failed authentication attempts (retry later)","retryable":true,"retryAfterMs":240000,"details":{"code":"AUTH_RATE_LIMITED","authReason":"rate_limited"}}}`,
  starting: (id: string) => `{"type":"res","id":${JSON.stringify(id)},"ok":false,"error":{"code":"UNAVAILABLE","message":"gateway starting; retry shortly","retryable":true,"retryAfterMs":500,"details":{"reason":"startup-sidecars"}}}`,
  /** Recorded from 2026.9.6 by test/gateway/beyondTokenRuntime.test.ts (ids as the gateway made them). */
  pairingRequired: (id: string) =>
    `{"type":"res","id":${JSON.stringify(id)},"ok":false,"error":{"code":"NOT_PAIRED","message":"pairing required: device is not approved yet","details":{"code":"PAIRING_REQUIRED","reason":"not-paired","requestId":"c7076325-53a6-4517-9bcf-3181029daeaa","remediationHint":"Approve this device from the pending pairing requests.","deviceId":"50a2f6c8b585db7644b4e1858f57306d14a3a87d53a79311a4086867127fb30b","requestedRole":"operator","requestedScopes":["operator.read"]}}}`,
  pairingRequiredReason: 'pairing required: device is not approved yet (requestId: c7076325-53a6-4517-9bcf-3181029daeaa)',
  pairingRequestId: 'c7076325-53a6-4517-9bcf-3181029daeaa',
  pairingDeviceId: '50a2f6c8b585db7644b4e1858f57306d14a3a87d53a79311a4086867127fb30b',
  controlUiDeviceIdentity: (id: string) =>
    `{"type":"res","id":${JSON.stringify(id)},"ok":false,"error":{"code":"INVALID_REQUEST","message":"control ui requires device identity (use HTTPS or localhost secure context)","details":{"code":"CONTROL_UI_DEVICE_IDENTITY_REQUIRED"}}}`,
  controlUiDeviceIdentityReason: 'control ui requires device identity (use HTTPS or localhost secure context)',
  originNotAllowed: (id: string) =>
    `{"type":"res","id":${JSON.stringify(id)},"ok":false,"error":{"code":"INVALID_REQUEST","message":"origin not allowed (open the Control UI from the gateway host or allow it in gateway.controlUi.allowedOrigins)","details":{"code":"CONTROL_UI_ORIGIN_NOT_ALLOWED","reason":"origin not allowed"}}}`,
  originNotAllowedReason: 'origin not allowed (open the Control UI from the gateway host or allow it in gateway.controlUi.allowedOrigins)',
  trustedProxyUnauthorized: (id: string) =>
    `{"type":"res","id":${JSON.stringify(id)},"ok":false,"error":{"code":"INVALID_REQUEST","message":"unauthorized","details":{"code":"AUTH_UNAUTHORIZED","authReason":"trusted_proxy_untrusted_source","canRetryWithDeviceToken":false,"recommendedNextStep":"review_auth_configuration"}}}`,
  proxyAttributionBody:
    '{"error":{"message":"Proxy client attribution is required. Configure gateway.trustedProxies narrowly and make the proxy overwrite or safely rebuild forwarded client headers.","type":"proxy_attribution_required"}}',
  /** OpenClaw 2026.4.8's answers (shared/reference/openclaw-versions.md §2). */
  protocol3Mismatch: (id: string) => `{"type":"res","id":${JSON.stringify(id)},"ok":false,"error":{"code":"INVALID_REQUEST","message":"protocol mismatch","details":{"expectedProtocol":3}}}`,
  helloOkProtocol3: (id: string) =>
    `{"type":"res","id":${JSON.stringify(id)},"ok":true,"payload":{"type":"hello-ok","protocol":3,"server":{"version":"dev","connId":"c0a8e1f2-1b2c-4d5e-8f90-a1b2c3d4e5f6"},"features":{"methods":["health"],"events":["connect.challenge"]},"snapshot":{"uptimeMs":1200},"policy":{"maxPayload":26214400,"maxBufferedBytes":52428800,"tickIntervalMs":30000}}}`,
  protocolMismatch: (id: string) =>
    `{"type":"res","id":${JSON.stringify(id)},"ok":false,"error":{"code":"INVALID_REQUEST","message":"protocol mismatch","details":{"code":"PROTOCOL_MISMATCH","clientMinProtocol":3,"clientMaxProtocol":3,"expectedProtocol":4,"minimumProbeProtocol":3}}}`,
};

export interface ReceivedConnect {
  token?: string;
  password?: string;
  clientId?: string;
  mode?: string;
  minProtocol?: number;
  maxProtocol?: number;
  origin?: string;
  deflate: boolean;
}

export interface FakeGateway {
  url: string;
  port: number;
  /** Connect requests received, in order. */
  received: ReceivedConnect[];
  /** For the `gateway` behaviour: the secret it accepts now. */
  setSecret(secret: string): void;
  setBehaviour(behaviour: FakeBehaviour): void;
  /** For `custom`: how to answer each connect. */
  setReply(reply: ReplyFn): void;
  /** For `lockout`: which secret the gateway compares (the reply code says so, as OpenClaw's does). */
  setAuthMode(mode: 'token' | 'password'): void;
  /** WebSocket upgrade requests that reached the server (also those refused with HTTP 401). */
  connections(): number;
  /** For `lockout`: failed attempts counted so far, and whether the lockout ever fired. */
  failures(): number;
  lockedOut(): boolean;
  close(): Promise<void>;
}

interface ConnectFrame {
  id?: string;
  method?: string;
  params?: { minProtocol?: number; maxProtocol?: number; client?: { id?: string; mode?: string }; auth?: { token?: string; password?: string } };
}

export async function startFakeGateway(behaviour: FakeBehaviour, secret = '', port = 0, tls?: { key: string; cert: string }): Promise<FakeGateway> {
  let current = behaviour;
  let accepted = secret;
  let customReply: ReplyFn = (_connect, id) => ({ frame: FRAMES.deviceIdentity(id) });
  let authMode: 'token' | 'password' = 'token';
  let upgrades = 0;
  const failureTimes: number[] = [];
  let failureCount = 0;
  let lockedUntil = 0;
  let everLockedOut = false;
  const received: ReceivedConnect[] = [];
  const sockets = new Set<Socket>();

  const notFound = (_req: http.IncomingMessage, res: http.ServerResponse): void => {
    res.writeHead(404);
    res.end();
  };
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, notFound) : http.createServer(notFound);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: true });
  server.on('upgrade', (req, socket, head) => {
    upgrades++;
    if (current === 'http-401') {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    if (current === 'tcp-silent') return;
    if (current === 'proxy-attribution-403') {
      const body = FRAMES.proxyAttributionBody;
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const origin = req.headers.origin;
      const deflate = String(req.headers['sec-websocket-extensions'] ?? '').includes('permessage-deflate');
      play(ws, origin, deflate);
    });
  });

  function play(ws: WebSocket, origin: string | undefined, deflate: boolean): void {
    const mode = current;
    if (mode === 'garbage') {
      ws.send('this is not json {{{');
      return;
    }
    if (mode === 'huge-frame') {
      ws.send('x'.repeat(10 * 1024 * 1024));
      return;
    }
    if (mode === 'close-mid-handshake') {
      ws.send(FRAMES.challenge);
      setTimeout(() => ws.terminate(), 20);
      return;
    }
    if (mode !== 'no-challenge') ws.send(FRAMES.challenge);
    if (mode === 'silence-after-challenge') return;
    ws.on('message', (data) => {
      let frame: ConnectFrame;
      try {
        frame = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8')) as ConnectFrame;
      } catch {
        ws.close(1000);
        return;
      }
      const id = frame.id ?? '';
      const auth = frame.params?.auth ?? {};
      received.push({ token: auth.token, password: auth.password, clientId: frame.params?.client?.id, mode: frame.params?.client?.mode, minProtocol: frame.params?.minProtocol, maxProtocol: frame.params?.maxProtocol, origin, deflate });
      const reply = (text: string, code?: number, reason?: string): void => {
        ws.send(text, () => {
          if (code !== undefined) ws.close(code, reason);
        });
      };
      switch (mode) {
        case 'gateway':
        case 'no-challenge': {
          const sent = (auth.token ?? auth.password ?? '').trim();
          if (sent === '') reply(FRAMES.deviceIdentity(id), 1008, 'device identity required');
          else if (sent === accepted) reply(FRAMES.helloOk(id));
          else reply(FRAMES.tokenMismatch(id), 1008, FRAMES.tokenMismatchReason);
          return;
        }
        case 'lockout': {
          // Counted the way src/gateway/auth-rate-limit.ts does: failures in a sliding window.
          const now = Date.now();
          while (failureTimes.length > 0 && failureTimes[0] <= now - LOCKOUT.windowMs) failureTimes.shift();
          if (now < lockedUntil) {
            everLockedOut = true;
            return reply(FRAMES.rateLimited(id), 1008, 'unauthorized: too many failed authentication attempts');
          }
          const sent = (auth.token ?? auth.password ?? '').trim();
          if (sent === '') return reply(FRAMES.deviceIdentity(id), 1008, 'device identity required');
          if (sent === accepted) return reply(FRAMES.helloOk(id));
          failureTimes.push(now);
          failureCount++;
          if (failureTimes.length >= LOCKOUT.maxAttempts) lockedUntil = now + LOCKOUT.lockoutMs;
          return authMode === 'token' ? reply(FRAMES.tokenMismatch(id), 1008, FRAMES.tokenMismatchReason) : reply(FRAMES.passwordMismatch(id), 1008, 'unauthorized: gateway password mismatch');
        }
        case 'protocol-3': {
          // As recorded from 2026.4.8: `maxProtocol < 3 || minProtocol > 3` is a mismatch.
          const min = frame.params?.minProtocol ?? 0;
          const max = frame.params?.maxProtocol ?? 0;
          if (max < 3 || min > 3) return reply(FRAMES.protocol3Mismatch(id), 1002, 'protocol mismatch');
          const sent = (auth.token ?? auth.password ?? '').trim();
          if (sent === '') return reply(FRAMES.deviceIdentity(id), 1008, 'device identity required');
          if (sent === accepted) return reply(FRAMES.helloOkProtocol3(id));
          return reply(FRAMES.tokenMismatch(id), 1008, FRAMES.tokenMismatchReason);
        }
        case 'custom': {
          const answer = customReply(received[received.length - 1], id, received.slice(0, -1));
          return answer.close ? reply(answer.frame, answer.close.code, answer.close.reason) : reply(answer.frame);
        }
        case 'token-mismatch':
          return reply(FRAMES.tokenMismatch(id), 1008, FRAMES.tokenMismatchReason);
        case 'password-mismatch':
          return reply(FRAMES.passwordMismatch(id), 1008, 'unauthorized: gateway password mismatch');
        case 'token-not-configured':
          return reply(FRAMES.tokenNotConfigured(id), 1008, 'unauthorized: gateway token not configured on gateway');
        case 'device-identity-required':
          return reply(FRAMES.deviceIdentity(id), 1008, 'device identity required');
        case 'rate-limited':
          return reply(FRAMES.rateLimited(id), 1008, 'unauthorized: too many failed authentication attempts');
        case 'starting':
          return reply(FRAMES.starting(id), 1013, 'gateway starting');
        case 'protocol-mismatch':
          return reply(FRAMES.protocolMismatch(id), 1002, 'protocol mismatch');
        case 'pairing-required':
          return reply(FRAMES.pairingRequired(id), 1008, FRAMES.pairingRequiredReason);
        case 'control-ui-device-identity':
          return reply(FRAMES.controlUiDeviceIdentity(id), 1008, FRAMES.controlUiDeviceIdentityReason);
        case 'origin-not-allowed':
          return reply(FRAMES.originNotAllowed(id), 1008, FRAMES.originNotAllowedReason);
        case 'trusted-proxy-unauthorized':
          return reply(FRAMES.trustedProxyUnauthorized(id), 1008, 'unauthorized');
        case 'http-401':
        case 'proxy-attribution-403':
        case 'tcp-silent':
          // Refused (or ignored) at the upgrade: a connect request never arrives.
          return;
      }
    });
  }

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? 'wss' : 'ws'}://127.0.0.1:${actualPort}`,
    port: actualPort,
    received,
    setSecret: (value) => {
      accepted = value;
    },
    setBehaviour: (value) => {
      current = value;
    },
    setReply: (value) => {
      customReply = value;
    },
    setAuthMode: (value) => {
      authMode = value;
    },
    connections: () => upgrades,
    failures: () => failureCount,
    lockedOut: () => everLockedOut,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
