/*
 * Why our own writer and not write-file-atomic (7.0.1, a dependency in package.json):
 * we measured it against what `check --fix` needs on a file holding gateway tokens. It resolves
 * symlinks, keeps uid/gid and keeps setgid (chmod after chown) correctly, but it
 *   - creates the temp file with the *original* mode under the umask and flag 'w' (no O_EXCL):
 *     for a 0644 config the full token copy is world-readable while written, and a planted file
 *     or symlink at the temp name is followed rather than refused;
 *   - names the temp `<file>.<hash>`, with no pid anyone can read back, so after `kill -9` the
 *     leftover copy can never be recognised as stale and swept (signal-exit covers catchable
 *     signals only);
 *   - has no hook between writing and renaming, so it cannot re-check the file for an edit made
 *     since it was read (an editor's save in that window is silently overwritten);
 *   - does not fsync the directory after the rename, so the rename itself may not survive a crash;
 *   - happily replaces a 0444 file and silently splits a hard link;
 *   - uses `fs` directly, so tests cannot make a single step fail.
 * Wrapping it would leave the first three unfixable, so this file does the (small) job itself and
 * keeps every file operation injectable through `WriteOps`.
 */
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** What the reader saw: the exact bytes (BOM included) and which inode they came from. */
export interface FileSnapshot {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  bytes: Buffer;
}

/** The facts of a file the writer decides on. */
export interface FileFacts {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  mode: number;
  uid: number;
  gid: number;
  nlink: number;
  isFile: boolean;
}

/**
 * The file operations an atomic write needs; injectable so tests can make any of them fail or watch them.
 * Function-typed properties rather than methods: ops are spread, wrapped and passed around detached.
 */
export interface WriteOps {
  realpath: (path: string) => string;
  stat: (path: string) => FileFacts;
  /** Whether this process may write the file; root always may, so the writer also checks mode bits. */
  canWrite: (path: string) => boolean;
  readFile: (path: string) => Buffer;
  readdir: (dir: string) => string[];
  open: (path: string, flags: string, mode: number) => number;
  write: (fd: number, data: Uint8Array) => void;
  fchown: (fd: number, uid: number, gid: number) => void;
  fchmod: (fd: number, mode: number) => void;
  fsync: (fd: number) => void;
  close: (fd: number) => void;
  rename: (from: string, to: string) => void;
  unlink: (path: string) => void;
  fsyncDir: (dir: string) => void;
}

function factsOf(s: fs.BigIntStats): FileFacts {
  return {
    dev: s.dev,
    ino: s.ino,
    size: s.size,
    mtimeNs: s.mtimeNs,
    mode: Number(s.mode),
    uid: Number(s.uid),
    gid: Number(s.gid),
    nlink: Number(s.nlink),
    isFile: s.isFile(),
  };
}

/** Snapshot of an open file: identity from the same fd the bytes come from, so the two agree. */
export function snapshotOfFd(fd: number): FileSnapshot {
  const facts = factsOf(fs.fstatSync(fd, { bigint: true }));
  return { dev: facts.dev, ino: facts.ino, size: facts.size, mtimeNs: facts.mtimeNs, bytes: fs.readFileSync(fd) };
}

export const realWriteOps: WriteOps = {
  realpath: (path) => fs.realpathSync(path),
  stat: (path) => factsOf(fs.statSync(path, { bigint: true })),
  canWrite: (path) => {
    try {
      fs.accessSync(path, fs.constants.W_OK);
      return true;
    } catch {
      return false;
    }
  },
  readFile: (path) => fs.readFileSync(path),
  readdir: (dir) => fs.readdirSync(dir),
  open: (path, flags, mode) => fs.openSync(path, flags, mode),
  write: (fd, data) => {
    // writeSync may write less than asked (signals, some filesystems); a short file would be a torn config.
    let offset = 0;
    while (offset < data.length) offset += fs.writeSync(fd, data, offset, data.length - offset);
  },
  fchown: (fd, uid, gid) => fs.fchownSync(fd, uid, gid),
  fchmod: (fd, mode) => fs.fchmodSync(fd, mode),
  fsync: (fd) => fs.fsyncSync(fd),
  close: (fd) => fs.closeSync(fd),
  rename: (from, to) => fs.renameSync(from, to),
  unlink: (path) => fs.unlinkSync(path),
  fsyncDir: (dir) => {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  },
};

