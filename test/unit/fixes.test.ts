import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConfig } from '../../src/core/analyze';
import { fixAll, fixesFor } from '../../src/core/fixes/applyFixes';
import { applyTextEdits } from '../../src/core/fixes/textEdits';
import type { FixProposal } from '../../src/core/fixes/fixTypes';
import { nodeToValue } from '../../src/core/jsonTree';
import { english } from '../../src/core/messages';
import { ruleFor, type RuleCode } from '../../src/core/rules/ruleTable';
import type { Environment } from '../../src/core/secretValues';

const A = '3f9a1c7e5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f20';
const B = '9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c50';
const NEW = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';

interface FixCase {
  name: string;
  code: RuleCode;
  /** Index of the fix among those offered for the first finding of `code`. */
  fix?: number;
  input: string;
  expected: string;
  env?: Environment;
  inContainer?: boolean;
}

/** Every proposal names a fix its rule declares, with the same safety the declaration promises. */
function assertDeclared(code: string, fix: FixProposal): void {
  const declared = ruleFor(code)?.meta.fixes?.[fix.fixId];
  assert.ok(declared, `${code} offers ${fix.fixId}, which meta.fixes does not declare`);
  assert.equal(fix.safe, declared.safe, `${code}/${fix.fixId}: proposal safe=${fix.safe}, declared safe=${declared.safe}`);
}

function apply(c: FixCase): { text: string; title: string; fixes: FixProposal[] } {
  const analysis = analyzeConfig(c.input, { env: c.env ?? {}, inContainer: c.inContainer });
  const finding = analysis.findings.find((f) => f.code === c.code);
  assert.ok(finding, `no ${c.code} finding in:\n${c.input}`);
  const fixes = fixesFor(analysis, finding, c.env ?? {}, { generateToken: () => NEW });
  const fix = fixes[c.fix ?? 0];
  assert.ok(fix, `no fix #${c.fix ?? 0} for ${c.code}; offered: ${fixes.map((f) => english(f.title)).join(' | ')}`);
  return { text: applyTextEdits(c.input, fix.edits), title: english(fix.title), fixes };
}

