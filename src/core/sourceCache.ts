import { promises as fsp } from 'node:fs';
import type { FileFacts, ReadResult, SourceReader } from './effective/sourceReader';

/**
 * The files a config pulls in (includes, `.env` files, secret files), held in memory for an editor.
 * The engine reads synchronously; an editor must not touch the disk on a keystroke. So the engine
 * gets a reader that answers from memory only (unsaved editor text first, then files read ahead
 * of time) and notes every path it had no answer for. Those are read asynchronously, and the
 * analysis runs again until nothing is missing.
 *
 * Each path has a stamp that moves whenever what the reader would answer for it changes (an
 * edit in an open document, the document closing, the file changing on disk). An analysis keeps
 * the stamps of the paths it read; it is current while they all still hold.
 */

/** What the disk said about one path, read in one go. */
export interface DiskSnapshot {
  read: ReadResult;
  /** The real path (symlinks resolved) when the path exists. */
  realpath?: string;
  /** lstat facts when the path exists. */
  facts?: FileFacts;
  /** The names in it, sorted, when the path is a directory (service discovery lists folders). */
  entries?: string[];
  /** Last modification time (ms since the epoch) when the path exists. */
  mtimeMs?: number;
}

export type DiskLoader = (path: string) => Promise<DiskSnapshot>;

/**
 * An open editor document's text, taken only when the engine asks for it; undefined while the
 * document holds nothing the disk does not (saved), so the disk speaks: a saved document whose
 * file was deleted or replaced on disk keeps its old text in the editor, the gateway reads the disk.
 */
export type OpenText = () => string | undefined;

/** Same limit as the engine's disk reader: a larger file is not read at all. */
const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Reads one path the way `readSourceFile`, `realpath` and `inspectPath` do, without blocking. */
export async function loadFromDisk(path: string): Promise<DiskSnapshot> {
  let facts: FileFacts | undefined;
  try {
    const lstat = await fsp.lstat(path);
    facts = { symlink: lstat.isSymbolicLink(), regularFile: lstat.isFile(), mode: lstat.mode & 0o777, uid: lstat.uid };
  } catch (error) {
    const code = errorCode(error);
    return { read: code === 'ENOENT' || code === 'ENOTDIR' ? { state: 'missing' } : { state: 'unreadable' } };
  }
  let realpath: string | undefined;
  try {
    realpath = await fsp.realpath(path);
  } catch {
    // A dangling symlink: lstat found it, but there is nothing behind it.
    return { read: { state: 'missing' }, facts };
  }
  try {
    const stat = await fsp.stat(path);
    const mtimeMs = stat.mtimeMs;
    if (stat.isDirectory()) {
      const entries = await fsp.readdir(path).then((names) => names.sort(), () => undefined);
      return { read: { state: 'unreadable' }, realpath, facts, mtimeMs, ...(entries ? { entries } : {}) };
    }
    if (!stat.isFile() || stat.size > MAX_SOURCE_BYTES) return { read: { state: 'unreadable' }, realpath, facts, mtimeMs };
    return { read: { state: 'ok', text: await fsp.readFile(path, 'utf8') }, realpath, facts, mtimeMs };
  } catch (error) {
    const code = errorCode(error);
    return { read: code === 'ENOENT' || code === 'ENOTDIR' ? { state: 'missing' } : { state: 'unreadable' }, realpath, facts };
  }
}

function sameFacts(a: FileFacts | undefined, b: FileFacts | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.symlink === b.symlink && a.regularFile === b.regularFile && a.mode === b.mode && a.uid === b.uid;
}

