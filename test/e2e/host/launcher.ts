#!/usr/bin/env node
/*
 * A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }).
 * It starts code-server (VS Code 1.100 server, real Node extension host) on 127.0.0.1, opens the
 * workbench in Debian's headless Chromium through playwright-core, hands the extension under test
 * and the test runner over in the workbench `payload`, and exits with the test run's exit code.
 * Everything it starts is torn down on exit, error, timeout, SIGINT and SIGTERM.
 *
 * Compiled by `tsc -p .` to out/test/e2e/host/launcher.js (tsc keeps the shebang above); runE2E
 * makes that file executable before handing it to runTests, which spawns it directly.
 *
 * Environment:
 *   OCG_E2E_UNTRUSTED=1        open the folder untrusted (no --disable-workspace-trust)
 *   OCG_E2E_USER_SETTINGS=JSON merged into the temporary User/settings.json
 *   OCG_E2E_LOCALE=zh-cn       display language (argv.json locale)
 *   OCG_E2E_INSTALL_VSIX=FILE  install this .vsix and load it instead of the development folder
 *   OCG_E2E_KEEP_OPEN=1        (demo) keep the server and print the URL instead of running tests
 *   OCG_E2E_TIMEOUT_MS=N       give up on a test run that reports nothing within N ms (600000)
 * The tests reach the browser through OCG_E2E_DRIVER_URL (screenshots, keys, hover, click, drag, text).
 */
import { type ChildProcessByStdio, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Readable } from 'node:stream';
import { format } from 'node:util';
import type { Browser, Page } from 'playwright-core';

/** The repository root: this file runs as out/test/e2e/host/launcher.js. */
const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const CODE_SERVER = path.join(ROOT, '.cache', 'code-server', 'node_modules', '.bin', 'code-server');
/** The empty development extension that hosts the test runner when a .vsix is under test. */
const HARNESS_EXTENSION = path.join(ROOT, 'test', 'e2e', 'host', 'harness-extension');
const TIMEOUT_MS = Number(process.env.OCG_E2E_TIMEOUT_MS || 600000);
const started = Date.now();
const log = (msg: string): void => {
  process.stdout.write(`[launcher +${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}\n`);
};

/** The stack of an error when it has one, else the value itself as text. */
function describeError(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'stack' in err && typeof err.stack === 'string' && err.stack) return err.stack;
  return String(err);
}

/** The message of an error when it has one, else the value itself as text. */
function errorMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string' && err.message) return err.message;
  return String(err);
}

interface LaunchArgs {
  dev: string[];
  tests: string | undefined;
  folder: string | undefined;
}

function parseArgs(argv: readonly string[]): LaunchArgs {
  const out: LaunchArgs = { dev: [], tests: undefined, folder: undefined };
  for (const arg of argv) {
    if (arg.startsWith('--extensionDevelopmentPath=')) out.dev.push(arg.slice('--extensionDevelopmentPath='.length));
    else if (arg.startsWith('--extensionTestsPath=')) out.tests = arg.slice('--extensionTestsPath='.length);
    else if (!arg.startsWith('-') && out.folder === undefined) out.folder = arg;
  }
  return out;
}

function portOf(server: net.Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`not a TCP server address: ${String(address)}`);
  return address.port;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = portOf(server);
      server.close(() => resolve(port));
    });
  });
}

/** The HTTP status of a GET, or 0 when the request fails or takes over 2 s. */
function get(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Cleanup {
  browser: Browser | undefined;
  page: Page | undefined;
  server: ChildProcessByStdio<null, Readable, Readable> | undefined;
  driver: http.Server | undefined;
  temp: string | undefined;
  teardown: Promise<void> | undefined;
}

const cleanup: Cleanup = { browser: undefined, page: undefined, server: undefined, driver: undefined, temp: undefined, teardown: undefined };

/** One teardown, however many ways the run ends at once (signal, error, result). */
function teardown(): Promise<void> {
  cleanup.teardown ??= doTeardown();
  return cleanup.teardown;
}

/** Sends `signal` to the process group `pgid`; false when the group is gone. */
function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

async function doTeardown(): Promise<void> {
  try {
    if (cleanup.browser) await Promise.race([cleanup.browser.close(), sleep(5000)]);
  } catch {
    /* already gone */
  }
  if (cleanup.driver) cleanup.driver.close();
  const server = cleanup.server;
  if (server?.exitCode === null && server.pid !== undefined) {
    const pgid = server.pid;
    signalGroup(pgid, 'SIGTERM');
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      if (!signalGroup(pgid, 0)) break;
      await sleep(100);
    }
    signalGroup(pgid, 'SIGKILL');
  }
  if (cleanup.temp) fs.rmSync(cleanup.temp, { recursive: true, force: true });
}