const CASES: FixCase[] = [
  // token-mismatch
  {
    name: 'sync remote.token from auth.token (JSON)',
    code: 'token-mismatch',
    input: `{\n  "gateway": {\n    "mode": "local",\n    "auth": { "mode": "token", "token": "${A}" },\n    "remote": { "token": "${B}" }\n  }\n}\n`,
    expected: `{\n  "gateway": {\n    "mode": "local",\n    "auth": { "mode": "token", "token": "${A}" },\n    "remote": { "token": "${A}" }\n  }\n}\n`,
  },
  {
    name: 'sync remote.token from auth.token (JSON5, comments, single quotes)',
    code: 'token-mismatch',
    input: `// cfg\n{\n  gateway: {\n    mode: 'local', // here\n    auth: { token: '${A}' }, /* auth */\n    remote: { token: '${B}' }, // stale\n  },\n}\n`,
    expected: `// cfg\n{\n  gateway: {\n    mode: 'local', // here\n    auth: { token: '${A}' }, /* auth */\n    remote: { token: '${A}' }, // stale\n  },\n}\n`,
  },
  {
    name: 'copy remote.token into auth.token (second fix)',
    code: 'token-mismatch',
    fix: 1,
    input: `{ gateway: { mode: 'local', auth: { token: '${A}' }, remote: { token: '${B}' } } }`,
    expected: `{ gateway: { mode: 'local', auth: { token: '${B}' }, remote: { token: '${B}' } } }`,
  },
  {
    name: 'rotate both (third fix)',
    code: 'token-mismatch',
    fix: 2,
    input: `{"gateway": {"mode": "local", "auth": {"token": "${A}"}, "remote": {"token": "${B}"}}}`,
    expected: `{"gateway": {"mode": "local", "auth": {"token": "${NEW}"}, "remote": {"token": "${NEW}"}}}`,
  },
  {
    name: 'password mismatch',
    code: 'password-mismatch',
    input: `{ gateway: { mode: 'local', auth: { mode: 'password', password: '${A}' }, remote: { password: '${B}' } } }`,
    expected: `{ gateway: { mode: 'local', auth: { mode: 'password', password: '${A}' }, remote: { password: '${A}' } } }`,
  },
  // remote-token-missing: create the remote object in the file's own style
  {
    name: 'add remote.token, creating remote (JSON, 2 spaces)',
    code: 'remote-token-missing',
    input: `{\n  "gateway": {\n    "mode": "local",\n    "auth": {\n      "token": "${A}"\n    }\n  }\n}\n`,
    expected: `{\n  "gateway": {\n    "mode": "local",\n    "auth": {\n      "token": "${A}"\n    },\n    "remote": { "token": "${A}" }\n  }\n}\n`,
  },
  {
    name: 'add remote.token, creating remote (JSON5, tabs, trailing commas, comment)',
    code: 'remote-token-missing',
    input: `{\n\tgateway: {\n\t\tmode: 'local',\n\t\tauth: { token: '${A}' }, // mine\n\t},\n}\n`,
    expected: `{\n\tgateway: {\n\t\tmode: 'local',\n\t\tauth: { token: '${A}' }, // mine\n\t\tremote: { token: '${A}' },\n\t},\n}\n`,
  },
  {
    name: 'add remote.token into an existing empty remote object',
    code: 'remote-token-missing',
    input: `{ "gateway": { "mode": "local", "auth": { "token": "${A}" }, "remote": {} } }`,
    expected: `{ "gateway": { "mode": "local", "auth": { "token": "${A}" }, "remote": { "token": "${A}" } } }`,
  },
  {
    name: 'copy an env reference as the same reference',
    code: 'remote-token-missing',
    input: `{ gateway: { mode: 'local', auth: { token: '\${GW_TOKEN}' } } }`,
    env: { GW_TOKEN: A },
    expected: `{ gateway: { mode: 'local', auth: { token: '\${GW_TOKEN}' }, remote: { token: '\${GW_TOKEN}' } } }`,
  },
  // auth-token-missing
  {
    name: 'copy remote.token into auth.token',
    code: 'auth-token-missing',
    input: `{\n  "gateway": {\n    "mode": "local",\n    "remote": { "token": "${B}" }\n  }\n}`,
    expected: `{\n  "gateway": {\n    "mode": "local",\n    "remote": { "token": "${B}" },\n    "auth": { "token": "${B}" }\n  }\n}`,
  },
  {
    name: 'generate a token for both',
    code: 'auth-token-missing',
    fix: 1,
    input: `{ gateway: { mode: 'local', auth: { mode: 'token' }, remote: { token: '${B}' } } }`,
    expected: `{ gateway: { mode: 'local', auth: { mode: 'token', token: '${NEW}' }, remote: { token: '${NEW}' } } }`,
  },
  // token-placeholder / weak / risky
  {
    name: 'replace a placeholder everywhere it belongs',
    code: 'token-placeholder',
    input: `{\n  // set me\n  gateway: {\n    mode: 'local',\n    auth: { token: '你的token' },\n  },\n}\n`,
    expected: `{\n  // set me\n  gateway: {\n    mode: 'local',\n    auth: { token: '${NEW}' },\n    remote: { token: '${NEW}' },\n  },\n}\n`,
  },
  {
    name: 'replace a weak token in both places (JSON)',
    code: 'token-weak',
    input: `{"gateway":{"mode":"local","auth":{"token":"hunter2"},"remote":{"token":"hunter2"}}}`,
    expected: `{"gateway":{"mode":"local","auth":{"token":"${NEW}"},"remote":{"token":"${NEW}"}}}`,
  },
  {
    name: 'replace a token with risky characters',
    code: 'token-risky-chars',
    input: `{ gateway: { mode: 'local', auth: { token: '${A}#&' }, remote: { token: '${A}#&' } } }`,
    expected: `{ gateway: { mode: 'local', auth: { token: '${NEW}' }, remote: { token: '${NEW}' } } }`,
  },
  {
    name: 'trim surrounding whitespace',
    code: 'token-risky-chars',
    input: `{ "gateway": { "mode": "local", "auth": { "token": " ${A}\\t" }, "remote": { "token": "${A}" } } }`,
    expected: `{ "gateway": { "mode": "local", "auth": { "token": "${A}" }, "remote": { "token": "${A}" } } }`,
  },
  // auth-mode-ambiguous
  {
    name: 'set auth.mode to token',
    code: 'auth-mode-ambiguous',
    input: `{ gateway: { mode: 'local', auth: { token: '${A}', password: '${B}' }, remote: { token: '${A}' } } }`,
    expected: `{ gateway: { mode: 'local', auth: { token: '${A}', password: '${B}', mode: 'token' }, remote: { token: '${A}' } } }`,
  },
  {
    name: 'set auth.mode to password',
    code: 'auth-mode-ambiguous',
    fix: 1,
    input: `{"gateway": {"mode": "local", "auth": {"token": "${A}", "password": "${B}"}, "remote": {"token": "${A}"}}}`,
    expected: `{"gateway": {"mode": "local", "auth": {"token": "${A}", "password": "${B}", "mode": "password"}, "remote": {"token": "${A}"}}}`,
  },
  // bind-invalid
  {
    name: '0.0.0.0 becomes lan',
    code: 'bind-invalid',
    input: `{ "gateway": { "mode": "local", "bind": "0.0.0.0", "auth": { "token": "${A}" }, "remote": { "token": "${A}" } } }`,
    expected: `{ "gateway": { "mode": "local", "bind": "lan", "auth": { "token": "${A}" }, "remote": { "token": "${A}" } } }`,
  },
  {
    name: 'localhost becomes loopback (JSON5)',
    code: 'bind-invalid',
    input: `{ gateway: { mode: 'local', bind: 'localhost' } }`,
    expected: `{ gateway: { mode: 'local', bind: 'loopback' } }`,
  },
  // gateway-mode-missing
  {
    name: 'add mode local (JSON)',
    code: 'gateway-mode-missing',
    input: `{\n  "gateway": {\n    "port": 18789\n  }\n}\n`,
    expected: `{\n  "gateway": {\n    "port": 18789,\n    "mode": "local"\n  }\n}\n`,
  },
  {
    name: 'add a gateway object when there is none (JSON5)',
    code: 'gateway-mode-missing',
    input: `{\n  agents: {},\n}\n`,
    expected: `{\n  agents: {},\n  gateway: { mode: "local" },\n}\n`,
  },
  // token-misplaced
  {
    name: 'move gateway.token into a new auth object',
    code: 'token-misplaced',
    input: `{\n  "gateway": {\n    "mode": "local",\n    "token": "${A}"\n  }\n}`,
    expected: `{\n  "gateway": {\n    "mode": "local",\n    "auth": { "token": "${A}" }\n  }\n}`,
  },
  {
    name: 'move gateway.token into an existing auth object (JSON5)',
    code: 'token-misplaced',
    input: `{\n  gateway: {\n    token: '${A}', // old place\n    mode: 'local',\n    auth: { mode: 'token' },\n  },\n}`,
    // The note after the moved key is the user's: it stays where it was.
    expected: `{\n  gateway: {\n    // old place\n    mode: 'local',\n    auth: { mode: 'token', token: '${A}' },\n  },\n}`,
  },
  {
    name: 'keep auth.token and drop gateway.token when both exist',
    code: 'token-misplaced',
    input: `{ "gateway": { "mode": "local", "token": "${B}", "auth": { "token": "${A}" }, "remote": { "token": "${A}" } } }`,
    expected: `{ "gateway": { "mode": "local", "auth": { "token": "${A}" }, "remote": { "token": "${A}" } } }`,
  },
  {
    name: "use gateway.token's value when both exist",
    code: 'token-misplaced',
    fix: 1,
    input: `{ "gateway": { "mode": "local", "token": "${B}", "auth": { "token": "${A}" }, "remote": { "token": "${A}" } } }`,
    expected: `{ "gateway": { "mode": "local", "auth": { "token": "${B}" }, "remote": { "token": "${B}" } } }`,
  },
  // duplicate-key
  {
    name: 'remove the earlier duplicate on its own line',
    code: 'duplicate-key',
    input: `{\n  "gateway": {\n    "mode": "local",\n    "port": 1000,\n    "port": 18789\n  }\n}`,
    expected: `{\n  "gateway": {\n    "mode": "local",\n    "port": 18789\n  }\n}`,
  },
  {
    name: 'remove the earlier duplicate inline (JSON5)',
    code: 'duplicate-key',
    input: `{ gateway: { mode: 'local', bind: 'lan', bind: 'loopback' } }`,
    expected: `{ gateway: { mode: 'local', bind: 'loopback' } }`,
  },
  // unknown-key
  {
    name: 'rename a typo',
    code: 'unknown-key',
    input: `{ "gateway": { "mode": "local", "auth": { "token": "${A}" }, "remote": { "tokne": "${A}" } } }`,
    expected: `{ "gateway": { "mode": "local", "auth": { "token": "${A}" }, "remote": { "token": "${A}" } } }`,
  },
  {
    name: 'rename an unquoted JSON5 key',
    code: 'unknown-key',
    input: `{ gateway: { mode: 'local', prot: 18789 } }`,
    expected: `{ gateway: { mode: 'local', port: 18789 } }`,
  },
  // bind-without-auth
  {
    name: 'add token auth with a generated token',
    code: 'bind-without-auth',
    input: `{\n  "gateway": {\n    "mode": "local",\n    "bind": "lan"\n  }\n}`,
    expected: `{\n  "gateway": {\n    "mode": "local",\n    "bind": "lan",\n    "auth": { "token": "${NEW}" },\n    "remote": { "token": "${NEW}" }\n  }\n}`,
  },
  {
    name: 'switch bind to loopback',
    code: 'bind-without-auth',
    fix: 1,
    input: `{ gateway: { mode: 'local', bind: 'lan' } }`,
    expected: `{ gateway: { mode: 'local', bind: 'loopback' } }`,
  },
  {
    name: 'auth mode none: token auth sets the mode too',
    code: 'bind-without-auth',
    input: `{ gateway: { mode: 'local', bind: 'lan', auth: { mode: 'none' } } }`,
    expected: `{ gateway: { mode: 'local', bind: 'lan', auth: { mode: 'token', token: '${NEW}' }, remote: { token: '${NEW}' } } }`,
  },
  // auth-mode-inferred
  {
    name: 'pin token mode against OPENCLAW_GATEWAY_PASSWORD',
    code: 'auth-mode-inferred',
    input: `{ gateway: { mode: 'local', auth: { token: '${A}' }, remote: { token: '${A}' } } }`,
    expected: `{ gateway: { mode: 'local', auth: { token: '${A}', mode: 'token' }, remote: { token: '${A}' } } }`,
    env: { OPENCLAW_GATEWAY_PASSWORD: B },
  },
  // auth-secret-missing
  {
    name: 'token mode with only a password: password mode',
    code: 'auth-secret-missing',
    input: `{\n  "gateway": {\n    "mode": "local",\n    "auth": { "mode": "token", "password": "${A}" }\n  }\n}\n`,
    expected: `{\n  "gateway": {\n    "mode": "local",\n    "auth": { "mode": "password", "password": "${A}" }\n  }\n}\n`,
  },
  {
    name: 'password mode with only a token: token mode',
    code: 'auth-secret-missing',
    input: `{ gateway: { mode: 'local', auth: { mode: 'password', token: '${A}' }, remote: { token: '${A}' } } }`,
    expected: `{ gateway: { mode: 'local', auth: { mode: 'token', token: '${A}' }, remote: { token: '${A}' } } }`,
  },
  // hooks-token-reused
  {
    name: 'a hooks.token of its own',
    code: 'hooks-token-reused',
    input: `{ gateway: { mode: 'local', auth: { token: '${A}' }, remote: { token: '${A}' } }, hooks: { enabled: true, token: '${A}' } }`,
    expected: `{ gateway: { mode: 'local', auth: { token: '${A}' }, remote: { token: '${A}' } }, hooks: { enabled: true, token: '${NEW}' } }`,
  },
  // control-ui-origin-invalid
  {
    name: 'cut the path of an origin',
    code: 'control-ui-origin-invalid',
    input: `{ gateway: { mode: 'local', controlUi: { allowedOrigins: ['https://gw.example.com/ui/'] } } }`,
    expected: `{ gateway: { mode: 'local', controlUi: { allowedOrigins: ['https://gw.example.com'] } } }`,
  },
  {
    name: 'drop a written default port (JSON)',
    code: 'control-ui-origin-invalid',
    input: `{\n  "gateway": {\n    "mode": "local",\n    "controlUi": { "allowedOrigins": ["http://a.example.com", "http://gw.example.com:80"] }\n  }\n}\n`,
    expected: `{\n  "gateway": {\n    "mode": "local",\n    "controlUi": { "allowedOrigins": ["http://a.example.com", "http://gw.example.com"] }\n  }\n}\n`,
  },
  {
    name: 'add https:// to an origin without a scheme',
    code: 'control-ui-origin-invalid',
    input: `{ gateway: { mode: 'local', controlUi: { allowedOrigins: ['gw.example.com'] } } }`,
    expected: `{ gateway: { mode: 'local', controlUi: { allowedOrigins: ['https://gw.example.com'] } } }`,
  },
  {
    name: 'or http:// (second fix)',
    code: 'control-ui-origin-invalid',
    fix: 1,
    input: `{ gateway: { mode: 'local', controlUi: { allowedOrigins: ['gw.example.com:8080'] } } }`,
    expected: `{ gateway: { mode: 'local', controlUi: { allowedOrigins: ['http://gw.example.com:8080'] } } }`,
  },
  {
    name: 'the gateway port on the custom bind host',
    code: 'control-ui-origin-invalid',
    input: `{ gateway: { mode: 'local', bind: 'custom', customBindHost: '10.0.0.7', port: 19001, auth: { token: '${A}' }, controlUi: { allowedOrigins: ['http://10.0.0.7:18789'] } } }`,
    expected: `{ gateway: { mode: 'local', bind: 'custom', customBindHost: '10.0.0.7', port: 19001, auth: { token: '${A}' }, controlUi: { allowedOrigins: ['http://10.0.0.7:19001'] } } }`,
  },
  // control-ui-origins-missing (without network facts: the origins OpenClaw seeds)
  {
    name: 'add the seeded origins for the configured port',
    code: 'control-ui-origins-missing',
    input: `{ gateway: { mode: 'local', bind: 'lan', port: 19001, auth: { token: '${A}' } } }`,
    expected: `{ gateway: { mode: 'local', bind: 'lan', port: 19001, auth: { token: '${A}' }, controlUi: { allowedOrigins: ['http://localhost:19001', 'http://127.0.0.1:19001'] } } }`,
  },
  // control-ui-dangerous-flag
  {
    name: 'remove the Host-header origin fallback',
    code: 'control-ui-dangerous-flag',
    input: `{\n  gateway: {\n    mode: 'local',\n    controlUi: {\n      allowedOrigins: ['https://gw.example.com'],\n      dangerouslyAllowHostHeaderOriginFallback: true,\n    },\n  },\n}\n`,
    expected: `{\n  gateway: {\n    mode: 'local',\n    controlUi: {\n      allowedOrigins: ['https://gw.example.com'],\n    },\n  },\n}\n`,
  },
  {
    name: 'remove dangerouslyDisableDeviceAuth',
    code: 'control-ui-dangerous-flag',
    input: `{ "gateway": { "mode": "local", "controlUi": { "dangerouslyDisableDeviceAuth": true, "enabled": true } } }`,
    expected: `{ "gateway": { "mode": "local", "controlUi": { "enabled": true } } }`,
  },
  // tailscale-exposure
  {
    name: 'funnel: password auth with a generated password',
    code: 'tailscale-exposure',
    input: `{ gateway: { mode: 'local', tailscale: { mode: 'funnel' }, auth: { mode: 'token', token: '${A}' } } }`,
    expected: `{ gateway: { mode: 'local', tailscale: { mode: 'funnel' }, auth: { mode: 'password', token: '${A}', password: '${NEW}' }, remote: { password: '${NEW}' } } }`,
  },
  {
    name: 'funnel with no auth mode written: the mode is added',
    code: 'tailscale-exposure',
    input: `{\n  "gateway": {\n    "mode": "local",\n    "tailscale": { "mode": "funnel" },\n    "auth": { "token": "${A}" }\n  }\n}\n`,
    expected: `{\n  "gateway": {\n    "mode": "local",\n    "tailscale": { "mode": "funnel" },\n    "auth": { "token": "${A}", "password": "${NEW}", "mode": "password" },\n    "remote": { "password": "${NEW}" }\n  }\n}\n`,
  },
  // remote-url-missing
  {
    name: 'remote mode without a URL: back to local mode',
    code: 'remote-url-missing',
    input: `{ gateway: { mode: 'remote', auth: { token: '${A}' }, remote: { token: '${A}' } } }`,
    expected: `{ gateway: { mode: 'local', auth: { token: '${A}' }, remote: { token: '${A}' } } }`,
  },
  // tls-fingerprint-invalid
  {
    name: 'openssl\'s fingerprint line becomes 64 hex digits',
    code: 'tls-fingerprint-invalid',
    input: `{ gateway: { mode: 'remote', remote: { url: 'wss://gw.example.com', token: '${A}', tlsFingerprint: 'SHA256 Fingerprint=${'AB:'.repeat(31)}CD' } } }`,
    expected: `{ gateway: { mode: 'remote', remote: { url: 'wss://gw.example.com', token: '${A}', tlsFingerprint: '${'ab'.repeat(31)}cd' } } }`,
  },
  // trusted-proxy-scope
  {
    name: 'remove allowLoopback',
    code: 'trusted-proxy-scope',
    input: `{ gateway: { mode: 'local', trustedProxies: ['10.0.0.5'], auth: { mode: 'trusted-proxy', trustedProxy: { userHeader: 'x-forwarded-user', allowLoopback: true } } } }`,
    expected: `{ gateway: { mode: 'local', trustedProxies: ['10.0.0.5'], auth: { mode: 'trusted-proxy', trustedProxy: { userHeader: 'x-forwarded-user' } } } }`,
  },
];

