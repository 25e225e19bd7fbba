import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { english } from '../../src/core/messages';
import { parseConfigDocument } from '../../src/core/configDocument';
import { buildGatewayModel } from '../../src/core/gatewayModel';
import { knownSecrets } from '../../src/core/probe/knownSecrets';
import { probeGateway, type ProbeResult } from '../../src/core/probe/probeGateway';
import { FRAMES, startFakeGateway, type CustomReply, type FakeGateway, type ReplyFn } from '../support/fakeGateway';

/**
 * Defect 1: text from the gateway was scrubbed only in the message, only for the credential just
 * sent, and only after cutting. A hostile gateway answers with secrets in every field.
 */

// Hex secrets: their upper-case form has the shape of an error code, the easiest field to smuggle them in.
const SENT = 'a3f9c17e5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f20';
const OTHER = 'b81d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c51';
const ENV_PASSWORD = 'c4e6a8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d852';
const ALL = [SENT, OTHER, ENV_PASSWORD];

/** Any 8 characters of any secret, in any case, anywhere in the text. */
function leaks(text: string, secrets: readonly string[] = ALL): string[] {
  const lower = text.toLowerCase();
  const found: string[] = [];
  for (const secret of secrets) {
    for (let i = 0; i + 8 <= secret.length; i++) {
      const piece = secret.slice(i, i + 8).toLowerCase();
      if (lower.includes(piece)) found.push(piece);
    }
  }
  return found;
}

function everything(result: ProbeResult): string {
  return JSON.stringify(result) + '\n' + english(result.message) + '\n' + english(result.advice);
}

// Built from code points: a literal control range in a regex is what the lint rule forbids.
const UNSAFE = new RegExp(`[${String.fromCharCode(0)}-${String.fromCharCode(0x1f)}${String.fromCharCode(0x7f)}-${String.fromCharCode(0x9f)}\u202a-\u202e\u2066-\u2069]`);

const error = (id: string, body: Record<string, unknown>): string => JSON.stringify({ type: 'res', id, ok: false, error: body });
const hello = (id: string, server: Record<string, unknown>, auth: Record<string, unknown> = { method: 'token' }): string =>
  JSON.stringify({ type: 'res', id, ok: true, payload: { type: 'hello-ok', protocol: 4, server, auth } });

