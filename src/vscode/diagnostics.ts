import * as vscode from 'vscode';
import { openclawVersionFacts } from './openclawVersion';
import { analyzeConfig, type Analysis, type AnalyzeOptions } from '../core/analyze';
import { LineIndex } from '../core/configDocument';
import { watchedPaths } from '../core/effective/effectiveConfig';
import type { SourceReader } from '../core/effective/sourceReader';
import { docsUrl } from '../core/rules/ruleTable';
import type { Finding, Severity, Span } from '../core/rules/ruleTypes';
import type { SchemaKeyTree } from '../core/schema/keyTree';
import { runFromMemory, runWithSources, type SourcedResult, type SourceStamps } from '../core/sourceCache';
import { hostInContainer, hostNetwork, isOpenClawConfig, resolvedConfigPath } from './configFiles';
import { render } from './localize';
import { readSettings } from './settings';
import type { ListenerFacts } from './portListenerFacts';
import { pathKey, type EditorSources } from './sourceCache';

export const DIAGNOSTIC_SOURCE = 'openclaw';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** One config to analyse: an open document, or the user's own config as it is on disk. */
export interface ConfigTarget {
  key: string;
  uri: vscode.Uri;
  /** Absolute path; '' for a document that is not a file (nothing else is read then). */
  configPath: string;
  document?: vscode.TextDocument;
}

export function targetOf(document: vscode.TextDocument): ConfigTarget {
  return { key: document.uri.toString(), uri: document.uri, configPath: document.uri.scheme === 'file' ? document.uri.fsPath : '', document };
}

function diskTarget(path: string): ConfigTarget {
  const uri = vscode.Uri.file(path);
  return { key: uri.toString(), uri, configPath: uri.fsPath };
}

/** An analysis with what it read: whether it is still current, and which files it depends on. */
export interface ConfigAnalysis {
  target: ConfigTarget;
  analysis: Analysis;
  /** The document version analysed (none for a config read from disk). */
  version?: number;
  stamps: SourceStamps;
  requested: ReadonlySet<string>;
  /** `requested` in the form open documents' paths take. */
  requestedKeys: ReadonlySet<string>;
  /** False while files the engine asked for were still being read. */
  complete: boolean;
}

/** True for the config OpenClaw itself would use here (the user's own, not any workspace file named openclaw.json). */
export function isOwnConfig(target: ConfigTarget): boolean {
  return target.configPath !== '' && pathKey(target.configPath) === pathKey(resolvedConfigPath());
}

let schemaSource: (() => SchemaKeyTree) | undefined;

/** Where the engine's key tree comes from (EditorSchema): diagnostics and fix-all judge by the same release. */
export function useSchemaSource(source: () => SchemaKeyTree): vscode.Disposable {
  schemaSource = source;
  return new vscode.Disposable(() => {
    if (schemaSource === source) schemaSource = undefined;
  });
}

/**
 * The engine's options in the editor. The editor's own environment stands for the client's and
 * the gateway's (the status tooltip says so): a gateway service may have another one. Only the
 * user's own config looks for the gateway services and shell profiles of this machine, and asks
 * who listens on its port: a workspace file named openclaw.json (perhaps in a workspace nobody
 * trusts) never makes the editor read the user's units and profiles.
 */
export function analyzeOptions(target: ConfigTarget, reader: SourceReader, listeners?: ListenerFacts): AnalyzeOptions {
  const own = isOwnConfig(target);
  return {
    ...(own ? { serviceDiscovery: { user: process.env.USER ?? process.env.LOGNAME } } : {}),
    ...(own && listeners ? { listenerAt: (port: number) => listeners.at(port) } : {}),
    env: process.env,
    inContainer: hostInContainer(),
    severities: readSettings(target.uri).severities,
    configPath: target.configPath || undefined,
    reader: target.configPath ? reader : undefined,
    uid: process.getuid?.(),
    network: hostNetwork(),
    openclawVersion: openclawVersionFacts.facts(),
    schema: schemaSource?.(),
  };
}

/**
 * Analyses by config, kept for diagnostics and code actions. Analysing reads only memory: open
 * documents and files read ahead. Whatever a config needs that is not in memory yet is read
 * asynchronously by `settle`, which then analyses again.
 */
export class AnalysisCache {
  private readonly entries = new Map<string, ConfigAnalysis>();
  /** The config whose findings in other files are shown (ConfigDiagnostics decides). */
  activeKey: string | undefined;

  constructor(
    readonly sources: EditorSources,
    /** Who listens on a port, as last seen (the user's own config only). */
    readonly listeners?: ListenerFacts,
  ) {}

