import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { parseConfigDocument } from '../../src/core/configDocument';
import { buildGatewayModel, candidateCredentials, type CandidateCredential } from '../../src/core/gatewayModel';
import { diagnoseGateway } from '../../src/core/probe/diagnose';
import { probeGateway, type ProbeResult } from '../../src/core/probe/probeGateway';
import { resolveProbeTarget, TRUSTED_POLICY, type TargetOptions } from '../../src/core/probe/probeTarget';
import { nextCheckDelayMs } from '../../src/core/probe/statusSchedule';
import type { Environment } from '../../src/core/secretValues';
import { startFakeGateway, type FakeBehaviour, type FakeGateway } from '../support/fakeGateway';
import { english } from '../../src/core/messages';

const TOKEN = 'fake0token0fake0token0fake0token0fake0token00';
const OTHER = 'other0token0other0token0other0token0other00';
const credential = (value = TOKEN, source: CandidateCredential['source'] = 'gateway.auth.token'): CandidateCredential => ({ kind: 'token', value, source });
const opened: FakeGateway[] = [];

async function fake(behaviour: FakeBehaviour, secret = TOKEN): Promise<FakeGateway> {
  const gw = await startFakeGateway(behaviour, secret);
  opened.push(gw);
  return gw;
}

function probe(url: string, value = TOKEN, deadlineMs = 1500): Promise<ProbeResult> {
  return probeGateway({ url, credential: credential(value), clientVersion: '0.1.0-test', deadlineMs, allowShortDeadline: true, challengeWaitMs: 300 });
}

function assertNoSecret(result: unknown): void {
  const text = JSON.stringify(result);
  for (const secret of [TOKEN, OTHER]) assert.ok(!text.includes(secret), `secret leaked: ${text}`);
  assert.ok(!text.includes('device-token-must-never-be-logged'));
}

after(async () => {
  for (const gw of opened) await gw.close();
});

describe('probe against a fake gateway: every reply and failure', () => {
  const cases: Array<{ behaviour: FakeBehaviour; state: ProbeResult['state']; code?: string | null }> = [
    { behaviour: 'gateway', state: 'authorized', code: null },
    { behaviour: 'token-mismatch', state: 'rejected', code: 'AUTH_TOKEN_MISMATCH' },
    { behaviour: 'password-mismatch', state: 'rejected', code: 'AUTH_PASSWORD_MISMATCH' },
    { behaviour: 'token-not-configured', state: 'rejected', code: 'AUTH_TOKEN_NOT_CONFIGURED' },
    { behaviour: 'device-identity-required', state: 'device-identity-required', code: 'DEVICE_IDENTITY_REQUIRED' },
    { behaviour: 'rate-limited', state: 'rate-limited', code: 'AUTH_RATE_LIMITED' },
    { behaviour: 'starting', state: 'starting' },
    { behaviour: 'protocol-mismatch', state: 'protocol-mismatch', code: 'PROTOCOL_MISMATCH' },
    { behaviour: 'no-challenge', state: 'authorized' },
    { behaviour: 'silence-after-challenge', state: 'unreachable' },
    { behaviour: 'garbage', state: 'error' },
    { behaviour: 'huge-frame', state: 'error' },
    { behaviour: 'close-mid-handshake', state: 'error' },
    { behaviour: 'http-401', state: 'rejected', code: 'HTTP_401' },
    { behaviour: 'tcp-silent', state: 'unreachable' },
  ];
  for (const c of cases) {
    it(`${c.behaviour} -> ${c.state}`, async () => {
      const gw = await fake(c.behaviour);
      const started = Date.now();
      const result = await probe(gw.url);
      assert.equal(result.state, c.state, english(result.message));
      if (c.code !== undefined) assert.equal(result.code, c.code);
      assert.ok(Date.now() - started < 2500, 'ends within the deadline');
      assert.ok(english(result.message).length > 0 && english(result.advice).length > 0);
      assert.equal(result.target, gw.url);
      assertNoSecret(result);
    });
  }

  it('reports the gateway version, auth method and credential source on success', async () => {
    const gw = await fake('gateway');
    const result = await probe(gw.url);
    assert.equal(result.gatewayVersion, '2026.9.6');
    assert.equal(result.authMethod, 'token');
    assert.equal(result.credentialSource, 'gateway.auth.token');
    assert.match(result.credentialFingerprint ?? '', /^fp:[0-9a-f]{8}$/);
  });

  it('speaks the real handshake: one connect, protocols 3 to 4, cli client, no Origin, no permessage-deflate', async () => {
    const gw = await fake('gateway');
    await probe(gw.url);
    assert.equal(gw.received.length, 1);
    assert.deepEqual(gw.received[0], { token: TOKEN, password: undefined, clientId: 'cli', mode: 'cli', minProtocol: 3, maxProtocol: 4, origin: undefined, deflate: false });
  });

  it('sends a password as a password', async () => {
    const gw = await fake('gateway');
    await probeGateway({ url: gw.url, credential: { kind: 'password', value: TOKEN, source: 'gateway.auth.password' }, clientVersion: 't', deadlineMs: 1500, allowShortDeadline: true });
    assert.equal(gw.received[0].password, TOKEN);
  });

  it('says offline when nothing listens', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const result = await probe(`ws://127.0.0.1:${port}`);
    assert.equal(result.state, 'offline');
  });

  it('keeps the production deadline at 6 s or more', async () => {
    const gw = await fake('silence-after-challenge');
    const started = Date.now();
    const result = await probeGateway({ url: gw.url, credential: credential(), clientVersion: 't', deadlineMs: 100 });
    assert.equal(result.state, 'unreachable');
    assert.ok(Date.now() - started >= 5900, 'a short deadline is raised to the minimum');
  });

  it('needs no connection without a credential, and none for a refused target', async () => {
    const gw = await fake('gateway');
    assert.equal((await probeGateway({ url: gw.url, clientVersion: 't' })).state, 'no-credential');
    assert.equal((await probeGateway({ url: 'ws://203.0.113.7:18789', credential: credential(), refusal: 'insecure', clientVersion: 't' })).state, 'refused-insecure');
    assert.equal(gw.received.length, 0);
  });

  it('leaves no open handle behind', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'Timeout').length;
    for (const behaviour of ['gateway', 'token-mismatch', 'garbage', 'silence-after-challenge', 'close-mid-handshake'] as const) {
      const gw = await fake(behaviour);
      await probe(gw.url, TOKEN, 800);
    }
    await new Promise((r) => setTimeout(r, 1200));
    const afterCount = process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'Timeout').length;
    // The fake servers' own listening sockets stay open until after(); client sockets and timers must be gone.
    assert.ok(afterCount <= before + opened.length, `${afterCount} handles vs ${before} before`);
  });
});

