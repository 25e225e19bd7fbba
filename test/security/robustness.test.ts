import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';

/** Inputs far larger than any real config: the report must come out whole, not a stack overflow. */
describe('huge inputs', () => {
  it('prints 150,000 findings in text and JSON without overflowing the stack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocg-huge-'));
    try {
      const file = join(dir, 'openclaw.json');
      // Each repeated key is a duplicate-key finding.
      writeFileSync(file, `{ "gateway": { "mode": "local", "bind": "loopback", ${Array.from({ length: 150_001 }, () => '"port": 18789').join(', ')} } }`);
      for (const format of ['text', 'json']) {
        let out = '';
        let err = '';
        const code = await runCli({ argv: ['check', file, '--format', format], env: { HOME: dir, OPENCLAW_GUARD_STATE_DIR: dir }, stdout: (t) => (out += t), stderr: (t) => (err += t), isTty: false });
        assert.equal(err, '', `no failure message (${format})`);
        assert.equal(code, 0, 'duplicates are warnings');
        if (format === 'json') assert.equal((JSON.parse(out) as { files: Array<{ diagnostics: unknown[] }> }).files[0].diagnostics.length, 150_000);
        else assert.match(out, /✖ 150000 problem\(s\) \(0 error\(s\), 150000 warning\(s\), 0 info\)/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