describe('gateway text is untrusted: secrets, shapes and control characters', () => {
  let gw: FakeGateway;
  before(async () => {
    gw = await startFakeGateway('custom', SENT);
  });
  after(() => gw.close());

  async function probeWith(reply: ReplyFn): Promise<ProbeResult> {
    gw.setReply(reply);
    return probeGateway({
      url: gw.url,
      credential: { kind: 'token', value: SENT, source: 'gateway.auth.token' },
      clientVersion: 't',
      deadlineMs: 2000,
      allowShortDeadline: true,
      challengeWaitMs: 0,
      knownSecrets: ALL,
    });
  }

  const cases: Array<{ name: string; reply: (id: string) => CustomReply }> = [
    { name: 'error.details.code is the sent secret, upper-cased', reply: (id) => ({ frame: error(id, { code: 'INVALID_REQUEST', message: 'no', details: { code: SENT.toUpperCase() } }) }) },
    { name: 'error.code is the sent secret (no details)', reply: (id) => ({ frame: error(id, { code: SENT.toUpperCase(), message: 'no' }) }) },
    { name: 'the message carries the head of the secret, which a whole-secret scrub misses', reply: (id) => ({ frame: error(id, { code: 'INVALID_REQUEST', message: `unauthorized ${'x'.repeat(100)} ${SENT.slice(0, 20)}`, details: { code: 'AUTH_TOKEN_MISMATCH' } }) }) },
    { name: 'the message splits the secret at the 300-character cut', reply: (id) => ({ frame: error(id, { code: 'INVALID_REQUEST', message: `${'y'.repeat(290)}${SENT}`, details: { code: 'AUTH_TOKEN_MISMATCH' } }) }) },
    { name: 'the message carries another secret of the run (an earlier candidate, the env password)', reply: (id) => ({ frame: error(id, { code: 'INVALID_REQUEST', message: `mismatch; did you mean ${OTHER} or ${ENV_PASSWORD}?`, details: { code: 'AUTH_TOKEN_MISMATCH' } }) }) },
    { name: 'the close reason carries a secret', reply: () => ({ frame: '{"type":"event","event":"tick"}', close: { code: 1008, reason: `unauthorized ${OTHER.toUpperCase()}` } }) },
    { name: 'hello-ok.server.version and buildId are secrets', reply: (id) => ({ frame: hello(id, { version: SENT, buildId: `${OTHER}-${ENV_PASSWORD}` }, { method: SENT }) }) },
    { name: 'hello-ok.server.version is a version-shaped string with a secret suffix', reply: (id) => ({ frame: hello(id, { version: `2026.9.6-${SENT.slice(0, 30)}` }) }) },
  ];
  for (const c of cases) {
    it(`${c.name}: no 8 characters of any secret in the result`, async () => {
      const result = await probeWith((_connect, id) => c.reply(id));
      assert.deepEqual(leaks(everything(result)), [], everything(result));
    });
  }

  it('a code that repeats a secret is dropped, and the result is not "rejected" on its word', async () => {
    const result = await probeWith((_c, id) => ({ frame: error(id, { code: 'INVALID_REQUEST', message: 'no', details: { code: SENT.toUpperCase() } }) }));
    assert.equal(result.code, 'INVALID_REQUEST', 'only the well-formed top-level code is kept');
    assert.equal(result.state, 'error');
  });

  it('a withheld message says so instead of quoting the gateway', async () => {
    const result = await probeWith((_c, id) => ({ frame: error(id, { code: 'INVALID_REQUEST', message: `mismatch ${OTHER}`, details: { code: 'AUTH_TOKEN_MISMATCH' } }) }));
    assert.equal(result.state, 'rejected');
    assert.equal(result.code, 'AUTH_TOKEN_MISMATCH');
    assert.match(english(result.message), /withheld/);
  });

  it('control characters in the message and the close reason are neutralised', async () => {
    const hostile = 'unauthorized \u001b[2K\u001b[1A\u2714 No problems found \u202egnp.exe\u202c \u009b31m \u2066x\u2069 \u0007';
    const fromMessage = await probeWith((_c, id) => ({ frame: error(id, { code: 'INVALID_REQUEST', message: hostile, details: { code: 'AUTH_TOKEN_MISMATCH' } }) }));
    assert.doesNotMatch(english(fromMessage.message), UNSAFE);
    assert.match(english(fromMessage.message), /No problems found/, 'the readable part is kept');
    const fromClose = await probeWith(() => ({ frame: '{"type":"event","event":"tick"}', close: { code: 1008, reason: 'unauthorized \u001b[31mred\u202e' } }));
    assert.doesNotMatch(english(fromClose.message), UNSAFE);
    const fromStarting = await probeWith((_c, id) => ({ frame: error(id, { code: 'UNAVAILABLE', message: 'starting \u001b]0;title\u0007', retryAfterMs: 500 }) }));
    assert.equal(fromStarting.state, 'starting');
    assert.doesNotMatch(english(fromStarting.message), UNSAFE);
  });

  it('codes must look like codes', async () => {
    for (const bad of ['auth_token_mismatch', 'AUTH_TOKEN_MISMATCH\u001b[31m', 'AUTH TOKEN', 'A', 'X'.repeat(65), '<script>']) {
      const result = await probeWith((_c, id) => ({ frame: error(id, { code: 'INVALID_REQUEST', message: 'no', details: { code: bad } }) }));
      assert.equal(result.code, 'INVALID_REQUEST', JSON.stringify(bad));
      assert.equal(result.state, 'error', 'an unrecognised detail code is not taken as a rejection');
    }
    const real = await probeWith((_c, id) => ({ frame: FRAMES.passwordMismatch(id) }));
    assert.equal(real.code, 'AUTH_PASSWORD_MISMATCH');
  });

  it('versions must look like versions; anything else is unknown', async () => {
    const version = async (value: unknown): Promise<string | null> => (await probeWith((_c, id) => ({ frame: hello(id, { version: value }) }))).gatewayVersion;
    assert.equal(await version('2026.9.6'), '2026.9.6');
    assert.equal(await version('2026.10.12-beta.1'), '2026.10.12-beta.1');
    assert.equal(await version('dev'), 'dev');
    for (const bad of ['2026.9.6\u001b]0;pwned\u0007', '2026.9.6 (see http://evil)', 'v1', 'x'.repeat(100), 42, null]) assert.equal(await version(bad), null, JSON.stringify(bad));
  });

  it('a hostile retryAfterMs cannot stop the status item for days', async () => {
    const result = await probeWith((_c, id) => ({ frame: error(id, { code: 'INVALID_REQUEST', message: 'locked', retryAfterMs: 1e12, details: { code: 'AUTH_RATE_LIMITED' } }) }));
    assert.equal(result.state, 'rate-limited');
    assert.ok((result.retryAfterMs ?? 0) <= 3_600_000);
  });
});

