import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse as jsoncParse } from 'jsonc-parser';
import { parseConfigDocument, LineIndex } from '../../src/core/configDocument';
import { nodeToValue } from '../../src/core/jsonTree';
import { parseJson5 } from '../../src/core/json5Parser';
import { decodedToSourceOffsets } from '../../src/core/stringOffsets';
import { formatMessage } from '../../src/core/i18n';

function value(text: string): unknown {
  const result = parseJson5(text);
  assert.equal(result.error, undefined, result.error && formatMessage(result.error.message, result.error.args));
  return nodeToValue(result.root);
}

function error(text: string): { message: string; offset: number; length: number } {
  const result = parseJson5(text);
  assert.ok(result.error, 'expected a syntax error');
  assert.equal(result.root, undefined);
  return { message: formatMessage(result.error.message, result.error.args), offset: result.error.offset, length: result.error.length };
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
  it('names both neighbours of a missing comma', () => {
    const text = '{\n  "gateway": {\n    "auth": { "token": "x" }\n    "remote": {}\n  }\n}';
    const e = error(text);
    assert.equal(e.message, 'Missing comma between "auth" and "remote"');
    assert.equal(text.slice(e.offset, e.offset + e.length), '"remote"');
  });
  it('names unquoted JSON5 keys after a missing comma', () => {
    const e = error('{ gateway: { auth: {} remote: {} } }');
    assert.equal(e.message, 'Missing comma between "auth" and "remote"');
  });
  it('reports an unclosed object with where it opened', () => {
    assert.match(error('{\n  "gateway": {\n').message, /object opened at 2:14 is never closed/);
  });
  it('reports unterminated strings, bad escapes, leading zeros, stray words, empty files', () => {
    assert.match(error('{"a": "abc').message, /Unterminated string/);
    assert.match(error('{"a": "\\q\\u12"}').message, /Invalid escape/);
    assert.match(error('{"a": 012}').message, /leading zeros/);
    assert.match(error('{"a": local}').message, /Unexpected word local/);
    assert.match(error('').message, /empty/);
    assert.match(error('   // only a comment\n').message, /empty/);
    assert.match(error('{"a": 1} x').message, /after the end/);
    assert.match(error('{"a": }').message, /value of "a" is missing/);
    assert.match(error('{"a" 1}').message, /Expected ":" after "a"/);
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
