import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CandidateCredential } from '../../src/core/gatewayModel';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { english, msg } from '../../src/core/messages';
import { AttemptBudget, attemptKey } from '../../src/core/probe/attemptBudget';
import { gatewayChange, rememberGateway } from '../../src/core/probe/gatewayIdentity';
import { pairingCommands, probeGateway, type ProbeResult } from '../../src/core/probe/probeGateway';
import { nextCheckDelayMs } from '../../src/core/probe/statusSchedule';
import { formatProbeText, probeJson } from '../../src/cli/report';
import { FRAMES, startFakeGateway, type FakeBehaviour, type FakeGateway } from '../support/fakeGateway';

/**
 * The states beyond the shared token (pairing, device identity, origin, trusted proxies), each
 * from the frames recorded from the real 2026.9.6 gateway (test/gateway/beyondTokenRuntime.test.ts).
 */

const TOKEN = 'states0token0states0token0states0token0stat00';
const credential: CandidateCredential = { kind: 'token', value: TOKEN, source: 'gateway.auth.token' };
const opened: FakeGateway[] = [];

async function fake(behaviour: FakeBehaviour): Promise<FakeGateway> {
  const gw = await startFakeGateway(behaviour, TOKEN);
  opened.push(gw);
  return gw;
}

function probe(url: string, budget?: AttemptBudget): Promise<ProbeResult> {
  return probeGateway({ url, credential, clientVersion: '0.1.0-test', deadlineMs: 2000, allowShortDeadline: true, challengeWaitMs: 300, ...(budget ? { budget } : {}) });
}

function assertNoSecret(result: unknown): void {
  const text = JSON.stringify(result);
  assert.ok(!text.includes(TOKEN) && !text.toLowerCase().includes(TOKEN.slice(5, 13)), `secret leaked: ${text}`);
}

after(async () => {
  for (const gw of opened) await gw.close();
});

