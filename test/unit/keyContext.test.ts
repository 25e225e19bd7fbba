import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { keyContextAt } from '../../src/core/schema/keyContext';
import { bundledKeyTree } from '../../src/core/schema/installedSchema';

const tree = bundledKeyTree();
/** Splits `|` out of the text: where the cursor is. */
function at(textWithCursor: string, mount: string[] = []) {
  const offset = textWithCursor.indexOf('|');
  return keyContextAt(textWithCursor.replace('|', ''), offset, tree, mount);
}

describe('keyContextAt', () => {
  it('completes keys of a nested object in a file that does not parse yet (JSON5, comments)', () => {
    const context = at("{\n  // gateway\n  gateway: { mode: 'local' },\n  plugins: {\n    enabled: true,\n    ent|\n");
    assert.equal(context?.kind, 'key');
    assert.deepEqual(context?.objectPath, ['plugins']);
    assert.equal(context?.key, 'ent');
    assert.deepEqual(context?.range, { offset: context.range.offset, length: 3 });
    const names = context?.candidates.map((c) => c.key) ?? [];
    assert.ok(names.includes('entries') && names.includes('allow'));
    assert.ok(!names.includes('enabled'), 'a key already written is not offered again');
  });
  it('follows records and arrays', () => {
    assert.deepEqual(at('{"models": {"providers": {"my-llm": {"|"}}}}')?.objectPath, ['models', 'providers', 'my-llm']);
    assert.ok(at('{"models": {"providers": {"my-llm": {"|"}}}}')?.candidates.some((c) => c.key === 'baseUrl'));
    const item = at('{"bindings": [{"agentId": "a"}, {|}]}');
    assert.deepEqual(item?.objectPath, ['bindings', '1']);
    assert.ok(item?.candidates.some((c) => c.key === 'agentId'));
  });
  it('hovers a key: its type and one-sentence description', () => {
    const context = at('{"gateway": {"po|rt": 18789}}');
    assert.equal(context?.kind, 'key');
    assert.equal(context?.key, 'port');
    assert.equal(context?.node?.t, 'integer');
    assert.ok(context?.node?.d?.startsWith('TCP port'));
  });
  it('offers the values of an enumeration, and true/false', () => {
    assert.deepEqual(at('{"gateway": {"bind": "|"}}')?.values, ['auto', 'lan', 'loopback', 'custom', 'tailnet']);
    assert.deepEqual(at('{"plugins": {"enabled": |}}')?.values, ['true', 'false']);
  });
  it('an included file starts at its mount path; open objects offer what they know', () => {
    assert.deepEqual(at('{ |', ['gateway', 'remote'])?.candidates.some((c) => c.key === 'token'), true);
    assert.deepEqual(at('{"env": {"vars": {|}}}')?.candidates, []);
  });
  it('nothing outside the root object', () => {
    assert.equal(at('|{}'), undefined);
  });
});
