import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { setTranslator } from '../../src/core/i18n';
import { RULE_CODES } from '../../src/core/rules/ruleTypes';

const ROOT = join(__dirname, '..', '..', '..');
const read = (path: string): Record<string, string> => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Record<string, string>;
const placeholders = (text: string): string[] => [...new Set(text.match(/\{\d+\}/g) ?? [])].sort();

/** A translation may equal its key only when the key has no English words outside code. */
function mustDiffer(key: string): boolean {
  const prose = key.replace(/OpenClaw( Guard)?/g, '').replace(/`[^`]*`/g, '').replace(/"[^"]*"/g, '').replace(/\{\d+\}/g, '').replace(/[\w.-]*[._][\w.-]*/g, '');
  return /\b[a-z]{4,}\b/i.test(prose);
}

describe('localization', () => {
  const english = read('l10n/bundle.l10n.json');
  const chinese = read('l10n/bundle.l10n.zh-cn.json');

  it('the message bundle is up to date with the source', () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'l10n-extract.js'), '--check'], { stdio: 'pipe' });
  });
  it('both catalogues have the same keys', () => {
    assert.deepEqual(Object.keys(chinese).sort(), Object.keys(english).sort());
  });
  it('no string is left untranslated and placeholders survive', () => {
    for (const [key, value] of Object.entries(chinese)) {
      assert.ok(value.trim().length > 0, `empty: ${key}`);
      if (mustDiffer(key)) assert.notEqual(value, key, `untranslated: ${key}`);
      assert.deepEqual(placeholders(value), placeholders(key), `placeholders differ: ${key}`);
    }
  });
  it('quoted OpenClaw error messages stay verbatim in Chinese (users search for them)', () => {
    for (const [key, value] of Object.entries(chinese)) {
      for (const quoted of key.match(/"unauthorized: [^"]*"|"Refusing to bind[^"]*"|"Unrecognized key"/g) ?? []) assert.ok(value.includes(quoted), `${quoted} lost in: ${value}`);
    }
  });
  it('package.nls catalogues match each other and the manifest', () => {
    const nls = read('package.nls.json');
    const nlsZh = read('package.nls.zh-cn.json');
    assert.deepEqual(Object.keys(nlsZh).sort(), Object.keys(nls).sort());
    for (const [key, value] of Object.entries(nlsZh)) if (mustDiffer(nls[key])) assert.notEqual(value, nls[key], key);
    const manifest = readFileSync(join(ROOT, 'package.json'), 'utf8');
    for (const ref of manifest.match(/%[\w.-]+%/g) ?? []) assert.ok(ref.slice(1, -1) in nls, `${ref} missing from package.nls.json`);
  });
  it('both READMEs hold the rule reference exactly as the rule table renders it', () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'update-docs.js'), '--check'], { stdio: 'pipe' });
  });
  it('the Chinese README documents every rule', () => {
    const readme = readFileSync(join(ROOT, 'README.zh-CN.md'), 'utf8');
    for (const code of RULE_CODES) assert.ok(readme.includes(`### \`${code}\``), code);
  });
  it('the CLI speaks Chinese with --lang zh-cn or a zh locale', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ocg-zh-')), 'zh.json');
    writeFileSync(file, '{ "gateway": { "auth": {} "remote": {} } }');
    const run = async (argv: string[], env: NodeJS.ProcessEnv): Promise<string> => {
      let out = '';
      await runCli({ argv, env, stdout: (t) => (out += t + '\n'), stderr: (t) => (out += t + '\n'), isTty: false });
      setTranslator(undefined);
      return out;
    };
    const explicit = await run(['check', file, '--lang', 'zh-cn'], {});
    const byLocale = await run(['check', file], { LANG: 'zh_CN.UTF-8' });
    const englishOut = await run(['check', file], { LANG: 'en_US.UTF-8' });
    assert.match(englishOut, /Missing comma between "auth" and "remote"/);
    assert.match(explicit, /"auth" 和 "remote" 之间缺少逗号/);
    assert.equal(byLocale, explicit);
  });
});
