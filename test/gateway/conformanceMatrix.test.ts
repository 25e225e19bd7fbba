import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import { analyzeConfig } from '../../src/core/analyze';
import { english } from '../../src/core/messages';
import { probeGateway, type ProbeResult } from '../../src/core/probe/probeGateway';
import { openclawAvailable, runOpenclawCli, startRealGateway, stopAllRealGateways, type RealGateway } from '../support/realGateway';

/**
 * The same cases against real gateways of several releases (scripts/setup-openclaw.sh installs
 * them): the probe's states, the local CLI's token order, and that the engine's message for that
 * release says what the release did. OCG_MATRIX=<file> appends one JSON line per release with the
 * states seen and the wall time.
 */
interface Release {
  /** The installed release; undefined: the current one in app/. */
  install?: string;
  version: string;
  protocol: 3 | 4;
  /** The local CLI sends OPENCLAW_GATEWAY_TOKEN before gateway.auth.token (up to 2026.7.35). */
  envFirstCli: boolean;
  /** What a token-mode gateway with only gateway.remote.token answers that token with. */
  remoteOnlyCode: 'AUTH_TOKEN_MISMATCH' | 'AUTH_TOKEN_NOT_CONFIGURED';
  /** auth-token-missing's message for the release. */
  remoteOnlyMessage: 'tokenWrittenToFile' | 'runtimeToken' | 'authTokenUnset';
}

const RELEASES: Release[] = [
  { version: '2026.9.6', protocol: 4, envFirstCli: false, remoteOnlyCode: 'AUTH_TOKEN_NOT_CONFIGURED', remoteOnlyMessage: 'authTokenUnset' },
  { install: '2026.8.2', version: '2026.8.2', protocol: 4, envFirstCli: false, remoteOnlyCode: 'AUTH_TOKEN_NOT_CONFIGURED', remoteOnlyMessage: 'authTokenUnset' },
  { install: '2026.4.8', version: '2026.4.8', protocol: 3, envFirstCli: true, remoteOnlyCode: 'AUTH_TOKEN_MISMATCH', remoteOnlyMessage: 'tokenWrittenToFile' },
];

const TOKEN = 'c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7';
const WRONG = '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f';
const PASSWORD = 'pw-matrix-c4d5e6f7a8b9c0d1e2f3a4b5';
const OBSERVE = process.env.OCG_MATRIX;

function gatewayConfig(gateway: Record<string, unknown>): string {
  return JSON.stringify({ gateway: { mode: 'local', bind: 'loopback', port: 0, ...gateway } }, null, 2).replace('"port": 0', '"port": {PORT}');
}

function probe(gateway: RealGateway, kind: 'token' | 'password', value: string, source: 'gateway.auth.token' | 'gateway.auth.password' | 'gateway.remote.token'): Promise<ProbeResult> {
  // Old gateways on a loaded two-core machine can take longer than the default to answer.
  return probeGateway({ url: gateway.url, credential: { kind, value, source }, clientVersion: '0.1.0-matrix', deadlineMs: 20_000 });
}

