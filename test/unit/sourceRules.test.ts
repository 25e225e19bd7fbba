import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Analysis } from '../../src/core/analyze';
import { fixAll, fixesFor, safeFixFor } from '../../src/core/fixes/applyFixes';
import { applyTextEdits } from '../../src/core/fixes/textEdits';
import { english } from '../../src/core/messages';
import type { RuleCode } from '../../src/core/rules/ruleTable';
import type { Finding } from '../../src/core/rules/ruleTypes';
import { fingerprint } from '../../src/core/secretValues';
import { MULTI_FILE_CORPUS } from './multiFileCorpus';
import { analyzeFiles, covered, inputReader, STRONG, STRONG_2, TEST_CONFIG, TEST_HOME, textOf, unfilledPlaceholders, type MultiFileInput } from './ruleHelpers';

const DIR = '/home/u/.openclaw';
const STATE_ENV = `${DIR}/.env`;
const GATEWAY_ENV = '/home/u/.config/openclaw/gateway.env';
const WORKSPACE = '/work/project';
const WORKSPACE_ENV = `${WORKSPACE}/.env`;
const STRONG_3 = 'c0ffee5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f2011';

type Root = Record<string, unknown>;

/** The same config as strict JSON and as JSON5 the way OpenClaw's docs write it (comments, bare keys, single quotes). */
function dialects(root: Root): Array<{ dialect: 'json' | 'json5'; text: string }> {
  const write = (value: unknown, indent: string): string => {
    if (value === null || typeof value !== 'object') {
      if (typeof value === 'string') return "'" + value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\0/g, '\\0') + "'";
      return JSON.stringify(value);
    }
    const inner = indent + '  ';
    if (Array.isArray(value)) return '[' + value.map((v) => write(v, inner)).join(', ') + ']';
    const entries = Object.entries(value as Root).map(([k, v]) => {
      const key = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k);
      return `${inner}// ${k}\n${inner}${key}: ${write(v, inner)},`;
    });
    return '{\n' + entries.join('\n') + '\n' + indent + '}';
  };
  return [
    { dialect: 'json', text: JSON.stringify(root, null, 2) },
    { dialect: 'json5', text: '// OpenClaw config (JSON5)\n' + write(root, '') + '\n' },
  ];
}

type Scenario = Omit<MultiFileInput, 'config'> & { root: Root; gatewayEnvFile?: { path: string; text: string } };

function run(scenario: Scenario, text: string): Analysis {
  const { root: _root, gatewayEnvFile, ...rest } = scenario;
  return analyzeFiles({ ...rest, config: text }, gatewayEnvFile ? { gatewayEnvFile } : {});
}

function ofCode(analysis: Analysis, code: RuleCode): Finding[] {
  return analysis.findings.filter((f) => f.code === code);
}

/** The text of whichever file a span points into. */
function fileText(analysis: Analysis, span: { file?: string }, configText: string): string {
  if (span.file === undefined) return configText;
  const file = analysis.files.get(span.file);
  assert.ok(file, `no analysis file ${span.file}`);
  return file.text;
}

interface Expectation {
  messageId: string;
  file?: string;
  covers?: string;
  says?: string[];
  /** Text that must not appear (secrets, values). */
  never?: string[];
  related?: Array<{ file?: string; covers: string }>;
}

/** Runs a scenario in both dialects: exactly one finding of `code`, as expected. */
function expectOne(code: RuleCode, scenario: Scenario, expected: Expectation): void {
  for (const { dialect, text } of dialects(scenario.root)) {
    const analysis = run(scenario, text);
    const found = ofCode(analysis, code);
    assert.equal(found.length, 1, `${dialect}: expected one ${code}, got ${JSON.stringify(found.map(textOf))}\n${text}`);
    const [finding] = found;
    assert.equal(finding.messageId, expected.messageId, `${dialect}: ${textOf(finding)}`);
    assert.equal(finding.file, expected.file, dialect);
    if (expected.covers !== undefined) assert.equal(covered(fileText(analysis, finding, text), finding), expected.covers, dialect);
    const message = textOf(finding);
    for (const word of expected.says ?? []) assert.ok(message.includes(word), `${dialect}: should say ${word}: ${message}`);
    const everything = [message, ...finding.related.map((r) => english(r.message))].join('\n');
    for (const word of expected.never ?? []) assert.ok(!everything.includes(word), `${dialect}: must not show ${word}: ${everything}`);
    assert.deepEqual(unfilledPlaceholders(finding.message), [], message);
    assert.doesNotMatch(message, /\{\w+\}/);
    if (expected.related) {
      assert.deepEqual(
        finding.related.map((r) => ({ file: r.file, covers: covered(fileText(analysis, r, text), r) })),
        expected.related,
        `${dialect}: related of ${message}`,
      );
    }
  }
}

