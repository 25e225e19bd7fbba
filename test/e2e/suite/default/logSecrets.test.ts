import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ProbeResult } from '../../../../src/core/probe/probeGateway';
import { startFakeGateway, type FakeGateway } from '../../../support/fakeGateway';
import { activateExtension, openConfig, waitForCode } from '../e2eHelpers';

interface Api {
  checkGatewayNow(): Promise<ProbeResult | undefined>;
  logHistory(): readonly string[];
}

/** Distinctive secrets in every slot the extension reads, and a gateway that echoes them all back. */
const SECRETS = {
  auth: 'Kq7ZvW2xJ9kQz4VwX6jK3vZq8WxJ',
  remote: 'Zx4WqK9vJ2zX7kWq5VjZ3xK8qWvJ',
  escaped: 'Vw9KjX2qZ7vW4kJx6QzV3wK8jXqZ',
  env: 'Jz6XvQ2kW9jZ4xV7qK3wJ5zX8vQk',
  bot: 'Qk3ZwX7vJ2qK9zW4xV6jQ8kZ5wXv',
  url: 'Xv8JqZ3kW6xV2jQ9zK4wX7vJ5qZk',
};

function assertNoSecret(text: string): void {
  for (const [name, secret] of Object.entries(SECRETS)) {
    for (let i = 0; i + 8 <= secret.length; i++) assert.ok(!text.includes(secret.slice(i, i + 8)), `the log holds part of the ${name} secret:\n${text}`);
  }
}

describe('the extension log never holds a secret', () => {
  let api: Api;
  let gateway: FakeGateway;
  const savedPassword = process.env.OPENCLAW_GATEWAY_PASSWORD;

  before(async () => {
    api = await activateExtension<Api>();
    gateway = await startFakeGateway('custom');
    gateway.setReply((connect, id, earlier) => {
      const echo = [connect, ...earlier].map((c) => `${c.token ?? ''}${c.password ?? ''}`).join('|');
      return {
        frame: JSON.stringify({ type: 'res', id, ok: false, error: { code: `X_${echo}`, message: `unauthorized ${echo}\u001b[2K`, details: { code: `AUTH_${echo}` } } }),
        close: { code: 1008, reason: echo.slice(0, 100) },
      };
    });
    process.env.OPENCLAW_GATEWAY_PASSWORD = SECRETS.env;
  });
  after(async () => {
    if (savedPassword === undefined) delete process.env.OPENCLAW_GATEWAY_PASSWORD;
    else process.env.OPENCLAW_GATEWAY_PASSWORD = savedPassword;
    await gateway.close();
  });

  it('after probing a hostile gateway, analysing and fixing a config full of secrets', async () => {
    const home = process.env.OPENCLAW_CONFIG_PATH;
    assert.ok(home, 'the e2e runner sets OPENCLAW_CONFIG_PATH');
    const config = (port: number): string =>
      [
        '{',
        '  gateway: {',
        `    mode: 'local', bind: 'loopback', port: ${port},`,
        `    auth: { mode: 'token', token: '${SECRETS.auth}' },`,
        `    remote: { token: '${SECRETS.remote}', url: 'ws://127.0.0.1:${port}/?token=${SECRETS.url}' },`,
        '  },',
        `  channels: { telegram: { botToken: '${SECRETS.bot}' } },`,
        `  notes: "\\u0056${SECRETS.escaped.slice(1)}",`,
        '}',
        '',
      ].join('\n');
    writeFileSync(home, config(gateway.port));
    const result = await api.checkGatewayNow();
    assert.ok(result && result.state !== 'authorized', 'the hostile gateway answered');
    assert.ok(gateway.received.length > 0, 'a secret was sent to it, so its echo was tested');
    const document = await openConfig(config(gateway.port));
    await waitForCode(document.uri, 'token-mismatch');
    await vscode.commands.executeCommand('openclawGuard.copyFingerprint');
    assertNoSecret(api.logHistory().join('\n'));
  });
});
