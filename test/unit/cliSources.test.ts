import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realWriteOps, type WriteOps } from '../../src/cli/atomicWrite';
import { maskedFixDiff } from '../../src/cli/fixDiff';
import { runCli } from '../../src/cli/main';
import { knownSecrets } from '../../src/core/probe/knownSecrets';
import { removeDotenvEntry } from '../../src/core/effective/dotenvEdits';
import { msg } from '../../src/core/messages';
import { RULES } from '../../src/core/rules/ruleTable';
import { defineRule, type RuleDefinition } from '../../src/core/rules/ruleTypes';
import { nodeSpan } from '../../src/core/rules/support/secretSlots';
import { analyzeFiles } from './ruleHelpers';
import { FRAMES, startFakeGateway, type FakeGateway } from '../support/fakeGateway';

/*
 * The CLI on a real home directory: a config, a file it includes, ~/.openclaw/.env and
 * ~/.config/openclaw/gateway.env, all on disk, read the way OpenClaw reads them.
 */

const A = 'wVk9ZX5Wv6Z4JZXjjXqX5jZ6Wq99Tn3R';
const B = '6Z66kZqZ5VxjV5W6x5KW669JvW5XpQ2m';
const C = 'jKwV3jZX56wwv7362XXz3XZx962xLr8D';
const API = 'QXJ7kV9zv7v3WW3233xXVWwz3K4Qa7Ue';

/**
 * Test-only rules that point into `.env` files (the built-in ones that do land separately): an
 * OPENCLAW_GATEWAY_TOKEN line, with the gateway.auth.token it relates to; and a key assigned twice
 * in one `.env` file, whose earlier assignment dotenv ignores, with a safe fix that removes it.
 */
const envLine = defineRule({
  meta: {
    code: 'test-env-line',
    defaultSeverity: 'error',
    docs: { summary: 'test', openclaw: 'test', fix: 'test' },
    messages: { here: 'OPENCLAW_GATEWAY_TOKEN is set in this file' },
  },
  check: ({ model }) => {
    if (!model) return [];
    const auth = model.slots['gateway.auth.token'];
    return model.effective.dotenv.flatMap((source) =>
      source.doc.entries
        .filter((e) => e.key === 'OPENCLAW_GATEWAY_TOKEN')
        .map((e) => ({ offset: e.keyOffset, length: e.keyLength, file: source.path, messageId: 'here' as const, related: auth.node ? [{ ...nodeSpan(auth), message: msg('gateway.auth.token is set here') }] : [] })),
    );
  },
});

const envDuplicate = defineRule({
  meta: {
    code: 'test-env-duplicate',
    defaultSeverity: 'warning',
    docs: { summary: 'test', openclaw: 'test', fix: 'test' },
    messages: { earlier: '{key} is assigned again later; this one is ignored' },
    fixes: { removeEarlier: { summary: 'Remove the earlier assignment', safe: true } },
  },
  check: ({ model }) => {
    if (!model) return [];
    return model.effective.dotenv.flatMap((source) =>
      source.doc.entries
        .filter((e) => source.doc.entryFor(e.key) !== e)
        .map((e) => ({ offset: e.keyOffset, length: e.keyLength, file: source.path, messageId: 'earlier' as const, args: { key: e.key } })),
    );
  },
  fixes: (finding, ctx) => {
    const source = ctx.model.effective.dotenv.find((s) => s.path === finding.file);
    const entry = source?.doc.entries.find((e) => e.keyOffset === finding.offset);
    if (!source || !entry) return [];
    return [{ fixId: 'removeEarlier', title: msg('Remove the earlier assignment'), safe: true, isPreferred: true, edits: removeDotenvEntry(source.doc, entry).map((e) => ({ ...e, file: source.path })) }];
  },
});

const TEST_RULES: readonly RuleDefinition[] = [...RULES, envLine, envDuplicate];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

interface Home {
  root: string;
  config: string;
  include: string;
  dotenv: string;
  gatewayEnv: string;
  env: NodeJS.ProcessEnv;
}

let base = '';
let counter = 0;

