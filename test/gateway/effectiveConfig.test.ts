import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import type { CandidateCredential } from '../../src/core/gatewayModel';
import { probeGateway } from '../../src/core/probe/probeGateway';
import { isRefusal, openclawAvailable, probeInNetns, runOpenclawCli, startRealGateway, stopAllRealGateways, type RealGateway } from '../support/realGateway';
import { CLIENT_GATEWAY_TOKEN, CLIENT_WRONG_TOKEN, clientGatewayConfig, clientScenarios, scenarios, type Scenario, type SecretProbe } from './effectiveScenarios';

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
      });
    }
  });
});
