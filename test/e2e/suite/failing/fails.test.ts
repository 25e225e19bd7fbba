import * as assert from 'node:assert/strict';

// Used only by test/host/launcher.test.ts: proves a failing run exits non-zero and cleans up.
describe('a deliberately failing suite', () => {
  it('fails', () => {
    assert.equal(1, 2);
  });
});
