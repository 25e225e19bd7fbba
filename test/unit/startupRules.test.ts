import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Analysis } from '../../src/core/analyze';
import { memoryReader, type FileFacts, type SourceReader } from '../../src/core/effective/sourceReader';
import { fixesFor } from '../../src/core/fixes/applyFixes';
import { applyTextEdits } from '../../src/core/fixes/textEdits';
import type { NetworkFacts } from '../../src/core/hostFacts';
import type { RuleCode } from '../../src/core/rules/ruleTable';
import type { Finding } from '../../src/core/rules/ruleTypes';
import { STRONG, STRONG_2, TEST_CONFIG, analyzeFiles, covered, textOf, type MultiFileInput } from './ruleHelpers';

/*
 * The start-up rules where a table row is not enough: environments assembled from .env files and
 * env.vars, secret files with their permissions, included files, and the machine's network.
 */

const DOTENV = '/home/u/.openclaw/.env';
const SECRETS = '/home/u/.openclaw/secrets.json';
const NEW = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';

function of(analysis: Analysis, code: RuleCode): Finding[] {
  return analysis.findings.filter((f) => f.code === code);
}

function only(analysis: Analysis, code: RuleCode): Finding {
  const found = of(analysis, code);
  assert.equal(found.length, 1, `expected one ${code}, got: ${analysis.findings.map((f) => `${f.code}: ${textOf(f)}`).join('\n')}`);
  return found[0];
}

/** No message or related message of any finding spells out a secret. */
function assertNoSecretShown(analysis: Analysis, secrets: readonly string[]): void {
  for (const f of analysis.findings) {
    for (const text of [textOf(f), ...f.related.map((r) => textOf(r))]) {
      for (const secret of secrets) assert.ok(!text.includes(secret), `${f.code} shows a secret: ${text}`);
    }
  }
}

/** A reader that also answers OpenClaw's questions about the secret file (lstat facts). */
function withSecretFile(files: Record<string, string>, facts: Partial<FileFacts> = {}): SourceReader {
  const base = memoryReader(files);
  return {
    ...base,
    inspect: (path) => (Object.hasOwn(files, path) ? { symlink: false, regularFile: true, mode: 0o600, uid: 1000, ...facts } : undefined),
  };
}

const FILE_PROVIDER = `secrets: { providers: { vault: { source: "file", path: "${SECRETS}" } } }`;

function fileTokenConfig(id = '/gateway/token', provider = FILE_PROVIDER): string {
  return `{\n  ${provider},\n  gateway: { mode: "local", auth: { mode: "token", token: { source: "file", provider: "vault", id: "${id}" } } },\n}\n`;
}

function analyzeSecretFile(config: string, text: string | undefined, facts: Partial<FileFacts> = {}): Analysis {
  const files: Record<string, string> = text === undefined ? {} : { [SECRETS]: text };
  return analyzeFiles({ config }, { reader: withSecretFile(files, facts), uid: 1000 });
}

