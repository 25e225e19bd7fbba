import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigDocument } from '../../src/core/configDocument';
import { leafAt, type IncludeProblemKind } from '../../src/core/effective/configSources';
import { assembleEffectiveConfig, sourcePaths, watchedPaths, type EffectiveInputs } from '../../src/core/effective/effectiveConfig';
import { memoryReader, type FileFacts, type SourceReader } from '../../src/core/effective/sourceReader';
import { buildGatewayModel, cliCredential, clientCredential, serverSecret } from '../../src/core/gatewayModel';
import { stringValue } from '../../src/core/jsonTree';
import type { Environment } from '../../src/core/secretValues';

const HOME = '/home/u';
const CONFIG = '/home/u/.openclaw/openclaw.json';

function assemble(config: string, files: Record<string, string> = {}, extra: Partial<EffectiveInputs> = {}) {
  return assembleEffectiveConfig({ doc: parseConfigDocument(config), configPath: CONFIG, clientEnv: {}, reader: memoryReader(files), home: HOME, ...extra });
}

function modelOf(config: string, files: Record<string, string> = {}, extra: Partial<EffectiveInputs> = {}) {
  const effective = assemble(config, files, extra);
  return buildGatewayModel(effective.assembled.main.doc, { env: extra.clientEnv ?? {}, inContainer: false, effective });
}

function valueAt(config: string, files: Record<string, string>, keys: string[]): unknown {
  const placed = leafAt(assemble(config, files).assembled.root, keys);
  return placed ? (stringValue(placed.node) ?? placed.node.value) : undefined;
}

function problemsOf(config: string, files: Record<string, string> = {}, extra: Partial<EffectiveInputs> = {}): IncludeProblemKind[] {
  return assemble(config, files, extra).assembled.problems.map((p) => p.kind);
}

