import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maskedFixDiff } from '../../src/cli/fixDiff';
import { isSecretKey, isSecretShapedValue } from '../../src/core/secretKeys';
import { fingerprint } from '../../src/core/secretValues';

const GNU_DIFF = '/usr/bin/diff';
const PATCH = '/usr/bin/patch';

const TOKEN = '3f9a1c7e5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f20';
const REMOTE = '9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c50';
const BOT = '7251946038:AAHx9kQ2mZp4Lr8sVt1uWy6bXc3dEf5gHi0';
const API_KEY = 'sk-proj-Qm7Zt2Lx9Vb4Nc8Rw1Ks6Hd3Fg5Jp0Ay';
const PASSWORD = 'Tr0ub4dor&3-correct-horse';

let dir = '';

function placeholder(secret: string): string {
  return `<${fingerprint(secret)}>`;
}

/** No window of 8 characters of any planted secret, in any of the given spellings, is in the output. */
function assertNoLeak(output: string, spellings: readonly string[]): void {
  for (const secret of spellings) {
    for (let i = 0; i + 8 <= secret.length; i++) {
      const window = secret.slice(i, i + 8);
      assert.ok(!output.includes(window), `"${window}" of a planted secret is in the output:\n${output}`);
    }
  }
}

/** GNU diff's hunks (its two header lines carry file times, so they are dropped). */
function gnuHunks(before: string, after: string): string {
  const a = join(dir, 'a.txt');
  const b = join(dir, 'b.txt');
  writeFileSync(a, before);
  writeFileSync(b, after);
  const result = spawnSync(GNU_DIFF, ['-u', a, b], { encoding: 'utf8' });
  assert.ok(result.status === 0 || result.status === 1, result.stderr);
  return result.stdout.split('\n').slice(2).join('\n').replace(/\n$/, '');
}

function ourHunks(before: string, after: string): string {
  return maskedFixDiff('x.txt', before, after, []).split('\n').slice(2).join('\n');
}

function lines(count: number, label = 'line'): string[] {
  return Array.from({ length: count }, (_, i) => `${label} ${i + 1}`);
}

const hasGnuDiff = existsSync(GNU_DIFF);

