import * as vscode from 'vscode';
import type { AnalysisCache } from './diagnostics';
import { isOpenClawConfig } from './configFiles';
import { readSettings } from './settings';

export const JSON5_LANGUAGE = 'json5';

/**
 * VS Code's JSON service marks every unquoted key and single-quoted string of a JSON5 file as an
 * error. An OpenClaw config written in JSON5 is moved to our JSON5 language mode instead, where
 * only OpenClaw Guard validates it; strict JSON files keep the JSON service and the schema.
 */
export function registerJson5LanguageSwitch(cache: AnalysisCache): vscode.Disposable {
  const consider = (document: vscode.TextDocument): void => {
    if (document.languageId !== 'json' && document.languageId !== 'jsonc') return;
    if (!isOpenClawConfig(document) || !readSettings(document.uri).switchJson5Language) return;
    if (cache.get(document).doc.dialect !== 'json5') return;
    void vscode.languages.setTextDocumentLanguage(document, JSON5_LANGUAGE).then(undefined, () => undefined);
  };
  for (const document of vscode.workspace.textDocuments) consider(document);
  return vscode.Disposable.from(vscode.workspace.onDidOpenTextDocument(consider), vscode.workspace.onDidSaveTextDocument(consider));
}
