import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigDocument } from '../../src/core/configDocument';
import { bindsBeyondLoopback, buildGatewayModel, candidateCredentials, clientCredential, serverSecret } from '../../src/core/gatewayModel';
import { resolveConfigPath, detectContainer } from '../../src/core/hostFacts';
import { classifySecret, resolveSecret, substituteEnv, fingerprint } from '../../src/core/secretValues';
import { parseJson5 } from '../../src/core/json5Parser';
import type { Environment } from '../../src/core/secretValues';

function model(gateway: Record<string, unknown> | undefined, env: Environment = {}, inContainer = false) {
  return buildGatewayModel(parseConfigDocument(JSON.stringify(gateway === undefined ? {} : { gateway })), { env, inContainer });
}

describe('effective gateway settings', () => {
  it('port: OPENCLAW_GATEWAY_PORT (N, host:N, [v6]:N) > config > 18789', () => {
    assert.deepEqual([model({ port: 1234 }).port.value, model({ port: 1234 }).port.source], [1234, 'config']);
    assert.equal(model({ port: 1234 }, { OPENCLAW_GATEWAY_PORT: '2222' }).port.value, 2222);
    assert.equal(model({}, { OPENCLAW_GATEWAY_PORT: '127.0.0.1:3333' }).port.value, 3333);
    assert.equal(model({}, { OPENCLAW_GATEWAY_PORT: '[::1]:4444' }).port.value, 4444);
    assert.equal(model({ port: 1234 }, { OPENCLAW_GATEWAY_PORT: 'nonsense' }).port.value, 1234);
    assert.deepEqual([model({ port: 70000 }).port.value, model({ port: 70000 }).port.source], [18789, 'default']);
    assert.equal(model(undefined).port.value, 18789);
  });
  it('bind: loopback by default, auto in a container', () => {
    assert.equal(model({}).bind.effective, 'loopback');
    assert.equal(model({}, {}, true).bind.effective, 'auto');
    assert.ok(bindsBeyondLoopback(model({}, {}, true)));
    assert.ok(!bindsBeyondLoopback(model({ bind: 'custom', customBindHost: '127.0.0.2' })));
    assert.ok(bindsBeyondLoopback(model({ bind: 'custom', customBindHost: '10.0.0.2' })));
  });
  it('auth mode: explicit wins; else password when the gateway finds a password, else token', () => {
    assert.equal(model({ auth: { mode: 'none' } }).authMode.effective, 'none');
    assert.equal(model({ auth: { token: 'a' } }).authMode.effective, 'token');
    assert.equal(model({ auth: { password: 'p' } }).authMode.effective, 'password');
    assert.equal(model({}, { OPENCLAW_GATEWAY_PASSWORD: 'p' }).authMode.effective, 'password');
    // remote.password only says what clients send (observed on 2026.9.6).
    assert.equal(model({ remote: { password: 'p' } }).authMode.effective, 'token');
  });
  it('server secret: config first, then the environment; never remote.token', () => {
    assert.deepEqual(serverSecret(model({ auth: { token: 'cfg' } }, { OPENCLAW_GATEWAY_TOKEN: 'env' })), { kind: 'token', source: 'gateway.auth.token', resolved: { state: 'value', value: 'cfg' } });
    assert.equal(serverSecret(model({}, { OPENCLAW_GATEWAY_TOKEN: 'env' })).source, 'OPENCLAW_GATEWAY_TOKEN');
    assert.equal(serverSecret(model({ remote: { token: 'r' } })).resolved.state, 'absent');
  });
  it('client credential: local auth > env > remote; remote mode remote > env > auth; remote password env-first', () => {
    const env = { OPENCLAW_GATEWAY_TOKEN: 'env' };
    assert.equal(clientCredential(model({ mode: 'local', auth: { token: 'a' }, remote: { token: 'r' } }, env))?.source, 'gateway.auth.token');
    assert.equal(clientCredential(model({ mode: 'local', remote: { token: 'r' } }, env))?.source, 'OPENCLAW_GATEWAY_TOKEN');
    assert.equal(clientCredential(model({ mode: 'local', remote: { token: 'r' } }))?.source, 'gateway.remote.token');
    assert.equal(clientCredential(model({ mode: 'remote', auth: { token: 'a' }, remote: { token: 'r' } }, env))?.source, 'gateway.remote.token');
    assert.equal(clientCredential(model({ mode: 'remote', auth: { token: 'a' } }, env))?.source, 'OPENCLAW_GATEWAY_TOKEN');
    assert.equal(clientCredential(model({ mode: 'remote', auth: { mode: 'password' }, remote: { password: 'rp' } }, { OPENCLAW_GATEWAY_PASSWORD: 'ep' }))?.source, 'OPENCLAW_GATEWAY_PASSWORD');
    assert.equal(clientCredential(model({ mode: 'local', auth: { mode: 'password', password: 'ap' } }, { OPENCLAW_GATEWAY_PASSWORD: 'ep' }))?.source, 'gateway.auth.password');
    assert.equal(clientCredential(model({ mode: 'local' })), undefined);
  });
  it('candidates: each distinct secret once, in client order', () => {
    const m = model({ mode: 'local', auth: { token: 'a' }, remote: { token: 'a' } }, { OPENCLAW_GATEWAY_TOKEN: 'e' });
    assert.deepEqual(candidateCredentials(m).map((c) => c.source), ['gateway.auth.token', 'OPENCLAW_GATEWAY_TOKEN']);
  });
});

