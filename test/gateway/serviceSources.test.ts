import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeConfig } from '../../src/core/analyze';
import { parseSystemdEnvFile } from '../../src/core/effective/systemdUnit';
import { diskReader } from '../../src/core/effective/sourceReader';
import { detectPortListener } from '../../src/core/portListener';
import { probeGateway } from '../../src/core/probe/probeGateway';
import { fingerprint } from '../../src/core/secretValues';
import { serviceMapExtras } from '../../src/core/sourceMap/serviceSourceMap';
import { collectSecretSources } from '../../src/core/sourceMap/sourceMap';
import { textOf } from '../unit/ruleHelpers';
import { openclawAvailable, startRealGateway, stopAllRealGateways } from '../support/realGateway';

/**
 * A real OpenClaw 2026.9.6 gateway run the way its systemd unit runs it: its environment comes
 * from an EnvironmentFile= (gateway.systemd.env, a stale copy of the token), while ~/.openclaw/.env
 * holds the token the user wrote since. The engine must name the env file's value as the one the
 * gateway accepts, and the probe must agree (hello-ok with it, a mismatch with the other).
 */

const SERVICE_TOKEN = '3f9c1a7e5b2d4c6e8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d';
const DOTENV_TOKEN = 'b7e4d2c9a1f3e5d7c9b1a3f5e7d9c1b3a5f7e9d1c3b5a7f9';

after(() => stopAllRealGateways());

describe('service sources against a real gateway', { skip: !openclawAvailable() }, () => {
  it('the unit’s EnvironmentFile token is the one the gateway accepts, and the engine says so', async () => {
    const wallStart = Date.now();
    // Written the way OpenClaw's serializeSystemdEnvironmentFile writes a quoted value.
    const envFileText = `OPENCLAW_GATEWAY_TOKEN="${SERVICE_TOKEN}"\nOPENCLAW_SERVICE_MARKER=openclaw\n`;
    // The environment systemd would give the service, read from that file as systemd reads it.
    const serviceEnv = Object.fromEntries(parseSystemdEnvFile(envFileText).assignments.map((a) => [a.name, a.value]));
    assert.equal(serviceEnv.OPENCLAW_GATEWAY_TOKEN, SERVICE_TOKEN);
    const gateway = await startRealGateway({
      config: '{ gateway: { mode: "local", bind: "loopback", port: {PORT}, auth: { mode: "token" } } }',
      stateDir: 'default',
      env: serviceEnv,
      files: {
        '{HOME}/.openclaw/.env': `OPENCLAW_GATEWAY_TOKEN=${DOTENV_TOKEN}\n`,
        '{HOME}/.openclaw/gateway.systemd.env': envFileText,
        '{HOME}/.config/systemd/user/openclaw-gateway.service': '[Unit]\nDescription=OpenClaw Gateway\n\n[Service]\nExecStart=/usr/bin/openclaw gateway --port 18789\nEnvironmentFile=-%h/.openclaw/gateway.systemd.env\n',
      },
    });
    const startedIn = Date.now() - wallStart;
    try {
      const configPath = join(gateway.home, '.openclaw', 'openclaw.json');
      // The unit and its env file were written long before the service started (as after `gateway install`).
      const installedAt = new Date(wallStart - 60_000);
      for (const file of ['gateway.systemd.env', '.env']) utimesSync(join(gateway.home, '.openclaw', file), installedAt, installedAt);
      const listener = detectPortListener(gateway.port);
      const analysis = analyzeConfig(readFileSync(configPath, 'utf8'), {
        env: { HOME: gateway.home },
        configPath,
        reader: diskReader,
        home: gateway.home,
        serviceDiscovery: { systemUnits: false },
        listenerAt: () => listener,
      });
      const envFile = join(gateway.home, '.openclaw', 'gateway.systemd.env');
      const stale = analysis.findings.filter((f) => f.code === 'service-token-stale');
      assert.equal(stale.length, 1);
      assert.equal(stale[0].file, envFile);
      // The gateway started after the env file was written: it uses that file's value now.
      assert.equal(stale[0].messageId, 'serviceWinsNow');
      const text = textOf(stale[0]);
      assert.ok(text.includes(`the gateway running now (pid ${listener.process?.pid ?? -1}) started after this file was written`), text);
      assert.ok(text.includes(`it uses ${fingerprint(SERVICE_TOKEN)} now`), text);
      assert.ok(text.includes(`not the gateway's ${fingerprint(DOTENV_TOKEN)}`), text);
      // The running process is seen as an OpenClaw gateway (its title, or its command line).
      assert.equal(listener.state, 'listening');
      assert.equal(listener.process?.isGateway, true, JSON.stringify(listener.process?.argv));
      assert.deepEqual(analysis.findings.filter((f) => f.code === 'port-not-gateway'), []);

      const accepted = await probeGateway({ url: gateway.url, credential: { kind: 'token', source: 'OPENCLAW_GATEWAY_TOKEN', value: SERVICE_TOKEN }, clientVersion: '0.1.0-service', deadlineMs: 20_000 });
      assert.equal(accepted.state, 'authorized', `hello-ok expected with the env file's token: ${accepted.code ?? ''}`);
      const rejected = await probeGateway({ url: gateway.url, credential: { kind: 'token', source: 'OPENCLAW_GATEWAY_TOKEN', value: DOTENV_TOKEN }, clientVersion: '0.1.0-service', deadlineMs: 20_000 });
      assert.notEqual(rejected.state, 'authorized');

      // The map with the service sources and what the probe was accepted with: the env file's entry
      // is the one the running gateway uses, and it agrees with the accepted secret.
      assert.ok(analysis.model);
      const acceptedFingerprint = fingerprint(SERVICE_TOKEN);
      const map = collectSecretSources(analysis.model, {
        environment: 'shell',
        accepted: { fingerprint: acceptedFingerprint, target: gateway.url, source: 'OPENCLAW_GATEWAY_TOKEN' },
        external: serviceMapExtras(analysis.effective.serviceSources, { configPath, listener, acceptedFingerprint, edit: { home: gateway.home } }),
      });
      const envEntries = map.entries.filter((e) => e.location?.file === envFile);
      assert.deepEqual(envEntries.map((e) => [e.kind, e.fingerprint, e.readers]), [['systemd-env-file', acceptedFingerprint, ['gateway-now', 'service']]]);
      const lastCheck = map.entries.find((e) => e.kind === 'last-check');
      assert.equal(lastCheck?.fingerprint, envEntries[0].fingerprint, 'the env file holds what the gateway accepted');
      const dotenvEntry = map.entries.find((e) => e.kind === 'dotenv' && e.fingerprint === fingerprint(DOTENV_TOKEN));
      assert.ok(dotenvEntry && !dotenvEntry.readers.includes('gateway-now'), 'the .env the user wrote since is not what runs');
      console.log(`serviceSources: gateway ready in ${startedIn} ms, test ${Date.now() - wallStart} ms wall; rejected with ${rejected.code ?? rejected.state}`);
    } finally {
      await gateway.stop();
    }
  });
});