describe('$include, merged the way OpenClaw merges it', () => {
  it('reads an include at the root, relative to the config', () => {
    const files = { '/home/u/.openclaw/gw.json5': '{ gateway: { auth: { token: "from-include" } } }' };
    assert.equal(valueAt('{ "$include": "./gw.json5", gateway: { mode: "local" } }', files, ['gateway', 'auth', 'token']), 'from-include');
    assert.equal(valueAt('{ "$include": "./gw.json5", gateway: { mode: "local" } }', files, ['gateway', 'mode']), 'local');
  });
  it('reads an include nested in any object, mounted there', () => {
    const files = { '/home/u/.openclaw/auth.json5': '{ token: "nested" }' };
    assert.equal(valueAt('{ gateway: { auth: { "$include": "auth.json5" } } }', files, ['gateway', 'auth', 'token']), 'nested');
  });
  it('sibling keys override included content; later list items override earlier ones', () => {
    const files = { '/home/u/.openclaw/a.json5': '{ token: "a", mode: "token" }', '/home/u/.openclaw/b.json5': '{ token: "b" }' };
    assert.equal(valueAt('{ gateway: { auth: { "$include": "a.json5", token: "sibling" } } }', files, ['gateway', 'auth', 'token']), 'sibling');
    assert.equal(valueAt('{ gateway: { auth: { "$include": ["a.json5", "b.json5"] } } }', files, ['gateway', 'auth', 'token']), 'b');
    assert.equal(valueAt('{ gateway: { auth: { "$include": ["a.json5", "b.json5"] } } }', files, ['gateway', 'auth', 'mode']), 'token');
  });
  it('nested includes resolve relative to the including file', () => {
    const files = {
      '/home/u/.openclaw/parts/gw.json5': '{ auth: { "$include": "./auth.json5" } }',
      '/home/u/.openclaw/parts/auth.json5': '{ token: "deep" }',
    };
    assert.equal(valueAt('{ gateway: { "$include": "parts/gw.json5" } }', files, ['gateway', 'auth', 'token']), 'deep');
  });
  it('arrays concatenate across includes and siblings', () => {
    const files = { '/home/u/.openclaw/ui.json5': '{ allowedOrigins: ["http://a"] }' };
    const effective = assemble('{ gateway: { controlUi: { "$include": "ui.json5", allowedOrigins: ["http://b"] } } }', files);
    const merged = effective.assembled.root;
    const origins = merged?.kind === 'object' ? merged.members.get('gateway') : undefined;
    const ui = origins?.kind === 'object' ? origins.members.get('controlUi') : undefined;
    const list = ui?.kind === 'object' ? ui.members.get('allowedOrigins') : undefined;
    assert.equal(list?.kind === 'leaf' ? list.arrayParts?.length : 0, 2);
  });
  it('reports escapes, missing files, cycles, depth, parse failures and bad values, and drops their content', () => {
    assert.deepEqual(problemsOf('{ "$include": "../outside.json5" }', { '/home/u/outside.json5': '{ gateway: { auth: { token: "x" } } }' }), ['escapes']);
    assert.equal(valueAt('{ "$include": "../outside.json5" }', { '/home/u/outside.json5': '{ gateway: { auth: { token: "x" } } }' }, ['gateway', 'auth', 'token']), undefined);
    assert.deepEqual(problemsOf('{ "$include": "missing.json5" }'), ['missing']);
    assert.deepEqual(problemsOf('{ "$include": "a.json5" }', { '/home/u/.openclaw/a.json5': '{ "$include": "a.json5" }' }), ['circular']);
    assert.deepEqual(problemsOf('{ "$include": "a.json5" }', { '/home/u/.openclaw/a.json5': '{ gateway: ' }), ['parse']);
    assert.deepEqual(problemsOf('{ "$include": 42 }'), ['invalid-value']);
    assert.deepEqual(problemsOf('{ gateway: { "$include": "list.json5", mode: "local" } }', { '/home/u/.openclaw/list.json5': '[1]' }), ['not-object']);
    const chain: Record<string, string> = {};
    for (let i = 0; i < 12; i++) chain[`/home/u/.openclaw/c${i}.json5`] = `{ "$include": "c${i + 1}.json5" }`;
    chain['/home/u/.openclaw/c12.json5'] = '{}';
    assert.deepEqual(problemsOf('{ "$include": "c0.json5" }', chain), ['depth']);
  });
  it('OPENCLAW_INCLUDE_ROOTS in the gateway environment widens where includes may point', () => {
    const files = { '/srv/shared/gw.json5': '{ gateway: { mode: "local" } }' };
    assert.deepEqual(problemsOf('{ "$include": "/srv/shared/gw.json5" }', files), ['escapes']);
    assert.deepEqual(problemsOf('{ "$include": "/srv/shared/gw.json5" }', files, { clientEnv: { OPENCLAW_INCLUDE_ROOTS: '/srv/shared' } }), []);
  });
  it('without a file (text only) nothing is read and the model says so', () => {
    const effective = assembleEffectiveConfig({ doc: parseConfigDocument('{ "$include": "gw.json5" }'), configPath: '', clientEnv: {} });
    assert.equal(effective.assembled.sources.length, 1);
    const model = buildGatewayModel(effective.assembled.main.doc, { env: {}, inContainer: false, effective });
    assert.equal(model.hasInclude, true);
    assert.equal(modelOf('{ "$include": "gw.json5" }', { '/home/u/.openclaw/gw.json5': '{}' }).hasInclude, false);
  });
});