describe('secret-unavailable: the gateway environment is assembled from .env files and env.vars', () => {
  const config = '{ gateway: { mode: "local", auth: { mode: "token", token: "$GW_TOKEN" } } }';
  it('a variable only the client has does not reach the gateway', () => {
    const analysis = analyzeFiles({ config, env: { GW_TOKEN: STRONG }, gatewayEnv: {} });
    const finding = only(analysis, 'secret-unavailable');
    assert.equal(covered(config, finding), '$GW_TOKEN');
    assert.equal(finding.severity, 'error', 'the .env files were read: the gateway certainly lacks it');
    assert.ok(textOf(finding).includes('not set for the gateway (not in its environment, the .env files OpenClaw reads, or env.vars)'), textOf(finding));
    assert.deepEqual(of(analysis, 'token-env-reference'), [], 'reported once, by secret-unavailable');
    assertNoSecretShown(analysis, [STRONG]);
  });
  it('set in ~/.openclaw/.env: the gateway has it, and token-env-reference names the line', () => {
    const analysis = analyzeFiles({ config, files: { [DOTENV]: '# tokens\nGW_TOKEN=' + STRONG + '\n' }, gatewayEnv: {} });
    assert.deepEqual(of(analysis, 'secret-unavailable'), []);
    const info = only(analysis, 'token-env-reference');
    assert.ok(textOf(info).includes(`${DOTENV}, line 2`), textOf(info));
    assertNoSecretShown(analysis, [STRONG]);
  });
  it('set by env.vars: the origin is the env.vars entry', () => {
    const withVars = `{ env: { vars: { GW_TOKEN: "${STRONG}" } }, gateway: { mode: "local", auth: { mode: "token", token: "$GW_TOKEN" } } }`;
    const analysis = analyzeFiles({ config: withVars, gatewayEnv: {} });
    assert.deepEqual(of(analysis, 'secret-unavailable'), []);
    assert.ok(textOf(only(analysis, 'token-env-reference')).includes(`env.vars in ${TEST_CONFIG}, line 1`));
  });
  it('a given gateway environment is named as such', () => {
    const analysis = analyzeFiles({ config, env: {}, gatewayEnv: { GW_TOKEN: STRONG } });
    assert.ok(textOf(only(analysis, 'token-env-reference')).includes("set in the gateway's environment"));
  });
  it('a working-directory .env is the client\'s, never the gateway\'s', () => {
    const analysis = analyzeFiles({ config, cwd: '/work', files: { '/work/.env': `GW_TOKEN=${STRONG}\n` } });
    assert.ok(textOf(only(analysis, 'secret-unavailable')).includes('GW_TOKEN'));
  });
  it('a secret that looks like $NAME is shown only as a fingerprint', () => {
    const literal = '$K8V2QX70123456789ABCDEF';
    const analysis = analyzeFiles({ config: `{ gateway: { mode: "local", auth: { mode: "token", token: "${literal}" }, remote: { token: "${literal}" } } }` });
    const findings = of(analysis, 'secret-unavailable');
    assert.equal(findings.length, 2, 'the gateway and the clients both read it as a variable');
    for (const f of findings) assert.match(textOf(f), /fp:[0-9a-f]{8}/);
    assertNoSecretShown(analysis, ['K8V2QX70123456789ABCDEF']);
  });
  it('an env SecretRef through a configured env provider honours its allowlist', () => {
    const denied = `{ secrets: { providers: { envp: { source: "env", allowlist: ["OTHER"] } } }, gateway: { mode: "local", auth: { mode: "token", token: { source: "env", provider: "envp", id: "GW_TOKEN" } } } }`;
    const text = textOf(only(analyzeFiles({ config: denied, env: { GW_TOKEN: STRONG } }), 'secret-unavailable'));
    assert.ok(text.includes('Environment variable "GW_TOKEN" is not allowlisted in secrets.providers.envp.allowlist.'), text);
    const allowed = denied.replace('"OTHER"', '"GW_TOKEN"');
    assert.deepEqual(of(analyzeFiles({ config: allowed, env: { GW_TOKEN: STRONG } }), 'secret-unavailable'), []);
  });
  it('a provider of another source is refused with OpenClaw\'s words', () => {
    const config = `{ ${FILE_PROVIDER}, gateway: { mode: "local", auth: { mode: "token", token: { source: "exec", provider: "vault", id: "gw" } } } }`;
    const text = textOf(only(analyzeFiles({ config }), 'secret-unavailable'));
    assert.ok(text.includes('Secret provider "vault" has source "file" but ref requests "exec".'), text);
  });
});