async function finish(code: number): Promise<never> {
  await teardown();
  log(`exit ${code}`);
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void finish(130));
process.on('uncaughtException', (err) => {
  log(`error: ${describeError(err)}`);
  void finish(1);
});

/** The request bodies of the driver endpoints (see test/e2e/suite/driver.ts). */
interface DriverInput {
  path?: string;
  clip?: { x: number; y: number; width: number; height: number };
  keys?: string[];
  text?: string;
  selector?: string;
  x?: number;
  y?: number;
  /** /drag: where the mouse goes from (x, y) with the button held (a sash, to resize a part). */
  toX?: number;
  toY?: number;
  ms?: unknown;
}

/** Runs one driver request against the page; the reply's status and JSON body. */
async function driverRequest(page: Page, url: string | undefined, input: DriverInput): Promise<[number, unknown]> {
  if (url === '/screenshot') {
    // A missing path throws here, as it always has, and comes back as a 500.
    const file = input.path!;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file, clip: input.clip, animations: 'disabled' });
  } else if (url === '/keys') {
    for (const key of input.keys || []) await page.keyboard.press(key);
  } else if (url === '/type') {
    await page.keyboard.type(String(input.text || ''), { delay: 20 });
  } else if (url === '/hover') {
    if (input.selector) await page.locator(input.selector).first().hover({ timeout: 5000 });
    else await page.mouse.move(input.x!, input.y!);
  } else if (url === '/click') {
    if (input.selector) await page.locator(input.selector).first().click({ timeout: 5000 });
    else await page.mouse.click(input.x!, input.y!);
  } else if (url === '/drag') {
    await page.mouse.move(input.x!, input.y!);
    await page.mouse.down();
    await page.mouse.move(input.toX!, input.toY!, { steps: 10 });
    await page.mouse.up();
  } else if (url === '/box') {
    const box = await page
      .locator(input.selector!)
      .first()
      .boundingBox({ timeout: 5000 });
    return [200, { ok: true, box }];
  } else if (url === '/text') {
    const text = await page
      .locator(input.selector!)
      .first()
      .innerText({ timeout: 5000 });
    return [200, { ok: true, text }];
  } else if (url === '/wait') {
    await sleep(Math.min(Number(input.ms) || 0, 30000));
  } else {
    return [404, { ok: false, error: 'unknown endpoint' }];
  }
  return [200, { ok: true }];
}