describe('.env files and env.vars, layered the way OpenClaw layers them', () => {
  const TOKEN_LINE = (value: string) => `OPENCLAW_GATEWAY_TOKEN=${value}\n`;
  it('the state directory .env gives the gateway its token, with the line it came from', () => {
    const model = modelOf('{ gateway: { mode: "local" } }', { '/home/u/.openclaw/.env': '# token\n' + TOKEN_LINE('from-dotenv') });
    const secret = serverSecret(model);
    assert.equal(secret.source, 'OPENCLAW_GATEWAY_TOKEN');
    assert.deepEqual(secret.resolved, { state: 'value', value: 'from-dotenv' });
    const origin = model.env.OPENCLAW_GATEWAY_TOKEN.origin;
    assert.equal(origin?.kind, 'dotenv');
    assert.equal(origin?.kind === 'dotenv' ? origin.entry?.line : -1, 1);
  });
  it('OPENCLAW_STATE_DIR moves the .env and turns gateway.env off', () => {
    const files = { '/state/.env': TOKEN_LINE('state'), '/home/u/.config/openclaw/gateway.env': TOKEN_LINE('gw') + 'OPENCLAW_GATEWAY_PASSWORD=pw\n' };
    const model = modelOf('{}', files, { clientEnv: { OPENCLAW_STATE_DIR: '/state' } });
    assert.equal(model.env.OPENCLAW_GATEWAY_TOKEN.value, 'state');
    assert.equal(model.env.OPENCLAW_GATEWAY_PASSWORD.value, undefined);
  });
  it('a config elsewhere: gateway run reads ~/.openclaw/.env and the .env beside the config; the CLI only the latter', () => {
    const files = { '/home/u/.openclaw/.env': TOKEN_LINE('home') + 'ONLY_HOME=1\n', '/cfg/.env': TOKEN_LINE('beside') };
    const effective = assembleEffectiveConfig({ doc: parseConfigDocument('{}'), configPath: '/cfg/openclaw.json', clientEnv: {}, reader: memoryReader(files), home: HOME });
    assert.equal(effective.gatewayEnv.values.OPENCLAW_GATEWAY_TOKEN, 'home');
    assert.equal(effective.gatewayEnv.values.ONLY_HOME, '1');
    assert.equal(effective.gatewayEnv.ignored.find((i) => i.why === 'dotenv-conflict')?.variable.value, 'beside');
    assert.equal(effective.clientEnv.values.OPENCLAW_GATEWAY_TOKEN, 'beside');
    assert.equal(effective.clientEnv.values.ONLY_HOME, undefined);
  });
  it('~/.openclaw/.env wins over gateway.env; a different value is a conflict', () => {
    const files = { '/home/u/.openclaw/.env': TOKEN_LINE('first'), '/home/u/.config/openclaw/gateway.env': TOKEN_LINE('second') };
    const effective = assemble('{}', files);
    assert.equal(effective.gatewayEnv.values.OPENCLAW_GATEWAY_TOKEN, 'first');
    const conflict = effective.gatewayEnv.ignored.find((i) => i.why === 'dotenv-conflict');
    assert.equal(conflict?.variable.value, 'second');
    assert.equal(conflict?.winner?.value, 'first');
  });
  it('the process environment wins over every file', () => {
    const effective = assemble('{}', { '/home/u/.openclaw/.env': TOKEN_LINE('file') }, { clientEnv: { OPENCLAW_GATEWAY_TOKEN: 'process' } });
    assert.equal(effective.gatewayEnv.values.OPENCLAW_GATEWAY_TOKEN, 'process');
    assert.equal(effective.gatewayEnv.ignored[0]?.why, 'already-set');
  });
  it('a working-directory .env is read by the client with OPENCLAW_* keys blocked', () => {
    const effective = assemble('{}', { '/work/.env': TOKEN_LINE('cwd') + 'OTHER=1\n' }, { cwd: '/work' });
    assert.equal(effective.clientEnv.values.OPENCLAW_GATEWAY_TOKEN, undefined);
    assert.equal(effective.clientEnv.values.OTHER, '1');
    assert.equal(effective.clientEnv.ignored[0]?.why, 'workspace-blocked');
    assert.equal(effective.gatewayEnv.values.OTHER, undefined);
  });
  it('env.vars sets a variable only when nothing else did, and never one that refers to another', () => {
    const config = '{ env: { vars: { OPENCLAW_GATEWAY_TOKEN: "vars", REF: "${HOME}" } } }';
    assert.equal(assemble(config).gatewayEnv.values.OPENCLAW_GATEWAY_TOKEN, 'vars');
    assert.equal(assemble(config).gatewayEnv.values.REF, undefined);
    const shadowed = assemble(config, { '/home/u/.openclaw/.env': TOKEN_LINE('dotenv') });
    assert.equal(shadowed.gatewayEnv.values.OPENCLAW_GATEWAY_TOKEN, 'dotenv');
    assert.equal(shadowed.gatewayEnv.ignored.find((i) => i.variable.origin.kind === 'env.vars')?.why, 'already-set');
    assert.equal(assemble('{ env: { OPENCLAW_GATEWAY_TOKEN: "plain-member" } }').gatewayEnv.values.OPENCLAW_GATEWAY_TOKEN, 'plain-member');
  });
  it('${VAR} in the config is substituted from the assembled environment', () => {
    const model = modelOf('{ gateway: { auth: { token: "${MY_TOKEN}" } } }', { '/home/u/.openclaw/.env': 'MY_TOKEN=from-dotenv\n' });
    assert.deepEqual(model.slots['gateway.auth.token'].resolved, { state: 'value', value: 'from-dotenv' });
  });
  it('the gateway and the client can have different environments', () => {
    const model = modelOf('{ gateway: { auth: { token: "${T}" } } }', {}, { clientEnv: { T: 'client' }, gatewayEnv: { T: 'gateway' } });
    assert.deepEqual(model.slots['gateway.auth.token'].resolved, { state: 'value', value: 'gateway' });
    assert.equal(clientCredential(model)?.value, 'client');
  });
  it('--gateway-env-file: the gateway environment comes from a file, each value with its line', () => {
    const effective = assemble('{}', {}, { clientEnv: { OPENCLAW_GATEWAY_TOKEN: 'shell' }, gatewayEnvFile: { path: '/etc/openclaw.env', text: 'A=1\n' + TOKEN_LINE('unit') } });
    assert.equal(effective.gatewayEnv.values.OPENCLAW_GATEWAY_TOKEN, 'unit');
    assert.equal(effective.clientEnv.values.OPENCLAW_GATEWAY_TOKEN, 'shell');
    const origin = effective.gatewayEnv.get('OPENCLAW_GATEWAY_TOKEN')?.origin;
    assert.equal(origin?.kind === 'dotenv' ? origin.entry?.line : -1, 1);
    assert.equal(effective.sharedEnvironment, false);
  });
  it('OPENCLAW_GATEWAY_PASSWORD from a .env switches an unset auth mode to password; remote.password does not', () => {
    const model = modelOf('{ gateway: { auth: { token: "t" } } }', { '/home/u/.openclaw/.env': 'OPENCLAW_GATEWAY_PASSWORD=pw\n' });
    assert.equal(model.authMode.effective, 'password');
    assert.equal(model.authMode.inferredFrom, 'OPENCLAW_GATEWAY_PASSWORD');
    assert.equal(modelOf('{ gateway: { remote: { password: "p" } } }').authMode.effective, 'token');
  });
  it('watches every .env path OpenClaw would read, existing or not', () => {
    const watched = watchedPaths(assemble('{ "$include": "gw.json5" }', { '/home/u/.openclaw/gw.json5': '{}' }, { cwd: '/work' }));
    for (const p of ['/home/u/.openclaw/gw.json5', '/home/u/.openclaw/.env', '/home/u/.config/openclaw/gateway.env', '/work/.env']) assert.ok(watched.includes(p), p);
  });
  it('with service discovery: reports the units, env files and profiles found, and watches them and the profiles not written yet', () => {
    const unit = '/home/u/.config/systemd/user/openclaw-gateway.service';
    const envFile = '/home/u/.openclaw/gateway.systemd.env';
    const files = { [unit]: '[Service]\nExecStart=/usr/bin/openclaw gateway\nEnvironmentFile=-%h/.openclaw/gateway.systemd.env\n', [envFile]: 'A=1\n', '/home/u/.bashrc': 'export OPENCLAW_GATEWAY_TOKEN=x\n' };
    const effective = assemble('{}', files, { serviceDiscovery: { systemUnits: false } });
    assert.deepEqual(sourcePaths(effective).filter((p) => p !== CONFIG), [unit, envFile, '/home/u/.bashrc']);
    const watched = watchedPaths(effective);
    for (const p of [unit, envFile, '/home/u/.bashrc', '/home/u/.zshrc', '/home/u/.config/fish/config.fish', `${unit}.d`]) assert.ok(watched.includes(p), p);
    assert.equal(assemble('{}', files).serviceSources, undefined, 'off unless asked for');
  });
});

