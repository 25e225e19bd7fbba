import * as vscode from 'vscode';
import type { Finding } from '../core/rules/ruleTypes';
import { fixAll, fixesFor } from '../core/fixes/applyFixes';
import { disableLineEdit } from '../core/fixes/suppressionFix';
import { diffAsEdit, editsByFile, type TextEdit } from '../core/fixes/textEdits';
import { render, t } from './localize';
import { analyzeOptions, DIAGNOSTIC_SOURCE, findingFor, linesOf, targetOf, toRange, uriOf, type AnalysisCache, type ConfigAnalysis } from './diagnostics';
import { isOpenClawConfig } from './configFiles';
import { OFFER_SERVICE_COMMAND } from './serviceCommands';
import type { EditorSources } from './sourceCache';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('openclawGuard');

/**
 * One edit for a fix that may touch several files: the config, an included file, a `.env` file.
 * Offsets are in the texts the analysis read, which are the open documents' texts while the
 * analysis is current. A file that does not exist yet (a `.env` a fix starts) is created.
 */
export function toWorkspaceEdit(entry: ConfigAnalysis, edits: readonly TextEdit[], sources: EditorSources): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const [file, list] of editsByFile(edits)) {
    const uri = uriOf(entry, file);
    if (file !== undefined && !entry.analysis.files.has(file) && sources.cache.knownMissing(file)) edit.createFile(uri, { ignoreIfExists: true });
    const lines = linesOf(entry, file, sources);
    for (const e of list) edit.replace(uri, toRange(lines, e), e.newText);
  }
  return edit;
}

/**
 * Quick fixes for our diagnostics, in the config and in the files it uses, and
 * `source.fixAll.openclawGuard`, which applies only the safe fixes (never a new secret) in every
 * file they touch and runs on save only when the user lists it in editor.codeActionsOnSave.
 */
export class ConfigCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(
    private readonly cache: AnalysisCache,
    private readonly sources: EditorSources,
  ) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const only = context.only;
    const asksFixAll = only !== undefined && (only.contains(FIX_ALL_KIND) || FIX_ALL_KIND.contains(only));
    const wantsQuickFix = only === undefined || only.contains(vscode.CodeActionKind.QuickFix) || vscode.CodeActionKind.QuickFix.contains(only);
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    // Asked for every file on every cursor move: most files end here.
    if (ours.length === 0 && !asksFixAll) return [];
    const isConfig = isOpenClawConfig(document);
    const wantsFixAll = asksFixAll && isConfig;
    if (!wantsQuickFix) return wantsFixAll ? this.fixAllAction(document) : [];
    // A file the config uses (an include, a `.env`) is fixed with the analysis of that config.
    const entry = isConfig ? this.cache.current(targetOf(document)) : this.cache.using(document);
    // Files the config uses are still being read: the fixes could be built on a partial config.
    if (!entry?.complete) return wantsFixAll ? this.fixAllAction(document) : [];
    const actions: vscode.CodeAction[] = [];
    // Two findings on one value can offer the same cure (rotate the token): list it once.
    const byTitle = new Map<string, vscode.CodeAction>();
    // Each diagnostic's finding once: the cures and the suppression below both need it.
    const found = ours.flatMap((diagnostic) => {
      const finding = findingFor(entry, document, diagnostic, this.sources);
      return finding ? [{ diagnostic, finding }] : [];
    });
    for (const { diagnostic, finding } of found) {
      for (const fix of fixesFor(entry.analysis, finding, process.env)) {
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
        action.edit = toWorkspaceEdit(entry, fix.edits, this.sources);
        if (fix.generatesSecret) {
          action.command = { command: 'openclawGuard.afterTokenRotation', title: t('Restart the gateway'), arguments: [entry.target.uri] };
        } else if (fix.command) {
          // The service reads the edited file only after a reload: offered, never run without a click.
          action.command = { command: OFFER_SERVICE_COMMAND, title: t('Run in terminal'), arguments: [fix.command, [...new Set(fix.edits.flatMap((e) => (e.file === undefined ? [] : [e.file])))]] };
        }
        actions.push(action);
      }
    }
    // Suppressions come last: they are never the cure, only a decision to live with a finding.
    for (const { diagnostic, finding } of found) {
      const action = this.disableAction(entry, finding, diagnostic);
      if (action) actions.push(action);
    }
    if (wantsFixAll) actions.push(...this.fixAllAction(document));
    return actions;
  }

  /**
   * Fix-all on the config: the safe fixes of every file it uses, as one edit per changed file.
   * Nothing is offered while files the config uses are still being read.
   */
  private fixAllAction(document: vscode.TextDocument): vscode.CodeAction[] {
    const target = targetOf(document);
    const text = document.getText();
    const reader = this.sources.cache.reader();
    const result = fixAll(text, analyzeOptions(target, reader, this.cache.listeners));
    if (reader.missing.size > 0 || result.applied.length === 0) return [];
    const edits: TextEdit[] = [];
    const own = diffAsEdit(text, result.text);
    if (own) edits.push(own);
    for (const [file, after] of result.files) {
      const before = result.before.files.get(file)?.text ?? this.sources.cache.textOf(file) ?? '';
      const change = diffAsEdit(before, after);
      if (change) edits.push({ ...change, file });
    }
    if (edits.length === 0) return [];
    const entry: ConfigAnalysis = { target, analysis: result.before, stamps: new Map(), requested: reader.requested, requestedKeys: new Set(), complete: true };
    const action = new vscode.CodeAction(t('Fix all safe OpenClaw problems ({0})', result.applied.length), FIX_ALL_KIND);
    action.edit = toWorkspaceEdit(entry, edits, this.sources);
    return [action];
  }

  /** "Disable <code> for this line": in the JSON file the finding is in (a `.env` file has no such comment). */
  private disableAction(entry: ConfigAnalysis, finding: Finding, diagnostic: vscode.Diagnostic): vscode.CodeAction | undefined {
    const source = finding.file === undefined ? entry.analysis.effective.assembled.main : entry.analysis.effective.assembled.sources.find((s) => s.kind === 'include' && s.path === finding.file);
    if (!source) return undefined;
    const result = disableLineEdit(source.doc, finding.code, finding);
    const action = new vscode.CodeAction(render(result.title), vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    if (result.ok) action.edit = toWorkspaceEdit(entry, [{ ...result.edit, ...(finding.file === undefined ? {} : { file: finding.file }) }], this.sources);
    else action.disabled = { reason: render(result.reason) };
    return action;
  }
}

export function registerCodeActions(cache: AnalysisCache, sources: EditorSources): vscode.Disposable {
  const selector: vscode.DocumentSelector = [
    { language: 'json' },
    { language: 'jsonc' },
    { language: 'json5' },
    { language: 'dotenv' },
    // An include or `.env` file in whatever language another extension gave it.
    { scheme: 'file' },
  ];
  return vscode.languages.registerCodeActionsProvider(selector, new ConfigCodeActions(cache, sources), ConfigCodeActions.metadata);
}
