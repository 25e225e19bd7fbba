import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { english } from '../../src/core/messages';
import { probeGateway, type ProbeResult } from '../../src/core/probe/probeGateway';
import { FRAMES, startFakeGateway, type FakeGateway } from '../support/fakeGateway';

/**
 * Gateways up to OpenClaw 2026.5.7 speak protocol 3 only, later ones 4. Before the probe offered
 * both, every old gateway answered "protocol mismatch" for the right token, a wrong one and none
 * alike, and the probe called that `error`.
 */
const TOKEN = 'proto0token0proto0token0proto0token0proto0tok';
const opened: FakeGateway[] = [];

async function fake(behaviour: 'protocol-3' | 'gateway' | 'custom'): Promise<FakeGateway> {
  const gw = await startFakeGateway(behaviour, TOKEN);
  opened.push(gw);
  return gw;
}

function probe(url: string, value = TOKEN): Promise<ProbeResult> {
  return probeGateway({ url, credential: { kind: 'token', value, source: 'gateway.auth.token' }, clientVersion: '0.1.0-test', deadlineMs: 1500, allowShortDeadline: true, challengeWaitMs: 300 });
}

after(async () => {
  for (const gw of opened) await gw.close();
});

describe('probe across gateway protocols', () => {
  it('offers protocols 3 to 4', async () => {
    const gw = await fake('gateway');
    await probe(gw.url);
    assert.deepEqual([gw.received[0].minProtocol, gw.received[0].maxProtocol], [3, 4]);
  });

  it('a protocol-3 gateway (2026.2 to 2026.5.7) authorizes the right token and says protocol 3', async () => {
    const gw = await fake('protocol-3');
    const result = await probe(gw.url);
    assert.equal(result.state, 'authorized', english(result.message));
    assert.equal(result.protocol, 3);
    assert.equal(result.gatewayVersion, 'dev');
  });

  it('a protocol-3 gateway rejects a wrong token with AUTH_TOKEN_MISMATCH, not "protocol mismatch"', async () => {
    const gw = await fake('protocol-3');
    const result = await probe(gw.url, 'wrong0token0wrong0token0wrong0token0wrong0');
    assert.equal(result.state, 'rejected');
    assert.equal(result.code, 'AUTH_TOKEN_MISMATCH');
  });

  it('a protocol-4 gateway says protocol 4', async () => {
    const gw = await fake('gateway');
    const result = await probe(gw.url);
    assert.equal(result.state, 'authorized');
    assert.equal(result.protocol, 4);
  });

  it('a mismatch without details.code (old releases) is protocol-mismatch, naming the expected protocol', async () => {
    const gw = await fake('custom');
    gw.setReply((_connect, id) => ({ frame: FRAMES.protocol3Mismatch(id).replace('"expectedProtocol":3', '"expectedProtocol":2'), close: { code: 1002, reason: 'protocol mismatch' } }));
    const result = await probe(gw.url);
    assert.equal(result.state, 'protocol-mismatch');
    assert.equal(result.code, 'PROTOCOL_MISMATCH');
    assert.equal(result.protocol, 2);
    assert.match(english(result.message), /speaks protocol 2; OpenClaw Guard speaks protocols 3 to 4/);
  });

  it('a mismatch named only by its message is protocol-mismatch too', async () => {
    const gw = await fake('custom');
    gw.setReply((_connect, id) => ({ frame: `{"type":"res","id":${JSON.stringify(id)},"ok":false,"error":{"code":"INVALID_REQUEST","message":"protocol mismatch"}}` }));
    const result = await probe(gw.url);
    assert.equal(result.state, 'protocol-mismatch');
    assert.equal(result.protocol, null);
  });

  it('a hostile protocol number is not shown', async () => {
    const gw = await fake('custom');
    gw.setReply((_connect, id) => ({ frame: FRAMES.helloOk(id).replace('"protocol":4', '"protocol":"4; rm -rf"') }));
    const result = await probe(gw.url);
    assert.equal(result.state, 'authorized');
    assert.equal(result.protocol, null);
  });
});

/**
 * The rejections of each release as they arrive (openclaw-versions.md §1): the code is in
 * details.code everywhere, the extra fields and the hint text differ. Each maps to the same state.
 */
