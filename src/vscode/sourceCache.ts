import * as vscode from 'vscode';
import { SourceCache } from '../core/sourceCache';
import { watchFile } from './configFiles';

/** The form a path is stored under: the one VS Code gives a file URI (Windows drive letters lower-cased). */
export function pathKey(path: string): string {
  return vscode.Uri.file(path).fsPath;
}

/**
 * The files OpenClaw reads besides the config, as the engine sees them in the editor: the text of
 * open documents (unsaved edits included), else the disk as last read. Watches every file an
 * analysis used or looked for, also outside the workspace and also files that do not exist yet,
 * and says which path changed.
 */
export class EditorSources implements vscode.Disposable {
  readonly cache = new SourceCache(undefined, pathKey);
  private readonly watchers = new Map<string, { watcher: vscode.Disposable; owners: Set<string> }>();
  private readonly changeEmitter = new vscode.EventEmitter<string>();
  private readonly disposables: vscode.Disposable[] = [];
  /** A path whose content, as the engine would read it, may have changed. */
  readonly onDidChange = this.changeEmitter.event;

  constructor() {
    for (const document of vscode.workspace.textDocuments) this.track(document);
    this.disposables.push(
      this.changeEmitter,
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (this.track(document)) this.changeEmitter.fire(document.uri.fsPath);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && this.track(e.document)) this.changeEmitter.fire(e.document.uri.fsPath);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === 'file' && this.cache.closeOpen(document.uri.fsPath)) this.changeEmitter.fire(document.uri.fsPath);
      }),
    );
  }

  private track(document: vscode.TextDocument): boolean {
    if (document.uri.scheme !== 'file') return false;
    this.cache.setOpen(document.uri.fsPath, () => document.getText());
    return true;
  }

  /**
   * The files `owner` (one analysed config) depends on. Watchers are shared between owners and
   * disposed when no owner needs them any more.
   */
  watch(owner: string, paths: Iterable<string>): void {
    const wanted = new Set([...paths].map(pathKey));
    for (const [key, entry] of this.watchers) {
      if (wanted.has(key) || !entry.owners.delete(owner) || entry.owners.size > 0) continue;
      entry.watcher.dispose();
      this.watchers.delete(key);
    }
    for (const key of wanted) {
      let entry = this.watchers.get(key);
      if (!entry) {
        entry = { watcher: watchFile(key, () => this.refresh(key)), owners: new Set() };
        this.watchers.set(key, entry);
      }
      entry.owners.add(owner);
    }
  }

  /** Every path some owner watches (what the cache must keep). */
  watchedPaths(): string[] {
    return [...this.watchers.keys()];
  }

  private refresh(path: string): void {
    void this.cache.load([path], true).then((changed) => {
      if (changed) this.changeEmitter.fire(path);
    });
  }

  dispose(): void {
    for (const { watcher } of this.watchers.values()) watcher.dispose();
    this.watchers.clear();
    for (const d of this.disposables) d.dispose();
  }
}