describe('secret values', () => {
  const node = (text: string) => parseJson5(text).root;
  it('classifies literals, shorthand, SecretRefs and nonsense', () => {
    assert.equal(classifySecret(node('"abc"')).kind, 'literal');
    assert.deepEqual(classifySecret(node('"$GW_TOKEN"')), { kind: 'env-shorthand', raw: '$GW_TOKEN', variable: 'GW_TOKEN' });
    assert.equal(classifySecret(node('" ${GW_TOKEN} "')).kind, 'env-shorthand');
    assert.equal(classifySecret(node('"$_X"')).kind, 'literal');
    assert.equal(classifySecret(node('{source:"file",provider:"p",id:"x"}')).kind, 'secret-ref');
    assert.equal(classifySecret(node('42')).kind, 'invalid');
    assert.equal(classifySecret(undefined).kind, 'absent');
  });
  it('substitutes ${VAR} like OpenClaw: unset or empty stays literal, $${VAR} escapes', () => {
    assert.deepEqual(substituteEnv('a-${X}-b', { X: '1' }), { value: 'a-1-b', missing: [] });
    assert.deepEqual(substituteEnv('a-${X}', {}), { value: 'a-${X}', missing: ['X'] });
    assert.deepEqual(substituteEnv('a-${X}', { X: '' }), { value: 'a-${X}', missing: ['X'] });
    assert.deepEqual(substituteEnv('a-$${X}', { X: '1' }), { value: 'a-${X}', missing: [] });
    assert.deepEqual(substituteEnv('a-${lower}', { lower: '1' }), { value: 'a-${lower}', missing: [] });
  });
  it('resolves and trims; unresolved references are never values', () => {
    assert.deepEqual(resolveSecret({ kind: 'literal', raw: ' x ', envParts: [] }, {}), { state: 'value', value: 'x' });
    assert.equal(resolveSecret({ kind: 'secret-ref', source: 'exec', provider: 'p', id: 'x' }, {}).state, 'unresolved');
    assert.deepEqual(resolveSecret({ kind: 'env-shorthand', raw: '$A', variable: 'A' }, { A: ' v ' }), { state: 'value', value: 'v' });
  });
  it('fingerprints are short, stable and not the secret', () => {
    assert.match(fingerprint('secret'), /^fp:[0-9a-f]{8}$/);
    assert.equal(fingerprint('secret'), fingerprint('secret'));
    assert.notEqual(fingerprint('secret'), fingerprint('secret2'));
  });
});

describe('host facts', () => {
  it('resolves the config path in OpenClaw\'s order', () => {
    const exists = (set: string[]) => (p: string) => set.includes(p);
    assert.equal(resolveConfigPath({ OPENCLAW_CONFIG_PATH: '/x/c.json', HOME: '/h' }).path, '/x/c.json');
    assert.equal(resolveConfigPath({ OPENCLAW_CONFIG_PATH: '~/c.json', HOME: '/h' }).path, '/h/c.json');
    assert.equal(resolveConfigPath({ OPENCLAW_STATE_DIR: '/s', HOME: '/h' }, exists(['/s/openclaw.json'])).path, '/s/openclaw.json');
    assert.equal(resolveConfigPath({ OPENCLAW_STATE_DIR: '/s', HOME: '/h' }, exists(['/h/.openclaw/openclaw.json'])).path, '/h/.openclaw/openclaw.json');
    assert.equal(resolveConfigPath({ HOME: '/h' }, exists(['/h/.clawdbot/clawdbot.json'])).path, '/h/.clawdbot/clawdbot.json');
    assert.equal(resolveConfigPath({ HOME: '/h' }, exists([])).path, '/h/.openclaw/openclaw.json');
    assert.equal(resolveConfigPath({ HOME: '/h', OPENCLAW_HOME: '/o' }, exists([])).path, '/o/.openclaw/openclaw.json');
  });
  it('detects containers like OpenClaw', () => {
    assert.equal(detectContainer({}, () => false, () => undefined), false);
    assert.equal(detectContainer({}, (p) => p === '/.dockerenv', () => undefined), true);
    assert.equal(detectContainer({ FLY_MACHINE_ID: 'a', FLY_APP_NAME: 'b' }, () => false, () => undefined), true);
    assert.equal(detectContainer({}, () => false, () => '0::/kubepods/besteffort/pod1'), true);
  });
});
