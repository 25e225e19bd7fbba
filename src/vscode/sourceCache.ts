import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SourceCache } from '../core/sourceCache';

/** The form a path is stored under: the one VS Code gives a file URI (Windows drive letters lower-cased). */
export function pathKey(file: string): string {
  return vscode.Uri.file(file).fsPath;
}

/** The deepest folder on the way to `folder` that exists (the root at worst). */
async function deepestExisting(folder: string): Promise<string> {
  for (let current = folder; ; current = path.dirname(current)) {
    try {
      if ((await fsp.stat(current)).isDirectory()) return current;
    } catch {
      // Not there (yet): look one level up.
    }
    if (path.dirname(current) === current) return current;
  }
}

/** A non-recursive watcher for one name in one folder. */
function watchName(folder: string, name: string, on: (kind: 'change' | 'create' | 'delete') => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), name));
  return vscode.Disposable.from(
    watcher,
    watcher.onDidChange(() => on('change')),
    watcher.onDidCreate(() => on('create')),
    watcher.onDidDelete(() => on('delete')),
  );
}

/** How long a newly placed watcher may take to start: the file is read once more after it. */
const WATCHER_START_MS = 1000;

interface WatchEntry {
  owners: Set<string>;
  watcher?: vscode.Disposable;
  /** Bumped on each placement: an older placement that resolves later is dropped. */
  placement: number;
  timer?: NodeJS.Timeout;
}

/**
 * The files OpenClaw reads besides the config, as the engine sees them in the editor: unsaved
 * editor text, else the disk as last read. Watches every file an
 * analysis used or looked for, also outside the workspace and also files that do not exist yet,
 * and the names in the folders an analysis listed, and says which path changed.
 */
export class EditorSources implements vscode.Disposable {
  readonly cache = new SourceCache(undefined, pathKey);
  private readonly watchers = new Map<string, WatchEntry>();
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
      // Saved: the disk holds the text now; read it before anyone analyses the old copy.
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (this.track(document)) this.refresh(document.uri.fsPath, true);
      }),
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) for (const [key, entry] of this.watchers) this.place(key, entry);
      }),
    );
  }

  private track(document: vscode.TextDocument): boolean {
    if (document.uri.scheme !== 'file') return false;
    this.cache.setOpen(document.uri.fsPath, () => (document.isDirty ? document.getText() : undefined));
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
      this.unwatch(key, entry);
    }
    for (const key of wanted) {
      let entry = this.watchers.get(key);
      if (!entry) {
        entry = { owners: new Set(), placement: 0 };
        this.watchers.set(key, entry);
        this.place(key, entry);
      }
      entry.owners.add(owner);
    }
  }

  private unwatch(key: string, entry: WatchEntry): void {
    entry.placement++;
    clearTimeout(entry.timer);
    entry.watcher?.dispose();
    this.watchers.delete(key);
  }

  /**
   * Watches the file in its folder. VS Code cannot watch in a folder that does not exist
   * (~/.config/openclaw on most machines): then the deepest folder that exists is watched for the
   * next missing one, and the watcher moves down as folders appear (and back up when the file is
   * deleted, its folder may be gone too). After a move the file is read again, at once and once
   * more when the new watcher is surely running: it may have been written in between. VS Code
   * reports nothing when a whole folder holding a watched file is deleted: so every watched file
   * is read again, and its watcher placed again, when the window gains the focus (someone who
   * changed files elsewhere comes back).
   */
  private place(key: string, entry: WatchEntry): void {
    const placement = ++entry.placement;
    const folder = path.dirname(key);
    void deepestExisting(folder).then(async (existing) => {
      // A folder service discovery lists (~/.config/systemd/user): a file appearing in it changes the listing.
      const isFolder = existing === folder && (await fsp.stat(key).then((stat) => stat.isDirectory(), () => false));
      if (this.watchers.get(key) !== entry || entry.placement !== placement) return;
      entry.watcher?.dispose();
      if (existing === folder) {
        const own = watchName(folder, path.basename(key), (kind) => {
          this.refresh(key);
          if (kind === 'delete') this.place(key, entry);
        });
        entry.watcher = isFolder ? vscode.Disposable.from(own, watchName(key, '*', (kind) => {
          if (kind !== 'change') this.refresh(key);
        })) : own;
      } else {
        const next = path.relative(existing, key).split(path.sep)[0];
        entry.watcher = watchName(existing, next, () => this.place(key, entry));
      }
      if (placement === 1) return;
      this.refresh(key);
      clearTimeout(entry.timer);
      entry.timer = setTimeout(() => this.refresh(key), WATCHER_START_MS);
    });
  }

  /** Every path some owner watches (what the cache must keep). */
  watchedPaths(): string[] {
    return [...this.watchers.keys()];
  }

  private refresh(file: string, always = false): void {
    void this.cache.load([file], true).then((changed) => {
      if (changed || always) this.changeEmitter.fire(file);
    });
  }

  dispose(): void {
    for (const [key, entry] of [...this.watchers]) this.unwatch(key, entry);
    for (const d of this.disposables) d.dispose();
  }
}