const REJECTIONS: Array<{ release: string; frame: (id: string) => string; state: string; code: string; fixedHint: boolean }> = [
  {
    release: '2026.2.26 (no canRetryWithDeviceToken / recommendedNextStep)',
    frame: (id) => `{"type":"res","id":${JSON.stringify(id)},"ok":false,"error":{"code":"INVALID_REQUEST","message":"unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)","details":{"code":"AUTH_TOKEN_MISMATCH","authReason":"token_mismatch"}}}`,
    state: 'rejected',
    code: 'AUTH_TOKEN_MISMATCH',
    fixedHint: true,
  },
  {
    release: '2026.4.8 / 2026.6.6 (full details, old hint)',
    frame: (id) =>
      `{"type":"res","id":${JSON.stringify(id)},"ok":false,"error":{"code":"INVALID_REQUEST","message":"unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)","details":{"code":"AUTH_TOKEN_MISMATCH","authReason":"token_mismatch","canRetryWithDeviceToken":false,"recommendedNextStep":"update_auth_credentials"}}}`,
    state: 'rejected',
    code: 'AUTH_TOKEN_MISMATCH',
    fixedHint: true,
  },
  {
    release: '2026.4.8 password',
    frame: (id) => `{"type":"res","id":${JSON.stringify(id)},"ok":false,"error":{"code":"INVALID_REQUEST","message":"unauthorized: gateway password mismatch (set gateway.remote.password to match gateway.auth.password)","details":{"code":"AUTH_PASSWORD_MISMATCH"}}}`,
    state: 'rejected',
    code: 'AUTH_PASSWORD_MISMATCH',
    fixedHint: true,
  },
  { release: '2026.8.2 / 2026.9.6', frame: FRAMES.tokenMismatch, state: 'rejected', code: 'AUTH_TOKEN_MISMATCH', fixedHint: false },
  { release: '2026.8.2 not configured', frame: FRAMES.tokenNotConfigured, state: 'rejected', code: 'AUTH_TOKEN_NOT_CONFIGURED', fixedHint: false },
  { release: '2026.5.12 mismatch (no details.code, expectedProtocol 4)', frame: (id) => FRAMES.protocol3Mismatch(id).replace('"expectedProtocol":3', '"expectedProtocol":5'), state: 'protocol-mismatch', code: 'PROTOCOL_MISMATCH', fixedHint: false },
];

describe('every release\'s error shape maps to the same states', () => {
  for (const r of REJECTIONS) {
    it(`${r.release} → ${r.state} ${r.code}${r.fixedHint ? ', the fixed remote hint explained' : ''}`, async () => {
      const gw = await fake('custom');
      gw.setReply((_connect, id) => ({ frame: r.frame(id), close: { code: 1008, reason: 'unauthorized' } }));
      const result = await probe(gw.url, 'wrong0token0wrong0token0wrong0token0wrong0');
      assert.equal(result.state, r.state);
      assert.equal(result.code, r.code);
      const advice = english(result.advice);
      if (r.fixedHint) {
        assert.match(advice, /is fixed text OpenClaw up to 2026\.7\.x gives every CLI client, local ones too: it does not mean gateway\.remote\.(token|password) is missing/);
        assert.match(advice, /OPENCLAW_GATEWAY_(TOKEN|PASSWORD)/);
      } else {
        assert.doesNotMatch(advice, /fixed text/);
      }
    });
  }

  it('hello-ok\'s build id is reported (2026.8 and later)', async () => {
    const gw = await fake('gateway');
    const result = await probe(gw.url);
    assert.equal(result.gatewayVersion, '2026.9.6');
    assert.equal(result.server?.buildId, '2026.9.6-release-eb377ac59e6c-2026-09-23T16-33-12.144Z');
  });

  it('no build id before 2026.8, and a build id that is not one is not shown', async () => {
    const old = await fake('protocol-3');
    assert.equal((await probe(old.url)).server?.buildId ?? null, null);
    const gw = await fake('custom');
    gw.setReply((_connect, id) => ({ frame: FRAMES.helloOk(id).replace('"buildId":"2026.9.6-release', '"buildId":"<script>') }));
    assert.equal((await probe(gw.url)).server?.buildId ?? null, null);
  });
});
