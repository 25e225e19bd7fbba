import * as vscode from 'vscode';
import { render, t } from './localize';
import { findPropertyAtPath } from '../core/jsonTree';
import type { GatewayStatus } from './gatewayStatus';
import type { GuardLog } from './log';
import { loadModel, readUserConfig } from './configFiles';
import { pairingCommands } from '../core/probe/probeGateway';
import { controlUiAddress, DASHBOARD_COMMAND } from '../core/probe/dashboard';
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

/** Types one command into a new, visible terminal; the user sees it run (never silently). */
function runInTerminal(command: string, log: GuardLog): void {
  const terminal = vscode.window.createTerminal({ name: t('OpenClaw') });
  terminal.show();
  terminal.sendText(command, true);
  log.info(`terminal: ${command}`);
}

/**
 * Pairing approval: the request id and device id were checked for OpenClaw's shapes (no spaces,
 * no shell characters), and approving grants a device access, so the user confirms it first.
 */
export async function approvePairing(status: GatewayStatus, log: GuardLog): Promise<void> {
  const last = status.lastResult();
  const { list, approve } = pairingCommands(last?.state === 'pairing-required' ? last.pairing : undefined);
  if (!approve) {
    const run = t('Run in a terminal');
    const choice = await vscode.window.showInformationMessage(t('The gateway did not name a pairing request. `{0}` shows the pending requests; approve one with `openclaw devices approve <requestId>`.', list), { modal: true }, run);
    if (choice === run) runInTerminal(list, log);
    return;
  }
  const approveLabel = t('Approve in a terminal');
  const listLabel = t('List devices in a terminal');
  const device = last?.pairing?.deviceId ?? t('unknown device');
  const choice = await vscode.window.showWarningMessage(
    t('Approve device {0}? Approving lets that device use the gateway with the role and scopes it asked for. Only approve a request you made yourself.', device),
    { modal: true, detail: approve },
    approveLabel,
    listLabel,
  );
  if (choice === approveLabel) runInTerminal(approve, log);
  else if (choice === listLabel) runInTerminal(list, log);
}

/**
 * Opens the Control UI as OpenClaw's `dashboard` command does: it mints a one-time sign-in link
 * through the CLI, so we run that command in a terminal. The other way in is the plain address,
 * where the page asks for the token in its settings; the token never goes into a URL.
 */
export async function openDashboard(status: GatewayStatus, log: GuardLog): Promise<void> {
  const loaded = await readUserConfig();
  const address = loaded.model ? controlUiAddress(loaded.model) : undefined;
  type Item = vscode.QuickPickItem & { action: 'cli' | 'address' | 'explain' };
  const items: Item[] = [
    { label: `$(terminal) ${t('Run `{0}` in a terminal', DASHBOARD_COMMAND)}`, description: t('recommended'), detail: t('Opens the browser with a one-time sign-in link (valid ten minutes) and copies it; the token stays out of the URL.'), action: 'cli' },
  ];
  if (address) items.push({ label: `$(link-external) ${t('Open {0}', address)}`, detail: t('Without signing in: the Control UI asks for the gateway token in its settings ("gateway token missing" until then).'), action: 'address' });
  items.push({ label: `$(question) ${t('Why does the dashboard say "gateway token missing"?')}`, action: 'explain' });
  const pick = await vscode.window.showQuickPick(items, { title: t('Open the OpenClaw dashboard') });
  if (!pick) return;
  if (pick.action === 'cli') runInTerminal(DASHBOARD_COMMAND, log);
  else if (pick.action === 'address' && address) {
    log.info(`dashboard: opening ${address}`);
    await vscode.env.openExternal(vscode.Uri.parse(address));
  } else if (pick.action === 'explain') {
    const fp = status.lastResult()?.credentialFingerprint;
    await vscode.window.showInformationMessage(
      t('"unauthorized: gateway token missing (open the dashboard URL and paste the token in Control UI settings)"'),
      {
        modal: true,
        detail: t('The Control UI was opened without a credential: a plain address or bookmark, or a one-time link that was already used or has expired (ten minutes). Run `{0}` for a new one-time link, or paste the gateway token (gateway.auth.token{1}) into the Control UI settings. OpenClaw Guard never puts the token in a URL: a URL ends up in browser history, logs and screenshots.', DASHBOARD_COMMAND, fp ? `, ${fp}` : ''),
      },
    );
  }
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
    vscode.commands.registerCommand('openclawGuard.approvePairing', () => approvePairing(status, log)),
    vscode.commands.registerCommand('openclawGuard.openDashboard', () => openDashboard(status, log)),
    vscode.commands.registerCommand('openclawGuard.statusMenu', async () => {
      const last = status.lastResult();
      const pairing: Array<vscode.QuickPickItem & { command: string }> =
        last?.state === 'pairing-required'
          ? [{ label: `$(person-add) ${t('Approve this device…')}`, description: pairingCommands(last.pairing).approve ?? pairingCommands(last.pairing).list, command: 'openclawGuard.approvePairing' }]
          : [];
      const items: Array<vscode.QuickPickItem & { command: string }> = [
        ...pairing,
        { label: `$(refresh) ${t('Check now')}`, command: 'openclawGuard.checkGateway' },
        { label: `$(search) ${t('Diagnose token mismatch')}`, description: t('tries each configured token once'), command: 'openclawGuard.diagnoseGateway' },
        { label: `$(go-to-file) ${t('Open config at the relevant key')}`, command: 'openclawGuard.openConfig' },
        { label: `$(list-tree) ${t('Where the token lives')}`, description: t('every place of the gateway token, and who uses which'), command: 'openclawGuard.showSourceMap' },
        { label: `$(debug-restart) ${t('Restart the gateway')}`, command: 'openclawGuard.restartGateway' },
        { label: `$(link-external) ${t('Open the dashboard')}`, description: DASHBOARD_COMMAND, command: 'openclawGuard.openDashboard' },
        { label: `$(output) ${t('Show log')}`, command: 'openclawGuard.showLog' },
        { label: `$(eye-closed) ${t('Hide this status item')}`, command: 'openclawGuard.hideStatus' },
      ];
      const pick = await vscode.window.showQuickPick(items, { title: t('OpenClaw Gateway Status') });
      if (pick) await vscode.commands.executeCommand(pick.command);
    }),
  );
}
