import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ProbeResult } from '../../../../src/core/probe/probeGateway';
import type { StatusSnapshot } from '../../../../src/vscode/gatewayStatus';
import { FRAMES, startFakeGateway, type FakeGateway } from '../../../support/fakeGateway';
import { drive } from '../driver';
import { activateExtension, waitFor } from '../e2eHelpers';

interface Api {
  status(): StatusSnapshot;
  checkGatewayNow(): Promise<ProbeResult | undefined>;
  logHistory(): readonly string[];
}

const TOKEN = process.env.OCG_E2E_GATEWAY_TOKEN ?? '';
const STATUS_ITEM = '[id="openclaw-guard.openclaw-guard.openclawGuard.gatewayStatus"]';

function configPath(): string {
  const path = process.env.OPENCLAW_CONFIG_PATH;
  assert.ok(path, 'the e2e runner sets OPENCLAW_CONFIG_PATH');
  return path;
}

describe('the status item when the gateway asks to pair this device (the frame recorded from 2026.9.6)', () => {
  let api: Api;
  let gateway: FakeGateway;
  let saved = '';

  before(async () => {
    api = await activateExtension<Api>();
    saved = readFileSync(configPath(), 'utf8');
    gateway = await startFakeGateway('pairing-required', TOKEN);
    writeFileSync(configPath(), JSON.stringify({ gateway: { mode: 'local', bind: 'loopback', port: gateway.port, auth: { mode: 'token', token: TOKEN } } }, null, 2) + '\n');
  });
  after(async () => {
    await drive('/hover', { x: 640, y: 300 });
    writeFileSync(configPath(), saved);
    await gateway.close();
  });

  it('shows pairing-required with its own text', async () => {
    // The first check after the config changed waits for the watcher and any check still in flight;
    // a loaded 2-core machine has been seen to need more than 15 s.
    const status = await waitFor('pairing-required', () => (api.status().state === 'pairing-required' ? api.status() : undefined), 45_000);
    assert.equal(status.code, 'PAIRING_REQUIRED');
    const item = await drive('/text', { selector: STATUS_ITEM });
    assert.ok(item.ok, item.error);
    assert.match(item.text ?? '', /OpenClaw: pairing required/);
  });

  it('names the device, the request and the exact approve command in the tooltip, with a link to run it', async () => {
    const hover = await drive('/hover', { selector: STATUS_ITEM });
    assert.ok(hover.ok, hover.error);
    const text = await waitFor('the pairing tooltip', async () => {
      const r = await drive('/text', { selector: '.workbench-hover, .monaco-hover' });
      return r.ok && r.text?.includes(FRAMES.pairingRequestId) ? r.text : undefined;
    });
    const plain = text.replace(/\s+/g, ' ');
    assert.ok(plain.includes(FRAMES.pairingDeviceId), plain);
    assert.ok(plain.includes(`openclaw devices approve ${FRAMES.pairingRequestId}`), plain);
    assert.ok(plain.includes('openclaw devices list'), plain);
    assert.ok(plain.includes('Approve in a terminal'), plain);
    assert.ok(!plain.includes(TOKEN));
    await drive('/hover', { x: 640, y: 300 });
  });

  it('offers the approve and dashboard commands (they run only when the user picks them)', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('openclawGuard.approvePairing'));
    assert.ok(commands.includes('openclawGuard.openDashboard'));
    assert.equal(vscode.window.terminals.filter((t) => t.name === 'OpenClaw').length, 0, 'nothing ran in a terminal on its own');
  });

  it('says once when a different gateway answers, as information, and logs no secret', async () => {
    gateway.setBehaviour('gateway');
    assert.equal((await api.checkGatewayNow())?.state, 'authorized');
    const other = (id: string): string => FRAMES.helloOk(id).replace('"version":"2026.9.6"', '"version":"2026.9.7"').replace('"buildId":"2026.9.6-release-', '"buildId":"2026.9.7-release-');
    gateway.setReply((_connect, id) => ({ frame: other(id) }));
    gateway.setBehaviour('custom');
    assert.equal((await api.checkGatewayNow())?.state, 'authorized');
    assert.equal((await api.checkGatewayNow())?.state, 'authorized');
    const log = api.logHistory().join('\n');
    const notes = log.split('\n').filter((line) => line.includes('A different gateway answered'));
    assert.equal(notes.length, 1, log);
    assert.match(notes[0], /OpenClaw 2026\.9\.6 \(build 2026\.9\.6-release-[^)]*\) before, OpenClaw 2026\.9\.7/);
    assert.ok(notes[0].startsWith('info '), `a change is information, not a warning: ${notes[0]}`);
    assert.ok(!log.includes(TOKEN));
    assert.ok(!log.includes('device-token-must-never-be-logged'));
  });
});
