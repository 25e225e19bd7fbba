import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigDocument } from '../../src/core/configDocument';
import { assembleEffectiveConfig, type EffectiveConfig } from '../../src/core/effective/effectiveConfig';
import { memoryReader } from '../../src/core/effective/sourceReader';
import { applyTextEdits, editsByFile } from '../../src/core/fixes/textEdits';
import { buildGatewayModel, type GatewayModel } from '../../src/core/gatewayModel';
import { english } from '../../src/core/messages';
import { fingerprint } from '../../src/core/secretValues';
import { EFFECTIVE_TARGET, planAgreement } from '../../src/core/sourceMap/agree';
import { applyCommandsFor, serviceMapExtras } from '../../src/core/sourceMap/serviceSourceMap';
import { collectSecretSources, type SecretSourceMap } from '../../src/core/sourceMap/sourceMap';

const HOME = '/home/u';
const CONFIG = `${HOME}/.openclaw/openclaw.json`;
const UNIT = `${HOME}/.config/systemd/user/openclaw-gateway.service`;
const ENV_FILE = `${HOME}/.config/openclaw/gateway-service.env`;
const BASHRC = `${HOME}/.bashrc`;
const A = 'aaaa1c7e5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f20';
const B = 'bbbb3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c50';
const C = 'cccc9a7c3e5f203f9a1c7e5b2d48a6c0e19f7b3d5a2c8e4f';
const EDIT = { home: HOME, user: 'u', uid: 1000 };

function discovered(files: Record<string, string>): { model: GatewayModel; effective: EffectiveConfig } {
  const doc = parseConfigDocument(files[CONFIG]);
  const effective = assembleEffectiveConfig({ doc, configPath: CONFIG, clientEnv: {}, reader: memoryReader(files), home: HOME, serviceDiscovery: { systemUnits: false } });
  return { model: buildGatewayModel(doc, { env: {}, inContainer: false, effective }), effective };
}

function entryIn(map: SecretSourceMap, file: string) {
  const found = map.entries.filter((e) => e.location?.file === file);
  assert.equal(found.length, 1, map.entries.map((e) => `${e.kind}:${e.location?.file ?? ''}`).join(', '));
  return found[0];
}