describe('secret-unavailable: file SecretRefs read under OpenClaw\'s rules', () => {
  const json = JSON.stringify({ gateway: { token: STRONG } });
  it('a readable 0600 file with the pointer is fine', () => {
    const analysis = analyzeSecretFile(fileTokenConfig(), json);
    assert.deepEqual(of(analysis, 'secret-unavailable'), []);
    assert.deepEqual(of(analysis, 'secret-unchecked'), []);
  });
  const failures: Array<{ name: string; config?: string; text?: string; facts?: Partial<FileFacts>; says: string[] }> = [
    { name: 'permissions too open', facts: { mode: 0o644 }, says: [`secrets.providers.vault.path permissions are too open: ${SECRETS}`, `chmod 600 ${SECRETS}`] },
    { name: 'missing file', text: undefined, says: [`secrets.providers.vault.path is not readable: ${SECRETS}`] },
    { name: 'a symlink', facts: { symlink: true }, says: ['must not be a symlink'] },
    { name: 'not a regular file', facts: { regularFile: false }, says: ['must be a file'] },
    { name: 'owned by someone else', facts: { uid: 0 }, says: ['must be owned by the effective user'] },
    { name: 'not JSON', text: 'token=abc', says: ['File provider "vault" payload is not a JSON object.'] },
    { name: 'pointer not found', config: fileTokenConfig('/gateway/other'), says: ['has no string at /gateway/other', 'secret reference was not found'] },
    {
      name: 'singleValue with another id',
      config: fileTokenConfig('/gateway/token', `secrets: { providers: { vault: { source: "file", path: "${SECRETS}", mode: "singleValue" } } }`),
      says: ['singleValue file provider "vault" expects ref id "value".'],
    },
    { name: 'no such provider', config: fileTokenConfig('/gateway/token', 'secrets: {}'), says: ['Secret provider "vault" is not configured (ref: file:vault:/gateway/token).'] },
    { name: 'id "value" in json mode', config: fileTokenConfig('value'), says: ['File-backed secret ids must be absolute JSON pointers'] },
  ];
  for (const c of failures) {
    it(`${c.name}: the gateway exits 1, and the message says why`, () => {
      const config = c.config ?? fileTokenConfig();
      const analysis = analyzeSecretFile(config, 'text' in c ? c.text : json, c.facts);
      const finding = only(analysis, 'secret-unavailable');
      assert.equal(finding.severity, 'error');
      assert.ok(covered(config, finding).startsWith('{ source: "file"'), covered(config, finding));
      for (const word of [...c.says, 'Startup failed: required secrets are unavailable.']) assert.ok(textOf(finding).includes(word), `${word}: ${textOf(finding)}`);
      assertNoSecretShown(analysis, [STRONG]);
    });
  }
  it('an id that is no JSON pointer makes the config invalid, which validate already says', () => {
    const finding = only(analyzeSecretFile(fileTokenConfig('gateway.token'), json), 'secret-unavailable');
    assert.equal(finding.messageId, 'configRejected');
    assert.ok(textOf(finding).includes('File secret reference id must be an absolute JSON pointer'), textOf(finding));
    assert.ok(!textOf(finding).includes('validate passes'), textOf(finding));
  });
  it('points at the provider\'s path as the related place', () => {
    const config = fileTokenConfig();
    const finding = only(analyzeSecretFile(config, json, { mode: 0o640 }), 'secret-unavailable');
    assert.equal(finding.related.length, 1);
    assert.equal(covered(config, finding.related[0]), SECRETS);
  });
  it('a SecretRef in an included file is reported in that file', () => {
    const include = '/home/u/.openclaw/auth.json5';
    const includeText = '{ mode: "token", token: { source: "file", provider: "vault", id: "/gateway/token" } }';
    const config = `{ ${FILE_PROVIDER}, gateway: { mode: "local", auth: { $include: "./auth.json5" } } }`;
    const finding = only(analyzeFiles({ config }, { reader: withSecretFile({ [include]: includeText, [SECRETS]: json }, { mode: 0o666 }), uid: 1000 }), 'secret-unavailable');
    assert.equal(finding.file, include);
    assert.ok(covered(includeText, finding).startsWith('{ source: "file"'));
  });
});

describe('secret-unavailable: gateway.remote.* fails clients, not the gateway', () => {
  const remote = (extra: Partial<MultiFileInput> = {}) =>
    analyzeFiles({ config: '{ gateway: { mode: "remote", remote: { url: "wss://gw.example.com", token: "$GW_REMOTE_TOKEN" } } }', ...extra });
  it('remote mode with nothing else to send: the CLI error, as a warning', () => {
    const finding = only(remote(), 'secret-unavailable');
    assert.equal(finding.severity, 'warning');
    assert.ok(textOf(finding).includes('"gateway.remote.token is configured as a secret reference but is unavailable in this command path."'));
  });
  it('the client\'s own environment counts, not the gateway\'s', () => {
    assert.deepEqual(of(remote({ env: { GW_REMOTE_TOKEN: STRONG }, gatewayEnv: {} }), 'secret-unavailable'), []);
  });
  it('with OPENCLAW_GATEWAY_TOKEN the client sends that instead (information)', () => {
    const finding = only(remote({ env: { OPENCLAW_GATEWAY_TOKEN: STRONG } }), 'secret-unavailable');
    assert.equal(finding.severity, 'information');
    assert.ok(textOf(finding).includes('send OPENCLAW_GATEWAY_TOKEN instead'));
  });
});