  /** The current analysis of an open config document, from memory. */
  get(document: vscode.TextDocument): Analysis {
    const entry = this.current(targetOf(document));
    // Only a config read from disk can be missing; a document always has its text.
    if (!entry) throw new Error(`no analysis for ${document.uri.toString()}`);
    return entry.analysis;
  }

  /** The current analysis of a config, analysed again from memory when anything it read changed. */
  current(target: ConfigTarget): ConfigAnalysis | undefined {
    const cached = this.entries.get(target.key);
    if (cached && cached.version === target.document?.version && this.sources.cache.isCurrent(cached.stamps)) return cached;
    let version: number | undefined;
    const sourced = runFromMemory(this.sources.cache, (reader) => {
      version = target.document?.version;
      return this.run(target, reader);
    });
    return this.remember(target, sourced, version);
  }

  /** Analyses with every file the config uses read first (what diagnostics publish). */
  async settle(target: ConfigTarget): Promise<ConfigAnalysis | undefined> {
    let version: number | undefined;
    const sourced = await runWithSources(this.sources.cache, (reader) => {
      version = target.document?.version;
      return this.run(target, reader);
    });
    return this.remember(target, sourced, version);
  }

  private run(target: ConfigTarget, reader: SourceReader): Analysis | undefined {
    let text = target.document?.getText();
    if (text === undefined) {
      const read = reader.read(target.configPath);
      if (read.state !== 'ok') return undefined;
      text = read.text;
    }
    return analyzeConfig(text, analyzeOptions(target, reader, this.listeners));
  }

  private remember(target: ConfigTarget, sourced: SourcedResult<Analysis | undefined>, version: number | undefined): ConfigAnalysis | undefined {
    if (!sourced.result) {
      this.entries.delete(target.key);
      return undefined;
    }
    const entry: ConfigAnalysis = {
      target,
      analysis: sourced.result,
      version,
      stamps: sourced.stamps,
      requested: sourced.requested,
      requestedKeys: new Set([...sourced.requested].map(pathKey)),
      complete: sourced.complete,
    };
    this.entries.set(target.key, entry);
    return entry;
  }

  /** The current analysis of the active config (the one whose findings show in other files), once it was analysed. */
  active(): ConfigAnalysis | undefined {
    const entry = this.activeKey === undefined ? undefined : this.entries.get(this.activeKey);
    return entry ? this.current(entry.target) : undefined;
  }

  /** The analysis that uses a file (the active config's first), current. */
  using(document: vscode.TextDocument): ConfigAnalysis | undefined {
    if (document.uri.scheme !== 'file') return undefined;
    const key = pathKey(document.uri.fsPath);
    const candidates = [...this.entries.values()].filter((entry) => entry.requestedKeys.has(key));
    const chosen = candidates.find((entry) => entry.target.key === this.activeKey) ?? candidates[0];
    return chosen ? this.current(chosen.target) : undefined;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

const NO_LINES = new LineIndex('');

/** Line positions in any file an analysis refers to: the config, an include, a `.env`, else what the cache holds. */
export function linesOf(entry: ConfigAnalysis, file: string | undefined, sources: EditorSources): LineIndex {
  if (file === undefined) return entry.analysis.doc.lines;
  const known = entry.analysis.files.get(file);
  if (known) return known.lines;
  const text = sources.cache.textOf(file);
  return text === undefined ? NO_LINES : new LineIndex(text);
}

export function uriOf(entry: ConfigAnalysis, file: string | undefined): vscode.Uri {
  return file === undefined ? entry.target.uri : vscode.Uri.file(file);
}

export function toRange(lines: LineIndex, span: { offset: number; length: number }): vscode.Range {
  const r = lines.rangeOf(span.offset, span.length);
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

function spanRange(entry: ConfigAnalysis, span: Span, sources: EditorSources): vscode.Range {
  return toRange(linesOf(entry, span.file, sources), span);
}

export function toDiagnostic(entry: ConfigAnalysis, finding: Finding, sources: EditorSources): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(spanRange(entry, finding, sources), render(finding.message), SEVERITY[finding.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: finding.code, target: vscode.Uri.parse(docsUrl(finding.code)) };
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map(
      (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uriOf(entry, r.file), spanRange(entry, r, sources)), render(r.message)),
    );
  }
  return diagnostic;
}

/** The finding behind a diagnostic of ours in `document` (same file, code, range and message in the analysis). */
export function findingFor(entry: ConfigAnalysis, document: vscode.TextDocument, diagnostic: vscode.Diagnostic, sources: EditorSources): Finding | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  const inConfig = document.uri.toString() === entry.target.key;
  const key = document.uri.scheme === 'file' ? pathKey(document.uri.fsPath) : undefined;
  return entry.analysis.findings.find(
    (f) =>
      f.code === code &&
      (f.file === undefined ? inConfig : pathKey(f.file) === key) &&
      spanRange(entry, f, sources).isEqual(diagnostic.range) &&
      render(f.message) === diagnostic.message,
  );
}