function sameEntries(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

function sameSnapshot(a: DiskSnapshot | undefined, b: DiskSnapshot): boolean {
  if (a?.read.state !== b.read.state || a.realpath !== b.realpath || !sameFacts(a.facts, b.facts)) return false;
  if (a.mtimeMs !== b.mtimeMs || !sameEntries(a.entries, b.entries)) return false;
  return a.read.state !== 'ok' || b.read.state !== 'ok' || a.read.text === b.read.text;
}

/** A reader for one analysis: answers from memory, and remembers what it was asked and lacked. */
export interface TrackingReader extends SourceReader {
  /** Every path the engine asked about (read, realpath, inspect, list or mtime). */
  readonly requested: ReadonlySet<string>;
  /** Paths it had to answer without knowing (not read from disk yet). */
  readonly missing: ReadonlySet<string>;
}

/** The stamps of the paths an analysis read, to tell later whether it is still current. */
export type SourceStamps = ReadonlyMap<string, number>;

export class SourceCache {
  /** All maps are keyed by `key(path)`. */
  private readonly disk = new Map<string, DiskSnapshot>();
  private readonly open = new Map<string, OpenText>();
  private readonly stamps = new Map<string, number>();
  /** The newest load of a path: an older load that finishes later must not overwrite it. */
  private readonly loading = new Map<string, { ticket: number; done: Promise<boolean> }>();
  private clock = 0;
  private tickets = 0;

  /**
   * `key` maps a path to the form it is stored under: the engine and the editor may spell one
   * file differently (a Windows drive letter's case).
   */
  constructor(
    private readonly loader: DiskLoader = loadFromDisk,
    private readonly key: (path: string) => string = (path) => path,
  ) {}

  reader(): TrackingReader {
    const requested = new Set<string>();
    const missing = new Set<string>();
    const fromDisk = (path: string): DiskSnapshot | undefined => {
      requested.add(path);
      const snapshot = this.disk.get(this.key(path));
      if (!snapshot) missing.add(path);
      return snapshot;
    };
    return {
      requested,
      missing,
      read: (path) => {
        const unsaved = this.open.get(this.key(path))?.();
        if (unsaved !== undefined) {
          requested.add(path);
          return { state: 'ok', text: unsaved };
        }
        return fromDisk(path)?.read ?? { state: 'missing' };
      },
      realpath: (path) => fromDisk(path)?.realpath,
      inspect: (path) => fromDisk(path)?.facts,
      list: (dir) => fromDisk(dir)?.entries,
      // An unsaved editor's text is newer than any time on disk: the file will change when it is saved.
      mtime: (path) => (this.open.get(this.key(path))?.() !== undefined ? Date.now() : fromDisk(path)?.mtimeMs),
    };
  }

  /** The text the engine would read for a path now, when it is known. */
  textOf(path: string): string | undefined {
    const unsaved = this.open.get(this.key(path))?.();
    if (unsaved !== undefined) return unsaved;
    const read = this.disk.get(this.key(path))?.read;
    return read?.state === 'ok' ? read.text : undefined;
  }

  /** Whether the disk was read for this path and found nothing there (and no editor holds unsaved text for it). */
  knownMissing(path: string): boolean {
    return this.open.get(this.key(path))?.() === undefined && this.disk.get(this.key(path))?.read.state === 'missing';
  }

  isLoaded(path: string): boolean {
    return this.disk.has(this.key(path));
  }

  stamp(path: string): number {
    return this.stamps.get(this.key(path)) ?? 0;
  }

  stampsOf(paths: Iterable<string>): SourceStamps {
    return new Map([...paths].map((path) => [path, this.stamp(path)]));
  }

  /** True while nothing the stamps were taken of has changed. */
  isCurrent(stamps: SourceStamps): boolean {
    for (const [path, stamp] of stamps) if (this.stamp(path) !== stamp) return false;
    return true;
  }

  private touch(key: string): void {
    this.stamps.set(key, ++this.clock);
  }

  /**
   * An editor document opened, changed or was saved: its unsaved text wins over the disk. Saving
   * hands the path back to the disk, so the caller reads the file again then.
   */
  setOpen(path: string, open: OpenText): void {
    this.open.set(this.key(path), open);
    this.touch(this.key(path));
  }

  /** The document closed: the disk speaks for the path again. */
  closeOpen(path: string): boolean {
    if (!this.open.delete(this.key(path))) return false;
    this.touch(this.key(path));
    return true;
  }

  /**
   * Reads paths from disk: those not in memory, or all of them with `again` (a watcher said the
   * file changed). Resolves true when what the reader answers changed for any of them.
   */
  async load(paths: Iterable<string>, again = false): Promise<boolean> {
    const jobs: Array<Promise<boolean>> = [];
    const seen = new Set<string>();
    for (const path of paths) {
      const key = this.key(path);
      if (seen.has(key)) continue;
      seen.add(key);
      const pending = this.loading.get(key);
      if (!again && this.disk.has(key)) continue;
      if (!again && pending) {
        jobs.push(pending.done);
        continue;
      }
      const ticket = ++this.tickets;
      const done = this.loader(path).then(
        (snapshot) => this.store(key, ticket, snapshot),
        () => this.store(key, ticket, { read: { state: 'unreadable' } }),
      );
      this.loading.set(key, { ticket, done });
      jobs.push(done);
    }
    const changed = await Promise.all(jobs);
    return changed.some(Boolean);
  }

  private store(key: string, ticket: number, snapshot: DiskSnapshot): boolean {
    if (this.loading.get(key)?.ticket !== ticket) return false;
    this.loading.delete(key);
    if (sameSnapshot(this.disk.get(key), snapshot)) return false;
    this.disk.set(key, snapshot);
    this.touch(key);
    return true;
  }

  /** Drops what was read from disk for paths no analysis uses any more. */
  retainOnly(keep: Iterable<string>): void {
    const kept = new Set([...keep].map(this.key));
    for (const key of [...this.disk.keys()]) {
      if (kept.has(key) || this.loading.has(key)) continue;
      this.disk.delete(key);
      // Read again later, the path must not look unchanged to an analysis that read it before.
      this.touch(key);
    }
  }
}

/** An analysis together with what it read, so its freshness and its watch list can be told. */
export interface SourcedResult<T> {
  result: T;
  requested: ReadonlySet<string>;
  stamps: SourceStamps;
  /** False when something the engine asked for was not in memory yet. */
  complete: boolean;
}

/** Runs an analysis from memory only (a keystroke, a code-action request). */
export function runFromMemory<T>(cache: SourceCache, run: (reader: SourceReader) => T): SourcedResult<T> {
  const reader = cache.reader();
  const result = run(reader);
  return { result, requested: reader.requested, stamps: cache.stampsOf(reader.requested), complete: reader.missing.size === 0 };
}

/**
 * Most analyses need one round: the files were read before. A new include, `.env` or secret
 * file is read and the analysis runs again; an include nesting another needs one round per
 * level (OpenClaw stops at 10), so the bound leaves room for that and a few `.env` files.
 */
export const MAX_LOAD_ROUNDS = 16;

/** Runs an analysis, reading whatever it lacked from disk and running again until nothing is missing. */
export async function runWithSources<T>(cache: SourceCache, run: (reader: SourceReader) => T, maxRounds = MAX_LOAD_ROUNDS): Promise<SourcedResult<T>> {
  let reader = cache.reader();
  let result = run(reader);
  for (let round = 1; round < maxRounds && reader.missing.size > 0; round++) {
    await cache.load(reader.missing);
    reader = cache.reader();
    result = run(reader);
  }
  return { result, requested: reader.requested, stamps: cache.stampsOf(reader.requested), complete: reader.missing.size === 0 };
}
