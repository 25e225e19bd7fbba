import * as vscode from 'vscode';
import { setTranslator } from './core/i18n';
import { AnalysisCache, ConfigDiagnostics } from './vscode/diagnostics';
import { registerJson5LanguageSwitch } from './vscode/json5Language';

export interface OpenClawGuardApi {
  /** Fires when diagnostics of a document were published. */
  onDidPublishDiagnostics: vscode.Event<vscode.Uri>;
}

export function activate(context: vscode.ExtensionContext): OpenClawGuardApi {
  setTranslator((message, ...args) => vscode.l10n.t(message, ...args));
  const cache = new AnalysisCache();
  const diagnostics = new ConfigDiagnostics(cache);
  context.subscriptions.push(diagnostics);
  context.subscriptions.push(registerJson5LanguageSwitch(cache));
  return { onDidPublishDiagnostics: diagnostics.onDidPublish };
}

export function deactivate(): void {
  setTranslator(undefined);
}
