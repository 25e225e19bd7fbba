import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realWriteOps, writeFileAtomic, type WriteOps } from '../../src/cli/atomicWrite';
import { runCli } from '../../src/cli/main';
import { startFakeGateway, type FakeGateway } from '../support/fakeGateway';

const A = '3f9a1c7e5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f20';
const B = '9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c50';

async function run(argv: string[], env: NodeJS.ProcessEnv = {}, writeOps?: WriteOps): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli({ argv, env, stdout: (t) => (stdout += t + '\n'), stderr: (t) => (stderr += t + '\n'), isTty: false, writeOps });
  return { code, stdout, stderr };
}

let dir = '';
const messy = `// keep me\n{\n  gateway: {\n    bind: "0.0.0.0",\n    auth: { mode: "token", token: "${A}" },\n    remote: { token: "${B}" }, // stale\n  },\n}\n`;
const fixed = `// keep me\n{\n  gateway: {\n    bind: "lan",\n    auth: { mode: "token", token: "${A}" },\n    remote: { token: "${A}" }, // stale\n    mode: "local",\n  },\n}\n`;

describe('check --fix and --fix-dry-run', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ocg-fix-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('applies the safe fixes in place, keeps the mode, says what changed without secrets', async () => {
    const file = join(dir, 'openclaw.json');
    writeFileSync(file, messy);
    chmodSync(file, 0o600);
    const r = await run(['check', '--fix', file]);
    assert.equal(readFileSync(file, 'utf8'), fixed);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.match(r.stdout, /fixed bind-invalid/);
    assert.match(r.stdout, /fixed token-mismatch/);
    assert.ok(!r.stdout.includes(A) && !r.stdout.includes(B));
    assert.equal(r.code, 0);
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp')), []);
  });

  it('prints a diff with fingerprints instead of secrets and writes nothing', async () => {
    const file = join(dir, 'dry.json');
    writeFileSync(file, messy);
    const r = await run(['check', '--fix-dry-run', file]);
    assert.equal(readFileSync(file, 'utf8'), messy);
    assert.match(r.stdout, /^-    bind: "0\.0\.0\.0",$/m);
    assert.match(r.stdout, /^\+    bind: "lan",$/m);
    assert.match(r.stdout, /^\+    remote: \{ token: "<fp:[0-9a-f]{8}>" \}, \/\/ stale$/m);
    assert.ok(!r.stdout.includes(A) && !r.stdout.includes(B));
  });

  it('never writes a file that does not parse', async () => {
    const file = join(dir, 'broken.json');
    const broken = '{ "gateway": { "bind": "0.0.0.0" ';
    writeFileSync(file, broken);
    const r = await run(['check', '--fix', file]);
    assert.equal(readFileSync(file, 'utf8'), broken);
    assert.match(r.stdout, /not fixed, the file does not parse/);
    assert.equal(r.code, 1);
  });

  for (const failing of ['write', 'fsync', 'rename'] as const) {
    it(`leaves the original intact when ${failing} fails`, async () => {
      const file = join(dir, `fail-${failing}.json`);
      writeFileSync(file, messy);
      const ops: WriteOps = {
        ...realWriteOps,
        [failing]: () => {
          throw Object.assign(new Error(`${failing} failed`), { code: 'EIO' });
        },
      };
      const r = await run(['check', '--fix', file], {}, ops);
      assert.equal(readFileSync(file, 'utf8'), messy);
      assert.match(r.stdout, /writing failed \(EIO\); the file is unchanged/);
      assert.equal(r.code, 2);
      assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp')), [], 'no temp file left');
    });
  }

  it('writes atomically: a reader never sees a half-written file', () => {
    const file = join(dir, 'atomic.json');
    writeFileSync(file, 'old');
    let seenDuringWrite = '';
    writeFileAtomic(file, 'new content', { ...realWriteOps, write: (fd, data) => { seenDuringWrite = readFileSync(file, 'utf8'); realWriteOps.write(fd, data); } });
    assert.equal(seenDuringWrite, 'old');
    assert.equal(readFileSync(file, 'utf8'), 'new content');
  });
});