function expectNone(code: RuleCode, scenario: Scenario): void {
  for (const { dialect, text } of dialects(scenario.root)) {
    const found = ofCode(run(scenario, text), code);
    assert.deepEqual(found.map(textOf), [], `${dialect}:\n${text}`);
  }
}

const local = (gateway: Root = {}): Root => ({ gateway: { mode: 'local', bind: 'loopback', ...gateway } });
/** The release whose behaviour these tests describe, as the config's meta says (the messages differ by release: versionedRules.test.ts). */
const CURRENT: Root = { meta: { lastTouchedVersion: '2026.9.6' } };
const withToken = (gateway: Root = {}): Root => local({ auth: { mode: 'token', token: STRONG }, remote: { token: STRONG }, ...gateway });

describe('include-invalid', () => {
  const outcome = `OpenClaw then rejects the whole config: \`openclaw gateway run\` refuses to start with "Invalid config at ${TEST_CONFIG}:"`;
  it('an include outside the config directory: OpenClaw refuses the config (exit 78), it does not drop the settings', () => {
    expectOne('include-invalid', { root: { $include: '../outside.json5', ...withToken() }, files: { '/home/u/outside.json5': '{}' } }, {
      messageId: 'escapes',
      covers: '../outside.json5',
      says: ['Include path escapes config directory: ../outside.json5 (root: /home/u/.openclaw)', outcome, 'exit code 78', 'openclaw config validate'],
    });
  });
  it('near miss: inside the config directory, or in OPENCLAW_INCLUDE_ROOTS', () => {
    expectNone('include-invalid', { root: { $include: './parts/gw.json5', ...withToken() }, files: { [`${DIR}/parts/gw.json5`]: '{}' } });
    expectNone('include-invalid', { root: { $include: '/srv/shared/gw.json5', ...withToken() }, files: { '/srv/shared/gw.json5': '{}' }, env: { OPENCLAW_INCLUDE_ROOTS: '/srv/shared' } });
  });
  it('a symlink out of the config directory gets OpenClaw\'s symlink wording', () => {
    expectOne('include-invalid', { root: { $include: './link.json5', ...withToken() }, files: { [`${DIR}/link.json5`]: '{}' }, symlinks: { [`${DIR}/link.json5`]: '/etc/elsewhere.json5' } }, {
      messageId: 'escapesSymlink',
      covers: './link.json5',
      says: ['Include path resolves outside config directory (symlink): ./link.json5 (root: /home/u/.openclaw)'],
    });
    expectNone('include-invalid', { root: { $include: './link.json5', ...withToken() }, files: { [`${DIR}/link.json5`]: '{}' }, symlinks: { [`${DIR}/link.json5`]: `${DIR}/real.json5` } });
  });
  it('a missing file, an unreadable one, one over 2 MiB', () => {
    expectOne('include-invalid', { root: { gateway: { $include: './gw.json5' } } }, {
      messageId: 'missing',
      covers: './gw.json5',
      says: [`Failed to read include file: ./gw.json5 (resolved: ${DIR}/gw.json5)`, outcome],
    });
    expectOne('include-invalid', { root: { gateway: { $include: './gw.json5' } }, files: { [`${DIR}/gw.json5`]: '{ mode: "local" }' }, unreadable: [`${DIR}/gw.json5`] }, {
      messageId: 'unreadable',
      says: [`Failed to read include file: ./gw.json5 (resolved: ${DIR}/gw.json5)`, 'Include file failed security checks (regular file, max 2097152 bytes, no hardlinks): ./gw.json5'],
    });
    expectOne('include-invalid', { root: { gateway: { $include: './big.json5' } }, files: { [`${DIR}/big.json5`]: `{ mode: "local", note: "${'x'.repeat(2 * 1024 * 1024)}" }` } }, {
      messageId: 'tooLarge',
      says: ['Include file failed security checks (regular file, max 2097152 bytes, no hardlinks): ./big.json5'],
    });
    expectNone('include-invalid', { root: { gateway: { $include: './gw.json5' } }, files: { [`${DIR}/gw.json5`]: '{ mode: "local" }' } });
  });
  it('a file that does not parse', () => {
    expectOne('include-invalid', { root: { gateway: { $include: './gw.json5' } }, files: { [`${DIR}/gw.json5`]: '{ mode: ' } }, {
      messageId: 'parse',
      says: [`Failed to parse include file: ./gw.json5 (resolved: ${DIR}/gw.json5)`],
    });
  });
  it('a cycle, reported in the file that closes it, with the chain OpenClaw prints', () => {
    expectOne('include-invalid', { root: { $include: 'a.json5', ...withToken() }, files: { [`${DIR}/a.json5`]: '{ "$include": "./b.json5" }', [`${DIR}/b.json5`]: '{ "$include": "a.json5" }' } }, {
      messageId: 'circular',
      file: `${DIR}/b.json5`,
      covers: 'a.json5',
      says: [`Circular include detected: ${TEST_CONFIG} -> ${DIR}/a.json5 -> ${DIR}/b.json5 -> ${DIR}/a.json5`],
    });
  });
  it('deeper than 10 levels, at the include that goes one level too far', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`${DIR}/c${i}.json5`] = `{ "$include": "c${i + 1}.json5" }`;
    files[`${DIR}/c12.json5`] = '{}';
    expectOne('include-invalid', { root: { $include: 'c0.json5', ...withToken() }, files }, {
      messageId: 'depth',
      file: `${DIR}/c9.json5`,
      covers: 'c10.json5',
      says: ['Maximum include depth (10) exceeded at: c10.json5'],
    });
    const ten: Record<string, string> = {};
    for (let i = 0; i < 9; i++) ten[`${DIR}/c${i}.json5`] = `{ "$include": "c${i + 1}.json5" }`;
    ten[`${DIR}/c9.json5`] = '{}';
    expectNone('include-invalid', { root: { $include: 'c0.json5', ...withToken() }, files: ten });
  });
  it('values that are not paths, with the type OpenClaw names', () => {
    expectOne('include-invalid', { root: { $include: 42, ...withToken() } }, { messageId: 'invalidValue', covers: '42', says: ['Invalid $include value: expected string or array of strings, got number'] });
    expectOne('include-invalid', { root: { $include: null, ...withToken() } }, { messageId: 'invalidValue', says: ['got object'] });
    expectOne('include-invalid', { root: { $include: ['a.json5', true], ...withToken() }, files: { [`${DIR}/a.json5`]: '{}' } }, {
      messageId: 'invalidItem',
      covers: 'true',
      says: ['Invalid $include array item: expected string, got boolean'],
    });
    expectOne('include-invalid', { root: { $include: 'a\0b.json5', ...withToken() } }, { messageId: 'nullByte', says: ['Include path must not contain null bytes'] });
    expectOne('include-invalid', { root: { $include: 'x'.repeat(4096), ...withToken() } }, { messageId: 'tooLong', says: ['Include path exceeds maximum length (4096 characters)'] });
    expectNone('include-invalid', { root: { $include: ['a.json5', 'b.json5'], ...withToken() }, files: { [`${DIR}/a.json5`]: '{}', [`${DIR}/b.json5`]: '{}' } });
  });
  it('content that is not an object beside sibling keys', () => {
    expectOne('include-invalid', { root: local({ controlUi: { $include: './list.json5', enabled: true } }), files: { [`${DIR}/list.json5`]: '["a"]' } }, {
      messageId: 'notObject',
      covers: './list.json5',
      says: ['Sibling keys require included content to be an object'],
    });
    expectNone('include-invalid', { root: local({ controlUi: { allowedOrigins: { $include: './list.json5' } } }), files: { [`${DIR}/list.json5`]: '["a"]' } });
  });
  it('says nothing when the config was analysed without its files (no reader)', () => {
    const text = JSON.stringify({ $include: '../outside.json5', ...withToken() });
    const analysis = analyzeFiles({ config: text }, { reader: undefined, configPath: undefined });
    assert.deepEqual(ofCode(analysis, 'include-invalid'), []);
  });
});

