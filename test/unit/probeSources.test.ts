import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { candidateCredentials, clientCredential, serverSecret, type CandidateCredential, type GatewayModel } from '../../src/core/gatewayModel';
import { english } from '../../src/core/messages';
import { AttemptBudget, MAX_FAILED_ATTEMPTS } from '../../src/core/probe/attemptBudget';
import { diagnoseConfiguredGateway, probeConfiguredGateway, type ConfiguredGatewayCheck } from '../../src/core/probe/configuredGateway';
import { credentialName, namingPlaces, shadowText } from '../../src/core/probe/credentialNames';
import { TRUSTED_POLICY } from '../../src/core/probe/probeTarget';
import { startFakeGateway, type FakeBehaviour, type FakeGateway } from '../support/fakeGateway';
import { analyzeFiles, type MultiFileInput } from './ruleHelpers';

/**
 * The probe and the diagnosis on the assembled sources: the gateway's secret and the client's
 * credential come from wherever OpenClaw would take them (includes, `.env` files, env.vars, a
 * gateway environment file), and every secret the user wrote anywhere is a diagnosis candidate,
 * named by the file and line it was written in.
 */

const STATE_ENV = '/home/u/.openclaw/.env';
const GATEWAY_ENV = '/home/u/.config/openclaw/gateway.env';
const INCLUDE = '/home/u/.openclaw/gateway.json5';

// Distinct hex secrets, so that a leak of any 8 characters of one is found.
const S = {
  include: '1a2b3c4d5e6f70811a2b3c4d5e6f70811a2b3c4d5e6f7081',
  remote: '2b3c4d5e6f7081922b3c4d5e6f7081922b3c4d5e6f708192',
  dotenv: '3c4d5e6f708192a33c4d5e6f708192a33c4d5e6f708192a3',
  gatewayEnv: '4d5e6f708192a3b44d5e6f708192a3b44d5e6f708192a3b4',
  vars: '5e6f708192a3b4c55e6f708192a3b4c55e6f708192a3b4c5',
  process: '6f708192a3b4c5d66f708192a3b4c5d66f708192a3b4c5d6',
  sibling: '708192a3b4c5d6e7708192a3b4c5d6e7708192a3b4c5d6e7',
  workspace: '8192a3b4c5d6e7f88192a3b4c5d6e7f88192a3b4c5d6e7f8',
  stale: '92a3b4c5d6e7f80992a3b4c5d6e7f80992a3b4c5d6e7f809',
};
const ALL = Object.values(S);

function modelOf(input: MultiFileInput, extra: Parameters<typeof analyzeFiles>[1] = {}): GatewayModel {
  const { model } = analyzeFiles(input, extra);
  assert.ok(model, 'the config parses');
  return model;
}

function nameOf(candidate: Pick<CandidateCredential, 'source' | 'origin'>, model: GatewayModel): string {
  const name = credentialName(candidate, namingPlaces(model));
  return typeof name === 'object' ? english(name) : String(name);
}

/** Any 8 characters of any secret, in any case. */
function leaks(text: string): string[] {
  const lower = text.toLowerCase();
  return ALL.flatMap((secret) => Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8)).filter((piece) => lower.includes(piece)));
}

/** A config whose gateway lives in an include, with a token in every kind of place. */
const EVERYWHERE: MultiFileInput = {
  config: ['// openclaw.json', '{', '  gateway: { mode: "local", $include: "./gateway.json5" },', `  env: { vars: { OPENCLAW_GATEWAY_TOKEN: "${S.vars}" } },`, '}', ''].join('\n'),
  files: {
    [INCLUDE]: ['{', `  auth: { token: "${S.include}" },`, `  remote: { token: "${S.remote}" },`, '}', ''].join('\n'),
    [STATE_ENV]: ['# written by hand', '', `OPENCLAW_GATEWAY_TOKEN=${S.dotenv}`, ''].join('\n'),
    [GATEWAY_ENV]: `OPENCLAW_GATEWAY_TOKEN=${S.gatewayEnv}\n`,
  },
};

