import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import JSON5 from 'json5';
import { parseJson5 } from '../../src/core/json5Parser';
import { nodeToValue } from '../../src/core/jsonTree';

/**
 * Our parser against the reference JSON5 implementation (the `json5` package, which OpenClaw's
 * loader follows): on random documents written in every JSON5 style, both read the same value,
 * and on random corruptions of them both agree whether the text is valid.
 */

const key = fc.oneof(fc.constantFrom('gateway', 'auth', 'token', 'remote', 'mode', 'port', '$include', 'a b', 'ключ', '令牌'), fc.string({ maxLength: 8 }));
const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -1e9, max: 1e9 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  fc.boolean(),
  fc.constant(null),
);
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 4 })),
}));

/** Writes a value as JSON5 with random style: quotes, unquoted keys, comments, trailing commas, hex. */
function write(v: unknown, style: { single: boolean; bare: boolean; comments: boolean; trailing: boolean }): string {
  if (typeof v === 'string') return style.single ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}'` : JSON.stringify(v);
  if (typeof v === 'number') return Number.isInteger(v) && v > 0 && style.bare ? `0x${v.toString(16)}` : JSON.stringify(v);
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const comment = style.comments ? ' /* c */ ' : '';
  const tail = style.trailing ? ',' : '';
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[${comment}${v.map((x) => write(x, style)).join(', ')}${tail}]`;
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  const keyText = (k: string): string => (style.bare && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : write(k, style));
  return `{${comment}\n${entries.map(([k, x]) => `  ${keyText(k)}: ${write(x, style)}`).join(',\n')}${tail}\n// end\n}`;
}

const styled = fc.record({ v: value, single: fc.boolean(), bare: fc.boolean(), comments: fc.boolean(), trailing: fc.boolean() }).map(({ v, ...style }) => write(v, style));

describe('parser agrees with the json5 package', () => {
  it('reads the same value from random JSON5 documents', () => {
    fc.assert(
      fc.property(styled, (text) => {
        const ours = parseJson5(text);
        assert.ok(ours.root, `we failed on a document json5 reads: ${text}`);
        assert.deepEqual(nodeToValue(ours.root), JSON5.parse(text));
      }),
      { numRuns: 400 },
    );
  });

  it('agrees on validity after random single-character corruptions', () => {
    fc.assert(
      fc.property(styled, fc.nat(), fc.constantFrom('', ',', ':', '{', '}', '[', ']', '"', "'", '/', '*', '\\', 'x', ' '), (text, at, ch) => {
        const i = at % (text.length + 1);
        const mutated = text.slice(0, i) + ch + text.slice(i + 1);
        let reference: unknown;
        let referenceOk = true;
        try {
          reference = JSON5.parse(mutated);
        } catch {
          referenceOk = false;
        }
        const ours = parseJson5(mutated);
        assert.equal(ours.root !== undefined, referenceOk, `validity differs on: ${JSON.stringify(mutated)}`);
        if (ours.root) assert.deepEqual(nodeToValue(ours.root), reference);
      }),
      { numRuns: 600 },
    );
  });
});
