import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { guardStateDir, loadFingerprintKey } from '../../src/core/fingerprintKey';
import { fingerprint, resetFingerprintKey } from '../../src/core/secretValues';

const ROOT = join(__dirname, '..', '..', '..');

describe('fingerprints cannot be brute-forced back into a secret', () => {
  let dir = '';
  const saved = process.env.OPENCLAW_GUARD_STATE_DIR;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ocg-fp-'));
    process.env.OPENCLAW_GUARD_STATE_DIR = join(dir, 'state');
    resetFingerprintKey();
  });
  after(() => {
    if (saved === undefined) delete process.env.OPENCLAW_GUARD_STATE_DIR;
    else process.env.OPENCLAW_GUARD_STATE_DIR = saved;
    resetFingerprintKey();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is keyed: not any prefix of the plain SHA-256 a GPU would test guesses against', () => {
    const secret = '4815162342';
    const fp = fingerprint(secret);
    assert.match(fp, /^fp:[0-9a-f]{8}$/);
    const plain = createHash('sha256').update(secret).digest('hex');
    assert.ok(!plain.includes(fp.slice(3)), 'the unsalted hash must not show');
    assert.equal(fingerprint(secret), fp, 'stable within a process');
    assert.notEqual(fingerprint(secret + '0'), fp);
  });

  it('keeps a 256-bit key in a private file, created once and reused', () => {
    const keyFile = join(dir, 'state', 'fingerprint.key');
    fingerprint('x');
    assert.match(readFileSync(keyFile, 'utf8'), /^[0-9a-f]{64}\n$/);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    const again = loadFingerprintKey({ OPENCLAW_GUARD_STATE_DIR: join(dir, 'state') });
    assert.equal(again.key.toString('hex'), readFileSync(keyFile, 'utf8').trim());
    assert.ok(again.persistent);
  });

  it('another key (another machine or user) gives other fingerprints', () => {
    const mine = fingerprint('same secret');
    process.env.OPENCLAW_GUARD_STATE_DIR = join(dir, 'other');
    resetFingerprintKey();
    const theirs = fingerprint('same secret');
    process.env.OPENCLAW_GUARD_STATE_DIR = join(dir, 'state');
    resetFingerprintKey();
    assert.notEqual(theirs, mine);
    assert.equal(fingerprint('same secret'), mine);
  });

  it('the CLI in another process shows the same fingerprint as this process (the editor) on one machine', () => {
    const config = join(dir, 'openclaw.json');
    writeFileSync(config, JSON.stringify({ gateway: { mode: 'local', auth: { token: 'short-token-1' }, remote: { token: 'short-token-2' } } }));
    let out = '';
    try {
      execFileSync(process.execPath, [join(ROOT, 'out', 'src', 'cli', 'main.js'), 'check', config, '--format', 'json'], { env: { ...process.env, OPENCLAW_GUARD_STATE_DIR: join(dir, 'state') }, encoding: 'utf8' });
    } catch (error) {
      out = String((error as { stdout?: string }).stdout ?? '');
    }
    assert.ok(out.includes(fingerprint('short-token-1')), out);
    assert.ok(out.includes(fingerprint('short-token-2')), out);
  });

  it('a state directory that cannot be written still gives keyed fingerprints, without crashing', { skip: process.getuid?.() === 0 ? 'root can write anywhere' : false }, () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    const result = loadFingerprintKey({ OPENCLAW_GUARD_STATE_DIR: join(locked, 'sub') });
    assert.equal(result.persistent, false);
    assert.equal(result.key.length, 32);
  });

  it('a state directory that is a file gives keyed fingerprints for this process only', () => {
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, 'x');
    const result = loadFingerprintKey({ OPENCLAW_GUARD_STATE_DIR: file });
    assert.equal(result.persistent, false);
    assert.equal(result.key.length, 32);
  });

  it('the state directory follows OPENCLAW_GUARD_STATE_DIR, then XDG_STATE_HOME, then ~/.local/state', () => {
    assert.equal(guardStateDir({ OPENCLAW_GUARD_STATE_DIR: '/a' }), '/a');
    assert.equal(guardStateDir({ XDG_STATE_HOME: '/x', HOME: '/h' }), '/x/openclaw-guard');
    assert.equal(guardStateDir({ HOME: '/h' }), '/h/.local/state/openclaw-guard');
  });
});
