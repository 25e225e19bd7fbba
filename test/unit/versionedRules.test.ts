import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConfig } from '../../src/core/analyze';
import { RULES } from '../../src/core/rules/ruleTable';
import { behaviourFor, inRange, tableProblems } from '../../src/core/rules/support/versionRanges';
import { parseOpenclawVersion } from '../../src/core/version/openclawVersion';
import { STRONG, STRONG_2, textOf } from './ruleHelpers';
import { analyzeForRelease, VERSIONED_CASES } from './versionedCorpus';

describe('rules by OpenClaw release', () => {
  for (const c of VERSIONED_CASES) {
    for (const e of c.expect) {
      it(`${c.code}: ${c.name}, ${e.release ?? 'release unknown'} → ${e.messageId} (${e.severity})`, () => {
        const findings = analyzeForRelease(c, e.release).findings.filter((f) => f.code === c.code);
        assert.equal(findings.length, 1, JSON.stringify(findings.map((f) => f.messageId)));
        const [finding] = findings;
        assert.equal(finding.messageId, e.messageId);
        assert.equal(finding.severity, e.severity);
        const text = textOf(finding);
        for (const part of e.says) assert.ok(text.includes(part), `${JSON.stringify(part)} not in ${JSON.stringify(text)}`);
        assert.doesNotMatch(text, /\{\w+\}/);
        assert.ok(!text.includes(STRONG) && !text.includes(STRONG_2), 'no secret in the message');
      });
    }
  }

  it('an unknown release never states one release\'s code or exit status as the only fact', () => {
    for (const c of VERSIONED_CASES) {
      const [finding] = analyzeForRelease(c, undefined).findings.filter((f) => f.code === c.code);
      const known = c.expect.filter((e) => e.release !== undefined).map((e) => e.messageId);
      // Either the by-release message, or a message the same for every release (CLAWDBOT_GATEWAY_PASSWORD).
      if (new Set(known).size > 1) assert.match(textOf(finding), /OpenClaw up to .*OpenClaw .* and later/s, c.name);
    }
  });

  it('the config\'s meta.lastTouchedVersion picks the message when nothing else names a release', () => {
    const text = JSON.stringify({ meta: { lastTouchedVersion: '2026.4.8' }, gateway: { mode: 'local', bind: '0.0.0.0', auth: { mode: 'token', token: STRONG } } });
    const analysis = analyzeConfig(text, { env: {} });
    assert.deepEqual([analysis.openclawVersion.version, analysis.openclawVersion.source], ['2026.4.8', 'config-meta']);
    assert.equal(analysis.findings.find((f) => f.code === 'bind-invalid')?.messageId, 'meansLanRewritten');
    // A stated release wins over what last wrote the file.
    const stated = analyzeConfig(text, { env: {}, openclawVersion: { flag: '2026.9.6' } });
    assert.equal(stated.findings.find((f) => f.code === 'bind-invalid')?.messageId, 'meansLan');
    assert.equal(stated.openclawVersion.source, 'flag');
  });

  it('CLI behaviour follows the installed CLI, gateway behaviour the running gateway', () => {
    const [conflict] = VERSIONED_CASES.filter((c) => c.code === 'env-token-conflict');
    const facts = { gateway: { version: '2026.9.6' }, cliInstall: { version: '2026.7.35', path: '/usr/lib/node_modules/openclaw/package.json' } };
    const analysis = analyzeForRelease(conflict, undefined, facts);
    assert.equal(analysis.openclawVersion.version, '2026.9.6');
    assert.equal(analysis.openclawVersion.cliVersion, '2026.7.35');
    assert.equal(analysis.findings.find((f) => f.code === 'env-token-conflict')?.messageId, 'cliSendsVariable');
    const [missing] = VERSIONED_CASES.filter((c) => c.code === 'auth-token-missing');
    assert.equal(analyzeForRelease(missing, undefined, facts).findings.find((f) => f.code === 'auth-token-missing')?.messageId, 'authTokenUnset');
  });

  it('every release table covers every release once and names only messages its rule declares', () => {
    let tables = 0;
    for (const rule of RULES) {
      for (const table of rule.meta.releaseTables ?? []) {
        tables++;
        assert.deepEqual(tableProblems(table), [], rule.meta.code);
        for (const row of table) assert.ok(Object.prototype.hasOwnProperty.call(rule.meta.messages, row.messageId), `${rule.meta.code}: ${row.messageId}`);
        for (const release of ['2026.1.29', '2026.2.26', '2026.4.8', '2026.5.7', '2026.6.6', '2026.7.35', '2026.8.1', '2026.9.6', '2027.1.1']) {
          assert.ok(behaviourFor(table, release), `${rule.meta.code} has no row for ${release}`);
        }
      }
    }
    assert.equal(tables, 6);
  });

  it('tableProblems finds gaps and overlaps', () => {
    assert.deepEqual(tableProblems([{ through: '2026.4' }, { from: '2026.5' }]), []);
    assert.equal(tableProblems([{ through: '2026.4' }, { from: '2026.6' }]).length, 1);
    assert.equal(tableProblems([{ through: '2026.4' }, { from: '2026.4' }]).length, 1);
    assert.equal(tableProblems([{ from: '2026.1', through: '2026.4' }, { from: '2026.5' }]).length, 1);
    assert.deepEqual(tableProblems([{ through: '2026.12' }, { from: '2027.1' }]), []);
  });

  it('a month bound includes the whole month; a release bound only up to that release', () => {
    const v = (text: string) => {
      const parsed = parseOpenclawVersion(text);
      assert.ok(parsed);
      return parsed;
    };
    assert.equal(inRange(v('2026.7.35'), { through: '2026.7' }), true);
    assert.equal(inRange(v('2026.8.1'), { through: '2026.7' }), false);
    assert.equal(inRange(v('2026.7.36'), { through: '2026.7.35' }), false);
    assert.equal(inRange(v('2026.5.1'), { from: '2026.5', through: '2026.7' }), true);
    assert.equal(inRange(v('2026.4.30'), { from: '2026.5' }), false);
  });
});
