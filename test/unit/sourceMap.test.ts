import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseDotenv } from 'dotenv';
import { parseConfigDocument } from '../../src/core/configDocument';
import { assembleEffectiveConfig, type EffectiveInputs } from '../../src/core/effective/effectiveConfig';
import { memoryReader } from '../../src/core/effective/sourceReader';
import { applyTextEdits, editsByFile, type TextEdit } from '../../src/core/fixes/textEdits';
import { buildGatewayModel, type GatewayModel } from '../../src/core/gatewayModel';
import { english, type Message } from '../../src/core/messages';
import { fingerprint, type Environment } from '../../src/core/secretValues';
import { agreeTargets, EFFECTIVE_TARGET, planAgreement } from '../../src/core/sourceMap/agree';
import { collectSecretSources, type ExternalSecretSource, type SecretSourceEntry, type SecretSourceMap } from '../../src/core/sourceMap/sourceMap';

const HOME = '/home/u';
const CONFIG = '/home/u/.openclaw/openclaw.json';
const DOTENV = '/home/u/.openclaw/.env';
const GATEWAY_ENV = '/home/u/.config/openclaw/gateway.env';

const A = 'aaaa1c7e5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f20';
const B = 'bbbb3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c50';
const C = 'cccc9a7c3e5f203f9a1c7e5b2d48a6c0e19f7b3d5a2c8e4f';
const D = 'dddd5b7d9f1a3c509b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a';

function modelOf(files: Record<string, string>, env: Environment = {}, extra: Partial<EffectiveInputs> = {}): GatewayModel {
  const doc = parseConfigDocument(files[CONFIG]);
  const effective = assembleEffectiveConfig({ doc, configPath: CONFIG, clientEnv: env, reader: memoryReader(files), home: HOME, ...extra });
  return buildGatewayModel(doc, { env, inContainer: false, effective });
}

function byName(map: SecretSourceMap, name: string, kind?: SecretSourceEntry['kind']): SecretSourceEntry {
  const found = map.entries.filter((e) => e.name === name && (kind === undefined || e.kind === kind));
  assert.equal(found.length, 1, `one entry ${name} ${kind ?? ''}: ${map.entries.map((e) => `${e.kind}:${e.name}`).join(', ')}`);
  return found[0];
}

/** Everything a surface may show of a map, rendered in English. */
function shown(map: SecretSourceMap): string {
  const text = (m: Message | undefined): string => (m ? english(m) : '');
  return JSON.stringify({
    effective: { ...map.effective, label: text(map.effective.label) },
    entries: map.entries.map((e) => ({ ...e, label: text(e.label), note: text(e.note), notEditable: text(e.notEditable), editor: e.editor?.kind })),
  });
}

/** Applies the plan's edits to the files, as the editor would. */
function applied(files: Record<string, string>, edits: readonly TextEdit[]): Record<string, string> {
  const out = { ...files };
  for (const [file, list] of editsByFile(edits)) {
    assert.ok(file, 'every edit names its file');
    assert.equal(list.length, 1, `one edit per file (${file})`);
    out[file] = applyTextEdits(out[file] ?? '', list);
  }
  return out;
}

const localConfig = (gateway: Record<string, unknown>, rest: Record<string, unknown> = {}): string => JSON.stringify({ ...rest, gateway: { mode: 'local', ...gateway } }, null, 2);

