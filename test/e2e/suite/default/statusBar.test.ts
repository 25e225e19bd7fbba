import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import type { ProbeResult } from '../../../../src/core/probe/probeGateway';
import type { ResolvedOpenclawVersion } from '../../../../src/core/version/openclawVersion';
import type { StatusSnapshot } from '../../../../src/vscode/gatewayStatus';
import { startFakeGateway, type FakeGateway } from '../../../support/fakeGateway';
import { drive } from '../driver';
import { activateExtension, waitFor } from '../e2eHelpers';

interface Api {
  status(): StatusSnapshot;
  checkGatewayNow(): Promise<ProbeResult | undefined>;
  logHistory(): readonly string[];
  openclawVersion(): ResolvedOpenclawVersion;
}

const TOKEN = process.env.OCG_E2E_GATEWAY_TOKEN ?? '';

function writeHomeConfig(port: number): void {
  const path = process.env.OPENCLAW_CONFIG_PATH;
  assert.ok(path, 'the e2e runner sets OPENCLAW_CONFIG_PATH');
  writeFileSync(path, JSON.stringify({ gateway: { mode: 'local', bind: 'loopback', port, auth: { mode: 'token', token: TOKEN }, remote: { token: TOKEN } } }, null, 2) + '\n');
}

describe('the gateway status item against a fake gateway on 127.0.0.1', () => {
  let api: Api;
  let gateway: FakeGateway;
  let port = 0;

  before(async () => {
    api = await activateExtension<Api>();
    gateway = await startFakeGateway('gateway', TOKEN);
    port = gateway.port;
  });
  after(async () => {
    await gateway.close();
  });

  it('reaches authorized with the right token when the config file changes on disk', async () => {
    writeHomeConfig(port);
    const status = await waitFor('authorized', () => (api.status().state === 'authorized' ? api.status() : undefined), 15_000);
    assert.equal(status.target, `ws://127.0.0.1:${port}`);
    assert.equal(status.credentialSource, 'gateway.auth.token');
    // The tooltip's "OpenClaw 2026.9.6 (from the running gateway, build …)": hello-ok named the release.
    const version = api.openclawVersion();
    assert.deepEqual([version.version, version.source], ['2026.9.6', 'gateway']);
    assert.match(version.detail ?? '', /^2026\.9\.6-release-/);
  });

  it('shows rejected with the gateway code after the gateway changes its token', async () => {
    gateway.setSecret('a-different-token-the-gateway-now-uses-000000');
    const result = await api.checkGatewayNow();
    assert.equal(result?.state, 'rejected');
    assert.equal(api.status().state, 'rejected');
    assert.equal(api.status().code, 'AUTH_TOKEN_MISMATCH');
  });

  it('shows offline when the gateway stops, and recovers when it comes back', async () => {
    await gateway.close();
    assert.equal((await api.checkGatewayNow())?.state, 'offline');
    gateway = await startFakeGateway('gateway', TOKEN, port);
    assert.equal((await api.checkGatewayNow())?.state, 'authorized');
  });

  it('is visible in the status bar and never logs a secret or a raw frame', async () => {
    const box = await drive('/box', { selector: '[id="openclaw-guard.openclaw-guard.openclawGuard.gatewayStatus"]' });
    assert.ok(box.ok && box.box, `status item not found: ${box.error ?? ''}`);
    const log = api.logHistory().join('\n');
    assert.match(log, /probe ws:\/\/127\.0\.0\.1:\d+ via gateway\.auth\.token \(fp:[0-9a-f]{8}\) -> authorized/);
    assert.ok(!log.includes(TOKEN));
    assert.ok(!log.includes('device-token-must-never-be-logged'));
  });
});
