import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { OpenClawGuardApi } from '../../../../src/extension';
import { fingerprint } from '../../../../src/core/secretValues';
import type { SourceMapItem } from '../../../../src/vscode/sourceMapView';
import { drive } from '../driver';
import { activateExtension, codeOf, ours, waitFor } from '../e2eHelpers';

/*
 * Issue 12 in a real VS Code: the temp HOME holds the user's systemd unit for the gateway, whose
 * EnvironmentFile has a stale OPENCLAW_GATEWAY_TOKEN, and a ~/.bashrc exporting another stale one.
 * The user's own config (the runner's, with the token the gateway uses) discovers both: a
 * diagnostic sits on each line, the quick fix there offers the service's reload command, the map
 * lists both files, and "make every source agree" edits both in one edit that one undo takes back.
 */

const STALE_SERVICE = '4d6f8a0c1e3f5a7b9d1c3e5f7a9b0d2c4e6f8a1b3d5e92aa';
const STALE_SHELL = '8a0c1e3f5a7b9d1c3e5f7a9b0d2c4e6f8a1b3d5e92aa4d6f';

function flat(items: readonly SourceMapItem[]): SourceMapItem[] {
  return items.flatMap((item) => [item, ...flat(item.children)]);
}

function textNow(path: string): string {
  return vscode.workspace.textDocuments.find((d) => d.uri.fsPath === path)?.getText() ?? readFileSync(path, 'utf8');
}