describe('the map of gateway secret sources', () => {
  it('local mode: the gateway and the CLI take gateway.auth.token; the other places are listed with why nobody uses them', () => {
    const files = {
      [CONFIG]: localConfig({ auth: { mode: 'token', token: A }, remote: { token: A } }, { env: { vars: { OPENCLAW_GATEWAY_TOKEN: C } } }),
      [DOTENV]: `# the old one\nOPENCLAW_GATEWAY_TOKEN=${B}\n`,
    };
    const map = collectSecretSources(modelOf(files));
    assert.equal(map.kind, 'token');
    assert.equal(map.mode, 'local');
    assert.equal(map.effective.source, 'gateway.auth.token');
    assert.equal(map.effective.fingerprint, fingerprint(A));
    const auth = byName(map, 'gateway.auth.token');
    assert.deepEqual(auth.readers, ['gateway', 'cli']);
    assert.equal(auth.agreement, 'same');
    assert.equal(auth.fingerprint, fingerprint(A));
    assert.equal(english(auth.label), `openclaw.json:${files[CONFIG].split('\n').findIndex((l) => l.includes(A)) + 1}`);
    assert.equal(files[CONFIG].slice(auth.location?.offset, (auth.location?.offset ?? 0) + (auth.location?.length ?? 0)), JSON.stringify(A));
    const remote = byName(map, 'gateway.remote.token');
    assert.deepEqual(remote.readers, []);
    assert.equal(remote.agreement, 'same');
    assert.equal(english(remote.note ?? { text: '', args: [] }), 'not used now: gateway.auth.token comes first');
    const dotenv = byName(map, 'OPENCLAW_GATEWAY_TOKEN', 'dotenv');
    assert.deepEqual([dotenv.readers, dotenv.agreement, dotenv.fingerprint, english(dotenv.label)], [[], 'differs', fingerprint(B), '~/.openclaw/.env:2']);
    assert.equal(files[DOTENV].slice(dotenv.location?.offset, (dotenv.location?.offset ?? 0) + (dotenv.location?.length ?? 0)), B);
    const vars = byName(map, 'env.vars.OPENCLAW_GATEWAY_TOKEN');
    assert.equal(vars.kind, 'env.vars');
    assert.deepEqual([vars.readers, vars.agreement], [[], 'differs']);
    // The .env file is read before env.vars, so env.vars loses inside the environment already.
    assert.equal(english(vars.note ?? { text: '', args: [] }), 'not used: ~/.openclaw/.env:2 is set first');
  });

  it('without gateway.auth.token the gateway takes the variable from the place that wins: the process over a .env file, a .env file over env.vars', () => {
    const files = { [CONFIG]: localConfig({ auth: { mode: 'token' } }, { env: { vars: { OPENCLAW_GATEWAY_TOKEN: C } } }), [DOTENV]: `OPENCLAW_GATEWAY_TOKEN=${B}\n` };
    const fromDotenv = collectSecretSources(modelOf(files));
    assert.equal(fromDotenv.effective.source, 'OPENCLAW_GATEWAY_TOKEN');
    assert.equal(fromDotenv.effective.fingerprint, fingerprint(B));
    assert.deepEqual(byName(fromDotenv, 'OPENCLAW_GATEWAY_TOKEN', 'dotenv').readers, ['gateway', 'cli']);
    assert.equal(english(fromDotenv.effective.label ?? { text: '', args: [] }), 'OPENCLAW_GATEWAY_TOKEN (~/.openclaw/.env:1)');
    assert.equal(byName(fromDotenv, 'gateway.auth.token').agreement, 'unset');

    const fromProcess = collectSecretSources(modelOf(files, { OPENCLAW_GATEWAY_TOKEN: ` ${D} ` }));
    const process = byName(fromProcess, 'OPENCLAW_GATEWAY_TOKEN', 'process');
    assert.equal(english(process.label), 'process environment of the editor');
    assert.deepEqual([process.readers, process.agreement, process.fingerprint], [['gateway', 'cli'], 'same', fingerprint(D)]);
    assert.equal(process.editor, undefined);
    assert.match(english(process.notEditable ?? { text: '', args: [] }), /unset OPENCLAW_GATEWAY_TOKEN/);
    const shadowed = byName(fromProcess, 'OPENCLAW_GATEWAY_TOKEN', 'dotenv');
    assert.deepEqual(shadowed.readers, []);
    assert.equal(english(shadowed.note ?? { text: '', args: [] }), 'not used: process environment of the editor is set first');
    assert.equal(english(collectSecretSources(modelOf(files, { OPENCLAW_GATEWAY_TOKEN: D }), { environment: 'shell' }).entries.find((e) => e.kind === 'process')?.label ?? { text: '', args: [] }), 'process environment of this shell');
  });

  it('remote mode: clients here take gateway.remote.token first and the map compares with it; no local gateway reads anything', () => {
    const files = { [CONFIG]: JSON.stringify({ gateway: { mode: 'remote', remote: { url: 'wss://gw.example.ts.net', token: B }, auth: { token: A } } }), [DOTENV]: `OPENCLAW_GATEWAY_TOKEN=${C}\n` };
    const map = collectSecretSources(modelOf(files));
    assert.equal(map.mode, 'remote');
    assert.equal(map.effective.source, 'gateway.remote.token');
    assert.equal(map.effective.fingerprint, fingerprint(B));
    assert.deepEqual(byName(map, 'gateway.remote.token').readers, ['remote-clients']);
    const auth = byName(map, 'gateway.auth.token');
    assert.deepEqual([auth.readers, auth.agreement], [[], 'differs']);
    assert.equal(english(auth.note ?? { text: '', args: [] }), 'not used now: in remote mode clients here take gateway.remote.token first');
    assert.ok(map.entries.every((e) => !e.readers.includes('gateway')), 'no local gateway in remote mode');
    // Without remote.token, remote-mode clients take the variable next.
    const envFirst = collectSecretSources(modelOf({ ...files, [CONFIG]: JSON.stringify({ gateway: { mode: 'remote', remote: { url: 'wss://gw.example.ts.net' }, auth: { token: A } } }) }));
    assert.deepEqual(byName(envFirst, 'OPENCLAW_GATEWAY_TOKEN', 'dotenv').readers, ['remote-clients']);
    assert.equal(envFirst.effective.fingerprint, fingerprint(C));
  });

  it('password mode maps the passwords, not the tokens', () => {
    const files = { [CONFIG]: localConfig({ auth: { mode: 'password', password: A, token: B }, remote: { password: C } }) };
    const map = collectSecretSources(modelOf(files));
    assert.equal(map.kind, 'password');
    assert.deepEqual(map.entries.map((e) => e.name), ['gateway.auth.password', 'gateway.remote.password']);
    assert.deepEqual(byName(map, 'gateway.remote.password').agreement, 'differs');
  });

  it('a token in an included file is placed there, and the value the merge replaced is listed as unused', () => {
    const include = '/home/u/.openclaw/auth.json5';
    const files = { [CONFIG]: `{ gateway: { mode: 'local', auth: { $include: './auth.json5', token: '${A}' } } }`, [include]: `{\n  token: '${B}',\n}\n` };
    const map = collectSecretSources(modelOf(files));
    const tokens = map.entries.filter((e) => e.name === 'gateway.auth.token');
    assert.equal(tokens.length, 2);
    const [winner, replaced] = tokens;
    assert.deepEqual([winner.kind, winner.readers, winner.location?.file], ['config', ['gateway', 'cli'], CONFIG]);
    assert.deepEqual([replaced.kind, replaced.readers, replaced.agreement, replaced.location?.file, english(replaced.label)], ['include', [], 'differs', include, 'auth.json5:2']);
    assert.deepEqual(replaced.editor?.kind === 'json' ? replaced.editor.keys : undefined, ['token']);
    assert.equal(english(replaced.note ?? { text: '', args: [] }), 'not used: the config merges openclaw.json:1 over it');
  });

  it('a reference is listed with its resolved fingerprint but is not editable; an unset variable reads as unset', () => {
    const files = { [CONFIG]: localConfig({ auth: { mode: 'token', token: '${MY_TOKEN}' }, remote: { token: '$OTHER_TOKEN' } }) };
    const map = collectSecretSources(modelOf(files, { MY_TOKEN: A }));
    const auth = byName(map, 'gateway.auth.token');
    assert.deepEqual([auth.fingerprint, auth.agreement, auth.editor], [fingerprint(A), 'same', undefined]);
    assert.equal(english(auth.note ?? { text: '', args: [] }), 'read from the variable MY_TOKEN');
    const remote = byName(map, 'gateway.remote.token');
    assert.deepEqual([remote.fingerprint, remote.agreement], [undefined, 'unset']);
  });

  it('the running gateway: what the last check found accepted, compared with the effective token', () => {
    const files = { [CONFIG]: localConfig({ auth: { mode: 'token', token: A } }) };
    const same = collectSecretSources(modelOf(files), { accepted: { fingerprint: fingerprint(A), target: 'ws://127.0.0.1:18789', source: 'gateway.auth.token' } });
    const running = same.entries.find((e) => e.kind === 'last-check');
    assert.deepEqual([running?.readers, running?.agreement, running?.fingerprint], [['gateway-now'], 'same', fingerprint(A)]);
    assert.equal(english(running?.label ?? { text: '', args: [] }), 'the running gateway at ws://127.0.0.1:18789 (last check)');
    const stale = collectSecretSources(modelOf(files), { accepted: { fingerprint: fingerprint(B), target: 'ws://127.0.0.1:18789' } });
    assert.equal(stale.entries.find((e) => e.kind === 'last-check')?.agreement, 'differs');
  });

  it('places found by other readers plug in as data: a service unit is taken only without a config token, a profile by new shells', () => {
    const unit = '/home/u/.config/systemd/user/openclaw-gateway.service';
    const unitText = `[Service]\nEnvironment=OPENCLAW_GATEWAY_TOKEN=${B}\n`;
    const profile = '/home/u/.bashrc';
    const profileText = `export OPENCLAW_GATEWAY_TOKEN=${C}\n`;
    const sources: ExternalSecretSource[] = [
      { kind: 'systemd-unit', path: unit, text: unitText, assignments: [{ name: 'OPENCLAW_GATEWAY_TOKEN', value: B, line: 1, valueOffset: unitText.indexOf(B), valueLength: B.length }, { name: 'OPENCLAW_GATEWAY_PORT', value: '1', line: 2, valueOffset: 0, valueLength: 1 }] },
      { kind: 'shell-profile', path: profile, assignments: [{ name: 'OPENCLAW_GATEWAY_TOKEN', value: C, line: 0, valueOffset: profileText.indexOf(C), valueLength: C.length }] },
    ];
    const calls: string[] = [];
    const setValue = (source: ExternalSecretSource, name: string, value: string): TextEdit[] => {
      calls.push(`${source.path} ${name}`);
      const assignment = source.assignments.find((a) => a.name === name);
      return assignment ? [{ offset: assignment.valueOffset, length: assignment.valueLength, newText: value }] : [];
    };
    const withToken = collectSecretSources(modelOf({ [CONFIG]: localConfig({ auth: { mode: 'token', token: A } }) }), { external: { sources, setValue } });
    const service = byName(withToken, 'OPENCLAW_GATEWAY_TOKEN', 'systemd-unit');
    assert.deepEqual([service.readers, service.agreement, english(service.label)], [[], 'differs', '~/.config/systemd/user/openclaw-gateway.service:2']);
    assert.equal(english(service.note ?? { text: '', args: [] }), 'not used: the service gets it, but its gateway takes gateway.auth.token first');
    assert.deepEqual(byName(withToken, 'OPENCLAW_GATEWAY_TOKEN', 'shell-profile').readers, ['new-shells']);
    assert.equal(withToken.entries.filter((e) => e.name === 'OPENCLAW_GATEWAY_PORT').length, 0, 'only the secret variable');

    const withoutToken = collectSecretSources(modelOf({ [CONFIG]: localConfig({ auth: { mode: 'token' } }) }), { external: { sources, setValue } });
    assert.deepEqual(byName(withoutToken, 'OPENCLAW_GATEWAY_TOKEN', 'systemd-unit').readers, ['service']);

    const plan = planAgreement(withToken, EFFECTIVE_TARGET);
    assert.ok(plan);
    const result = applied({ [unit]: unitText, [profile]: profileText }, plan.edits);
    assert.equal(result[unit], `[Service]\nEnvironment=OPENCLAW_GATEWAY_TOKEN=${A}\n`);
    assert.equal(result[profile], `export OPENCLAW_GATEWAY_TOKEN=${A}\n`);
    assert.deepEqual(calls.sort(), [`${profile} OPENCLAW_GATEWAY_TOKEN`, `${unit} OPENCLAW_GATEWAY_TOKEN`]);
    // A reader that hands in the text it parsed gets the edit applied only onto that text.
    assert.deepEqual([plan.basis.get(unit), plan.basis.get(profile)], [unitText, undefined]);
    const after = plan.afterwards.map((m) => english(m)).join('\n');
    assert.match(after, /systemctl --user daemon-reload/);
    assert.match(after, /new shell/);
  });

  it('never shows a secret: labels, names, notes and fingerprints only', () => {
    const files = {
      [CONFIG]: localConfig({ auth: { mode: 'token', token: A }, remote: { token: B } }, { env: { vars: { OPENCLAW_GATEWAY_TOKEN: C } } }),
      [DOTENV]: `OPENCLAW_GATEWAY_TOKEN=${D}\nOPENCLAW_GATEWAY_TOKEN=${B}\n`,
      [GATEWAY_ENV]: `OPENCLAW_GATEWAY_TOKEN=${C}\n`,
    };
    const map = collectSecretSources(modelOf(files, { OPENCLAW_GATEWAY_TOKEN: D }), { accepted: { fingerprint: fingerprint(B), target: 'ws://127.0.0.1:1' } });
    const text = shown(map) + JSON.stringify(agreeTargets(map).map((t) => ({ ...t, label: english(t.label) })));
    for (const secret of [A, B, C, D]) assert.ok(!text.includes(secret), 'no secret in what is shown');
    for (const secret of [A, B, C, D]) assert.ok(text.includes(fingerprint(secret)), 'each secret by its fingerprint');
  });
});

