import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzeConfig } from '../../src/core/analyze';
import { english } from '../../src/core/messages';
import { unfilledPlaceholders } from './ruleHelpers';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'configs');
const REAL_CONFIGS = ['typical.json5', 'typical.json'].map((name) => readFileSync(join(FIXTURES, name), 'utf8'));

/** Characters that matter to the grammar, plus a few that break it in other ways. */
const INTERESTING = ['{', '}', '[', ']', ',', ':', '"', "'", '\\', '/', '*', '\n', '\r', ' ', '$', '#', '@', 'x', '0', '\u0000', '\ud800', 'é', '你'];

type Mutation = { kind: 'delete'; at: number; count: number } | { kind: 'insert'; at: number; text: string } | { kind: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...INTERESTING), fc.string({ maxLength: 6 })) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function apply(text: string, m: Mutation): string {
  const at = text.length === 0 ? 0 : m.at % (text.length + 1);
  switch (m.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.count);
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'truncate':
      return text.slice(0, at);
  }
}

function assertSound(text: string, env: Record<string, string>): void {
  const { findings } = analyzeConfig(text, { env, inContainer: text.length % 2 === 0 });
  for (const f of findings) {
    assert.ok(f.offset >= 0 && f.length >= 0 && f.offset + f.length <= text.length, `${f.code} range outside the document`);
    const message = english(f.message);
    assert.ok(message.length > 0);
    assert.deepEqual(unfilledPlaceholders(f.message), [], `${f.code}/${f.messageId}: ${message}`);
    for (const r of f.related) {
      assert.ok(r.offset >= 0 && r.offset + r.length <= text.length, `${f.code} related range outside`);
      assert.deepEqual(unfilledPlaceholders(r.message), [], `${f.code} related`);
    }
  }
}

describe('engine under random edits of real configs', () => {
  it('never throws and keeps every range inside the document (4000 mutated configs)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...REAL_CONFIGS), fc.array(mutation, { minLength: 1, maxLength: 8 }), (base, mutations) => {
        const text = mutations.reduce(apply, base);
        assertSound(text, { OPENCLAW_GATEWAY_TOKEN: 'env-token', TELEGRAM_BOT_TOKEN: 'x' });
      }),
      { numRuns: 4000, seed: 20261124 },
    );
  });
  it('handles every prefix of a real config (half-typed files)', () => {
    for (const base of REAL_CONFIGS) for (let i = 0; i <= base.length; i++) assertSound(base.slice(0, i), {});
  });
  it('handles arbitrary unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => assertSound(text, {})),
      { numRuns: 1500, seed: 7 },
    );
  });
  it('handles deep nesting without blowing the stack', () => {
    assertSound('['.repeat(2000) + ']'.repeat(2000), {});
    assertSound('{"gateway":' + '{"a":'.repeat(1500) + '1' + '}'.repeat(1501), {});
    assertSound('['.repeat(200000), {});
    assert.match(english(analyzeConfig('['.repeat(100000), { env: {} }).findings[0].message), /nested more than 512/);
  });
});