export type WriteRefusalCode = 'READ_ONLY' | 'HARD_LINKED' | 'CHANGED_ON_DISK' | 'NOT_A_FILE' | 'OWNER_NOT_KEPT';

/** A write the writer declined to make; the file is unchanged. `code` tells the CLI which sentence to print. */
export class WriteRefusedError extends Error {
  constructor(
    readonly code: WriteRefusalCode,
    message: string,
    readonly links?: number,
  ) {
    super(message);
    this.name = 'WriteRefusedError';
  }
}

export interface WriteOptions {
  /** What readConfigFile saw; the write is refused if the file no longer matches it. */
  expected: FileSnapshot;
  /** Put a UTF-8 BOM back in front of the content (readConfigFile strips it and reports it). */
  bom?: boolean;
  ops?: WriteOps;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const TEMP_PREFIX = '.openclaw-guard-';
// `.openclaw-guard-<host>-<pid>-<random>.<target name>.tmp`: the pid is what lets a later run tell
// a leftover from `kill -9` apart from a write that is still going on, and the host keeps a run on
// one machine from judging the pids of another that shares the directory (an NFS home).
const TEMP_NAME = /^\.openclaw-guard-([A-Za-z0-9]{1,16})-(\d+)-[0-9a-f]+\..+\.tmp$/;
const HOST_TAG = hostname().replace(/[^A-Za-z0-9]/g, '').slice(0, 16) || 'host';

function isWriteOps(value: WriteOps | WriteOptions): value is WriteOps {
  return typeof (value as Partial<WriteOps>).rename === 'function';
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, so it may well be writing.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temp files a killed run of ours left in `dir`. Only names of our own pattern whose pid is
 * gone; a recycled pid just keeps the leftover until that pid ends too. Best effort: a sweep
 * failure must never stop the fix itself.
 */
function sweepStaleTemps(dir: string, ops: WriteOps): void {
  let names: string[];
  try {
    names = ops.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    if (match?.[1] !== HOST_TAG) continue;
    const pid = Number(match[2]);
    if (pid === process.pid || pidAlive(pid)) continue;
    try {
      ops.unlink(join(dir, name));
    } catch {
      // Another run swept it first, or the directory forbids it; either way not ours to fail on.
    }
  }
}

function sameContent(facts: FileFacts, bytes: Buffer, expected: FileSnapshot): boolean {
  return facts.dev === expected.dev && facts.ino === expected.ino && bytes.equals(expected.bytes);
}

/** Reads the file as it is now (callers without a snapshot of their own; putting a written file back). */
export function snapshotNow(path: string, ops: WriteOps): FileSnapshot {
  const facts = ops.stat(path);
  return { dev: facts.dev, ino: facts.ino, size: facts.size, mtimeNs: facts.mtimeNs, bytes: ops.readFile(path) };
}

function changedOnDisk(path: string): WriteRefusedError {
  return new WriteRefusedError('CHANGED_ON_DISK', `${path} changed on disk since it was read`);
}

/** The facts of the file behind `real`, when replacing it is allowed; the refusal otherwise. */
function replaceableFacts(path: string, real: string, expected: FileSnapshot, ops: WriteOps): FileFacts {
  const facts = ops.stat(real);
  if (!facts.isFile) throw new WriteRefusedError('NOT_A_FILE', `${path} is not a regular file`);
  if ((facts.mode & 0o222) === 0 || !ops.canWrite(real)) throw new WriteRefusedError('READ_ONLY', `${path} is read-only`);
  if (facts.nlink > 1) {
    throw new WriteRefusedError('HARD_LINKED', `${path} has ${facts.nlink} hard links; an atomic replace would split them`, facts.nlink);
  }
  if (facts.dev !== expected.dev || facts.ino !== expected.ino) throw changedOnDisk(path);
  return facts;
}

/**
 * Throws the WriteRefusedError writeFileAtomic would throw for this file now, without writing
 * anything: lets a caller that must change several files together find a refusal before the first
 * write. (An owner that cannot be kept shows only when writing.)
 */
export function assertReplaceable(path: string, expected: FileSnapshot, ops: WriteOps = realWriteOps): void {
  const real = ops.realpath(path);
  const facts = replaceableFacts(path, real, expected, ops);
  if (!sameContent(facts, ops.readFile(real), expected)) throw changedOnDisk(path);
}

/**
 * Replaces a config file's content so a reader sees either the old or the new file, never part of
 * one, and so the file stays the file it was: same inode path behind a symlink, same owner, group
 * and mode bits (setuid/setgid/sticky too), same BOM.
 *
 * Refuses (WriteRefusedError, file unchanged) when:
 * - no write bit is set, or this process may not write it: a rename would replace it anyway
 *   (only the directory's permission counts for rename), overriding the owner's "read-only";
 * - it has more than one hard link: a rename-based replace necessarily gives this name a new inode
 *   and leaves the other names with the old content. Writing in place would keep the link but
 *   lose atomicity (a crash leaves a torn file holding tokens), so we refuse and say so instead;
 * - it differs from `expected`, re-checked just before the rename: someone saved it since it was
 *   read, and writing would throw their edit away. (A save in the microseconds between that check
 *   and the rename cannot be seen without locking, which editors do not honour.)
 *
 * The temp file is created 0600 with O_EXCL next to the real file, then given the original
 * owner and mode just before the rename; after the rename the directory is fsynced. No temp file
 * is left behind on success or failure; one left by `kill -9` is swept by a later run.
 *
 * The old form `writeFileAtomic(path, content, ops)` still works: it snapshots the file on entry
 * and keeps whatever BOM the file has.
 */
export function writeFileAtomic(path: string, content: string, options?: WriteOps | WriteOptions): void {
  const ops = options === undefined ? realWriteOps : isWriteOps(options) ? options : (options.ops ?? realWriteOps);
  // Through a symlink (stow, chezmoi) the file to replace is the target; replacing the link
  // would turn it into a regular file and leave the real config stale.
  const real = ops.realpath(path);
  const expected = options !== undefined && !isWriteOps(options) ? options.expected : snapshotNow(real, ops);
  const bom = options !== undefined && !isWriteOps(options) ? options.bom === true : expected.bytes.subarray(0, 3).equals(UTF8_BOM);

  const facts = replaceableFacts(path, real, expected, ops);
  const changed = (): WriteRefusedError => changedOnDisk(path);

  const dir = dirname(real);
  sweepStaleTemps(dir, ops);
  const temp = join(dir, `${TEMP_PREFIX}${HOST_TAG}-${process.pid}-${Math.floor(Math.random() * 0x100000000).toString(16)}.${basename(real)}.tmp`);
  const data = bom ? Buffer.concat([UTF8_BOM, Buffer.from(content, 'utf8')]) : Buffer.from(content, 'utf8');

  let fd: number | undefined;
  let created = false;
  try {
    // 0600 and exclusive: the copy holds the tokens, and must be ours alone until it takes the
    // original's owner and mode right before the rename.
    fd = ops.open(temp, 'wx', 0o600);
    created = true;
    ops.write(fd, data);
    ops.fchown(fd, facts.uid, facts.gid);
    // After the chown: chown clears setuid/setgid, and the umask never applies to fchmod.
    ops.fchmod(fd, facts.mode & 0o7777);
    ops.fsync(fd);
    ops.close(fd);
    fd = undefined;
    const now = ops.stat(real);
    if (!sameContent(now, ops.readFile(real), expected)) throw changed();
    ops.rename(temp, real);
    created = false;
  } catch (error) {
    if (fd !== undefined) {
      try {
        ops.close(fd);
      } catch {
        // The write already failed; the close error adds nothing.
      }
    }
    if (created) {
      try {
        ops.unlink(temp);
      } catch {
        // Best effort; a later run sweeps it by pid.
      }
    }
    if (error instanceof WriteRefusedError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    // Non-root cannot give a file to another user; the replace would change its owner.
    if ((code === 'EPERM' || code === 'EINVAL') && error instanceof Error && (error as NodeJS.ErrnoException).syscall === 'fchown') {
      throw new WriteRefusedError('OWNER_NOT_KEPT', `${path} belongs to uid ${facts.uid} gid ${facts.gid}; replacing it would change its owner`);
    }
    throw error;
  }
  try {
    ops.fsyncDir(dir);
  } catch {
    // The new content is already in place; saying "not fixed, unchanged" now would be false, and
    // some filesystems refuse fsync on a directory (EINVAL) while still persisting the rename.
  }
}
