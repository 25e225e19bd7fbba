import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ProbeResult } from '../../../../src/core/probe/probeGateway';
import { startFakeGateway, type FakeGateway } from '../../../support/fakeGateway';
import { drive } from '../driver';
import { activateExtension, openConfig, waitFor, waitForCode } from '../e2eHelpers';

/**
 * `npm run screenshots`: real PNGs of the extension at work, taken in the e2e host and written to
 * media/ for the README. OCG_E2E_SHOT_PREFIX separates the English and the zh-CN runs.
 */
const MEDIA = join(process.env.OCG_E2E_REPO ?? '.', 'media');
const PREFIX = process.env.OCG_E2E_SHOT_PREFIX ?? 'screenshot';
const TOKEN = process.env.OCG_E2E_GATEWAY_TOKEN ?? '';
const STATUS_ITEM = '[id="openclaw-guard.openclaw-guard.openclawGuard.gatewayStatus"]';

async function shot(name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
  const r = await drive('/screenshot', { path: join(MEDIA, `${PREFIX}-${name}.png`), clip });
  assert.ok(r.ok, r.error);
}

async function settle(ms = 800): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

const CONFIG = `// ~/.openclaw/openclaw.json
{
  gateway: {
    mode: 'local',
    bind: 'loopback',
    auth: {
      mode: 'token',
      token: '3f9a1c7e5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f20',
    },
    remote: {
      token: 'change-me#2024', // copied from a tutorial
    },
  },
}
`;

describe('screenshots', () => {
  let gateway: FakeGateway;
  let api: { checkGatewayNow(): Promise<ProbeResult | undefined>; sourceMap(): Array<{ label: string; children: Array<{ label: string }> }> };

  before(async () => {
    api = await activateExtension();
    gateway = await startFakeGateway('gateway', TOKEN);
    const path = process.env.OPENCLAW_CONFIG_PATH ?? '';
    writeFileSync(path, JSON.stringify({ gateway: { mode: 'local', bind: 'loopback', port: gateway.port, auth: { mode: 'token', token: TOKEN }, remote: { token: TOKEN } } }, null, 2));
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });
  after(() => gateway.close());

  it('the squiggle with its hover', async () => {
    const document = await openConfig(CONFIG);
    await waitForCode(document.uri, 'token-mismatch');
    const editor = await vscode.window.showTextDocument(document);
    const at = document.positionAt(CONFIG.indexOf('change-me#2024') + 3);
    editor.selection = new vscode.Selection(at, at);
    await settle();
    await vscode.commands.executeCommand('editor.action.showHover');
    await settle(1500);
    await shot('diagnostic-hover');
  });

  it('the lightbulb menu with the fixes', async () => {
    await vscode.commands.executeCommand('editor.action.hideHover');
    await vscode.commands.executeCommand('editor.action.quickFix');
    await settle(1500);
    await shot('quick-fixes');
    await drive('/keys', { keys: ['Escape'] });
  });

  it('the status bar: authorized, its tooltip, rejected', async () => {
    assert.equal((await api.checkGatewayNow())?.state, 'authorized');
    await settle();
    await shot('status-authorized', { x: 0, y: 700, width: 1280, height: 100 });
    const hover = await drive('/hover', { selector: STATUS_ITEM });
    assert.ok(hover.ok, hover.error);
    await settle(1800);
    await shot('status-tooltip');
    await drive('/hover', { x: 640, y: 300 });
    gateway.setSecret('the-gateway-was-restarted-with-another-token-00');
    assert.equal((await api.checkGatewayNow())?.state, 'rejected');
    await settle();
    await shot('status-rejected', { x: 0, y: 700, width: 1280, height: 100 });
  });

  it('the source map: where the token lives, who takes it, and whether it agrees', async () => {
    const path = process.env.OPENCLAW_CONFIG_PATH ?? '';
    const dotenv = join(process.env.OPENCLAW_STATE_DIR ?? '', '.env');
    gateway.setSecret(TOKEN);
    const config = `{
  // ~/.openclaw/openclaw.json
  gateway: {
    mode: 'local',
    port: ${gateway.port},
    auth: { mode: 'token', token: '${TOKEN}' },
    remote: { token: '${TOKEN}' },
  },
  env: { vars: { OPENCLAW_GATEWAY_TOKEN: 'b7c1d9e3f5a2c4e6a8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8' } },
}
`;
    writeFileSync(path, config);
    writeFileSync(dotenv, '# from a troubleshooting post\nOPENCLAW_GATEWAY_TOKEN=0a2c4e6f8b1d3f5a7c9e0b2d4f6a8c1e3b5d7f9a0c2e4b61\n');
    try {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      assert.equal((await api.checkGatewayNow())?.state, 'authorized');
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('openclawGuard.showSourceMap');
      // Wide enough for each place's fingerprint and readers.
      // Wide enough for each place's fingerprint and readers: the sidebar's sash dragged to the right.
      const sidebar = await drive('/box', { selector: '.part.sidebar' });
      assert.ok(sidebar.ok && sidebar.box, sidebar.error);
      const edge = sidebar.box.x + sidebar.box.width;
      const drag = await drive('/drag', { x: edge, y: 400, toX: edge + 330, toY: 400 });
      assert.ok(drag.ok, drag.error);
      await drive('/hover', { x: 1000, y: 600 });
      // Every place listed: the config, its env.vars, the .env line and the running gateway.
      await waitFor('the map', () => (api.sourceMap().length >= 4 ? true : undefined), 20_000);
      await settle(1500);
      await shot('source-map');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      rmSync(dotenv, { force: true });
    }
  });
});
