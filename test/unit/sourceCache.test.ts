import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeConfig, type Analysis } from '../../src/core/analyze';
import { watchedPaths } from '../../src/core/effective/effectiveConfig';
import type { SourceReader } from '../../src/core/effective/sourceReader';
import { loadFromDisk, runFromMemory, runWithSources, SourceCache, type DiskLoader, type DiskSnapshot } from '../../src/core/sourceCache';
import { STRONG, STRONG_2, TEST_CONFIG, TEST_HOME } from './ruleHelpers';

const DOTENV = `${TEST_HOME}/.openclaw/.env`;
const GATEWAY_ENV = `${TEST_HOME}/.config/openclaw/gateway.env`;

/** A disk held in memory, counting what is read from it; `files` may change between reads. */
function fakeDisk(files: Record<string, string>): { loader: DiskLoader; loads: string[]; files: Record<string, string> } {
  const loads: string[] = [];
  const loader: DiskLoader = (path) => {
    loads.push(path);
    const snapshot: DiskSnapshot = Object.hasOwn(files, path)
      ? { read: { state: 'ok', text: files[path] }, realpath: path, facts: { symlink: false, regularFile: true, mode: 0o600, uid: 1000 } }
      : { read: { state: 'missing' } };
    return Promise.resolve(snapshot);
  };
  return { loader, loads, files };
}

function analyzeWith(config: string): (reader: SourceReader) => Analysis {
  return (reader) => analyzeConfig(config, { env: {}, configPath: TEST_CONFIG, reader, home: TEST_HOME, uid: 1000 });
}

const codesOf = (analysis: Analysis): string[] => analysis.findings.map((f) => f.code);

/** Token auth with only remote.token: auth-token-missing unless the gateway's environment has a token. */
const REMOTE_ONLY = JSON.stringify({ gateway: { mode: 'local', auth: { mode: 'token' }, remote: { token: STRONG } } });

