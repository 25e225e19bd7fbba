import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { english } from '../../src/core/messages';
import { probeGateway, type ProbeResult } from '../../src/core/probe/probeGateway';
import { OLD_RELEASE, openclawAvailable, startRealGateway, stopAllRealGateways, type RealGateway } from '../support/realGateway';

/**
 * The probe against a real gateway of an older release that speaks protocol 3 only (OpenClaw
 * 2026.2 to 2026.5.7, kept next to the current release by scripts/setup-openclaw.sh). Before the
 * probe offered protocols 3 to 4, each of these cases came back as `error` / INVALID_REQUEST.
 */
const TOKEN = 'b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4';
const WRONG = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a6978';
const PASSWORD = 'pw-old-release-b7c6d5e4f3a2b1c0d9e8f7a6';

function probe(gateway: RealGateway, credential: { kind: 'token' | 'password'; value: string }): Promise<ProbeResult> {
  // An old gateway on a loaded two-core machine can take longer than the default to answer.
  return probeGateway({ url: gateway.url, credential: { ...credential, source: credential.kind === 'token' ? 'gateway.auth.token' : 'gateway.auth.password' }, clientVersion: '0.1.0-conformance', deadlineMs: 20_000 });
}

function config(auth: Record<string, unknown>): string {
  return JSON.stringify({ gateway: { mode: 'local', bind: 'loopback', port: 0, auth } }, null, 2).replace('"port": 0', '"port": {PORT}');
}

describe(`conformance with a real OpenClaw ${OLD_RELEASE} gateway (protocol 3)`, { concurrency: false }, () => {
  before(() => {
    assert.ok(openclawAvailable(OLD_RELEASE), `OpenClaw ${OLD_RELEASE} is not installed: npm run test:gateway installs it with scripts/setup-openclaw.sh`);
  });
  after(() => stopAllRealGateways());

  describe('token mode', () => {
    let gateway: RealGateway;
    before(async () => {
      gateway = await startRealGateway({ config: config({ mode: 'token', token: TOKEN }), version: OLD_RELEASE });
    });

    it('right token -> authorized on protocol 3', async () => {
      const result = await probe(gateway, { kind: 'token', value: TOKEN });
      assert.equal(result.state, 'authorized', english(result.message));
      assert.equal(result.protocol, 3);
    });

    it('wrong token -> rejected with AUTH_TOKEN_MISMATCH', async () => {
      const result = await probe(gateway, { kind: 'token', value: WRONG });
      assert.equal(result.state, 'rejected', english(result.message));
      assert.equal(result.code, 'AUTH_TOKEN_MISMATCH');
      assert.ok(!JSON.stringify(result).includes(WRONG) && !JSON.stringify(result).includes(TOKEN));
    });

    it('gateway stopped -> offline', async () => {
      await gateway.stop();
      const result = await probe(gateway, { kind: 'token', value: TOKEN });
      assert.equal(result.state, 'offline', english(result.message));
    });
  });

  describe('password mode', () => {
    let gateway: RealGateway;
    before(async () => {
      gateway = await startRealGateway({ config: config({ mode: 'password', password: PASSWORD }), version: OLD_RELEASE });
    });

    it('right password -> authorized, wrong password -> AUTH_PASSWORD_MISMATCH', async () => {
      const right = await probe(gateway, { kind: 'password', value: PASSWORD });
      assert.equal(right.state, 'authorized', english(right.message));
      const wrong = await probe(gateway, { kind: 'password', value: WRONG });
      assert.equal(wrong.state, 'rejected', english(wrong.message));
      assert.equal(wrong.code, 'AUTH_PASSWORD_MISMATCH');
    });
  });
});
