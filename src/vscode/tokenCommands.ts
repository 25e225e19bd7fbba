import * as vscode from 'vscode';
import { generateForBoth } from '../core/fixes/secretFixes';
import { generateGatewayToken } from '../core/fixes/tokenGenerator';
import { clientCredential } from '../core/gatewayModel';
import { t } from './localize';
import { fingerprint } from '../core/secretValues';
import { isOpenClawConfig, loadModel, resolvedConfigPath } from './configFiles';
import type { GuardLog } from './log';
import { restartGateway } from './statusCommands';

/** Shell lines that set the token for the current shell, quoted so no character is special. */
export function shellExportLines(token: string): { posix: string; powershell: string } {
  const posix = `export OPENCLAW_GATEWAY_TOKEN='${token.replace(/'/g, `'\\''`)}'`;
  const powershell = `$env:OPENCLAW_GATEWAY_TOKEN = '${token.replace(/'/g, "''")}'`;
  return { posix, powershell };
}

/** The config the command acts on: the active editor's when it is one, else OpenClaw's own file. */
async function targetDocument(): Promise<vscode.TextDocument | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active && isOpenClawConfig(active)) return active;
  try {
    return await vscode.workspace.openTextDocument(vscode.Uri.file(resolvedConfigPath()));
  } catch {
    void vscode.window.showWarningMessage(t('No OpenClaw config at {0}', resolvedConfigPath()));
    return undefined;
  }
}

async function offerRestart(log: GuardLog): Promise<void> {
  const restart = t('Restart the gateway');
  const choice = await vscode.window.showInformationMessage(t('The running gateway still uses the old token until it restarts (`openclaw gateway restart`, or the systemd user service).'), restart);
  if (choice === restart) await restartGateway(log);
}

export function registerTokenCommands(log: GuardLog): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('openclawGuard.generateToken', async (): Promise<string | undefined> => {
      const document = await targetDocument();
      if (!document) return undefined;
      const { doc, model } = loadModel(document.getText());
      if (!model) {
        void vscode.window.showErrorMessage(t('{0} does not parse; fix the syntax errors first', document.uri.fsPath));
        return undefined;
      }
      const token = generateGatewayToken();
      const fix = generateForBoth({ doc, model, env: process.env, generateToken: () => token }, 'token', { fixId: 'generateBoth' });
      if (!fix) {
        void vscode.window.showWarningMessage(t('gateway.auth.token or gateway.remote.token is an environment reference or SecretRef; OpenClaw Guard does not overwrite it. Change the variable or secret store instead.'));
        return undefined;
      }
      const edit = new vscode.WorkspaceEdit();
      for (const e of fix.edits) edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.newText);
      if (!(await vscode.workspace.applyEdit(edit))) return undefined;
      await document.save();
      const fp = fingerprint(token);
      log.info(`generated a new gateway token ${fp} for gateway.auth.token and gateway.remote.token in ${document.uri.fsPath}`);
      const copyPosix = t('Copy export line (bash/zsh)');
      const copyPs = t('Copy PowerShell line');
      const restart = t('Restart the gateway');
      const lines = shellExportLines(token);
      // The command returns once the token is written; the notification lives on by itself.
      void vscode.window
        .showInformationMessage(t('New gateway token {0} written to gateway.auth.token and gateway.remote.token. Restart the gateway so it uses it.', fp), copyPosix, copyPs, restart)
        .then(async (choice) => {
          if (choice === copyPosix) await vscode.env.clipboard.writeText(lines.posix);
          if (choice === copyPs) await vscode.env.clipboard.writeText(lines.powershell);
          if (choice === restart) await restartGateway(log);
        });
      return fp;
    }),
    vscode.commands.registerCommand('openclawGuard.copyFingerprint', async (): Promise<string | undefined> => {
      const document = await targetDocument();
      if (!document) return undefined;
      const { model } = loadModel(document.getText());
      const credential = model ? clientCredential(model) : undefined;
      if (!credential) {
        void vscode.window.showWarningMessage(t('No token or password is configured.'));
        return undefined;
      }
      const fp = fingerprint(credential.value);
      await vscode.env.clipboard.writeText(fp);
      void vscode.window.showInformationMessage(t('Copied the fingerprint {0} of {1}.', fp, credential.source));
      return fp;
    }),
    vscode.commands.registerCommand('openclawGuard.afterTokenRotation', () => offerRestart(log)),
  );
}
