import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const ROOT = join(__dirname, '..', '..', '..');

interface ZipEntry {
  name: string;
  data: () => Buffer;
}

/** Reads a zip's central directory: enough to list a vsix and read small entries. */
export function readZip(buffer: Buffer): ZipEntry[] {
  let eocd = buffer.length - 22;
  while (eocd >= 0 && buffer.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'not a zip file');
  const count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buffer.readUInt32LE(offset), 0x02014b50);
    const method = buffer.readUInt16LE(offset + 10);
    const compressed = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const local = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.push({
      name,
      data: () => {
        const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
        const raw = buffer.subarray(start, start + compressed);
        return method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
      },
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Exactly what the installed extension needs, and nothing else (no src/, node_modules/, maps, tests). */
const EXPECTED = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/package.json',
  'extension/package.nls.json',
  'extension/package.nls.zh-cn.json',
  'extension/readme.md',
  'extension/changelog.md',
  'extension/LICENSE.txt',
  'extension/dist/extension.js',
  'extension/media/icon.png',
  'extension/media/activity-bar.svg',
  'extension/media/json5-language-configuration.json',
  'extension/media/json5.tmLanguage.json',
  'extension/media/dotenv-language-configuration.json',
  'extension/media/dotenv.tmLanguage.json',
  'extension/l10n/bundle.l10n.zh-cn.json',
  'extension/schemas/openclaw.schema.json',
  'extension/schemas/LICENSE.openclaw',
].sort();

describe('the packaged .vsix', () => {
  let vsix = '';
  before(() => {
    execFileSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: 'pipe' });
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    vsix = join(ROOT, `openclaw-guard-${version}.vsix`);
    assert.ok(readdirSync(ROOT).includes(`openclaw-guard-${version}.vsix`));
  });

  it('contains exactly the bundle, manifest, docs, icon, l10n bundles and schema', () => {
    const names = readZip(readFileSync(vsix)).map((e) => e.name).sort();
    assert.deepEqual(names, EXPECTED);
  });

  it('stays under the 300 KB size target', () => {
    const size = statSync(vsix).size;
    console.log(`vsix size: ${(size / 1024).toFixed(1)} KB`);
    assert.ok(size < 300 * 1024, `${size} bytes`);
  });

  it('ships a minified bundle without source maps and a PNG icon of at least 128x128', () => {
    const entries = readZip(readFileSync(vsix));
    const bundle = entries.find((e) => e.name === 'extension/dist/extension.js')?.data().toString('utf8') ?? '';
    assert.ok(!bundle.includes('sourceMappingURL'));
    const icon = entries.find((e) => e.name === 'extension/media/icon.png')?.data() ?? Buffer.alloc(0);
    assert.equal(icon.subarray(1, 4).toString('ascii'), 'PNG');
    assert.ok(icon.readUInt32BE(16) >= 128 && icon.readUInt32BE(20) >= 128);
  });

  it('declares a manifest users can trust', () => {
    const manifest = JSON.parse(readZip(readFileSync(vsix)).find((e) => e.name === 'extension/package.json')?.data().toString('utf8') ?? '{}') as {
      engines: { vscode: string };
      extensionKind: string[];
      capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
      contributes: { commands: Array<{ category?: string }>; configuration: { properties: Record<string, { type?: string; default?: unknown; scope?: string; markdownDescription?: string }> } };
      devDependencies: Record<string, string>;
    };
    assert.equal(manifest.engines.vscode, '^1.100.0');
    assert.equal(manifest.devDependencies['@types/vscode'], '1.100.0');
    assert.deepEqual(manifest.extensionKind, ['workspace']);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    for (const key of ['openclawGuard.configPath', 'openclawGuard.gateway.url']) {
      assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(key));
      assert.equal(manifest.contributes.configuration.properties[key].scope, 'machine');
    }
    for (const command of manifest.contributes.commands) assert.equal(command.category, 'OpenClaw');
    for (const [key, setting] of Object.entries(manifest.contributes.configuration.properties)) {
      assert.ok(setting.type && setting.default !== undefined && setting.scope && setting.markdownDescription, key);
    }
  });
});