describe('dotenv-value-cut', () => {
  const cutEnv = `# gateway\nOPENCLAW_GATEWAY_TOKEN=${STRONG}#tail\n`;
  it('a token cut at "#" in ~/.openclaw/.env: fingerprints of what is used and what was written, never the values', () => {
    expectOne('dotenv-value-cut', { root: local({ auth: { mode: 'token' } }), files: { [STATE_ENV]: cutEnv } }, {
      messageId: 'cutSecret',
      file: STATE_ENV,
      covers: '#tail',
      says: [fingerprint(STRONG), fingerprint(`${STRONG}#tail`), 'OPENCLAW_GATEWAY_TOKEN'],
      never: [STRONG, 'tail'],
    });
  });
  it('points at gateway.remote.token when it holds the whole text', () => {
    expectOne('dotenv-value-cut', { root: local({ remote: { token: `${STRONG}#tail` } }), files: { [STATE_ENV]: cutEnv } }, {
      messageId: 'cutSecret',
      file: STATE_ENV,
      related: [{ file: undefined, covers: `${STRONG}#tail` }],
      never: [STRONG],
    });
  });
  it('in ~/.config/openclaw/gateway.env and in a --gateway-env-file', () => {
    expectOne('dotenv-value-cut', { root: local(), files: { [GATEWAY_ENV]: `OPENCLAW_GATEWAY_PASSWORD=${STRONG}#x` } }, { messageId: 'cutSecret', file: GATEWAY_ENV, covers: '#x' });
    expectOne('dotenv-value-cut', { root: local(), gatewayEnvFile: { path: '/etc/openclaw/gateway.env', text: `OPENCLAW_GATEWAY_TOKEN=${STRONG}#x\n` } }, {
      messageId: 'cutSecret',
      file: '/etc/openclaw/gateway.env',
      covers: '#x',
    });
  });
  it('a value with nothing before the "#" reads as empty', () => {
    expectOne('dotenv-value-cut', { root: local(), files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=#${STRONG}` } }, { messageId: 'cutEmpty', file: STATE_ENV, covers: `#${STRONG}`, never: [STRONG] });
  });
  it('a value that is not a secret: lengths only', () => {
    expectOne('dotenv-value-cut', { root: local(), files: { [STATE_ENV]: 'OPENCLAW_GATEWAY_PORT=18790#old  \n' } }, {
      messageId: 'cut',
      file: STATE_ENV,
      covers: '#old',
      says: ['only the 5 characters', 'drops the 4 characters'],
      never: ['18790'],
    });
    // A secret by OpenClaw's key rule (api.?key) is fingerprinted, whatever it is.
    expectOne('dotenv-value-cut', { root: local(), files: { [STATE_ENV]: 'OPENAI_API_KEY=sk-abc#def\n' } }, { messageId: 'cutSecret', file: STATE_ENV, never: ['sk-abc'] });
  });
  it('near misses: a comment after a space, a quoted value, a line hidden by the process environment, an earlier duplicate', () => {
    expectNone('dotenv-value-cut', { root: local(), files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG} # rotated in May\n` } });
    expectNone('dotenv-value-cut', { root: local(), files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN="${STRONG}#tail"\n` } });
    expectNone('dotenv-value-cut', { root: local(), files: { [STATE_ENV]: cutEnv }, env: { OPENCLAW_GATEWAY_TOKEN: STRONG_2 } });
    expectNone('dotenv-value-cut', { root: local(), files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG}#tail\nOPENCLAW_GATEWAY_TOKEN=${STRONG_2}\n` } });
  });
  it('the quote fix is not safe, edits the .env file, and makes the value whole', () => {
    const scenario: MultiFileInput = { config: JSON.stringify(local({ remote: { token: `${STRONG}#tail` } })), files: { [STATE_ENV]: cutEnv } };
    const before = analyzeFiles(scenario);
    const [finding] = ofCode(before, 'dotenv-value-cut');
    assert.equal(safeFixFor(before, finding, {}), undefined);
    const [fix] = fixesFor(before, finding, {});
    assert.equal(fix.fixId, 'quoteValue');
    assert.equal(fix.safe, false);
    assert.ok(fix.edits.every((e) => e.file === STATE_ENV));
    assert.ok(!english(fix.title).includes(STRONG));
    const fixed = applyTextEdits(cutEnv, fix.edits);
    assert.equal(fixed, `# gateway\nOPENCLAW_GATEWAY_TOKEN='${STRONG}#tail'\n`);
    const after = analyzeFiles({ ...scenario, files: { [STATE_ENV]: fixed } });
    assert.deepEqual(ofCode(after, 'dotenv-value-cut'), []);
    assert.equal(after.model?.env.OPENCLAW_GATEWAY_TOKEN.value, `${STRONG}#tail`);
  });
});

describe('token-mismatch and password-mismatch against the token the gateway reads from its environment', () => {
  it('a .env token equal to gateway.remote.token: no mismatch', () => {
    expectNone('token-mismatch', { root: local({ remote: { token: STRONG } }), files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG}\n` } });
  });
  it('a .env token that differs: the mismatch points at the .env line', () => {
    expectOne('token-mismatch', { root: local({ remote: { token: STRONG } }), files: { [STATE_ENV]: `\nexport OPENCLAW_GATEWAY_TOKEN=${STRONG_2}\n` } }, {
      messageId: 'localModeEnv',
      covers: STRONG,
      says: ['OPENCLAW_GATEWAY_TOKEN', 'in ~/.openclaw/.env line 2', fingerprint(STRONG_2), 'gateway.auth.token is not set', 'unauthorized: gateway token mismatch'],
      related: [{ file: STATE_ENV, covers: STRONG_2 }],
    });
  });
  it('env.vars and the process environment count too', () => {
    expectOne('token-mismatch', { root: { env: { vars: { OPENCLAW_GATEWAY_TOKEN: STRONG_2 } }, ...local({ remote: { token: STRONG } }) } }, {
      messageId: 'localModeEnv',
      says: ["in the config's env section (~/.openclaw/openclaw.json line"],
      related: [{ file: undefined, covers: STRONG_2 }],
    });
    expectOne('token-mismatch', { root: local({ remote: { token: STRONG } }), env: { OPENCLAW_GATEWAY_TOKEN: STRONG_2 } }, {
      messageId: 'localModeEnv',
      says: ['in the environment of the process this check runs in'],
      related: [],
    });
  });
  it('a .env token cut at "#": a mismatch with remote.token holding the full text, and the quote fix ends both findings', () => {
    const envText = `OPENCLAW_GATEWAY_TOKEN=${STRONG}#tail\n`;
    for (const { text } of dialects(local({ remote: { token: `${STRONG}#tail` } }))) {
      const input: MultiFileInput = { config: text, files: { [STATE_ENV]: envText } };
      const before = analyzeFiles(input);
      assert.equal(ofCode(before, 'token-mismatch').length, 1);
      assert.equal(ofCode(before, 'token-mismatch')[0].messageId, 'localModeEnv');
      const [cut] = ofCode(before, 'dotenv-value-cut');
      const [fix] = fixesFor(before, cut, {});
      const after = analyzeFiles({ ...input, files: { [STATE_ENV]: applyTextEdits(envText, fix.edits) } });
      assert.deepEqual(ofCode(after, 'token-mismatch'), []);
      assert.deepEqual(ofCode(after, 'dotenv-value-cut'), []);
    }
  });
  it('passwords: OPENCLAW_GATEWAY_PASSWORD in gateway.env against gateway.remote.password', () => {
    expectOne('password-mismatch', { root: local({ remote: { password: STRONG } }), files: { [GATEWAY_ENV]: `OPENCLAW_GATEWAY_PASSWORD=${STRONG_2}\n` } }, {
      messageId: 'localModeEnv',
      says: ['OPENCLAW_GATEWAY_PASSWORD', 'gateway.auth.password is not set', 'gateway password mismatch', 'in ~/.config/openclaw/gateway.env line 1'],
      related: [{ file: GATEWAY_ENV, covers: STRONG_2 }],
    });
  });
  it('near misses: gateway.auth.token set (the file wins), remote mode, a remote.url naming another gateway', () => {
    const files = { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG_2}\n` };
    expectNone('token-mismatch', { root: withToken(), files });
    expectNone('token-mismatch', { root: { gateway: { mode: 'remote', remote: { url: 'wss://gw.example.com', token: STRONG } } }, files });
    expectNone('token-mismatch', { root: local({ remote: { url: 'wss://gw.example.com', token: STRONG } }), files });
  });
});

describe('auth-token-missing reads the gateway\'s environment: process, .env files, env.vars', () => {
  const onlyRemote = { ...CURRENT, ...local({ auth: { mode: 'token' }, remote: { token: STRONG } }) };
  it('fires without a token anywhere the gateway looks (a working-directory .env does not count)', () => {
    expectOne('auth-token-missing', { root: onlyRemote, files: { [STATE_ENV]: 'OTHER=1\n', [WORKSPACE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG}\n` }, cwd: WORKSPACE }, { messageId: 'authTokenUnset' });
  });
  it('stays quiet when the token is in ~/.openclaw/.env, gateway.env or env.vars', () => {
    expectNone('auth-token-missing', { root: onlyRemote, files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG}\n` } });
    expectNone('auth-token-missing', { root: onlyRemote, files: { [GATEWAY_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG}\n` } });
    expectNone('auth-token-missing', { root: { ...onlyRemote, env: { vars: { OPENCLAW_GATEWAY_TOKEN: STRONG } } } });
  });
});

