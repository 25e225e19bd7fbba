import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { cliCredential, serverSecret, type CandidateCredential } from '../../src/core/gatewayModel';
import type { RuleCode } from '../../src/core/rules/ruleTable';
import { engineOn } from './engineOnScenario';
import { probeGateway } from '../../src/core/probe/probeGateway';
import { isRefusal, openclawAvailable, probeInNetns, runOpenclawCli, startRealGateway, stopAllRealGateways, type RealGateway } from '../support/realGateway';
import { CLIENT_GATEWAY_TOKEN, CLIENT_WRONG_TOKEN, clientGatewayConfig, clientScenarios, scenarios, type ClientScenario, type Scenario, type SecretProbe } from './effectiveScenarios';
import { analyzeConfig } from '../../src/core/analyze';

/**
 * How the real OpenClaw 2026.9.6 gateway assembles its effective settings (.env files, env.vars,
 * $include, SecretRefs, auth-mode inference, start-up refusals) and which credential its CLI sends.
 * One gateway per scenario, started one at a time and stopped by PID; bind scenarios run in a
 * private network namespace. OCG_OBSERVE=<file> appends what each run observed, as JSON lines.
 */

const OBSERVE = process.env.OCG_OBSERVE;
function record(entry: Record<string, unknown>): void {
  if (OBSERVE) appendFileSync(OBSERVE, `${JSON.stringify(entry)}\n`);
}

function asProbe(secret: string | SecretProbe): Required<SecretProbe> {
  return typeof secret === 'string' ? { value: secret, kind: 'token' } : { value: secret.value, kind: secret.kind ?? 'token' };
}

function credential(probe: Required<SecretProbe>): CandidateCredential {
  return { kind: probe.kind, source: probe.kind === 'token' ? 'OPENCLAW_GATEWAY_TOKEN' : 'OPENCLAW_GATEWAY_PASSWORD', value: probe.value };
}

async function probe(gateway: RealGateway, secret: Required<SecretProbe>): Promise<{ state: string; code: string | null }> {
  if (gateway.netns) return probeInNetns(gateway, credential(secret));
  // A generous deadline: these suites share two cores with whatever else runs.
  const result = await probeGateway({ url: gateway.url, credential: credential(secret), clientVersion: '0.1.0-effective', deadlineMs: 20_000 });
  return { state: result.state, code: result.code };
}

interface Paths {
  dir: string;
  home: string;
  stateDir: string;
  port?: number;
}

/** Expected texts may name the run's temp paths as `{HOME}`, `{STATE}` and `{DIR}`, and its `{PORT}`. */
function expand(text: string, paths: Paths): string {
  const filled = text.replace(/\{HOME\}/g, paths.home).replace(/\{STATE\}/g, paths.stateDir).replace(/\{DIR\}/g, paths.dir);
  return paths.port === undefined ? filled : filled.replace(/\{PORT\}/g, String(paths.port));
}

function includesAll(text: string, expected: string | string[] | undefined, paths?: Paths): void {
  for (const raw of expected === undefined ? [] : Array.isArray(expected) ? expected : [expected]) {
    const piece = paths ? expand(raw, paths) : raw;
    assert.ok(text.includes(piece), `expected output to include ${JSON.stringify(piece)}; got:\n${text.slice(-4000)}`);
  }
}

/**
 * What the engine must say about each scenario, next to what the gateway did: the codes it reports
 * (every refusal must be an error finding), codes it must not report, and whether its idea of the
 * gateway's secret is the one the gateway accepted.
 */
