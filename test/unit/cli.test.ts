import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, openSync, closeSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { STRONG, STRONG_2 } from './ruleHelpers';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli({ argv, env, stdout: (t) => (stdout += t + '\n'), stderr: (t) => (stderr += t + '\n'), isTty: false });
  return { code, stdout, stderr };
}

let dir = '';
const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('openclaw-guard check', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ocg-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints eslint-style text and exits 1 on errors', async () => {
    const path = file('mismatch.json', JSON.stringify({ gateway: { mode: 'local', bind: 'loopback', auth: { token: STRONG }, remote: { token: STRONG_2 } } }, null, 2));
    const r = await run(['check', path]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm'));
    assert.match(r.stdout, /^\s+\d+:\d+\s+error\s+.*token-mismatch$/m);
    assert.match(r.stdout, /1 problem/);
  });

  it('prints exactly one JSON document with LSP ranges', async () => {
    const path = file('json.json', JSON.stringify({ gateway: { mode: 'local', auth: { token: STRONG }, remote: { token: STRONG_2 } } }));
    const r = await run(['check', path, '--format', 'json']);
    const parsed = JSON.parse(r.stdout) as { files: Array<{ path: string; diagnostics: Array<{ code: string; severity: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }> }> };
    assert.equal(parsed.files.length, 1);
    assert.equal(parsed.files[0].path, path);
    const d = parsed.files[0].diagnostics.find((x) => x.code === 'token-mismatch');
    assert.ok(d);
    assert.equal(d.severity, 'error');
    assert.equal(d.range.start.line, 0);
    const text = JSON.stringify({ gateway: { mode: 'local', auth: { token: STRONG }, remote: { token: STRONG_2 } } });
    assert.equal(d.range.start.character, text.indexOf(STRONG_2));
    assert.equal(d.range.end.character, text.indexOf(STRONG_2) + STRONG_2.length);
    assert.equal(r.code, 1);
  });

  it('exits 0 when only warnings remain and 0 on a clean file', async () => {
    const clean = file('clean.json', JSON.stringify({ gateway: { mode: 'local', auth: { mode: 'token', token: STRONG }, remote: { token: STRONG } } }));
    assert.equal((await run(['check', clean])).code, 0);
    const warn = file('warn.json', JSON.stringify({ gateway: { mode: 'local', auth: { token: 'short-token' }, remote: { token: 'short-token' } } }));
    assert.equal((await run(['check', warn])).code, 0);
  });

  it('gives one clear line for every unreadable input and exits 2, never a stack trace', async () => {
    const binary = file('binary.json', Buffer.from([0x7b, 0x00, 0xff, 0x10, 0x7d]));
    const badUtf8 = file('latin1.json', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]));
    const sub = join(dir, 'a-directory');
    mkdirSync(sub);
    const huge = join(dir, 'huge.json');
    const fd = openSync(huge, 'w');
    ftruncateSync(fd, 50 * 1024 * 1024);
    closeSync(fd);
    for (const [path, words] of [
      [binary, /binary/],
      [badUtf8, /UTF-8/],
      [sub, /directory/],
      [huge, /50\.0 MB/],
      [join(dir, 'missing.json'), /does not exist/],
    ] as const) {
      const r = await run(['check', path]);
      assert.equal(r.code, 2, path);
      assert.match(r.stdout, words);
      assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at /);
    }
  });

  it('treats an empty file as a syntax error (exit 1)', async () => {
    const r = await run(['check', file('empty.json', '')]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /empty.*syntax-error/);
  });

  it('checks the config OpenClaw would use when no file is given', async () => {
    const stateDir = join(dir, 'state');
    mkdirSync(stateDir, { recursive: true });
    // Loopback pinned: inside a container the default bind is auto, which other rules talk about.
    writeFileSync(join(stateDir, 'openclaw.json'), JSON.stringify({ gateway: { mode: 'local', bind: 'loopback', auth: { token: STRONG }, remote: { token: STRONG } } }));
    const r = await run(['check'], { OPENCLAW_STATE_DIR: stateDir, HOME: dir });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /No problems/);
  });

  it('says plainly when there is no config and names the demo', async () => {
    const r = await run(['check'], { HOME: join(dir, 'nobody') });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /No OpenClaw config found at .*nobody\/\.openclaw\/openclaw\.json/);
    assert.match(r.stderr, /npm run demo/);
  });

  it('rejects usage errors with exit 2', async () => {
    assert.equal((await run(['check', '--format', 'xml'])).code, 2);
    assert.equal((await run(['check', '--bogus'])).code, 2);
    assert.equal((await run(['lint'])).code, 2);
    assert.equal((await run(['check', '--rule', 'nope=error'])).code, 2);
    assert.equal((await run(['--help'])).code, 0);
  });

  it('applies --rule overrides', async () => {
    const path = file('rule.json', JSON.stringify({ gateway: { mode: 'local', auth: { token: STRONG }, remote: { token: STRONG_2 } } }));
    const r = await run(['check', path, '--rule', 'token-mismatch=off', '--format', 'json']);
    assert.equal(r.code, 0);
    assert.ok(!r.stdout.includes('token-mismatch'));
  });

  it('reads the env rules from its own process environment', async () => {
    const path = file('env.json', JSON.stringify({ gateway: { mode: 'local', auth: { token: STRONG }, remote: { token: STRONG } } }));
    const r = await run(['check', path, '--format', 'json'], { OPENCLAW_GATEWAY_TOKEN: STRONG_2, CLAW_GATEWAY_TOKEN: 'x' });
    assert.match(r.stdout, /env-token-conflict/);
    assert.match(r.stdout, /env-var-misnamed/);
    assert.ok(!r.stdout.includes(STRONG_2) && !r.stdout.includes(STRONG));
  });
});

describe('the openclaw-guard process', () => {
  it('ends quietly when its reader closes the pipe early (check | head)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocg-pipe-'));
    try {
      const config = join(dir, 'openclaw.json');
      writeFileSync(config, `{ "gateway": { "mode": "local", ${Array.from({ length: 20_000 }, () => '"port": 18789').join(', ')} } }`);
      const cli = join(__dirname, '..', '..', 'src', 'cli', 'main.js');
      const run = spawnSync('bash', ['-c', `"${process.execPath}" "${cli}" check "${config}" | head -n 2`], { encoding: 'utf8', env: { ...process.env, OPENCLAW_GUARD_STATE_DIR: dir } });
      assert.equal(run.stderr, '', 'no stack trace');
      assert.equal(run.stdout.split('\n').filter(Boolean).length, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