describe('every fix gives the exact expected text and cures its finding', () => {
  for (const c of CASES) {
    it(`${c.code}: ${c.name}`, () => {
      const { text, title, fixes } = apply(c);
      assert.equal(text, c.expected);
      for (const secret of [A, B, NEW]) assert.ok(!title.includes(secret), `title leaks a secret: ${title}`);
      for (const fix of fixes) {
        assertDeclared(c.code, fix);
        for (const secret of [A, B, NEW]) assert.ok(!english(fix.title).includes(secret), `title leaks a secret: ${english(fix.title)}`);
      }
      const before = analyzeConfig(c.input, { env: c.env ?? {}, inContainer: c.inContainer });
      const after = analyzeConfig(text, { env: c.env ?? {}, inContainer: c.inContainer });
      assert.ok(after.doc.root, 'result parses');
      const targeted = (a: typeof before) => a.findings.filter((f) => f.code === c.code).length;
      assert.ok(targeted(after) < targeted(before), `${c.code} should be gone or fewer`);
      const errors = (a: typeof before) => new Set(a.findings.filter((f) => f.severity === 'error').map((f) => f.code));
      for (const code of errors(after)) assert.ok(errors(before).has(code), `new error ${code} after the fix`);
    });
  }
});

describe('fixes are offered only when their result is certain', () => {
  it('never overwrites an env reference or SecretRef with a literal', () => {
    const text = `{ gateway: { mode: 'local', auth: { token: '${A}' }, remote: { token: '\${REMOTE_TOK}' } } }`;
    const analysis = analyzeConfig(text, { env: { REMOTE_TOK: B } });
    const mismatch = analysis.findings.find((f) => f.code === 'token-mismatch');
    assert.ok(mismatch);
    const fixes = fixesFor(analysis, mismatch, { REMOTE_TOK: B }, { generateToken: () => NEW });
    assert.ok(fixes.every((f) => !applyTextEdits(text, f.edits).includes(`remote: { token: '${A}' }`)));
    assert.ok(fixes.every((f) => !f.generatesSecret));
  });
  it('offers nothing on a file that does not parse', () => {
    const analysis = analyzeConfig('{ "gateway": { "mode": "local" ', { env: {} });
    assert.deepEqual(analysis.findings.flatMap((f) => fixesFor(analysis, f, {})), []);
  });
});

