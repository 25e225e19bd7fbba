import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import type { JsonSourceMap } from '../../src/cli/sourceMapReport';
import { fingerprint, resetFingerprintKey } from '../../src/core/secretValues';

/* `openclaw-guard sources` on a real home directory: the same map the editor shows, printed. */

const A = 'aaaa1c7e5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f20';
const B = 'bbbb3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c50';
const C = 'cccc9a7c3e5f203f9a1c7e5b2d48a6c0e19f7b3d5a2c8e4f';
const D = 'dddd5b7d9f1a3c509b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a';

let base = '';
let counter = 0;
let savedStateDir: string | undefined;

interface Home {
  root: string;
  config: string;
  dotenv: string;
  env: NodeJS.ProcessEnv;
}

function makeHome(config: unknown, dotenv?: string): Home {
  const root = join(base, `home${++counter}`);
  mkdirSync(join(root, '.openclaw'), { recursive: true });
  const home = { root, config: join(root, '.openclaw', 'openclaw.json'), dotenv: join(root, '.openclaw', '.env'), env: { HOME: root, OPENCLAW_GUARD_STATE_DIR: join(base, 'guard-state') } };
  writeFileSync(home.config, JSON.stringify(config, null, 2) + '\n');
  if (dotenv !== undefined) writeFileSync(home.dotenv, dotenv);
  return home;
}

async function run(home: Home, argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli({ argv, env: { ...home.env, ...env }, stdout: (t) => (stdout += t + '\n'), stderr: (t) => (stderr += t + '\n'), isTty: false, cwd: join(base, 'cwd') });
  return { code, stdout, stderr };
}

const typical = (): unknown => ({ env: { vars: { OPENCLAW_GATEWAY_TOKEN: C } }, gateway: { mode: 'local', auth: { mode: 'token', token: A }, remote: { token: A } } });