describe('env-token-conflict names where the variable is set', () => {
  it('a .env file: "in ~/.openclaw/.env line N", with the line as related information', () => {
    expectOne('env-token-conflict', { root: { ...CURRENT, ...withToken() }, files: { [STATE_ENV]: `# old\nOPENCLAW_GATEWAY_TOKEN=${STRONG_2}\n` } }, {
      messageId: 'differs',
      covers: STRONG,
      says: ['OPENCLAW_GATEWAY_TOKEN is set in ~/.openclaw/.env line 2', fingerprint(STRONG_2), 'The gateway and the local CLI use gateway.auth.token'],
      related: [{ file: STATE_ENV, covers: STRONG_2 }],
      never: [STRONG, STRONG_2],
    });
  });
  it('env.vars and the process environment', () => {
    expectOne('env-token-conflict', { root: { ...CURRENT, ...withToken(), env: { vars: { OPENCLAW_GATEWAY_TOKEN: STRONG_2 } } } }, {
      messageId: 'differs',
      says: ["set in the config's env section (~/.openclaw/openclaw.json line"],
      related: [{ file: undefined, covers: STRONG_2 }],
    });
    expectOne('env-token-conflict', { root: { ...CURRENT, ...withToken() }, env: { OPENCLAW_GATEWAY_TOKEN: STRONG_2 } }, { messageId: 'differs', says: ['set in the environment of the process this check runs in'], related: [] });
  });
  it('remote mode: remote.token first, then the variable, then auth.token', () => {
    expectOne('env-token-conflict', { root: { gateway: { mode: 'remote', remote: { url: 'wss://gw.example.com', token: STRONG } } }, env: { OPENCLAW_GATEWAY_TOKEN: STRONG_2 } }, {
      messageId: 'differs',
      covers: STRONG,
      says: ['In remote mode the CLI sends gateway.remote.token first, then OPENCLAW_GATEWAY_TOKEN, then gateway.auth.token: it sends gateway.remote.token'],
    });
    expectOne('env-token-conflict', { root: { gateway: { mode: 'remote', remote: { url: 'wss://gw.example.com' }, auth: { token: STRONG } } }, env: { OPENCLAW_GATEWAY_TOKEN: STRONG_2 } }, {
      messageId: 'differs',
      covers: STRONG,
      says: ['with gateway.remote.token unset it sends the variable, not gateway.auth.token'],
    });
  });
  it('the client side reads the client environment, the gateway side the gateway\'s', () => {
    // Only the gateway has the variable (its service sets it): reported as the gateway's.
    expectOne('env-token-conflict', { root: withToken(), gatewayEnv: { OPENCLAW_GATEWAY_TOKEN: STRONG_2 } }, { messageId: 'differs', says: ["set in the gateway's environment", fingerprint(STRONG_2)] });
    // The client's wins the message when both have one.
    expectOne('env-token-conflict', { root: { ...CURRENT, ...withToken() }, env: { OPENCLAW_GATEWAY_TOKEN: STRONG_3 }, gatewayEnv: { OPENCLAW_GATEWAY_TOKEN: STRONG_2 } }, {
      messageId: 'differs',
      says: ['set in the environment of the process this check runs in', fingerprint(STRONG_3)],
    });
  });
  it('near misses: equal values, and a local-mode variable against remote.token (token-mismatch says that)', () => {
    expectNone('env-token-conflict', { root: withToken(), files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG}\n` } });
    expectNone('env-token-conflict', { root: local({ remote: { token: STRONG } }), files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG_2}\n` } });
  });
});

