import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import type { ProbeResult } from '../../../../src/core/probe/probeGateway';
import type { StatusSnapshot } from '../../../../src/vscode/gatewayStatus';
import { openclawAvailable, startRealGateway, type RealGateway } from '../../../support/realGateway';
import { activateExtension, waitFor } from '../e2eHelpers';

interface Api {
  status(): StatusSnapshot;
  checkGatewayNow(): Promise<ProbeResult | undefined>;
}

const TOKEN = process.env.OCG_E2E_GATEWAY_TOKEN ?? '';

describe('the status item against a real OpenClaw gateway (installed by npm run test:gateway)', function () {
  this.timeout(120_000);
  let gateway: RealGateway | undefined;

  before(async function () {
    if (!openclawAvailable()) {
      console.log('OpenClaw is not installed here (npm run test:gateway installs it); skipping the real-gateway e2e test');
      this.skip();
    }
    gateway = await startRealGateway({ config: JSON.stringify({ gateway: { mode: 'local', bind: 'loopback', port: '{PORT}', auth: { mode: 'token', token: TOKEN } } }).replace('"{PORT}"', '{PORT}') });
  });
  after(async () => {
    await gateway?.stop();
  });

  it('is authorized with the token from the file, then rejected by a gateway with another token', async () => {
    const api = await activateExtension<Api>();
    const path = process.env.OPENCLAW_CONFIG_PATH ?? '';
    assert.ok(gateway);
    writeFileSync(path, JSON.stringify({ gateway: { mode: 'local', bind: 'loopback', port: gateway.port, auth: { mode: 'token', token: TOKEN }, remote: { token: TOKEN } } }, null, 2));
    const status = await waitFor('authorized by the real gateway', async () => {
      const result = await api.checkGatewayNow();
      return result?.state === 'authorized' ? result : undefined;
    }, 30_000);
    assert.match(status.gatewayVersion ?? '', /^2026\./);
    const other = 'b'.repeat(48);
    writeFileSync(path, JSON.stringify({ gateway: { mode: 'local', bind: 'loopback', port: gateway.port, auth: { mode: 'token', token: other }, remote: { token: other } } }, null, 2));
    const rejected = await waitFor('rejected', async () => {
      const result = await api.checkGatewayNow();
      return result?.state === 'rejected' ? result : undefined;
    }, 30_000);
    assert.equal(rejected.code, 'AUTH_TOKEN_MISMATCH');
    // The file watcher re-checks on its own after the write; the item settles on rejected.
    await waitFor('status item settles on rejected', () => (api.status().state === 'rejected' ? true : undefined), 30_000);
  });
});
