import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeConfig } from '../../src/core/analyze';
import { parseConfigDocument } from '../../src/core/configDocument';
import { fixAll, fixesFor } from '../../src/core/fixes/applyFixes';
import { applyTextEdits } from '../../src/core/fixes/textEdits';
import { nodeToValue } from '../../src/core/jsonTree';
import { english } from '../../src/core/messages';
import { ruleFor } from '../../src/core/rules/ruleTable';

/** Paths a fix may change; everything else must stay deep-equal. */
const FIXABLE = ['gateway.auth', 'gateway.remote', 'gateway.mode', 'gateway.bind', 'gateway.token', 'gateway.password', 'gateway.port', 'gateway.prot', 'gateway.controlUi', 'gateway.tailscale', 'gateway.trustedProxies', 'hooks'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function changedPaths(a: unknown, b: unknown, path: string, out: string[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) changedPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k, out);
    return;
  }
  out.push(path);
}

interface Style {
  json5: boolean;
  indent: string;
  eol: string;
  comments: boolean;
  trailing: boolean;
}

let commentCounter = 0;

/** The generated comments in a text, sorted. */
function commentsOf(text: string): string[] {
  return [...text.matchAll(/\/\/ (c\d+)(?=\r?\n)/g)].map((m) => m[1]).sort();
}

/** Writes a value in the given style; returns the text and the comments it contains. */
function write(value: Json, style: Style, depth: number, comments: string[]): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string') return style.json5 && depth % 2 === 0 ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : JSON.stringify(value);
    return JSON.stringify(value);
  }
  const pad = style.indent.repeat(depth + 1);
  const close = style.indent.repeat(depth);
  const items = Array.isArray(value)
    ? value.map((v) => write(v, style, depth + 1, comments))
    : Object.entries(value).map(([k, v]) => {
        const key = style.json5 && /^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k);
        let prefix = '';
        if (style.comments) {
          const comment = `c${commentCounter++}`;
          comments.push(comment);
          prefix = `// ${comment}${style.eol}${pad}`;
        }
        return `${prefix}${key}: ${write(v, style, depth + 1, comments)}`;
      });
  if (items.length === 0) return Array.isArray(value) ? '[]' : '{}';
  const open = Array.isArray(value) ? '[' : '{';
  const end = Array.isArray(value) ? ']' : '}';
  return `${open}${style.eol}${pad}${items.join(`,${style.eol}${pad}`)}${style.trailing ? ',' : ''}${style.eol}${close}${end}`;
}

const token = fc.constantFrom('3f9a1c7e5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f20', '9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c50', 'short', 'your-token', 'pw@a&b#c d ', '', '${GW_TOKEN}', '$GW_TOKEN');
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

const gatewayArb = fc
  .record({
    mode: maybe(fc.constantFrom('local', 'remote', 'lokal')),
    bind: maybe(fc.constantFrom('loopback', 'lan', '0.0.0.0', 'localhost')),
    port: maybe(fc.constantFrom(18789, 70000, 28789)),
    token: maybe(token),
    auth: maybe(fc.record({ mode: maybe(fc.constantFrom('token', 'password', 'none')), token: maybe(token), password: maybe(token) })),
    remote: maybe(fc.record({ token: maybe(token), url: maybe(fc.constantFrom('wss://gw.example.com', 'ws://gw.example.com')), tokne: maybe(token) })),
  })
  .map((g) => JSON.parse(JSON.stringify(g)) as Record<string, Json>);

const configArb = fc.record({
  gateway: gatewayArb,
  agents: fc.constant<Json>({ defaults: { model: 'openai/gpt-6-astra', maxConcurrent: 4 }, list: [{ id: 'main', default: true }] }),
  logging: fc.constant<Json>({ level: 'info' }),
  order: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
});

const styleArb: fc.Arbitrary<Style> = fc.record({
  json5: fc.boolean(),
  indent: fc.constantFrom('  ', '    ', '\t'),
  eol: fc.constantFrom('\n', '\r\n'),
  comments: fc.boolean(),
  trailing: fc.boolean(),
});

describe('fixes on randomly formatted real-looking configs', () => {
  it('every offered fix yields a parseable file, changes only fixable paths and keeps every comment', () => {
    let fixesChecked = 0;
    fc.assert(
      fc.property(configArb, styleArb, (config, style) => {
        const entries: Array<[string, Json]> = [
          ['gateway', config.gateway],
          ['agents', config.agents],
          ['logging', config.logging],
        ];
        entries.sort((a, b) => config.order[entries.indexOf(a)] - config.order[entries.indexOf(b)]);
        const comments: string[] = [];
        const text = write(Object.fromEntries(entries), { ...style, trailing: style.json5 && style.trailing }, 0, comments) + style.eol;
        const env = { GW_TOKEN: '3f9a1c7e5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f20' };
        const analysis = analyzeConfig(text, { env });
        assert.ok(analysis.doc.root, text);
        const before = nodeToValue(analysis.doc.root);
        for (const finding of analysis.findings) {
          for (const fix of fixesFor(analysis, finding, env, { generateToken: () => 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00' })) {
            fixesChecked++;
            const title = `${finding.code}/${fix.fixId} (${english(fix.title)})`;
            const declared = ruleFor(finding.code)?.meta.fixes?.[fix.fixId];
            assert.ok(declared, `${title} is not declared in meta.fixes`);
            assert.equal(fix.safe, declared.safe, `${title}: safe differs from its declaration`);
            const after = applyTextEdits(text, fix.edits);
            const doc = parseConfigDocument(after);
            assert.ok(doc.root, `${title} broke the file:\n${after}`);
            const changed: string[] = [];
            changedPaths(before, nodeToValue(doc.root), '', changed);
            for (const path of changed) assert.ok(FIXABLE.some((p) => path === p || path.startsWith(p + '.')), `${title} changed ${path}`);
            // Every comment written into the file is still there, exactly once ("// c1" must not pass for "// c12").
            assert.deepEqual(commentsOf(after), [...comments].sort(), `${title} lost or duplicated a comment`);
          }
        }
        const all = fixAll(text, { env });
        assert.ok(parseConfigDocument(all.text).root);
        assert.equal(fixAll(all.text, { env }).text, all.text, 'fix-all is idempotent');
      }),
      { numRuns: 400, seed: 424242 },
    );
    assert.ok(fixesChecked > 500, `only ${fixesChecked} fixes exercised`);
  });
});