describe('gateway services and shell profiles of the user’s own config', () => {
  const home = process.env.HOME ?? '';
  const unitDir = join(home, '.config', 'systemd', 'user');
  const unit = join(unitDir, 'openclaw-gateway.service');
  const envFile = join(home, '.openclaw', 'gateway.systemd.env');
  const bashrc = join(home, '.bashrc');
  const token = process.env.OCG_E2E_GATEWAY_TOKEN ?? '';
  const UNIT_TEXT = '[Unit]\nDescription=OpenClaw Gateway\n\n[Service]\nExecStart=/usr/bin/openclaw gateway --port 9\nEnvironmentFile=-%h/.openclaw/gateway.systemd.env\n';
  const ENV_TEXT = `# written by openclaw gateway install\nOPENCLAW_GATEWAY_TOKEN=${STALE_SERVICE}\n`;
  const BASHRC_TEXT = `alias ll='ls -l'\nexport OPENCLAW_GATEWAY_TOKEN=${STALE_SHELL}\n`;
  let api: OpenClawGuardApi;

  before(async () => {
    assert.ok(home.includes('ocg-e2e-'), 'the runner gives a temp HOME');
    assert.ok(token, 'the runner names the gateway token of the home config');
    api = await activateExtension<OpenClawGuardApi>();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    mkdirSync(unitDir, { recursive: true });
    writeFileSync(envFile, ENV_TEXT);
    writeFileSync(unit, UNIT_TEXT);
    writeFileSync(bashrc, BASHRC_TEXT);
  });

  after(async () => {
    for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty && [envFile, bashrc, process.env.OPENCLAW_CONFIG_PATH].includes(d.uri.fsPath))) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(join(home, '.config', 'systemd'), { recursive: true, force: true });
    rmSync(envFile, { force: true });
    rmSync(bashrc, { force: true });
  });

  async function diagnosticIn(path: string, code: string): Promise<vscode.Diagnostic> {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
    await vscode.window.showTextDocument(document, { preview: false });
    return waitFor(`${code} in ${path}`, () => ours(document.uri).find((d) => codeOf(d) === code), 30_000);
  }

  it('a diagnostic on the EnvironmentFile line, related to the effective token, with a fix that offers the reload command', async () => {
    const diagnostic = await diagnosticIn(envFile, 'service-token-stale');
    assert.equal(diagnostic.range.start.line, 1);
    assert.ok(diagnostic.message.includes(fingerprint(STALE_SERVICE)), diagnostic.message);
    assert.ok(!diagnostic.message.includes(STALE_SERVICE) && !diagnostic.message.includes(token), 'no secret in the message');
    assert.ok((diagnostic.relatedInformation ?? []).some((r) => r.location.uri.fsPath === process.env.OPENCLAW_CONFIG_PATH), 'related to the config’s token');
    const uri = vscode.Uri.file(envFile);
    const actions = await waitFor('the quick fix on the env file', async () => {
      const all = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
      const fix = all.find((a) => a.edit && a.command?.command === 'openclawGuard.offerServiceCommand');
      return fix ? all : undefined;
    });
    const fix = actions.find((a) => a.command?.command === 'openclawGuard.offerServiceCommand');
    assert.deepEqual(fix?.command?.arguments, ['systemctl --user daemon-reload && systemctl --user restart openclaw-gateway.service', [envFile]]);
    assert.ok(fix?.edit?.has(uri), 'the fix edits the env file');
  });

  it('a diagnostic on the ~/.bashrc export line', async () => {
    const diagnostic = await diagnosticIn(bashrc, 'profile-token-stale');
    assert.equal(diagnostic.range.start.line, 1);
  });

  it('the map lists the env file and the profile; agreeing edits both in one edit, one undo restores them', async () => {
    const items = await waitFor(
      'the map with the service and profile places',
      () => {
        const all = flat(api.sourceMap());
        const has = (fp: string) => all.some((i) => i.description.startsWith(`${fingerprint(fp)} ·`) && i.icon === 'error');
        return has(STALE_SERVICE) && has(STALE_SHELL) ? all : undefined;
      },
      30_000,
    );
    const groups = items.filter((i) => i.id.startsWith('group:')).map((i) => i.label);
    assert.ok(groups.some((g) => g.endsWith('gateway.systemd.env')), groups.join(', '));
    assert.ok(groups.some((g) => g.endsWith('.bashrc')), groups.join(', '));
    const shell = items.find((i) => i.description.startsWith(`${fingerprint(STALE_SHELL)} ·`));
    assert.match(shell?.description ?? '', /new shells/);
    const shown = JSON.stringify(api.sourceMap());
    for (const secret of [STALE_SERVICE, STALE_SHELL, token]) assert.ok(!shown.includes(secret), 'no secret in the view');

    // Earlier suites may have changed the home config's token: the effective one is what the map says.
    const effective = items.find((i) => i.id === 'effective')?.label.split(': ')[1] ?? '';
    const configPath = process.env.OPENCLAW_CONFIG_PATH ?? '';
    const configBefore = textNow(configPath);
    const outcome = await api.makeSourcesAgree('effective');
    assert.ok(outcome?.applied, 'applied');
    assert.ok(outcome.files.includes(envFile) && outcome.files.includes(bashrc), outcome.files.join(', '));
    const written = (text: string) => /OPENCLAW_GATEWAY_TOKEN=(\S+)/.exec(text)?.[1] ?? '';
    assert.equal(fingerprint(written(textNow(envFile))), effective);
    assert.equal(textNow(envFile).split('\n')[0], ENV_TEXT.split('\n')[0], 'the comment stays');
    assert.equal(fingerprint(written(textNow(bashrc))), effective);
    assert.ok(textNow(bashrc).startsWith("alias ll='ls -l'\nexport OPENCLAW_GATEWAY_TOKEN="));
    assert.equal(readFileSync(envFile, 'utf8'), ENV_TEXT, 'nothing is saved behind the user');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(envFile));
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    await waitFor('every file restored', () => (textNow(envFile) === ENV_TEXT && textNow(bashrc) === BASHRC_TEXT && textNow(configPath) === configBefore ? true : undefined));
  });

  it('the reload command is offered, and runs in a visible terminal only after the click on "Run in terminal"', async () => {
    const marker = join(home, 'ocg-offer-ran');
    const command = `touch ${marker}`;
    const offered = vscode.commands.executeCommand<boolean>('openclawGuard.offerServiceCommand', command, []);
    await waitFor('the notification', async () => {
      const r = await drive('/text', { selector: '.notifications-toasts' });
      return r.ok && r.text?.includes(command) ? true : undefined;
    });
    assert.ok(!existsSync(marker), 'nothing runs before the click');
    assert.ok(!vscode.window.terminals.some((x) => x.name === 'OpenClaw Guard'), 'no terminal before the click');
    await drive('/click', { selector: '.notifications-toasts .monaco-button:has-text("Run in terminal")' });
    assert.equal(await offered, true);
    const terminal = await waitFor('the terminal', () => vscode.window.terminals.find((x) => x.name === 'OpenClaw Guard'));
    await waitFor('the command run in it', () => (existsSync(marker) ? true : undefined), 30_000);
    terminal.dispose();
    rmSync(marker, { force: true });
  });
});
