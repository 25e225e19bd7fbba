import * as vscode from 'vscode';
import { render, t } from './localize';
import { findPropertyAtPath } from '../core/jsonTree';
import type { GatewayStatus } from './gatewayStatus';
import type { GuardLog } from './log';
import { loadModel } from './configFiles';
import { hideStatusItem } from './settings';

const RESTART_COMMANDS = {
  cli: 'openclaw gateway restart',
  systemd: 'systemctl --user restart openclaw-gateway.service',
};

/** Opens the config at the key that matters (the credential that was sent, else `gateway`). */
export async function openConfigAt(path: string, keyPath: string[]): Promise<void> {
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
  } catch {
    void vscode.window.showWarningMessage(t('No OpenClaw config at {0}', path));
    return;
  }
  const editor = await vscode.window.showTextDocument(document);
  const { doc } = loadModel(document.getText());
  for (let depth = keyPath.length; depth > 0; depth--) {
    const property = findPropertyAtPath(doc.root, keyPath.slice(0, depth));
    const target = property?.children?.[1] ?? property;
    if (!target) continue;
    const range = new vscode.Range(document.positionAt(target.offset), document.positionAt(target.offset + target.length));
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return;
  }
}

/** Restarting is the user's call: we only type the command into a terminal they can see. */
export async function restartGateway(log: GuardLog): Promise<void> {
  const pick = await vscode.window.showQuickPick(
    [
      { label: RESTART_COMMANDS.cli, description: t('OpenClaw CLI (any install)'), command: RESTART_COMMANDS.cli },
      { label: RESTART_COMMANDS.systemd, description: t('systemd user service (Linux installs made with `openclaw gateway install`)'), command: RESTART_COMMANDS.systemd },
    ],
    { title: t('Restart the OpenClaw gateway'), placeHolder: t('The command runs in a new terminal') },
  );
  if (!pick) return;
  const terminal = vscode.window.createTerminal({ name: t('OpenClaw gateway') });
  terminal.show();
  terminal.sendText(pick.command, true);
  log.info(`restart requested: ${pick.command}`);
}

export function registerStatusCommands(status: GatewayStatus, log: GuardLog): vscode.Disposable {
  const diagnose = async (): Promise<void> => {
    const diagnosis = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: t('Diagnosing the gateway token…') }, () => status.diagnose());
    if (!diagnosis) return;
    const restart = t('Restart the gateway');
    const open = t('Open config');
    const show = diagnosis.accepted ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    const choice = await show(render(diagnosis.advice), restart, open);
    if (choice === restart) await restartGateway(log);
    if (choice === open) {
      const location = status.configLocation();
      await openConfigAt(location.path, location.keyPath);
    }
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand('openclawGuard.checkGateway', () => status.check('command')),
    vscode.commands.registerCommand('openclawGuard.diagnoseGateway', diagnose),
    vscode.commands.registerCommand('openclawGuard.openConfig', () => {
      const location = status.configLocation();
      return openConfigAt(location.path, location.keyPath);
    }),
    vscode.commands.registerCommand('openclawGuard.restartGateway', () => restartGateway(log)),
    vscode.commands.registerCommand('openclawGuard.showLog', () => log.show()),
    vscode.commands.registerCommand('openclawGuard.hideStatus', () => hideStatusItem()),
    vscode.commands.registerCommand('openclawGuard.statusMenu', async () => {
      const items: Array<vscode.QuickPickItem & { command: string }> = [
        { label: `$(refresh) ${t('Check now')}`, command: 'openclawGuard.checkGateway' },
        { label: `$(search) ${t('Diagnose token mismatch')}`, description: t('tries each configured token once'), command: 'openclawGuard.diagnoseGateway' },
        { label: `$(go-to-file) ${t('Open config at the relevant key')}`, command: 'openclawGuard.openConfig' },
        { label: `$(list-tree) ${t('Where the token lives')}`, description: t('every place of the gateway token, and who uses which'), command: 'openclawGuard.showSourceMap' },
        { label: `$(debug-restart) ${t('Restart the gateway')}`, command: 'openclawGuard.restartGateway' },
        { label: `$(output) ${t('Show log')}`, command: 'openclawGuard.showLog' },
        { label: `$(eye-closed) ${t('Hide this status item')}`, command: 'openclawGuard.hideStatus' },
      ];
      const pick = await vscode.window.showQuickPick(items, { title: t('OpenClaw Gateway Status') });
      if (pick) await vscode.commands.executeCommand(pick.command);
    }),
  );
}