describe('env-shadowed', () => {
  it('two .env files disagree: OpenClaw\'s own warning, at the ignored line, with the kept line as related', () => {
    expectOne('env-shadowed', { root: withToken(), files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG}\n`, [GATEWAY_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG_2}\n` } }, {
      messageId: 'dotenvConflict',
      file: GATEWAY_ENV,
      covers: STRONG_2,
      says: [`"Conflicting values in ${STATE_ENV} and ${GATEWAY_ENV} for OPENCLAW_GATEWAY_TOKEN; keeping ${STATE_ENV}."`, 'the gateway and the OpenClaw CLI', fingerprint(STRONG_2)],
      related: [{ file: STATE_ENV, covers: STRONG }],
      never: [STRONG, STRONG_2],
    });
  });
  it('a .env line hidden by the process environment says so, with nothing to point at', () => {
    expectOne('env-shadowed', { root: withToken(), env: { OPENCLAW_GATEWAY_TOKEN: STRONG }, files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG_2}\n` } }, {
      messageId: 'dotenvHidden',
      file: STATE_ENV,
      covers: STRONG_2,
      says: ['already set in the environment of the process this check runs in'],
      related: [],
    });
  });
  it('env.vars hidden by a .env line or by the process', () => {
    expectOne('env-shadowed', { root: { ...withToken(), env: { vars: { OPENCLAW_GATEWAY_TOKEN: STRONG_2 } } }, files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG}\n` } }, {
      messageId: 'envVarsHidden',
      covers: STRONG_2,
      says: ['already set in ~/.openclaw/.env line 1'],
      related: [{ file: STATE_ENV, covers: STRONG }],
    });
    expectOne('env-shadowed', { root: { ...withToken(), env: { OPENCLAW_GATEWAY_PORT: '18790' } }, env: { OPENCLAW_GATEWAY_PORT: '18789' } }, {
      messageId: 'envVarsHidden',
      covers: '18790',
      says: ['"18790"', '"18789"', 'the environment of the process this check runs in'],
    });
  });
  it('only the gateway ignores a line its own environment hides', () => {
    expectOne('env-shadowed', { root: withToken(), gatewayEnv: { OPENCLAW_GATEWAY_TOKEN: STRONG }, files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG_2}\n` } }, {
      messageId: 'dotenvHidden',
      file: STATE_ENV,
      says: ['ignored by the gateway:', "in the gateway's environment"],
    });
  });
  it('a variable a gateway secret refers to is fingerprinted', () => {
    expectOne('env-shadowed', { root: local({ auth: { token: '${GW_TOKEN}' } }), env: { GW_TOKEN: STRONG }, files: { [STATE_ENV]: 'GW_TOKEN=short-but-different\n' } }, {
      messageId: 'dotenvHidden',
      file: STATE_ENV,
      says: [fingerprint('short-but-different')],
      never: ['short-but-different'],
    });
  });
  it('near misses: the same value twice, a variable OpenClaw\'s gateway does not read', () => {
    expectNone('env-shadowed', { root: withToken(), files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG}\n`, [GATEWAY_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG}\n` } });
    expectNone('env-shadowed', { root: withToken(), env: { OPENCLAW_GATEWAY_TOKEN: ` ${STRONG}` }, files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG}\n` } });
    expectNone('env-shadowed', { root: withToken(), env: { EDITOR: 'vim' }, files: { [STATE_ENV]: 'EDITOR=nano\n' } });
  });
  it('fixes: remove the ignored line, or set it to the winning value; neither is safe', () => {
    const stateEnv = `OPENCLAW_GATEWAY_TOKEN=${STRONG}\n`;
    const gatewayEnv = `# service\nOPENCLAW_GATEWAY_TOKEN=${STRONG_2}\nOTHER=1\n`;
    const input: MultiFileInput = { config: JSON.stringify(withToken()), files: { [STATE_ENV]: stateEnv, [GATEWAY_ENV]: gatewayEnv } };
    const analysis = analyzeFiles(input);
    const [finding] = ofCode(analysis, 'env-shadowed');
    assert.equal(safeFixFor(analysis, finding, {}), undefined);
    const fixes = fixesFor(analysis, finding, {});
    assert.deepEqual(fixes.map((f) => [f.fixId, f.safe]), [['removeIgnored', false], ['setToWinner', false]]);
    for (const fix of fixes) {
      assert.ok(fix.edits.every((e) => e.file === GATEWAY_ENV));
      assert.ok(!english(fix.title).includes(STRONG) && !english(fix.title).includes(STRONG_2), english(fix.title));
    }
    assert.equal(applyTextEdits(gatewayEnv, fixes[0].edits), '# service\nOTHER=1\n');
    assert.equal(applyTextEdits(gatewayEnv, fixes[1].edits), `# service\nOPENCLAW_GATEWAY_TOKEN=${STRONG}\nOTHER=1\n`);
    for (const fix of fixes) {
      const after = analyzeFiles({ ...input, files: { [STATE_ENV]: stateEnv, [GATEWAY_ENV]: applyTextEdits(gatewayEnv, fix.edits) } });
      assert.deepEqual(ofCode(after, 'env-shadowed'), []);
    }
  });
  it('fixes for an env.vars entry edit the config', () => {
    for (const { text } of dialects({ ...withToken(), env: { vars: { OPENCLAW_GATEWAY_TOKEN: STRONG_2 } } })) {
      const input: MultiFileInput = { config: text, files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG}\n` } };
      const analysis = analyzeFiles(input);
      const [finding] = ofCode(analysis, 'env-shadowed');
      const fixes = fixesFor(analysis, finding, {});
      assert.deepEqual(fixes.map((f) => [f.fixId, f.safe]), [['removeIgnored', false], ['setToWinner', false]]);
      for (const fix of fixes) {
        assert.ok(fix.edits.every((e) => e.file === undefined));
        const after = analyzeFiles({ ...input, config: applyTextEdits(text, fix.edits) });
        assert.ok(after.doc.root, applyTextEdits(text, fix.edits));
        assert.deepEqual(ofCode(after, 'env-shadowed'), []);
      }
    }
  });
});

describe('dotenv-blocked', () => {
  it('OPENCLAW_* in the working directory\'s .env is refused: say so and where it belongs', () => {
    expectOne('dotenv-blocked', { root: withToken(), cwd: WORKSPACE, files: { [WORKSPACE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG_2}\n` } }, {
      messageId: 'workspaceBlocked',
      file: WORKSPACE_ENV,
      covers: 'OPENCLAW_GATEWAY_TOKEN',
      says: ['BLOCKED_WORKSPACE_DOTENV_PREFIXES', 'Put it in ~/.openclaw/.env'],
      never: [STRONG_2],
    });
    expectOne('dotenv-blocked', { root: withToken(), cwd: WORKSPACE, files: { [WORKSPACE_ENV]: 'openclaw_gateway_url=ws://127.0.0.1:1\n' } }, { messageId: 'workspaceBlocked', file: WORKSPACE_ENV, covers: 'openclaw_gateway_url' });
  });
  it('near misses: other keys in the working directory\'s .env, or no working directory', () => {
    expectNone('dotenv-blocked', { root: withToken(), cwd: WORKSPACE, files: { [WORKSPACE_ENV]: 'GW_CWD_TOKEN=abc\n' } });
    expectNone('dotenv-blocked', { root: withToken(), files: { [WORKSPACE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG_2}\n` } });
  });
  it('env.vars entries OpenClaw refuses: a ${VAR} value, a blocked key', () => {
    expectOne('dotenv-blocked', { root: { ...local(), env: { vars: { OPENCLAW_GATEWAY_TOKEN: '${MY_TOKEN}' } } } }, {
      messageId: 'envVarsReference',
      covers: '${MY_TOKEN}',
      says: ['isConfigRuntimeEnvVarAllowed'],
    });
    expectOne('dotenv-blocked', { root: { ...local(), env: { vars: { OPENCLAW_INCLUDE_ROOTS: '/srv/shared' } } } }, {
      messageId: 'envVarsBlockedKey',
      covers: '/srv/shared',
      says: ['OPENCLAW_INCLUDE_ROOTS cannot be set'],
    });
    expectNone('dotenv-blocked', { root: { ...local(), env: { vars: { OPENCLAW_GATEWAY_TOKEN: STRONG } } } });
  });
});

describe('client-url-override', () => {
  it('OPENCLAW_GATEWAY_URL without a token or password: every CLI command stops, quoted', () => {
    expectOne('client-url-override', { root: withToken(), env: { OPENCLAW_GATEWAY_URL: 'ws://127.0.0.1:18789' } }, {
      messageId: 'noCredentials',
      says: ['"config credentials are intentionally not reused."', '"gateway url override requires explicit credentials"', '(ws://127.0.0.1:18789)'],
    });
  });
  it('anchors on the gateway key for a process variable', () => {
    for (const { text } of dialects(withToken())) {
      const analysis = analyzeFiles({ config: text, env: { OPENCLAW_GATEWAY_URL: 'ws://127.0.0.1:18789' } });
      const [finding] = ofCode(analysis, 'client-url-override');
      assert.match(covered(text, finding), /^"?gateway"?$/);
    }
  });
  it('with OPENCLAW_GATEWAY_TOKEN: which secret is sent, and where it is set', () => {
    expectOne('client-url-override', { root: withToken(), files: { [STATE_ENV]: `OPENCLAW_GATEWAY_URL=wss://gw.example.com\nOPENCLAW_GATEWAY_TOKEN=${STRONG_2}\n` } }, {
      messageId: 'envCredentials',
      file: STATE_ENV,
      covers: 'wss://gw.example.com',
      says: [`sends OPENCLAW_GATEWAY_TOKEN (${fingerprint(STRONG_2)})`, 'in ~/.openclaw/.env line 1'],
      related: [{ file: STATE_ENV, covers: STRONG_2 }],
      never: [STRONG_2],
    });
    expectOne('client-url-override', { root: withToken(), env: { OPENCLAW_GATEWAY_URL: 'wss://gw.example.com', OPENCLAW_GATEWAY_TOKEN: STRONG, OPENCLAW_GATEWAY_PASSWORD: STRONG_2 } }, {
      messageId: 'envCredentials',
      says: [`OPENCLAW_GATEWAY_TOKEN (${fingerprint(STRONG)}) and OPENCLAW_GATEWAY_PASSWORD (${fingerprint(STRONG_2)})`],
    });
  });
  it('never prints credentials a URL carries', () => {
    expectOne('client-url-override', { root: withToken(), env: { OPENCLAW_GATEWAY_URL: 'wss://user:hunter2@gw.example.com/x?token=zz-secret' } }, {
      messageId: 'noCredentials',
      says: ['(wss://gw.example.com)'],
      never: ['hunter2', 'zz-secret', 'user'],
    });
  });
  it('near misses: no variable, only in the gateway\'s environment, or in a working-directory .env (refused there)', () => {
    expectNone('client-url-override', { root: withToken() });
    expectNone('client-url-override', { root: withToken(), gatewayEnv: { OPENCLAW_GATEWAY_URL: 'ws://127.0.0.1:18789' } });
    expectNone('client-url-override', { root: withToken(), cwd: WORKSPACE, files: { [WORKSPACE_ENV]: 'OPENCLAW_GATEWAY_URL=ws://127.0.0.1:18789\n' } });
  });
});

