import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { parseConfigDocument } from '../../src/core/configDocument';
import { buildGatewayModel, candidateCredentials, clientCredential } from '../../src/core/gatewayModel';
import { diagnoseGateway } from '../../src/core/probe/diagnose';
import { probeGateway, type ProbeResult } from '../../src/core/probe/probeGateway';
import type { Environment } from '../../src/core/secretValues';
import { openclawAvailable, startRealGateway, stopAllRealGateways, type RealGateway } from '../support/realGateway';
import { english } from '../../src/core/messages';

/**
 * Conformance against the real OpenClaw gateway (openclaw@2026.9.6 on Node 24, from
 * scripts/setup-openclaw.sh). Each gateway takes ~10 s to start on two cores, so gateways are
 * shared between tests. Every one is stopped by PID at the end, also when a test fails.
 */

const OLD = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718';
const NEW = 'f0e1d2c3b4a5968778695a4b3c2d1e0ff0e1d2c3b4a59687';
const ENV_TOKEN = '0123456789abcdef0123456789abcdef0123456789abcdef';
const PASSWORD = 'pw-a1b2c3d4e5f60718293a4b5c6d7e8f90';

function model(config: Record<string, unknown>, env: Environment = {}) {
  return buildGatewayModel(parseConfigDocument(JSON.stringify(config)), { env, inContainer: false });
}

function probeWith(gateway: RealGateway, config: Record<string, unknown>, env: Environment = {}): Promise<ProbeResult> {
  const credential = clientCredential(model(config, env));
  return probeGateway({ url: gateway.url, credential, clientVersion: '0.1.0-conformance' });
}

function tokenConfig(port: number, auth: Record<string, unknown>, remote?: Record<string, unknown>): string {
  return JSON.stringify({ gateway: { mode: 'local', bind: 'loopback', port, auth, ...(remote ? { remote } : {}) } }, null, 2);
}