const ENGINE: Record<string, { reports?: RuleCode[]; silent?: RuleCode[]; gatewaySecretKnown?: false }> = {
  'dotenv-state-dir': { silent: ['auth-token-missing', 'env-shadowed'] },
  'dotenv-hash-cut': { reports: ['dotenv-value-cut'] },
  'dotenv-hash-quoted': { silent: ['dotenv-value-cut'] },
  'dotenv-default-conflict': { reports: ['env-shadowed'] },
  'gateway-env-default': { silent: ['env-shadowed'] },
  'gateway-env-ignored-with-state-dir': {},
  'dotenv-cwd-blocked': { reports: ['dotenv-blocked'] },
  // The engine knows the client's working directory, not the gateway's (a service runs in $HOME).
  'dotenv-cwd-other-key': { gatewaySecretKnown: false },
  'dotenv-config-path-dir': {},
  'dotenv-process-env-wins': { reports: ['env-shadowed'] },
  'env-vars-token': { silent: ['auth-token-missing'] },
  'env-vars-vs-process-env': { reports: ['env-shadowed'] },
  'env-vars-vs-dotenv': { reports: ['env-shadowed'] },
  'include-root': { silent: ['include-invalid', 'unknown-key'] },
  'include-under-gateway': { silent: ['include-invalid', 'unknown-key'] },
  'include-under-auth': { silent: ['include-invalid', 'unknown-key'] },
  'include-sibling-wins': { silent: ['include-invalid'] },
  'include-escapes-config-dir': { reports: ['include-invalid'] },
  'include-roots-allow-outside': { silent: ['include-invalid'] },
  'unset-dollar-shorthand': { reports: ['secret-unavailable'] },
  'unset-secretref-object': { reports: ['secret-unavailable'] },
  'unset-braced': { reports: ['token-env-reference'], silent: ['secret-unavailable'] },
  'dollar-literal-lowercase': { silent: ['secret-unavailable'] },
  'dollar-literal-uppercase': { reports: ['secret-unavailable'] },
  'password-env-flips-mode': { reports: ['auth-mode-inferred'] },
  'password-mode-without-password': { reports: ['auth-secret-missing'] },
  'token-mode-only-password': { reports: ['auth-secret-missing'] },
  'trusted-proxy-without-proxies': { reports: ['trusted-proxy-invalid'] },
  'trusted-proxy-with-token': { reports: ['trusted-proxy-invalid'] },
  'hooks-token-equals-gateway-token': { reports: ['hooks-token-reused'] },
  'secretref-file-json': { silent: ['secret-unavailable', 'secret-unchecked'] },
  'secretref-file-too-open': { reports: ['secret-unavailable'] },
  'bind-custom-without-host': { reports: ['bind-custom-host'] },
  'bind-custom-foreign-host': { reports: ['bind-custom-host'] },
  'bind-tailnet-without-tailscale': { reports: ['bind-tailnet-fallback'], silent: ['bind-without-auth'] },
};

/** The engine's verdict agrees with the gateway's behaviour. */
function assertEngineAgrees(s: Scenario, started: boolean, runtimeToken: boolean): void {
  const expected = ENGINE[s.id];
  assert.ok(expected, `no engine expectation for ${s.id}`);
  const analysis = engineOn(s);
  const codes = analysis.findings.map((f) => f.code);
  const shown = analysis.findings.map((f) => `${f.code} ${f.severity} ${f.file ?? ''}`).join('\n');
  for (const code of expected.reports ?? []) assert.ok(codes.includes(code), `${s.id}: the engine does not report ${code}:\n${shown}`);
  for (const code of expected.silent ?? []) assert.ok(!codes.includes(code), `${s.id}: the engine reports ${code}:\n${shown}`);
  const errors = analysis.findings.filter((f) => f.severity === 'error');
  // A gateway that refuses to start is an error the engine must see; one that starts with the
  // configured secret is not (one that starts with a one-time token rejects every client: it may be).
  if (!started) assert.ok(errors.length > 0, `${s.id}: the gateway refuses to start, the engine reports no error:\n${shown}`);
  else if (!runtimeToken) assert.deepEqual(errors.map((f) => f.code), [], `${s.id}: the gateway starts, the engine reports errors`);
  if (!started || expected.gatewaySecretKnown === false || !analysis.model) return;
  const secret = serverSecret(analysis.model);
  if (runtimeToken) {
    assert.notEqual(secret.resolved.state, 'value', `${s.id}: the gateway made a runtime token, the engine expects a configured one`);
  } else if (s.expect.acceptedSecret !== undefined) {
    assert.deepEqual(secret.resolved, { state: 'value', value: s.expect.acceptedSecret }, `${s.id}: the engine expects another secret (${secret.source ?? 'none'})`);
    assert.equal(secret.kind, s.expect.acceptedKind ?? 'token', s.id);
  }
}