describe('probe target and credential resolution', () => {
  // These cases are about loopback and plaintext; the config counts as the user's own (the send policy has its own tests in test/security).
  function target(gateway: Record<string, unknown>, env: Environment = {}, options: Partial<TargetOptions> = {}) {
    const model = buildGatewayModel(parseConfigDocument(JSON.stringify({ gateway })), { env, inContainer: false });
    return resolveProbeTarget(model, env, { policy: TRUSTED_POLICY, ...options });
  }
  it('local mode: ws://127.0.0.1 with OPENCLAW_GATEWAY_PORT > gateway.port > 18789', () => {
    assert.equal(target({ mode: 'local', auth: { token: 'a' } }).url, 'ws://127.0.0.1:18789');
    assert.equal(target({ mode: 'local', port: 28789, auth: { token: 'a' } }).url, 'ws://127.0.0.1:28789');
    assert.equal(target({ mode: 'local', port: 28789, auth: { token: 'a' } }, { OPENCLAW_GATEWAY_PORT: '38789' }).url, 'ws://127.0.0.1:38789');
  });
  it('remote mode: gateway.remote.url; missing url is an error, not a guess', () => {
    assert.equal(target({ mode: 'remote', remote: { url: 'wss://gw.example.com', token: 'r' } }).url, 'wss://gw.example.com');
    assert.equal(target({ mode: 'remote', remote: { token: 'r' } }).refusal, 'no-url');
  });
  it('credential by client precedence', () => {
    assert.equal(target({ mode: 'local', auth: { token: 'a' }, remote: { token: 'r' } }).credential?.source, 'gateway.auth.token');
    assert.equal(target({ mode: 'remote', remote: { url: 'wss://x', token: 'r' }, auth: { token: 'a' } }).credential?.source, 'gateway.remote.token');
    assert.equal(target({ mode: 'remote', remote: { url: 'wss://x' }, auth: { token: 'a' } }, { OPENCLAW_GATEWAY_TOKEN: 'e' }).credential?.source, 'OPENCLAW_GATEWAY_TOKEN');
  });
  it('never sends a secret over ws:// to a non-loopback host unless allowed', () => {
    assert.equal(target({ mode: 'remote', remote: { url: 'ws://192.168.1.5:18789', token: 'r' } }).refusal, 'insecure');
    assert.equal(target({ mode: 'remote', remote: { url: 'ws://gw.example.com', token: 'r' } }).refusal, 'insecure');
    assert.equal(target({ mode: 'remote', remote: { url: 'ws://192.168.1.5:18789', token: 'r' } }, {}, { allowInsecureRemote: true }).refusal, undefined);
    assert.equal(target({ mode: 'remote', remote: { url: 'ws://localhost:18789', token: 'r' } }).refusal, undefined);
    assert.equal(target({ mode: 'remote', remote: { url: 'ws://[::1]:18789', token: 'r' } }).refusal, undefined);
    assert.equal(target({ mode: 'local', auth: { token: 'a' } }, {}, { urlOverride: 'ws://10.0.0.2:18789' }).refusal, 'insecure');
    assert.equal(target({ mode: 'local', auth: { token: 'a' } }, {}, { urlOverride: 'http://x' }).refusal, 'bad-url');
  });
});