describe('secret-unchecked: exec providers, the secret store, relative file paths', () => {
  it('an exec SecretRef names its provider and what the gateway does when it fails', () => {
    const config = '{ secrets: { providers: { pass: { source: "exec", command: "/usr/bin/pass" } } }, gateway: { mode: "local", auth: { mode: "token", token: { source: "exec", provider: "pass", id: "gw/token" } } } }';
    const analysis = analyzeFiles({ config });
    const finding = only(analysis, 'secret-unchecked');
    for (const word of ['exec provider "pass"', 'cannot be checked here', 'the gateway exits 1']) assert.ok(textOf(finding).includes(word), textOf(finding));
    assert.deepEqual(of(analysis, 'secret-unavailable'), []);
  });
  it('a relative file provider path depends on the gateway\'s working directory', () => {
    const config = fileTokenConfig('/gateway/token', 'secrets: { providers: { vault: { source: "file", path: "secrets.json" } } }');
    const finding = only(analyzeSecretFile(config, '{}'), 'secret-unchecked');
    assert.ok(textOf(finding).includes('whose path "secrets.json" is relative'), textOf(finding));
  });
  it('a file SecretRef checked without its files says so', () => {
    const finding = only(analyzeFiles({ config: fileTokenConfig() }, { configPath: undefined, reader: undefined }), 'secret-unchecked');
    assert.ok(textOf(finding).includes('whose file was not read'), textOf(finding));
  });
});

describe('auth-mode-inferred: OPENCLAW_GATEWAY_PASSWORD from a .env file', () => {
  const config = `{ gateway: { mode: "local", auth: { token: "${STRONG}" } } }`;
  const files = { [DOTENV]: `OPENCLAW_GATEWAY_TOKEN_OLD=x\nOPENCLAW_GATEWAY_PASSWORD=${STRONG_2}\n` };
  it('anchors on the token, names the .env line, and points at the value set there', () => {
    const analysis = analyzeFiles({ config, files, gatewayEnv: {} });
    const finding = only(analysis, 'auth-mode-inferred');
    assert.equal(covered(config, finding), STRONG);
    assert.ok(textOf(finding).includes(`${DOTENV}, line 2`), textOf(finding));
    assert.equal(finding.related.length, 1);
    assert.equal(finding.related[0].file, DOTENV);
    // The related place is the value of that line (where a fix or an edit happens), shown, never quoted.
    assert.equal(covered(files[DOTENV], finding.related[0]), STRONG_2);
    assertNoSecretShown(analysis, [STRONG, STRONG_2]);
  });
  it('the fix pins token mode (not a safe fix: it changes which secret the gateway accepts)', () => {
    const analysis = analyzeFiles({ config, files, gatewayEnv: {} });
    const [fix] = fixesFor(analysis, only(analysis, 'auth-mode-inferred'), {});
    assert.equal(fix.safe, false);
    const fixed = applyTextEdits(config, fix.edits);
    assert.deepEqual(of(analyzeFiles({ config: fixed, files, gatewayEnv: {} }), 'auth-mode-inferred'), []);
  });
});

describe('auth-secret-missing: the password may come from a .env file', () => {
  it('password mode with OPENCLAW_GATEWAY_PASSWORD in ~/.openclaw/.env starts', () => {
    const analysis = analyzeFiles({ config: '{ gateway: { mode: "local", auth: { mode: "password" } } }', files: { [DOTENV]: `OPENCLAW_GATEWAY_PASSWORD=${STRONG}\n` } });
    assert.deepEqual(of(analysis, 'auth-secret-missing'), []);
  });
  it('a password only the client has does not help the gateway', () => {
    const analysis = analyzeFiles({ config: '{ gateway: { mode: "local", auth: { mode: "password" } } }', env: { OPENCLAW_GATEWAY_PASSWORD: STRONG }, gatewayEnv: {} });
    assert.ok(textOf(only(analysis, 'auth-secret-missing')).includes('exits 78'));
  });
});

