import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/**
 * Which TCP sockets a process tree listens on, read from Linux's /proc. The parsing is pure (and
 * tested on sample lines in sockets.test.ts); the readers below only feed it the live files.
 */

/** One row of /proc/net/tcp or /proc/net/tcp6. */
export interface TcpEntry {
  /** Printable local address: `127.0.0.1`, `0.0.0.0`, `::1`, `::`, `::ffff:127.0.0.1`. */
  address: string;
  port: number;
  /** The kernel's TCP state (0x0A is LISTEN). */
  state: number;
  inode: number;
}

export const TCP_LISTEN = 0x0a;

/** The only addresses a listener may be bound to: unreachable from any other machine. */
export const LOOPBACK_ADDRESSES: readonly string[] = ['127.0.0.1', '::1'];

function hexBytes(hex: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < hex.length; i += 2) bytes.push(parseInt(hex.slice(i, i + 2), 16));
  return bytes;
}

function formatIpv6(bytes: readonly number[]): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return `::ffff:${bytes.slice(12).join('.')}`;
  // RFC 5952: the longest run of two or more zero groups becomes `::`.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/**
 * Decodes the kernel's hex address: IPv4 as one 32-bit word and IPv6 as four 32-bit words, each
 * word in host (little-endian) byte order, so `0100007F` is 127.0.0.1 and
 * `00000000000000000000000001000000` is ::1.
 */
export function decodeAddress(hex: string): string {
  if (!/^(?:[0-9A-Fa-f]{8}|[0-9A-Fa-f]{32})$/.test(hex)) throw new Error(`not a /proc/net/tcp address: ${hex}`);
  const words: number[][] = [];
  for (let i = 0; i < hex.length; i += 8) words.push(hexBytes(hex.slice(i, i + 8)).reverse());
  const bytes = words.flat();
  return bytes.length === 4 ? bytes.join('.') : formatIpv6(bytes);
}

/** The rows of a /proc/net/tcp or /proc/net/tcp6 file (the header line is skipped). */
export function parseProcNetTcp(text: string): TcpEntry[] {
  const entries: TcpEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
    if (fields.length < 10 || !/^\d+:$/.test(fields[0])) continue;
    const [addressHex, portHex] = fields[1].split(':');
    if (addressHex === undefined || portHex === undefined) continue;
    entries.push({ address: decodeAddress(addressHex), port: parseInt(portHex, 16), state: parseInt(fields[3], 16), inode: Number(fields[9]) });
  }
  return entries;
}

export function isLoopback(address: string): boolean {
  return LOOPBACK_ADDRESSES.includes(address);
}

export interface ListenerReport {
  /** Listening sockets whose inode is one of the given ones. */
  listening: TcpEntry[];
  /** Those of them bound anywhere but 127.0.0.1 or ::1. */
  exposed: TcpEntry[];
}

/** The detector: of the LISTEN rows in `procNetTcp` (tcp and tcp6 texts), those owned by `inodes`, and which are exposed. */
export function checkListeners(procNetTcp: readonly string[], inodes: ReadonlySet<number>): ListenerReport {
  const listening = procNetTcp.flatMap(parseProcNetTcp).filter((e) => e.state === TCP_LISTEN && inodes.has(e.inode));
  return { listening, exposed: listening.filter((e) => !isLoopback(e.address)) };
}

/** `pid (comm) state ppid ...` from /proc/<pid>/stat; comm may hold spaces and parentheses. */
export function parseStat(text: string): { pid: number; comm: string; ppid: number } {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc/<pid>/stat line: ${text.slice(0, 80)}`);
  const rest = text.slice(close + 2).split(' ');
  return { pid: Number(text.slice(0, open).trim()), comm: text.slice(open + 1, close), ppid: Number(rest[1]) };
}

// --- Live readers (Linux only) ---

/** Undefined when the process has gone away meanwhile. */
function readProc(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function stat(pid: number): { pid: number; comm: string; ppid: number } | undefined {
  const text = readProc(`/proc/${pid}/stat`);
  return text === undefined ? undefined : parseStat(text);
}

export function cmdline(pid: number): string[] {
  return (readProc(`/proc/${pid}/cmdline`) ?? '').split('\0').filter((a) => a !== '');
}

/** The nearest ancestor of `pid` (or `pid` itself) whose command line satisfies `match`. */
export function findAncestor(pid: number, match: (argv: string[]) => boolean): number | undefined {
  for (let current = pid; current > 1; ) {
    if (match(cmdline(current))) return current;
    const parent = stat(current)?.ppid;
    if (parent === undefined) return undefined;
    current = parent;
  }
  return undefined;
}

/** Every live process below `root` (children, their children, ...), from the ppid links in /proc. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(Number(name));
    if (!s) continue;
    children.set(s.ppid, [...(children.get(s.ppid) ?? []), s.pid]);
  }
  const out: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** The inodes of the sockets `pid` holds open (its /proc/<pid>/fd links `socket:[inode]`). */
export function socketInodes(pid: number): number[] {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  const inodes: number[] = [];
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.push(Number(m[1]));
    } catch {
      /* closed meanwhile */
    }
  }
  return inodes;
}
