import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseConfigDocument } from '../../src/core/configDocument';
import { buildGatewayModel, type CandidateCredential } from '../../src/core/gatewayModel';
import { AttemptBudget } from '../../src/core/probe/attemptBudget';
import { certificateFingerprint, probeConfiguredGateway } from '../../src/core/probe/configuredGateway';
import { TRUSTED_POLICY } from '../../src/core/probe/probeTarget';
import { english } from '../../src/core/messages';
import { probeGateway, type ProbeResult } from '../../src/core/probe/probeGateway';
import { FRAMES, startFakeGateway } from '../support/fakeGateway';
import { startHeaderProxy, type HeaderProxy } from '../support/headerProxy';
import { newTestDevice, rawConnect, type RawOutcome } from '../support/rawConnect';
import { openclawAvailable, runOpenclawCli, startRealGateway, stopAllRealGateways, type RealGateway } from '../support/realGateway';

/**
 * The runtime refusals beyond the shared token, against the real OpenClaw 2026.9.6 gateway, and
 * what our probe says about each (shared/reference/openclaw-gateway.md §10). Everything stays on
 * loopback: a "non-local peer" is a trusted proxy on 127.0.0.2 forwarding for 203.0.113.7 (a
 * documentation address that is only ever a header value), and browsers are Origin headers.
 * The fake gateway's frames (test/support/fakeGateway.ts) must equal what the real one sends.
 */

const TOKEN = 'b7c1e9a04d2f6a8e3c5b7d9f1a2c4e6b8d0f2a4c6e8b0d2f';
const credential: CandidateCredential = { kind: 'token', value: TOKEN, source: 'gateway.auth.token' };
const FORWARDED_CLIENT = '203.0.113.7';
const PROXY_ADDRESS = '127.0.0.2';
const ORIGIN_NOT_ALLOWED = 'origin not allowed (open the Control UI from the gateway host or allow it in gateway.controlUi.allowedOrigins)';

function probe(url: string): Promise<ProbeResult> {
  return probeGateway({ url, credential, clientVersion: '0.1.0-conformance', deadlineMs: 15_000 });
}

function errorOf(outcome: RawOutcome): { code?: string; message?: string; details?: Record<string, unknown> } {
  const response = outcome.frames.find((frame) => frame.type === 'res' && frame.id === 'raw-1') as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | undefined;
  assert.ok(response?.error, `no error response: ${JSON.stringify(outcome).slice(0, 500)}`);
  return response.error;
}

function config(port: number, gateway: Record<string, unknown>): string {
  return JSON.stringify({ gateway: { mode: 'local', bind: 'loopback', port, ...gateway } }, null, 2).replace(`"port": ${port}`, '"port": {PORT}');
}

/** Our probe's answer to a frame the real gateway sent: the fake replays the very text. */
async function probeReplay(text: string, closeReason: string): Promise<ProbeResult> {
  const fake = await startFakeGateway('custom', TOKEN);
  try {
    fake.setReply((_connect, id) => ({ frame: text.replace('"id":"raw-1"', `"id":${JSON.stringify(id)}`), close: { code: 1008, reason: closeReason } }));
    return await probe(fake.url);
  } finally {
    await fake.close();
  }
}

const started = Date.now();
const timings: string[] = [];

