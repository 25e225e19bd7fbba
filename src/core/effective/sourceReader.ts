import * as fs from 'node:fs';

/**
 * How the engine reads the files a config pulls in. The CLI reads the disk; the editor hands in
 * its cache (open documents and files read ahead of time), so analysing on a keystroke never
 * touches the disk.
 */
export type ReadResult = { state: 'ok'; text: string } | { state: 'missing' } | { state: 'unreadable' };

export interface SourceReader {
  read(path: string): ReadResult;
  /** The real path (symlinks resolved), when the file exists; readers without a disk omit it. */
  realpath?(path: string): string | undefined;
  /** File facts for secret-file checks; readers without a disk omit it (the check is then skipped). */
  inspect?(path: string): FileFacts | undefined;
  /** Names in a directory (service discovery); readers without a disk omit it (only known paths are read then). */
  list?(dir: string): string[] | undefined;
  /** Last modification time in ms since the epoch (compared with a running gateway's start). */
  mtime?(path: string): number | undefined;
}

/** Files larger than this are not read at all (OpenClaw's own limits are 1 MB for .env, 2 MB for includes). */
const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

/** Reads text the way OpenClaw does (UTF-8), refusing what is not a regular file. */
export function readSourceFile(path: string): ReadResult {
  try {
    // Most paths asked for do not exist (.env files nobody wrote): an exception per miss costs more than the read of a file.
    const stat = fs.statSync(path, { throwIfNoEntry: false });
    if (!stat) return { state: 'missing' };
    if (!stat.isFile()) return { state: 'unreadable' };
    if (stat.size > MAX_SOURCE_BYTES) return { state: 'unreadable' };
    return { state: 'ok', text: fs.readFileSync(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? { state: 'missing' } : { state: 'unreadable' };
  }
}

export const diskReader: SourceReader = {
  read: readSourceFile,
  realpath: (path) => {
    try {
      // The system's realpath(3): the same answer as OpenClaw's fs.realpathSync, in half the time.
      return fs.realpathSync.native(path);
    } catch {
      return undefined;
    }
  },
  inspect: (path) => inspectPath(path),
  list: (dir) => listDirectory(dir),
  mtime: (path) => fs.statSync(path, { throwIfNoEntry: false })?.mtimeMs,
};

/** The names in a directory, sorted; undefined when it cannot be read. */
export function listDirectory(dir: string): string[] | undefined {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return undefined;
  }
}

/** A reader over fixed contents (tests, and the editor's cache). Paths not listed are missing. */
export function memoryReader(files: Readonly<Record<string, string>>): SourceReader {
  return {
    read: (path) => (Object.hasOwn(files, path) ? { state: 'ok', text: files[path] } : { state: 'missing' }),
    list: (dir) => {
      const prefix = dir.endsWith('/') ? dir : `${dir}/`;
      const names = Object.keys(files)
        .filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/'))
        .map((p) => p.slice(prefix.length));
      // Directories holding files (drop-in folders) are listed too.
      for (const p of Object.keys(files)) if (p.startsWith(prefix) && p.slice(prefix.length).includes('/')) names.push(p.slice(prefix.length).split('/')[0]);
      return names.length > 0 ? [...new Set(names)].sort() : undefined;
    },
  };
}

/** What OpenClaw checks before it reads a secret file (see secretFiles.ts). */
export interface FileFacts {
  symlink: boolean;
  regularFile: boolean;
  mode: number;
  uid: number;
}

/** lstat facts of a path, for secret-file checks; undefined when it does not exist. */
export function inspectPath(path: string): FileFacts | undefined {
  try {
    const stat = fs.lstatSync(path);
    return { symlink: stat.isSymbolicLink(), regularFile: stat.isFile(), mode: stat.mode & 0o777, uid: stat.uid };
  } catch {
    return undefined;
  }
}