describe('knownSecrets(): every secret of the model and the environment', () => {
  it('holds raw and resolved config values, env references, the gateway env variables and URL credentials', () => {
    const env = { OPENCLAW_GATEWAY_TOKEN: ` ${SENT} `, OPENCLAW_GATEWAY_PASSWORD: ENV_PASSWORD, MY_REF: OTHER };
    const model = buildGatewayModel(
      parseConfigDocument(JSON.stringify({ gateway: { mode: 'remote', auth: { token: 'literal-token-value-0001' }, remote: { url: 'wss://u:url-password-0001@gw.example/?token=query-token-0001', token: '$MY_REF', password: 'pre-${MY_REF}' } } })),
      { env, inContainer: false },
    );
    const secrets = knownSecrets(model, env, [model.remoteUrl.value]);
    for (const expected of [SENT, ` ${SENT} `, ENV_PASSWORD, OTHER, 'literal-token-value-0001', `pre-${OTHER}`, 'url-password-0001', 'query-token-0001']) assert.ok(secrets.includes(expected), expected);
  });
});

describe('check --diagnose against a gateway that echoes earlier secrets', () => {
  let gw: FakeGateway;
  let dir = '';
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ocg-echo-'));
    gw = await startFakeGateway('custom', 'never-accepted');
    // The first connect gets a genuine mismatch, so the diagnosis goes on; later ones get the
    // earlier secrets back, upper-cased into the code and plain in the message.
    gw.setReply((connect, id, earlier) => {
      if (earlier.length === 0) return { frame: FRAMES.tokenMismatch(id), close: { code: 1008, reason: FRAMES.tokenMismatchReason.slice(0, 100) } };
      const previous = earlier.map((e) => e.token ?? e.password ?? '').join(' ');
      return { frame: error(id, { code: 'INVALID_REQUEST', message: `unauthorized: wanted ${previous} not ${connect.token ?? ''}`, details: { code: (earlier[0].token ?? '').toUpperCase() } }) };
    });
  });
  after(async () => {
    await gw.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const format of ['json', 'text']) {
    it(`prints no piece of any secret (${format})`, async () => {
      const file = join(dir, `openclaw-${format}.json`);
      writeFileSync(file, JSON.stringify({ gateway: { mode: 'local', port: gw.port, auth: { mode: 'token', token: SENT }, remote: { token: OTHER } } }));
      let out = '';
      const code = await runCli({
        argv: ['check', file, '--diagnose', '--format', format, '--rule', 'token-mismatch=off'],
        env: { OPENCLAW_GUARD_STATE_DIR: join(dir, `state-${format}`), OPENCLAW_GATEWAY_TOKEN: ENV_PASSWORD, OPENCLAW_CONFIG_PATH: join(dir, 'none.json'), HOME: dir },
        stdout: (t) => (out += t + '\n'),
        stderr: (t) => (out += t + '\n'),
        isTty: false,
      });
      assert.equal(code, 1);
      assert.ok(gw.received.length >= 2, 'the diagnosis sent a second secret, so the echo happened');
      assert.deepEqual(leaks(out), [], out);
    });
  }
});
