import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  fstatSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir, hostname } from 'node:os';
import { join } from 'node:path';
import { english } from '../../src/core/messages';
import { realWriteOps, writeFileAtomic, WriteRefusedError, type WriteOps } from '../../src/cli/atomicWrite';
import { readConfigFile } from '../../src/cli/readConfigFile';
import { runCli } from '../../src/cli/main';

const A = '3f9a1c7e5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f20';
const B = '9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c50';
const messy = `// keep me\n{\n  gateway: {\n    bind: "0.0.0.0",\n    auth: { mode: "token", token: "${A}" },\n    remote: { token: "${B}" }, // stale\n  },\n}\n`;
const fixed = `// keep me\n{\n  gateway: {\n    bind: "lan",\n    auth: { mode: "token", token: "${A}" },\n    remote: { token: "${A}" }, // stale\n    mode: "local",\n  },\n}\n`;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const isRoot = process.getuid?.() === 0;

let dir = '';
let savedUmask = 0;
let counter = 0;

/** A fresh directory per test, so "no temp file left" looks at exactly one write. */
function freshDir(): string {
  const d = join(dir, `t${++counter}`);
  mkdirSync(d);
  return d;
}

function temps(d: string): string[] {
  return readdirSync(d).filter((name) => name.startsWith('.openclaw-guard-') || name.endsWith('.tmp'));
}

/** Reads like the CLI does and writes `content` with that read's snapshot and BOM. */
function readThenWrite(file: string, content: (text: string) => string, ops?: WriteOps): void {
  const read = readConfigFile(file);
  assert.ok(read.ok, read.ok ? '' : english(read.reason));
  writeFileAtomic(file, content(read.text), { expected: read.snapshot, bom: read.bom, ops });
}

function refusal(code: string): (error: unknown) => boolean {
  return (error) => error instanceof WriteRefusedError && error.code === code;
}

async function cli(argv: string[], writeOps?: WriteOps): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli({ argv, env: {}, stdout: (t) => (stdout += t + '\n'), stderr: (t) => (stderr += t + '\n'), isTty: false, writeOps });
  return { code, stdout, stderr };
}

/** Every op counted; `fail(n)` makes the n-th call (1-based) throw EIO instead of acting. */
function countingOps(failAt?: number): { ops: WriteOps; calls: string[] } {
  const calls: string[] = [];
  const ops = {} as Record<keyof WriteOps, unknown>;
  for (const name of Object.keys(realWriteOps) as Array<keyof WriteOps>) {
    const real = realWriteOps[name] as unknown as (...args: unknown[]) => unknown;
    ops[name] = (...args: unknown[]): unknown => {
      calls.push(name);
      if (calls.length === failAt) {
        // A failing close still releases the fd, as the kernel does; the test must not leak fds.
        if (name === 'close') real(...args);
        throw Object.assign(new Error(`${name} failed (injected)`), { code: 'EIO' });
      }
      return real(...args);
    };
  }
  return { ops: ops as unknown as WriteOps, calls };
}