describe('openclaw-guard sources', () => {
  before(() => {
    base = mkdtempSync(join(tmpdir(), 'ocg-cli-sources-'));
    mkdirSync(join(base, 'cwd'));
    // The CLI and this test must key fingerprints alike: both read the key from the same state dir.
    savedStateDir = process.env.OPENCLAW_GUARD_STATE_DIR;
    process.env.OPENCLAW_GUARD_STATE_DIR = join(base, 'guard-state');
    resetFingerprintKey();
  });
  after(() => {
    if (savedStateDir === undefined) delete process.env.OPENCLAW_GUARD_STATE_DIR;
    else process.env.OPENCLAW_GUARD_STATE_DIR = savedStateDir;
    resetFingerprintKey();
    rmSync(base, { recursive: true, force: true });
  });

  it('prints the map of the config OpenClaw would use: each place, its fingerprint, who takes it, and whether it agrees', async () => {
    const home = makeHome(typical(), `# stale\nOPENCLAW_GATEWAY_TOKEN=${B}\n`);
    const { code, stdout, stderr } = await run(home, ['sources']);
    assert.equal(stderr, '');
    // Nobody takes the stale values (gateway.auth.token comes first): they differ, but nothing uses them.
    assert.equal(code, 0);
    const lines = stdout.split('\n');
    assert.equal(lines[0], home.config);
    assert.equal(lines[1], `Effective token (local mode): ${fingerprint(A)} from gateway.auth.token (openclaw.json:11)`);
    const row = (needle: string): string => lines.find((l) => l.includes(needle) && !l.startsWith('    ')) ?? '';
    assert.match(row('gateway.auth.token  '), new RegExp(`^✔ same +${fingerprint(A)} +gateway\\.auth\\.token +openclaw\\.json:11 +gateway after restart, local CLI$`));
    assert.match(row('~/.openclaw/.env:2'), new RegExp(`^✖ differs +${fingerprint(B)} +OPENCLAW_GATEWAY_TOKEN +~/\\.openclaw/\\.env:2 +—$`));
    assert.match(row('env.vars.'), new RegExp(`^✖ differs +${fingerprint(C)} +env\\.vars\\.OPENCLAW_GATEWAY_TOKEN +openclaw\\.json:4 +—$`));
    assert.ok(stdout.includes('    not used: ~/.openclaw/.env:2 is set first'), stdout);
  });

  it('exits 1 when a place someone takes their secret from disagrees: a config outside the state dir reads another .env than the gateway', async () => {
    const home = makeHome({ gateway: { mode: 'local' } }, `OPENCLAW_GATEWAY_TOKEN=${A}\n`);
    mkdirSync(join(home.root, 'custom'));
    const config = join(home.root, 'custom', 'openclaw.json');
    writeFileSync(config, JSON.stringify({ gateway: { mode: 'local', auth: { mode: 'token' } } }));
    writeFileSync(join(home.root, 'custom', '.env'), `OPENCLAW_GATEWAY_TOKEN=${B}\n`);
    const { code, stdout } = await run(home, ['sources', config]);
    // `gateway run` reads ~/.openclaw/.env first; the CLI reads only the config directory's.
    assert.match(stdout, new RegExp(`✔ same +${fingerprint(A)} +OPENCLAW_GATEWAY_TOKEN +~/\\.openclaw/\\.env:1 +gateway after restart$`, 'm'));
    assert.match(stdout, new RegExp(`✖ differs +${fingerprint(B)} +OPENCLAW_GATEWAY_TOKEN +~/custom/\\.env:1 +local CLI$`, 'm'));
    assert.equal(code, 1);
  });

  it('--format json: the same map as data, with positions and nothing but fingerprints', async () => {
    const home = makeHome(typical(), `OPENCLAW_GATEWAY_TOKEN=${B}\n`);
    const { code, stdout } = await run(home, ['sources', '--format', 'json'], { OPENCLAW_GATEWAY_TOKEN: D });
    assert.equal(code, 0);
    const map = JSON.parse(stdout) as JsonSourceMap;
    assert.deepEqual([map.config, map.kind, map.mode, map.effective.source, map.effective.fingerprint], [home.config, 'token', 'local', 'gateway.auth.token', fingerprint(A)]);
    assert.deepEqual(
      map.sources.map((s) => [s.kind, s.name, s.fingerprint, s.readers, s.agreement, s.editable]),
      [
        ['config', 'gateway.auth.token', fingerprint(A), ['gateway', 'cli'], 'same', true],
        ['config', 'gateway.remote.token', fingerprint(A), [], 'same', true],
        ['env.vars', 'env.vars.OPENCLAW_GATEWAY_TOKEN', fingerprint(C), [], 'differs', true],
        ['dotenv', 'OPENCLAW_GATEWAY_TOKEN', fingerprint(B), [], 'differs', true],
        ['process', 'OPENCLAW_GATEWAY_TOKEN', fingerprint(D), [], 'differs', false],
      ],
    );
    const dotenv = map.sources.find((s) => s.kind === 'dotenv');
    assert.deepEqual(dotenv?.location, { file: home.dotenv, line: 0, character: 'OPENCLAW_GATEWAY_TOKEN='.length, offset: 'OPENCLAW_GATEWAY_TOKEN='.length, length: B.length });
    assert.match(map.sources.find((s) => s.kind === 'process')?.notEditable ?? '', /unset OPENCLAW_GATEWAY_TOKEN/);
  });

  it('never prints a secret, in either format or language', async () => {
    const home = makeHome(typical(), `OPENCLAW_GATEWAY_TOKEN=${B}\nOPENCLAW_GATEWAY_TOKEN=${C}\n`);
    for (const argv of [['sources'], ['sources', '--format', 'json'], ['sources', '--lang', 'zh-cn'], ['sources', '--format', 'json', '--lang', 'zh-cn']]) {
      const { stdout, stderr } = await run(home, argv, { OPENCLAW_GATEWAY_TOKEN: D });
      for (const secret of [A, B, C, D]) {
        assert.ok(!stdout.includes(secret) && !stderr.includes(secret), `${argv.join(' ')} printed a secret`);
        // Not a fragment either: the first 12 characters of any of them.
        assert.ok(!stdout.includes(secret.slice(0, 12)), `${argv.join(' ')} printed part of a secret`);
      }
      assert.ok(stdout.includes(fingerprint(D)));
    }
  });

  it('--lang zh-cn prints the map in Chinese', async () => {
    const home = makeHome(typical(), `OPENCLAW_GATEWAY_TOKEN=${B}\n`);
    const { stdout } = await run(home, ['sources', '--lang', 'zh-cn']);
    assert.ok(stdout.includes('本地 CLI'), stdout);
    assert.ok(stdout.includes('生效的令牌（本地模式）'), stdout);
  });

  it('a missing or unparsable config, and a second file, are errors (exit 2)', async () => {
    const home = makeHome(typical());
    const missing = await run(home, ['sources', join(home.root, 'nope.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /does not exist/);
    writeFileSync(join(home.root, 'broken.json'), '{ gateway: ');
    const broken = await run(home, ['sources', join(home.root, 'broken.json')]);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /does not parse/);
    const two = await run(home, ['sources', home.config, home.config]);
    assert.equal(two.code, 2);
    assert.match(two.stderr, /takes one config file/);
  });
});
