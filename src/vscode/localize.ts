import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { catalogueTranslator, english, msg, type Message, type MessageArg, type Translator } from '../core/messages';
import { readLanguageSetting } from './settings';

/**
 * The language of OpenClaw Guard's own messages. `auto` follows VS Code's display language;
 * `zh-cn` or `en` override it, for users who keep an English VS Code but read OpenClaw problems
 * more easily in Chinese (or the other way round). The engine returns messages as data; this is
 * the one place in the extension that turns them into text.
 */
let translator: Translator = english;

function loadCatalogue(context: vscode.ExtensionContext, language: string): Translator {
  try {
    const file = vscode.Uri.joinPath(context.extensionUri, 'l10n', `bundle.l10n.${language}.json`).fsPath;
    return catalogueTranslator(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>);
  } catch {
    // No catalogue for that language: the English templates are the messages.
    return english;
  }
}

export function applyMessageLanguage(context: vscode.ExtensionContext): void {
  const choice = readLanguageSetting();
  const language = choice === 'auto' ? vscode.env.language.toLowerCase() : choice;
  translator = language.startsWith('zh') ? loadCatalogue(context, 'zh-cn') : english;
}

export function registerMessageLanguage(context: vscode.ExtensionContext): vscode.Disposable {
  applyMessageLanguage(context);
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('openclawGuard.language')) applyMessageLanguage(context);
  });
}

/** A message of the extension's own, in the user's language. */
export function t(text: string, ...args: MessageArg[]): string {
  return translator(msg(text, ...args));
}

/** A message from the engine (a finding, a fix title, a probe result), in the user's language. */
export function render(message: Message | string): string {
  return translator(message);
}