/** A fresh home: ~/.openclaw/openclaw.json including ~/.openclaw/gateway.json5, and both .env files. */
function makeHome(files: { config: string; include?: string; dotenv?: string | Buffer; gatewayEnv?: string }): Home {
  const root = join(base, `home${++counter}`);
  mkdirSync(join(root, '.openclaw'), { recursive: true });
  mkdirSync(join(root, '.config', 'openclaw'), { recursive: true });
  const home: Home = {
    root,
    config: join(root, '.openclaw', 'openclaw.json'),
    include: join(root, '.openclaw', 'gateway.json5'),
    dotenv: join(root, '.openclaw', '.env'),
    gatewayEnv: join(root, '.config', 'openclaw', 'gateway.env'),
    env: { HOME: root, OPENCLAW_GUARD_STATE_DIR: join(root, 'guard-state') },
  };
  writeFileSync(home.config, files.config);
  if (files.include !== undefined) writeFileSync(home.include, files.include);
  if (files.dotenv !== undefined) writeFileSync(home.dotenv, files.dotenv);
  if (files.gatewayEnv !== undefined) writeFileSync(home.gatewayEnv, files.gatewayEnv);
  return home;
}

async function run(home: Home, argv: string[], extra: { env?: NodeJS.ProcessEnv; writeOps?: WriteOps; rules?: readonly RuleDefinition[] } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli({
    argv,
    env: { ...home.env, ...extra.env },
    stdout: (t) => (stdout += t + '\n'),
    stderr: (t) => (stderr += t + '\n'),
    isTty: false,
    writeOps: extra.writeOps,
    rules: extra.rules ?? TEST_RULES,
    // A working directory without a .env of its own.
    cwd: join(base, 'cwd'),
  });
  return { code, stdout, stderr };
}

interface JsonRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
interface JsonReport {
  files: Array<{ path: string; diagnostics: Array<{ code: string; severity: string; message: string; range: JsonRange; related?: Array<{ path: string; range: JsonRange; message: string }> }> }>;
  fixes?: string[];
}

/** Zero-based line and character of the n-th occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string, occurrence = 1): { line: number; character: number } {
  let offset = -1;
  for (let i = 0; i < occurrence; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} not in the text`);
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** No 8 consecutive characters of any of the secrets, in any of their written forms. */
function assertNoSecret(label: string, output: string): void {
  for (const secret of [A, B, C, API]) {
    for (let i = 0; i + 8 <= secret.length; i++) assert.ok(!output.includes(secret.slice(i, i + 8)), `${label}: output holds part of a secret:\n${output.slice(0, 3000)}`);
  }
}

// A config whose gateway settings live in an included file, with a duplicate key there.
const CONFIG = `{\n  // the gateway section lives in gateway.json5\n  gateway: { $include: "./gateway.json5" },\n}\n`;
const INCLUDE = `{\n  mode: "local", bind: "loopback",\n  auth: { mode: "token", token: "${A}" },\n  remote: { token: "${A}" },\n  port: 18789,\n  port: 18790,\n}\n`;

