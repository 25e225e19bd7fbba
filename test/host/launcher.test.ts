import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

function leftovers(): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(join(ROOT, '.cache', 'code-server')) || /\/usr\/lib\/chromium\/chromium/.test(line));
}

describe('the e2e launcher', () => {
  for (const pass of ['failing', 'hanging']) {
    it(`exits non-zero and leaves no code-server or Chromium behind (${pass} run)`, () => {
      assert.deepEqual(leftovers(), [], 'clean before');
      const run = spawnSync(process.execPath, [join(ROOT, 'out', 'test', 'e2e', 'runE2E.js'), pass], { encoding: 'utf8', timeout: 120_000 });
      assert.equal(run.status, 1, run.stdout.slice(-2000));
      if (pass === 'hanging') assert.match(run.stdout, /no test result within 20000 ms/);
      assert.deepEqual(leftovers(), [], 'clean after');
    });
  }

  it('listens on 127.0.0.1 only', () => {
    const launcher = readLauncher();
    assert.match(launcher, /'--bind-addr', `127\.0\.0\.1:\$\{port\}`/);
    assert.match(launcher, /server\.listen\(0, '127\.0\.0\.1'/);
    assert.doesNotMatch(launcher, /0\.0\.0\.0/);
  });
});

function readLauncher(): string {
  return readFileSync(join(ROOT, 'test', 'e2e', 'host', 'launcher.js'), 'utf8');
}
