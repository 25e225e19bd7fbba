import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { analyzeConfig } from '../../src/core/analyze';
import { parseConfigDocument } from '../../src/core/configDocument';
import { disableLineEdit } from '../../src/core/fixes/suppressionFix';
import { applyTextEdits } from '../../src/core/fixes/textEdits';
import { english } from '../../src/core/messages';
import { parseDirectives } from '../../src/core/suppressions';

const WEAK = 'hunter2hunter2';

/** auth.token and remote.token both weak: one token-weak finding on each of two lines. */
function config(commentAuth = '', commentRemote = '', trailing = ''): string {
  return [
    '{',
    '  gateway: {',
    "    mode: 'local',",
    `    auth: {${commentAuth}`,
    `      token: '${WEAK}',${trailing}`,
    '    },',
    `    remote: {${commentRemote}`,
    `      token: '${WEAK}',`,
    '    },',
    '  },',
    '}',
    '',
  ].join('\n');
}

function codesByLine(text: string): Array<[number, string]> {
  const analysis = analyzeConfig(text, { env: {} });
  return analysis.findings.map((f) => [analysis.doc.lines.positionAt(f.offset).line, f.code]);
}

describe('suppression comments', () => {
  it('without directives both weak tokens are reported', () => {
    assert.deepEqual(codesByLine(config()).filter(([, c]) => c === 'token-weak').map(([l]) => l), [4, 7]);
  });

  it('disable-next-line silences the named rule on the next line only', () => {
    const text = config('\n      // openclaw-guard-disable-next-line token-weak');
    const weak = codesByLine(text).filter(([, c]) => c === 'token-weak');
    assert.deepEqual(weak.map(([l]) => l), [8]);
    assert.ok(!codesByLine(text).some(([, c]) => c === 'disable-directive'), 'a used directive is not reported');
  });

  it('disable-next-line without codes silences every rule on that line; another code silences nothing', () => {
    const all = config('\n      // openclaw-guard-disable-next-line');
    assert.ok(!codesByLine(all).some(([l, c]) => l === 5 && c !== 'disable-directive'));
    const other = config('\n      // openclaw-guard-disable-next-line port-invalid');
    assert.ok(codesByLine(other).some(([l, c]) => l === 5 && c === 'token-weak'));
    assert.ok(codesByLine(other).some(([, c]) => c === 'disable-directive'), 'the unused directive is reported');
  });

  it('disable-line works at the end of the line, and a description after -- is ignored', () => {
    const text = config('', '', ' // openclaw-guard-disable-line token-weak, token-risky-chars -- rotated next week');
    const found = codesByLine(text);
    assert.deepEqual(found.filter(([, c]) => c === 'token-weak').map(([l]) => l), [7]);
    const unused = analyzeConfig(text, { env: {} }).findings.filter((f) => f.code === 'disable-directive');
    assert.equal(unused.length, 1, 'token-risky-chars silenced nothing');
    assert.match(english(unused[0].message), /no token-risky-chars finding/);
  });

  it('a disable ... enable block silences its range only; enable of one code ends only that code', () => {
    const text = config().replace("    auth: {", "    /* openclaw-guard-disable token-weak */\n    auth: {").replace("    remote: {", "    /* openclaw-guard-enable token-weak */\n    remote: {");
    assert.deepEqual(codesByLine(text).filter(([, c]) => c === 'token-weak').map(([l]) => l), [9]);
    const open = config().replace("    auth: {", "    /* openclaw-guard-disable token-weak */\n    auth: {");
    assert.deepEqual(codesByLine(open).filter(([, c]) => c === 'token-weak'), [], 'without an enable it runs to the end of the file');
  });

  it('an unknown rule code in a directive is reported and silences nothing', () => {
    const text = config('\n      // openclaw-guard-disable-next-line token-wek');
    const analysis = analyzeConfig(text, { env: {} });
    const directive = analysis.findings.filter((f) => f.code === 'disable-directive');
    assert.equal(directive.length, 1);
    assert.equal(directive[0].severity, 'information');
    assert.match(english(directive[0].message), /"token-wek", which is not an OpenClaw Guard rule; it silences nothing\. Did you mean "token-weak"\?/);
    assert.ok(analysis.findings.some((f) => f.code === 'token-weak' && analysis.doc.lines.positionAt(f.offset).line === 5));
  });

  it('the disable-directive rule can be turned off like any other', () => {
    const text = config('\n      // openclaw-guard-disable-next-line token-wek');
    assert.ok(!analyzeConfig(text, { env: {}, severities: { 'disable-directive': 'off' } }).findings.some((f) => f.code === 'disable-directive'));
  });

  it('ordinary comments and look-alikes are not directives', () => {
    const doc = parseConfigDocument('// openclaw-guard-disabled token-weak\n/* openclaw guard-disable */\n// see openclaw-guard-disable-next-line\n{}');
    assert.deepEqual(parseDirectives(doc), []);
  });

  it('the quick fix writes a directive above the line, indented like it, and the finding goes away', () => {
    const text = config();
    const analysis = analyzeConfig(text, { env: {} });
    const weak = analysis.findings.find((f) => f.code === 'token-weak');
    assert.ok(weak);
    const result = disableLineEdit(analysis.doc, weak.code, weak);
    assert.ok(result.ok);
    const fixed = applyTextEdits(text, [result.edit]);
    assert.ok(fixed.includes("    auth: {\n      // openclaw-guard-disable-next-line token-weak\n      token: 'hunter2hunter2',"));
    assert.deepEqual(codesByLine(fixed).filter(([, c]) => c === 'token-weak').map(([l]) => l), [8]);
    assert.equal(english(result.title), 'Disable token-weak for this line');
  });

  it('in a strict-JSON file the quick fix says why it cannot add a comment', () => {
    const text = JSON.stringify({ gateway: { mode: 'local', auth: { token: WEAK }, remote: { token: WEAK } } }, null, 2);
    const analysis = analyzeConfig(text, { env: {} });
    const weak = analysis.findings.find((f) => f.code === 'token-weak');
    assert.ok(weak);
    const result = disableLineEdit(analysis.doc, weak.code, weak);
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(english(result.reason), /strict JSON/);
  });

  it('CRLF files get a CRLF directive line', () => {
    const text = config().replace(/\n/g, '\r\n');
    const analysis = analyzeConfig(text, { env: {} });
    const weak = analysis.findings.find((f) => f.code === 'token-weak');
    assert.ok(weak);
    const result = disableLineEdit(analysis.doc, weak.code, weak);
    assert.ok(result.ok && result.edit.newText.endsWith('token-weak\r\n'));
  });

  it('the CLI honours the same comments', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocg-suppress-'));
    try {
      const path = join(dir, 'openclaw.json');
      writeFileSync(path, config('\n      // openclaw-guard-disable-next-line token-weak'));
      let stdout = '';
      await runCli({ argv: ['check', path, '--format', 'json'], env: {}, stdout: (t) => (stdout += t), stderr: () => undefined, isTty: false });
      const lines = (JSON.parse(stdout) as { files: Array<{ diagnostics: Array<{ code: string; range: { start: { line: number } } }> }> }).files[0].diagnostics
        .filter((d) => d.code === 'token-weak')
        .map((d) => d.range.start.line);
      assert.deepEqual(lines, [8]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never silences a syntax error, and reports no directive as unused in a file that does not parse', () => {
    const text = "/* openclaw-guard-disable */\n// openclaw-guard-disable-next-line token-weak\n{ gateway: { mode: 'local', auth: { token: 'x' } ";
    const codes = analyzeConfig(text, { env: {} }).findings.map((f) => f.code);
    assert.deepEqual(codes, ['syntax-error']);
  });

  it('enabling one code of a disable that names several turns that code back on, the others stay off', () => {
    const text = config().replace('    auth: {', '    /* openclaw-guard-disable token-weak, token-mismatch */\n    auth: {').replace('    remote: {', '    /* openclaw-guard-enable token-weak */\n    remote: {');
    assert.deepEqual(codesByLine(text).filter(([, c]) => c === 'token-weak').map(([l]) => l), [9]);
  });

  it('enabling one code after a disable of every rule turns that code back on', () => {
    const text = config().replace('    auth: {', '    /* openclaw-guard-disable */\n    auth: {').replace('    remote: {', '    /* openclaw-guard-enable token-weak */\n    remote: {');
    assert.deepEqual(codesByLine(text).filter(([, c]) => c === 'token-weak').map(([l]) => l), [9]);
  });

  it('a second "disable for this line" adds its code to the directive already above the line', () => {
    const text = config('\n      // openclaw-guard-disable-next-line token-weak');
    const analysis = analyzeConfig(text, { env: {} });
    const result = disableLineEdit(analysis.doc, 'token-risky-chars', { offset: text.indexOf("token: 'hunter2hunter2',"), length: 5 });
    assert.ok(result.ok);
    const fixed = applyTextEdits(text, [result.edit]);
    assert.ok(fixed.includes('      // openclaw-guard-disable-next-line token-weak, token-risky-chars\n      token:'), fixed);
    assert.deepEqual(codesByLine(fixed).filter(([, c]) => c === 'token-weak').map(([l]) => l), [8]);
    // token-risky-chars has nothing to silence on that line: only it is reported unused, so the
    // directive still sits on the line it was written for.
    const unused = analyzeConfig(fixed, { env: {} }).findings.filter((f) => f.code === 'disable-directive').map((f) => english(f.message));
    assert.deepEqual(unused, ['Unused suppression: no token-risky-chars finding is reported where this directive applies. Remove it.']);
    const again = disableLineEdit(parseConfigDocument(fixed), 'token-weak', { offset: fixed.indexOf("token: 'hunter2hunter2',"), length: 5 });
    assert.equal(again.ok, false, 'no second directive for a code already disabled there');
  });

  it('refuses to put a comment inside a string continued across lines', () => {
    const text = "{\n  gateway: {\n    mode: 'local', note: 'a\\\n  b', auth: { token: 'hunter2hunter2' },\n    remote: { token: 'hunter2hunter2' },\n  },\n}\n";
    const analysis = analyzeConfig(text, { env: {} });
    const weak = analysis.findings.find((f) => f.code === 'token-weak' && analysis.doc.lines.positionAt(f.offset).line === 3);
    assert.ok(weak, JSON.stringify(analysis.findings.map((f) => [f.code, analysis.doc.lines.positionAt(f.offset).line])));
    const result = disableLineEdit(analysis.doc, weak.code, weak);
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(english(result.reason), /continues a string/);
  });

  it('quotes back only words shaped like a rule code: a note written without " -- " is not echoed', () => {
    const text = config('\n      // openclaw-guard-disable-next-line token-weak reason: sk-abcdefgh12345');
    const messages = analyzeConfig(text, { env: {} }).findings.filter((f) => f.code === 'disable-directive').map((f) => english(f.message));
    assert.ok(messages.length >= 1);
    for (const m of messages) assert.ok(!m.includes('sk-abcdefgh12345'), m);
  });
});
