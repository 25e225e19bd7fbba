#!/usr/bin/env node
/*
 * A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }).
 * It starts code-server (VS Code 1.100 server, real Node extension host) on 127.0.0.1, opens the
 * workbench in Debian's headless Chromium through playwright-core, hands the extension under test
 * and the test runner over in the workbench `payload`, and exits with the test run's exit code.
 * Everything it starts is torn down on exit, error, timeout, SIGINT and SIGTERM.
 *
 * Environment:
 *   OCG_E2E_UNTRUSTED=1        open the folder untrusted (no --disable-workspace-trust)
 *   OCG_E2E_USER_SETTINGS=JSON merged into the temporary User/settings.json
 *   OCG_E2E_LOCALE=zh-cn       display language (argv.json locale)
 *   OCG_E2E_INSTALL_VSIX=FILE  install this .vsix and load it instead of the development folder
 *   OCG_E2E_KEEP_OPEN=1        (demo) keep the server and print the URL instead of running tests
 * The tests reach the browser through OCG_E2E_DRIVER_URL (screenshots, keys, hover).
 */
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CODE_SERVER = path.join(ROOT, '.cache', 'code-server', 'node_modules', '.bin', 'code-server');
const TIMEOUT_MS = Number(process.env.OCG_E2E_TIMEOUT_MS || 600000);
const started = Date.now();
const log = (msg) => process.stdout.write(`[launcher +${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}\n`);

