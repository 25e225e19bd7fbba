import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension, openConfig, waitForCode } from '../e2eHelpers';

describe('the installed .vsix (not the development folder)', () => {
  it('is installed from the extensions directory and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    assert.ok(!extension.extensionPath.startsWith(process.env.OCG_E2E_REPO ?? '/nonexistent'), extension.extensionPath);
    await activateExtension();
    assert.ok(extension.isActive);
  });

  it('shows diagnostics and offers fixes', async () => {
    const document = await openConfig('{ gateway: { mode: "local", auth: { token: "3f9a1c7e5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f20" }, remote: { token: "x" } } }');
    const [d] = await waitForCode(document.uri, 'token-mismatch');
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, d.range, 'quickfix')) ?? [];
    assert.ok(actions.some((a) => a.isPreferred));
  });

  it('reads the schema, l10n bundle and JSON5 grammar from the package', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const json = extension?.packageJSON as { contributes: { jsonValidation: Array<{ url: string }> } };
    const schema = vscode.Uri.joinPath(extension?.extensionUri ?? vscode.Uri.file('/'), json.contributes.jsonValidation[0].url);
    const bytes = await vscode.workspace.fs.readFile(schema);
    assert.ok(bytes.byteLength > 10_000);
  });
});
