import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AnalyzeOptions } from '../../src/core/analyze';
import { fixesFor } from '../../src/core/fixes/applyFixes';
import { applyTextEdits } from '../../src/core/fixes/textEdits';
import { bundledKeyTree } from '../../src/core/schema/installedSchema';
import { keyTreeFromJsonSchema, nodeAtPath, packKeyTree, parseSchemaKeyTree, shortDescription, trimDescriptions, type SchemaKeyTree } from '../../src/core/schema/keyTree';
import { BUNDLED_SCHEMA_VERSION } from '../../src/core/schema/bundledKeyTree.generated';
import type { Finding } from '../../src/core/rules/ruleTypes';
import { analyzeFiles, covered, STRONG, TEST_CONFIG, textOf } from './ruleHelpers';

type Root = Record<string, unknown>;

/** The same config as strict JSON and as JSON5 with bare keys, single quotes and comments. */
function twins(root: Root): Array<{ dialect: string; text: string }> {
  const write = (value: unknown, indent: string): string => {
    if (value === null || typeof value !== 'object') return typeof value === 'string' ? `'${value.replace(/'/g, "\\'")}'` : JSON.stringify(value);
    const inner = indent + '  ';
    if (Array.isArray(value)) return '[' + value.map((v) => write(v, inner)).join(', ') + ']';
    const entries = Object.entries(value as Root).map(([k, v]) => `${inner}// ${k}\n${inner}${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${write(v, inner)},`);
    return '{\n' + entries.join('\n') + '\n' + indent + '}';
  };
  return [
    { dialect: 'json', text: JSON.stringify(root, null, 2) },
    { dialect: 'json5', text: '// OpenClaw config\n' + write(root, '') + '\n' },
  ];
}

const gateway = { mode: 'local', auth: { mode: 'token', token: STRONG } };

function unknownKeys(text: string, extra: Partial<AnalyzeOptions> = {}, files: Record<string, string> = {}): Finding[] {
  return analyzeFiles({ config: text, files }, extra).findings.filter((f) => f.code === 'unknown-key');
}

function expectFindings(root: Root, expected: Array<{ covers: string; says: string[] }>, extra: Partial<AnalyzeOptions> = {}): void {
  for (const { dialect, text } of twins(root)) {
    const found = unknownKeys(text, extra);
    assert.equal(found.length, expected.length, `${dialect}: ${JSON.stringify(found.map(textOf))}\n${text}`);
    found.forEach((finding, i) => {
      assert.equal(covered(text, finding), expected[i].covers, dialect);
      for (const word of expected[i].says) assert.ok(textOf(finding).includes(word), `${dialect}: should say ${word}: ${textOf(finding)}`);
    });
  }
}

describe('the bundled key tree', () => {
  const tree = bundledKeyTree();
  it('describes the whole file of the bundled release', () => {
    assert.equal(tree.version, BUNDLED_SCHEMA_VERSION);
    for (const key of ['$schema', 'meta', 'env', 'agents', 'models', 'channels', 'plugins', 'gateway', 'tools']) assert.ok(tree.root.k && Object.hasOwn(tree.root.k, key), key);
    assert.equal(nodeAtPath(tree.root, ['gateway', 'remote', 'token'])?.t?.includes('string'), true);
    assert.ok(nodeAtPath(tree.root, ['gateway', 'port'])?.d?.startsWith('TCP port'));
  });
  it('knows closed objects, records, open objects and enums', () => {
    const root = tree.root;
    assert.equal(root.o, undefined);
    assert.ok(nodeAtPath(root, ['env', 'vars'])?.r, 'env.vars is a record');
    assert.ok(nodeAtPath(root, ['models', 'providers', 'any-provider', 'baseUrl']), 'a record entry has the entry tree');
    assert.equal(nodeAtPath(root, ['channels'])?.o, 1, 'channels take any channel id');
    assert.deepEqual(nodeAtPath(root, ['gateway', 'bind'])?.e, ['auto', 'lan', 'loopback', 'custom', 'tailnet']);
  });
});

describe('keyTreeFromJsonSchema', () => {
  it('merges alternatives, resolves $ref to $defs, keeps array items and additionalProperties facts', () => {
    const tree = keyTreeFromJsonSchema({
      type: 'object',
      additionalProperties: false,
      properties: {
        a: { anyOf: [{ type: 'string' }, { type: 'object', properties: { x: { type: 'number', description: 'The x. More text.' } }, additionalProperties: false }] },
        list: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } }, additionalProperties: false } },
        rec: { type: 'object', additionalProperties: { $ref: '#/$defs/entry' } },
        free: { type: 'object', properties: {} },
        mode: { anyOf: [{ type: 'string', const: 'on' }, { type: 'string', const: 'off' }] },
      },
      $defs: { entry: { type: 'object', properties: { url: { type: 'string' } }, additionalProperties: false } },
    });
    assert.deepEqual(tree.k?.a, { t: 'string | object', k: { x: { t: 'number', d: 'The x.' } } });
    assert.deepEqual(tree.k?.list.i, { t: 'object', k: { name: { t: 'string' } } });
    assert.deepEqual(tree.k?.rec.r, { t: 'object', k: { url: { t: 'string' } } });
    assert.equal(tree.k?.free.o, 1);
    assert.deepEqual(tree.k?.mode.e, ['on', 'off']);
  });
  it('cuts a description to its first sentence, and long ones to 200 characters', () => {
    assert.equal(shortDescription('One. Two.'), 'One.');
    assert.equal(shortDescription('x'.repeat(300)).length, 200);
  });
});

