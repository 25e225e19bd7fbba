import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { RULE_CODES } from '../../src/core/rules/ruleTable';

const ROOT = join(__dirname, '..', '..', '..');
const read = (path: string): Record<string, string> => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Record<string, string>;
const placeholders = (text: string): string[] => [...new Set(text.match(/\{\w+\}/g) ?? [])].sort();

/** A translation may equal its key only when the key has no English words outside code. */
function mustDiffer(key: string): boolean {
  const prose = key.replace(/OpenClaw( Guard)?/g, '').replace(/`[^`]*`/g, '').replace(/"[^"]*"/g, '').replace(/\{\w+\}/g, '').replace(/[\w.-]*[._][\w.-]*/g, '');
  return /\b[a-z]{4,}\b/i.test(prose);
}

describe('localization', () => {
  const english = read('l10n/bundle.l10n.json');
  const chinese = read('l10n/bundle.l10n.zh-cn.json');

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
  it('quoted text stays verbatim in Chinese (users search for OpenClaw\'s messages), except names of our own UI', () => {
    const nls = read('package.nls.json');
    const nlsZh = read('package.nls.zh-cn.json');
    // A quoted UI label (a command title, or a capitalized button that is itself a message) is shown
    // translated; lowercase quoted words are config values ("none", "loopback") and stay.
    const uiLabel = (quoted: string): string | undefined => {
      const label = quoted.replace(/^OpenClaw( Guard)?: /, '');
      if (!/^[A-Z][a-z]/.test(label)) return undefined;
      const nlsKey = Object.keys(nls).find((k) => k.startsWith('command.') && nls[k] === label);
      if (nlsKey) return nlsZh[nlsKey];
      return label in chinese ? chinese[label] : undefined;
    };
    for (const [key, value] of Object.entries(chinese)) {
      for (const quoted of key.match(/"[^"]*"/g) ?? []) {
        const translatedLabel = uiLabel(quoted.slice(1, -1));
        if (translatedLabel !== undefined && !quoted.includes('{')) assert.ok(value.includes(translatedLabel), `UI label ${quoted} should read ${translatedLabel} in: ${value}`);
        else assert.ok(value.includes(quoted), `${quoted} lost in: ${value}`);
      }
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
  it('the Chinese README documents every rule', () => {
    const readme = readFileSync(join(ROOT, 'README.zh-CN.md'), 'utf8');
    for (const code of RULE_CODES) assert.ok(readme.includes(`### \`${code}\``), code);
  });
  it('the CLI speaks Chinese with --lang zh-cn or a zh locale', async () => {
    // Same body as written for test/unit/cli.test.ts, with its run() and file() helpers.
    const dir = mkdtempSync(join(tmpdir(), 'ocg-zh-'));
    const file = (name: string, content: string): string => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    };
    const run = async (argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> => {
      let stdout = '';
      let stderr = '';
      const code = await runCli({ argv, env, stdout: (t) => (stdout += t + '\n'), stderr: (t) => (stderr += t + '\n'), isTty: false });
      return { code, stdout, stderr };
    };
    try {
      const path = file('zh.json', '{ "gateway": { "auth": {} "remote": {} } }');
      const explicit = await run(['check', path, '--lang', 'zh-cn']);
      const byLocale = await run(['check', path], { LANG: 'zh_CN.UTF-8' });
      const english = await run(['check', path], { LANG: 'en_US.UTF-8' });
      assert.match(english.stdout, /Missing comma between two properties/);
      assert.match(explicit.stdout, /缺少逗号/);
      assert.doesNotMatch(explicit.stdout, /Missing comma/);
      assert.equal(byLocale.stdout, explicit.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
