import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import * as vscode from 'vscode';
import { drive } from '../driver';
import { activateExtension, codeOf, ours, waitFor, waitForCode, workspaceDir } from '../e2eHelpers';

const AUTH = '3f9a1c7e5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f20';
const REMOTE = '9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c50';

/** The `.env` OpenClaw reads for every config here: the runner sets OPENCLAW_STATE_DIR to $HOME/.openclaw. */
function stateDotenv(): string {
  const stateDir = process.env.OPENCLAW_STATE_DIR ?? '';
  assert.ok(stateDir.includes('ocg-e2e-'), 'the e2e runner sets OPENCLAW_STATE_DIR in a temp HOME');
  return join(stateDir, '.env');
}

let counter = 0;

/** Writes files into a fresh folder of the test workspace; returns that folder. */
function writeCase(files: Record<string, string>): string {
  const dir = join(workspaceDir(), `sources-${Date.now()}-${counter++}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function open(path: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
  await vscode.window.showTextDocument(document);
  return document;
}

async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return waitFor('quick fixes', async () => {
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const mine = actions.filter((a) => a.kind?.value === 'quickfix' && a.edit);
    return mine.length > 0 ? mine : undefined;
  });
}

/** The text of a file as VS Code holds it now (a WorkspaceEdit opens the files it changes). */
function documentText(uri: vscode.Uri): string | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.getText();
}

async function undoIn(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('undo');
}

describe('the files a config uses (includes, .env) in a real VS Code', () => {
  const dotenv = stateDotenv();

  before(async () => {
    await activateExtension();
    rmSync(dotenv, { force: true });
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dotenv, { force: true });
  });

  it('a token in ~/.openclaw/.env satisfies auth-token-missing; creating, changing and editing that file (on disk and unsaved) re-checks the config', async () => {
    assert.ok(!existsSync(dotenv));
    const dir = writeCase({ 'openclaw.json': JSON.stringify({ gateway: { mode: 'local', auth: { mode: 'token' }, remote: { token: REMOTE } } }, null, 2) });
    const config = await open(join(dir, 'openclaw.json'));
    await waitForCode(config.uri, 'auth-token-missing');
    // A file that did not exist when the config was first checked: the watcher sees it appear.
    writeFileSync(dotenv, `# the gateway's token\nOPENCLAW_GATEWAY_TOKEN=${REMOTE}\n`);
    await waitForCode(config.uri, 'auth-token-missing', false);
    // Changed on disk, not through the editor.
    writeFileSync(dotenv, '# the token moved to the service unit\nOTHER=1\n');
    await waitForCode(config.uri, 'auth-token-missing');
    writeFileSync(dotenv, `OPENCLAW_GATEWAY_TOKEN=${REMOTE}\n`);
    await waitForCode(config.uri, 'auth-token-missing', false);
    // Unsaved edits of the open .env count: the gateway would read what is about to be saved.
    const env = await open(dotenv);
    assert.equal(env.languageId, 'dotenv', 'a .env file opens in the dotenv language');
    const editor = await vscode.window.showTextDocument(env);
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, 0, 'OPENCLAW_GATEWAY_TOKEN'.length), 'OPENCLAW_GATEWAY_TOKEN_OLD'));
    await waitForCode(config.uri, 'auth-token-missing');
    await undoIn(env);
    await waitForCode(config.uri, 'auth-token-missing', false);
    assert.equal(readFileSync(dotenv, 'utf8'), `OPENCLAW_GATEWAY_TOKEN=${REMOTE}\n`, 'nothing was saved');
  });

  it('watches ~/.config/openclaw/gateway.env before its folder exists', async () => {
    const folder = join(process.env.HOME ?? '', '.config', 'openclaw');
    assert.ok(folder.includes('ocg-e2e-') && !existsSync(folder), folder);
    const dir = writeCase({ 'openclaw.json': JSON.stringify({ gateway: { mode: 'local', auth: { mode: 'token' }, remote: { token: REMOTE } } }, null, 2) });
    const config = await open(join(dir, 'openclaw.json'));
    await waitForCode(config.uri, 'auth-token-missing');
    try {
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'gateway.env'), `OPENCLAW_GATEWAY_TOKEN=${REMOTE}\n`);
      await waitForCode(config.uri, 'auth-token-missing', false);
      rmSync(join(folder, 'gateway.env'));
      await waitForCode(config.uri, 'auth-token-missing');
    } finally {
      rmSync(join(process.env.HOME ?? '', '.config'), { recursive: true, force: true });
    }
  });

  it('shows a finding of an included file on that file, with related information pointing into the config', async () => {
    const configText = `{\n  gateway: {\n    mode: 'local',\n    auth: { mode: 'token', token: '${AUTH}' },\n    remote: { $include: './remote.json5' },\n  },\n}\n`;
    const includeText = `// the client side\n{ token: '${REMOTE}' }\n`;
    const dir = writeCase({ 'openclaw.json': configText, 'remote.json5': includeText });
    const config = await open(join(dir, 'openclaw.json'));
    const include = vscode.Uri.file(join(dir, 'remote.json5'));
    // The included file is not open: its diagnostics are published all the same.
    const [d] = await waitForCode(include, 'token-mismatch');
    assert.deepEqual(ours(config.uri).filter((x) => codeOf(x) === 'token-mismatch'), [], 'the finding is in the file where remote.token is written');
    const remoteAt = includeText.indexOf(REMOTE);
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.character], [1, remoteAt - includeText.indexOf('\n') - 1, remoteAt - includeText.indexOf('\n') - 1 + REMOTE.length]);
    const related = d.relatedInformation ?? [];
    assert.equal(related.length, 1);
    assert.equal(related[0].location.uri.toString(), config.uri.toString());
    assert.equal(config.getText(related[0].location.range), AUTH);
    // The preferred cure writes where remote.token lives: the included file (open, as for its lightbulb).
    await open(include.fsPath);
    const preferred = (await quickFixes(include, d.range)).find((a) => a.isPreferred);
    assert.ok(preferred?.edit, 'a preferred quick fix');
    assert.ok(await vscode.workspace.applyEdit(preferred.edit));
    assert.equal(documentText(include), includeText.replace(REMOTE, AUTH));
    assert.equal(config.getText(), configText, 'the config is untouched');
    await waitForCode(include, 'token-mismatch', false);
    // Diagnostics of a file the config no longer uses are cleared.
    const editor = await vscode.window.showTextDocument(config);
    const start = configText.indexOf('remote: {');
    await editor.edit((b) => b.replace(new vscode.Range(config.positionAt(start), config.positionAt(start + "remote: { $include: './remote.json5' },".length)), `remote: { token: '${AUTH}' },`));
    await waitFor('no diagnostics left on the include', () => (ours(include).length === 0 ? true : undefined));
  });

  it('fix-all on the config applies the safe fixes in every file they belong to', async () => {
    const configText = `{\n  gateway: {\n    mode: 'local',\n    $include: './gateway.json5',\n    remote: { token: '${REMOTE}' },\n  },\n}\n`;
    const includeText = `{\n  bind: '0.0.0.0',\n  port: 1,\n  port: 18789,\n  auth: { mode: 'token', token: '${AUTH}' },\n}\n`;
    const dir = writeCase({ 'openclaw.json': configText, 'gateway.json5': includeText });
    const config = await open(join(dir, 'openclaw.json'));
    const include = vscode.Uri.file(join(dir, 'gateway.json5'));
    await waitForCode(include, 'bind-invalid');
    await waitForCode(include, 'duplicate-key');
    await waitForCode(config.uri, 'token-mismatch');
    const actions = await waitFor('fix-all action', async () => {
      const all = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', config.uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll')) ?? [];
      const mine = all.filter((a) => a.kind?.value === 'source.fixAll.openclawGuard');
      return mine.length > 0 ? mine : undefined;
    });
    assert.ok(actions[0].edit);
    assert.deepEqual(actions[0].edit.entries().map(([uri]) => uri.toString()).sort(), [config.uri.toString(), include.toString()].sort());
    assert.ok(await vscode.workspace.applyEdit(actions[0].edit));
    assert.equal(config.getText(), configText.replace(REMOTE, AUTH));
    assert.equal(documentText(include), `{\n  bind: 'lan',\n  port: 18789,\n  auth: { mode: 'token', token: '${AUTH}' },\n}\n`);
    await waitFor('no safe-fixable findings left', () => {
      const left = [...ours(config.uri), ...ours(include)].map(codeOf);
      return ['bind-invalid', 'token-mismatch', 'duplicate-key'].some((c) => left.includes(c)) ? undefined : true;
    });
  });

  it('a quick fix on a .env finding edits the .env file; undo restores it', async () => {
    const cut = `OPENCLAW_GATEWAY_TOKEN=${REMOTE.slice(0, 24)}#${REMOTE.slice(24)}`;
    writeFileSync(dotenv, `# gateway token\n${cut}\n`);
    const dir = writeCase({ 'openclaw.json': JSON.stringify({ gateway: { mode: 'local', auth: { mode: 'token' }, remote: { token: REMOTE } } }, null, 2) });
    const config = await open(join(dir, 'openclaw.json'));
    const envUri = vscode.Uri.file(dotenv);
    // Shown on the .env file while the config is the one being edited, before the .env is opened.
    const [d] = await waitForCode(envUri, 'dotenv-value-cut');
    assert.equal(d.range.start.line, 1);
    assert.ok(ours(config.uri).every((x) => codeOf(x) !== 'dotenv-value-cut'));
    const env = await open(dotenv);
    const fix = (await quickFixes(envUri, d.range)).find((a) => a.isPreferred);
    assert.ok(fix?.edit, 'the quote fix');
    assert.deepEqual(fix.edit.entries().map(([uri]) => uri.toString()), [envUri.toString()], 'the cure is written in the .env file only');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    // The value quoted (the quote character is the engine's choice), and read whole by OpenClaw's parser.
    assert.match(env.getText(), new RegExp(`^# gateway token\\nOPENCLAW_GATEWAY_TOKEN=(["'\`])${REMOTE.slice(0, 24)}#${REMOTE.slice(24)}\\1\\n$`));
    assert.equal(parseDotenv(env.getText()).OPENCLAW_GATEWAY_TOKEN, `${REMOTE.slice(0, 24)}#${REMOTE.slice(24)}`);
    await waitForCode(envUri, 'dotenv-value-cut', false);
    await undoIn(env);
    assert.equal(env.getText(), `# gateway token\n${cut}\n`);
    await waitForCode(envUri, 'dotenv-value-cut');
  });

  it("with no config open, a file OpenClaw's own config uses shows that config's findings", async () => {
    const home = process.env.OPENCLAW_CONFIG_PATH ?? '';
    assert.ok(home.includes('ocg-e2e-'), 'the e2e runner sets OPENCLAW_CONFIG_PATH in a temp HOME');
    const saved = readFileSync(home, 'utf8');
    const include = join(stateDotenv(), '..', 'remote.json5');
    try {
      writeFileSync(include, `{ token: '${REMOTE}' }\n`);
      writeFileSync(home, JSON.stringify({ gateway: { mode: 'local', auth: { mode: 'token', token: AUTH }, remote: { $include: './remote.json5' } } }, null, 2));
      assert.equal(vscode.window.visibleTextEditors.length, 0);
      const document = await open(include);
      const [d] = await waitForCode(document.uri, 'token-mismatch');
      assert.equal(d.relatedInformation?.[0]?.location.uri.fsPath, home);
    } finally {
      writeFileSync(home, saved);
      rmSync(include, { force: true });
    }
  });

  it('says whose environment the checks use, in the status tooltip', async () => {
    const hover = await drive('/hover', { selector: '[id="openclaw-guard.openclaw-guard.openclawGuard.gatewayStatus"]' });
    assert.ok(hover.ok, hover.error);
    const text = await waitFor('the status tooltip', async () => {
      const r = await drive('/text', { selector: '.workbench-hover, .monaco-hover' });
      return r.ok && r.text?.includes('Environment') ? r.text : undefined;
    });
    // The hover's markdown renderer may set spaces as no-break spaces and apostrophes as typographic ones.
    const plain = text.replace(/\s+/g, ' ').replace(/\u2019/g, "'");
    assert.ok(plain.includes("Environment: this editor's, for the client and the gateway (the gateway service's may differ)."), JSON.stringify(plain));
    await drive('/hover', { x: 640, y: 300 });
  });
});
