import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import type { RuleCode } from '../../src/core/rules/ruleTable';
import type { Severity } from '../../src/core/rules/ruleTypes';
import { engineOn } from './engineOnScenario';
import type { Scenario } from './effectiveScenarios';
import { OLD_RELEASE, isRefusal, openclawAvailable, runOpenclawCli, startRealGateway, stopAllRealGateways } from '../support/realGateway';

/**
 * The start-up refusals the rules beyond the shared token predict (Tailscale serve/funnel, hooks,
 * the Control UI's origins), each on a real OpenClaw gateway, next to what the engine says about
 * the same files: the matching rule, with an error when the gateway refuses. Also the two CLI
 * refusals of remote wiring, which need no gateway. One gateway at a time, stopped by PID; binds
 * other than loopback run in a private network namespace. OCG_OBSERVE=<file> records each run.
 */

const OBSERVE = process.env.OCG_OBSERVE;
function record(entry: Record<string, unknown>): void {
  if (OBSERVE) appendFileSync(OBSERVE, `${JSON.stringify(entry)}\n`);
}

const TOKEN = 'beyond-token-0123456789abcdef0123456789ab';
const PASSWORD = 'beyond-password-0123456789abcdef01234567';
const LOOPBACK = 'mode: "local", bind: "loopback", port: {PORT}';

interface StartupCase extends Scenario {
  /** The rule that must report it, and with which severity. */
  rule: RuleCode;
  severity: Severity;
  version?: string;
  /** Older releases inside a network namespace: ready when the log says so (see realGateway.ts). */
  readyLogIncludes?: string;
}

const CASES: StartupCase[] = [
  {
    id: 'funnel-with-token-auth',
    title: 'Tailscale funnel with token auth',
    config: `{ gateway: { ${LOOPBACK}, tailscale: { mode: "funnel" }, auth: { mode: "token", token: "${TOKEN}" } } }`,
    expect: { starts: false, exitCode: 78, logIncludes: 'tailscale funnel requires gateway auth mode=password (set gateway.auth.password or OPENCLAW_GATEWAY_PASSWORD)' },
    rule: 'tailscale-exposure',
    severity: 'error',
  },
  {
    id: 'serve-with-auth-none',
    title: 'Tailscale serve with auth mode "none"',
    config: `{ gateway: { ${LOOPBACK}, tailscale: { mode: "serve" }, auth: { mode: "none" } } }`,
    expect: { starts: false, exitCode: 78, logIncludes: 'gateway.auth.mode=none cannot be used with gateway.tailscale.mode=serve; configure token, password, or trusted-proxy auth before exposing the gateway through Tailscale' },
    rule: 'tailscale-exposure',
    severity: 'error',
  },
  {
    id: 'serve-with-bind-lan',
    title: 'Tailscale serve with bind "lan"',
    config: `{ gateway: { mode: "local", bind: "lan", port: {PORT}, tailscale: { mode: "serve" }, auth: { mode: "token", token: "${TOKEN}" } } }`,
    netns: true,
    bindArg: null,
    expect: {
      starts: false,
      exitCode: 78,
      logIncludes: 'gateway.bind must resolve to loopback when gateway.tailscale.mode=serve (use gateway.bind="loopback" or gateway.bind="custom" with gateway.customBindHost="127.0.0.1")',
    },
    rule: 'tailscale-exposure',
    severity: 'error',
  },
  {
    id: 'funnel-without-tailscale',
    title: 'Tailscale funnel with password auth on a machine without a tailscale command',
    config: `{ gateway: { ${LOOPBACK}, tailscale: { mode: "funnel" }, auth: { mode: "password", password: "${PASSWORD}" } } }`,
    expect: { starts: false, exitCode: 1, logIncludes: 'spawn tailscale ENOENT' },
    rule: 'tailscale-exposure',
    severity: 'error',
  },
  {
    id: 'hooks-without-token',
    title: 'hooks.enabled without hooks.token',
    config: `{ hooks: { enabled: true }, gateway: { ${LOOPBACK}, auth: { mode: "token", token: "${TOKEN}" } } }`,
    expect: { starts: false, exitCode: 1, logIncludes: 'hooks.enabled requires hooks.token' },
    rule: 'hooks-token-missing',
    severity: 'error',
  },
  {
    id: 'hooks-root-path',
    title: 'hooks.path "/"',
    config: `{ hooks: { enabled: true, token: "hooks-${TOKEN}", path: "/" }, gateway: { ${LOOPBACK}, auth: { mode: "token", token: "${TOKEN}" } } }`,
    expect: { starts: false, exitCode: 1, logIncludes: "hooks.path may not be '/'" },
    rule: 'hooks-token-missing',
    severity: 'error',
  },
  {
    id: 'lan-without-origins',
    title: 'bind "lan" without controlUi.allowedOrigins: 2026.9.6 seeds localhost origins and starts',
    config: `{ gateway: { mode: "local", bind: "lan", port: {PORT}, auth: { mode: "token", token: "${TOKEN}" } } }`,
    netns: true,
    bindArg: null,
    expect: { starts: true, logIncludes: 'seeded gateway.controlUi.allowedOrigins ["http://localhost:{PORT}","http://127.0.0.1:{PORT}"] for bind=lan' },
    rule: 'control-ui-origins-missing',
    severity: 'warning',
  },
  {
    id: 'lan-without-origins-2026.4.8',
    title: 'the same on 2026.4.8: it starts (no refusal since origins are seeded at start-up)',
    config: `{ gateway: { mode: "local", bind: "lan", port: {PORT}, auth: { mode: "token", token: "${TOKEN}" } } }`,
    netns: true,
    bindArg: null,
    version: OLD_RELEASE,
    readyLogIncludes: '[gateway] ready (',
    // 2026.4.8 persists the seed (maybeSeedControlUiAllowedOriginsAtStartup); its log line did not
    // reach the console or the file log in our runs, so only the start itself is asserted.
    expect: { starts: true, logIncludes: 'Gateway is binding to a non-loopback address.' },
    rule: 'control-ui-origins-missing',
    severity: 'warning',
  },
];