/** HTTP endpoints the tests call (from the extension host) to drive the browser. */
function startDriver(getPage: () => Page | undefined): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const reply = (status: number, value: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      const handle = async (): Promise<void> => {
        try {
          const page = getPage();
          if (!page) return reply(503, { ok: false, error: 'no page yet' });
          const input = (body ? JSON.parse(body) : {}) as DriverInput;
          const [status, value] = await driverRequest(page, req.url, input);
          reply(status, value);
        } catch (err) {
          reply(500, { ok: false, error: errorMessage(err) });
        }
      };
      void handle();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const DIR_NAMES = ['user-data', 'extensions', 'xdg-config', 'xdg-data', 'xdg-cache', 'tmp', 'chromium'] as const;
type DirName = (typeof DIR_NAMES)[number];

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(CODE_SERVER)) throw new Error(`code-server is not installed: run scripts/setup-test-host.sh (${CODE_SERVER})`);
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocg-host-'));
  cleanup.temp = temp;
  const dirs = Object.fromEntries(DIR_NAMES.map((d) => [d, path.join(temp, d)])) as Record<DirName, string>;
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  const settings: Record<string, unknown> = {
    'telemetry.telemetryLevel': 'off',
    'workbench.startupEditor': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'git.enabled': false,
    'workbench.tips.enabled': false,
    'security.workspace.trust.startupPrompt': 'never',
    'window.commandCenter': false,
    ...(process.env.OCG_E2E_USER_SETTINGS ? (JSON.parse(process.env.OCG_E2E_USER_SETTINGS) as Record<string, unknown>) : {}),
  };
  fs.mkdirSync(path.join(dirs['user-data'], 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs['user-data'], 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  if (process.env.OCG_E2E_LOCALE) {
    fs.writeFileSync(path.join(dirs['user-data'], 'User', 'argv.json'), JSON.stringify({ locale: process.env.OCG_E2E_LOCALE }));
  }
  const configYaml = path.join(temp, 'config.yaml');
  fs.writeFileSync(configYaml, 'auth: none\n');

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EXTENSIONS_GALLERY: '{}',
    XDG_CONFIG_HOME: dirs['xdg-config'],
    XDG_DATA_HOME: dirs['xdg-data'],
    XDG_CACHE_HOME: dirs['xdg-cache'],
    TMPDIR: dirs.tmp,
  };
  const devPaths = [...args.dev];
  if (process.env.OCG_E2E_INSTALL_VSIX) {
    log(`installing ${path.basename(process.env.OCG_E2E_INSTALL_VSIX)}`);
    execFileSync(CODE_SERVER, ['--user-data-dir', dirs['user-data'], '--extensions-dir', dirs.extensions, '--install-extension', process.env.OCG_E2E_INSTALL_VSIX], { env, stdio: 'pipe' });
    // The workbench runs tests only with a development extension: an empty one hosts the runner,
    // while the extension under test is the installed package.
    devPaths.length = 0;
    devPaths.push(HARNESS_EXTENSION);
  }

  const driver = await startDriver(() => cleanup.page);
  cleanup.driver = driver;
  env.OCG_E2E_DRIVER_URL = `http://127.0.0.1:${portOf(driver)}`;

  const port = await freePort();
  const csArgs = [
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--config', configYaml,
    '--user-data-dir', dirs['user-data'],
    '--extensions-dir', dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  if (process.env.OCG_E2E_UNTRUSTED !== '1') csArgs.push('--disable-workspace-trust');
  if (process.env.OCG_E2E_LOCALE) csArgs.push('--locale', process.env.OCG_E2E_LOCALE);
  const server = spawn(CODE_SERVER, csArgs, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanup.server = server;
  let serverOutput = '';
  server.stdout.on('data', (d: Buffer) => (serverOutput += d.toString()));
  server.stderr.on('data', (d: Buffer) => (serverOutput += d.toString()));

  const deadline = Date.now() + 60000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`code-server exited (${server.exitCode}):\n${serverOutput.slice(-3000)}`);
    if ((await get(`http://127.0.0.1:${port}/healthz`)) === 200) break;
    if (Date.now() > deadline) throw new Error(`code-server did not answer within 60 s:\n${serverOutput.slice(-3000)}`);
    await sleep(200);
  }
  log(`code-server up on 127.0.0.1:${port}`);

  // Loaded only once the server is up, as before.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    env: { ...process.env, XDG_CONFIG_HOME: dirs.chromium, XDG_CACHE_HOME: dirs.chromium },
  });
  cleanup.browser = browser;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: process.env.OCG_E2E_LOCALE || 'en-US' });
  const page = await context.newPage();
  cleanup.page = page;

  const remote = (p: string): string => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
  const payload: Array<[string, string]> = [];
  for (const dev of devPaths) payload.push(['extensionDevelopmentPath', remote(dev)]);
  if (args.tests && process.env.OCG_E2E_KEEP_OPEN !== '1') payload.push(['extensionTestsPath', remote(args.tests)]);

  const exitCode = new Promise<number>((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code: unknown) => resolve(Number(code)));
  });
  await page.exposeFunction('codeAutomationLog', (_type: unknown, args2: unknown) => {
    // The workbench relays console calls printf-style (`%s`, `%d`).
    const text = Array.isArray(args2) ? format(...(args2 as unknown[])) : String(args2);
    process.stdout.write(text.endsWith('\n') ? text : text + '\n');
  });
  page.on('pageerror', (err) => log(`page error: ${err.message}`));

  const query = new URLSearchParams();
  if (args.folder) query.set(args.folder.endsWith('.code-workspace') ? 'workspace' : 'folder', path.resolve(args.folder));
  else query.set('ew', 'true');
  if (payload.length) query.set('payload', JSON.stringify(payload));
  const url = `http://127.0.0.1:${port}/?${query.toString()}`;
  await page.goto(url);

  if (process.env.OCG_E2E_KEEP_OPEN === '1') {
    log(`workbench ready: open http://127.0.0.1:${port}/?${new URLSearchParams({ folder: path.resolve(args.folder || '.') }).toString()} (Ctrl-C stops)`);
    await new Promise(() => undefined);
  }

  const timeout = new Promise<number>((resolve) =>
    setTimeout(() => {
      log(`no test result within ${TIMEOUT_MS} ms`);
      resolve(1);
    }, TIMEOUT_MS).unref(),
  );
  const code = await Promise.race([exitCode, timeout]);
  log(`extension host test run exited with code ${code}`);
  await finish(code);
}

main().catch((err: unknown) => {
  log(`error: ${describeError(err)}`);
  void finish(1);
});