/** Which token the engine says the CLI sends, for the client scenarios: the right one, the wrong one, or none. */
const CLIENT_SENDS: Record<string, { sends: 'right' | 'wrong' | 'none'; reports?: RuleCode[] }> = {
  'cli-local-config-token': { sends: 'right' },
  'cli-url-env-drops-config-credentials': { sends: 'none', reports: ['client-url-override'] },
  'cli-url-env-with-env-token': { sends: 'right' },
  'cli-local-config-before-env': { sends: 'wrong' },
  'cli-remote-remote-token-first': { sends: 'wrong' },
  'cli-remote-remote-token-right': { sends: 'right' },
  'cli-remote-env-before-auth-token': { sends: 'right' },
  'cli-remote-auth-token-last-fallback': { sends: 'right' },
  'cli-remote-auth-token-sent': { sends: 'wrong' },
};

function assertClientEngineAgrees(c: ClientScenario, fill: (text: string) => string, env: Record<string, string>): void {
  const expected = CLIENT_SENDS[c.id];
  assert.ok(expected, `no engine expectation for ${c.id}`);
  const analysis = analyzeConfig(fill(c.config), { env });
  assert.ok(analysis.model, c.id);
  const codes = analysis.findings.map((f) => f.code);
  for (const code of expected.reports ?? []) assert.ok(codes.includes(code), `${c.id}: the engine does not report ${code}`);
  // With OPENCLAW_GATEWAY_URL set the CLI drops the config's credentials: the engine must know.
  const sent = cliCredential(analysis.model)?.value;
  const verdict = sent === undefined ? 'none' : sent === CLIENT_GATEWAY_TOKEN ? 'right' : 'wrong';
  assert.equal(verdict, expected.sends, `${c.id}: the engine says the CLI sends the ${verdict} token`);
}

async function runScenario(s: Scenario): Promise<void> {
  const outcome = await startRealGateway({
    config: s.config,
    files: s.files,
    fileModes: s.fileModes,
    env: s.env,
    cwd: s.cwd,
    stateDir: s.stateDir,
    netns: s.netns,
    bindArg: s.bindArg,
    expectRefusal: true,
  });
  if (isRefusal(outcome)) {
    record({ id: s.id, starts: false, exitCode: outcome.exitCode, signal: outcome.signal, elapsedMs: outcome.elapsedMs, log: outcome.log.slice(-6000) });
    assert.equal(s.expect.starts, false, `expected the gateway to start; it exited with ${outcome.exitCode}:\n${outcome.log.slice(-3000)}`);
    if (s.expect.exitCode !== undefined) assert.equal(outcome.exitCode, s.expect.exitCode, outcome.log.slice(-3000));
    includesAll(outcome.log, s.expect.logIncludes, outcome);
    for (const text of s.expect.logExcludes ?? []) assert.ok(!outcome.log.includes(expand(text, outcome)), `unexpected ${JSON.stringify(text)}`);
    assertEngineAgrees(s, false, false);
    return;
  }
  const gateway = outcome;
  try {
    const probes: Array<Record<string, unknown>> = [];
    const accepted = s.expect.acceptedSecret === undefined ? undefined : { value: s.expect.acceptedSecret, kind: s.expect.acceptedKind ?? 'token' };
    const acceptedResult = accepted ? await probe(gateway, accepted) : undefined;
    if (accepted && acceptedResult) probes.push({ ...accepted, ...acceptedResult });
    const rejected: Array<[Required<SecretProbe>, { state: string; code: string | null }]> = [];
    for (const secret of (s.expect.rejectedSecrets ?? []).map(asProbe)) {
      const result = await probe(gateway, secret);
      rejected.push([secret, result]);
      probes.push({ ...secret, ...result });
    }
    // Late start-up lines (warnings after "ready") have had the probes' time to arrive.
    const log = gateway.logText();
    record({ id: s.id, starts: true, probes, log: log.slice(-6000) });
    assert.equal(s.expect.starts, true, `expected a refusal; the gateway started:\n${log.slice(-3000)}`);
    if (accepted && acceptedResult) assert.equal(acceptedResult.state, 'authorized', `${accepted.kind} ${accepted.value} -> ${JSON.stringify(acceptedResult)}`);
    for (const [secret, result] of rejected) {
      assert.equal(result.state, 'rejected', `${secret.kind} ${secret.value} -> ${JSON.stringify(result)}`);
      assert.equal(result.code, s.expect.rejectedCode ?? (secret.kind === 'password' ? 'AUTH_PASSWORD_MISMATCH' : 'AUTH_TOKEN_MISMATCH'), `${secret.kind} ${secret.value}`);
    }
    const paths = { dir: gateway.dir, home: gateway.home, stateDir: gateway.stateDir, port: gateway.port };
    includesAll(log, s.expect.logIncludes, paths);
    for (const text of s.expect.logExcludes ?? []) assert.ok(!log.includes(expand(text, paths)), `unexpected ${JSON.stringify(text)}`);
    assertEngineAgrees(s, true, log.includes('auth token was missing. Generated a runtime token'));
  } finally {
    await gateway.stop();
  }
}