describe('fix-all', () => {
  const messy = `// my config\n{\n  gateway: {\n    bind: "0.0.0.0",\n    token: 'abcdefabcdefabcdefabcdefabcdef12',\n    auth: { mode: "token", },\n    remote: { token: "${B}" },\n    port: 1, port: 18789,\n  },\n}\n`;

  it('applies only safe fixes and converges', () => {
    const result = fixAll(messy, { env: {} });
    assert.equal(
      result.text,
      `// my config\n{\n  gateway: {\n    bind: "lan",\n    auth: { mode: "token", token: 'abcdefabcdefabcdefabcdefabcdef12', },\n    remote: { token: "abcdefabcdefabcdefabcdefabcdef12" },\n    port: 18789, mode: "local",\n  },\n}\n`,
    );
    assert.deepEqual(result.applied.map((a) => a.code).sort(), ['bind-invalid', 'duplicate-key', 'gateway-mode-missing', 'token-mismatch', 'token-misplaced']);
  });
  it('is idempotent', () => {
    const once = fixAll(messy, { env: {} }).text;
    const twice = fixAll(once, { env: {} });
    assert.equal(twice.text, once);
    assert.deepEqual(twice.applied, []);
  });
  it('never writes a new secret: every secret after fix-all was already in the file', () => {
    const text = `{ "gateway": { "mode": "local", "bind": "lan", "auth": { "token": "short" }, "remote": { "token": "your-token" } } }`;
    const result = fixAll(text, { env: {} });
    const secrets = [...result.text.matchAll(/"token": "([^"]*)"/g)].map((m) => m[1]);
    for (const s of secrets) assert.ok(text.includes(`"${s}"`), `new secret ${s}`);
  });
  it('leaves a broken file alone', () => {
    const broken = '{ "gateway": { "bind": "0.0.0.0" ';
    assert.equal(fixAll(broken, { env: {} }).text, broken);
  });
});

