import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, currentDocument, openConfig, waitFor, waitForCode } from '../e2eHelpers';

const TOKEN = '3f9a1c7e5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f20';

async function quickFixes(document: vscode.TextDocument, range: vscode.Range, title: RegExp): Promise<vscode.CodeAction[]> {
  return waitFor('quick fixes', async () => {
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const mine = actions.filter((a) => a.kind?.value === 'quickfix' && title.test(a.title));
    return mine.length > 0 ? mine : undefined;
  });
}

describe('Control UI findings in a real VS Code', () => {
  before(async () => {
    await activateExtension();
  });

  it('an allowedOrigins entry with a path: a warning on the entry, and the quick fix leaves exactly its origin', async () => {
    const text = `{\n  // gateway behind a TLS proxy\n  gateway: {\n    mode: 'local',\n    auth: { mode: 'token', token: '${TOKEN}' },\n    controlUi: {\n      allowedOrigins: ['https://gw.example.com/openclaw/'],\n    },\n  },\n}\n`;
    const document = await openConfig(text);
    const [diagnostic] = await waitForCode(document.uri, 'control-ui-origin-invalid');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(document.getText(diagnostic.range), 'https://gw.example.com/openclaw/');
    assert.ok(diagnostic.message.includes('has a path') && diagnostic.message.includes('"https://gw.example.com"'), diagnostic.message);
    const [fix] = await quickFixes(document, diagnostic.range, /^Use "/);
    assert.equal(fix.title, 'Use "https://gw.example.com"');
    assert.ok(fix.edit);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(currentDocument(document.uri).getText(), text.replace('https://gw.example.com/openclaw/', 'https://gw.example.com'));
    await waitForCode(document.uri, 'control-ui-origin-invalid', false);
  });

  it('bind "lan" in a config last written by 2026.2.26: an error that quotes the start-up failure; the fix adds origins for the configured port', async () => {
    const text = `{\n  "meta": { "lastTouchedVersion": "2026.2.26" },\n  "gateway": {\n    "mode": "local",\n    "bind": "lan",\n    "port": 19001,\n    "auth": { "mode": "token", "token": "${TOKEN}" }\n  }\n}\n`;
    const document = await openConfig(text);
    const [diagnostic] = await waitForCode(document.uri, 'control-ui-origins-missing');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(diagnostic.message.includes('Gateway failed to start: Error: non-loopback Control UI requires gateway.controlUi.allowedOrigins'), diagnostic.message);
    const [fix] = await quickFixes(document, diagnostic.range, /^Add gateway\.controlUi\.allowedOrigins/);
    assert.ok(fix.title.startsWith('Add gateway.controlUi.allowedOrigins: http://localhost:19001, http://127.0.0.1:19001'), fix.title);
    assert.ok(!fix.title.includes(TOKEN));
    assert.ok(fix.edit);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const written = JSON.parse(currentDocument(document.uri).getText()) as { gateway: { controlUi?: { allowedOrigins?: string[] } } };
    // The title lists exactly what was written: the seeded origins, then this machine's own addresses.
    assert.deepEqual(written.gateway.controlUi?.allowedOrigins, fix.title.slice('Add gateway.controlUi.allowedOrigins: '.length).split(', '));
    await waitForCode(document.uri, 'control-ui-origins-missing', false);
  });
});
