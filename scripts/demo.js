#!/usr/bin/env node
// `npm run demo`: the extension in a real VS Code (code-server on 127.0.0.1) with an example
// workspace holding a broken openclaw.json and a fake OpenClaw gateway on 127.0.0.1, so the
// diagnostics, quick fixes and the status bar can be tried without installing anything else.
// Ctrl-C stops everything.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const { startFakeGateway } = require(path.join(ROOT, 'out', 'test', 'support', 'fakeGateway.js'));

const TOKEN = '3f9a1c7e5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f20';
const BROKEN = `// An OpenClaw config with the usual token trouble. Hover the squiggles, press Ctrl+. for fixes,
// and try "Fix all safe OpenClaw problems" from the lightbulb or the Source Action menu.
{
  gateway: {
    bind: '0.0.0.0',
    port: 18789,
    token: 'left-over-from-an-old-guide',
    auth: {
      mode: 'token',
      token: '${TOKEN}',
    },
    remote: {
      token: 'pw@home#1 ', // typed by hand, cut short in .env files
    },
  },
}
`;

async function main() {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocg-demo-'));
  const workspace = path.join(temp, 'workspace');
  const stateDir = path.join(temp, 'home', '.openclaw');
  fs.mkdirSync(workspace, { recursive: true });
  fs.mkdirSync(stateDir, { recursive: true });
  fs.writeFileSync(path.join(workspace, 'openclaw.json'), BROKEN);
  const gateway = await startFakeGateway('gateway', TOKEN);
  fs.writeFileSync(
    path.join(stateDir, 'openclaw.json'),
    JSON.stringify({ gateway: { mode: 'local', bind: 'loopback', port: gateway.port, auth: { mode: 'token', token: TOKEN }, remote: { token: TOKEN } } }, null, 2) + '\n',
  );
  console.log(`[demo] fake OpenClaw gateway on ${gateway.url} (accepts the token in ${path.join(stateDir, 'openclaw.json')})`);
  const launcher = spawn(process.execPath, [path.join(ROOT, 'out', 'test', 'e2e', 'host', 'launcher.js'), `--extensionDevelopmentPath=${ROOT}`, workspace], {
    stdio: 'inherit',
    env: {
      ...process.env,
      HOME: path.join(temp, 'home'),
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_CONFIG_PATH: path.join(stateDir, 'openclaw.json'),
      OCG_E2E_KEEP_OPEN: '1',
      OCG_E2E_TIMEOUT_MS: String(24 * 3600 * 1000),
    },
  });
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    if (launcher.exitCode === null) launcher.kill('SIGTERM');
    await new Promise((r) => (launcher.exitCode === null ? launcher.once('exit', r) : r()));
    await gateway.close();
    fs.rmSync(temp, { recursive: true, force: true });
    console.log('[demo] stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  launcher.on('exit', (code) => void stop(code ?? 0));
}

main().catch((err) => {
  console.error(`[demo] ${err && err.message ? err.message : err}`);
  process.exit(1);
});
