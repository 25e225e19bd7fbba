import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { attemptKey } from '../../src/core/probe/attemptBudget';
import { neutralizeControls } from '../../src/core/safeText';

describe('the attempt budget counts one gateway once, however its URL is written', () => {
  it('folds every spelling of this machine into one key', () => {
    const keys = new Set(['ws://127.0.0.1:18789', 'ws://localhost:18789', 'ws://localhost.:18789', 'ws://a.localhost:18789', 'ws://[::1]:18789', 'ws://[::ffff:7f00:1]:18789', 'ws://127.1.2.3:18789/x?y=1'].map(attemptKey));
    assert.deepEqual([...keys], ['loopback:18789']);
    assert.notEqual(attemptKey('ws://127.0.0.1:18790'), attemptKey('ws://127.0.0.1:18789'));
    assert.equal(attemptKey('wss://GW.example.com./path'), 'gw.example.com:443');
  });
});

describe('text that cannot hide or reorder what is shown', () => {
  it('escapes bidi marks, invisible operators and tag characters too', () => {
    assert.equal(neutralizeControls('a\u061cb\u2062c\u{e0041}d\u202ee\u001b[2K'), 'a\\u061cb\\u2062c\\u{e0041}d\\u202ee\\x1b[2K');
    assert.equal(neutralizeControls('plain 中文 ✔'), 'plain 中文 ✔');
  });
});
