import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfigDocument } from '../../src/core/configDocument';
import { assembleEffectiveConfig } from '../../src/core/effective/effectiveConfig';
import { diskReader, readSourceFile } from '../../src/core/effective/sourceReader';
import { buildGatewayModel } from '../../src/core/gatewayModel';

/**
 * Includes on a real disk, through the CLI's reader. The reader resolves an include's real path
 * from its directory's (one lstat per file instead of a realpath each), so these pin down that a
 * symlink still cannot carry an include out of the config directory, as in OpenClaw
 * (src/config/includes.ts: "Include path resolves outside config directory (symlink)").
 */

const TOKEN = 'b7c1d9e3f5a7b9c1d3e5f7a9b1c3d5e7f9a1b3c5d7e9f1a3';
let root = '';

function assemble(configPath: string, config: string) {
  const doc = parseConfigDocument(config);
  const effective = assembleEffectiveConfig({ doc, configPath, clientEnv: {}, reader: diskReader, home: join(root, 'home') });
  return { effective, model: buildGatewayModel(doc, { env: {}, inContainer: false, effective }) };
}

function write(file: string, text: string): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
}

before(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'ocg-includes-')));
  write(join(root, 'outside', 'auth.json5'), `{ token: "${TOKEN}" }`);
  write(join(root, 'home', '.openclaw', 'parts', 'auth.json5'), `{ token: "${TOKEN}" }`);
});
after(() => rmSync(root, { recursive: true, force: true }));

describe('includes and symlinks on disk', () => {
  const dir = (): string => join(root, 'home', '.openclaw');

  it('a plain include inside the config directory is read', () => {
    const { effective, model } = assemble(join(dir(), 'openclaw.json'), '{ gateway: { auth: { $include: "./parts/auth.json5" } } }');
    assert.deepEqual(effective.assembled.problems, []);
    assert.deepEqual(model.slots['gateway.auth.token'].resolved, { state: 'value', value: TOKEN });
  });

  it('an include that is a symlink to a file outside escapes', () => {
    symlinkSync(join(root, 'outside', 'auth.json5'), join(dir(), 'linked-file.json5'));
    const { effective, model } = assemble(join(dir(), 'openclaw.json'), '{ gateway: { auth: { $include: "./linked-file.json5" } } }');
    assert.deepEqual(effective.assembled.problems.map((p) => p.kind), ['escapes']);
    assert.equal(model.slots['gateway.auth.token'].resolved.state, 'absent');
  });

  it('an include in a directory that is a symlink to outside escapes, although the file itself is no symlink', () => {
    symlinkSync(join(root, 'outside'), join(dir(), 'linked-dir'));
    const { effective } = assemble(join(dir(), 'openclaw.json'), '{ gateway: { auth: { $include: "./linked-dir/auth.json5" } } }');
    assert.deepEqual(effective.assembled.problems.map((p) => p.kind), ['escapes']);
  });

  it('a symlinked directory that stays inside is fine, and so is a config directory reached through a symlink', () => {
    symlinkSync(join(dir(), 'parts'), join(dir(), 'parts-link'));
    assert.deepEqual(assemble(join(dir(), 'openclaw.json'), '{ gateway: { auth: { $include: "./parts-link/auth.json5" } } }').effective.assembled.problems, []);
    symlinkSync(dir(), join(root, 'dotfiles'));
    const { effective, model } = assemble(join(root, 'dotfiles', 'openclaw.json'), '{ gateway: { auth: { $include: "./parts/auth.json5" } } }');
    assert.deepEqual(effective.assembled.problems, []);
    assert.deepEqual(model.slots['gateway.auth.token'].resolved, { state: 'value', value: TOKEN });
  });

  it('a missing include is missing, not an escape', () => {
    const { effective } = assemble(join(dir(), 'openclaw.json'), '{ gateway: { auth: { $include: "./nope.json5" } } }');
    assert.deepEqual(effective.assembled.problems.map((p) => p.kind), ['missing']);
  });
});

describe('readSourceFile', () => {
  it('missing files, paths through a file, directories and FIFOs: never an exception, never a blocked read', () => {
    assert.deepEqual(readSourceFile(join(root, 'no-such-file')), { state: 'missing' });
    assert.deepEqual(readSourceFile(join(root, 'outside', 'auth.json5', 'below-a-file')), { state: 'missing' });
    assert.deepEqual(readSourceFile(join(root, 'outside')), { state: 'unreadable' });
    const fifo = join(root, 'fifo');
    execFileSync('mkfifo', [fifo]);
    assert.deepEqual(readSourceFile(fifo), { state: 'unreadable' });
    assert.deepEqual(readSourceFile(join(root, 'outside', 'auth.json5')), { state: 'ok', text: `{ token: "${TOKEN}" }` });
  });
});