describe('check reads the config with its includes and .env files', () => {
  before(() => {
    base = mkdtempSync(join(tmpdir(), 'ocg-sources-'));
    mkdirSync(join(base, 'cwd'));
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('reports findings of an included file and of a .env file under their own paths, with their own line and column', async () => {
    const dotenv = `# gateway secrets\nOPENCLAW_GATEWAY_TOKEN=${A}\n`;
    const home = makeHome({ config: CONFIG, include: INCLUDE, dotenv });
    const r = await run(home, ['check', home.config, '--format', 'json']);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(
      report.files.map((f) => f.path),
      [home.config, home.include, home.dotenv],
      'the config first, then the include, then the .env file',
    );
    assert.deepEqual(report.files[0].diagnostics, [], 'nothing to say about the config itself');

    const duplicate = report.files[1].diagnostics.find((d) => d.code === 'duplicate-key');
    assert.ok(duplicate, JSON.stringify(report.files[1]));
    assert.deepEqual(duplicate.range.start, positionOf(INCLUDE, 'port', 1));
    assert.deepEqual(duplicate.related?.map((x) => [x.path, x.range.start]), [[home.include, positionOf(INCLUDE, 'port', 2)]]);

    const line = report.files[2].diagnostics.find((d) => d.code === 'test-env-line');
    assert.ok(line, JSON.stringify(report.files[2]));
    assert.deepEqual(line.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 'OPENCLAW_GATEWAY_TOKEN'.length } });
    // The related place is in the include, and says so.
    assert.equal(line.related?.[0].path, home.include);
    assert.deepEqual(line.related?.[0].range.start, positionOf(INCLUDE, A));
    assert.equal(r.code, 1, 'the error in the .env file counts for the exit status');
    assertNoSecret('json', r.stdout + r.stderr);
  });

  it('prints each file as a block of its own in text, and names the other file of a related place', async () => {
    const home = makeHome({ config: CONFIG, include: INCLUDE, dotenv: `OPENCLAW_GATEWAY_TOKEN=${A}\n` });
    const r = await run(home, ['check', home.config]);
    const lines = r.stdout.split('\n');
    const includeHeader = lines.indexOf(home.include);
    const dotenvHeader = lines.indexOf(home.dotenv);
    assert.ok(includeHeader >= 0 && dotenvHeader > includeHeader, r.stdout);
    const includePort = positionOf(INCLUDE, 'port', 1);
    const duplicate = lines.findIndex((l, i) => i > includeHeader && l.endsWith(' duplicate-key'));
    assert.ok(duplicate > includeHeader && duplicate < dotenvHeader, r.stdout);
    assert.match(lines[duplicate], new RegExp(`^\\s+${includePort.line + 1}:${includePort.character + 1}\\s+warning\\s+`));
    // Same file: line:col only; another file: its path first.
    const samePlace = positionOf(INCLUDE, 'port', 2);
    assert.match(lines[duplicate + 1], new RegExp(`^\\s+↳ ${samePlace.line + 1}:${samePlace.character + 1}\\s+This later "port" is the one OpenClaw uses$`));
    const token = positionOf(INCLUDE, A);
    assert.ok(lines.slice(dotenvHeader).some((l) => l.includes(`↳ ${home.include}:${token.line + 1}:${token.character + 1}  gateway.auth.token is set here`)), r.stdout);
    assert.match(r.stdout, /^\s+1:1\s+error\s+OPENCLAW_GATEWAY_TOKEN is set in this file\s+test-env-line$/m);
    assertNoSecret('text', r.stdout + r.stderr);
  });

  it('does not report auth-token-missing when the token comes from ~/.openclaw/.env', async () => {
    const config = JSON.stringify({ gateway: { mode: 'local', auth: { mode: 'token' }, remote: { token: A } } }, null, 2);
    const without = makeHome({ config });
    const control = await run(without, ['check', without.config, '--format', 'json'], { rules: RULES });
    assert.match(control.stdout, /auth-token-missing/, 'without the .env file the finding is there');
    const home = makeHome({ config, dotenv: `OPENCLAW_GATEWAY_TOKEN=${A}\n` });
    const r = await run(home, ['check', home.config, '--format', 'json'], { rules: RULES });
    assert.doesNotMatch(r.stdout, /auth-token-missing/);
    assert.equal(r.code, 0, r.stdout);
  });

  it('reads ~/.config/openclaw/gateway.env too; the ignored value there is reported (env-shadowed) without printing either secret', async () => {
    const home = makeHome({ config: CONFIG, include: INCLUDE, dotenv: `OPENCLAW_GATEWAY_TOKEN=${A}\n`, gatewayEnv: `OPENCLAW_GATEWAY_TOKEN=${B}\nACME_API_KEY=${API}\n` });
    const r = await run(home, ['check', home.config, '--format', 'json']);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(
      report.files.map((f) => f.path),
      [home.config, home.include, home.dotenv, home.gatewayEnv],
    );
    assert.deepEqual(report.files[3].diagnostics.map((d) => [d.code, d.range.start.line]), [['test-env-line', 0], ['env-shadowed', 0]]);
    assertNoSecret('two .env files', r.stdout + r.stderr);
  });

  it('--gateway-env-file gives the gateway its own environment: a different token there is a conflict the shell alone does not have', async () => {
    const home = makeHome({ config: CONFIG, include: INCLUDE });
    const unit = join(home.root, 'openclaw-gateway.env');
    writeFileSync(unit, `# systemd EnvironmentFile\nOPENCLAW_GATEWAY_TOKEN=${B}\n`);
    // The shell has no token: only the gateway's environment (the unit file) does.
    const shell = {};
    const alone = await run(home, ['check', home.config, '--format', 'json'], { env: shell, rules: RULES });
    assert.doesNotMatch(alone.stdout, /env-token-conflict/);
    const r = await run(home, ['check', home.config, '--format', 'json', '--gateway-env-file', unit], { env: shell, rules: RULES });
    const report = JSON.parse(r.stdout) as JsonReport;
    const conflict = report.files.flatMap((f) => f.diagnostics.map((d) => ({ path: f.path, ...d }))).find((d) => d.code === 'env-token-conflict');
    assert.ok(conflict, r.stdout);
    // The finding is about gateway.auth.token, which lives in the include.
    assert.equal(conflict.path, home.include);
    assert.deepEqual(conflict.range.start, positionOf(INCLUDE, A));
    assertNoSecret('gateway env file', r.stdout + r.stderr);
  });

  it('--gateway-env-file that cannot be read is a usage error (exit 2), named in one line', async () => {
    const home = makeHome({ config: CONFIG, include: INCLUDE });
    const missing = join(home.root, 'nope.env');
    const r = await run(home, ['check', home.config, '--gateway-env-file', missing]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`^openclaw-guard: --gateway-env-file: ${missing.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} does not exist$`, 'm'));
    assert.match(r.stderr, /--help/);
    const directory = await run(home, ['check', home.config, '--gateway-env-file', home.root]);
    assert.equal(directory.code, 2);
    assert.match(directory.stderr, /is a directory/);
    const help = await run(home, ['check', '--help']);
    assert.match(help.stdout, /--gateway-env-file FILE/);
  });

  it('--fix rewrites the included file, keeping its mode and CRLF line endings, and leaves the config byte for byte', async () => {
    const include = INCLUDE.replace(/\n/g, '\r\n');
    const home = makeHome({ config: CONFIG, include });
    chmodSync(home.include, 0o640);
    const configBefore = readFileSync(home.config);
    const configInode = statSync(home.config).ino;
    const r = await run(home, ['check', home.config, '--fix']);
    assert.equal(readFileSync(home.include, 'utf8'), include.replace('  port: 18789,\r\n', ''));
    assert.equal(statSync(home.include).mode & 0o7777, 0o640);
    assert.deepEqual(readFileSync(home.config), configBefore);
    assert.equal(statSync(home.config).ino, configInode, 'the config was not rewritten at all');
    assert.match(r.stdout, new RegExp(`^${home.include.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: fixed duplicate-key: Remove the earlier, ignored "port"$`, 'm'));
    assert.equal(r.code, 0, r.stdout);
    assertNoSecret('fix', r.stdout + r.stderr);
  });

  it('--fix rewrites a .env file, keeping its BOM, CRLF line endings and mode 0600', async () => {
    const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
    const dotenv = `OPENCLAW_GATEWAY_TOKEN=${B}\r\nACME_API_KEY=${API}\r\nOPENCLAW_GATEWAY_TOKEN=${A}\r\n`;
    const home = makeHome({ config: CONFIG, include: INCLUDE.replace('  port: 18789,\n', ''), dotenv: Buffer.concat([BOM, Buffer.from(dotenv)]) });
    chmodSync(home.dotenv, 0o600);
    const r = await run(home, ['check', home.config, '--fix']);
    assert.deepEqual(readFileSync(home.dotenv), Buffer.concat([BOM, Buffer.from(`ACME_API_KEY=${API}\r\nOPENCLAW_GATEWAY_TOKEN=${A}\r\n`)]));
    assert.equal(statSync(home.dotenv).mode & 0o7777, 0o600);
    assert.match(r.stdout, /\.openclaw\/\.env: fixed test-env-duplicate: Remove the earlier assignment$/m);
    assertNoSecret('fix .env', r.stdout + r.stderr);
  });

  it('--fix-dry-run prints a diff per changed file, the config first, with every secret of every file masked', async () => {
    const config = `{\n  gateway: { $include: "./gateway.json5", bind: "0.0.0.0" },\n  channels: { telegram: { botToken: "${C}" } },\n}\n`;
    const include = `{\n  mode: "local",\n  auth: { mode: "token", token: "${A}" },\n  remote: { token: "${A}" },\n  port: 18789,\n  port: 18790,\n}\n`;
    // The earlier token is removed; the API key and a copy of the token under a name that says nothing stay as context.
    const dotenv = `OPENCLAW_GATEWAY_TOKEN=${B}\nACME_API_KEY="${API}"\nPLAIN_NAME=${A}\nOPENCLAW_GATEWAY_TOKEN=${A}\n`;
    const home = makeHome({ config, include, dotenv, gatewayEnv: `OPENCLAW_GATEWAY_PASSWORD=${C}\n` });
    for (const format of ['text', 'json']) {
      const r = await run(home, ['check', home.config, '--fix-dry-run', '--format', format]);
      const out = format === 'json' ? ((JSON.parse(r.stdout) as JsonReport).fixes ?? []).join('\n') : r.stdout;
      const headers = [...out.matchAll(/^--- (.*)$/gm)].map((m) => m[1]);
      assert.deepEqual(headers, [home.config, home.include, home.dotenv], out);
      assert.match(out, /^-  gateway: \{ \$include: "\.\/gateway\.json5", bind: "0\.0\.0\.0" \},$/m);
      assert.match(out, /^-  port: 18789,$/m);
      assert.match(out, /^-OPENCLAW_GATEWAY_TOKEN=<fp:[0-9a-f]{8}>$/m);
      assert.match(out, /^ ACME_API_KEY="<fp:[0-9a-f]{8}>"$/m);
      assert.match(out, /^ PLAIN_NAME=<fp:[0-9a-f]{8}>$/m);
      assertNoSecret(`dry-run ${format}`, r.stdout + r.stderr);
    }
    assert.equal(readFileSync(home.include, 'utf8'), include, 'a dry run writes nothing');
    assert.equal(readFileSync(home.dotenv, 'utf8'), dotenv);
  });

  it('an included file that is not UTF-8 is analysed as OpenClaw reads it, but never rewritten', async () => {
    const config = `{\n  gateway: { $include: "./gateway.json5", bind: "0.0.0.0" },\n}\n`;
    const latin1 = Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9]), Buffer.from('\n' + INCLUDE)]);
    const home = makeHome({ config, include: '' });
    writeFileSync(home.include, latin1);
    const r = await run(home, ['check', home.config, '--fix']);
    assert.deepEqual(readFileSync(home.include), latin1);
    assert.equal(readFileSync(home.config, 'utf8'), config, 'the config fix goes with the include fix: neither is written');
    assert.match(r.stdout, /gateway\.json5: not fixed: .*gateway\.json5 is not valid UTF-8 text; save it as UTF-8$/m);
    assert.match(r.stdout, /openclaw\.json: not fixed: its fixes go with those of .*gateway\.json5, which could not be written; the file is unchanged$/m);
    assert.equal(r.code, 2);
    const report = JSON.parse((await run(home, ['check', home.config, '--format', 'json'])).stdout) as JsonReport;
    assert.ok(report.files.find((f) => f.path === home.include)?.diagnostics.some((d) => d.code === 'duplicate-key'), 'the duplicate is still found');
  });

  it('a file that changed on disk after it was read, while the config was already written: the config is put back, every file is as it was, and both are reported', async () => {
    const config = `{\n  gateway: { $include: "./gateway.json5", bind: "0.0.0.0" },\n}\n`;
    const home = makeHome({ config, include: INCLUDE });
    const edited = INCLUDE + '// saved by the editor\n';
    const replaced: string[] = [];
    const ops: WriteOps = {
      ...realWriteOps,
      // The include's temp file is being created: the config is written by now.
      open: (path, flags, mode) => {
        if (path.endsWith('.gateway.json5.tmp')) writeFileSync(home.include, edited);
        return realWriteOps.open(path, flags, mode);
      },
      rename: (from, to) => {
        replaced.push(to);
        realWriteOps.rename(from, to);
      },
    };
    const r = await run(home, ['check', home.config, '--fix'], { writeOps: ops });
    assert.equal(readFileSync(home.config, 'utf8'), config, 'the config holds its old text again');
    assert.deepEqual(replaced, [home.config, home.config], 'it was written first, then put back; the include never was');
    assert.equal(readFileSync(home.include, 'utf8'), edited, "the other writer's edit is kept");
    assert.match(r.stdout, /gateway\.json5: not fixed: the file changed on disk since it was read; run again$/m);
    assert.match(r.stdout, /openclaw\.json: not fixed: .*gateway\.json5 could not be written, so this file was put back as it was$/m);
    assert.doesNotMatch(r.stdout, /: fixed /);
    assert.equal(r.code, 2);
  });

  it('a refusal found before the first write leaves every file untouched, the config not even rewritten', async () => {
    const config = `{\n  gateway: { $include: "./gateway.json5", bind: "0.0.0.0" },\n}\n`;
    const home = makeHome({ config, include: INCLUDE });
    const configInode = statSync(home.config).ino;
    let changed = false;
    const ops: WriteOps = {
      ...realWriteOps,
      readFile: (path) => {
        // The first look at the include, before anything is written.
        if (path === home.include && !changed) {
          changed = true;
          writeFileSync(home.include, INCLUDE + '// saved\n');
        }
        return realWriteOps.readFile(path);
      },
    };
    const r = await run(home, ['check', home.config, '--fix'], { writeOps: ops });
    assert.ok(changed);
    assert.equal(readFileSync(home.config, 'utf8'), config);
    assert.equal(statSync(home.config).ino, configInode);
    assert.match(r.stdout, /gateway\.json5: not fixed: the file changed on disk since it was read; run again$/m);
    assert.match(r.stdout, /openclaw\.json: not fixed: its fixes go with those of .*gateway\.json5, which could not be written; the file is unchanged$/m);
    assert.equal(r.code, 2);
  });
});

