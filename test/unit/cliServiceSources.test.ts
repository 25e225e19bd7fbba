import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';

/*
 * The CLI on a temporary HOME holding a gateway service whose env file has a stale token, a shell
 * profile exporting another one, and ~/.openclaw/.env with the token the gateway should use: each
 * finding is reported under the path of the file that holds it.
 */

const CURRENT = 'wVk9ZX5Wv6Z4JZXjjXqX5jZ6Wq99Tn3R';
const STALE = '6Z66kZqZ5VxjV5W6x5KW669JvW5XpQ2m';
const SHELL = 'jKwV3jZX56wwv7362XXz3XZx962xLr8D';

interface JsonOut {
  files: Array<{ path: string; diagnostics: Array<{ code: string; severity: string; message: string; range: { start: { line: number } } }> }>;
}

let home: string;
const paths = (h: string) => ({
  config: join(h, '.openclaw', 'openclaw.json'),
  dotenv: join(h, '.openclaw', '.env'),
  unit: join(h, '.config', 'systemd', 'user', 'openclaw-gateway.service'),
  envFile: join(h, '.openclaw', 'gateway.systemd.env'),
  bashrc: join(h, '.bashrc'),
});

before(() => {
  home = mkdtempSync(join(tmpdir(), 'ocg-svc-'));
  const p = paths(home);
  mkdirSync(join(home, '.openclaw'), { recursive: true });
  mkdirSync(join(home, '.config', 'systemd', 'user'), { recursive: true });
  writeFileSync(p.config, '{ gateway: { mode: "local", auth: { mode: "token" } } }\n');
  writeFileSync(p.dotenv, `OPENCLAW_GATEWAY_TOKEN=${CURRENT}\nOTHER_API_KEY=abc#def\n`);
  writeFileSync(p.unit, '[Unit]\nDescription=OpenClaw Gateway\n\n[Service]\nExecStart=/usr/bin/openclaw gateway --port 18789\nEnvironmentFile=-%h/.openclaw/gateway.systemd.env\nEnvironment=OPENCLAW_SERVICE_MARKER=openclaw\n');
  writeFileSync(p.envFile, `HOME=${home}\nOPENCLAW_GATEWAY_TOKEN=${STALE}\n`);
  writeFileSync(p.bashrc, `# from the troubleshooting post\nexport OPENCLAW_GATEWAY_TOKEN=${SHELL}\n`);
});

after(() => rmSync(home, { recursive: true, force: true }));

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli({ argv, env: { HOME: home, PATH: process.env.PATH }, stdout: (t) => (stdout += t + '\n'), stderr: (t) => (stderr += t + '\n'), isTty: false, cwd: home });
  return { code, stdout, stderr };
}

function codesByFile(out: JsonOut): Record<string, string[]> {
  return Object.fromEntries(out.files.map((f) => [f.path, f.diagnostics.map((d) => `${d.code}:${d.severity}:${d.range.start.line}`)]));
}

describe('openclaw-guard check finds service units and shell profiles', () => {
  it('without FILE: the unit’s env file, the profile and the .env each under their own path', async () => {
    const { code, stdout } = await run(['check', '--format', 'json']);
    const p = paths(home);
    const byFile = codesByFile(JSON.parse(stdout) as JsonOut);
    assert.equal(code, 1);
    assert.deepEqual(byFile[p.envFile], ['service-token-stale:error:1']);
    assert.deepEqual(byFile[p.bashrc], ['profile-token-stale:error:1']);
    assert.deepEqual(byFile[p.dotenv], ['dotenv-value-cut:warning:1']);
    assert.ok(p.config in byFile);
    for (const secret of [CURRENT, STALE, SHELL]) assert.ok(!stdout.includes(secret), 'no secret in the output');
  });

  it('the text report names the env file, the profile and the unit', async () => {
    const { stdout } = await run(['check']);
    assert.match(stdout, /gateway\.systemd\.env/);
    assert.match(stdout, /\.bashrc/);
    assert.match(stdout, /openclaw-gateway\.service/);
  });

  it('with FILE only the named sources are read; --no-sources turns discovery off', async () => {
    const p = paths(home);
    const withFile = codesByFile(JSON.parse((await run(['check', '--format', 'json', p.config])).stdout) as JsonOut);
    assert.equal(withFile[p.envFile], undefined);
    assert.equal(withFile[p.bashrc], undefined);
    const named = codesByFile(JSON.parse((await run(['check', '--format', 'json', p.config, '--source', p.bashrc])).stdout) as JsonOut);
    assert.deepEqual(named[p.bashrc], ['profile-token-stale:error:1']);
    assert.equal(named[p.envFile], undefined);
    const off = codesByFile(JSON.parse((await run(['check', '--format', 'json', '--no-sources'])).stdout) as JsonOut);
    assert.equal(off[p.envFile], undefined);
    assert.equal(off[p.bashrc], undefined);
  });

  it('a --source that cannot be read is a usage error', async () => {
    const { code, stderr } = await run(['check', '--source', join(home, 'nope.service')]);
    assert.equal(code, 2);
    assert.match(stderr, /--source/);
  });
});

interface JsonSources {
  sources: Array<{ kind: string; fingerprint: string | null; readers: string[]; agreement: string; location?: { file: string; line: number } }>;
}

describe('openclaw-guard sources lists service units and shell profiles', () => {
  const entriesOf = (stdout: string) => (JSON.parse(stdout) as JsonSources).sources;

  it('without FILE: the unit’s env file (read by the service) and the profile (new shells) disagree with the effective token', async () => {
    const p = paths(home);
    const { code, stdout } = await run(['sources', '--format', 'json']);
    const entries = entriesOf(stdout);
    const env = entries.filter((e) => e.location?.file === p.envFile);
    assert.deepEqual(
      env.map((e) => [e.kind, e.readers, e.agreement, e.location?.line]),
      [['systemd-env-file', ['service'], 'differs', 1]],
    );
    const profile = entries.filter((e) => e.location?.file === p.bashrc);
    assert.deepEqual(
      profile.map((e) => [e.kind, e.readers, e.agreement, e.location?.line]),
      [['shell-profile', ['new-shells'], 'differs', 1]],
    );
    assert.equal(code, 1, 'a place in use disagrees');
    for (const secret of [CURRENT, STALE, SHELL]) assert.ok(!stdout.includes(secret), 'no secret in the output');
    const text = (await run(['sources'])).stdout;
    assert.match(text, /gateway\.systemd\.env:2/);
    assert.match(text, /\.bashrc:2/);
  });

  it('with FILE only --source files; --no-sources turns discovery off', async () => {
    const p = paths(home);
    const kinds = (stdout: string) => entriesOf(stdout).map((e) => e.kind);
    assert.ok(!kinds((await run(['sources', '--format', 'json', p.config])).stdout).includes('systemd-env-file'));
    assert.ok(!kinds((await run(['sources', '--format', 'json', '--no-sources'])).stdout).includes('shell-profile'));
    const named = entriesOf((await run(['sources', '--format', 'json', p.config, '--source', p.bashrc])).stdout);
    assert.deepEqual(named.filter((e) => e.kind === 'shell-profile').map((e) => e.location?.file), [p.bashrc]);
    const missing = await run(['sources', '--source', join(home, 'nope.env')]);
    assert.equal(missing.code, 2);
  });
});
