import * as fs from 'node:fs';
import { runsOpenclawGateway } from './effective/systemdUnit';

/**
 * Which process listens on the gateway's port, read without root and without running anything:
 * on Linux from /proc/net/tcp{,6} (listening sockets and their inodes), /proc/<pid>/fd (which of
 * our own processes holds the inode), /proc/<pid>/cmdline and the start time from /proc/<pid>/stat
 * with /proc/stat's btime. Another user's process is seen only as "something listens" (its fd
 * directory is not readable). Elsewhere the answer is `unknown`, unless a caller injects a fact
 * (macOS: the output of `lsof`, gathered outside the engine). The engine receives the result as a
 * plain fact, like the network facts of hostFacts.ts.
 */

export interface ListeningProcess {
  pid: number;
  /** The command line (`openclaw-gateway` once OpenClaw has set its process title). */
  argv: string[];
  /** When the process started (ms since the epoch); undefined when it cannot be told. */
  startedAtMs?: number;
  /** True when the command line is an OpenClaw gateway's. */
  isGateway: boolean;
}

export interface PortListener {
  port: number;
  /** `free`: nothing listens; `unknown`: this machine's sockets cannot be read. */
  state: 'listening' | 'free' | 'unknown';
  /** The socket owner's uid (from the socket table), when listening. */
  uid?: number;
  /** The listening process, when it is ours to see. */
  process?: ListeningProcess;
}

/** How the facts are gathered; tests hand in a fake /proc. */
export interface ProcReader {
  readText(path: string): string | undefined;
  list(dir: string): string[] | undefined;
  readlink(path: string): string | undefined;
}

export const realProc: ProcReader = {
  readText: (path) => {
    try {
      return fs.readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  list: (dir) => {
    try {
      return fs.readdirSync(dir);
    } catch {
      return undefined;
    }
  },
  readlink: (path) => {
    try {
      return fs.readlinkSync(path);
    } catch {
      return undefined;
    }
  },
};

export interface SocketRow {
  port: number;
  /** 0A is LISTEN. */
  state: string;
  uid: number;
  inode: string;
}

/** The rows of /proc/net/tcp or tcp6. */
export function parseProcNetTcp(text: string): SocketRow[] {
  const rows: SocketRow[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const local = fields[1];
    const colon = local.lastIndexOf(':');
    const port = parseInt(local.slice(colon + 1), 16);
    if (colon < 0 || !Number.isFinite(port)) continue;
    rows.push({ port, state: fields[3], uid: Number(fields[7]), inode: fields[9] });
  }
  return rows;
}

/**
 * Start time of a process from /proc/<pid>/stat (field 22, clock ticks after boot) and /proc/stat's
 * btime. Linux reports these ticks in USER_HZ, which is 100 on every architecture Node runs on.
 */
export function processStartMs(statText: string, btimeSeconds: number, ticksPerSecond = 100): number | undefined {
  // The command name (field 2) is in parentheses and may hold spaces or ')'.
  const after = statText.slice(statText.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(after[22 - 3]);
  return Number.isFinite(ticks) ? btimeSeconds * 1000 + (ticks / ticksPerSecond) * 1000 : undefined;
}

export function bootTimeSeconds(procStat: string): number | undefined {
  const match = /^btime (\d+)$/m.exec(procStat);
  return match ? Number(match[1]) : undefined;
}

/** True when a command line is an OpenClaw gateway's (its process title, or `openclaw … gateway`). */
export function isGatewayCommand(argv: readonly string[]): boolean {
  if (argv.length === 0) return false;
  if (/^openclaw-gateway\b/.test(argv[0].trim())) return true;
  return runsOpenclawGateway(argv.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' '));
}

/** Reads who listens on `port` from a /proc (Linux). */
export function findPortListener(port: number, proc: ProcReader): PortListener {
  const tables = ['/proc/net/tcp', '/proc/net/tcp6'].map((p) => proc.readText(p));
  if (tables.every((t) => t === undefined)) return { port, state: 'unknown' };
  const listening = tables.flatMap((t) => (t === undefined ? [] : parseProcNetTcp(t))).filter((r) => r.state === '0A' && r.port === port);
  if (listening.length === 0) return { port, state: 'free' };
  const inodes = new Set(listening.map((r) => r.inode));
  const btime = bootTimeSeconds(proc.readText('/proc/stat') ?? '');
  for (const entry of proc.list('/proc') ?? []) {
    if (!/^\d+$/.test(entry)) continue;
    const fds = proc.list(`/proc/${entry}/fd`);
    if (!fds) continue;
    const holds = fds.some((fd) => {
      const link = proc.readlink(`/proc/${entry}/fd/${fd}`);
      const inode = link ? /^socket:\[(\d+)\]$/.exec(link)?.[1] : undefined;
      return inode !== undefined && inodes.has(inode);
    });
    if (!holds) continue;
    const argv = (proc.readText(`/proc/${entry}/cmdline`) ?? '').split('\0').filter((a) => a !== '');
    const stat = proc.readText(`/proc/${entry}/stat`);
    const startedAtMs = stat && btime !== undefined ? processStartMs(stat, btime) : undefined;
    return { port, state: 'listening', uid: listening[0].uid, process: { pid: Number(entry), argv, startedAtMs, isGateway: isGatewayCommand(argv) } };
  }
  return { port, state: 'listening', uid: listening[0].uid };
}

/** The fact for the running machine: /proc on Linux, unknown elsewhere. */
export function detectPortListener(port: number, platform: NodeJS.Platform = process.platform, proc: ProcReader = realProc): PortListener {
  return platform === 'linux' ? findPortListener(port, proc) : { port, state: 'unknown' };
}

/**
 * The fact from `lsof -nP -iTCP:<port> -sTCP:LISTEN -Fpcn` output (macOS), for a caller that ran it
 * outside the engine: `p<pid>`, `c<command>`, `n<address>` lines. lsof gives the command name only
 * (not the arguments) and no start time.
 */
export function listenerFromLsof(port: number, output: string): PortListener {
  let pid: number | undefined;
  let command: string | undefined;
  for (const line of output.split('\n')) {
    if (line.startsWith('p') && pid === undefined) pid = Number(line.slice(1));
    else if (line.startsWith('c') && command === undefined) command = line.slice(1);
  }
  if (pid === undefined || !Number.isFinite(pid)) return { port, state: 'free' };
  const argv = command ? [command] : [];
  return { port, state: 'listening', process: { pid, argv, isGateway: isGatewayCommand(argv) } };
}
