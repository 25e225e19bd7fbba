import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

function leftovers(): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(join(ROOT, '.cache', 'code-server')) || line.includes('/usr/lib/chromium/chromium'));
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

  it('listens on 127.0.0.1 / ::1 only: launcher, code-server, extension host and Chromium (sockets run)', () => {
    // The sockets suite looks at the live process tree from inside the extension host; it also
    // checks its detector on synthetic /proc/net/tcp lines, so a pass is not a blind one.
    assert.deepEqual(leftovers(), [], 'clean before');
    const run = spawnSync(process.execPath, [join(ROOT, 'out', 'test', 'e2e', 'runE2E.js'), 'sockets'], { encoding: 'utf8', timeout: 180_000 });
    assert.equal(run.status, 0, run.stdout.slice(-3000) + run.stderr.slice(-2000));
    assert.match(run.stdout, /reports a listener on 00000000:1F90 \(0\.0\.0\.0:8080\) as exposed/);
    const count = /listening sockets in the launcher tree: (\d+), exposed: 0/.exec(run.stdout);
    assert.ok(count && Number(count[1]) >= 2, run.stdout.slice(-3000));
    assert.match(run.stdout, /e2e sockets: all tests passed/);
    assert.deepEqual(leftovers(), [], 'clean after');
  });
});