describe('unknown-key across the whole file', () => {
  it('a typo at the top level, with "did you mean"', () => {
    expectFindings({ gateway, gatway: {} }, [{ covers: 'gatway', says: ['Unknown key "gatway" in the top level', `OpenClaw ${BUNDLED_SCHEMA_VERSION} schema`, 'Did you mean "gateway"?'] }]);
  });
  it('a typo deep outside gateway, with "did you mean"', () => {
    expectFindings({ gateway, agents: { defaults: { modle: 'x' } } }, [{ covers: 'modle', says: ['in agents.defaults', 'Did you mean "model"?'] }]);
  });
  it('a key left over from another release: plugins.bundledDiscovery (openclaw-user-problems row 8)', () => {
    expectFindings({ gateway, plugins: { enabled: true, bundledDiscovery: 'x' } }, [{ covers: 'bundledDiscovery', says: ['Unknown key "bundledDiscovery" in plugins'] }]);
  });
  it('legacy keys: exactly what OpenClaw 2026.9.6 `config validate` rejects; agents.list, which it moves at load, stays quiet', () => {
    // The same file, run through the real 2026.9.6 CLI, printed these "Unrecognized key" lines and
    // accepted agents.list with "Moved agents.list to keyed agents.entries.".
    const root = {
      gateway: { mode: 'local', nodes: { allowCommands: ['x'], denyCommands: ['y'], skills: { enabled: true } } },
      agents: { list: [{ id: 'main' }], defaults: { promptOverlays: {}, cliBackends: {}, llm: {}, silentReply: { direct: true }, silentReplyRewrite: {} } },
      audit: {},
      heartbeat: {},
      media: {},
      routing: { allowFrom: ['+1555'] },
      web: { enabled: true },
      messages: { messagePrefix: 'x', tts: {} },
      session: { idleMinutes: 30, typingMode: 'never', maintenance: { pruneDays: 3 }, resetByType: { dm: {} } },
      tools: { experimental: { planTool: true } },
      attachments: { preserveFilenames: true },
    };
    const rejectedByOpenClaw = [
      'agents.defaults.silentReply: direct',
      'agents.defaults: promptOverlays, cliBackends, llm, silentReplyRewrite',
      'tools: experimental',
      'attachments: preserveFilenames',
      'messages: messagePrefix, tts',
      'session.resetByType: dm',
      'session.maintenance: pruneDays',
      'session: idleMinutes, typingMode',
      'gateway.nodes: allowCommands, denyCommands, skills',
      '<root>: audit, heartbeat, media, routing, web',
    ].flatMap((line) => {
      const [object, keys] = line.split(': ');
      return keys.split(', ').map((key) => `${object === '<root>' ? '' : object}::${key}`);
    });
    for (const { dialect, text } of twins(root)) {
      const found = unknownKeys(text).map((f) => `${(f.data.objectPath ?? []).join('.')}::${f.data.key ?? ''}`);
      assert.deepEqual([...found].sort(), [...rejectedByOpenClaw].sort(), dialect);
    }
  });
  it('inside a record entry and inside array items', () => {
    expectFindings({ gateway, models: { providers: { 'my-llm': { baseUrll: 'http://127.0.0.1:1' } } } }, [{ covers: 'baseUrll', says: ['in models.providers.my-llm', 'Did you mean "baseUrl"?'] }]);
    expectFindings({ gateway, bindings: [{ agentId: 'a' }, { agentId: 'b', agentid: 'c' }] }, [{ covers: 'agentid', says: ['in bindings[1]', 'Did you mean "agentId"?'] }]);
  });
  it('gateway typos are still found', () => {
    expectFindings({ gateway: { ...gateway, remote: { tokne: 'x' } } }, [{ covers: 'tokne', says: ['in gateway.remote', 'Did you mean "token"?'] }]);
  });
  it('stays quiet for known keys, records, open objects, $include and $schema', () => {
    expectFindings(
      {
        $schema: './schema.json',
        meta: { lastTouchedVersion: '2026.9.6' },
        gateway,
        env: { vars: { ANY_NAME_AT_ALL: 'v' } },
        models: { providers: { 'my-llm': { baseUrl: 'http://127.0.0.1:1' } } },
        channels: { 'some-third-party-channel': { anything: true } },
        plugins: { entries: { 'third-party': { enabled: true, config: { whatever: 1 } }, imap: { config: { somethingNew: 1 } } } },
        agents: { defaults: { params: { anyParam: 1 } } },
      },
      [],
    );
  });
  it('ignores keys inside values that are not objects in the schema', () => {
    expectFindings({ gateway: { ...gateway, port: { notAnObjectHere: 1 } } }, []);
  });
  it('offers the rename fix with the exact result', () => {
    const text = JSON.stringify({ gateway, plugin: {} }, null, 2);
    const analysis = analyzeFiles({ config: text });
    const finding = analysis.findings.find((f) => f.code === 'unknown-key');
    assert.ok(finding);
    const [fix] = fixesFor(analysis, finding, {});
    assert.equal(applyTextEdits(text, fix.edits), JSON.stringify({ gateway, plugins: {} }, null, 2));
  });
  it('judges keys that arrive through $include at their mount path', () => {
    const config = JSON.stringify({ gateway, plugins: { $include: './plugins.json5' }, agents: { defaults: { $include: './defaults.json5' } } });
    const files = { '/home/u/.openclaw/plugins.json5': "{ enabled: true, bundledDiscovery: 'x' }", '/home/u/.openclaw/defaults.json5': '{ modle: "x", model: "y" }' };
    const found = unknownKeys(config, {}, files);
    assert.deepEqual(
      found.map((f) => [f.file, textOf(f).slice(0, 40)]),
      [
        ['/home/u/.openclaw/defaults.json5', 'Unknown key "modle" in agents.defaults ('],
        ['/home/u/.openclaw/plugins.json5', 'Unknown key "bundledDiscovery" in plugin'],
      ],
    );
    assert.equal(TEST_CONFIG, '/home/u/.openclaw/openclaw.json');
  });
  it('judges by the key tree of the release in use, and names it', () => {
    const older: SchemaKeyTree = { version: '2026.1.0', root: { k: { gateway: { o: 1 }, plugins: { k: { enabled: {}, bundledDiscovery: {} } } } } };
    expectFindings({ gateway, plugins: { bundledDiscovery: 'x' } }, [], { schema: older });
    expectFindings({ gateway, plugins: { enabled: true }, agents: {} }, [{ covers: 'agents', says: ['(OpenClaw 2026.1.0 schema)'] }], { schema: older });
  });
});