function expand(text: string, paths: { port: number }): string {
  return text.replace(/\{PORT\}/g, String(paths.port));
}

function assertEngine(c: StartupCase, started: boolean): void {
  const analysis = engineOn(c);
  const shown = analysis.findings.map((f) => `${f.code} ${f.severity}`).join('\n');
  const found = analysis.findings.filter((f) => f.code === c.rule);
  assert.ok(found.length > 0, `${c.id}: the engine does not report ${c.rule}:\n${shown}`);
  assert.ok(found.some((f) => f.severity === c.severity), `${c.id}: ${c.rule} is not ${c.severity}:\n${shown}`);
  const errors = analysis.findings.filter((f) => f.severity === 'error');
  if (started) assert.deepEqual(errors.map((f) => f.code), [], `${c.id}: the gateway starts, the engine reports errors`);
  else assert.ok(errors.length > 0, `${c.id}: the gateway refuses, the engine reports no error`);
}

describe('start-up refusals beyond the shared token on a real OpenClaw gateway', { concurrency: false }, () => {
  before(() => {
    assert.ok(openclawAvailable(), 'OpenClaw is not installed: npm run test:gateway installs it with scripts/setup-openclaw.sh');
    assert.ok(openclawAvailable(OLD_RELEASE), `OpenClaw ${OLD_RELEASE} is not installed`);
  });
  after(() => stopAllRealGateways());

  for (const c of CASES) {
    it(`${c.id}: ${c.title}`, async () => {
      const started = Date.now();
      const outcome = await startRealGateway({ config: c.config, netns: c.netns, bindArg: c.bindArg, version: c.version, readyLogIncludes: c.readyLogIncludes, expectRefusal: true });
      if (isRefusal(outcome)) {
        record({ id: c.id, starts: false, exitCode: outcome.exitCode, elapsedMs: outcome.elapsedMs, log: outcome.log.slice(-4000) });
        assert.equal(c.expect.starts, false, `expected the gateway to start; it exited with ${outcome.exitCode}:\n${outcome.log.slice(-3000)}`);
        assert.equal(outcome.exitCode, c.expect.exitCode, outcome.log.slice(-3000));
        for (const text of [c.expect.logIncludes ?? []].flat()) assert.ok(outcome.log.includes(expand(text, outcome)), `expected ${JSON.stringify(text)} in:\n${outcome.log.slice(-3000)}`);
        assertEngine(c, false);
        return;
      }
      try {
        const log = outcome.logText();
        record({ id: c.id, starts: true, elapsedMs: Date.now() - started, log: log.slice(-4000) });
        assert.equal(c.expect.starts, true, `expected a refusal; the gateway started:\n${log.slice(-3000)}`);
        for (const text of [c.expect.logIncludes ?? []].flat()) assert.ok(log.includes(expand(text, outcome)), `expected ${JSON.stringify(text)} in:\n${log.slice(-3000)}`);
        assertEngine(c, true);
      } finally {
        await outcome.stop();
      }
    });
  }

  describe('remote wiring: the CLI refuses before connecting', () => {
    const cli: Array<{ id: string; config: string; rule: RuleCode; outputIncludes: string }> = [
      { id: 'remote-mode-without-url', config: `{ gateway: { mode: "remote", remote: { token: "${TOKEN}" } } }`, rule: 'remote-url-missing', outputIncludes: 'gateway remote mode misconfigured: gateway.remote.url missing' },
      {
        id: 'malformed-tls-fingerprint',
        config: `{ gateway: { mode: "remote", remote: { url: "wss://127.0.0.1:{PORT}", token: "${TOKEN}", tlsFingerprint: "SHA256 Fingerprint=${'AB:'.repeat(31)}CD" } } }`,
        rule: 'tls-fingerprint-invalid',
        outputIncludes: 'Invalid TLS fingerprint; expected a SHA-256 certificate fingerprint.',
      },
    ];
    for (const c of cli) {
      it(`${c.id}: \`openclaw health\` fails, and the engine reports ${c.rule}`, async () => {
        const result = await runOpenclawCli(['health'], { config: c.config, port: 28789, netns: true });
        const output = `${result.stdout}\n${result.stderr}`;
        record({ id: c.id, exitCode: result.exitCode, output: output.slice(-3000) });
        assert.notEqual(result.exitCode, 0, output);
        assert.ok(output.includes(c.outputIncludes), output.slice(-3000));
        const analysis = engineOn({ id: c.id, title: c.id, config: c.config, expect: { starts: false } });
        assert.ok(analysis.findings.some((f) => f.code === c.rule && f.severity === 'error'), analysis.findings.map((f) => `${f.code} ${f.severity}`).join('\n'));
      });
    }
  });
});
