/**
 * Runs the end-to-end suites in a real VS Code (code-server's Node extension host) through
 * @vscode/test-electron, with our launcher standing in for the VS Code executable. Each pass gets a
 * fresh copy of the fixture workspace and a fresh HOME, so the tests never see ~/.openclaw.
 *
 *   node out/test/e2e/runE2E.js [default|untrusted|vsix|screenshots ...]
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';

const ROOT = join(__dirname, '..', '..', '..');
/** Compiled from test/e2e/host/launcher.ts by `tsc -p .` (runTests spawns it directly: shebang + executable bit). */
const LAUNCHER = join(ROOT, 'out', 'test', 'e2e', 'host', 'launcher.js');

interface Pass {
  suite: string;
  env?: Record<string, string>;
  /** Config written to $HOME/.openclaw/openclaw.json before the host starts. */
  homeConfig?: string;
}

const GATEWAY_TOKEN = 'e2e0c0ffee0c0ffee0c0ffee0c0ffee0c0ffee0c0ffee00';

const PASSES: Record<string, Pass> = {
  default: { suite: 'default' },
  untrusted: { suite: 'untrusted', env: { OCG_E2E_UNTRUSTED: '1' } },
  vsix: { suite: 'vsix', env: { OCG_E2E_INSTALL_VSIX: 'package' } },
  screenshots: { suite: 'screenshots' },
  failing: { suite: 'failing' },
  hanging: { suite: 'hanging', env: { OCG_E2E_TIMEOUT_MS: '20000' } },
  sockets: { suite: 'sockets' },
  'screenshots-zh': { suite: 'screenshots', env: { OCG_E2E_LOCALE: 'zh-cn', OCG_E2E_SHOT_PREFIX: 'zh-cn', OCG_E2E_USER_SETTINGS: JSON.stringify({ 'openclawGuard.language': 'zh-cn' }) } },
};

async function runPass(name: string): Promise<number> {
  const pass = PASSES[name];
  if (!pass) throw new Error(`unknown e2e pass ${name}`);
  const temp = mkdtempSync(join(tmpdir(), `ocg-e2e-${name}-`));
  try {
    const workspace = join(temp, 'workspace');
    mkdirSync(workspace, { recursive: true });
    cpSync(join(ROOT, 'test', 'e2e', 'fixtures', 'workspace'), workspace, { recursive: true });
    const home = join(temp, 'home');
    const stateDir = join(home, '.openclaw');
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(
      join(stateDir, 'openclaw.json'),
      pass.homeConfig ??
        JSON.stringify({ gateway: { mode: 'local', bind: 'loopback', port: 9, auth: { mode: 'token', token: GATEWAY_TOKEN }, remote: { token: GATEWAY_TOKEN } } }, null, 2) + '\n',
    );
    const started = Date.now();
    if (pass.env?.OCG_E2E_INSTALL_VSIX === 'package') {
      // The packaged extension, built exactly as `npm run package` builds it.
      execFileSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: 'inherit' });
      const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
      pass.env.OCG_E2E_INSTALL_VSIX = join(ROOT, `openclaw-guard-${version}.vsix`);
    }
    const env: Record<string, string> = {
      HOME: home,
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_CONFIG_PATH: join(stateDir, 'openclaw.json'),
      OCG_E2E_SUITE: pass.suite,
      OCG_E2E_GATEWAY_TOKEN: GATEWAY_TOKEN,
      OCG_E2E_REPO: ROOT,
      ...(pass.env ?? {}),
    };
    // The launcher reads its own switches from its environment; the extension host inherits it.
    const saved = { ...process.env };
    Object.assign(process.env, env);
    for (const key of ['OPENCLAW_GATEWAY_TOKEN', 'OPENCLAW_GATEWAY_PASSWORD', 'OPENCLAW_GATEWAY_PORT', 'OPENCLAW_GATEWAY_URL']) delete process.env[key];
    try {
      chmodSync(LAUNCHER, 0o755);
      await runTests({
        vscodeExecutablePath: LAUNCHER,
        extensionDevelopmentPath: ROOT,
        extensionTestsPath: join(ROOT, 'out', 'test', 'e2e', 'suite', 'index.js'),
        launchArgs: [workspace],
        extensionTestsEnv: env,
      });
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
    console.log(`[e2e] pass "${name}" green in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } catch (err) {
    console.error(`[e2e] pass "${name}" failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['default', 'untrusted', 'vsix'];
  const started = Date.now();
  let failed = 0;
  for (const name of names) failed += await runPass(name);
  console.log(`[e2e] ${names.length - failed} pass(es) green, ${failed} failed, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(failed > 0 ? 1 : 0);
}

void main();
