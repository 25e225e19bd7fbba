import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigDocument } from '../../src/core/configDocument';
import { buildGatewayModel } from '../../src/core/gatewayModel';
import { controlUiAddress, DASHBOARD_COMMAND, normalizeControlUiBasePath } from '../../src/core/probe/dashboard';

const model = (gateway: Record<string, unknown>, env: Record<string, string> = {}) => buildGatewayModel(parseConfigDocument(JSON.stringify({ gateway })), { env, inContainer: false });
const TOKEN = 'dash0token0dash0token0dash0token0dash0token00';

describe('Open Dashboard', () => {
  it('runs OpenClaw\'s own command, which mints a one-time link', () => {
    assert.equal(DASHBOARD_COMMAND, 'openclaw dashboard');
  });

  it('the plain Control UI address of a local gateway: port, TLS and base path, never a credential', () => {
    assert.equal(controlUiAddress(model({ auth: { token: TOKEN } })), 'http://127.0.0.1:18789/');
    assert.equal(controlUiAddress(model({ port: 19000, tls: { enabled: true }, auth: { token: TOKEN } })), 'https://127.0.0.1:19000/');
    assert.equal(controlUiAddress(model({ controlUi: { basePath: 'openclaw/' } })), 'http://127.0.0.1:18789/openclaw/');
    assert.equal(controlUiAddress(model({ auth: { token: TOKEN } }, { OPENCLAW_GATEWAY_PORT: '19555', OPENCLAW_GATEWAY_TOKEN: TOKEN })), 'http://127.0.0.1:19555/');
    for (const address of [controlUiAddress(model({ auth: { token: TOKEN } })), controlUiAddress(model({ auth: { password: TOKEN, mode: 'password' } }))]) {
      assert.ok(!address?.includes(TOKEN) && !address?.includes('#') && !address?.includes('?'));
    }
  });

  it('remote mode has no local address to open', () => {
    assert.equal(controlUiAddress(model({ mode: 'remote', remote: { url: 'wss://gw.example', token: TOKEN } })), undefined);
  });

  it('base paths are normalised as OpenClaw does', () => {
    assert.equal(normalizeControlUiBasePath(undefined), '');
    assert.equal(normalizeControlUiBasePath('/'), '');
    assert.equal(normalizeControlUiBasePath(' ui '), '/ui');
    assert.equal(normalizeControlUiBasePath('/ui/'), '/ui');
  });
});
