import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliIo } from '../../src/cli/main';
import { english } from '../../src/core/messages';
import { describeRules, renderRuleReference, severitySettingsSchema } from '../../src/core/rules/ruleCatalog';
import { docsUrl, RULE_CODES, RULES } from '../../src/core/rules/ruleTable';
import type { RuleDefinition } from '../../src/core/rules/ruleTypes';
import { generate, loadRules, renderRuleIndex, ruleFileNames, staleFiles } from '../../scripts/generate';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

const ROOT = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { properties: Record<string, { enum: string[]; default: string }> }> } };
};
const ruleSettings = manifest.contributes.configuration.properties['openclawGuard.rules'].properties;

async function cli(argv: string[], extra: Partial<CliIo> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli({ argv, env: {}, stdout: (t) => (stdout += t + '\n'), stderr: (t) => (stderr += t + '\n'), isTty: false, ...extra });
  return { code, stdout, stderr };
}

describe('the rule table is the one source', () => {
  it('every generated file (rule index, manifest settings, both READMEs, message bundle) is up to date, and zh-CN translates every message', () => {
    const generation = generate();
    assert.deepEqual(staleFiles(generation), [], 'run npm run generate');
    assert.deepEqual(generation.problems, []);
  });

  it('the table holds exactly the files in src/core/rules/definitions, each named after its code', () => {
    assert.deepEqual([...RULE_CODES].sort(), ruleFileNames());
  });

  it('package.json has one severity setting per rule and none other', () => {
    assert.deepEqual(Object.keys(ruleSettings).sort(), [...RULE_CODES].sort());
    for (const code of RULE_CODES) {
      assert.deepEqual(ruleSettings[code].enum, ['default', 'error', 'warning', 'information', 'hint', 'off']);
      assert.equal(ruleSettings[code].default, 'default');
    }
  });

  it('`openclaw-guard rules --format json` lists what the manifest and the README list', async () => {
    const r = await cli(['rules', '--format', 'json']);
    assert.equal(r.code, 0);
    const rows = (JSON.parse(r.stdout) as { rules: Array<{ code: string; defaultSeverity: string; docs: string; fixes: Array<{ id: string; safe: boolean }> }> }).rules;
    assert.deepEqual(rows.map((row) => row.code).sort(), Object.keys(ruleSettings).sort());
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const row of rows) {
      assert.equal(row.docs, docsUrl(row.code));
      assert.ok(readme.includes(`<a id="${row.code}"></a>`), `README anchor for ${row.code}`);
    }
    const mismatch = rows.find((row) => row.code === 'token-mismatch');
    assert.ok(mismatch?.fixes.some((f) => f.safe), 'token-mismatch declares a safe fix');
  });

  it('`openclaw-guard rules` prints one line per rule, in Chinese with --lang zh-cn', async () => {
    const en = await cli(['rules']);
    const zh = await cli(['rules', '--lang', 'zh-cn']);
    assert.equal(en.stdout.trim().split('\n').length, RULES.length);
    assert.match(en.stdout, /^token-mismatch\s+error\s+gateway\.remote\.token differs from the token the gateway uses/m);
    assert.match(zh.stdout, /^token-mismatch\s+错误/m);
  });
});

describe('adding a rule takes one file', () => {
  const fixtureDir = join(__dirname, '..', 'fixtures', 'rules');
  const [throwaway] = loadRules(['throwaway-rule'], fixtureDir);
  const rules: readonly RuleDefinition[] = [...RULES, throwaway];

  it('the generator picks the file up by its name', () => {
    assert.equal(throwaway.meta.code, 'throwaway-rule');
    assert.match(renderRuleIndex(['throwaway-rule']), /import \{ rule as throwawayRule \} from '\.\/definitions\/throwaway-rule';/);
  });

  it('shows up in the CLI output, its fixes run, and the settings schema and docs list it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocg-rule-'));
    try {
      const path = join(dir, 'openclaw.json');
      writeFileSync(path, '{ "gateway": { "mode": "local", "port": 1234 } }\n');
      const check = await cli(['check', path, '--format', 'json'], { rules });
      const codes = (JSON.parse(check.stdout) as { files: Array<{ diagnostics: Array<{ code: string; message: string }> }> }).files[0].diagnostics;
      assert.deepEqual(codes.find((d) => d.code === 'throwaway-rule')?.message, 'gateway.port is 1234; the throwaway rule dislikes it.');
      const off = await cli(['check', path, '--format', 'json', '--rule', 'throwaway-rule=off'], { rules });
      assert.ok(!off.stdout.includes('throwaway-rule'));
      const fixed = await cli(['check', path, '--fix-dry-run'], { rules });
      assert.match(fixed.stdout, /^\+.*18789/m);
      const listed = await cli(['rules', '--format', 'json'], { rules });
      assert.ok(listed.stdout.includes('"code":"throwaway-rule"'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.deepEqual(Object.keys(severitySettingsSchema(rules)).at(-1), 'throwaway-rule');
    assert.match(renderRuleReference(rules, english), /### `throwaway-rule`\n\ngateway\.port is 1234/);
    assert.equal(describeRules(rules).at(-1)?.fixes[0].id, 'usePort');
  });

  it('an unknown code in --rule is a usage error unless the rule is in the table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocg-rule-'));
    try {
      const path = join(dir, 'openclaw.json');
      writeFileSync(path, '{ "gateway": { "mode": "local" } }\n');
      assert.equal((await cli(['check', path, '--rule', 'throwaway-rule=off'])).code, 2);
      assert.notEqual((await cli(['check', path, '--rule', 'throwaway-rule=off'], { rules })).code, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
