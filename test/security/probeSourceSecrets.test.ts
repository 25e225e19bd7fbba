import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { english } from '../../src/core/messages';
import { AttemptBudget } from '../../src/core/probe/attemptBudget';
import { diagnoseConfiguredGateway, probeConfiguredGateway } from '../../src/core/probe/configuredGateway';
import { knownSecrets } from '../../src/core/probe/knownSecrets';
import { TRUSTED_POLICY } from '../../src/core/probe/probeTarget';
import { startFakeGateway, type FakeGateway } from '../support/fakeGateway';
import { analyzeFiles, type MultiFileInput } from '../unit/ruleHelpers';

/**
 * knownSecrets() masks diffs and scrubs what a gateway sends back. Since the settings are
 * assembled from several files, a secret can be written in any of them, and a value OpenClaw does
 * not use (a stale gateway.env line, env.vars under a .env) is still the user's secret.
 */

const V = {
  include: 'a1a1a1a1b2b2b2b2c3c3c3c3d4d4d4d4e5e5e5e5f6f6f6f6',
  overridden: 'b1b1b1b1c2c2c2c2d3d3d3d3e4e4e4e4f5f5f5f5a6a6a6a6',
  dotenv: 'c1c1c1c1d2d2d2d2e3e3e3e3f4f4f4f4a5a5a5a5b6b6b6b6',
  gatewayEnv: 'd1d1d1d1e2e2e2e2f3f3f3f3a4a4a4a4b5b5b5b5c6c6c6c6',
  vars: 'e1e1e1e1f2f2f2f2a3a3a3a3b4b4b4b4c5c5c5c5d6d6d6d6',
  apiKey: 'sk-live-f1f1f1f1a2a2a2a2b3b3b3b3c4c4c4c4',
  referenced: 'ref-part-0a0a0a0a1b1b1b1b2c2c2c2c',
  envFile: 'f7f7f7f7a8a8a8a8b9b9b9b9c0c0c0c0d1d1d1d1e2e2e2e2',
  fileSecret: 'file-secret-9e9e9e9e8d8d8d8d7c7c7c7c',
  workspace: 'work-token-6b6b6b6b5a5a5a5a4f4f4f4f',
  url: 'postgres://app:db-pass-3c3c3c3c2b2b2b2b@db.internal/app',
};

const INPUT: MultiFileInput = {
  config: [
    '{',
    '  gateway: { mode: "local", $include: "./gateway.json5", auth: { token: "${PART}-x" }, remote: { token: { source: "file", provider: "vault", id: "value" } } },',
    `  env: { vars: { OPENCLAW_GATEWAY_PASSWORD: "${V.vars}", SERVICE_API_KEY: "${V.apiKey}", LOG_LEVEL: "debug-verbose" } },`,
    '  secrets: { providers: { vault: { source: "file", path: "/home/u/.secrets/gw", mode: "singleValue" } } },',
    '}',
  ].join('\n'),
  files: {
    '/home/u/.openclaw/gateway.json5': `{ auth: { token: "${V.overridden}" }, remote: { password: "${V.include}" } }`,
    '/home/u/.openclaw/.env': `OPENCLAW_GATEWAY_PASSWORD=${V.dotenv}\nPART=${V.referenced}\nNODE_ENV=production\nFEATURE_TOKEN=true\nDATABASE_URL=${V.url}\nHOMEPAGE=https://example.org/docs\n`,
    '/home/u/.config/openclaw/gateway.env': `OPENCLAW_GATEWAY_PASSWORD=${V.gatewayEnv}\n`,
    '/home/u/.secrets/gw': `${V.fileSecret}\n`,
    '/work/.env': `OPENCLAW_GATEWAY_TOKEN=${V.workspace}\n`,
  },
  cwd: '/work',
};

