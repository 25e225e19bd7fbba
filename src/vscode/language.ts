import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { catalogueTranslator, setTranslator } from '../core/i18n';
import { SECTION } from './settings';

/**
 * The language of OpenClaw Guard's own messages. `auto` follows VS Code's display language
 * (vscode.l10n); `zh-cn` or `en` override it, for users who keep an English VS Code but read
 * OpenClaw problems more easily in Chinese (or the other way round).
 */
export function applyMessageLanguage(context: vscode.ExtensionContext): void {
  const choice = vscode.workspace.getConfiguration(SECTION).get<string>('language', 'auto');
  if (choice === 'en') {
    setTranslator(undefined);
    return;
  }
  if (choice === 'zh-cn') {
    try {
      const bundle = JSON.parse(readFileSync(vscode.Uri.joinPath(context.extensionUri, 'l10n', 'bundle.l10n.zh-cn.json').fsPath, 'utf8')) as Record<string, string>;
      setTranslator(catalogueTranslator(bundle));
      return;
    } catch {
      // Fall back to VS Code's own choice below.
    }
  }
  setTranslator((message, ...args) => vscode.l10n.t(message, ...args));
}

export function registerMessageLanguage(context: vscode.ExtensionContext): vscode.Disposable {
  applyMessageLanguage(context);
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(`${SECTION}.language`)) applyMessageLanguage(context);
  });
}