describe('service sources on the map', () => {
  const files = {
    [CONFIG]: JSON.stringify({ gateway: { mode: 'local', auth: { mode: 'token', token: A } } }),
    [UNIT]: `[Service]\nExecStart=/usr/bin/openclaw gateway --port 18789\nEnvironment=OPENCLAW_GATEWAY_PORT=18789\nEnvironmentFile=${ENV_FILE}\n`,
    [ENV_FILE]: `# written by openclaw\nOPENCLAW_GATEWAY_TOKEN=${B}\n`,
    [BASHRC]: `alias ll='ls -l'\nexport OPENCLAW_GATEWAY_TOKEN=${C}\n`,
  };

  it('a stale token in the unit environment file and in a profile: listed with their readers, disagreeing, on their lines', () => {
    const { model, effective } = discovered(files);
    const map = collectSecretSources(model, { external: serviceMapExtras(effective.serviceSources, { configPath: CONFIG, edit: EDIT }) });
    const env = entryIn(map, ENV_FILE);
    assert.equal(env.kind, 'systemd-env-file');
    assert.equal(env.agreement, 'differs');
    assert.equal(env.fingerprint, fingerprint(B));
    // The config's token wins over the service environment: the map says why the service's value is unused.
    assert.deepEqual(env.readers, []);
    assert.match(english(env.label), /gateway-service\.env:2$/);
    const profile = entryIn(map, BASHRC);
    assert.deepEqual([profile.kind, profile.readers, profile.agreement], ['shell-profile', ['new-shells'], 'differs']);
    assert.match(english(profile.label), /\.bashrc:2$/);
    assert.ok(!JSON.stringify(map.entries.map((e) => [e.label, e.note])).includes(B), 'no secret in what the map shows');
  });

  it('a unit whose token is the gateway’s: the service reads it, and the agree plan edits the unit’s line and names the restart', () => {
    const unitWithToken = `[Service]\nExecStart=/usr/bin/openclaw gateway\nEnvironment=OPENCLAW_GATEWAY_TOKEN=${B}\n`;
    const own = { [CONFIG]: JSON.stringify({ gateway: { mode: 'local', auth: { mode: 'token', token: A } } }), [UNIT]: unitWithToken };
    const { model, effective } = discovered(own);
    const extras = serviceMapExtras(effective.serviceSources, { configPath: CONFIG, edit: EDIT });
    const map = collectSecretSources(model, { external: extras });
    const unit = entryIn(map, UNIT);
    assert.deepEqual([unit.kind, unit.agreement], ['systemd-unit', 'differs']);
    const plan = planAgreement(map, EFFECTIVE_TARGET);
    assert.ok(plan);
    const edits = editsByFile(plan.edits).get(UNIT);
    assert.ok(edits);
    assert.equal(applyTextEdits(unitWithToken, edits), `[Service]\nExecStart=/usr/bin/openclaw gateway\nEnvironment=OPENCLAW_GATEWAY_TOKEN=${A}\n`);
    assert.deepEqual(applyCommandsFor([UNIT], extras.sources), ['systemctl --user daemon-reload && systemctl --user restart openclaw-gateway.service']);
    assert.ok(plan.afterwards.some((m) => english(m).includes('daemon-reload')));
  });

  it('without a token in the config the service is the reader; a gateway started before the file changed is noted', () => {
    const noToken = { ...files, [CONFIG]: JSON.stringify({ gateway: { mode: 'local', auth: { mode: 'token' } } }) };
    const { model, effective } = discovered(noToken);
    const envSource = effective.serviceSources?.services[0]?.sources.find((s) => s.path === ENV_FILE);
    assert.ok(envSource);
    envSource.mtimeMs = 2_000;
    const listener = { port: 18789, state: 'listening' as const, process: { pid: 7, argv: ['openclaw-gateway'], isGateway: true, startedAtMs: 1_000 } };
    const map = collectSecretSources(model, { external: serviceMapExtras(effective.serviceSources, { configPath: CONFIG, edit: EDIT, listener }) });
    const env = entryIn(map, ENV_FILE);
    assert.deepEqual(env.readers, ['service']);
    assert.equal(english(env.note ?? { text: '', args: [] }), 'the running gateway started before this file changed; run: systemctl --user daemon-reload && systemctl --user restart openclaw-gateway.service');
    const later = collectSecretSources(model, { external: serviceMapExtras(effective.serviceSources, { configPath: CONFIG, edit: EDIT, listener: { ...listener, process: { ...listener.process, startedAtMs: 3_000 } } }) });
    assert.equal(entryIn(later, ENV_FILE).note, undefined);
    // The running gateway started after the file was written and accepted its value: it runs with it.
    const running = { ...listener, process: { ...listener.process, startedAtMs: 3_000 } };
    const accepted = collectSecretSources(model, { external: serviceMapExtras(effective.serviceSources, { configPath: CONFIG, edit: EDIT, listener: running, acceptedFingerprint: fingerprint(B) }) });
    assert.deepEqual(entryIn(accepted, ENV_FILE).readers, ['gateway-now', 'service']);
    const otherValue = collectSecretSources(model, { external: serviceMapExtras(effective.serviceSources, { configPath: CONFIG, edit: EDIT, listener: running, acceptedFingerprint: fingerprint(C) }) });
    assert.deepEqual(entryIn(otherValue, ENV_FILE).readers, ['service']);
    const startedBeforeWrite = collectSecretSources(model, { external: serviceMapExtras(effective.serviceSources, { configPath: CONFIG, edit: EDIT, listener, acceptedFingerprint: fingerprint(B) }) });
    assert.deepEqual(entryIn(startedBeforeWrite, ENV_FILE).readers, ['service']);
  });

  it('a service of another config reads nothing of this one', () => {
    const other = { ...files, [ENV_FILE]: `OPENCLAW_CONFIG_PATH=${HOME}/other/openclaw.json\nOPENCLAW_GATEWAY_TOKEN=${B}\n` };
    const { model, effective } = discovered(other);
    const map = collectSecretSources(model, { external: serviceMapExtras(effective.serviceSources, { configPath: CONFIG, edit: EDIT }) });
    const env = entryIn(map, ENV_FILE);
    assert.deepEqual(env.readers, []);
    assert.equal(english(env.note ?? { text: '', args: [] }), `not used: this service runs the gateway of ${HOME}/other/openclaw.json`);
  });
});