describe('check --probe and --diagnose', () => {
  let gw: FakeGateway;
  before(async () => {
    gw = await startFakeGateway('gateway', A);
  });
  after(() => gw.close());

  function config(auth: string, remote: string): string {
    const file = join(mkdtempSync(join(tmpdir(), 'ocg-probe-')), 'openclaw.json');
    writeFileSync(file, JSON.stringify({ gateway: { mode: 'local', port: gw.port, auth: { mode: 'token', token: auth }, remote: { token: remote } } }));
    return file;
  }

  it('adds an authorized probe to the JSON output and exits 0', async () => {
    const r = await run(['check', '--probe', '--format', 'json', config(A, A)]);
    const out = JSON.parse(r.stdout) as { probe: { state: string; code: string | null; target: string; credentialSource: string; latencyMs: number; gatewayVersion: string } };
    assert.equal(out.probe.state, 'authorized');
    assert.equal(out.probe.code, null);
    assert.equal(out.probe.target, `ws://127.0.0.1:${gw.port}`);
    assert.equal(out.probe.credentialSource, 'gateway.auth.token');
    assert.equal(typeof out.probe.latencyMs, 'number');
    assert.equal(out.probe.gatewayVersion, '2026.9.6');
    assert.equal(r.code, 0);
  });

  it('reports a rejection with the gateway code and exits 1; --diagnose names the accepted source', async () => {
    const r = await run(['check', '--diagnose', '--format', 'json', config(B, A), '--rule', 'token-mismatch=off']);
    const out = JSON.parse(r.stdout) as { probe: { state: string; code: string }; diagnosis: { accepted: string | null; verdict: string } };
    assert.equal(out.probe.state, 'rejected');
    assert.equal(out.probe.code, 'AUTH_TOKEN_MISMATCH');
    assert.equal(out.diagnosis.accepted, 'gateway.remote.token');
    assert.equal(r.code, 1);
    assert.ok(!r.stdout.includes(A) && !r.stdout.includes(B));
  });

  it('prints one readable line in text mode', async () => {
    const r = await run(['check', '--probe', config(A, A)]);
    assert.match(r.stdout, new RegExp(`Gateway ws://127\\.0\\.0\\.1:${gw.port}: authorized, OpenClaw 2026\\.9\\.6, \\d+ ms, gateway\\.auth\\.token fp:[0-9a-f]{8}`));
    assert.ok(!r.stdout.includes(A));
  });

  it('names the OpenClaw release and its source: the running gateway\'s, over the config\'s meta, with the findings read for it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ocg-probe-')), 'openclaw.json');
    // meta says 2026.4.8 (bind "0.0.0.0" is rewritten there); the gateway answers 2026.9.6.
    writeFileSync(file, JSON.stringify({ meta: { lastTouchedVersion: '2026.4.8' }, gateway: { mode: 'local', port: gw.port, bind: '0.0.0.0', auth: { mode: 'token', token: A }, remote: { token: A } } }));
    const before = JSON.parse((await run(['check', '--format', 'json', file])).stdout) as { openclaw: { version: string; source: string }; files: Array<{ diagnostics: Array<{ code: string; message: string }> }> };
    assert.deepEqual([before.openclaw.version, before.openclaw.source], ['2026.4.8', 'config-meta']);
    assert.match(before.files[0].diagnostics.find((d) => d.code === 'bind-invalid')?.message ?? '', /OpenClaw 2026\.4\.8 \(2026\.3 to 2026\.4\.x\) accepts it/);
    const r = await run(['check', '--probe', '--format', 'json', file]);
    const out = JSON.parse(r.stdout) as { probe: { gatewayVersion: string; gatewayBuildId: string }; openclaw: { version: string; source: string; detail: string }; files: Array<{ diagnostics: Array<{ code: string; message: string }> }> };
    assert.equal(out.probe.gatewayVersion, '2026.9.6');
    assert.deepEqual([out.openclaw.version, out.openclaw.source, out.openclaw.detail], ['2026.9.6', 'gateway', out.probe.gatewayBuildId]);
    assert.match(out.files[0].diagnostics.find((d) => d.code === 'bind-invalid')?.message ?? '', /silently rewrites it to "lan"/);
    const text = await run(['check', '--probe', file]);
    assert.match(text.stdout, /^OpenClaw 2026\.9\.6 \(from the running gateway, build 2026\.9\.6-release-[^)]*\)$/m);
  });

  it('a running gateway of another release than the installed CLI is reported (a service not restarted after an update)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ocg-install-'));
    const pkg = join(root, 'lib', 'node_modules', 'openclaw');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'openclaw', version: '2026.8.2' }));
    writeFileSync(join(pkg, 'openclaw.mjs'), '');
    mkdirSync(join(root, 'bin'));
    symlinkSync('../lib/node_modules/openclaw/openclaw.mjs', join(root, 'bin', 'openclaw'));
    try {
      const env = { PATH: join(root, 'bin') };
      const quiet = JSON.parse((await run(['check', '--format', 'json', config(A, A)], env)).stdout) as { openclaw: Record<string, unknown> };
      assert.deepEqual(quiet.openclaw, { version: '2026.8.2', source: 'cli-install', detail: join(pkg, 'package.json'), cliVersion: '2026.8.2', cliSource: 'cli-install' });
      const out = JSON.parse((await run(['check', '--probe', '--format', 'json', config(A, A)], env)).stdout) as { openclaw: { source: string; cliVersion: string; gatewayCliMismatch: unknown } };
      assert.deepEqual([out.openclaw.source, out.openclaw.cliVersion, out.openclaw.gatewayCliMismatch], ['gateway', '2026.8.2', { gateway: '2026.9.6', cli: '2026.8.2' }]);
      const text = await run(['check', '--probe', config(A, A)], env);
      assert.match(text.stdout, /^The running gateway is OpenClaw 2026\.9\.6 but the installed CLI is 2026\.8\.2: a service not restarted after an update\?/m);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('--openclaw-version states the release; anything that is not one is a usage error', async () => {
    const file = config(A, A);
    const out = JSON.parse((await run(['check', '--format', 'json', '--openclaw-version', '2026.6.6', file])).stdout) as { openclaw: { version: string; source: string } };
    assert.deepEqual([out.openclaw.version, out.openclaw.source], ['2026.6.6', 'flag']);
    const text = await run(['check', '--openclaw-version', 'v2026.6.6', file]);
    assert.match(text.stdout, /^OpenClaw 2026\.6\.6 \(from --openclaw-version\)$/m);
    const bad = await run(['check', '--openclaw-version', 'latest', file]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--openclaw-version takes a release such as 2026\.4\.8, not "latest"/);
  });

  it('refuses to send a secret to a non-loopback ws:// URL', async () => {
    const r = await run(['check', '--probe', '--format', 'json', '--url', 'ws://203.0.113.9:18789', config(A, A)]);
    assert.equal((JSON.parse(r.stdout) as { probe: { state: string } }).probe.state, 'refused-insecure');
    assert.equal(r.code, 1);
  });
});