describe('file SecretRefs, read under OpenClaw\'s rules', () => {
  const config = (id: string, mode = '') =>
    `{ secrets: { providers: { vault: { source: "file", path: "/home/u/.openclaw/secrets.json"${mode} } } }, gateway: { auth: { token: { source: "file", provider: "vault", id: "${id}" } } } }`;
  function reader(text: string, facts: Partial<FileFacts> = {}): SourceReader {
    const files = memoryReader({ '/home/u/.openclaw/secrets.json': text });
    return { ...files, inspect: (p) => (p === '/home/u/.openclaw/secrets.json' ? { symlink: false, regularFile: true, mode: 0o600, uid: 1000, ...facts } : undefined) };
  }
  function slotOf(text: string, id: string, mode = '', facts: Partial<FileFacts> = {}, uid = 1000) {
    const effective = assembleEffectiveConfig({ doc: parseConfigDocument(config(id, mode)), configPath: CONFIG, clientEnv: {}, reader: reader(text, facts), home: HOME, uid });
    return buildGatewayModel(effective.assembled.main.doc, { env: {}, inContainer: false, effective }).slots['gateway.auth.token'];
  }
  it('json mode reads the JSON pointer', () => {
    const slot = slotOf('{"gateway":{"token":"from-file"}}', '/gateway/token');
    assert.deepEqual(slot.resolved, { state: 'value', value: 'from-file' });
    assert.equal(slot.fileSecret?.state, 'value');
  });
  it('singleValue mode reads the whole file under id "value", one trailing newline dropped', () => {
    assert.deepEqual(slotOf('whole-file\n', 'value', ', mode: "singleValue"').resolved, { state: 'value', value: 'whole-file' });
    assert.equal(slotOf('whole-file\n', 'other', ', mode: "singleValue"').fileSecret?.state === 'failed' ? 'failed' : 'ok', 'failed');
  });
  it('refuses what OpenClaw refuses: open permissions, another owner, a symlink, a missing pointer', () => {
    const failure = (slot: ReturnType<typeof slotOf>) => (slot.fileSecret?.state === 'failed' ? slot.fileSecret.failure : 'value');
    assert.equal(failure(slotOf('{"t":"x"}', '/t', '', { mode: 0o644 })), 'too-open');
    assert.equal(failure(slotOf('{"t":"x"}', '/t', '', { uid: 0 })), 'not-owned');
    assert.equal(failure(slotOf('{"t":"x"}', '/t', '', { symlink: true })), 'symlink');
    assert.equal(failure(slotOf('{"t":"x"}', '/missing')), 'not-found');
    assert.equal(failure(slotOf('[1]', '/t')), 'not-json-object');
    assert.equal(slotOf('{"t":"x"}', '/t', '', { mode: 0o644 }).resolved.state, 'unresolved');
  });
  it('a provider that is missing or not a file provider is reported as such', () => {
    const env: Environment = {};
    const doc = parseConfigDocument('{ gateway: { auth: { token: { source: "file", provider: "nope", id: "/t" } } } }');
    const effective = assembleEffectiveConfig({ doc, configPath: CONFIG, clientEnv: env, reader: reader('{}'), home: HOME });
    const slot = buildGatewayModel(doc, { env, inContainer: false, effective }).slots['gateway.auth.token'];
    assert.equal(slot.fileSecret?.state === 'failed' ? slot.fileSecret.failure : '', 'no-provider');
  });
});

describe('what the openclaw CLI sends', () => {
  it('with OPENCLAW_GATEWAY_URL only the environment\'s secret, never the config\'s', () => {
    const config = '{ gateway: { mode: "local", auth: { token: "from-config" } } }';
    assert.equal(cliCredential(modelOf(config, {}, { clientEnv: {} }))?.value, 'from-config');
    assert.equal(cliCredential(modelOf(config, {}, { clientEnv: { OPENCLAW_GATEWAY_URL: 'ws://127.0.0.1:1' } })), undefined);
    const withToken = cliCredential(modelOf(config, {}, { clientEnv: { OPENCLAW_GATEWAY_URL: 'ws://127.0.0.1:1', OPENCLAW_GATEWAY_TOKEN: 'from-env' } }));
    assert.deepEqual([withToken?.value, withToken?.source], ['from-env', 'OPENCLAW_GATEWAY_TOKEN']);
  });
});