describe('the rules about sources never show a secret and never fix on their own', () => {
  const OWN: readonly string[] = ['include-invalid', 'dotenv-value-cut', 'env-shadowed', 'dotenv-blocked', 'client-url-override', 'env-token-conflict', 'token-mismatch', 'password-mismatch'];
  it('no message, related message or fix title of the multi-file corpus holds a secret or a piece of one', () => {
    const pieces = [STRONG, STRONG_2].flatMap((secret) => [secret, secret.slice(0, 16), secret.slice(-16)]);
    let checked = 0;
    for (const input of MULTI_FILE_CORPUS) {
      const analysis = analyzeFiles(input);
      for (const finding of analysis.findings.filter((f) => OWN.includes(f.code))) {
        const titles = fixesFor(analysis, finding, input.env ?? {}, { generateToken: () => 'generated' }).map((f) => english(f.title));
        const shown = [textOf(finding), ...finding.related.map((r) => english(r.message)), ...titles].join('\n');
        for (const piece of pieces) assert.ok(!shown.includes(piece), `${finding.code}/${finding.messageId} shows a secret: ${shown}`);
        checked++;
      }
    }
    assert.ok(checked >= 25, `only ${checked} findings checked`);
  });
  it('check --fix (fix-all) leaves a cut .env value and an ignored .env line alone', () => {
    const input: MultiFileInput = {
      config: JSON.stringify(local({ remote: { token: `${STRONG}#tail` } })),
      files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG}#tail\n`, [GATEWAY_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG_2}\n` },
    };
    const result = fixAll(input.config, { env: {}, configPath: TEST_CONFIG, reader: inputReader(input), home: TEST_HOME });
    assert.equal(result.files.size, 0);
    assert.ok(ofCode(result.after, 'dotenv-value-cut').length === 1 && ofCode(result.after, 'env-shadowed').length === 1);
  });
});
