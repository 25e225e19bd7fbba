import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { schemaTarget } from '../../src/core/schema/installedSchema';

/*
 * `openclaw-guard check` judges unknown keys by the schema of the release in use: an `openclaw` on
 * PATH of another release than the bundled one has its own schema generated (once, then cached in
 * the state dir). The install here is a stand-in package whose `openclaw.mjs config schema` prints a
 * small schema, so the test tells which schema judged the file.
 */

const RELEASE = '2026.1.29';
let root: string;

function writeInstall(dir: string, version: string, knownKey: string): string {
  const pkg = join(dir, 'lib', 'node_modules', 'openclaw');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'openclaw', version }));
  const schema = {
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      meta: { type: 'object', additionalProperties: false, properties: { lastTouchedVersion: { type: 'string' } } },
      [knownKey]: { type: 'string', description: 'Only this release has it.' },
      gateway: { type: 'object', additionalProperties: false, properties: { mode: { type: 'string' }, port: { type: 'number' } } },
    },
  };
  writeFileSync(join(pkg, 'openclaw.mjs'), `#!/usr/bin/env node\nif (process.argv[2] === 'config' && process.argv[3] === 'schema') process.stdout.write(${JSON.stringify(JSON.stringify(schema))});\n`);
  chmodSync(join(pkg, 'openclaw.mjs'), 0o755);
  mkdirSync(join(dir, 'bin'), { recursive: true });
  symlinkSync(join(pkg, 'openclaw.mjs'), join(dir, 'bin', 'openclaw'));
  return join(dir, 'bin');
}

before(() => {
  root = mkdtempSync(join(tmpdir(), 'ocg-schema-release-'));
  mkdirSync(join(root, 'home', '.openclaw'), { recursive: true });
  writeFileSync(join(root, 'home', '.openclaw', 'openclaw.json'), '{ gateway: { mode: "local", port: 18789 }, oldReleaseKey: "x", neverAKey: 1 }\n');
});

after(() => rmSync(root, { recursive: true, force: true }));

async function check(path: string): Promise<Array<{ code: string; message: string }>> {
  let stdout = '';
  const env = { HOME: join(root, 'home'), PATH: path, OPENCLAW_GUARD_STATE_DIR: join(root, 'state') };
  await runCli({ argv: ['check', join(root, 'home', '.openclaw', 'openclaw.json'), '--format', 'json'], env, stdout: (t) => (stdout += t), stderr: () => undefined, isTty: false, cwd: root });
  const out = JSON.parse(stdout) as { files: Array<{ diagnostics: Array<{ code: string; message: string }> }> };
  return out.files[0].diagnostics.filter((d) => d.code === 'unknown-key');
}

describe('the CLI judges keys by the schema of the release in use', () => {
  it('an installed OpenClaw of another release: its own schema, named in the message', async () => {
    const bin = writeInstall(join(root, 'old'), RELEASE, 'oldReleaseKey');
    const found = await check(`${bin}:${dirname(process.execPath)}:/usr/bin:/bin`);
    assert.deepEqual(found.map((d) => (/"([^"]+)"/.exec(d.message))?.[1]), ['neverAKey']);
    assert.match(found[0].message, new RegExp(`OpenClaw ${RELEASE.replace(/\./g, '\\.')} schema`));
  });

  it('no OpenClaw on PATH: the bundled schema, which does not know the old release’s key', async () => {
    const found = await check(`${dirname(process.execPath)}:/usr/bin:/bin`);
    assert.deepEqual(found.map((d) => (/"([^"]+)"/.exec(d.message))?.[1]).sort(), ['neverAKey', 'oldReleaseKey']);
    assert.doesNotMatch(found[0].message, new RegExp(RELEASE.replace(/\./g, '\\.')));
  });
});

describe('schemaTarget', () => {
  it('passes the install only when it is the release in use', () => {
    const installed = { version: '2026.8.2', path: '/opt/openclaw/package.json' };
    assert.deepEqual(schemaTarget({ version: '2026.8.2' }, installed), { version: '2026.8.2', packageDir: '/opt/openclaw' });
    // The running gateway is another release than the CLI on PATH: that install cannot tell its schema.
    assert.deepEqual(schemaTarget({ version: '2026.9.6' }, installed), { version: '2026.9.6' });
    assert.deepEqual(schemaTarget({}, installed), {});
  });
});
