import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse as jsoncParse } from 'jsonc-parser';
import { parseConfigDocument, LineIndex } from '../../src/core/configDocument';
import { nodeToValue } from '../../src/core/jsonTree';
import fc from 'fast-check';
import { parseJson5, type SyntaxProblem } from '../../src/core/json5Parser';
import { english, isMessage, msg, type MessageArg } from '../../src/core/messages';
import { decodedToSourceOffsets } from '../../src/core/stringOffsets';

function render(problem: SyntaxProblem): string {
  return english(msg(problem.message, ...problem.args));
}

function value(text: string): unknown {
  const result = parseJson5(text);
  assert.equal(result.error, undefined, result.error && render(result.error));
  return nodeToValue(result.root);
}

function error(text: string): { message: string; offset: number; length: number } {
  const result = parseJson5(text);
  assert.ok(result.error, 'expected a syntax error');
  assert.equal(result.root, undefined);
  return { message: render(result.error), offset: result.error.offset, length: result.error.length };
}

describe('parser: dialects', () => {
  it('reads strict JSON the way JSON.parse does', () => {
    const text = '{"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"], "b": {"c": ""}}';
    assert.deepEqual(value(text), JSON.parse(text));
    assert.equal(parseJson5(text).dialect, 'json');
  });
  it('reads JSONC (comments, trailing commas)', () => {
    const text = '// head\n{ /* c */ "a": 1, "b": [1, 2,], }';
    assert.deepEqual(value(text), { a: 1, b: [1, 2] });
    assert.equal(parseJson5(text).dialect, 'jsonc');
  });
  it('reads JSON5: unquoted keys, single quotes, hex, +, leading/trailing dots, Infinity, NaN, line continuations', () => {
    const v = value("{ a: 'it\\'s', $b_1: 0x1F, c: +5, d: .5, e: 5., f: -Infinity, g: 'one \\\n two', 'h': \"x\", i: '\\x41' }") as Record<string, unknown>;
    assert.deepEqual({ ...v, f: String(v.f) }, { a: "it's", $b_1: 31, c: 5, d: 0.5, e: 5, f: '-Infinity', g: 'one  two', h: 'x', i: 'A' });
    assert.ok(Number.isNaN(value('{ n: NaN }') && (value('{ n: NaN }') as { n: number }).n));
    assert.equal(parseJson5('{ a: 1 }').dialect, 'json5');
  });
  it('agrees with jsonc-parser on every JSON fixture value', () => {
    const text = '{"gateway": {"mode": "local", "auth": {"token": "a\\u0040b"}, "list": [1, {"x": null}]}}';
    assert.deepEqual(value(text), jsoncParse(text));
  });
  it('keeps duplicate keys in the tree and the last value in nodeToValue', () => {
    const result = parseJson5('{ a: 1, a: 2 }');
    assert.equal(result.root?.children?.length, 2);
    assert.deepEqual(nodeToValue(result.root), { a: 2 });
  });
  it('records the quoting style', () => {
    assert.equal(parseJson5("{ a: 'x' }").style.keyQuote, '');
    assert.equal(parseJson5("{ a: 'x' }").style.stringQuote, "'");
    assert.equal(parseJson5('{ "a": "x" }').style.keyQuote, '"');
  });
  it('accepts a byte order mark', () => {
    assert.deepEqual(value('\ufeff{"a": 1}'), { a: 1 });
  });
});

describe('parser: syntax errors say what and where', () => {
  it('marks the property after a missing comma', () => {
    const text = '{\n  "gateway": {\n    "auth": { "token": "x" }\n    "remote": {}\n  }\n}';
    const e = error(text);
    assert.equal(e.message, 'Missing comma between two properties: add "," before the property that starts here');
    assert.equal(text.slice(e.offset, e.offset + e.length), '"remote"');
  });
  it('marks unquoted JSON5 keys after a missing comma', () => {
    const text = '{ gateway: { auth: {} remote: {} } }';
    const e = error(text);
    assert.match(e.message, /^Missing comma between two properties/);
    assert.equal(text.slice(e.offset, e.offset + e.length), 'remote');
  });
  it('reports an unclosed object with where it opened', () => {
    assert.match(error('{\n  "gateway": {\n').message, /object opened at 2:14 is never closed/);
  });
  it('reports unterminated strings, bad escapes, leading zeros, stray words, empty files', () => {
    assert.match(error('{"a": "abc').message, /Unterminated string/);
    assert.match(error('{"a": "\\q\\u12"}').message, /Invalid escape/);
    assert.match(error('{"a": 012}').message, /leading zeros/);
    assert.match(error('{"a": local}').message, /^Expected a value \(a string in quotes, a number, true\/false\/null, an object or an array\), found text without quotes/);
    assert.match(error('').message, /empty/);
    assert.match(error('   // only a comment\n').message, /empty/);
    assert.match(error('{"a": 1} x').message, /after the top-level value/);
    assert.equal(error('{"a": }').message, 'Expected a value after ":", found "}"');
    assert.equal(error('{"a" 1}').message, 'Expected ":" after the property name, found a digit');
    assert.match(error('[1 2]').message, /Missing comma between array elements/);
    assert.match(error('{ /* open').message, /Unterminated block comment/);
  });
  it('never throws and keeps every error range inside the text', () => {
    for (const text of ['{', '}', '[', '"', "'", '{"a":', '{a', '{"a":1,,}', '\u0000\u0001', '{"a": "\n"}', '0x', '-', '{ a: +}', '\\u0041']) {
      const result = parseJson5(text);
      if (result.error) assert.ok(result.error.offset + result.error.length <= text.length, text);
    }
  });
});