describe('fix diff: hunk format', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ocg-fixdiff-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('heads the diff with the path and the path marked fixed', () => {
    const out = maskedFixDiff('/tmp/openclaw.json', 'a\n', 'b\n', []);
    assert.deepEqual(out.split('\n'), ['--- /tmp/openclaw.json', '+++ /tmp/openclaw.json (fixed)', '@@ -1 +1 @@', '-a', '+b']);
  });

  it('shows no hunk for equal texts', () => {
    assert.equal(maskedFixDiff('f', 'a\nb\n', 'a\nb\n', []), '--- f\n+++ f (fixed)');
  });

  it('prints removed lines before added ones, with no phantom line for the final newline', () => {
    const before = ['{', '  "gateway": {', '    "bind": "0.0.0.0",', '    "port": 18789', '  }', '}', ''].join('\n');
    const after = ['{', '  "gateway": {', '    "bind": "lan",', '    "port": 18789,', '    "mode": "local"', '  }', '}', ''].join('\n');
    const out = ourHunks(before, after);
    assert.equal(
      out,
      ['@@ -1,6 +1,7 @@', ' {', '   "gateway": {', '-    "bind": "0.0.0.0",', '-    "port": 18789', '+    "bind": "lan",', '+    "port": 18789,', '+    "mode": "local"', '   }', ' }'].join('\n'),
    );
  });

  const cases: Array<{ name: string; before: string; after: string }> = [
    { name: 'one changed line in the middle', before: lines(20).join('\n') + '\n', after: lines(20).map((l, i) => (i === 9 ? 'changed' : l)).join('\n') + '\n' },
    { name: 'a one-line file', before: 'old\n', after: 'new\n' },
    { name: 'insertion at the start', before: lines(8).join('\n') + '\n', after: ['first', ...lines(8)].join('\n') + '\n' },
    { name: 'insertion at the end', before: lines(8).join('\n') + '\n', after: [...lines(8), 'last'].join('\n') + '\n' },
    { name: 'pure insertion in the middle (empty old range)', before: lines(12).join('\n') + '\n', after: [...lines(6), 'new 1', 'new 2', ...lines(12).slice(6)].join('\n') + '\n' },
    { name: 'pure deletion in the middle (empty new range)', before: lines(12).join('\n') + '\n', after: [...lines(5), ...lines(12).slice(7)].join('\n') + '\n' },
    { name: 'from an empty file', before: '', after: 'a\nb\n' },
    { name: 'to an empty file', before: 'a\nb\nc\n', after: '' },
    { name: 'a final newline added', before: lines(5).join('\n'), after: lines(5).join('\n') + '\n' },
    { name: 'a final newline removed', before: lines(5).join('\n') + '\n', after: lines(5).join('\n') },
    { name: 'a change before a last line without newline', before: lines(5).join('\n'), after: lines(5).map((l, i) => (i === 3 ? 'four' : l)).join('\n') },
    { name: 'a change of the last line without newline', before: lines(5).join('\n'), after: [...lines(4), 'five'].join('\n') },
    { name: 'two changes 6 lines apart share a hunk', before: lines(30).join('\n') + '\n', after: lines(30).map((l, i) => (i === 5 || i === 12 ? `${l} changed` : l)).join('\n') + '\n' },
    { name: 'two changes 7 lines apart get two hunks', before: lines(30).join('\n') + '\n', after: lines(30).map((l, i) => (i === 5 || i === 13 ? `${l} changed` : l)).join('\n') + '\n' },
    { name: 'a block replaced by a longer block', before: lines(15).join('\n') + '\n', after: [...lines(6), 'x', 'y', 'z', 'w', ...lines(15).slice(8)].join('\n') + '\n' },
    { name: 'changes at both ends of a long file', before: lines(200).join('\n') + '\n', after: ['top', ...lines(200).slice(1, 199), 'bottom'].join('\n') + '\n' },
  ];
  for (const c of cases) {
    it(`matches GNU diff -u: ${c.name}`, { skip: !hasGnuDiff && 'no GNU diff' }, () => {
      assert.equal(ourHunks(c.before, c.after), gnuHunks(c.before, c.after));
    });
  }

  it('uses GNU numbering for empty ranges', () => {
    assert.match(ourHunks('', 'a\n'), /^@@ -0,0 \+1 @@$/m);
    assert.match(ourHunks('a\n', ''), /^@@ -1 \+0,0 @@$/m);
    assert.match(ourHunks(lines(12).join('\n') + '\n', [...lines(6), 'new', ...lines(12).slice(6)].join('\n') + '\n'), /^@@ -4,6 \+4,7 @@$/m);
  });

  it('prints CRLF lines without carriage returns', () => {
    const out = maskedFixDiff('f', 'a\r\nb\r\nc\r\n', 'a\r\nB\r\nc\r\n', []);
    assert.ok(!out.includes('\r'));
    assert.equal(out.split('\n').slice(2).join('\n'), '@@ -1,3 +1,3 @@\n a\n-b\n+B\n c');
  });

  it('is a patch GNU patch applies, and no longer than GNU diff, on random texts', { skip: !(hasGnuDiff && existsSync(PATCH)) && 'no GNU diff/patch' }, () => {
    // A fixed seed keeps a failure reproducible.
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const text = (): string => {
      const count = random(14);
      const body = Array.from({ length: count }, () => 'abcde'[random(5)]).join('\n');
      return count > 0 && random(5) > 0 ? body + '\n' : body;
    };
    const changed = (s: string): number => s.split('\n').filter((l) => l.startsWith('+') || l.startsWith('-')).length;
    for (let round = 0; round < 150; round++) {
      const before = text();
      const after = random(2) === 0 ? text() : before.replace(/[a-e]/, 'x');
      if (before === after) continue;
      const ours = maskedFixDiff('a.txt', before, after, []);
      // Myers' diff is minimal; GNU diff's speed heuristics may only make its own longer.
      assert.ok(changed(ours.split('\n').slice(2).join('\n')) <= changed(gnuHunks(before, after)), `${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
      const source = join(dir, 'source.txt');
      const patch = join(dir, 'fix.patch');
      const output = join(dir, 'patched.txt');
      writeFileSync(source, before);
      writeFileSync(patch, ours + '\n');
      const result = spawnSync(PATCH, ['-s', '-o', output, source, patch], { encoding: 'utf8' });
      assert.equal(result.status, 0, `${result.stdout}${result.stderr}\n${ours}`);
      assert.equal(readFileSync(output, 'utf8'), after, ours);
    }
  });
});

describe('fix diff: masking', () => {
  // The unchanged lines around the two changes (bind, remote) hold secrets of other kinds.
  const config = (bind: string, remote: string): string =>
    [
      '{',
      '  // rotated on 2026-01-02',
      `  "channels": { "telegram": { "enabled": true, "botToken": "${BOT}" } },`,
      `  "models": { "providers": { "x": { "baseUrl": "https://api.example.com", "apiKey": "${API_KEY}", "maxTokens": 4096 } } },`,
      '  "gateway": {',
      `    "bind": "${bind}",`,
      '    "mode": "local",',
      `    "auth": { "mode": "token", "token": "${TOKEN}" },`,
      `    "remote": { "token": "${remote}" }`,
      '  },',
      `  "db": { "password": "${PASSWORD}" },`,
      '  "z": 1',
      '}',
      '',
    ].join('\n');

  it('masks every secret-bearing value on changed and context lines, not only the known ones', () => {
    const out = maskedFixDiff('openclaw.json', config('0.0.0.0', REMOTE), config('lan', TOKEN), [TOKEN, REMOTE]);
    assertNoLeak(out, [TOKEN, REMOTE, BOT, API_KEY, PASSWORD]);
    assert.match(out, /^-    "bind": "0\.0\.0\.0",$/m);
    assert.match(out, /^\+    "bind": "lan",$/m);
    assert.ok(out.includes(`-    "remote": { "token": "${placeholder(REMOTE)}" }`), out);
    assert.ok(out.includes(`+    "remote": { "token": "${placeholder(TOKEN)}" }`), out);
    assert.ok(out.includes(`     "auth": { "mode": "token", "token": "${placeholder(TOKEN)}" },`), out);
    assert.ok(out.includes(`"botToken": "${placeholder(BOT)}"`), out);
    assert.ok(out.includes(`"apiKey": "${placeholder(API_KEY)}", "maxTokens": 4096`), out);
    assert.ok(out.includes(`   "db": { "password": "${placeholder(PASSWORD)}" },`), out);
    assert.match(out, /^@@ -3,10 \+3,10 @@$/m);
    // Harmless values next to them stay readable.
    assert.ok(out.includes('"baseUrl": "https://api.example.com"'));
  });

  it('masks a token written with escapes by its source range', () => {
    // Decoded: aEb<TOKEN>\x"y — and the file spells it with \u0045, \\ and \".
    const decoded = `aEb${TOKEN}\\x"y`;
    const source = `a\\u0045b${TOKEN}\\\\x\\"y`;
    const text = (bind: string): string => `{\n  "gateway": {\n    "bind": "${bind}",\n    "auth": { "token": "${source}" }\n  }\n}\n`;
    assert.equal((JSON.parse(text('x')) as { gateway: { auth: { token: string } } }).gateway.auth.token, decoded);
    const out = maskedFixDiff('f', text('0.0.0.0'), text('lan'), [decoded]);
    assertNoLeak(out, [decoded, source, TOKEN]);
    assert.ok(out.includes(`     "auth": { "token": "${placeholder(decoded)}" }`), out);
  });

  it('masks a known secret in its escaped spelling where no key says it is secret', () => {
    const secret = 'p@ss"word\\with/slash';
    const spelled = JSON.stringify(secret).slice(1, -1);
    const text = (n: number): string => `{\n  // old password was ${secret}\n  "note": "${spelled}",\n  "n": ${n}\n}\n`;
    const out = maskedFixDiff('f', text(1), text(2), [secret]);
    assertNoLeak(out, [secret, spelled]);
    assert.ok(out.includes(`// old password was ${placeholder(secret)}`), out);
    assert.ok(out.includes(`"note": "${placeholder(secret)}"`), out);
  });

  it('masks a secret continued over lines (JSON5 line continuation)', () => {
    const text = (n: number): string => `{\n  gateway: { auth: { token: '${TOKEN.slice(0, 24)}\\\n${TOKEN.slice(24)}' } },\n  n: ${n},\n}\n`;
    const out = maskedFixDiff('f', text(1), text(2), []);
    assertNoLeak(out, [TOKEN.slice(0, 24), TOKEN.slice(24)]);
    assert.ok(out.includes(`token: '${placeholder(TOKEN.slice(0, 24) + TOKEN.slice(24))}`), out);
  });

  it('keeps SecretRef sources and ${VAR} references readable, masks the rest under a secret key', () => {
    const text = (bind: string): string =>
      `{\n  "gateway": {\n    "bind": "${bind}",\n    "auth": { "token": { "source": "exec", "provider": "vault", "id": "${REMOTE}" } },\n    "remote": { "token": "\${OPENCLAW_GATEWAY_TOKEN}" }\n  }\n}\n`;
    const out = maskedFixDiff('f', text('0.0.0.0'), text('lan'), []);
    assertNoLeak(out, [REMOTE]);
    assert.ok(out.includes(`{ "source": "exec", "provider": "vault", "id": "${placeholder(REMOTE)}" }`), out);
    assert.ok(out.includes('"remote": { "token": "${OPENCLAW_GATEWAY_TOKEN}" }'), out);
  });

  it('masks secret-shaped values under any key: private keys and URLs with credentials', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----';
    const hook = 'https://hooks.example.com/in?token=Zx81LmQp0Wv7';
    const creds = 'postgres://app:S3cr3tPassW0rd@db.internal/app';
    const text = (n: number): string => `{\n  "ssh": { "identity": "${pem}" },\n  "notify": { "url": "${hook}" },\n  "store": { "dsn": "${creds}" },\n  "n": ${n}\n}\n`;
    const out = maskedFixDiff('f', text(1), text(2), []);
    assertNoLeak(out, ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 'Zx81LmQp0Wv7', 'S3cr3tPassW0rd']);
  });

  it('never prints unmasked when a text does not parse', () => {
    const broken = (bind: string): string => `{\n  // note: ${TOKEN}\n  "gateway": { "bind": "${bind}", "auth": { "password": "${PASSWORD}" } },\n  "channels": { "telegram": { botToken: '${BOT}' } },\n  "broken": [\n`;
    const out = maskedFixDiff('f', broken('0.0.0.0'), broken('lan'), [TOKEN]);
    assertNoLeak(out, [TOKEN, PASSWORD, BOT]);
    assert.match(out, /^-  "gateway": \{ "bind": "0\.0\.0\.0", "auth": \{ "password": "<fp:[^>]+>" \} \},$/m);
    // Only one side broken: the other still gets its tree masks.
    const mixed = maskedFixDiff('f', config('0.0.0.0', REMOTE), broken('lan'), [TOKEN]);
    assertNoLeak(mixed, [TOKEN, REMOTE, BOT, API_KEY, PASSWORD]);
  });

  it('diffs a 100,000-line, 1 MB config and still masks', () => {
    const head = config('0.0.0.0', REMOTE).replace(/\n}\n$/, ',\n  "sessions": [\n');
    const body: string[] = [];
    for (let i = 0; body.length < 100_000; i++) body.push(i % 5000 === 0 ? `    { "id": ${i}, "apiKey": "${API_KEY}" },` : `    ${i},`);
    const before = head + body.join('\n') + '\n    0\n  ]\n}\n';
    const middle = body.length >> 1;
    const edited = [...body];
    edited[middle] = `    { "id": ${middle}, "token": "${PASSWORD}" },`;
    const after = config('lan', TOKEN).replace(/\n}\n$/, ',\n  "sessions": [\n') + edited.join('\n') + '\n    0\n  ]\n}\n';
    assert.ok(before.length > 900_000 && before.split('\n').length > 100_000);
    const out = maskedFixDiff('big.json', before, after, [TOKEN, REMOTE]);
    assertNoLeak(out, [TOKEN, REMOTE, BOT, API_KEY, PASSWORD]);
    const headers = out.split('\n').filter((l) => l.startsWith('@@'));
    assert.equal(headers.length, 2, out);
    assert.ok(out.includes(`+    { "id": ${middle}, "token": "${placeholder(PASSWORD)}" },`), out);
  });
});

