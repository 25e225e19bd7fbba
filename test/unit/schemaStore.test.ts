import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLED_SCHEMA_VERSION } from '../../src/core/schema/bundledKeyTree.generated';
import { SchemaStore, type ConfigSchemaRun } from '../../src/core/schema/installedSchema';

/** A fake `openclaw` install: a package.json with the version, nothing to run. */
function fakeInstall(root: string, version: string): string {
  const dir = join(root, `openclaw-${version}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'openclaw', version }));
  return dir;
}

const OLD_SCHEMA = { type: 'object', additionalProperties: false, properties: { gateway: { type: 'object' }, plugins: { type: 'object', additionalProperties: false, properties: { bundledDiscovery: { type: 'string' } } } } };

describe('SchemaStore', () => {
  const withDirs = (body: (root: string, cacheDir: string) => Promise<void>) => async () => {
    const root = mkdtempSync(join(tmpdir(), 'ocg-store-'));
    try {
      await body(root, join(root, 'cache'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };

  it('uses the bundled tree for its own release and when nothing is known', () => {
    const store = new SchemaStore({ cacheDir: '/nonexistent', run: () => Promise.reject(new Error('must not run')) });
    assert.deepEqual({ ...store.schemaFor(undefined), tree: undefined }, { version: BUNDLED_SCHEMA_VERSION, origin: 'bundled', tree: undefined });
    assert.equal(store.schemaFor({ version: BUNDLED_SCHEMA_VERSION, packageDir: '/nonexistent' }).origin, 'bundled');
  });

  it('a known version without an install: bundled, and says its own schema is unavailable', () => {
    const store = new SchemaStore({ cacheDir: '/nonexistent', run: () => Promise.reject(new Error('must not run')) });
    assert.deepEqual(store.schemaFor({ version: '2026.4.8' }).wanted, { version: '2026.4.8', state: 'unavailable' });
  });

  it(
    'generates another release in the background, answers with the bundled tree meanwhile, then caches it per version',
    withDirs(async (root, cacheDir) => {
      const dir = fakeInstall(root, '2026.4.8');
      const runs: ConfigSchemaRun[] = [];
      let changes = 0;
      const store = new SchemaStore({ cacheDir, run: (run) => (runs.push(run), Promise.resolve(OLD_SCHEMA)), onDidChange: () => changes++ });
      const first = store.schemaFor({ packageDir: dir });
      assert.equal(first.origin, 'bundled');
      assert.deepEqual(first.wanted, { version: '2026.4.8', state: 'generating' });
      // Asked again while it runs: one run only.
      store.schemaFor({ packageDir: dir });
      const ready = await store.ready({ packageDir: dir });
      assert.equal(runs.length, 1);
      assert.equal(runs[0].packageDir, dir);
      assert.equal(changes, 1);
      assert.equal(ready.origin, 'install');
      assert.equal(ready.from, dir);
      assert.equal(ready.tree.version, '2026.4.8');
      assert.ok(ready.tree.root.k?.plugins.k?.bundledDiscovery);
      assert.deepEqual(readdirSync(cacheDir), ['openclaw-2026.4.8.keys.json']);
      // Another store (another window, the CLI) reads the cache and runs nothing.
      const again = new SchemaStore({ cacheDir, run: () => Promise.reject(new Error('must not run')) }).schemaFor({ packageDir: dir });
      assert.equal(again.origin, 'install');
      assert.equal(again.from, dir);
      assert.deepEqual(again.tree, ready.tree);
    }),
  );

  it(
    'a failed run keeps the bundled tree and says why; a damaged cache file is ignored',
    withDirs(async (root, cacheDir) => {
      const dir = fakeInstall(root, '2026.5.7');
      mkdirSync(cacheDir);
      writeFileSync(join(cacheDir, 'openclaw-2026.5.7.keys.json'), '{"version":"2026.5.7","root":');
      const store = new SchemaStore({ cacheDir, run: () => Promise.reject(new Error('timed out after 10 ms')) });
      const ready = await store.ready({ packageDir: dir });
      assert.equal(ready.origin, 'bundled');
      assert.deepEqual(ready.wanted, { version: '2026.5.7', state: 'failed', error: 'timed out after 10 ms' });
      // Updated in place: the same directory now holds the bundled release.
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'openclaw', version: BUNDLED_SCHEMA_VERSION }));
      assert.equal(store.schemaFor({ packageDir: dir }).wanted?.version, '2026.5.7', 'remembered until refreshed');
      store.refresh();
      assert.deepEqual(store.schemaFor({ packageDir: dir }).wanted, undefined);
    }),
  );
});
