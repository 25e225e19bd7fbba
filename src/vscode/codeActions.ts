import * as vscode from 'vscode';
import type { Analysis } from '../core/analyze';
import type { Finding } from '../core/rules/ruleTypes';
import { fixAll, fixesFor } from '../core/fixes/applyFixes';
import { disableLineEdit } from '../core/fixes/suppressionFix';
import type { TextEdit } from '../core/fixes/textEdits';
import { render, t } from './localize';
import { findingFor, type AnalysisCache } from './diagnostics';
import { hostInContainer, isOpenClawConfig } from './configFiles';
import { readSettings } from './settings';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('openclawGuard');

function toWorkspaceEdit(document: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.newText);
  return edit;
}

/**
 * Quick fixes for our diagnostics, and `source.fixAll.openclawGuard`, which applies only the safe
 * fixes (never a new secret) and runs on save only when the user lists it in editor.codeActionsOnSave.
 */
export class ConfigCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(private readonly cache: AnalysisCache) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (!isOpenClawConfig(document)) return [];
    const only = context.only;
    const wantsFixAll = only !== undefined && (only.contains(FIX_ALL_KIND) || FIX_ALL_KIND.contains(only));
    const wantsQuickFix = only === undefined || only.contains(vscode.CodeActionKind.QuickFix) || vscode.CodeActionKind.QuickFix.contains(only);
    if (!wantsQuickFix) return wantsFixAll ? this.fixAllAction(document) : [];
    const analysis = this.cache.get(document);
    const actions: vscode.CodeAction[] = [];
    // Two findings on one value can offer the same cure (rotate the token): list it once.
    const byTitle = new Map<string, vscode.CodeAction>();
    // Each diagnostic's finding once: the cures and the suppression below both need it.
    const found = context.diagnostics.flatMap((diagnostic) => {
      const finding = findingFor(analysis, diagnostic);
      return finding ? [{ diagnostic, finding }] : [];
    });
    for (const { diagnostic, finding } of found) {
      for (const fix of fixesFor(analysis, finding, process.env)) {
        const title = render(fix.title);
        const same = byTitle.get(title);
        if (same) {
          same.diagnostics = [...(same.diagnostics ?? []), diagnostic];
          continue;
        }
        const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        byTitle.set(title, action);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.isPreferred === true;
        action.edit = toWorkspaceEdit(document, fix.edits);
        if (fix.generatesSecret) {
          action.command = { command: 'openclawGuard.afterTokenRotation', title: t('Restart the gateway'), arguments: [document.uri] };
        }
        actions.push(action);
      }
    }
    // Suppressions come last: they are never the cure, only a decision to live with a finding.
    for (const { diagnostic, finding } of found) {
      actions.push(disableAction(document, analysis, finding, diagnostic));
    }
    if (wantsFixAll) actions.push(...this.fixAllAction(document));
    return actions;
  }

  private fixAllAction(document: vscode.TextDocument): vscode.CodeAction[] {
    const text = document.getText();
    const result = fixAll(text, { env: process.env, inContainer: hostInContainer(), severities: readSettings(document.uri).severities });
    if (result.text === text) return [];
    const action = new vscode.CodeAction(t('Fix all safe OpenClaw problems ({0})', result.applied.length), FIX_ALL_KIND);
    const whole = new vscode.Range(document.positionAt(0), document.positionAt(text.length));
    // One minimal edit: the unchanged head and tail of the file stay untouched.
    let start = 0;
    while (start < text.length && start < result.text.length && text[start] === result.text[start]) start++;
    let endOld = text.length;
    let endNew = result.text.length;
    while (endOld > start && endNew > start && text[endOld - 1] === result.text[endNew - 1]) {
      endOld--;
      endNew--;
    }
    action.edit = new vscode.WorkspaceEdit();
    action.edit.replace(document.uri, start === 0 && endOld === text.length ? whole : new vscode.Range(document.positionAt(start), document.positionAt(endOld)), result.text.slice(start, endNew));
    return [action];
  }
}

function disableAction(document: vscode.TextDocument, analysis: Analysis, finding: Finding, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const result = disableLineEdit(analysis.doc, finding.code, finding);
  const action = new vscode.CodeAction(render(result.title), vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  if (result.ok) action.edit = toWorkspaceEdit(document, [result.edit]);
  else action.disabled = { reason: render(result.reason) };
  return action;
}

export function registerCodeActions(cache: AnalysisCache): vscode.Disposable {
  const selector: vscode.DocumentSelector = [
    { language: 'json' },
    { language: 'jsonc' },
    { language: 'json5' },
  ];
  return vscode.languages.registerCodeActionsProvider(selector, new ConfigCodeActions(cache), ConfigCodeActions.metadata);
}
