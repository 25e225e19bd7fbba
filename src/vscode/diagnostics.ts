import * as vscode from 'vscode';
import { analyzeConfig, type Analysis } from '../core/analyze';
import { docsUrl } from '../core/rules/ruleTable';
import type { Finding, Severity } from '../core/rules/ruleTypes';
import { hostInContainer, isOpenClawConfig } from './configFiles';
import { render } from './localize';
import { readSettings } from './settings';

export const DIAGNOSTIC_SOURCE = 'openclaw';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** Analyses by document, kept for the code-action provider so it never re-parses needlessly. */
export class AnalysisCache {
  private readonly entries = new Map<string, { version: number; analysis: Analysis }>();

  get(document: vscode.TextDocument): Analysis {
    const key = document.uri.toString();
    const cached = this.entries.get(key);
    if (cached?.version === document.version) return cached.analysis;
    const analysis = this.analyze(document);
    this.entries.set(key, { version: document.version, analysis });
    return analysis;
  }

  analyze(document: vscode.TextDocument): Analysis {
    return analyzeConfig(document.getText(), {
      env: process.env,
      inContainer: hostInContainer(),
      severities: readSettings(document.uri).severities,
    });
  }

  forget(document: vscode.TextDocument): void {
    this.entries.delete(document.uri.toString());
  }

  clear(): void {
    this.entries.clear();
  }
}

export function toRange(analysis: Analysis, span: { offset: number; length: number }): vscode.Range {
  const r = analysis.doc.lines.rangeOf(span.offset, span.length);
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function toDiagnostic(uri: vscode.Uri, analysis: Analysis, finding: Finding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(analysis, finding), render(finding.message), SEVERITY[finding.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: finding.code, target: vscode.Uri.parse(docsUrl(finding.code)) };
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map(
      (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toRange(analysis, r)), render(r.message)),
    );
  }
  return diagnostic;
}

/** The finding behind a diagnostic of ours (same code, range and message in the current analysis). */
export function findingFor(analysis: Analysis, diagnostic: vscode.Diagnostic): Finding | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return analysis.findings.find((f) => f.code === code && toRange(analysis, f).isEqual(diagnostic.range) && render(f.message) === diagnostic.message);
}

/**
 * Publishes diagnostics for OpenClaw config documents: at once on open, debounced while typing,
 * cleared on close.
 */
export class ConfigDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after diagnostics of a document were published (tests and the status item listen). */
  readonly onDidPublish = this.changeEmitter.event;

  constructor(private readonly cache: AnalysisCache) {
    this.disposables.push(
      this.collection,
      this.changeEmitter,
      vscode.workspace.onDidOpenTextDocument((d) => this.validate(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('openclawGuard')) this.revalidateAll();
      }),
    );
    this.revalidateAll();
  }

  revalidateAll(): void {
    this.cache.clear();
    for (const document of vscode.workspace.textDocuments) this.validate(document);
  }

  private schedule(document: vscode.TextDocument): void {
    if (!isOpenClawConfig(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.validate(document);
      }, readSettings(document.uri).debounceMs),
    );
  }

  validate(document: vscode.TextDocument): void {
    if (document.isClosed || !isOpenClawConfig(document)) return;
    const analysis = this.cache.get(document);
    this.collection.set(
      document.uri,
      analysis.findings.map((f) => toDiagnostic(document.uri, analysis, f)),
    );
    this.changeEmitter.fire(document.uri);
  }

  private clear(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.cache.forget(document);
    this.collection.delete(document.uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }
}