describe('conformance with a real OpenClaw gateway', { concurrency: false }, () => {
  before(() => {
    assert.ok(openclawAvailable(), 'OpenClaw is not installed: npm run test:gateway installs it with scripts/setup-openclaw.sh');
  });
  after(() => stopAllRealGateways());

  describe('token mode', () => {
    let gateway: RealGateway;
    before(async () => {
      gateway = await startRealGateway({ config: tokenConfig(0, { mode: 'token', token: OLD }).replace('"port": 0', '"port": {PORT}') });
    });

    it('right token -> authorized, with the gateway version', async () => {
      const result = await probeWith(gateway, { gateway: { mode: 'local', auth: { token: OLD } } });
      assert.equal(result.state, 'authorized', english(result.message));
      assert.match(result.gatewayVersion ?? '', /^2026\./);
      assert.equal(result.credentialSource, 'gateway.auth.token');
    });

    it('wrong token -> rejected with AUTH_TOKEN_MISMATCH', async () => {
      const result = await probeWith(gateway, { gateway: { mode: 'local', auth: { token: NEW } } });
      assert.equal(result.state, 'rejected', english(result.message));
      assert.equal(result.code, 'AUTH_TOKEN_MISMATCH');
      assert.ok(!JSON.stringify(result).includes(NEW) && !JSON.stringify(result).includes(OLD));
    });

    it('the file changed but the gateway runs the old token -> diagnosis names the accepted source', async () => {
      // The edited file: auth.token is new, remote.token still holds the token the gateway started with.
      const edited = model({ gateway: { mode: 'local', auth: { token: NEW }, remote: { token: OLD } } });
      const first = await probeGateway({ url: gateway.url, credential: clientCredential(edited), clientVersion: 't' });
      assert.equal(first.state, 'rejected');
      const diagnosis = await diagnoseGateway({ first, url: gateway.url, candidates: candidateCredentials(edited), probe: (c) => probeGateway({ url: gateway.url, credential: c, clientVersion: 't' }) });
      assert.equal(diagnosis.accepted, 'gateway.remote.token');
      assert.equal(diagnosis.verdict, 'gateway-runs-old-token');
    });

    it('measures probe latency against a bare ws connect + connect request (printed, not asserted)', async () => {
      const credential = clientCredential(model({ gateway: { mode: 'local', auth: { token: OLD } } }));
      const ours: number[] = [];
      const eager: number[] = [];
      const bare: number[] = [];
      for (let i = 0; i < 20; i++) {
        // Interleaved so that all three see the same machine load.
        let start = performance.now();
        const result = await probeGateway({ url: gateway.url, credential, clientVersion: 't' });
        ours.push(performance.now() - start);
        assert.equal(result.state, 'authorized');
        start = performance.now();
        assert.equal((await probeGateway({ url: gateway.url, credential, clientVersion: 't', challengeWaitMs: 0 })).state, 'authorized');
        eager.push(performance.now() - start);
        bare.push(await bareRoundTrip(gateway.url, OLD));
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const overhead = (xs: number[]) => (((median(xs) - median(bare)) / median(bare)) * 100).toFixed(1);
      console.log(
        `real gateway probe latency (median of 20): probe ${median(ours).toFixed(1)} ms (+${overhead(ours)}%), probe without waiting for the challenge ${median(eager).toFixed(1)} ms (+${overhead(eager)}%), bare ws connect+connect ${median(bare).toFixed(1)} ms`,
      );
    });

    it('gateway stopped -> offline', async () => {
      await gateway.stop();
      const result = await probeWith(gateway, { gateway: { mode: 'local', auth: { token: OLD } } });
      assert.equal(result.state, 'offline', english(result.message));
    });
  });

  describe('environment token overrides the file', () => {
    let gateway: RealGateway;
    before(async () => {
      gateway = await startRealGateway({ config: JSON.stringify({ gateway: { mode: 'local', bind: 'loopback', port: '{PORT}', auth: { mode: 'token' } } }).replace('"{PORT}"', '{PORT}'), env: { OPENCLAW_GATEWAY_TOKEN: ENV_TOKEN } });
    });
    after(() => gateway.stop());

    it('diagnosis says the running gateway accepts OPENCLAW_GATEWAY_TOKEN, not the file', async () => {
      const edited = model({ gateway: { mode: 'local', auth: { token: NEW }, remote: { token: NEW } } }, { OPENCLAW_GATEWAY_TOKEN: ENV_TOKEN });
      const first = await probeGateway({ url: gateway.url, credential: clientCredential(edited), clientVersion: 't' });
      assert.equal(first.code, 'AUTH_TOKEN_MISMATCH');
      const diagnosis = await diagnoseGateway({ first, url: gateway.url, candidates: candidateCredentials(edited), probe: (c) => probeGateway({ url: gateway.url, credential: c, clientVersion: 't' }) });
      assert.equal(diagnosis.accepted, 'OPENCLAW_GATEWAY_TOKEN');
      assert.equal(diagnosis.verdict, 'env-overrides-file');
    });
  });

  describe('only gateway.remote.token set', () => {
    let gateway: RealGateway;
    before(async () => {
      gateway = await startRealGateway({ config: tokenConfig(0, { mode: 'token' }, { token: OLD }).replace('"port": 0', '"port": {PORT}') });
    });
    after(() => gateway.stop());

    it('the gateway rejects every token with AUTH_TOKEN_NOT_CONFIGURED, as auth-token-missing says', async () => {
      const result = await probeWith(gateway, { gateway: { mode: 'local', auth: { mode: 'token' }, remote: { token: OLD } } });
      assert.equal(result.state, 'rejected', english(result.message));
      assert.equal(result.code, 'AUTH_TOKEN_NOT_CONFIGURED');
      assert.equal(result.credentialSource, 'gateway.remote.token');
    });
  });

  describe('password mode', () => {
    let gateway: RealGateway;
    before(async () => {
      gateway = await startRealGateway({ config: tokenConfig(0, { mode: 'password', password: PASSWORD }).replace('"port": 0', '"port": {PORT}') });
    });
    after(() => gateway.stop());

    it('right password -> authorized', async () => {
      const result = await probeWith(gateway, { gateway: { mode: 'local', auth: { mode: 'password', password: PASSWORD } } });
      assert.equal(result.state, 'authorized', english(result.message));
      assert.equal(result.authMethod, 'password');
    });

    it('wrong password -> rejected with AUTH_PASSWORD_MISMATCH', async () => {
      const result = await probeWith(gateway, { gateway: { mode: 'local', auth: { mode: 'password', password: 'pw-wrong-wrong-wrong-wrong-wrong' } } });
      assert.equal(result.state, 'rejected', english(result.message));
      assert.equal(result.code, 'AUTH_PASSWORD_MISMATCH');
    });
  });
});

/** The same handshake written plainly with ws, as the baseline for the probe's overhead. */
function bareRoundTrip(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.on('open', () => {
      ws.send(JSON.stringify({ type: 'req', id: 'b1', method: 'connect', params: { minProtocol: 4, maxProtocol: 4, client: { id: 'cli', version: 'bare', platform: process.platform, mode: 'cli' }, role: 'operator', scopes: ['operator.read'], auth: { token } } }));
    });
    ws.on('message', (data) => {
      const frame = JSON.parse((data as Buffer).toString('utf8')) as { type?: string; id?: string };
      if (frame.type === 'res' && frame.id === 'b1') {
        const elapsed = performance.now() - start;
        ws.close(1000);
        resolve(elapsed);
      }
    });
    ws.on('error', reject);
  });
}