describe('making every source agree', () => {
  const files = {
    [CONFIG]: localConfig({ auth: { mode: 'token', token: A }, remote: { token: B } }, { env: { vars: { OPENCLAW_GATEWAY_TOKEN: C } } }),
    [DOTENV]: `# keep me\nexport OPENCLAW_GATEWAY_TOKEN=${B} # old\nOTHER=1\n`,
    [GATEWAY_ENV]: `OPENCLAW_GATEWAY_TOKEN='${D}'\n`,
  };

  it('offers the effective token first, then each other value once', () => {
    const targets = agreeTargets(collectSecretSources(modelOf(files)));
    assert.deepEqual(
      targets.map((t) => [t.id === EFFECTIVE_TARGET, t.fingerprint, english(t.label)]),
      [
        [true, fingerprint(A), 'gateway.auth.token (openclaw.json:11)'],
        [false, fingerprint(B), 'gateway.remote.token (openclaw.json:14)'],
        [false, fingerprint(C), 'env.vars.OPENCLAW_GATEWAY_TOKEN (openclaw.json:4)'],
        [false, fingerprint(D), 'OPENCLAW_GATEWAY_TOKEN (~/.config/openclaw/gateway.env:1)'],
      ],
    );
  });

  it('with the effective token: one edit per file, and afterwards every place holds it', () => {
    const map = collectSecretSources(modelOf(files));
    const plan = planAgreement(map, EFFECTIVE_TARGET);
    assert.ok(plan);
    assert.deepEqual([...editsByFile(plan.edits).keys()].sort(), [CONFIG, GATEWAY_ENV, DOTENV].sort());
    assert.deepEqual(plan.notChanged, []);
    const result = applied(files, plan.edits);
    // The rest of each file is as it was: the comment, `export`, the neighbour.
    assert.equal(result[DOTENV], `# keep me\nexport OPENCLAW_GATEWAY_TOKEN=${A} # old\nOTHER=1\n`);
    assert.equal(parseDotenv(result[GATEWAY_ENV]).OPENCLAW_GATEWAY_TOKEN, A);
    assert.equal(result[CONFIG], files[CONFIG].split(B).join(A).split(C).join(A));
    const again = collectSecretSources(modelOf(result));
    assert.deepEqual(again.entries.filter((e) => e.fingerprint).map((e) => e.agreement), again.entries.filter((e) => e.fingerprint).map(() => 'same'));
    assert.deepEqual(planAgreement(again, EFFECTIVE_TARGET)?.edits, [], 'nothing left to change');
    // The gateway's own place did not change: no restart is needed for the gateway.
    assert.ok(!plan.afterwards.some((m) => english(m).includes('openclaw gateway restart')));
  });

  it("with another place's value: the gateway's own place changes too, and the plan says to restart it", () => {
    const map = collectSecretSources(modelOf(files));
    const target = agreeTargets(map).find((t) => t.fingerprint === fingerprint(D));
    assert.ok(target);
    const plan = planAgreement(map, target.id);
    assert.ok(plan);
    const result = applied(files, plan.edits);
    assert.equal(result[CONFIG], files[CONFIG].split(A).join(D).split(B).join(D).split(C).join(D));
    assert.equal(result[GATEWAY_ENV], files[GATEWAY_ENV], 'the target place itself is untouched');
    assert.equal(collectSecretSources(modelOf(result)).effective.fingerprint, fingerprint(D));
    assert.ok(plan.afterwards.some((m) => english(m) === 'Restart the gateway so it takes the new value: `openclaw gateway restart`.'));
  });

  it('the process environment, a reference and an ignored duplicate line are left alone, each with what to do', () => {
    const withRefs = {
      [CONFIG]: localConfig({ auth: { mode: 'token', token: A }, remote: { token: '${REMOTE_TOKEN}' } }),
      [DOTENV]: `OPENCLAW_GATEWAY_TOKEN=${C}\nOPENCLAW_GATEWAY_TOKEN=${B}\n`,
    };
    const map = collectSecretSources(modelOf(withRefs, { OPENCLAW_GATEWAY_TOKEN: D, REMOTE_TOKEN: B }), { accepted: { fingerprint: fingerprint(C), target: 'ws://127.0.0.1:1' } });
    const plan = planAgreement(map, EFFECTIVE_TARGET);
    assert.ok(plan);
    const reasons = new Map(plan.notChanged.map((n) => [`${n.entry.kind}:${n.entry.name}:${n.entry.location?.offset ?? ''}`, english(n.reason)]));
    assert.match(reasons.get('process:OPENCLAW_GATEWAY_TOKEN:') ?? '', /^a process environment cannot be edited: run `unset OPENCLAW_GATEWAY_TOKEN`/);
    assert.equal(reasons.get(`config:gateway.remote.token:${withRefs[CONFIG].indexOf('"${REMOTE_TOKEN}"')}`), 'it refers to another place; set the value there');
    assert.equal(reasons.get(`dotenv:OPENCLAW_GATEWAY_TOKEN:${withRefs[DOTENV].indexOf(C)}`), 'dotenv ignores this line: a later line sets OPENCLAW_GATEWAY_TOKEN again; remove it');
    assert.ok([...reasons.keys()].some((k) => k.startsWith('last-check:')), 'the running gateway is named');
    assert.equal(applied(withRefs, plan.edits)[DOTENV], `OPENCLAW_GATEWAY_TOKEN=${C}\nOPENCLAW_GATEWAY_TOKEN=${A}\n`);
    assert.ok(plan.afterwards.some((m) => english(m).includes('openclaw gateway restart')), 'the running gateway accepts another value: restart it');
  });

  it('an unknown target gives no plan', () => {
    assert.equal(planAgreement(collectSecretSources(modelOf(files)), 'no-such-place'), undefined);
  });
});