describe('check --fix keeps files whole', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ocg-fixwrite-'));
    savedUmask = process.umask(0o022);
  });
  after(() => {
    process.umask(savedUmask);
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes through a symlink: the target gets the content and the link stays a link', () => {
    const d = freshDir();
    mkdirSync(join(d, 'dotfiles'));
    const target = join(d, 'dotfiles', 'openclaw.json');
    const link = join(d, 'openclaw.json');
    writeFileSync(target, 'old');
    symlinkSync(join('dotfiles', 'openclaw.json'), link);
    readThenWrite(link, () => 'new');
    assert.ok(lstatSync(link).isSymbolicLink(), 'the link is still a link');
    assert.equal(readFileSync(target, 'utf8'), 'new');
    assert.deepEqual(temps(d), []);
    assert.deepEqual(temps(join(d, 'dotfiles')), []);
  });

  it('creates the temp file next to the real file, not next to the link', () => {
    const d = freshDir();
    mkdirSync(join(d, 'real'));
    const target = join(d, 'real', 'openclaw.json');
    writeFileSync(target, 'old');
    symlinkSync(target, join(d, 'link.json'));
    const opened: string[] = [];
    readThenWrite(join(d, 'link.json'), () => 'new', { ...realWriteOps, open: (path, flags, mode) => (opened.push(path), realWriteOps.open(path, flags, mode)) });
    assert.equal(opened.length, 1);
    assert.ok(opened[0].startsWith(join(d, 'real') + '/'), opened[0]);
  });

  it('keeps owner and group (1234:1234) when run as root', { skip: !isRoot && 'needs root to chown' }, () => {
    const d = freshDir();
    const file = join(d, 'openclaw.json');
    writeFileSync(file, 'old');
    chownSync(file, 1234, 1234);
    readThenWrite(file, () => 'new');
    const s = statSync(file);
    assert.equal(readFileSync(file, 'utf8'), 'new');
    assert.deepEqual([s.uid, s.gid], [1234, 1234]);
  });

  for (const mode of [0o600, 0o660, 0o664, 0o2770, 0o6770, 0o1660]) {
    it(`keeps mode ${mode.toString(8).padStart(4, '0')} exactly under umask 022 (owner 1234:1234 when root)`, () => {
      const d = freshDir();
      const file = join(d, 'openclaw.json');
      writeFileSync(file, 'old');
      // chown first: it clears setgid, and the writer's own chown would do the same to the temp file.
      if (isRoot) chownSync(file, 1234, 1234);
      chmodSync(file, mode);
      assert.equal(statSync(file).mode & 0o7777, mode, 'precondition: the filesystem holds this mode');
      readThenWrite(file, () => 'new');
      assert.equal(readFileSync(file, 'utf8'), 'new');
      assert.equal((statSync(file).mode & 0o7777).toString(8), mode.toString(8));
      if (isRoot) assert.deepEqual([statSync(file).uid, statSync(file).gid], [1234, 1234]);
    });
  }

  for (const mode of [0o444, 0o400, 0o000]) {
    it(`refuses a read-only (${mode.toString(8).padStart(4, '0')}) file and leaves it unchanged`, () => {
      const d = freshDir();
      const file = join(d, 'openclaw.json');
      writeFileSync(file, 'old');
      chmodSync(file, mode);
      const read = readConfigFile(file);
      // Mode 000 is unreadable for anyone but root; the read is the CLI's concern then.
      if (!read.ok) return;
      assert.throws(() => writeFileAtomic(file, 'new', { expected: read.snapshot, bom: read.bom }), refusal('READ_ONLY'));
      assert.equal(readFileSync(file, 'utf8'), 'old');
      assert.equal(statSync(file).mode & 0o7777, mode);
      assert.deepEqual(temps(d), []);
    });
  }

  it('keeps a UTF-8 BOM: read reports it and strips it, write puts it back', () => {
    const d = freshDir();
    const file = join(d, 'openclaw.json');
    writeFileSync(file, Buffer.concat([BOM, Buffer.from('{ a: 1 }\n')]));
    const read = readConfigFile(file);
    assert.ok(read.ok);
    assert.equal(read.bom, true);
    assert.equal(read.text, '{ a: 1 }\n', 'the text has no BOM in it');
    writeFileAtomic(file, '{ a: 2 }\n', { expected: read.snapshot, bom: read.bom });
    assert.deepEqual(readFileSync(file), Buffer.concat([BOM, Buffer.from('{ a: 2 }\n')]));
  });

  it('does not add a BOM to a file that had none', () => {
    const d = freshDir();
    const file = join(d, 'openclaw.json');
    writeFileSync(file, '{ a: 1 }\n');
    const read = readConfigFile(file);
    assert.ok(read.ok);
    assert.equal(read.bom, false);
    readThenWrite(file, () => '{ a: 2 }\n');
    assert.deepEqual(readFileSync(file), Buffer.from('{ a: 2 }\n'));
  });

  it('keeps CRLF line endings through read and write', () => {
    const d = freshDir();
    const file = join(d, 'openclaw.json');
    writeFileSync(file, '{\r\n  a: 1,\r\n}\r\n');
    const read = readConfigFile(file);
    assert.ok(read.ok);
    assert.equal(read.text, '{\r\n  a: 1,\r\n}\r\n');
    writeFileAtomic(file, read.text.replace('1', '2'), { expected: read.snapshot, bom: read.bom });
    assert.equal(readFileSync(file, 'latin1'), '{\r\n  a: 2,\r\n}\r\n');
  });

  it('refuses a hard-linked file and leaves both names unchanged', () => {
    const d = freshDir();
    const file = join(d, 'openclaw.json');
    writeFileSync(file, 'old');
    linkSync(file, join(d, 'backup.json'));
    const read = readConfigFile(file);
    assert.ok(read.ok);
    assert.throws(
      () => writeFileAtomic(file, 'new', { expected: read.snapshot, bom: read.bom }),
      (error: unknown) => error instanceof WriteRefusedError && error.code === 'HARD_LINKED' && error.links === 2,
    );
    assert.equal(readFileSync(file, 'utf8'), 'old');
    assert.equal(statSync(file).ino, statSync(join(d, 'backup.json')).ino, 'still one inode');
    assert.deepEqual(temps(d), []);
  });

  it('refuses when the file is edited between read and write, keeping the edit', () => {
    const d = freshDir();
    const file = join(d, 'openclaw.json');
    writeFileSync(file, 'old');
    const read = readConfigFile(file);
    assert.ok(read.ok);
    writeFileSync(file, 'edited by someone');
    assert.throws(() => writeFileAtomic(file, 'new', { expected: read.snapshot, bom: read.bom }), refusal('CHANGED_ON_DISK'));
    assert.equal(readFileSync(file, 'utf8'), 'edited by someone');
    assert.deepEqual(temps(d), []);
  });

  it('refuses when the file is edited while the temp file is written, and removes the temp file', () => {
    const d = freshDir();
    const file = join(d, 'openclaw.json');
    writeFileSync(file, 'old');
    const ops: WriteOps = {
      ...realWriteOps,
      fsync: (fd) => {
        realWriteOps.fsync(fd);
        writeFileSync(file, 'saved by the editor');
      },
    };
    assert.throws(() => readThenWrite(file, () => 'new', ops), refusal('CHANGED_ON_DISK'));
    assert.equal(readFileSync(file, 'utf8'), 'saved by the editor');
    assert.deepEqual(temps(d), []);
  });

  it('refuses when the file was replaced (new inode, same content) since it was read', () => {
    const d = freshDir();
    const file = join(d, 'openclaw.json');
    writeFileSync(file, 'old');
    const read = readConfigFile(file);
    assert.ok(read.ok);
    // The way editors save: a sibling renamed over (rm + create could get the freed inode back).
    writeFileSync(join(d, 'sibling'), 'old');
    renameSync(join(d, 'sibling'), file);
    assert.throws(() => writeFileAtomic(file, 'new', { expected: read.snapshot, bom: read.bom }), refusal('CHANGED_ON_DISK'));
    assert.equal(readFileSync(file, 'utf8'), 'old');
  });

  it('refuses, unchanged and without a temp file, when the owner cannot be kept (non-root, another user\'s file)', () => {
    const d = freshDir();
    const file = join(d, 'openclaw.json');
    writeFileSync(file, 'old');
    // What fchown does for a non-root user giving a file away; root here cannot see it for real.
    const ops: WriteOps = {
      ...realWriteOps,
      fchown: () => {
        throw Object.assign(new Error('EPERM: operation not permitted, fchown'), { code: 'EPERM', syscall: 'fchown' });
      },
    };
    assert.throws(() => readThenWrite(file, () => 'new', ops), refusal('OWNER_NOT_KEPT'));
    assert.equal(readFileSync(file, 'utf8'), 'old');
    assert.deepEqual(temps(d), []);
  });

  it('refuses to replace something that is not a regular file', () => {
    const d = freshDir();
    writeFileSync(join(d, 'openclaw.json'), 'old');
    const read = readConfigFile(join(d, 'openclaw.json'));
    assert.ok(read.ok);
    mkdirSync(join(d, 'sub'));
    assert.throws(() => writeFileAtomic(join(d, 'sub'), 'new', { expected: read.snapshot }), refusal('NOT_A_FILE'));
    assert.deepEqual(readdirSync(d).sort(), ['openclaw.json', 'sub']);
  });

  it('creates the temp file 0600 and exclusive, even for a 0644 target', () => {
    const d = freshDir();
    const file = join(d, 'openclaw.json');
    writeFileSync(file, 'old');
    chmodSync(file, 0o644);
    const seen: Array<{ flags: string; mode: number; actual: number }> = [];
    const ops: WriteOps = {
      ...realWriteOps,
      open: (path, flags, mode) => {
        const fd = realWriteOps.open(path, flags, mode);
        seen.push({ flags, mode, actual: fstatSync(fd).mode & 0o7777 });
        return fd;
      },
    };
    readThenWrite(file, () => 'new', ops);
    assert.deepEqual(seen, [{ flags: 'wx', mode: 0o600, actual: 0o600 }]);
    assert.equal(statSync(file).mode & 0o7777, 0o644);
  });

  it('does not follow a file or symlink planted at the temp name', () => {
    const d = freshDir();
    const file = join(d, 'openclaw.json');
    writeFileSync(file, 'old');
    const elsewhere = join(d, 'victim');
    writeFileSync(elsewhere, 'victim');
    const ops: WriteOps = {
      ...realWriteOps,
      open: (path, flags, mode) => {
        symlinkSync(elsewhere, path);
        return realWriteOps.open(path, flags, mode);
      },
    };
    assert.throws(() => readThenWrite(file, () => 'new', ops), (error: unknown) => (error as NodeJS.ErrnoException).code === 'EEXIST');
    assert.equal(readFileSync(elsewhere, 'utf8'), 'victim');
    assert.equal(readFileSync(file, 'utf8'), 'old');
  });

  it('leaves no temp file after a successful write, and fsyncs the directory after the rename', () => {
    const d = freshDir();
    const file = join(d, 'openclaw.json');
    writeFileSync(file, 'old');
    const { ops, calls } = countingOps();
    readThenWrite(file, () => 'new', ops);
    assert.equal(readFileSync(file, 'utf8'), 'new');
    assert.deepEqual(temps(d), []);
    assert.ok(calls.indexOf('fsync') < calls.indexOf('rename'), 'the file is fsynced before the rename');
    assert.ok(calls.indexOf('fchown') < calls.indexOf('fchmod'), 'chmod after chown, which clears setgid');
    assert.equal(calls[calls.length - 1], 'fsyncDir', 'the directory is fsynced after the rename');
  });

  it('leaves the file intact and no temp file behind when any single step fails', () => {
    const probe = countingOps();
    const probeDir = freshDir();
    writeFileSync(join(probeDir, 'openclaw.json'), 'old');
    readThenWrite(join(probeDir, 'openclaw.json'), () => 'new', probe.ops);
    const steps = probe.calls.length;
    assert.ok(steps >= 12, `expected a dozen steps, saw ${probe.calls.join(',')}`);
    for (let k = 1; k <= steps; k++) {
      const d = freshDir();
      const file = join(d, 'openclaw.json');
      writeFileSync(file, 'old');
      chmodSync(file, 0o2660);
      const { ops, calls } = countingOps(k);
      const read = readConfigFile(file);
      assert.ok(read.ok);
      let threw = false;
      try {
        writeFileAtomic(file, 'new', { expected: read.snapshot, bom: read.bom, ops });
      } catch {
        threw = true;
      }
      const step = `${calls[k - 1]} (step ${k})`;
      // Failures before the rename leave the old file; after it (directory fsync) the new one stands.
      assert.equal(readFileSync(file, 'utf8'), threw ? 'old' : 'new', step);
      if (!threw) assert.ok(['readdir', 'fsyncDir'].includes(calls[k - 1]), `only best-effort steps may fail quietly: ${step}`);
      assert.deepEqual(temps(d), [], `temp file left when ${step} failed`);
      assert.equal(statSync(file).mode & 0o7777, 0o2660, step);
    }
  });

  it('sweeps a stale temp file of a dead run, but not a live run\'s or anyone else\'s', () => {
    const d = freshDir();
    const file = join(d, 'openclaw.json');
    writeFileSync(file, 'old');
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    assert.ok(dead !== undefined);
    const host = hostname().replace(/[^A-Za-z0-9]/g, '').slice(0, 16) || 'host';
    const stale = `.openclaw-guard-${host}-${dead}-1a2b3c.openclaw.json.tmp`;
    const live = `.openclaw-guard-${host}-${process.ppid}-4d5e6f.openclaw.json.tmp`;
    // Another machine sharing the directory: its pids mean nothing here.
    const otherHost = `.openclaw-guard-${host === 'elsewhere' ? 'yonder' : 'elsewhere'}-${dead}-7a8b9c.openclaw.json.tmp`;
    writeFileSync(join(d, stale), A, { mode: 0o600 });
    writeFileSync(join(d, live), A, { mode: 0o600 });
    writeFileSync(join(d, otherHost), A, { mode: 0o600 });
    writeFileSync(join(d, 'notes.tmp'), 'someone else');
    readThenWrite(file, () => 'new');
    assert.deepEqual(readdirSync(d).sort(), [live, otherHost, 'notes.tmp', 'openclaw.json'].sort());
  });

  it('a file killed with -9 mid-write is old or new, never torn; a later run sweeps the leftover', async (t) => {
    const d = freshDir();
    const file = join(d, 'openclaw.json');
    const size = 4 * 1024 * 1024;
    const contentA = `{ k: "${'a'.repeat(size)}" }\n`;
    const contentB = `{ k: "${'b'.repeat(size)}" }\n`;
    writeFileSync(file, contentA);
    chmodSync(file, 0o640);
    const script = join(d, 'writer.js');
    writeFileSync(
      script,
      `const { writeFileAtomic } = require(${JSON.stringify(join(__dirname, '..', '..', 'src', 'cli', 'atomicWrite.js'))});
const { readConfigFile } = require(${JSON.stringify(join(__dirname, '..', '..', 'src', 'cli', 'readConfigFile.js'))});
const [file, size] = process.argv.slice(2);
const a = '{ k: "' + 'a'.repeat(Number(size)) + '" }\\n';
const b = '{ k: "' + 'b'.repeat(Number(size)) + '" }\\n';
process.stdout.write('ready\\n');
for (;;) {
  const read = readConfigFile(file);
  if (!read.ok) throw new Error(english(read.reason));
  writeFileAtomic(file, read.text === a ? b : a, { expected: read.snapshot, bom: read.bom });
}
`,
    );
    const bufA = Buffer.from(contentA);
    const bufB = Buffer.from(contentB);
    let leftovers = 0;
    let round = 0;
    // At least 8 kills, and on until one leaves a temp file behind, so the sweep below meets a real leftover.
    for (; round < 8 || (temps(d).length === 0 && round < 60); round++) {
      const child = spawn(process.execPath, [script, file, String(size)], { stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 300));
      child.kill('SIGKILL');
      assert.equal(await exited, 'SIGKILL');
      const now = readFileSync(file);
      assert.ok(now.equals(bufA) || now.equals(bufB), `round ${round}: torn file of ${now.length} bytes`);
      assert.equal(statSync(file).mode & 0o7777, 0o640);
      for (const name of temps(d)) {
        leftovers++;
        // Never more exposed than the config itself: 0600 while written, the original mode once complete.
        assert.ok([0o600, 0o640].includes(statSync(join(d, name)).mode & 0o7777), name);
      }
    }
    t.diagnostic(`${leftovers} temp files seen after ${round} kills`);
    assert.ok(temps(d).length > 0, 'the last kill left a temp file for the sweep');
    readThenWrite(file, () => '{ k: "done" }\n');
    assert.equal(readFileSync(file, 'utf8'), '{ k: "done" }\n');
    assert.deepEqual(temps(d), [], 'the leftover is swept');
  });

  it('says a UTF-16 file is UTF-16, not binary', () => {
    const d = freshDir();
    for (const [name, bytes] of [
      ['le.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{ a: 1 }', 'utf16le')])],
      ['be.json', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('{ a: 1 }', 'utf16le').swap16()])],
    ] as const) {
      const file = join(d, name);
      writeFileSync(file, bytes);
      const read = readConfigFile(file);
      assert.ok(!read.ok);
      assert.equal(english(read.reason), `${file} is UTF-16; OpenClaw reads only UTF-8: save it as UTF-8`);
    }
  });

  it('still calls a file with NULs and no BOM binary', () => {
    const file = join(freshDir(), 'bin.json');
    writeFileSync(file, Buffer.from([0x7b, 0x00, 0x7d]));
    const read = readConfigFile(file);
    assert.ok(!read.ok);
    assert.equal(english(read.reason), `${file} holds binary data, not JSON5 text`);
  });
});

