import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { drive } from '../driver';
import { EXTENSION_ID } from '../e2eHelpers';

describe('the extension host', () => {
  it('is a Node extension host (code-server, VS Code 1.100)', () => {
    assert.equal(typeof process.versions.node, 'string');
    assert.ok(vscode.env.remoteName, 'runs in the remote (server) extension host');
    assert.match(vscode.version, /^1\.\d+/);
  });

  it('activates OpenClaw Guard and measures activation time', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const api = (await extension.activate()) as { activationMs: number };
    console.log(`activation took ${api.activationMs} ms inside activate()`);
    assert.ok(extension.isActive);
    assert.equal(typeof api.activationMs, 'number');
  });

  it('can take a screenshot through the launcher', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ocg-shot-')), 'shot.png');
    const r = await drive('/screenshot', { path: file });
    assert.ok(r.ok, r.error);
    assert.ok(existsSync(file));
    assert.equal(readFileSync(file).subarray(1, 4).toString('ascii'), 'PNG');
  });

  it('never sees the real ~/.openclaw', () => {
    assert.ok(process.env.HOME?.includes('ocg-e2e-'), process.env.HOME);
  });
});
