import { createHash, createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';

/**
 * A hand-made gateway client for conformance tests: one connect with exactly the client id, mode,
 * headers, secret and (optionally) signed device identity given, recording every frame, the close
 * and any HTTP refusal at the upgrade. It mirrors OpenClaw's own client (packages/gateway-client:
 * buildDeviceAuthPayloadV3, signDevicePayload = Ed25519 over the UTF-8 payload, base64url).
 */

export interface TestDevice {
  deviceId: string;
  /** Raw 32-byte Ed25519 public key, base64url (publicKeyRawBase64UrlFromPem). */
  publicKey: string;
  privateKey: KeyObject;
}

export function newTestDevice(): TestDevice {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // The raw key is the last 32 bytes of the SPKI DER (a fixed 12-byte prefix for Ed25519).
  const raw = spki.subarray(spki.length - 32);
  return { deviceId: createHash('sha256').update(raw).digest('hex'), publicKey: raw.toString('base64url'), privateKey: createPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' })) };
}

export interface RawConnectOptions {
  url: string;
  clientId: string;
  mode: string;
  role?: string;
  scopes?: string[];
  token?: string;
  headers?: Record<string, string>;
  device?: TestDevice;
  platform?: string;
  timeoutMs?: number;
  /** The loopback address to connect from (127.0.0.2 …), to be a different peer than a trusted proxy. */
  localAddress?: string;
}

export interface RawOutcome {
  /** Every text frame, parsed. */
  frames: Array<Record<string, unknown>>;
  /** The raw text of the `res` frame of the connect request, as the gateway sent it. */
  responseText?: string;
  close?: { code: number; reason: string };
  http?: { status: number; body: string };
  error?: string;
}

export function rawConnect(options: RawConnectOptions): Promise<RawOutcome> {
  const outcome: RawOutcome = { frames: [] };
  const role = options.role ?? 'operator';
  const scopes = options.scopes ?? ['operator.read'];
  const platform = options.platform ?? 'linux';
  return new Promise((resolve) => {
    const socket = new WebSocket(options.url, { headers: options.headers ?? {}, perMessageDeflate: false, handshakeTimeout: 10_000, ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
    let sent = false;
    const done = (): void => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      resolve(outcome);
    };
    const timer = setTimeout(done, options.timeoutMs ?? 15_000);
    const send = (nonce: string | undefined): void => {
      if (sent) return;
      sent = true;
      const signedAt = Date.now();
      let device: Record<string, unknown> | undefined;
      if (options.device && nonce) {
        const payload = ['v3', options.device.deviceId, options.clientId, options.mode, role, scopes.join(','), String(signedAt), options.token ?? '', nonce, platform, ''].join('|');
        const signature = sign(null, Buffer.from(payload, 'utf8'), options.device.privateKey).toString('base64url');
        device = { id: options.device.deviceId, publicKey: options.device.publicKey, signature, signedAt, nonce };
      }
      socket.send(
        JSON.stringify({
          type: 'req',
          id: 'raw-1',
          method: 'connect',
          params: {
            minProtocol: 3,
            maxProtocol: 4,
            client: { id: options.clientId, version: '0.1.0-conformance', platform, mode: options.mode },
            role,
            scopes,
            ...(options.token ? { auth: { token: options.token } } : {}),
            ...(device ? { device } : {}),
          },
        }),
      );
    };
    socket.on('message', (data: WebSocket.RawData) => {
      const text = (data as Buffer).toString('utf8');
      let frame: Record<string, unknown>;
      try {
        frame = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return;
      }
      outcome.frames.push(frame);
      if (frame.type === 'event' && frame.event === 'connect.challenge') send((frame.payload as { nonce?: string } | undefined)?.nonce);
      if (frame.type === 'res' && frame.id === 'raw-1') outcome.responseText = text;
    });
    socket.on('open', () => {
      // A client with a device identity must wait for the nonce; others may send at once.
      if (!options.device) setTimeout(() => send(undefined), 1500);
    });
    socket.on('close', (code: number, reason: Buffer) => {
      outcome.close = { code, reason: reason.toString() };
      done();
    });
    socket.on('unexpected-response', (_request, response: IncomingMessage) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      response.on('end', () => {
        outcome.http = { status: response.statusCode ?? 0, body };
        done();
      });
    });
    socket.on('error', (error: Error) => {
      outcome.error = error.message;
      done();
    });
  });
}
