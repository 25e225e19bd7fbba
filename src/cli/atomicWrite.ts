import * as fs from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The file operations an atomic write needs; injectable so tests can make any of them fail. */
export interface WriteOps {
  stat(path: string): { mode: number };
  open(path: string, flags: string, mode: number): number;
  write(fd: number, data: string): void;
  fsync(fd: number): void;
  close(fd: number): void;
  rename(from: string, to: string): void;
  unlink(path: string): void;
}

export const realWriteOps: WriteOps = {
  stat: (path) => fs.statSync(path),
  open: (path, flags, mode) => fs.openSync(path, flags, mode),
  write: (fd, data) => {
    fs.writeSync(fd, data, null, 'utf8');
  },
  fsync: (fd) => fs.fsyncSync(fd),
  close: (fd) => fs.closeSync(fd),
  rename: (from, to) => fs.renameSync(from, to),
  unlink: (path) => fs.unlinkSync(path),
};

/**
 * Replaces a file's content so that a reader sees either the old or the new file, never half of
 * one: write a temp file in the same directory with the same mode, fsync, rename over. On any
 * failure the temp file is removed and the original is left as it was.
 */
export function writeFileAtomic(path: string, content: string, ops: WriteOps = realWriteOps): void {
  const mode = ops.stat(path).mode & 0o7777;
  const temp = join(dirname(path), `.${basename(path)}.openclaw-guard-${process.pid}-${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = ops.open(temp, 'wx', mode);
    ops.write(fd, content);
    ops.fsync(fd);
    ops.close(fd);
    fd = undefined;
    ops.rename(temp, path);
  } catch (error) {
    if (fd !== undefined) {
      try {
        ops.close(fd);
      } catch {
        // The write already failed; the close error adds nothing.
      }
    }
    try {
      ops.unlink(temp);
    } catch {
      // Nothing was created.
    }
    throw error;
  }
}