describe('the secret the gateway expects and the credential the probe sends come from the assembled sources', () => {
  it('a token only in ~/.openclaw/.env is the gateway secret and the client credential, with its line', () => {
    const model = modelOf({ config: '{ gateway: { mode: "local" } }', files: { [STATE_ENV]: `# token\n\nOPENCLAW_GATEWAY_TOKEN=${S.dotenv}\n` } });
    const secret = serverSecret(model);
    assert.equal(secret.source, 'OPENCLAW_GATEWAY_TOKEN');
    assert.deepEqual(secret.resolved, { state: 'value', value: S.dotenv });
    const credential = clientCredential(model);
    assert.equal(credential?.value, S.dotenv);
    assert.deepEqual(credential?.origin, { kind: 'dotenv', name: 'OPENCLAW_GATEWAY_TOKEN', file: STATE_ENV, line: 3, role: 'state' });
    assert.equal(nameOf(credential ?? { source: 'gateway.auth.token' }, model), 'OPENCLAW_GATEWAY_TOKEN in ~/.openclaw/.env (line 3)');
  });

  it('without a file to read, the same text has no token at all (the .env is what gave it)', () => {
    const model = modelOf({ config: '{ gateway: { mode: "local" } }' });
    assert.equal(serverSecret(model).resolved.state, 'absent');
    assert.equal(clientCredential(model), undefined);
  });

  it('gateway.auth.token from an include wins over the .env token on both sides, named by the include', () => {
    const model = modelOf(EVERYWHERE);
    assert.deepEqual(serverSecret(model), { kind: 'token', source: 'gateway.auth.token', resolved: { state: 'value', value: S.include } });
    const credential = clientCredential(model);
    assert.equal(credential?.value, S.include);
    assert.deepEqual(credential?.origin, { kind: 'config', key: 'gateway.auth.token', file: INCLUDE, line: 2 });
    assert.equal(nameOf(credential ?? { source: 'gateway.auth.token' }, model), 'gateway.auth.token in gateway.json5 (line 2)');
  });

  it('the gateway environment decides the server secret; the client environment decides what is sent', () => {
    // The gateway runs as a service with its own token; this shell has none, so a client here takes the .env one.
    const model = modelOf({ config: '{ gateway: { mode: "local" } }', files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${S.dotenv}\n` }, env: {}, gatewayEnv: { OPENCLAW_GATEWAY_TOKEN: S.process } });
    assert.deepEqual(serverSecret(model).resolved, { state: 'value', value: S.process });
    assert.equal(clientCredential(model)?.value, S.dotenv);
    assert.equal(nameOf(clientCredential(model) ?? { source: 'gateway.auth.token' }, model), 'OPENCLAW_GATEWAY_TOKEN in ~/.openclaw/.env (line 1)');
  });

  it('a gateway environment file (--gateway-env-file) gives the server secret, named by that file', () => {
    const model = modelOf({ config: '{ gateway: { mode: "local" } }', env: { OPENCLAW_GATEWAY_TOKEN: S.process } }, { gatewayEnvFile: { path: '/etc/openclaw/gateway.service.env', text: `A=1\nOPENCLAW_GATEWAY_TOKEN=${S.stale}\n` } });
    assert.deepEqual(serverSecret(model).resolved, { state: 'value', value: S.stale });
    assert.equal(clientCredential(model)?.value, S.process);
    const fromFile = candidateCredentials(model).find((c) => c.value === S.stale);
    assert.equal(fromFile && nameOf(fromFile, model), 'OPENCLAW_GATEWAY_TOKEN in /etc/openclaw/gateway.service.env (line 2)');
    assert.equal(nameOf(clientCredential(model) ?? { source: 'gateway.auth.token' }, model), 'OPENCLAW_GATEWAY_TOKEN in this environment');
  });
});

describe('diagnosis candidates: every distinct secret, named by where it was written', () => {
  it('include, .env, gateway.env and env.vars, in client order first, the unused ones last and marked', () => {
    const model = modelOf(EVERYWHERE);
    const candidates = candidateCredentials(model);
    assert.deepEqual(
      candidates.map((c) => [nameOf(c, model), c.shadowed?.why ?? 'in use']),
      [
        ['gateway.auth.token in gateway.json5 (line 2)', 'in use'],
        ['OPENCLAW_GATEWAY_TOKEN in ~/.openclaw/.env (line 3)', 'in use'],
        ['gateway.remote.token in gateway.json5 (line 3)', 'in use'],
        ['OPENCLAW_GATEWAY_TOKEN in ~/.config/openclaw/gateway.env (line 1)', 'dotenv-conflict'],
        ['env.vars.OPENCLAW_GATEWAY_TOKEN in openclaw.json (line 4)', 'already-set'],
      ],
    );
    assert.deepEqual(candidates.map((c) => c.value), [S.include, S.dotenv, S.remote, S.gatewayEnv, S.vars]);
    const places = namingPlaces(model);
    const conflict = candidates[3].shadowed;
    assert.ok(conflict);
    assert.equal(english(shadowText(conflict, places)), 'OPENCLAW_GATEWAY_TOKEN in ~/.openclaw/.env (line 3) is read first and OpenClaw keeps the first .env file that sets a variable');
    const vars = candidates[4].shadowed;
    assert.ok(vars);
    assert.equal(english(shadowText(vars, places)), 'OPENCLAW_GATEWAY_TOKEN in ~/.openclaw/.env (line 3) is set first and OpenClaw never replaces a variable that is already set');
  });

  it('a token in an include that a sibling key overrides is a candidate, named by the include', () => {
    const model = modelOf({
      config: ['{', '  gateway: {', '    $include: "./gateway.json5",', `    auth: { token: "${S.sibling}" },`, '  },', '}', ''].join('\n'),
      files: { [INCLUDE]: `{\n  auth: { token: "${S.include}" },\n}\n` },
    });
    const candidates = candidateCredentials(model);
    assert.deepEqual(candidates.map((c) => c.value), [S.sibling, S.include]);
    assert.equal(nameOf(candidates[0], model), 'gateway.auth.token in openclaw.json (line 4)');
    assert.equal(nameOf(candidates[1], model), 'gateway.auth.token in gateway.json5 (line 2)');
    assert.equal(candidates[1].shadowed?.why, 'config-overridden');
    assert.equal(english(shadowText(candidates[1].shadowed ?? { why: 'config-overridden' }, namingPlaces(model))), 'the config merges gateway.auth.token in openclaw.json (line 4) over it');
  });

  it('a process variable hides the .env line; a working-directory .env is never applied; an earlier duplicate line is dead', () => {
    const model = modelOf({
      config: '{ gateway: { mode: "local" } }',
      files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${S.stale}\nOPENCLAW_GATEWAY_TOKEN=${S.dotenv}\n`, '/work/proj/.env': `OPENCLAW_GATEWAY_TOKEN=${S.workspace}\n` },
      env: { OPENCLAW_GATEWAY_TOKEN: S.process },
      cwd: '/work/proj',
    });
    const candidates = candidateCredentials(model);
    assert.deepEqual(
      candidates.map((c) => [nameOf(c, model), c.shadowed?.why ?? 'in use']),
      [
        ['OPENCLAW_GATEWAY_TOKEN in the environment', 'in use'],
        ['OPENCLAW_GATEWAY_TOKEN in ~/.openclaw/.env (line 2)', 'already-set'],
        ['OPENCLAW_GATEWAY_TOKEN in /work/proj/.env (line 1)', 'workspace-blocked'],
        ['OPENCLAW_GATEWAY_TOKEN in ~/.openclaw/.env (line 1)', 'duplicate-key'],
      ],
    );
    assert.deepEqual(candidates[1].shadowed?.by, { kind: 'process', name: 'OPENCLAW_GATEWAY_TOKEN', side: 'both' });
  });

  it('a password in a .env is a password candidate; an env.vars value that refers to a variable is none', () => {
    const model = modelOf({ config: '{ gateway: { mode: "local", auth: { mode: "token", token: "' + S.include + '" } }, env: { vars: { OPENCLAW_GATEWAY_PASSWORD: "${SOMETHING}" } } }', files: { [STATE_ENV]: `OPENCLAW_GATEWAY_PASSWORD=${S.dotenv}\n` } });
    const candidates = candidateCredentials(model);
    assert.deepEqual(candidates.map((c) => [c.kind, c.source, c.value]), [['token', 'gateway.auth.token', S.include], ['password', 'OPENCLAW_GATEWAY_PASSWORD', S.dotenv]]);
  });

  it('the names are data: file, line and kind, never a value', () => {
    const model = modelOf({ ...EVERYWHERE, env: { OPENCLAW_GATEWAY_TOKEN: S.process }, cwd: '/work/proj', files: { ...EVERYWHERE.files, '/work/proj/.env': `OPENCLAW_GATEWAY_TOKEN=${S.workspace}\n` } });
    const candidates = candidateCredentials(model);
    assert.ok(candidates.length >= 6);
    const described = JSON.stringify(candidates.map(({ value: _value, ...rest }) => rest)) + candidates.map((c) => nameOf(c, model)).join('\n');
    assert.deepEqual(leaks(described), []);
  });
});