describe('the bundled tree, packed', () => {
  const tree: SchemaKeyTree = {
    version: '2026.9.6',
    root: {
      k: {
        gateway: { d: 'Gateway.', k: { auth: { d: 'Auth.', k: { token: { t: 'string', d: 'The token.' } } } } },
        plugins: {
          d: 'Plugins.',
          k: {
            entries: {
              d: 'Entries.',
              k: {
                a: { k: { hooks: { d: 'Hook policy for this plugin.', k: { timeoutMs: { t: 'integer', d: 'Timeout in ms.' } } } } },
                b: { k: { hooks: { d: 'Hook policy for this plugin.', k: { timeoutMs: { t: 'integer', d: 'Timeout in ms.' } } } } },
              },
            },
          },
        },
      },
    },
  };

  it('writes a repeated subtree once and reads back the same tree', () => {
    const text = packKeyTree(tree);
    assert.equal(text.split('Hook policy for this plugin.').length - 1, 1, text);
    assert.deepEqual(parseSchemaKeyTree(text), tree);
  });

  it('reads back the real bundled tree unchanged, and refuses references that point nowhere or forward', () => {
    const bundled = bundledKeyTree();
    assert.deepEqual(parseSchemaKeyTree(packKeyTree(bundled)), bundled);
    assert.equal(parseSchemaKeyTree('{"version":"1","shared":[{"k":{"x":{"@":0}}}],"root":{"@":0}}'), undefined);
    assert.equal(parseSchemaKeyTree('{"version":"1","root":{"k":{"x":{"@":3}}}}'), undefined);
  });

  it('keeps descriptions under gateway and on the first two levels only', () => {
    const trimmed = trimDescriptions(tree.root);
    assert.equal(nodeAtPath(trimmed, ['gateway', 'auth', 'token'])?.d, 'The token.');
    assert.equal(nodeAtPath(trimmed, ['plugins', 'entries'])?.d, 'Entries.');
    assert.equal(nodeAtPath(trimmed, ['plugins', 'entries', 'a', 'hooks'])?.d, undefined);
    assert.equal(nodeAtPath(trimmed, ['plugins', 'entries', 'a', 'hooks', 'timeoutMs'])?.t, 'integer');
    // The input is not changed.
    assert.equal(nodeAtPath(tree.root, ['plugins', 'entries', 'a', 'hooks'])?.d, 'Hook policy for this plugin.');
  });
});
