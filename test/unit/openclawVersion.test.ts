import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findInstalledOpenclaw } from '../../src/core/version/installedOpenclaw';
import { compareVersions, parseOpenclawVersion, resolveOpenclawVersion } from '../../src/core/version/openclawVersion';

describe('parseOpenclawVersion', () => {
  it('reads the ways OpenClaw writes its release', () => {
    assert.equal(parseOpenclawVersion('2026.4.8')?.text, '2026.4.8');
    assert.equal(parseOpenclawVersion('v2026.9.6')?.text, '2026.9.6');
    assert.equal(parseOpenclawVersion('OpenClaw 2026.4.8 (9ece252)')?.text, '2026.4.8');
    assert.equal(parseOpenclawVersion('2026.8.2-beta.1')?.text, '2026.8.2-beta.1');
    assert.deepEqual(parseOpenclawVersion(' 2026.7.35 ')?.parts, [2026, 7, 35]);
  });
  it('"dev" and other non-releases are unknown, not a guess', () => {
    for (const text of ['dev', '', '2026.4', '2026.13.1', '1.2.3', '12026.4.8', '2026.4.8.1', 'x2026.4.8', undefined, null]) {
      assert.equal(parseOpenclawVersion(text), undefined, String(text));
    }
  });
  it('orders releases by number', () => {
    const v = (t: string) => parseOpenclawVersion(t) ?? assert.fail(t);
    assert.ok(compareVersions(v('2026.7.35'), v('2026.8.1')) < 0);
    assert.ok(compareVersions(v('2026.10.1'), v('2026.9.6')) > 0);
    assert.equal(compareVersions(v('2026.8.2-beta.1'), v('2026.8.2')), 0);
  });
});

describe('resolveOpenclawVersion', () => {
  const cli = { version: '2026.8.2', path: '/usr/lib/node_modules/openclaw/package.json' };
  it('nothing known: unknown', () => {
    assert.deepEqual(resolveOpenclawVersion({}), { source: 'unknown', cliSource: 'unknown', ignored: [] });
  });
  it('the flag over the setting over the gateway over the installed CLI over the config meta', () => {
    const all = { flag: '2026.2.26', setting: '2026.4.8', gateway: { version: '2026.6.6' }, cliInstall: cli, configMeta: '2026.9.6' };
    assert.equal(resolveOpenclawVersion(all).source, 'flag');
    assert.equal(resolveOpenclawVersion({ ...all, flag: undefined }).source, 'setting');
    const gateway = resolveOpenclawVersion({ ...all, flag: undefined, setting: undefined });
    assert.deepEqual([gateway.version, gateway.source, gateway.cliVersion, gateway.cliSource], ['2026.6.6', 'gateway', '2026.8.2', 'cli-install']);
    const installed = resolveOpenclawVersion({ cliInstall: cli, configMeta: '2026.9.6' });
    assert.deepEqual([installed.version, installed.source, installed.detail], ['2026.8.2', 'cli-install', cli.path]);
    assert.deepEqual(installed.ignored, [{ source: 'config-meta', value: '2026.9.6', reason: 'overridden' }]);
    assert.deepEqual([resolveOpenclawVersion({ configMeta: '2026.9.6' }).version, resolveOpenclawVersion({ configMeta: '2026.9.6' }).source], ['2026.9.6', 'config-meta']);
  });
  it('a stated release is also the CLI\'s', () => {
    const r = resolveOpenclawVersion({ setting: '2026.4.8', cliInstall: cli });
    assert.deepEqual([r.cliVersion, r.cliSource], ['2026.4.8', 'setting']);
  });
  it('a gateway saying "dev" (2026.2.x without OPENCLAW_VERSION) is passed over, and said so', () => {
    const r = resolveOpenclawVersion({ gateway: { version: 'dev' }, configMeta: '2026.2.26' });
    assert.deepEqual([r.version, r.source], ['2026.2.26', 'config-meta']);
    assert.deepEqual(r.ignored, [{ source: 'gateway', value: 'dev', reason: 'not-a-release' }]);
  });
  it('the gateway\'s build id is the detail of a gateway version', () => {
    assert.equal(resolveOpenclawVersion({ gateway: { version: '2026.8.2', buildId: '0965053' } }).detail, '0965053');
  });
  it('a running gateway older than the installed CLI is reported (a service not restarted after an update)', () => {
    assert.deepEqual(resolveOpenclawVersion({ gateway: { version: '2026.4.8' }, cliInstall: cli }).gatewayCliMismatch, { gateway: '2026.4.8', cli: '2026.8.2' });
    assert.equal(resolveOpenclawVersion({ gateway: { version: '2026.8.2' }, cliInstall: cli }).gatewayCliMismatch, undefined);
    assert.equal(resolveOpenclawVersion({ gateway: { version: 'dev' }, cliInstall: cli }).gatewayCliMismatch, undefined);
  });
});

describe('findInstalledOpenclaw', () => {
  function install(root: string, version: string, name = 'openclaw'): string {
    const pkg = join(root, 'lib', 'node_modules', 'openclaw');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name, version }));
    writeFileSync(join(pkg, 'openclaw.mjs'), '#!/usr/bin/env node\n');
    mkdirSync(join(root, 'bin'), { recursive: true });
    symlinkSync('../lib/node_modules/openclaw/openclaw.mjs', join(root, 'bin', 'openclaw'));
    return join(root, 'bin');
  }
  it('follows the first openclaw on PATH to its package.json, without running it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocg-install-'));
    try {
      const first = install(join(dir, 'a'), '2026.4.8');
      const second = install(join(dir, 'b'), '2026.9.6');
      const found = findInstalledOpenclaw({ PATH: ['/nonexistent', first, second].join(':') }, undefined, 'linux');
      assert.deepEqual(found, { version: '2026.4.8', path: join(dir, 'a', 'lib', 'node_modules', 'openclaw', 'package.json'), command: join(first, 'openclaw') });
      assert.equal(findInstalledOpenclaw({ PATH: [second, first].join(':') }, undefined, 'linux')?.version, '2026.9.6');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('nothing on PATH, a package of another name, or a relative PATH entry: none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocg-install-'));
    try {
      const other = install(join(dir, 'x'), '2026.4.8', 'not-openclaw');
      assert.equal(findInstalledOpenclaw({ PATH: other }, undefined, 'linux'), undefined);
      assert.equal(findInstalledOpenclaw({ PATH: '' }, undefined, 'linux'), undefined);
      assert.equal(findInstalledOpenclaw({ PATH: 'relative/bin' }, undefined, 'linux'), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
