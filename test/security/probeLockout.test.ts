import { describe, it, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { AttemptBudget, ATTEMPTS_FILE, BUDGET_WINDOW_MS, MAX_FAILED_ATTEMPTS } from '../../src/core/probe/attemptBudget';
import { probeGateway } from '../../src/core/probe/probeGateway';
import { startFakeGateway, type FakeGateway } from '../support/fakeGateway';

/**
 * Defect 2: --diagnose sent every distinct candidate (6 here), passwords to a token gateway, and
 * went on after HTTP 401 or an unknown code; OpenClaw locks a client out after 10 failures in
 * 60 s, so two runs in a row locked the user out.
 */

const ACCEPTED = 'the-gateway-runs-a-token-nobody-has-000000000';
const T1 = '1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa';
const T2 = '2222bbbb2222bbbb2222bbbb2222bbbb2222bbbb2222bbbb';
const T3 = '3333cccc3333cccc3333cccc3333cccc3333cccc3333cccc';
const P1 = '4444dddd4444dddd4444dddd4444dddd4444dddd4444dddd';
const P2 = '5555eeee5555eeee5555eeee5555eeee5555eeee5555eeee';
const P3 = '6666ffff6666ffff6666ffff6666ffff6666ffff6666ffff';
const PASSWORDS = new Set([P1, P2, P3]);

interface Out {
  probe: { state: string; code: string | null };
  diagnosis?: { verdict: string; tried: Array<{ source: string }>; skipped: Array<{ source: string; reason: string }>; advice: string };
}

let root = '';

function sixSecretConfig(name: string): string {
  const file = join(root, name);
  writeFileSync(file, JSON.stringify({ gateway: { mode: 'local', auth: { mode: 'token', token: T1, password: P1 }, remote: { token: T2, password: P2 } } }));
  return file;
}

async function diagnose(file: string, url: string, stateDir: string): Promise<{ code: number; out: Out; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli({
    argv: ['check', file, '--diagnose', '--url', url, '--format', 'json', '--rule', 'token-mismatch=off', '--rule', 'password-mismatch=off'],
    env: { OPENCLAW_GUARD_STATE_DIR: stateDir, OPENCLAW_GATEWAY_TOKEN: T3, OPENCLAW_GATEWAY_PASSWORD: P3, OPENCLAW_CONFIG_PATH: join(root, 'not-the-users-config.json'), HOME: root },
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    isTty: false,
  });
  return { code, out: JSON.parse(stdout) as Out, stderr };
}

before(() => {
  root = mkdtempSync(join(tmpdir(), 'ocg-lockout-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

describe('--diagnose never locks the user out', () => {
  let gw: FakeGateway;
  before(async () => {
    gw = await startFakeGateway('lockout', ACCEPTED);
  });
  after(() => gw.close());

  it('five runs in a row against a gateway that locks out after 10 failures in 60 s', async () => {
    const file = sixSecretConfig('six.json');
    const state = join(root, 'state-five');
    const runs: Out[] = [];
    for (let i = 0; i < 5; i++) runs.push((await diagnose(file, gw.url, state)).out);

    assert.equal(gw.lockedOut(), false, 'the gateway never had to lock anyone out');
    assert.ok(gw.failures() <= MAX_FAILED_ATTEMPTS, `${gw.failures()} failed attempts in a minute`);
    assert.ok(gw.received.every((r) => r.password === undefined && !PASSWORDS.has(r.token ?? '')), 'no password went to a token-mode gateway');

    const [first, ...later] = runs;
    assert.equal(first.probe.code, 'AUTH_TOKEN_MISMATCH');
    assert.equal(first.diagnosis?.tried.length, MAX_FAILED_ATTEMPTS, 'the first probe and two more candidates');
    const skipped = first.diagnosis?.skipped ?? [];
    for (const source of ['gateway.auth.password', 'OPENCLAW_GATEWAY_PASSWORD', 'gateway.remote.password']) {
      assert.deepEqual(skipped.find((s) => s.source === source)?.reason, 'auth-mode', source);
    }
    assert.match(first.diagnosis?.advice ?? '', /Not tried: .*gateway\.auth\.password in six\.json \(line 1\) \(the gateway runs token auth/);

    // The budget file carries the count into the next runs: nothing more is sent this minute.
    for (const run of later) {
      assert.equal(run.probe.state, 'rate-limited');
      assert.equal(run.probe.code, 'GUARD_ATTEMPT_LIMIT');
      assert.equal(run.diagnosis?.verdict, 'attempt-budget');
      assert.equal(run.diagnosis?.tried.length, 0);
      assert.ok((run.diagnosis?.skipped ?? []).every((s) => s.reason === 'attempt-budget'));
    }
    assert.equal(gw.received.length, MAX_FAILED_ATTEMPTS);

    const path = join(state, ATTEMPTS_FILE);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const stored = JSON.parse(readFileSync(path, 'utf8')) as { attempts: Record<string, unknown[]> };
    assert.equal(stored.attempts[`loopback:${gw.port}`].length, MAX_FAILED_ATTEMPTS);
    assert.deepEqual(readdirSync(state).filter((f) => f.endsWith('.tmp')), [], 'no temp file left');
  });
});

describe('the diagnosis stops at the first answer that is not a mismatch', () => {
  it('HTTP 401 from a proxy: one connection, no more', async () => {
    const gw = await startFakeGateway('http-401');
    try {
      const { out } = await diagnose(sixSecretConfig('proxy.json'), gw.url, join(root, 'state-401'));
      assert.equal(out.probe.code, 'HTTP_401');
      assert.equal(out.diagnosis?.verdict, 'stopped');
      assert.equal(gw.connections(), 1);
      assert.ok((out.diagnosis?.skipped ?? []).length >= 5);
    } finally {
      await gw.close();
    }
  });

  it('an unknown code: one connect, no more', async () => {
    const gw = await startFakeGateway('custom');
    gw.setReply((_c, id) => ({ frame: JSON.stringify({ type: 'res', id, ok: false, error: { code: 'INVALID_REQUEST', message: 'new in a future release', details: { code: 'SOMETHING_NEW' } } }) }));
    try {
      const { out } = await diagnose(sixSecretConfig('unknown.json'), gw.url, join(root, 'state-unknown'));
      assert.equal(out.diagnosis?.verdict, 'stopped');
      assert.equal(gw.received.length, 1);
    } finally {
      await gw.close();
    }
  });

  it('a password-mode gateway gets passwords only (its answer decides, not the file)', async () => {
    const gw = await startFakeGateway('lockout', ACCEPTED);
    gw.setAuthMode('password');
    try {
      const { out } = await diagnose(sixSecretConfig('password.json'), gw.url, join(root, 'state-password'));
      assert.equal(out.probe.code, 'AUTH_PASSWORD_MISMATCH');
      assert.deepEqual(gw.received.slice(1).map((r) => r.password), [P1, P3], 'after the first token, passwords in client order');
      assert.ok((out.diagnosis?.skipped ?? []).filter((s) => s.reason === 'auth-mode').every((s) => !/password/i.test(s.source)));
    } finally {
      await gw.close();
    }
  });

  it('stops at the first acceptance', async () => {
    const gw = await startFakeGateway('lockout', T3);
    try {
      const { out } = await diagnose(sixSecretConfig('accepted.json'), gw.url, join(root, 'state-accepted'));
      assert.equal(out.diagnosis?.verdict, 'env-overrides-file');
      assert.equal(gw.received.length, 2);
      assert.ok((out.diagnosis?.skipped ?? []).some((s) => s.source === 'gateway.remote.token' && s.reason === 'not-needed'));
    } finally {
      await gw.close();
    }
  });
});

describe('the attempt budget file', () => {
  // A gateway per test: together these runs make more than 10 failures, and it would rightly lock out.
  let gw: FakeGateway;
  beforeEach(async () => {
    gw = await startFakeGateway('lockout', ACCEPTED);
  });
  afterEach(() => gw.close());

  const hostile: Array<[string, (path: string) => void]> = [
    ['garbage', (path) => writeFileSync(path, '{{{ not json')],
    ['the wrong shape', (path) => writeFileSync(path, JSON.stringify({ attempts: { x: 'y' }, version: [] }))],
    ['null', (path) => writeFileSync(path, 'null')],
    ['too large', (path) => writeFileSync(path, JSON.stringify({ attempts: {}, pad: 'x'.repeat(100_000) }))],
    ['a directory', (path) => mkdirSync(path)],
  ];
  for (const [name, make] of hostile) {
    it(`counts as "no record" when it is ${name}, and the run still caps itself at ${MAX_FAILED_ATTEMPTS}`, async () => {
      const state = join(root, `state-${name.replace(/\W/g, '-')}`);
      mkdirSync(state, { recursive: true });
      make(join(state, ATTEMPTS_FILE));
      const before = gw.failures();
      const { code, out, stderr } = await diagnose(sixSecretConfig(`hostile-${name.replace(/\W/g, '-')}.json`), gw.url, state);
      assert.equal(code, 1, stderr);
      assert.equal(out.probe.state, 'rejected');
      assert.ok(gw.failures() - before <= MAX_FAILED_ATTEMPTS);
    });
  }

  it('a state directory that cannot be created still leaves the per-run cap', async () => {
    const blocker = join(root, 'a-file-not-a-dir');
    writeFileSync(blocker, '');
    const before = gw.failures();
    const { out } = await diagnose(sixSecretConfig('blocked.json'), gw.url, join(blocker, 'state'));
    assert.equal(out.probe.state, 'rejected');
    assert.equal(gw.failures() - before, MAX_FAILED_ATTEMPTS);
  });

  it('is pruned to the last minute, and an attempt that did not fail is given back', () => {
    let now = 1_000_000_000;
    const path = join(root, 'pruned', ATTEMPTS_FILE);
    mkdirSync(join(root, 'pruned'));
    writeFileSync(path, JSON.stringify({ version: 1, attempts: { 'old.example:443': [{ t: now - 2 * BUDGET_WINDOW_MS, id: 'old' }], 'h:1': [{ t: now - BUDGET_WINDOW_MS - 1, id: 'stale' }, { t: now + 10 * BUDGET_WINDOW_MS, id: 'future' }] } }));
    const budget = new AttemptBudget(path, () => now);
    assert.equal(budget.failures('h:1'), 0, 'stale and future entries do not count');
    const ids: string[] = [];
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) {
      const acquired = budget.acquire('h:1');
      assert.ok(acquired.ok);
      ids.push(acquired.id);
    }
    const refused = budget.acquire('h:1');
    assert.ok(!refused.ok && refused.retryAfterMs > 0 && refused.retryAfterMs <= BUDGET_WINDOW_MS);
    budget.release('h:1', ids[0]);
    assert.ok(budget.acquire('h:1').ok, 'a released attempt frees its place');
    const stored = JSON.parse(readFileSync(path, 'utf8')) as { attempts: Record<string, unknown[]> };
    assert.deepEqual(Object.keys(stored.attempts), ['h:1']);
    now += BUDGET_WINDOW_MS + 1;
    assert.ok(budget.acquire('h:1').ok, 'a minute later the budget is back');
    assert.equal((JSON.parse(readFileSync(path, 'utf8')) as { attempts: Record<string, unknown[]> }).attempts['h:1'].length, 1);
  });

  it('two budgets on one file (the extension and a CLI run) share the count; memory alone still counts', () => {
    const path = join(root, 'shared', ATTEMPTS_FILE);
    const extension = new AttemptBudget(path);
    const cli = new AttemptBudget(path);
    assert.ok(extension.acquire('g:1').ok);
    assert.ok(cli.acquire('g:1').ok);
    assert.ok(extension.acquire('g:1').ok);
    assert.equal(cli.acquire('g:1').ok, false);
    // The file is deleted (or unwritable): the extension still remembers its own attempts.
    rmSync(path);
    assert.equal(extension.failures('g:1'), 2);
    assert.ok(extension.acquire('g:1').ok);
    assert.equal(extension.acquire('g:1').ok, false);
    const memory = new AttemptBudget(undefined);
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) assert.ok(memory.acquire('m:1').ok);
    assert.equal(memory.acquire('m:1').ok, false);
  });
});

describe('the status item probes through the same budget', () => {
  it('after three failures in a minute the next probe is not sent', async () => {
    const gw = await startFakeGateway('lockout', ACCEPTED);
    const budget = new AttemptBudget(undefined);
    try {
      const probe = () => probeGateway({ url: gw.url, credential: { kind: 'token', value: T1, source: 'gateway.auth.token' }, clientVersion: 't', budget, deadlineMs: 2000, allowShortDeadline: true, challengeWaitMs: 0 });
      for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) assert.equal((await probe()).state, 'rejected');
      const fourth = await probe();
      assert.equal(fourth.state, 'rate-limited');
      assert.equal(fourth.code, 'GUARD_ATTEMPT_LIMIT');
      assert.equal(fourth.credentialSent, false);
      assert.equal(gw.received.length, MAX_FAILED_ATTEMPTS);
    } finally {
      await gw.close();
    }
  });

  it('an accepted secret, an offline gateway and a starting one cost nothing', async () => {
    const budget = new AttemptBudget(undefined);
    const gw = await startFakeGateway('gateway', T1);
    try {
      for (let i = 0; i < 5; i++) {
        const result = await probeGateway({ url: gw.url, credential: { kind: 'token', value: T1, source: 'gateway.auth.token' }, clientVersion: 't', budget, deadlineMs: 2000, allowShortDeadline: true, challengeWaitMs: 0 });
        assert.equal(result.state, 'authorized');
      }
      gw.setBehaviour('starting');
      for (let i = 0; i < 4; i++) assert.equal((await probeGateway({ url: gw.url, credential: { kind: 'token', value: T1, source: 'gateway.auth.token' }, clientVersion: 't', budget, deadlineMs: 2000, allowShortDeadline: true, challengeWaitMs: 0 })).state, 'starting');
      assert.equal(budget.failures(`127.0.0.1:${gw.port}`), 0);
    } finally {
      await gw.close();
    }
  });
});