/**
 * The same config in the other dialect: JSON5 with a comment on every key, or strict JSON. Each
 * comment names the full path of its key, so every comment is distinct and a lost one shows.
 */
function twin(text: string, json5: boolean): string {
  const value = nodeToValue(analyzeConfig(text, { env: {} }).doc.root);
  if (!json5) return JSON.stringify(value, null, 2) + '\n';
  const write = (v: unknown, indent: string, path: string): string => {
    if (v === null || typeof v !== 'object') return typeof v === 'string' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : JSON.stringify(v);
    const inner = indent + '  ';
    if (Array.isArray(v)) return v.length === 0 ? '[]' : `[\n${v.map((x, i) => `${inner}// about ${path}${i};\n${inner}${write(x, inner, `${path}${i}.`)},`).join('\n')}\n${indent}]`;
    const entries = Object.entries(v as Record<string, unknown>).map(
      ([k, x]) => `${inner}// about ${path}${k};\n${inner}${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${write(x, inner, `${path}${k}.`)},`,
    );
    return entries.length === 0 ? '{}' : `{\n${entries.join('\n')}\n${indent}}`;
  };
  return '// twin\n' + write(value, '', '') + '\n';
}

/** The comments of a text, sorted (a multiset: a duplicated or lost comment changes it). */
function commentsOf(text: string): string[] {
  return (text.match(/\/\/ [^\n]*/g) ?? []).sort();
}

describe('every fix works the same on the JSON and the commented JSON5 twin of its input', () => {
  for (const c of CASES) {
    if (c.code === 'duplicate-key') continue; // a twin written from values has no duplicates
    for (const json5 of [false, true]) {
      it(`${c.code}: ${c.name} (${json5 ? 'JSON5 with comments' : 'JSON'})`, () => {
        const original = apply(c).text;
        const input = twin(c.input, json5);
        const result = apply({ ...c, input }).text;
        const parsed = analyzeConfig(result, { env: c.env ?? {} });
        assert.ok(parsed.doc.root, result);
        assert.deepEqual(nodeToValue(parsed.doc.root), nodeToValue(analyzeConfig(original, { env: c.env ?? {} }).doc.root));
        // A fix edits values and keys; every comment of the file stays, exactly once.
        if (json5) assert.deepEqual(commentsOf(result), commentsOf(input));
        assert.equal(parsed.doc.dialect === 'json5', json5);
      });
    }
  }
});