describe('beyond the shared token: runtime refusals of a real OpenClaw gateway', { concurrency: false }, () => {
  const proxies: HeaderProxy[] = [];
  before(() => {
    assert.ok(openclawAvailable(), 'OpenClaw is not installed: npm run test:gateway installs it with scripts/setup-openclaw.sh');
  });
  after(async () => {
    for (const proxy of proxies) await proxy.close();
    await stopAllRealGateways();
    timings.push(`total ${Date.now() - started} ms`);
    console.log(`beyondTokenRuntime wall time: ${timings.join(', ')}`);
  });

  describe('token mode, a trusted proxy on 127.0.0.2', () => {
    let gateway: RealGateway;
    before(async () => {
      const t0 = Date.now();
      gateway = await startRealGateway({ config: config(0, { auth: { mode: 'token', token: TOKEN }, trustedProxies: [PROXY_ADDRESS] }), limitMs: 180_000 });
      timings.push(`token gateway ready in ${Date.now() - t0} ms`);
    });

    it('our probe, direct: authorized (it sends no Origin and no device, so none of the refusals below apply to it)', async () => {
      const result = await probe(gateway.url);
      assert.equal(result.state, 'authorized', english(result.message));
      assert.equal(result.server?.version, '2026.9.6');
      assert.match(result.server?.bootId ?? '', /^[0-9a-f-]{36}$/);
    });

    it('origin not allowed: a browser-like connect with a foreign Origin, and our probe behind a proxy that adds one', async () => {
      const outcome = await rawConnect({ url: gateway.url, clientId: 'openclaw-control-ui', mode: 'webchat', token: TOKEN, headers: { Origin: 'https://evil.example' } });
      assert.equal(outcome.responseText, FRAMES.originNotAllowed('raw-1'));
      assert.deepEqual(outcome.close, { code: 1008, reason: FRAMES.originNotAllowedReason });
      const proxy = await startHeaderProxy(gateway, { Origin: 'https://evil.example' });
      proxies.push(proxy);
      const result = await probe(proxy.url);
      assert.equal(result.state, 'origin-not-allowed', english(result.message));
      assert.equal(result.code, 'CONTROL_UI_ORIGIN_NOT_ALLOWED');
      assert.match(english(result.message), new RegExp(ORIGIN_NOT_ALLOWED.replace(/[()]/g, '\\$&')));
    });

    it('the Control UI without a device identity, even with the right token and an allowed origin: CONTROL_UI_DEVICE_IDENTITY_REQUIRED', async () => {
      const outcome = await rawConnect({ url: gateway.url, clientId: 'openclaw-control-ui', mode: 'webchat', token: TOKEN, headers: { Origin: `http://127.0.0.1:${gateway.port}` } });
      assert.equal(outcome.responseText, FRAMES.controlUiDeviceIdentity('raw-1'));
      assert.deepEqual(outcome.close, { code: 1008, reason: FRAMES.controlUiDeviceIdentityReason });
      const result = await probeReplay(outcome.responseText ?? '', outcome.close?.reason ?? '');
      assert.equal(result.state, 'device-identity-required');
      assert.equal(result.code, 'CONTROL_UI_DEVICE_IDENTITY_REQUIRED');
    });

    it('pairing required for a new signed device from a non-local client; `openclaw devices approve` lets it in', async () => {
      const device = newTestDevice();
      const connect = () =>
        rawConnect({ url: gateway.url, clientId: 'cli', mode: 'cli', token: TOKEN, device, headers: { 'X-Forwarded-For': FORWARDED_CLIENT }, localAddress: PROXY_ADDRESS });
      const outcome = await connect();
      const error = errorOf(outcome);
      assert.equal(error.code, 'NOT_PAIRED');
      assert.equal(error.message, 'pairing required: device is not approved yet');
      const requestId = String(error.details?.requestId);
      assert.equal(error.details?.deviceId, device.deviceId);
      // The recorded frame is this one, up to the ids the gateway made up.
      assert.equal(outcome.responseText?.replace(requestId, FRAMES.pairingRequestId).replace(device.deviceId, FRAMES.pairingDeviceId), FRAMES.pairingRequired('raw-1'));
      assert.equal(outcome.close?.reason, `pairing required: device is not approved yet (requestId: ${requestId})`);

      const result = await probeReplay(outcome.responseText ?? '', outcome.close?.reason ?? '');
      assert.equal(result.state, 'pairing-required');
      assert.deepEqual(result.pairing, { requestId, deviceId: device.deviceId, reason: 'not-paired' });
      assert.match(english(result.advice), new RegExp(`openclaw devices approve ${requestId}`));

      // Our own probe (a shared token, no device) through the same proxy is never asked to pair.
      const proxy = await startHeaderProxy(gateway, { 'X-Forwarded-For': FORWARDED_CLIENT }, PROXY_ADDRESS);
      proxies.push(proxy);
      assert.equal((await probe(proxy.url)).state, 'authorized');

      const t0 = Date.now();
      const cli = await runOpenclawCli(['devices', 'approve', requestId], { config: JSON.stringify({ gateway: { mode: 'local', port: gateway.port, auth: { mode: 'token', token: TOKEN } } }), port: gateway.port, timeoutMs: 150_000 });
      timings.push(`devices approve ${Date.now() - t0} ms`);
      assert.equal(cli.exitCode, 0, cli.stderr + cli.stdout);
      assert.match(cli.stdout, new RegExp(`Approved ${device.deviceId} \\(${requestId}\\)`));
      const again = await connect();
      assert.equal((again.frames.find((frame) => frame.id === 'raw-1') as { ok?: boolean } | undefined)?.ok, true, again.responseText?.slice(0, 300));
    });

    it('forwarded headers from a peer that is not a trusted proxy: HTTP 403 proxy_attribution_required at the upgrade', async () => {
      const outcome = await rawConnect({ url: gateway.url, clientId: 'cli', mode: 'cli', token: TOKEN, headers: { 'X-Forwarded-For': FORWARDED_CLIENT } });
      assert.deepEqual(outcome.http, { status: 403, body: FRAMES.proxyAttributionBody });
      const proxy = await startHeaderProxy(gateway, { 'X-Forwarded-For': FORWARDED_CLIENT });
      proxies.push(proxy);
      const result = await probe(proxy.url);
      assert.equal(result.state, 'rejected', english(result.message));
      assert.equal(result.code, 'PROXY_ATTRIBUTION_REQUIRED');
    });
  });

  describe('gateway.tls.enabled (a self-signed certificate OpenClaw generates in the state dir)', () => {
    let gateway: RealGateway;
    before(async () => {
      const t0 = Date.now();
      gateway = await startRealGateway({ config: config(0, { auth: { mode: 'token', token: TOKEN }, tls: { enabled: true } }), tls: true, limitMs: 180_000 });
      timings.push(`TLS gateway ready in ${Date.now() - t0} ms`);
    });
    const modelFor = (gatewayConfig: Record<string, unknown>) => {
      const env = { HOME: gateway.home, OPENCLAW_STATE_DIR: gateway.stateDir };
      return { env, model: buildGatewayModel(parseConfigDocument(JSON.stringify({ gateway: gatewayConfig })), { env, inContainer: false }) };
    };

    it('the configured check goes to wss:// pinned to the generated certificate and is authorized', async () => {
      const { env, model } = modelFor({ mode: 'local', port: gateway.port, auth: { mode: 'token', token: TOKEN }, tls: { enabled: true } });
      const { probe: result } = await probeConfiguredGateway({ model, env, target: { policy: TRUSTED_POLICY }, clientVersion: '0.1.0-conformance', budget: new AttemptBudget(undefined) });
      assert.equal(result.state, 'authorized', english(result.message));
      assert.equal(result.target, `wss://127.0.0.1:${gateway.port}`);
    });

    it('plain ws:// into the TLS port (what the probe did before) never reaches the gateway', async () => {
      const result = await probe(`ws://127.0.0.1:${gateway.port}`);
      assert.notEqual(result.state, 'authorized');
      console.log(`ws:// into the TLS port: ${result.state} ${result.code ?? ''} ${english(result.message)}`);
    });

    it('a malformed remote.tlsFingerprint: OpenClaw\'s CLI refuses before connecting, and our probe says TLS_FINGERPRINT_INVALID, not a mismatch', async () => {
      const remote = (tlsFingerprint: string) => ({ mode: 'remote', remote: { url: `wss://127.0.0.1:${gateway.port}`, token: TOKEN, tlsFingerprint } });
      const { env, model } = modelFor(remote('sha256:1234'));
      const { probe: result } = await probeConfiguredGateway({ model, env, target: { policy: TRUSTED_POLICY }, clientVersion: '0.1.0-conformance', budget: new AttemptBudget(undefined) });
      assert.equal(result.code, 'TLS_FINGERPRINT_INVALID');
      const t0 = Date.now();
      const cli = await runOpenclawCli(['gateway', 'call', 'health'], { config: JSON.stringify({ gateway: remote('sha256:1234') }), timeoutMs: 150_000 });
      timings.push(`CLI with a malformed pin ${Date.now() - t0} ms`);
      assert.notEqual(cli.exitCode, 0);
      assert.match(cli.stdout + cli.stderr, /Invalid TLS fingerprint; expected a SHA-256 certificate fingerprint\./);

      // The certificate's real fingerprint, read the way the probe reads it, is one OpenClaw's CLI accepts.
      const pin = await certificateFingerprint(join(gateway.stateDir, 'gateway', 'tls', 'gateway-cert.pem'));
      assert.ok(pin);
      const right = modelFor(remote(pin));
      const { probe: pinned } = await probeConfiguredGateway({ model: right.model, env: right.env, target: { policy: TRUSTED_POLICY }, clientVersion: '0.1.0-conformance', budget: new AttemptBudget(undefined) });
      assert.equal(pinned.state, 'authorized', english(pinned.message));
      const t1 = Date.now();
      const ok = await runOpenclawCli(['gateway', 'call', 'health'], { config: JSON.stringify({ gateway: remote(pin) }), timeoutMs: 150_000 });
      timings.push(`CLI with the right pin ${Date.now() - t1} ms`);
      assert.equal(ok.exitCode, 0, ok.stderr + ok.stdout);
    });
  });

  describe('trusted-proxy mode', () => {
    let gateway: RealGateway;
    before(async () => {
      const t0 = Date.now();
      gateway = await startRealGateway({ config: config(0, { auth: { mode: 'trusted-proxy', trustedProxy: { userHeader: 'x-forwarded-user' } }, trustedProxies: [PROXY_ADDRESS] }), limitMs: 180_000 });
      timings.push(`trusted-proxy gateway ready in ${Date.now() - t0} ms`);
    });

    it('a client that is not the trusted proxy: AUTH_UNAUTHORIZED trusted_proxy_untrusted_source; our probe says rejected with that reason', async () => {
      const outcome = await rawConnect({ url: gateway.url, clientId: 'cli', mode: 'cli', token: TOKEN });
      assert.equal(outcome.responseText, FRAMES.trustedProxyUnauthorized('raw-1'));
      assert.deepEqual(outcome.close, { code: 1008, reason: 'unauthorized' });
      const result = await probe(gateway.url);
      assert.equal(result.state, 'rejected', english(result.message));
      assert.equal(result.code, 'AUTH_UNAUTHORIZED');
      assert.equal(result.authReason, 'trusted_proxy_untrusted_source');
      assert.ok(!JSON.stringify(result).includes(TOKEN));
    });

    it('the trusted proxy on loopback without allowLoopback: trusted_proxy_loopback_source, even with the user header', async () => {
      const proxy = await startHeaderProxy(gateway, { 'X-Forwarded-For': FORWARDED_CLIENT, 'X-Forwarded-User': 'alice' }, PROXY_ADDRESS);
      proxies.push(proxy);
      const result = await probe(proxy.url);
      assert.equal(result.state, 'rejected', english(result.message));
      assert.equal(result.code, 'AUTH_UNAUTHORIZED');
      assert.equal(result.authReason, 'trusted_proxy_loopback_source');
    });
  });
});