describe('the editor source cache', () => {
  it('analyses from memory without reading anything, and names what it lacked', () => {
    const disk = fakeDisk({ [DOTENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG}\n` });
    const cache = new SourceCache(disk.loader);
    const run = runFromMemory(cache, analyzeWith(REMOTE_ONLY));
    assert.deepEqual(disk.loads, [], 'a keystroke never reads the disk');
    assert.equal(run.complete, false);
    assert.ok(run.requested.has(DOTENV) && run.requested.has(GATEWAY_ENV), [...run.requested].join(', '));
    // Without the .env the gateway has no token.
    assert.ok(codesOf(run.result).includes('auth-token-missing'));
  });

  it('reads what the analysis lacked and analyses again: a token in ~/.openclaw/.env satisfies auth-token-missing', async () => {
    const disk = fakeDisk({ [DOTENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG}\n` });
    const cache = new SourceCache(disk.loader);
    const run = await runWithSources(cache, analyzeWith(REMOTE_ONLY));
    assert.equal(run.complete, true);
    assert.ok(!codesOf(run.result).includes('auth-token-missing'), codesOf(run.result).join(', '));
    assert.ok(disk.loads.includes(DOTENV) && disk.loads.includes(GATEWAY_ENV), 'a file that does not exist is looked for too');
    const loadsAfterFirst = disk.loads.length;
    // Everything is in memory now: the next analysis (a keystroke) is complete and reads nothing.
    const again = runFromMemory(cache, analyzeWith(REMOTE_ONLY));
    assert.equal(again.complete, true);
    assert.equal(disk.loads.length, loadsAfterFirst);
  });

  it('follows nested includes, one round per level, reading each file once', async () => {
    const dir = `${TEST_HOME}/.openclaw`;
    const disk = fakeDisk({
      [`${dir}/a.json5`]: '{ gateway: { $include: "./b.json5" } }',
      [`${dir}/b.json5`]: '{ auth: { $include: "./c.json5" } }',
      [`${dir}/c.json5`]: `{ token: "${STRONG_2}" }`,
    });
    const cache = new SourceCache(disk.loader);
    const config = `{ $include: "./a.json5", gateway: { mode: "local", remote: { token: "${STRONG}" } } }`;
    const run = await runWithSources(cache, analyzeWith(config));
    assert.equal(run.complete, true);
    assert.ok(codesOf(run.result).includes('token-mismatch'), 'the token three includes deep was read');
    for (const file of ['a', 'b', 'c']) assert.equal(disk.loads.filter((p) => p === `${dir}/${file}.json5`).length, 1, `${file}.json5 read once`);
    const watched = watchedPaths(run.result.effective);
    for (const file of ['a', 'b', 'c']) assert.ok(watched.includes(`${dir}/${file}.json5`));
  });

  it('stops after the round limit when every round asks for something new', async () => {
    const disk = fakeDisk({});
    const cache = new SourceCache(disk.loader);
    let round = 0;
    const run = await runWithSources(
      cache,
      (reader) => {
        reader.read(`/new/${round++}`);
        return round;
      },
      4,
    );
    assert.equal(run.complete, false);
    assert.equal(round, 4);
  });

  it('unsaved editor text wins over the disk (an included file being edited counts); saved or closed, the disk speaks again', async () => {
    const include = `${TEST_HOME}/.openclaw/auth.json5`;
    const disk = fakeDisk({ [include]: `{ token: "${STRONG}" }` });
    const cache = new SourceCache(disk.loader);
    const config = `{ gateway: { mode: "local", auth: { $include: "./auth.json5" }, remote: { token: "${STRONG}" } } }`;
    assert.ok(!codesOf((await runWithSources(cache, analyzeWith(config))).result).includes('token-mismatch'));
    let unsaved = `{ token: "${STRONG_2}" }`;
    let dirty = true;
    cache.setOpen(include, () => (dirty ? unsaved : undefined));
    assert.ok(codesOf(runFromMemory(cache, analyzeWith(config)).result).includes('token-mismatch'), 'the editor text is read, not the disk');
    unsaved = `{ token: "${STRONG}" }`;
    assert.ok(!codesOf(runFromMemory(cache, analyzeWith(config)).result).includes('token-mismatch'), 'the text is taken when asked, not when opened');
    unsaved = `{ token: "${STRONG_2}" }`;
    dirty = false;
    assert.ok(!codesOf(runFromMemory(cache, analyzeWith(config)).result).includes('token-mismatch'), 'saved: the disk (the editor may still show a deleted file)');
    dirty = true;
    assert.ok(cache.closeOpen(include));
    assert.ok(!codesOf(runFromMemory(cache, analyzeWith(config)).result).includes('token-mismatch'), 'closed: the disk again');
  });

  it('stamps tell whether an analysis is current: an edit or a changed file moves them, an unchanged reload does not', async () => {
    const disk = fakeDisk({ [DOTENV]: 'A=1\n' });
    const cache = new SourceCache(disk.loader);
    const run = await runWithSources(cache, analyzeWith(REMOTE_ONLY));
    assert.ok(cache.isCurrent(run.stamps));
    assert.equal(await cache.load([DOTENV], true), false, 'same content: nothing changed');
    assert.ok(cache.isCurrent(run.stamps));
    cache.setOpen('/somewhere/else.txt', () => 'x');
    assert.ok(cache.isCurrent(run.stamps), 'a file the analysis never read does not matter');
    disk.files[DOTENV] = `OPENCLAW_GATEWAY_TOKEN=${STRONG}\n`;
    assert.equal(await cache.load([DOTENV], true), true);
    assert.ok(!cache.isCurrent(run.stamps));
    const next = runFromMemory(cache, analyzeWith(REMOTE_ONLY));
    assert.ok(!codesOf(next.result).includes('auth-token-missing'));
    // A file that appears where nothing was: the watcher's create event reloads it the same way.
    disk.files[GATEWAY_ENV] = 'B=2\n';
    assert.equal(await cache.load([GATEWAY_ENV], true), true);
    assert.ok(!cache.isCurrent(next.stamps));
    const latest = runFromMemory(cache, analyzeWith(REMOTE_ONLY));
    assert.ok(cache.isCurrent(latest.stamps));
    cache.setOpen(DOTENV, () => 'A=1\n');
    assert.ok(!cache.isCurrent(latest.stamps), 'opening the .env in an editor');
  });

  it('an older read that finishes last does not overwrite a newer one', async () => {
    const releases: Array<() => void> = [];
    let text = 'OLD=1\n';
    const loader: DiskLoader = () => {
      const snapshot: DiskSnapshot = { read: { state: 'ok', text } };
      return new Promise((resolve) => releases.push(() => resolve(snapshot)));
    };
    const cache = new SourceCache(loader);
    const first = cache.load([DOTENV]);
    text = 'NEW=1\n';
    const second = cache.load([DOTENV], true);
    releases[1]();
    assert.equal(await second, true);
    releases[0]();
    assert.equal(await first, false);
    assert.equal(cache.textOf(DOTENV), 'NEW=1\n');
  });

  it('keeps only what analyses still use', async () => {
    const disk = fakeDisk({ '/a': 'a', '/b': 'b' });
    const cache = new SourceCache(disk.loader);
    await cache.load(['/a', '/b']);
    const stamp = cache.stamp('/b');
    cache.retainOnly(['/a']);
    assert.ok(cache.isLoaded('/a'));
    assert.ok(!cache.isLoaded('/b'));
    assert.notEqual(cache.stamp('/b'), stamp, 'an analysis that read /b is no longer current');
  });

  it('stores paths under one spelling (a Windows drive letter in either case)', async () => {
    const disk = fakeDisk({ 'C:\\u\\.env': 'A=1\n' });
    const cache = new SourceCache(disk.loader, (path) => path.toLowerCase());
    await cache.load(['C:\\u\\.env']);
    cache.setOpen('c:\\u\\inc.json5', () => '{}');
    const reader = cache.reader();
    assert.deepEqual(reader.read('c:\\U\\.ENV'), { state: 'ok', text: 'A=1\n' });
    assert.deepEqual(reader.read('C:\\u\\inc.json5'), { state: 'ok', text: '{}' });
    assert.equal(reader.missing.size, 0);
  });
});