async function runValidate(s: Scenario): Promise<void> {
  if (!s.validate) return;
  const result = await runOpenclawCli(['config', 'validate', '--json'], { config: s.config, files: s.files, fileModes: s.fileModes, env: s.env, stateDir: s.stateDir, netns: true, port: 28789 });
  const output = `${result.stdout}\n${result.stderr}`;
  record({ id: `${s.id}#validate`, exitCode: result.exitCode, output: output.slice(-4000) });
  assert.equal(result.exitCode, s.validate.exitCode, output);
  includesAll(output, s.validate.outputIncludes, result);
}

describe('effective gateway settings on a real OpenClaw gateway', { concurrency: false }, () => {
  before(() => {
    assert.ok(openclawAvailable(), 'OpenClaw is not installed: npm run test:gateway installs it with scripts/setup-openclaw.sh');
  });
  after(() => stopAllRealGateways());

  for (const s of scenarios) {
    it(`${s.id}: ${s.title}`, async () => {
      await runScenario(s);
      await runValidate(s);
    });
  }

  describe('client side: which credential the 2026.9.6 CLI sends', () => {
    let gateway: RealGateway;
    before(async () => {
      // Up to 4 minutes: a cold start on two busy cores has taken more than the default 90 s.
      gateway = await startRealGateway({ config: clientGatewayConfig, limitMs: 240_000 });
    });
    after(() => gateway?.stop());

    for (const c of clientScenarios) {
      it(`${c.id}: ${c.title}`, async () => {
        const fill = (text: string): string => text.replace(/\{PORT\}/g, String(gateway.port)).replace(/\{TOKEN\}/g, CLIENT_GATEWAY_TOKEN).replace(/\{WRONG\}/g, CLIENT_WRONG_TOKEN);
        const env = Object.fromEntries(Object.entries(c.env ?? {}).map(([k, v]) => [k, fill(v)]));
        const result = await runOpenclawCli(c.args, { config: fill(c.config), env, port: gateway.port });
        const output = `${result.stdout}\n${result.stderr}`;
        record({ id: c.id, exitCode: result.exitCode, output: output.slice(-3000) });
        assert.equal(result.exitCode, c.expect.exitCode, output.slice(-3000));
        includesAll(output, c.expect.outputIncludes);
        assertClientEngineAgrees(c, fill, env);
      });
    }
  });
});