describe('pinpoint diagnosis', () => {
  it('names the env token when the running gateway accepts it instead of the file', async () => {
    const gw = await fake('gateway', OTHER);
    const model = buildGatewayModel(parseConfigDocument(JSON.stringify({ gateway: { mode: 'local', auth: { token: TOKEN }, remote: { token: TOKEN } } })), { env: { OPENCLAW_GATEWAY_TOKEN: OTHER }, inContainer: false });
    const first = await probe(gw.url);
    assert.equal(first.state, 'rejected');
    const diagnosis = await diagnoseGateway({ first, url: gw.url, candidates: candidateCredentials(model), probe: (c) => probeGateway({ url: gw.url, credential: c, clientVersion: 't', deadlineMs: 1500, allowShortDeadline: true }) });
    assert.equal(diagnosis.accepted, 'OPENCLAW_GATEWAY_TOKEN');
    assert.equal(diagnosis.verdict, 'env-overrides-file');
    assert.deepEqual(diagnosis.tried.map((x) => x.source), ['gateway.auth.token', 'OPENCLAW_GATEWAY_TOKEN']);
    assertNoSecret(diagnosis);
  });
  it('says the gateway runs an old token when only remote.token is accepted', async () => {
    const gw = await fake('gateway', OTHER);
    const model = buildGatewayModel(parseConfigDocument(JSON.stringify({ gateway: { mode: 'local', auth: { token: TOKEN }, remote: { token: OTHER } } })), { env: {}, inContainer: false });
    const first = await probe(gw.url);
    const diagnosis = await diagnoseGateway({ first, url: gw.url, candidates: candidateCredentials(model), probe: (c) => probeGateway({ url: gw.url, credential: c, clientVersion: 't', deadlineMs: 1500, allowShortDeadline: true }) });
    assert.equal(diagnosis.accepted, 'gateway.remote.token');
    assert.equal(diagnosis.verdict, 'gateway-runs-old-token');
  });
  it('tries each distinct candidate once and stops on a rate limit', async () => {
    const gw = await fake('token-mismatch');
    const model = buildGatewayModel(parseConfigDocument(JSON.stringify({ gateway: { mode: 'local', auth: { token: TOKEN }, remote: { token: OTHER } } })), { env: { OPENCLAW_GATEWAY_TOKEN: OTHER }, inContainer: false });
    const first = await probe(gw.url);
    let calls = 0;
    const diagnosis = await diagnoseGateway({
      first,
      url: gw.url,
      candidates: candidateCredentials(model),
      probe: async (c) => {
        calls++;
        return probeGateway({ url: gw.url, credential: c, clientVersion: 't', deadlineMs: 1500, allowShortDeadline: true });
      },
    });
    assert.equal(calls, 1, 'OTHER appears twice but is tried once');
    assert.equal(diagnosis.verdict, 'no-candidate-accepted');
  });
});

describe('status schedule', () => {
  it('never polls again on its own after a rejection', () => {
    for (const state of ['rejected', 'protocol-mismatch', 'no-credential', 'refused-insecure', 'error'] as const) assert.equal(nextCheckDelayMs({ state, streak: 1, pollSeconds: 60 }), undefined);
  });
  it('backs off while offline, up to ten times the interval', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((streak) => nextCheckDelayMs({ state: 'offline', streak, pollSeconds: 60 }));
    assert.deepEqual(delays, [60000, 120000, 240000, 480000, 600000, 600000]);
  });
  it('retries a starting gateway soon, and a rate limit only after the lockout', () => {
    assert.equal(nextCheckDelayMs({ state: 'starting', streak: 1, pollSeconds: 60, retryAfterMs: 500 }), 1000);
    assert.equal(nextCheckDelayMs({ state: 'rate-limited', streak: 1, pollSeconds: 60, retryAfterMs: 240000 }), 240000);
    assert.equal(nextCheckDelayMs({ state: 'rate-limited', streak: 1, pollSeconds: 60, retryAfterMs: 10 }), 60000);
  });
});
