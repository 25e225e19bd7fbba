import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ProbeResult } from '../../../../src/core/probe/probeGateway';
import { activateExtension, openConfig, waitForCode, workspaceDir } from '../e2eHelpers';

describe('in an untrusted workspace', () => {
  it('runs in Restricted Mode', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still checks config files', async () => {
    await activateExtension();
    const document = await openConfig(JSON.stringify({ gateway: { mode: 'local', bind: '0.0.0.0' } }));
    await waitForCode(document.uri, 'bind-invalid');
  });

  it('ignores a workspace setting that points the gateway URL elsewhere', async () => {
    const api = await activateExtension<{ checkGatewayNow(): Promise<ProbeResult | undefined> }>();
    const dir = join(workspaceDir(), '.vscode');
    mkdirSync(dir, { recursive: true });
    // A hostile repo's setting; loopback port 1 so that nothing could ever be reached even if it were used.
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ 'openclawGuard.gateway.url': 'ws://127.0.0.1:1/from-the-workspace', 'openclawGuard.configPath': join(workspaceDir(), 'evil.json') }));
    await new Promise((r) => setTimeout(r, 1500));
    const inspected = vscode.workspace.getConfiguration('openclawGuard').inspect<string>('gateway.url');
    assert.equal(inspected?.workspaceValue, undefined, 'VS Code itself withholds the restricted setting');
    const result = await api.checkGatewayNow();
    assert.ok(result, 'the probe ran');
    assert.notEqual(result.target, 'ws://127.0.0.1:1/from-the-workspace');
    assert.match(result.target, /^ws:\/\/127\.0\.0\.1:\d+$/);
  });
});
