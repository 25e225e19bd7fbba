import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import * as vscode from 'vscode';
import type { OpenClawGuardApi } from '../../../../src/extension';
import { fingerprint } from '../../../../src/core/secretValues';
import type { SourceMapItem } from '../../../../src/vscode/sourceMapView';
import { drive } from '../driver';
import { activateExtension, waitFor, workspaceDir } from '../e2eHelpers';

/*
 * The map of where the gateway token lives, in a real VS Code: a config holds one token, the
 * ~/.openclaw/.env file of the temp HOME another, env.vars a third. The view lists each with its
 * fingerprint, who takes it and whether it agrees; "make every source agree" edits the config and
 * the .env file (neither open) in one WorkspaceEdit, and one undo puts both back.
 */

const AUTH = '5c1e9a3f7b2d4e6a8c0f1b3d5e7a9c2e4f6a8b0d1c3e5f70';
const DOTENV = '7e3a5c9f1b2d4e6a8c0e2f4a6b8d0c1e3f5a7b9d2c4e6f81';
const VARS = '2b4d6f8a0c1e3f5a7b9d1c3e5f7a9b0d2c4e6f8a1b3d5e92';

const CONFIG_TEXT = `{
  // the gateway's own token
  "gateway": {
    "mode": "local",
    "port": 9,
    "auth": { "mode": "token", "token": "${AUTH}" },
    "remote": { "token": "${AUTH}" }
  },
  "env": { "vars": { "OPENCLAW_GATEWAY_TOKEN": "${VARS}" } }
}
`;
const DOTENV_TEXT = `# copied from a troubleshooting post\nOPENCLAW_GATEWAY_TOKEN=${DOTENV}\n`;

function flat(items: readonly SourceMapItem[]): SourceMapItem[] {
  return items.flatMap((item) => [item, ...flat(item.children)]);
}

function documentText(path: string): string | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.fsPath === path)?.getText();
}

/** What VS Code holds for a file now: its document, or the disk when it has none (a clean model may be dropped). */
function textNow(path: string): string {
  return documentText(path) ?? readFileSync(path, 'utf8');
}