function parseArgs(argv) {
  const out = { dev: [], tests: undefined, folder: undefined };
  for (const arg of argv) {
    if (arg.startsWith('--extensionDevelopmentPath=')) out.dev.push(arg.slice('--extensionDevelopmentPath='.length));
    else if (arg.startsWith('--extensionTestsPath=')) out.tests = arg.slice('--extensionTestsPath='.length);
    else if (!arg.startsWith('-') && out.folder === undefined) out.folder = arg;
  }
  return out;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function get(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

const cleanup = { browser: undefined, server: undefined, driver: undefined, temp: undefined, teardown: undefined };

/** One teardown, however many ways the run ends at once (signal, error, result). */
function teardown() {
  cleanup.teardown ??= doTeardown();
  return cleanup.teardown;
}

async function doTeardown() {
  try {
    if (cleanup.browser) await Promise.race([cleanup.browser.close(), new Promise((r) => setTimeout(r, 5000))]);
  } catch {
    /* already gone */
  }
  if (cleanup.driver) cleanup.driver.close();
  if (cleanup.server && cleanup.server.exitCode === null) {
    try {
      process.kill(-cleanup.server.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      try {
        process.kill(-cleanup.server.pid, 0);
      } catch {
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    try {
      process.kill(-cleanup.server.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  if (cleanup.temp) fs.rmSync(cleanup.temp, { recursive: true, force: true });
}

async function finish(code) {
  await teardown();
  log(`exit ${code}`);
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void finish(130));
process.on('uncaughtException', (err) => {
  log(`error: ${err && err.stack ? err.stack : err}`);
  void finish(1);
});

/** HTTP endpoints the tests call (from the extension host) to drive the browser. */
function startDriver(getPage) {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const reply = (status, value) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      try {
        const page = getPage();
        if (!page) return reply(503, { ok: false, error: 'no page yet' });
        const input = body ? JSON.parse(body) : {};
        if (req.url === '/screenshot') {
          fs.mkdirSync(path.dirname(input.path), { recursive: true });
          await page.screenshot({ path: input.path, clip: input.clip, animations: 'disabled' });
        } else if (req.url === '/keys') {
          for (const key of input.keys || []) await page.keyboard.press(key);
        } else if (req.url === '/type') {
          await page.keyboard.type(String(input.text || ''), { delay: 20 });
        } else if (req.url === '/hover') {
          if (input.selector) await page.locator(input.selector).first().hover({ timeout: 5000 });
          else await page.mouse.move(input.x, input.y);
        } else if (req.url === '/click') {
          if (input.selector) await page.locator(input.selector).first().click({ timeout: 5000 });
          else await page.mouse.click(input.x, input.y);
        } else if (req.url === '/box') {
          const box = await page.locator(input.selector).first().boundingBox({ timeout: 5000 });
          return reply(200, { ok: true, box });
        } else if (req.url === '/wait') {
          await new Promise((r) => setTimeout(r, Math.min(Number(input.ms) || 0, 30000)));
        } else {
          return reply(404, { ok: false, error: 'unknown endpoint' });
        }
        reply(200, { ok: true });
      } catch (err) {
        reply(500, { ok: false, error: String(err && err.message ? err.message : err) });
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(CODE_SERVER)) throw new Error(`code-server is not installed: run scripts/setup-test-host.sh (${CODE_SERVER})`);
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocg-host-'));
  cleanup.temp = temp;
  const dirs = Object.fromEntries(['user-data', 'extensions', 'xdg-config', 'xdg-data', 'xdg-cache', 'tmp', 'chromium'].map((d) => [d, path.join(temp, d)]));
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  const settings = {
    'telemetry.telemetryLevel': 'off',
    'workbench.startupEditor': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'git.enabled': false,
    'workbench.tips.enabled': false,
    'security.workspace.trust.startupPrompt': 'never',
    'window.commandCenter': false,
    ...(process.env.OCG_E2E_USER_SETTINGS ? JSON.parse(process.env.OCG_E2E_USER_SETTINGS) : {}),
  };
  fs.mkdirSync(path.join(dirs['user-data'], 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs['user-data'], 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  if (process.env.OCG_E2E_LOCALE) {
    fs.writeFileSync(path.join(dirs['user-data'], 'User', 'argv.json'), JSON.stringify({ locale: process.env.OCG_E2E_LOCALE }));
  }
  const configYaml = path.join(temp, 'config.yaml');
  fs.writeFileSync(configYaml, 'auth: none\n');

  const env = {
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
    devPaths.push(path.join(__dirname, 'harness-extension'));
  }

  const driver = await startDriver(() => cleanup.page);
  cleanup.driver = driver;
  env.OCG_E2E_DRIVER_URL = `http://127.0.0.1:${driver.address().port}`;

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
  server.stdout.on('data', (d) => (serverOutput += d));
  server.stderr.on('data', (d) => (serverOutput += d));

  const deadline = Date.now() + 60000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`code-server exited (${server.exitCode}):\n${serverOutput.slice(-3000)}`);
    if ((await get(`http://127.0.0.1:${port}/healthz`)) === 200) break;
    if (Date.now() > deadline) throw new Error(`code-server did not answer within 60 s:\n${serverOutput.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  log(`code-server up on 127.0.0.1:${port}`);

  const { chromium } = require('playwright-core');
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

  const remote = (p) => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
  const payload = [];
  for (const dev of devPaths) payload.push(['extensionDevelopmentPath', remote(dev)]);
  if (args.tests && process.env.OCG_E2E_KEEP_OPEN !== '1') payload.push(['extensionTestsPath', remote(args.tests)]);

  const exitCode = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
  });
  await page.exposeFunction('codeAutomationLog', (type, args2) => {
    // The workbench relays console calls printf-style (`%s`, `%d`).
    const text = Array.isArray(args2) ? require('node:util').format(...args2) : String(args2);
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

  const timeout = new Promise((resolve) => setTimeout(() => {
    log(`no test result within ${TIMEOUT_MS} ms`);
    resolve(1);
  }, TIMEOUT_MS).unref());
  const code = await Promise.race([exitCode, timeout]);
  log(`extension host test run exited with code ${code}`);
  await finish(code);
}

main().catch((err) => {
  log(`error: ${err && err.stack ? err.stack : err}`);
  void finish(1);
});
