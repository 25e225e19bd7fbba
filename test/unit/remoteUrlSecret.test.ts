import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConfig } from '../../src/core/analyze';
import { fixesFor } from '../../src/core/fixes/applyFixes';
import { applyTextEdits } from '../../src/core/fixes/textEdits';
import { english } from '../../src/core/messages';

const TOKEN = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4';

function findings(url: string, extra = ''): Array<{ covered: string; message: string }> {
  const text = `{\n  gateway: {\n    mode: 'remote',\n    remote: { url: '${url}'${extra} },\n  },\n}\n`;
  const analysis = analyzeConfig(text, { env: {} });
  return analysis.findings.filter((f) => f.code === 'remote-url-secret').map((f) => ({ covered: text.slice(f.offset, f.offset + f.length), message: english(f.message) }));
}

describe('remote-url-secret', () => {
  it('flags a token in the query string, on the value only, without echoing it', () => {
    const [f] = findings(`wss://gw.example.com:18789/?token=${TOKEN}`);
    assert.equal(f.covered, TOKEN);
    assert.match(f.message, /query string \("token"\)/);
    assert.ok(!f.message.includes(TOKEN));
  });

  it('flags user:password@ and a #token= fragment, and a known secret under any parameter name', () => {
    assert.equal(findings('wss://me:pa55word@gw.example.com/')[0].covered, 'me:pa55word');
    assert.equal(findings(`wss://gw.example.com/#token=${TOKEN}`)[0].covered, TOKEN);
    assert.equal(findings(`wss://gw.example.com/?x=${TOKEN}`, `, token: '${TOKEN}'`)[0].covered, TOKEN);
  });

  it('leaves plain URLs, harmless parameters and bare user names alone', () => {
    assert.deepEqual(findings('wss://gw.example.com:18789'), []);
    assert.deepEqual(findings('wss://gw.example.com/?mode=x&v=2'), []);
    assert.deepEqual(findings('wss://me@gw.example.com/'), []);
  });

  it('moves a query token into gateway.remote.token, or removes the credentials', () => {
    const text = `{\n  gateway: {\n    mode: 'remote',\n    remote: { url: 'wss://gw.example.com:18789/?token=${TOKEN}' },\n  },\n}\n`;
    const analysis = analyzeConfig(text, { env: {} });
    const finding = analysis.findings.find((f) => f.code === 'remote-url-secret');
    assert.ok(finding);
    const [move, remove] = fixesFor(analysis, finding, {});
    assert.equal(english(move.title), 'Move the token from gateway.remote.url into gateway.remote.token');
    const moved = applyTextEdits(text, move.edits);
    assert.match(moved, new RegExp(`url: 'wss://gw\\.example\\.com:18789/'`));
    assert.match(moved, new RegExp(`token: '${TOKEN}'`));
    assert.deepEqual(analyzeConfig(moved, { env: {} }).findings.filter((f) => f.code === 'remote-url-secret'), []);
    assert.equal(applyTextEdits(text, remove.edits), text.replace(`?token=${TOKEN}`, ''));
    assert.ok(!move.safe && !remove.safe);
  });
});

describe('a remote section that names another gateway', () => {
  const STRONG = '3f9a1c7e5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f20';
  const OTHER = '9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c50';
  const text = (mode: string, remote: string): string => `{ gateway: { mode: '${mode}', bind: 'loopback', auth: { mode: 'token', token: '${STRONG}' }, remote: { ${remote} } } }`;

  it('in local mode: a different remote.token is that gateway\'s, not a mismatch, and nothing asks to copy this token there', () => {
    const codes = analyzeConfig(text('local', `url: 'wss://other.example.com', token: '${OTHER}'`), { env: {} }).findings.map((f) => f.code);
    assert.ok(!codes.includes('token-mismatch'), codes.join());
    const missing = analyzeConfig(text('local', `url: 'wss://other.example.com'`), { env: {} }).findings.map((f) => f.code);
    assert.ok(!missing.includes('remote-token-missing'), missing.join());
  });

  it('a loopback remote.url is this machine: the mismatch and its safe fix stay', () => {
    const analysis = analyzeConfig(text('local', `url: 'ws://127.0.0.1:18789', token: '${OTHER}'`), { env: {} });
    const finding = analysis.findings.find((f) => f.code === 'token-mismatch');
    assert.ok(finding);
    assert.ok(fixesFor(analysis, finding, {}).some((f) => f.fixId === 'copyAuthToRemote' && f.safe));
  });

  it('in remote mode copying auth.token into remote.token is offered, never applied by fix-all', () => {
    const analysis = analyzeConfig(text('remote', `url: 'wss://other.example.com', token: '${OTHER}'`), { env: {} });
    const finding = analysis.findings.find((f) => f.code === 'token-mismatch');
    assert.ok(finding);
    const copy = fixesFor(analysis, finding, {}).find((f) => f.fixId === 'copyAuthToRemoteOtherGateway');
    assert.ok(copy && !copy.safe);
    assert.ok(!fixesFor(analysis, finding, {}).some((f) => f.safe));
  });
});