describe('where the token lives: the source map view', () => {
  // A config of its own in the workspace (OpenClaw's own file in the temp HOME stays as other suites
  // expect it) and the .env OpenClaw reads for it: the state directory's, which the runner points
  // at the temp HOME's ~/.openclaw.
  let dir = '';
  let configPath = '';
  let dotenvPath = '';
  let api: OpenClawGuardApi;

  /** The map follows the active config, as the diagnostics do: the focused one. */
  async function focusConfig(): Promise<void> {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(configPath)));
  }

  before(async () => {
    api = await activateExtension<OpenClawGuardApi>();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    dir = join(workspaceDir(), `source-map-${Date.now()}`);
    mkdirSync(dir, { recursive: true });
    configPath = join(dir, 'openclaw.json');
    dotenvPath = join(process.env.OPENCLAW_STATE_DIR ?? '', '.env');
    assert.ok(dotenvPath.includes('ocg-e2e-'), 'the runner gives a temp HOME');
    writeFileSync(configPath, CONFIG_TEXT);
    writeFileSync(dotenvPath, DOTENV_TEXT);
    await focusConfig();
  });
  after(async () => {
    // The edits and their undo may leave the files' documents dirty: put them back to what is on disk.
    for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty && [configPath, dotenvPath].includes(d.uri.fsPath))) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dir, { recursive: true, force: true });
    rmSync(dotenvPath, { force: true });
  });

  /** The view's items once they show the place of the .env file (files on disk are watched and re-read). */
  async function mapWith(what: string, ready: (items: SourceMapItem[]) => boolean): Promise<SourceMapItem[]> {
    return waitFor(what, () => {
      const items = flat(api.sourceMap());
      return ready(items) ? items : undefined;
    }, 20_000);
  }

  it('lists every place with its fingerprint, who takes it and whether it agrees; secrets never appear', async () => {
    const items = await mapWith('the map of the config', (all) => all.some((i) => i.label === '~/.openclaw/.env') && all.some((i) => i.label.startsWith('env.vars.')));
    const effective = items.find((i) => i.id === 'effective');
    assert.equal(effective?.label, `Effective token: ${fingerprint(AUTH)}`);
    assert.match(effective?.description ?? '', /^gateway\.auth\.token \(openclaw\.json:6\) · local mode$/);
    const groups = api.sourceMap().filter((i) => i.id.startsWith('group:')).map((i) => i.label);
    assert.deepEqual(groups, ['openclaw.json', '~/.openclaw/.env']);
    const entry = (label: string): SourceMapItem => {
      const found = items.find((i) => i.label === label && !i.id.startsWith('group:'));
      assert.ok(found, `an item ${label}: ${items.map((i) => i.label).join(', ')}`);
      return found;
    };
    const auth = entry('gateway.auth.token');
    assert.deepEqual([auth.description, auth.icon], [`${fingerprint(AUTH)} · gateway after restart, local CLI`, 'pass']);
    assert.deepEqual([entry('gateway.remote.token').description, entry('gateway.remote.token').icon], [`${fingerprint(AUTH)} · nobody`, 'pass']);
    const dotenv = entry('OPENCLAW_GATEWAY_TOKEN');
    assert.deepEqual([dotenv.description, dotenv.icon], [`${fingerprint(DOTENV)} · nobody`, 'error']);
    assert.match(dotenv.tooltip.replace(/&nbsp;/g, ' '), /not used now: gateway\.auth\.token comes first/);
    const vars = entry('env.vars.OPENCLAW_GATEWAY_TOKEN');
    assert.deepEqual([vars.description, vars.icon], [`${fingerprint(VARS)} · nobody`, 'error']);
    const shown = JSON.stringify(api.sourceMap());
    for (const secret of [AUTH, DOTENV, VARS]) assert.ok(!shown.includes(secret), 'no secret in the view');
  });

  it('"make every source agree" with the effective token edits the config and the .env in one edit; undo restores both', async () => {
    const outcome = await api.makeSourcesAgree('effective');
    assert.ok(outcome?.applied, 'applied');
    assert.equal(outcome.changed, 2);
    assert.deepEqual(outcome.files.sort(), [configPath, dotenvPath].sort());
    // The .env file was not open: the WorkspaceEdit opened it; neither file is saved.
    assert.equal(documentText(configPath), CONFIG_TEXT.replace(VARS, AUTH));
    assert.equal(parseDotenv(documentText(dotenvPath) ?? '').OPENCLAW_GATEWAY_TOKEN, AUTH);
    assert.equal(documentText(dotenvPath), DOTENV_TEXT.replace(DOTENV, AUTH), 'the comment stays');
    assert.equal(readFileSync(configPath, 'utf8'), CONFIG_TEXT, 'nothing is saved behind the user');
    await mapWith('every place agreeing', (all) => all.filter((i) => !i.id.startsWith('group:') && i.id !== 'effective').every((i) => i.icon === 'pass'));
    // One undo, in either file, takes back the whole edit.
    const config = await vscode.workspace.openTextDocument(vscode.Uri.file(configPath));
    await vscode.window.showTextDocument(config);
    await vscode.commands.executeCommand('undo');
    await waitFor('both files restored', () => (textNow(configPath) === CONFIG_TEXT && textNow(dotenvPath) === DOTENV_TEXT ? true : undefined));
    await mapWith('the map as before', (all) => all.some((i) => i.label === 'OPENCLAW_GATEWAY_TOKEN' && i.icon === 'error'));
  });

  it('with a target picked by fingerprint, the gateway\'s own token changes too', async () => {
    const outcome = await api.makeSourcesAgree(fingerprint(DOTENV));
    assert.ok(outcome?.applied);
    assert.equal(documentText(configPath), CONFIG_TEXT.split(AUTH).join(DOTENV).replace(VARS, DOTENV));
    assert.equal(textNow(dotenvPath), DOTENV_TEXT);
    const items = await mapWith('the new effective token', (all) => all.some((i) => i.id === 'effective' && i.label.endsWith(fingerprint(DOTENV))));
    assert.ok(items.filter((i) => !i.id.startsWith('group:') && i.id !== 'effective').every((i) => i.icon === 'pass'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(configPath)));
    await vscode.commands.executeCommand('undo');
    await waitFor('the config restored', () => (textNow(configPath) === CONFIG_TEXT ? true : undefined));
  });

  it('a click opens the place: the .env file with its value selected', async () => {
    const items = flat(api.sourceMap());
    const dotenv = items.find((i) => i.label === 'OPENCLAW_GATEWAY_TOKEN');
    assert.ok(dotenv);
    await vscode.commands.executeCommand('openclawGuard.openSource', dotenv.id);
    const editor = await waitFor('the .env editor', () => (vscode.window.activeTextEditor?.document.uri.fsPath === dotenvPath ? vscode.window.activeTextEditor : undefined));
    assert.equal(editor.document.getText(editor.selection), DOTENV);
    // Back to the config, and the .env closed again: the next edit reaches a file that is not open.
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await focusConfig();
  });

  it('is reachable from the status menu and its own command', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['openclawGuard.showSourceMap', 'openclawGuard.makeSourcesAgree', 'openclawGuard.refreshSourceMap', 'openclawGuard.openSource']) assert.ok(commands.includes(id), id);
    // The status menu offers it.
    const menu = vscode.commands.executeCommand('openclawGuard.statusMenu');
    await waitFor('the status menu', async () => {
      const r = await drive('/text', { selector: '.quick-input-widget' });
      return r.ok && r.text?.includes('Where the token lives') ? true : undefined;
    });
    await drive('/keys', { keys: ['Escape'] });
    await menu;
    await vscode.commands.executeCommand('openclawGuard.showSourceMap');
    await waitFor('the source map view', async () => {
      const r = await drive('/text', { selector: '.part.sidebar' });
      return r.ok && r.text?.includes('gateway.auth.token') ? true : undefined;
    });
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
  });
});