describe('parser: syntax errors never quote the file', () => {
  // Secrets and key names in these inputs all contain "Zq"; no message may show it.
  const BASES = [
    `{ gateway: { mode: 'local', auth: { token: 'ZqS3cr3t!#', ZqKey: 1 }, remote: { "ZqQuoted": "Zq-value \\u0041" } } }`,
    `{ gateway: { mode: 'local', auth: { token: ZqBareToken }, port: 0123 } }`,
    `{\n  "gateway": {\n    "auth": { "password": "ZqPass@word" }\n    "ZqNext": { "token": 'Zq\\x41' }\n  }\n}`,
  ];
  const HARMLESS = /^(?:"[!-/:-@[-^`{-~]"|[!-/:-@[-^`{-~]|\d+(?::\d+)?|[0-9A-F]{4})$/;

  /** The parser puts document text into a message only through arguments: each must be one punctuation character, a position or a code point. */
  function assertHarmless(arg: MessageArg, context: string): void {
    if (isMessage(arg)) {
      for (const inner of Array.isArray(arg.args) ? (arg.args as readonly MessageArg[]) : Object.values(arg.args)) assertHarmless(inner, context);
      return;
    }
    assert.match(String(arg), HARMLESS, `${context}: argument ${JSON.stringify(arg)}`);
  }

  function check(text: string): void {
    const problem = parseJson5(text).error;
    if (!problem) return;
    const context = `${JSON.stringify(text)} -> ${render(problem)}`;
    for (const arg of problem.args) assertHarmless(arg, context);
    assert.ok(!render(problem).includes('Zq'), context);
  }

  it('names the expected token, not the unquoted text', () => {
    const text = '{ gateway: { auth: { token: ZqBareToken } } }';
    const e = error(text);
    assert.ok(!e.message.includes('Zq'), e.message);
    assert.equal(text.slice(e.offset, e.offset + e.length), 'ZqBareToken');
  });
  it('quotes no key, no string content and no escape of the user', () => {
    for (const text of [
      '{ "ZqA": 1 "ZqB": 2 }',
      '{ "ZqA" 1 }',
      '{ "ZqA": 1,, }',
      '{ "ZqA": "Zq\\1" }',
      '{ "ZqA": 0123 }',
      '{ "ZqA": 1 } Zq',
      '{ ZqA: 1 ZqB }',
      '[1 Zq]',
      '{ "ZqA": 1 Zq }',
      '{ "ZqA": é }',
      '{ "ZqA": 1 ',
    ]) {
      assert.ok(parseJson5(text).error, text);
      check(text);
    }
  });
  it('describes characters by class: only punctuation is quoted, one character at most', () => {
    assert.equal(error('{ "a": 1 } x').message, 'Expected the end of the file after the top-level value, found a letter');
    assert.equal(error('{ "a": 1 } 7').message, 'Expected the end of the file after the top-level value, found a digit');
    assert.equal(error('{ "a": 1 } é').message, 'Expected the end of the file after the top-level value, found a non-ASCII character');
    assert.equal(error('{ "a": 1 } \u0007').message, 'Expected the end of the file after the top-level value, found a control character (U+0007)');
    assert.equal(error('{ "a": 1 } ]').message, 'Expected the end of the file after the top-level value, found "]"');
  });
  it('holds for randomly broken configs full of secrets', () => {
    const edit = fc.record({ at: fc.nat(), remove: fc.integer({ min: 0, max: 6 }), insert: fc.constantFrom('', '{', '}', '[', ']', ',', ':', '"', "'", '\\', 'Zq', ' ', '\n', '/*', 'é', '\u0001') });
    fc.assert(
      fc.property(fc.constantFrom(...BASES), fc.array(edit, { minLength: 1, maxLength: 5 }), (base, edits) => {
        const text = edits.reduce((t, e) => {
          const at = e.at % (t.length + 1);
          return t.slice(0, at) + e.insert + t.slice(at + e.remove);
        }, base);
        check(text);
      }),
      { numRuns: 3000, seed: 1729 },
    );
  });
});

describe('document model', () => {
  it('flags binary data without parsing it', () => {
    const doc = parseConfigDocument('{\u0000\u0001}');
    assert.match(doc.syntaxError?.message ?? '', /binary/);
  });
  it('detects indentation and line endings', () => {
    const doc = parseConfigDocument('{\r\n\t"a": 1\r\n}');
    assert.equal(doc.style.indent, '\t');
    assert.equal(doc.style.eol, '\r\n');
  });
  it('converts offsets and positions both ways (\\n, \\r\\n, \\r)', () => {
    const lines = new LineIndex('ab\ncd\r\nef\rgh');
    assert.deepEqual(lines.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(lines.positionAt(4), { line: 1, character: 1 });
    assert.deepEqual(lines.positionAt(8), { line: 2, character: 1 });
    assert.deepEqual(lines.positionAt(10), { line: 3, character: 0 });
    assert.equal(lines.offsetAt({ line: 2, character: 1 }), 8);
    assert.equal(lines.offsetAt({ line: 99, character: 99 }), 12);
  });
  it('maps decoded string offsets to source offsets through escapes', () => {
    const text = '"a\\u0040b\\\\c"';
    const node = parseJson5(text).root;
    assert.ok(node);
    assert.deepEqual(decodedToSourceOffsets(text, node), [1, 2, 8, 9, 11, 12]);
  });
});