describe('check --fix through the CLI', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ocg-fixwrite-cli-'));
    savedUmask = process.umask(0o022);
  });
  after(() => {
    process.umask(savedUmask);
    rmSync(dir, { recursive: true, force: true });
  });

  it('fixes the real file behind a symlink and keeps the link', async () => {
    const d = freshDir();
    mkdirSync(join(d, 'dotfiles'));
    const target = join(d, 'dotfiles', 'openclaw.json');
    const link = join(d, 'openclaw.json');
    writeFileSync(target, messy);
    chmodSync(target, 0o600);
    symlinkSync(target, link);
    const r = await cli(['check', link, '--fix']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readFileSync(target, 'utf8'), fixed);
    assert.equal(statSync(target).mode & 0o7777, 0o600);
    assert.match(r.stdout, /fixed bind-invalid/);
  });

  it('refuses a read-only file with a clear sentence and leaves it unchanged', async () => {
    const d = freshDir();
    const file = join(d, 'openclaw.json');
    writeFileSync(file, messy);
    chmodSync(file, 0o444);
    const r = await cli(['check', file, '--fix']);
    assert.equal(readFileSync(file, 'utf8'), messy);
    assert.match(r.stdout, /openclaw\.json: not fixed: the file is read-only; the file is unchanged/);
    assert.equal(r.code, 2);
    assert.deepEqual(temps(d), []);
  });

  it('refuses a hard-linked file, naming the number of links', async () => {
    const d = freshDir();
    const file = join(d, 'openclaw.json');
    writeFileSync(file, messy);
    linkSync(file, join(d, 'a.json'));
    linkSync(file, join(d, 'b.json'));
    const r = await cli(['check', file, '--fix']);
    assert.equal(readFileSync(file, 'utf8'), messy);
    assert.match(r.stdout, /not fixed: the file has 3 hard links and an atomic replace would split them; the file is unchanged/);
    assert.equal(r.code, 2);
  });

  it('refuses a file saved by someone else during the fix and says to run again', async () => {
    const d = freshDir();
    const file = join(d, 'openclaw.json');
    writeFileSync(file, messy);
    const ops: WriteOps = { ...realWriteOps, fsync: (fd) => (realWriteOps.fsync(fd), writeFileSync(file, messy + '// edited\n')) };
    const r = await cli(['check', file, '--fix'], ops);
    assert.equal(readFileSync(file, 'utf8'), messy + '// edited\n');
    assert.match(r.stdout, /not fixed: the file changed on disk since it was read; run again/);
    assert.equal(r.code, 2);
    assert.deepEqual(temps(d), []);
  });

  it('refuses a file whose owner it could not keep, with a clear sentence', async () => {
    const d = freshDir();
    const file = join(d, 'openclaw.json');
    writeFileSync(file, messy);
    const ops: WriteOps = {
      ...realWriteOps,
      fchown: () => {
        throw Object.assign(new Error('EPERM: operation not permitted, fchown'), { code: 'EPERM', syscall: 'fchown' });
      },
    };
    const r = await cli(['check', file, '--fix'], ops);
    assert.equal(readFileSync(file, 'utf8'), messy);
    assert.match(r.stdout, /not fixed: the file belongs to another user and rewriting it would change its owner; the file is unchanged/);
    assert.equal(r.code, 2);
  });

  it('keeps a BOM and CRLF line endings through a fix', async () => {
    const d = freshDir();
    const file = join(d, 'openclaw.json');
    writeFileSync(file, Buffer.concat([BOM, Buffer.from(messy.replace(/\n/g, '\r\n'))]));
    const r = await cli(['check', file, '--fix']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(readFileSync(file), Buffer.concat([BOM, Buffer.from(fixed.replace(/\n/g, '\r\n'))]));
  });

  it('says a UTF-16 config is UTF-16', async () => {
    const file = join(freshDir(), 'openclaw.json');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(messy, 'utf16le')]));
    const r = await cli(['check', file, '--fix']);
    assert.match(r.stdout + r.stderr, /is UTF-16; OpenClaw reads only UTF-8: save it as UTF-8/);
    assert.equal(r.code, 2);
  });
});