for (const release of RELEASES) {
  describe(`conformance matrix: OpenClaw ${release.version}`, { concurrency: false }, () => {
    const seen: Record<string, string> = {};
    let started = 0;
    before(() => {
      assert.ok(openclawAvailable(release.install), `OpenClaw ${release.version} is not installed: npm run test:gateway installs it with scripts/setup-openclaw.sh`);
      started = Date.now();
    });
    after(async () => {
      await stopAllRealGateways();
      const wallSeconds = Math.round((Date.now() - started) / 1000);
      console.log(`[matrix] OpenClaw ${release.version}: ${JSON.stringify(seen)} in ${wallSeconds} s`);
      if (OBSERVE) appendFileSync(OBSERVE, `${JSON.stringify({ release: release.version, seen, wallSeconds })}\n`);
    });

    describe('token mode', () => {
      let gateway: RealGateway;
      before(async () => {
        gateway = await startRealGateway({ config: gatewayConfig({ auth: { mode: 'token', token: TOKEN } }), version: release.install, limitMs: 240_000 });
      });

      it(`right token -> authorized on protocol ${release.protocol}, hello-ok names the release`, async () => {
        const result = await probe(gateway, 'token', TOKEN, 'gateway.auth.token');
        seen.authorized = result.state;
        assert.equal(result.state, 'authorized', english(result.message));
        assert.equal(result.protocol, release.protocol);
        // 2026.2.x says "dev" without OPENCLAW_VERSION; the releases here name themselves.
        assert.equal(result.gatewayVersion, release.version);
      });

      it('wrong token -> rejected AUTH_TOKEN_MISMATCH, the fixed remote hint explained where the release sends it', async () => {
        const result = await probe(gateway, 'token', WRONG, 'gateway.auth.token');
        seen.tokenMismatch = `${result.state} ${result.code ?? ''}`.trim();
        assert.equal(result.state, 'rejected', english(result.message));
        assert.equal(result.code, 'AUTH_TOKEN_MISMATCH');
        assert.equal(english(result.advice).includes('is fixed text OpenClaw up to 2026.7.x gives'), release.envFirstCli, english(result.advice));
        assert.ok(!JSON.stringify(result).includes(WRONG) && !JSON.stringify(result).includes(TOKEN));
      });

      it(`the local CLI with the right auth.token and a stale OPENCLAW_GATEWAY_TOKEN ${release.envFirstCli ? 'fails (env-first)' : 'passes (config-first)'}, as env-token-conflict says for ${release.version}`, async () => {
        const client = `{ gateway: { mode: "local", port: ${gateway.port}, auth: { token: "${TOKEN}" } } }`;
        const result = await runOpenclawCli(['health', '--json'], { config: client, env: { OPENCLAW_GATEWAY_TOKEN: WRONG }, port: gateway.port, version: release.install });
        seen.cliOrder = result.exitCode === 0 ? 'config-first' : 'env-first';
        assert.equal(result.exitCode === 0, !release.envFirstCli, `${result.stdout}\n${result.stderr}`.slice(-2000));
        const control = await runOpenclawCli(['health', '--json'], { config: client, port: gateway.port, version: release.install });
        assert.equal(control.exitCode, 0, `${control.stdout}\n${control.stderr}`.slice(-2000));
        const analysis = analyzeConfig(client, { env: { OPENCLAW_GATEWAY_TOKEN: WRONG }, openclawVersion: { cliInstall: { version: release.version, path: 'package.json' } } });
        const finding = analysis.findings.find((f) => f.code === 'env-token-conflict');
        assert.equal(finding?.messageId, release.envFirstCli ? 'cliSendsVariable' : 'differs');
        assert.equal(finding?.severity, release.envFirstCli ? 'error' : 'warning');
      });

      it('gateway stopped -> offline', async () => {
        await gateway.stop();
        const result = await probe(gateway, 'token', TOKEN, 'gateway.auth.token');
        seen.offline = result.state;
        assert.equal(result.state, 'offline', english(result.message));
      });
    });

    describe('token mode with only gateway.remote.token (not configured)', () => {
      let gateway: RealGateway;
      before(async () => {
        gateway = await startRealGateway({ config: gatewayConfig({ auth: { mode: 'token' }, remote: { token: TOKEN } }), version: release.install, limitMs: 240_000 });
      });
      after(() => gateway.stop());

      it(`gateway.remote.token -> ${release.remoteOnlyCode}, and auth-token-missing says ${release.remoteOnlyMessage}`, async () => {
        const result = await probe(gateway, 'token', TOKEN, 'gateway.remote.token');
        seen.notConfigured = `${result.state} ${result.code ?? ''}`.trim();
        assert.equal(result.state, 'rejected', english(result.message));
        assert.equal(result.code, release.remoteOnlyCode);
        const config = { gateway: { mode: 'local', bind: 'loopback', auth: { mode: 'token' }, remote: { token: TOKEN } } };
        const analysis = analyzeConfig(JSON.stringify(config), { env: {}, openclawVersion: { gateway: { version: result.gatewayVersion ?? release.version } } });
        assert.equal(analysis.findings.find((f) => f.code === 'auth-token-missing')?.messageId, release.remoteOnlyMessage);
        if (release.remoteOnlyMessage === 'tokenWrittenToFile') {
          // The release wrote a generated token into the user's file, as the message says.
          const written = JSON.parse(readFileSync(gateway.configPath, 'utf8')) as { gateway?: { auth?: { token?: unknown } } };
          const generated = written.gateway?.auth?.token;
          assert.equal(typeof generated, 'string');
          assert.notEqual(generated, TOKEN);
        }
      });
    });

    describe('password mode', () => {
      let gateway: RealGateway;
      before(async () => {
        gateway = await startRealGateway({ config: gatewayConfig({ auth: { mode: 'password', password: PASSWORD } }), version: release.install, limitMs: 240_000 });
      });
      after(() => gateway.stop());

      it('right password -> authorized, wrong password -> AUTH_PASSWORD_MISMATCH', async () => {
        const right = await probe(gateway, 'password', PASSWORD, 'gateway.auth.password');
        assert.equal(right.state, 'authorized', english(right.message));
        const wrong = await probe(gateway, 'password', WRONG, 'gateway.auth.password');
        seen.passwordMismatch = `${wrong.state} ${wrong.code ?? ''}`.trim();
        assert.equal(wrong.state, 'rejected', english(wrong.message));
        assert.equal(wrong.code, 'AUTH_PASSWORD_MISMATCH');
      });
    });
  });
}