describe('reading ahead from the real disk', () => {
  it('reads files, tells missing from unreadable, and keeps the facts secret-file checks need', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocg-source-cache-'));
    try {
      const file = join(dir, 'secret.txt');
      writeFileSync(file, 'hello\n');
      chmodSync(file, 0o640);
      const read = await loadFromDisk(file);
      assert.deepEqual(read.read, { state: 'ok', text: 'hello\n' });
      assert.equal(read.facts?.mode, 0o640);
      assert.equal(read.facts?.symlink, false);
      assert.equal(read.realpath, file);
      assert.deepEqual((await loadFromDisk(join(dir, 'nope'))).read, { state: 'missing' });
      assert.deepEqual((await loadFromDisk(join(file, 'below-a-file'))).read, { state: 'missing' });
      mkdirSync(join(dir, 'sub'));
      const folder = await loadFromDisk(join(dir, 'sub'));
      assert.deepEqual(folder.read, { state: 'unreadable' });
      assert.equal(folder.realpath, join(dir, 'sub'), 'an include root is resolved, not read');
      symlinkSync(file, join(dir, 'link'));
      const link = await loadFromDisk(join(dir, 'link'));
      assert.equal(link.facts?.symlink, true);
      assert.equal(link.realpath, file);
      symlinkSync(join(dir, 'gone'), join(dir, 'dangling'));
      assert.deepEqual((await loadFromDisk(join(dir, 'dangling'))).read, { state: 'missing' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('service discovery from the editor cache', () => {
  const UNIT_DIR = `${TEST_HOME}/.config/systemd/user`;
  const UNIT = `${UNIT_DIR}/my-gateway.service`;
  const ENV_FILE = `${TEST_HOME}/.config/openclaw/service.env`;
  const LOCAL_TOKEN = JSON.stringify({ gateway: { mode: 'local', auth: { mode: 'token', token: STRONG } } });

  /** A disk with folders: a path that is a prefix of files is a directory and lists its names. */
  function diskWithFolders(files: Record<string, string>, mtimes: Record<string, number> = {}): { loader: DiskLoader; loads: string[] } {
    const loads: string[] = [];
    const loader: DiskLoader = (path) => {
      loads.push(path);
      if (Object.hasOwn(files, path)) {
        return Promise.resolve({ read: { state: 'ok', text: files[path] }, realpath: path, facts: { symlink: false, regularFile: true, mode: 0o600, uid: 1000 }, mtimeMs: mtimes[path] ?? 1 });
      }
      const prefix = `${path}/`;
      const names = [...new Set(Object.keys(files).filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length).split('/')[0]))].sort();
      return Promise.resolve(names.length > 0 ? { read: { state: 'unreadable' }, realpath: path, entries: names, mtimeMs: 1 } : { read: { state: 'missing' } });
    };
    return { loader, loads };
  }

  const analyzeDiscovering = (reader: SourceReader): Analysis =>
    analyzeConfig(LOCAL_TOKEN, { env: {}, configPath: TEST_CONFIG, reader, home: TEST_HOME, uid: 1000, serviceDiscovery: { systemUnits: false } });

  it('lists a unit folder and reads the unit and its EnvironmentFile ahead, then answers from memory', async () => {
    const files = {
      [UNIT]: `[Service]\nExecStart=/usr/bin/openclaw gateway --port 18789\nEnvironmentFile=${ENV_FILE}\n`,
      [ENV_FILE]: `OPENCLAW_GATEWAY_TOKEN=${STRONG_2}\n`,
    };
    const disk = diskWithFolders(files, { [ENV_FILE]: 12345 });
    const cache = new SourceCache(disk.loader);
    const first = runFromMemory(cache, analyzeDiscovering);
    assert.equal(first.complete, false);
    assert.ok(first.requested.has(UNIT_DIR), 'the unit folder is asked to be listed');
    assert.equal(first.result.effective.serviceSources?.services.length, 0, 'nothing is known before the read-ahead');
    const settled = await runWithSources(cache, analyzeDiscovering);
    assert.equal(settled.complete, true);
    const service = settled.result.effective.serviceSources?.services.find((s) => s.identity.definitionPath === UNIT);
    assert.ok(service, 'the unit found by listing its folder');
    const envSource = service.sources.find((s) => s.path === ENV_FILE);
    assert.equal(envSource?.mtimeMs, 12345, 'the modification time comes from the read-ahead');
    assert.equal(service.environment.get('OPENCLAW_GATEWAY_TOKEN')?.value, STRONG_2);
    assert.ok(settled.result.findings.some((f) => f.code === 'service-token-stale' && f.file === ENV_FILE), settled.result.findings.map((f) => `${f.code}@${f.file}`).join(', '));
    const loads = disk.loads.length;
    const again = runFromMemory(cache, analyzeDiscovering);
    assert.equal(again.complete, true);
    assert.equal(disk.loads.length, loads, 'a keystroke reads nothing');
  });

  it('a new file in a listed folder changes the listing and moves the stamp', async () => {
    const files: Record<string, string> = { [`${UNIT_DIR}/other.service`]: '[Service]\nExecStart=/usr/bin/true\n' };
    const disk = diskWithFolders(files);
    const cache = new SourceCache(disk.loader);
    await cache.load([UNIT_DIR]);
    assert.deepEqual(cache.reader().list?.(UNIT_DIR), ['other.service']);
    const stamp = cache.stamp(UNIT_DIR);
    assert.equal(await cache.load([UNIT_DIR], true), false, 'the same listing is no change');
    files[UNIT] = '[Service]\nExecStart=/usr/bin/openclaw gateway\n';
    assert.equal(await cache.load([UNIT_DIR], true), true);
    assert.deepEqual(cache.reader().list?.(UNIT_DIR), ['my-gateway.service', 'other.service']);
    assert.notEqual(cache.stamp(UNIT_DIR), stamp);
  });

  it('an unsaved editor text counts as newer than the file on disk', async () => {
    const disk = diskWithFolders({ [ENV_FILE]: 'A=1\n' }, { [ENV_FILE]: 5 });
    const cache = new SourceCache(disk.loader);
    await cache.load([ENV_FILE]);
    assert.equal(cache.reader().mtime?.(ENV_FILE), 5);
    cache.setOpen(ENV_FILE, () => 'A=2\n');
    assert.ok((cache.reader().mtime?.(ENV_FILE) ?? 0) > 5);
    const reader = cache.reader();
    assert.equal(reader.mtime?.(`${TEST_HOME}/nowhere`), undefined);
    assert.ok(reader.missing.has(`${TEST_HOME}/nowhere`), 'an unknown path is read ahead');
  });

  it('loadFromDisk lists a folder and gives modification times', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocg-source-cache-'));
    try {
      writeFileSync(join(dir, 'b.service'), 'x');
      writeFileSync(join(dir, 'a.service'), 'y');
      const folder = await loadFromDisk(dir);
      assert.deepEqual(folder.entries, ['a.service', 'b.service']);
      const file = await loadFromDisk(join(dir, 'a.service'));
      assert.equal(file.entries, undefined);
      assert.equal(typeof file.mtimeMs, 'number');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