describe('--probe uses the assembled configuration', () => {
  let gw: FakeGateway;
  before(async () => {
    base = mkdtempSync(join(tmpdir(), 'ocg-sources-probe-'));
    mkdirSync(join(base, 'cwd'));
    gw = await startFakeGateway('gateway', A);
  });
  after(async () => {
    await gw.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('probes with the token that lives in ~/.openclaw/.env', async () => {
    const home = makeHome({ config: JSON.stringify({ gateway: { mode: 'local', port: gw.port, auth: { mode: 'token' } } }), dotenv: `OPENCLAW_GATEWAY_TOKEN=${A}\n` });
    const r = await run(home, ['check', home.config, '--probe', '--format', 'json'], { rules: RULES });
    const out = JSON.parse(r.stdout) as { probe: { state: string; credentialSource: string } };
    assert.equal(out.probe.state, 'authorized', r.stdout);
    assert.equal(out.probe.credentialSource, 'OPENCLAW_GATEWAY_TOKEN');
    assert.equal(r.code, 0);
    assertNoSecret('probe', r.stdout + r.stderr);
  });
});

describe('no output of any mode holds a secret from a .env file or an included file', () => {
  let gw: FakeGateway;
  before(async () => {
    base = mkdtempSync(join(tmpdir(), 'ocg-sources-grep-'));
    mkdirSync(join(base, 'cwd'));
    // A hostile gateway: every answer echoes the secret it was sent and every earlier one.
    gw = await startFakeGateway('custom');
    gw.setReply((connect, id, earlier) => {
      if (connect.token === undefined && connect.password === undefined) return { frame: FRAMES.deviceIdentity(id) };
      const echoes = [connect, ...earlier].map((c) => `${c.token ?? ''}${c.password ?? ''}`).join('|');
      return {
        frame: JSON.stringify({ type: 'res', id, ok: false, error: { code: `X${echoes}`, message: `unauthorized: gateway token mismatch ${echoes}`, details: { code: `AUTH_${echoes}` } } }),
        close: { code: 1008, reason: echoes.slice(0, 100) },
      };
    });
  });
  after(async () => {
    await gw.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('text, JSON, Chinese, dry run, fix, probe and diagnose', async () => {
    // The include writes its token with escapes; the .env files quote theirs, and repeat one under a name that says nothing.
    const escaped = A.replace(/^w/, '\\u0077');
    const include = `{\n  mode: "local",\n  port: ${gw.port},\n  auth: { mode: "token", token: "${escaped}" },\n  remote: { token: "${B}" },\n  port: ${gw.port},\n}\n`;
    const config = `{\n  gateway: { $include: "./gateway.json5", bind: "0.0.0.0" },\n}\n`;
    const dotenv = `OPENCLAW_GATEWAY_TOKEN="${C}"\nACME_API_KEY='${API}'\nSOMETHING=${B}\nOPENCLAW_GATEWAY_TOKEN="${C}"\n`;
    const home = makeHome({ config, include, dotenv, gatewayEnv: `OPENCLAW_GATEWAY_PASSWORD=${API}\n` });
    const unit = join(home.root, 'unit.env');
    writeFileSync(unit, `OPENCLAW_GATEWAY_TOKEN=${B}\n`);
    const runs: string[][] = [
      ['check', home.config],
      ['check', home.config, '--format', 'json'],
      ['check', home.config, '--lang', 'zh-cn'],
      ['check', home.config, '--gateway-env-file', unit],
      ['check', home.config, '--gateway-env-file', unit, '--format', 'json'],
      ['check', home.config, '--fix-dry-run'],
      ['check', home.config, '--fix-dry-run', '--format', 'json'],
      ['check', home.config, '--fix-dry-run', '--gateway-env-file', unit],
      ['check', home.config, '--probe', '--url', gw.url],
      ['check', home.config, '--diagnose', '--url', gw.url, '--format', 'json'],
    ];
    for (const argv of runs) {
      const r = await run(home, argv);
      assertNoSecret(argv.slice(2).join(' '), r.stdout + r.stderr);
      assert.ok(r.stdout.length > 0, argv.join(' '));
    }
    assert.ok(gw.received.length > 0, 'the hostile gateway was reached, so its echoes were tested');
    const fix = await run(home, ['check', home.config, '--fix']);
    assertNoSecret('fix', fix.stdout + fix.stderr);
    assert.match(fix.stdout, /fixed duplicate-key/);
    assert.match(fix.stdout, /fixed test-env-duplicate/);
  });
});

describe('the secrets of the files a config pulls in', () => {
  it('knownSecrets holds .env values under secret names (raw and decoded), ignored ones too, and values under secret keys of included files', () => {
    const analysis = analyzeFiles({
      config: '{ gateway: { mode: "local", $include: "./gw.json5" }, channels: { $include: "./channels.json5" } }',
      files: {
        '/home/u/.openclaw/gw.json5': `{ auth: { token: "${A}" }, remote: { url: "wss://gw.example" } }`,
        '/home/u/.openclaw/channels.json5': `{ telegram: { botToken: "${B}", name: "not-a-secret-value" } }`,
        '/home/u/.openclaw/.env': `ACME_API_KEY="${API}\\n"\nPLAIN=not-a-secret-either\nUSE_SECRET=true\nOPENCLAW_GATEWAY_TOKEN=${C}\n`,
        '/home/u/.config/openclaw/gateway.env': `OPENCLAW_GATEWAY_TOKEN=${B}-ignored\n`,
      },
    });
    const secrets = knownSecrets(analysis.model, {});
    for (const expected of [A, B, C, `${API}\n`, `${API}\\n`, `${B}-ignored`]) assert.ok(secrets.includes(expected), expected);
    // A short value under a secret name is a flag more often than a secret: it is masked by place only.
    for (const plain of ['not-a-secret-value', 'not-a-secret-either', 'true', 'wss://gw.example', 'local']) assert.ok(!secrets.includes(plain), plain);
  });

  it('a .env diff masks the values of secret-named keys by place, with no known secret to go by', () => {
    const before = `# keys\nACME_API_KEY="${API}"\nexport GITHUB_TOKEN=${A}\nPORT=18789\nPORT=18790\n`;
    const after = `# keys\nACME_API_KEY="${API}"\nexport GITHUB_TOKEN=${A}\nPORT=18790\n`;
    const diff = maskedFixDiff('/home/u/.openclaw/.env', before, after, [], 'dotenv');
    assert.match(diff, /^ ACME_API_KEY="<fp:[0-9a-f]{8}>"$/m);
    assert.match(diff, /^ export GITHUB_TOKEN=<fp:[0-9a-f]{8}>$/m);
    assert.match(diff, /^-PORT=18789$/m);
    assertNoSecret('dotenv diff', diff);
  });
});