describe('trusted-proxy-invalid across files', () => {
  const complete = '{ gateway: { mode: "local", $include: "./proxies.json5", auth: { mode: "trusted-proxy", trustedProxy: { userHeader: "x-forwarded-user" } } } }';
  it('trustedProxies from an included file count', () => {
    const analysis = analyzeFiles({ config: complete, files: { '/home/u/.openclaw/proxies.json5': '{ trustedProxies: ["10.0.0.1"] }' } });
    assert.deepEqual(of(analysis, 'trusted-proxy-invalid'), []);
  });
  it('an empty list in the include does not', () => {
    const analysis = analyzeFiles({ config: complete, files: { '/home/u/.openclaw/proxies.json5': '{ trustedProxies: [] }' } });
    assert.ok(textOf(only(analysis, 'trusted-proxy-invalid')).includes('exits 78'));
  });
  it('OPENCLAW_GATEWAY_TOKEN from a .env file conflicts, with the line as related place', () => {
    const files = { '/home/u/.openclaw/proxies.json5': '{ trustedProxies: ["10.0.0.1"] }', [DOTENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG}\n` };
    const analysis = analyzeFiles({ config: complete, files, gatewayEnv: {} });
    const finding = only(analysis, 'trusted-proxy-invalid');
    assert.ok(textOf(finding).includes('mutually exclusive'));
    assert.equal(finding.related[0]?.file, DOTENV);
    assertNoSecretShown(analysis, [STRONG]);
  });
});

describe('bind rules with the machine\'s network facts', () => {
  const lan: NetworkFacts = { tailscale: false, addresses: ['127.0.0.1', '::1', '192.168.1.20'] };
  const tailnet: NetworkFacts = { tailscale: true, addresses: ['127.0.0.1', '192.168.1.20', '100.101.102.103'] };
  const custom = (host: string) => `{ gateway: { mode: "local", bind: "custom", customBindHost: "${host}", auth: { token: "${STRONG}" } } }`;
  it('bind-custom-host: an address of another machine is refused with OpenClaw\'s words', () => {
    const config = custom('192.0.2.10');
    const finding = only(analyzeFiles({ config, network: lan }), 'bind-custom-host');
    assert.equal(finding.severity, 'error');
    assert.equal(covered(config, finding), '192.0.2.10');
    assert.ok(textOf(finding).includes('"gateway bind=custom requested 192.0.2.10 but resolved 0.0.0.0; refusing fallback"'), textOf(finding));
  });
  it('bind-custom-host: this machine\'s address, loopback and the wildcard are fine', () => {
    for (const host of ['192.168.1.20', '127.0.0.1', '127.0.0.2', '0.0.0.0']) assert.deepEqual(of(analyzeFiles({ config: custom(host), network: lan }), 'bind-custom-host'), [], host);
  });
  it('bind-custom-host: the host may live in an included file', () => {
    const config = `{ gateway: { mode: "local", bind: "custom", $include: "./host.json5", auth: { token: "${STRONG}" } } }`;
    const finding = only(analyzeFiles({ config, files: { '/home/u/.openclaw/host.json5': '{ customBindHost: "192.0.2.10" }' }, network: lan }), 'bind-custom-host');
    assert.equal(finding.file, '/home/u/.openclaw/host.json5');
  });
  it('bind-tailnet-fallback: no Tailscale address, the gateway listens on loopback, and bind-without-auth stays quiet', () => {
    const config = '{ gateway: { mode: "local", bind: "tailnet" } }';
    const analysis = analyzeFiles({ config, network: lan });
    const finding = only(analysis, 'bind-tailnet-fallback');
    assert.equal(finding.severity, 'information');
    assert.equal(covered(config, finding), 'tailnet');
    assert.ok(textOf(finding).includes('no tailscale command on the PATH'), textOf(finding));
    assert.ok(textOf(finding).includes('falls back to loopback (127.0.0.1)'), textOf(finding));
    assert.deepEqual(of(analysis, 'bind-without-auth'), []);
  });
  it('bind-tailnet-fallback: Tailscale installed but not connected is said so', () => {
    const analysis = analyzeFiles({ config: '{ gateway: { mode: "local", bind: "tailnet" } }', network: { tailscale: true, addresses: ['127.0.0.1'] } });
    assert.ok(textOf(only(analysis, 'bind-tailnet-fallback')).includes('installed but not connected'));
  });
  it('with a Tailscale address the gateway binds there: no fallback, and without auth it refuses', () => {
    const analysis = analyzeFiles({ config: '{ gateway: { mode: "local", bind: "tailnet" } }', network: tailnet });
    assert.deepEqual(of(analysis, 'bind-tailnet-fallback'), []);
    const refusal = only(analysis, 'bind-without-auth');
    assert.ok(!textOf(refusal).includes('Unless this machine has no Tailscale address'), textOf(refusal));
  });
  it('with the machine unknown, bind-without-auth says when it would fall back, and nothing claims a fallback', () => {
    const analysis = analyzeFiles({ config: '{ gateway: { mode: "local", bind: "tailnet" } }' });
    assert.deepEqual(of(analysis, 'bind-tailnet-fallback'), []);
    assert.ok(textOf(only(analysis, 'bind-without-auth')).includes('Unless this machine has no Tailscale address'));
  });
});

describe('hooks-token-reused', () => {
  const config = (hooks: string, auth = `token: "${STRONG}"`) => `{ gateway: { mode: "local", auth: { ${auth} } }, hooks: { ${hooks} } }`;
  it('anchors on hooks.token, names the gateway secret by its place and fingerprint, and points at it', () => {
    const text = config(`enabled: true, token: "${STRONG}"`);
    const analysis = analyzeFiles({ config: text });
    const finding = only(analysis, 'hooks-token-reused');
    assert.equal(finding.severity, 'warning');
    assert.equal(covered(text, finding), STRONG);
    assert.ok(finding.offset > text.indexOf('hooks'));
    assert.ok(textOf(finding).includes('Security warning: hooks.token matches active Gateway shared-secret auth.'), textOf(finding));
    assert.match(textOf(finding), /gateway\.auth\.token \(fp:[0-9a-f]{8}\)/);
    assert.equal(finding.related[0].offset, text.indexOf(STRONG));
    assertNoSecretShown(analysis, [STRONG]);
  });
  it('OpenClaw only compares when hooks are enabled', () => {
    assert.deepEqual(of(analyzeFiles({ config: config(`token: "${STRONG}"`) }), 'hooks-token-reused'), []);
    assert.deepEqual(of(analyzeFiles({ config: config(`enabled: false, token: "${STRONG}"`) }), 'hooks-token-reused'), []);
  });
  it('a different hooks token is fine', () => {
    assert.deepEqual(of(analyzeFiles({ config: config(`enabled: true, token: "${STRONG_2}"`) }), 'hooks-token-reused'), []);
  });
  it('OpenClaw trims hooks.token before it compares', () => {
    assert.equal(of(analyzeFiles({ config: config(`enabled: true, token: " ${STRONG} "`) }), 'hooks-token-reused').length, 1);
  });
  it('in password mode the password counts, also from OPENCLAW_GATEWAY_PASSWORD in a .env file', () => {
    const files = { [DOTENV]: `OPENCLAW_GATEWAY_PASSWORD=${STRONG_2}\n` };
    const analysis = analyzeFiles({ config: config(`enabled: true, token: "${STRONG_2}"`, 'mode: "password"'), files, gatewayEnv: {} });
    const finding = only(analysis, 'hooks-token-reused');
    assert.ok(textOf(finding).includes('OPENCLAW_GATEWAY_PASSWORD'));
    assert.equal(finding.related[0].file, DOTENV);
    assertNoSecretShown(analysis, [STRONG_2]);
  });
  it('in trusted-proxy mode the password counts, never the token', () => {
    const proxy = 'mode: "trusted-proxy", trustedProxy: { userHeader: "x-user" }';
    assert.equal(of(analyzeFiles({ config: config(`enabled: true, token: "${STRONG_2}"`, `${proxy}, password: "${STRONG_2}"`) }), 'hooks-token-reused').length, 1);
    assert.deepEqual(of(analyzeFiles({ config: config(`enabled: true, token: "${STRONG}"`, `${proxy}, token: "${STRONG}"`) }), 'hooks-token-reused'), []);
  });
  it('${VAR} in hooks.token is compared after substitution, and then not overwritten by the fix', () => {
    const text = config('enabled: true, token: "${HOOKS_TOKEN}"');
    const analysis = analyzeFiles({ config: text, env: { HOOKS_TOKEN: STRONG } });
    assert.deepEqual(fixesFor(analysis, only(analysis, 'hooks-token-reused'), {}, { generateToken: () => NEW }), []);
  });
  it('hooks.token in an included file: the finding and the new token go there', () => {
    const include = '/home/u/.openclaw/hooks.json5';
    const includeText = `{ enabled: true, token: "${STRONG}" }`;
    const analysis = analyzeFiles({ config: `{ gateway: { mode: "local", auth: { token: "${STRONG}" } }, hooks: { $include: "./hooks.json5" } }`, files: { [include]: includeText } });
    const finding = only(analysis, 'hooks-token-reused');
    assert.equal(finding.file, include);
    const [fix] = fixesFor(analysis, finding, {}, { generateToken: () => NEW });
    assert.equal(fix.safe, false);
    assert.ok(fix.generatesSecret);
    assert.ok(fix.edits.every((e) => e.file === include));
    assert.equal(applyTextEdits(includeText, fix.edits), `{ enabled: true, token: "${NEW}" }`);
  });
});