describe('states from the recorded frames', () => {
  const cases: Array<{ behaviour: FakeBehaviour; state: ProbeResult['state']; code: string }> = [
    { behaviour: 'pairing-required', state: 'pairing-required', code: 'PAIRING_REQUIRED' },
    { behaviour: 'device-identity-required', state: 'device-identity-required', code: 'DEVICE_IDENTITY_REQUIRED' },
    { behaviour: 'control-ui-device-identity', state: 'device-identity-required', code: 'CONTROL_UI_DEVICE_IDENTITY_REQUIRED' },
    { behaviour: 'origin-not-allowed', state: 'origin-not-allowed', code: 'CONTROL_UI_ORIGIN_NOT_ALLOWED' },
    { behaviour: 'trusted-proxy-unauthorized', state: 'rejected', code: 'AUTH_UNAUTHORIZED' },
    { behaviour: 'proxy-attribution-403', state: 'rejected', code: 'PROXY_ATTRIBUTION_REQUIRED' },
  ];
  for (const c of cases) {
    it(`${c.behaviour} -> ${c.state} (${c.code})`, async () => {
      const gw = await fake(c.behaviour);
      const result = await probe(gw.url);
      assert.equal(result.state, c.state, english(result.message));
      assert.equal(result.code, c.code);
      assertNoSecret(result);
    });
  }

  it('pairing-required names the device and the request, and the exact commands', async () => {
    const gw = await fake('pairing-required');
    const result = await probe(gw.url);
    assert.deepEqual(result.pairing, { requestId: FRAMES.pairingRequestId, deviceId: FRAMES.pairingDeviceId, reason: 'not-paired' });
    assert.match(english(result.message), new RegExp(`device ${FRAMES.pairingDeviceId} is not approved yet`));
    assert.match(english(result.advice), new RegExp(`\`openclaw devices approve ${FRAMES.pairingRequestId}\``));
    assert.match(english(result.advice), /`openclaw devices list`/);
    assert.deepEqual(pairingCommands(result.pairing), { list: 'openclaw devices list', approve: `openclaw devices approve ${FRAMES.pairingRequestId}` });
    const text = formatProbeText(result, undefined, english);
    assert.match(text, new RegExp(`Device: ${FRAMES.pairingDeviceId}`));
    assert.match(text, new RegExp(`Pairing request: ${FRAMES.pairingRequestId}`));
    assert.deepEqual(probeJson(result, english).pairing, { requestId: FRAMES.pairingRequestId, deviceId: FRAMES.pairingDeviceId, reason: 'not-paired' });
  });

  it('device-identity-required says the secret was not checked and names the secure-context way out', async () => {
    const result = await probe((await fake('control-ui-device-identity')).url);
    assert.match(english(result.message), /did not accept gateway\.auth\.token in its place/);
    assert.match(english(result.advice), /HTTPS/);
    assert.match(english(result.advice), /127\.0\.0\.1/);
  });

  it('origin-not-allowed points at gateway.controlUi.allowedOrigins', async () => {
    const result = await probe((await fake('origin-not-allowed')).url);
    assert.match(english(result.advice), /gateway\.controlUi\.allowedOrigins/);
  });

  it('a trusted-proxy refusal carries its authReason and trusted-proxy advice', async () => {
    const result = await probe((await fake('trusted-proxy-unauthorized')).url);
    assert.equal(result.authReason, 'trusted_proxy_untrusted_source');
    assert.match(english(result.message), /reason trusted_proxy_untrusted_source/);
    assert.match(english(result.advice), /gateway\.trustedProxies/);
    assert.match(formatProbeText(result, undefined, english), /Auth reason: trusted_proxy_untrusted_source/);
  });

  it('a 403 without the proxy_attribution_required body (some other proxy) stays HTTP_403', async () => {
    const server = http.createServer((_req, res) => res.end());
    server.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 9\r\nConnection: close\r\n\r\nforbidden'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const result = await probe(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
      assert.equal(result.state, 'rejected');
      assert.equal(result.code, 'HTTP_403');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('pairing-required does not spend the attempt budget (shared auth passed), a trusted-proxy refusal does', async () => {
    const budget = new AttemptBudget(undefined);
    const pairing = await fake('pairing-required');
    await probe(pairing.url, budget);
    assert.equal(budget.failures(attemptKey(pairing.url)), 0);
    const proxy = await fake('trusted-proxy-unauthorized');
    await probe(proxy.url, budget);
    assert.equal(budget.failures(attemptKey(proxy.url)), 1);
  });

  it('the status item checks again slowly after pairing-required, and not after the other new states', () => {
    assert.equal(nextCheckDelayMs({ state: 'pairing-required', streak: 1, pollSeconds: 30 }), 60_000);
    assert.equal(nextCheckDelayMs({ state: 'device-identity-required', streak: 1, pollSeconds: 30 }), undefined);
    assert.equal(nextCheckDelayMs({ state: 'origin-not-allowed', streak: 1, pollSeconds: 30 }), undefined);
  });
});

describe('what a pairing answer may show', () => {
  const pairingFrame = (id: string, details: Record<string, unknown>, message = 'pairing required: device is not approved yet'): string =>
    JSON.stringify({ type: 'res', id, ok: false, error: { code: 'NOT_PAIRED', message, details } });

  async function withReply(frame: (id: string) => string): Promise<ProbeResult> {
    const gw = await fake('custom');
    gw.setReply((_connect, id) => ({ frame: frame(id), close: { code: 1008, reason: 'pairing required' } }));
    return probe(gw.url);
  }

  it('a request id that repeats the secret, or has shell characters, is not shown and not offered', async () => {
    for (const requestId of [TOKEN, `x${TOKEN.slice(3, 20)}`, 'abc; rm -rf ~', '$(id)', '-x', 'a'.repeat(129)]) {
      const result = await withReply((id) => pairingFrame(id, { code: 'PAIRING_REQUIRED', requestId, deviceId: FRAMES.pairingDeviceId }));
      assert.equal(result.state, 'pairing-required');
      assert.equal(result.pairing?.requestId, null, requestId);
      assert.equal(pairingCommands(result.pairing).approve, null);
      assert.match(english(result.advice), /`openclaw devices list`/);
      assertNoSecret(result);
    }
  });

  it('a device id that is not 64 lower-case hex digits is not shown', async () => {
    for (const deviceId of [FRAMES.pairingDeviceId.toUpperCase(), FRAMES.pairingDeviceId.slice(1), `${FRAMES.pairingDeviceId}\u202e`, 42]) {
      const result = await withReply((id) => pairingFrame(id, { code: 'PAIRING_REQUIRED', requestId: 'r-1', deviceId }));
      assert.equal(result.pairing?.deviceId, null, String(deviceId));
      assert.match(english(result.message), /this device is not approved yet/);
    }
  });

  it('NOT_PAIRED "pairing required" without details.code (a client that lost them) is still pairing-required', async () => {
    const result = await withReply((id) => JSON.stringify({ type: 'res', id, ok: false, error: { code: 'NOT_PAIRED', message: 'pairing required: device is not approved yet' } }));
    assert.equal(result.state, 'pairing-required');
    assert.deepEqual(result.pairing, { requestId: null, deviceId: null, reason: null });
  });

  it('NOT_PAIRED "device identity required" is not mistaken for pairing', async () => {
    const result = await withReply((id) => JSON.stringify({ type: 'res', id, ok: false, error: { code: 'NOT_PAIRED', message: 'device identity required', details: { code: 'DEVICE_IDENTITY_REQUIRED' } } }));
    assert.equal(result.state, 'device-identity-required');
  });

  it('an authReason that repeats the secret is dropped', async () => {
    const result = await withReply((id) => JSON.stringify({ type: 'res', id, ok: false, error: { code: 'INVALID_REQUEST', message: 'unauthorized', details: { code: 'AUTH_UNAUTHORIZED', authReason: TOKEN.slice(0, 20) } } }));
    assert.equal(result.state, 'rejected');
    assert.equal(result.authReason, undefined);
    assertNoSecret(result);
  });
});

describe('who answered (hello-ok.server)', () => {
  const helloWith = (server: Record<string, unknown>) => (id: string) => JSON.stringify({ type: 'res', id, ok: true, payload: { type: 'hello-ok', protocol: 4, server, auth: { method: 'token' } } });

  it('reads version, buildId and bootId from the recorded hello-ok', async () => {
    const result = await probe((await fake('gateway')).url);
    assert.deepEqual(result.server, { version: '2026.9.6', buildId: '2026.9.6-release-eb377ac59e6c-2026-09-23T16-33-12.144Z', bootId: '4bfc09f3-31fa-43fc-8747-170515808ff8' });
  });

  it('a buildId or bootId that repeats the secret or has odd characters is not kept', async () => {
    const gw = await fake('custom');
    gw.setReply((_c, id) => ({ frame: helloWith({ version: '2026.9.6', buildId: TOKEN, bootId: 'a b\u001b[31m' })(id) }));
    const result = await probe(gw.url);
    assert.equal(result.state, 'authorized');
    assert.deepEqual(result.server, { version: '2026.9.6', buildId: null, bootId: null });
    assertNoSecret(result);
  });

  const authorized = (target: string, version: string | null, buildId: string | null, bootId: string | null): ProbeResult => ({
    state: 'authorized',
    code: null,
    message: msg('ok'),
    advice: msg('ok'),
    target,
    credentialSource: 'gateway.auth.token',
    credentialFingerprint: null,
    latencyMs: 1,
    gatewayVersion: version,
    protocol: 4,
    retryAfterMs: null,
    authMethod: 'token',
    credentialSent: true,
    server: { version, buildId, bootId },
  });

  it('a new version or build is "a different gateway answered"; a new boot id alone is a restart', () => {
    const first = authorized('ws://127.0.0.1:18789', '2026.9.6', 'b1', 'boot-1');
    const seen = rememberGateway(undefined, first);
    assert.equal(gatewayChange(seen, authorized('ws://127.0.0.1:18789', '2026.9.6', 'b1', 'boot-1')), undefined);
    const upgraded = gatewayChange(seen, authorized('ws://127.0.0.1:18789', '2026.9.7', 'b2', 'boot-2'));
    assert.deepEqual(upgraded?.changed, ['version', 'buildId', 'bootId']);
    assert.match(english(upgraded?.message ?? ''), /A different gateway answered at ws:\/\/127\.0\.0\.1:18789: OpenClaw 2026\.9\.6 \(build b1\) before, OpenClaw 2026\.9\.7 \(build b2\) now/);
    const restarted = gatewayChange(seen, authorized('ws://127.0.0.1:18789', '2026.9.6', 'b1', 'boot-2'));
    assert.deepEqual(restarted?.changed, ['bootId']);
    assert.match(english(restarted?.message ?? ''), /restarted \(new boot id\); same OpenClaw 2026\.9\.6/);
  });

  it('no change is reported across targets, for fields a side does not state, or for a result that is not authorized', () => {
    const seen = rememberGateway(undefined, authorized('ws://127.0.0.1:18789', '2026.9.6', 'b1', 'boot-1'));
    assert.equal(gatewayChange(seen, authorized('ws://127.0.0.1:18790', '2026.9.7', 'b2', 'boot-2')), undefined);
    assert.equal(gatewayChange(seen, authorized('ws://127.0.0.1:18789', null, null, null)), undefined);
    const rejected = { ...authorized('ws://127.0.0.1:18789', '2026.9.7', 'b2', 'boot-2'), state: 'rejected' as const };
    assert.equal(gatewayChange(seen, rejected), undefined);
    // A rejection in between does not forget who answered before.
    assert.deepEqual(rememberGateway(seen, rejected), seen);
  });
});