describe('diagnosis against a fake gateway that accepts only a token from a .env file', () => {
  const opened: FakeGateway[] = [];
  after(async () => {
    for (const gw of opened) await gw.close();
  });
  async function fake(behaviour: FakeBehaviour, secret: string): Promise<FakeGateway> {
    const gw = await startFakeGateway(behaviour, secret);
    opened.push(gw);
    return gw;
  }
  function check(model: GatewayModel, gw: FakeGateway): ConfiguredGatewayCheck {
    return { model, env: {}, target: { urlOverride: gw.url, policy: TRUSTED_POLICY }, clientVersion: 't', budget: new AttemptBudget(undefined) };
  }
  async function diagnose(model: GatewayModel, gw: FakeGateway) {
    const { probe } = await probeConfiguredGateway(check(model, gw));
    const diagnosis = await diagnoseConfiguredGateway(check(model, gw), probe);
    return { probe, diagnosis, advice: english(diagnosis.advice) };
  }

  it('the config token is stale; the gateway accepts the ~/.openclaw/.env token, and the diagnosis names that line', async () => {
    const model = modelOf({
      config: ['{', '  gateway: {', '    mode: "local",', `    auth: { token: "${S.stale}" },`, '  },', '}', ''].join('\n'),
      files: { [STATE_ENV]: `# token\n\nOPENCLAW_GATEWAY_TOKEN=${S.dotenv}\n` },
    });
    const gw = await fake('gateway', S.dotenv);
    const { probe, diagnosis, advice } = await diagnose(model, gw);
    assert.equal(probe.code, 'AUTH_TOKEN_MISMATCH');
    assert.deepEqual(probe.credentialOrigin, { kind: 'config', key: 'gateway.auth.token', file: '/home/u/.openclaw/openclaw.json', line: 4 });
    assert.deepEqual(gw.received.map((r) => r.token), [S.stale, S.dotenv]);
    assert.equal(diagnosis.accepted, 'OPENCLAW_GATEWAY_TOKEN');
    assert.deepEqual(diagnosis.acceptedOrigin, { kind: 'dotenv', name: 'OPENCLAW_GATEWAY_TOKEN', file: STATE_ENV, line: 3, role: 'state' });
    assert.equal(diagnosis.verdict, 'env-overrides-file');
    assert.match(advice, /^The running gateway accepts OPENCLAW_GATEWAY_TOKEN in ~\/\.openclaw\/\.env \(line 3\), not gateway\.auth\.token in openclaw\.json \(line 4\)/);
    assert.deepEqual(diagnosis.tried.map((t) => [t.source, t.origin?.kind, t.state]), [['gateway.auth.token', 'config', 'rejected'], ['OPENCLAW_GATEWAY_TOKEN', 'dotenv', 'authorized']]);
    assert.deepEqual(leaks(JSON.stringify(diagnosis) + advice + JSON.stringify(probe)), []);
  });

  it('the shell token hides the .env line, and the gateway (a service without it) runs the .env token', async () => {
    const model = modelOf({ config: '{ gateway: { mode: "local" } }', files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${S.dotenv}\n` }, env: { OPENCLAW_GATEWAY_TOKEN: S.process } });
    const gw = await fake('gateway', S.dotenv);
    const { diagnosis, advice } = await diagnose(model, gw);
    assert.equal(diagnosis.verdict, 'gateway-runs-unused-value');
    assert.deepEqual(diagnosis.acceptedShadowed, { why: 'already-set', by: { kind: 'process', name: 'OPENCLAW_GATEWAY_TOKEN', side: 'both' } });
    assert.match(advice, /accepts OPENCLAW_GATEWAY_TOKEN in ~\/\.openclaw\/\.env \(line 1\), a value OpenClaw does not use now: OPENCLAW_GATEWAY_TOKEN in the environment is set first/);
  });

  it('a stale gateway.env value that ~/.openclaw/.env overrides, still run by the gateway', async () => {
    const model = modelOf({ config: '{ gateway: { mode: "local" } }', files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${S.dotenv}\n`, [GATEWAY_ENV]: `# old\nOPENCLAW_GATEWAY_TOKEN=${S.gatewayEnv}\n` } });
    const gw = await fake('gateway', S.gatewayEnv);
    const { diagnosis, advice } = await diagnose(model, gw);
    assert.equal(diagnosis.verdict, 'gateway-runs-unused-value');
    assert.deepEqual(diagnosis.acceptedOrigin, { kind: 'dotenv', name: 'OPENCLAW_GATEWAY_TOKEN', file: GATEWAY_ENV, line: 2, role: 'gateway-env' });
    assert.match(advice, /accepts OPENCLAW_GATEWAY_TOKEN in ~\/\.config\/openclaw\/gateway\.env \(line 2\), a value OpenClaw does not use now: OPENCLAW_GATEWAY_TOKEN in ~\/\.openclaw\/\.env \(line 1\) is read first/);
  });

  it(`many sources, none accepted: still at most ${MAX_FAILED_ATTEMPTS} failed attempts, the rest named and skipped`, async () => {
    const model = modelOf({ ...EVERYWHERE, env: { OPENCLAW_GATEWAY_TOKEN: S.process }, cwd: '/work/proj', files: { ...EVERYWHERE.files, '/work/proj/.env': `OPENCLAW_GATEWAY_TOKEN=${S.workspace}\n` } });
    assert.ok(candidateCredentials(model).length > MAX_FAILED_ATTEMPTS + 2, 'more candidates than the budget allows');
    const gw = await fake('lockout', 'the-gateway-runs-a-token-nobody-has-000000000');
    const { diagnosis, advice } = await diagnose(model, gw);
    assert.equal(gw.failures(), MAX_FAILED_ATTEMPTS);
    assert.equal(gw.lockedOut(), false);
    assert.equal(diagnosis.verdict, 'attempt-budget');
    assert.equal(diagnosis.tried.length, MAX_FAILED_ATTEMPTS);
    const budgetSkipped = diagnosis.skipped.filter((s) => s.reason === 'attempt-budget');
    assert.ok(budgetSkipped.length >= 3);
    assert.ok(budgetSkipped.every((s) => s.origin !== undefined), 'every skipped candidate says where it was written');
    assert.match(advice, /Not tried: .*OPENCLAW_GATEWAY_TOKEN in ~\/\.config\/openclaw\/gateway\.env \(line 1\) \(the limit of 3 failed attempts per minute was reached\)/);
    assert.match(advice, /env\.vars\.OPENCLAW_GATEWAY_TOKEN in openclaw\.json \(line 4\)/);
    assert.deepEqual(leaks(JSON.stringify(diagnosis) + advice), []);
  });
});