describe('env.vars values OpenClaw never applies', () => {
  it('a value that refers to another variable is listed as unknown, with why, and is not a target', () => {
    const files = { [CONFIG]: localConfig({ auth: { mode: 'token', token: A } }, { env: { vars: { OPENCLAW_GATEWAY_TOKEN: '${OTHER}' } } }) };
    const map = collectSecretSources(modelOf(files, { OTHER: B }));
    const vars = byName(map, 'env.vars.OPENCLAW_GATEWAY_TOKEN');
    assert.deepEqual([vars.agreement, vars.fingerprint, vars.readers], ['unknown', undefined, []]);
    assert.equal(english(vars.note ?? { text: '', args: [] }), 'not used: OpenClaw does not apply an env.vars value that refers to another variable');
    assert.deepEqual(agreeTargets(map).map((t) => t.fingerprint), [fingerprint(A)]);
  });
});

describe('a gateway with an environment of its own', () => {
  it("lists the gateway's and the client's process environments apart, each taken by its own side", () => {
    const files = { [CONFIG]: localConfig({ auth: { mode: 'token' } }) };
    const map = collectSecretSources(modelOf(files, { OPENCLAW_GATEWAY_TOKEN: D }, { gatewayEnv: { OPENCLAW_GATEWAY_TOKEN: B } }), { environment: 'shell' });
    const processes = map.entries.filter((e) => e.kind === 'process');
    assert.deepEqual(
      processes.map((e) => [english(e.label), e.fingerprint, e.readers, e.agreement]),
      [
        ["the gateway's process environment", fingerprint(B), ['gateway'], 'same'],
        ['process environment of this shell', fingerprint(D), ['cli'], 'differs'],
      ],
    );
    assert.equal(map.effective.fingerprint, fingerprint(B));
  });
});
