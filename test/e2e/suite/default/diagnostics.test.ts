import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, codeOf, currentDocument, openConfig, ours, waitFor, waitForCode } from '../e2eHelpers';

const AUTH = '3f9a1c7e5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f20';
const REMOTE = '9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c50';

describe('diagnostics in a real VS Code', () => {
  before(async () => {
    await activateExtension();
  });

  it('shows token-mismatch at the exact range with code, docs link, source and related information', async () => {
    const text = JSON.stringify({ gateway: { mode: 'local', auth: { mode: 'token', token: AUTH }, remote: { token: REMOTE } } }, null, 2);
    const document = await openConfig(text);
    const [d] = await waitForCode(document.uri, 'token-mismatch');
    const start = text.indexOf(REMOTE);
    assert.deepEqual([document.offsetAt(d.range.start), document.offsetAt(d.range.end)], [start, start + REMOTE.length]);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.source, 'openclaw');
    assert.ok(typeof d.code === 'object' && d.code.target.toString().endsWith('#token-mismatch'));
    assert.equal(d.relatedInformation?.length, 1);
    const related = d.relatedInformation?.[0];
    assert.equal(document.offsetAt(related?.location.range.start ?? new vscode.Position(0, 0)), text.indexOf(AUTH));
    assert.ok(!d.message.includes(AUTH) && !d.message.includes(REMOTE), 'no secret in the message');
  });

  it('reads a JSON5 config (unquoted keys, comments) with our findings and no false syntax errors', async () => {
    const text = `// my gateway\n{\n  gateway: {\n    mode: 'local',\n    auth: { token: '${AUTH}' }, // trailing comma next\n    remote: { token: '${REMOTE}', },\n  },\n}\n`;
    const document = await openConfig(text);
    await waitForCode(document.uri, 'token-mismatch');
    const switched = await waitFor('JSON5 language mode', () => (currentDocument(document.uri).languageId === 'json5' ? true : undefined));
    assert.ok(switched);
    // Give other providers (the JSON language service) time to publish, then look for foreign errors.
    await new Promise((r) => setTimeout(r, 1500));
    const foreign = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source !== 'openclaw');
    assert.deepEqual(foreign.map((d) => `${d.source}: ${d.message}`), []);
    assert.ok(ours(document.uri).every((d) => codeOf(d) !== 'syntax-error'));
  });

  it('reports token-risky-chars after typing "#" into a token and clears it when deleted', async () => {
    // bind-invalid is there from the start: its arrival proves the first analysis is published.
    const text = JSON.stringify({ gateway: { mode: 'local', bind: 'localhost', auth: { mode: 'token', token: AUTH }, remote: { token: AUTH } } }, null, 2);
    const document = await openConfig(text);
    await waitForCode(document.uri, 'bind-invalid');
    assert.equal(ours(document.uri).filter((d) => codeOf(d) === 'token-risky-chars').length, 0);
    const at = document.positionAt(text.indexOf(AUTH) + 10);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((b) => b.insert(at, '#'));
    const [d] = await waitForCode(document.uri, 'token-risky-chars');
    assert.equal(document.getText(d.range), '#');
    await editor.edit((b) => b.delete(new vscode.Range(at, at.translate(0, 1))));
    await waitForCode(document.uri, 'token-risky-chars', false);
  });

  it('reports a missing comma where it is missing, without quoting the file\'s text', async () => {
    const document = await openConfig('{\n  "gateway": {\n    "auth": { "token": "x" }\n    "remote": {}\n  }\n}');
    const [d] = await waitForCode(document.uri, 'syntax-error');
    assert.match(d.message, /Missing comma between two properties/);
    assert.doesNotMatch(d.message, /"auth"|"remote"/);
    assert.equal(d.range.start.line, 3);
  });
});
