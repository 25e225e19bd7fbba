import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { analyzeConfig } from '../../src/core/analyze';
import { SchemaStore } from '../../src/core/schema/installedSchema';
import { nodeAtPath } from '../../src/core/schema/keyTree';
import { NODE24, OLD_RELEASE, openclawAvailable, openclawCli } from '../support/realGateway';

/**
 * The key tree of another release, generated from the real install by `openclaw config schema`:
 * 2026.4.8 knows `meta.lastTouchedAt`, which 2026.9.6 rejects ("meta: Unrecognized key"), so the
 * same file is right for one release and wrong for the other.
 */
describe(`the key tree of an installed OpenClaw ${OLD_RELEASE}`, () => {
  it('is generated in the background, judges by that release, and is read back from the cache', async () => {
    assert.ok(openclawAvailable(OLD_RELEASE), `OpenClaw ${OLD_RELEASE} is not installed: npm run test:gateway installs it with scripts/setup-openclaw.sh`);
    const packageDir = dirname(openclawCli(OLD_RELEASE));
    const cacheDir = mkdtempSync(join(tmpdir(), 'ocg-schema-cache-'));
    try {
      const store = new SchemaStore({ cacheDir, nodePath: NODE24, timeoutMs: 180_000 });
      const meanwhile = store.schemaFor({ version: OLD_RELEASE, packageDir });
      assert.equal(meanwhile.origin, 'bundled');
      assert.equal(meanwhile.wanted?.state, 'generating');
      const started = performance.now();
      const ready = await store.ready({ version: OLD_RELEASE, packageDir });
      console.log(`openclaw ${OLD_RELEASE} config schema -> key tree: ${Math.round(performance.now() - started)} ms`);
      assert.equal(ready.wanted, undefined, JSON.stringify(ready.wanted));
      assert.equal(ready.origin, 'install');
      assert.equal(ready.tree.version, OLD_RELEASE);
      assert.ok(nodeAtPath(ready.tree.root, ['meta', 'lastTouchedAt']));
      assert.equal(nodeAtPath(meanwhile.tree.root, ['meta', 'lastTouchedAt']), undefined);

      const text = JSON.stringify({ gateway: { mode: 'local' }, meta: { lastTouchedAt: '2026-04-08T00:00:00.000Z' } });
      const unknown = (schema: typeof ready.tree) => analyzeConfig(text, { env: {}, schema }).findings.filter((f) => f.code === 'unknown-key').map((f) => f.data.key);
      assert.deepEqual(unknown(ready.tree), []);
      assert.deepEqual(unknown(meanwhile.tree), ['lastTouchedAt']);

      const hitStarted = performance.now();
      const cached = new SchemaStore({ cacheDir, run: () => Promise.reject(new Error('the cache must answer')) }).schemaFor({ packageDir });
      console.log(`cache hit: ${(performance.now() - hitStarted).toFixed(1)} ms`);
      assert.equal(cached.origin, 'install');
      assert.deepEqual(cached.tree, ready.tree);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