interface Session {
  target: ConfigTarget;
  /** Findings in the config itself. */
  own: vscode.Diagnostic[];
  /** Findings in other files, by URI. */
  others: Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>;
  /** Paths whose change alters the analysis (pathKey form). */
  dependsOn: Set<string>;
  timer?: NodeJS.Timeout;
  /** Bumped by every validation: a slower, older one must not publish over a newer one. */
  generation: number;
}

/**
 * Publishes diagnostics of OpenClaw configs: at once on open, debounced while typing, cleared on
 * close. The active config (the one last focused, else OpenClaw's own file) also publishes its
 * findings in the files it uses (includes, `.env` files); any change to one of those, in an editor
 * or on disk, analyses it again.
 */
export class ConfigDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly sessions = new Map<string, Session>();
  private published = new Map<string, { uri: vscode.Uri; parts: vscode.Diagnostic[][] }>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  private disposed = false;
  /** Fires after diagnostics of a file were published (tests and the status item listen). */
  readonly onDidPublish = this.changeEmitter.event;
  private readonly analysedEmitter = new vscode.EventEmitter<void>();
  /** Fires after a config was analysed again, or another config became the active one (the source map listens). */
  readonly onDidAnalyse = this.analysedEmitter.event;

  constructor(
    private readonly cache: AnalysisCache,
    private readonly sources: EditorSources,
  ) {
    this.disposables.push(
      this.collection,
      this.changeEmitter,
      this.analysedEmitter,
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (!isOpenClawConfig(document)) return;
        const session = this.ensureSession(targetOf(document));
        this.pickActive();
        void this.validate(session);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        const session = this.sessions.get(e.document.uri.toString());
        if (session?.target.document && e.contentChanges.length > 0) this.schedule(session);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        const session = this.sessions.get(document.uri.toString());
        if (session?.target.document !== document) return;
        this.removeSession(session);
        this.pickActive();
        this.publish();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => {
        this.pickActive();
        this.publish();
      }),
      vscode.window.tabGroups.onDidChangeTabs(() => {
        this.pickActive();
        this.publish();
      }),
      sources.onDidChange((path) => {
        const key = pathKey(path);
        for (const session of this.sessions.values()) if (session.dependsOn.has(key)) this.schedule(session);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('openclawGuard')) this.revalidateAll();
      }),
    );
    this.revalidateAll();
  }

  revalidateAll(): void {
    this.cache.clear();
    for (const document of vscode.workspace.textDocuments) if (isOpenClawConfig(document)) this.ensureSession(targetOf(document));
    for (const session of [...this.sessions.values()]) if (session.target.document?.isClosed) this.removeSession(session);
    this.pickActive();
    for (const session of this.sessions.values()) void this.validate(session);
  }

  private ensureSession(target: ConfigTarget): Session {
    const existing = this.sessions.get(target.key);
    if (existing && existing.target.document === target.document) return existing;
    if (existing) this.removeSession(existing);
    const session: Session = { target, own: [], others: new Map(), dependsOn: new Set(), generation: 0 };
    this.sessions.set(target.key, session);
    return session;
  }

  private removeSession(session: Session): void {
    clearTimeout(session.timer);
    session.generation++;
    this.sources.watch(session.target.key, []);
    this.sessions.delete(session.target.key);
    this.cache.forget(session.target.key);
  }

  /**
   * The config whose findings in other files are shown: the focused config editor; else the one
   * active before, while it is still in a tab, or the focused file is one it uses (following a
   * related location into an include keeps it), or no text editor has the focus; else an open
   * config that uses the focused file; else the last config in a tab; else OpenClaw's own file as
   * it is on disk (then only for files open in an editor, so a window that never touches OpenClaw
   * stays quiet). Tabs rather than documents: VS Code keeps a document for a while after its
   * editor closed.
   */
  private pickActive(): void {
    const focused = vscode.window.activeTextEditor?.document;
    const focusedKey = focused?.uri.scheme === 'file' ? pathKey(focused.uri.fsPath) : undefined;
    const inTabs = new Set(
      vscode.window.tabGroups.all.flatMap((group) => group.tabs.flatMap((tab) => (tab.input instanceof vscode.TabInputText ? [tab.input.uri.toString()] : []))),
    );
    const current = this.cache.activeKey === undefined ? undefined : this.sessions.get(this.cache.activeKey);
    const open = [...this.sessions.values()].filter((s) => s.target.document).reverse();
    const uses = (s: Session): boolean => focusedKey !== undefined && s.dependsOn.has(focusedKey);
    // No focused text editor happens between two events of one switch (a preview tab replaced): keep.
    const keepCurrent = current && (focused === undefined || (current.target.document && inTabs.has(current.target.key)) || uses(current));
    const chosen =
      (focused && open.find((s) => s.target.key === focused.uri.toString())) ??
      (keepCurrent ? current : undefined) ??
      open.find(uses) ??
      open.find((s) => inTabs.has(s.target.key));
    const target = chosen?.target ?? diskTarget(resolvedConfigPath());
    // The user's own file read from disk is a session of its own, kept only while it is the active one.
    for (const session of [...this.sessions.values()]) if (!session.target.document && session.target.key !== target.key) this.removeSession(session);
    const isNew = !this.sessions.has(target.key);
    const session = this.ensureSession(target);
    const changed = this.cache.activeKey !== target.key;
    this.cache.activeKey = target.key;
    if (isNew) void this.validate(session);
    else if (changed) this.analysedEmitter.fire();
  }

  private schedule(session: Session): void {
    clearTimeout(session.timer);
    session.timer = setTimeout(() => {
      session.timer = undefined;
      void this.validate(session);
    }, readSettings(session.target.uri).debounceMs);
  }

  async validate(session: Session): Promise<void> {
    clearTimeout(session.timer);
    const generation = ++session.generation;
    const entry = await this.cache.settle(session.target);
    if (this.disposed || generation !== session.generation || this.sessions.get(session.target.key) !== session) return;
    session.own = [];
    session.others = new Map();
    if (entry) {
      for (const finding of entry.analysis.findings) {
        const diagnostic = toDiagnostic(entry, finding, this.sources);
        if (finding.file === undefined) {
          session.own.push(diagnostic);
          continue;
        }
        const uri = vscode.Uri.file(finding.file);
        const group = session.others.get(uri.toString()) ?? { uri, diagnostics: [] };
        group.diagnostics.push(diagnostic);
        session.others.set(uri.toString(), group);
      }
    }
    this.watchSources(session, entry);
    this.publish();
    this.analysedEmitter.fire();
  }

  private watchSources(session: Session, entry: ConfigAnalysis | undefined): void {
    const { configPath, document } = session.target;
    let paths: string[] = [];
    if (configPath) paths = entry ? [...watchedPaths(entry.analysis.effective), ...entry.requested] : [configPath];
    // An open config's own text comes from its editor, which follows the disk by itself.
    if (document) paths = paths.filter((path) => pathKey(path) !== pathKey(configPath));
    this.sources.watch(session.target.key, paths);
    session.dependsOn = new Set(paths.map(pathKey));
    this.sources.cache.retainOnly(this.sources.watchedPaths());
  }

  private publish(): void {
    const next = new Map<string, { uri: vscode.Uri; parts: vscode.Diagnostic[][] }>();
    const add = (uri: vscode.Uri, diagnostics: vscode.Diagnostic[]): void => {
      const key = uri.toString();
      const entry = next.get(key) ?? { uri, parts: [] };
      entry.parts.push(diagnostics);
      next.set(key, entry);
    };
    for (const session of this.sessions.values()) if (session.target.document) add(session.target.uri, session.own);
    const active = this.cache.activeKey === undefined ? undefined : this.sessions.get(this.cache.activeKey);
    if (active) {
      const openFiles = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
      for (const [key, { uri, diagnostics }] of active.others) if (active.target.document || openFiles.has(key)) add(uri, diagnostics);
    }
    for (const [key, { uri }] of this.published) if (!next.has(key)) this.collection.delete(uri);
    for (const [key, { uri, parts }] of next) {
      const before = this.published.get(key)?.parts;
      if (before?.length === parts.length && before.every((p, i) => p === parts[i])) continue;
      this.collection.set(uri, parts.flat());
      this.changeEmitter.fire(uri);
    }
    this.published = next;
  }

  dispose(): void {
    this.disposed = true;
    for (const session of this.sessions.values()) clearTimeout(session.timer);
    for (const d of this.disposables) d.dispose();
  }
}