describe('knownSecrets() on the assembled sources', () => {
  const { model } = analyzeFiles(INPUT, { gatewayEnvFile: { path: '/etc/openclaw/gw.env', text: `OPENCLAW_GATEWAY_TOKEN=${V.envFile}\n` } });
  const secrets = knownSecrets(model, {});

  const expected: Array<[string, string]> = [
    ['gateway.remote.password from an include', V.include],
    ['gateway.auth.token of an include, overridden by the config', V.overridden],
    ['a .env value', V.dotenv],
    ['a gateway.env value that ~/.openclaw/.env shadows', V.gatewayEnv],
    ['an env.vars value that a .env shadows', V.vars],
    ['a secret-named env.vars value OpenClaw does not use for the gateway', V.apiKey],
    ['a .env variable the config refers to', V.referenced],
    ['the resolved ${PART} value', `${V.referenced}-x`],
    ['the gateway environment file', V.envFile],
    ['a file SecretRef', V.fileSecret],
    ['a blocked working-directory .env token', V.workspace],
    ['a URL with a password, whatever its variable is called', V.url],
  ];
  for (const [what, value] of expected) it(`holds ${what}`, () => assert.ok(secrets.includes(value), what));

  it('leaves out what is no secret (short flags, plain settings), which would blank ordinary words', () => {
    for (const plain of ['production', 'true', 'debug-verbose', 'https://example.org/docs']) assert.ok(!secrets.includes(plain), plain);
  });
});

describe('a gateway that echoes a secret from another source is withheld', () => {
  let gw: FakeGateway | undefined;
  after(() => gw?.close());

  it('the gateway.env value, never sent, still cannot come back through the message', async () => {
    gw = await startFakeGateway('custom', 'unused');
    const input: MultiFileInput = {
      config: `{ gateway: { mode: "local", auth: { token: "${V.include}" } } }`,
      files: { '/home/u/.openclaw/.env': `OPENCLAW_GATEWAY_TOKEN=${V.dotenv}\n`, '/home/u/.config/openclaw/gateway.env': `OPENCLAW_GATEWAY_TOKEN=${V.gatewayEnv}\n` },
    };
    const { model } = analyzeFiles(input);
    assert.ok(model);
    gw.setReply((_connect, id) => ({
      frame: JSON.stringify({ type: 'res', id, ok: false, error: { code: 'INVALID_REQUEST', message: `unauthorized: expected ${V.gatewayEnv}`, details: { code: 'AUTH_TOKEN_MISMATCH' } } }),
    }));
    const { probe } = await probeConfiguredGateway({ model, env: {}, target: { urlOverride: gw.url, policy: TRUSTED_POLICY }, clientVersion: 't', budget: new AttemptBudget(undefined) });
    assert.equal(probe.code, 'AUTH_TOKEN_MISMATCH');
    const shown = JSON.stringify(probe) + english(probe.message) + english(probe.advice);
    assert.ok(!shown.includes(V.gatewayEnv.slice(0, 8)), shown);
    assert.match(english(probe.message), /withheld/);
  });
});

describe('the send policy sees what an overridden value was read from', () => {
  let gw: FakeGateway | undefined;
  after(() => gw?.close());

  it('an include whose auth.token is "$GITHUB_TOKEN", overridden by the config, does not make the diagnosis send GITHUB_TOKEN', async () => {
    const github = 'ghp_0123456789abcdefABCDEF0123456789abcd';
    gw = await startFakeGateway('lockout', 'the-gateway-runs-a-token-nobody-has-000000000');
    const { model } = analyzeFiles({
      config: `{ gateway: { mode: "local", $include: "./gateway.json5", auth: { token: "${V.include}" } } }`,
      files: { '/home/u/.openclaw/gateway.json5': '{ auth: { token: "$GITHUB_TOKEN" } }' },
      env: { GITHUB_TOKEN: github },
    });
    assert.ok(model);
    // Someone else's config: only OpenClaw's own variables may be sent.
    const check = { model, env: { GITHUB_TOKEN: github }, target: { urlOverride: gw.url, policy: { configTrusted: false, allowEnvSecrets: [] } }, clientVersion: 't', budget: new AttemptBudget(undefined) };
    const { probe } = await probeConfiguredGateway(check);
    const diagnosis = await diagnoseConfiguredGateway(check, probe);
    assert.ok(gw.received.every((r) => r.token !== github), 'GITHUB_TOKEN was never sent');
    assert.deepEqual(
      diagnosis.skipped.map((s) => [s.source, s.reason, s.variable]),
      [['gateway.auth.token', 'env-not-allowed', 'GITHUB_TOKEN']],
    );
    assert.match(english(diagnosis.advice), /gateway\.auth\.token in gateway\.json5 \(line 1\) \(read from the environment variable GITHUB_TOKEN/);
  });
});