describe('secret keys', () => {
  const secret = [
    'gateway.auth.token',
    'gateway.remote.password',
    'gateway.auth.token.id',
    'channels.telegram.botToken',
    'channels.telegram.accounts.work.webhookSecret',
    'channels.slack.signingSecret',
    'channels.nostr.privateKey',
    'channels.googlechat.serviceAccount.private_key',
    'models.providers.openai.apiKey',
    'models.providers.openai.api_key',
    'models.providers.openai.headers.Authorization',
    'models.providers.openai.request.tls.key',
    'models.providers.openai.request.tls.passphrase',
    'models.providers.local.localService.env.HF_HOME',
    'agents.defaults.sandbox.ssh.identityData',
    'hooks.mappings.sessionKey',
    'mcp.servers.github.env.GITHUB_PAT',
    'plugins.entries.imap.config.accounts.main.password',
    'skills.entries.search.apiKey',
    'tools.api.key',
  ];
  const notSecret = [
    'gateway.bind',
    'gateway.auth.mode',
    'gateway.port',
    'agents.defaults.maxTokens',
    'agents.defaults.contextTokens',
    'channels.telegram.enabled',
    'models.providers.openai.baseUrl',
    'models.providers.openai.models',
    'gateway.auth.passwordFile',
    'models.providers.openai.request.tls.insecureSkipVerify',
    'keys',
  ];
  for (const path of secret) it(`${path} holds a secret`, () => assert.equal(isSecretKey(path.split('.')), true));
  for (const path of notSecret) it(`${path} holds no secret`, () => assert.equal(isSecretKey(path.split('.')), false));
  it('has no secret at the root', () => assert.equal(isSecretKey([]), false));

  it('tells secret-shaped values', () => {
    assert.equal(isSecretShapedValue('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----'), true);
    assert.equal(isSecretShapedValue('https://user:pass@example.com/'), true);
    assert.equal(isSecretShapedValue('https://example.com/hook?access_token=abc'), true);
    assert.equal(isSecretShapedValue('https://example.com/hook?X-Api-Key=abc'), true);
    assert.equal(isSecretShapedValue('https://api.telegram.org/bot7251946038:AAHx9kQ2mZp4Lr8sVt1uWy6bXc3dEf5gHi0/getMe'), true);
    assert.equal(isSecretShapedValue('https://example.com/path?page=2'), false);
    assert.equal(isSecretShapedValue('ws://127.0.0.1:18789'), false);
    assert.equal(isSecretShapedValue('openai/gpt-6-mini'), false);
  });
});
