import { isLoopbackHost } from './probeTarget';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { guardStateDir } from '../fingerprintKey';
import type { Environment } from '../secretValues';

/**
 * How many failed secret attempts OpenClaw Guard allows itself per gateway and minute.
 *
 * OpenClaw locks a client out for 5 minutes after 10 failed attempts in 60 s
 * (openclaw-gateway.md §3.5, src/gateway/auth-rate-limit.ts), and the lockout hits the user's own
 * clients too. A diagnosis tries several secrets, the status item probes on every save, and the
 * CLI may run in a loop: 3 per minute, counted across all of them, keeps us far from 10 even
 * when a few writers race (the file has no lock: two processes reading 2 entries at once can
 * each add one and lose the other's; three concurrent runs still stay under 10).
 */
export const MAX_FAILED_ATTEMPTS = 3;
export const BUDGET_WINDOW_MS = 60_000;
export const ATTEMPTS_FILE = 'attempts.json';
/** The file holds a few dozen entries; anything larger is not ours. */
const MAX_FILE_BYTES = 64 * 1024;
/** Gateways remembered at once; older ones are dropped first. */
const MAX_KEYS = 64;

interface Entry {
  /** When the attempt was made (ms since the epoch). */
  t: number;
  /** Tells our own entries apart from other processes' when the file and memory are merged. */
  id: string;
}

type Table = Map<string, Entry[]>;

export type Acquired = { ok: true; id: string } | { ok: false; retryAfterMs: number };

/**
 * The gateway an attempt counts against: host and port (the lockout is per gateway, not per
 * path). Every spelling of this machine (127.0.0.1, localhost, [::1], *.localhost, …) is one
 * gateway, or writing the URL differently would multiply the budget.
 */
export function attemptKey(url: string): string {
  try {
    const parsed = new URL(url);
    const port = parsed.port || (parsed.protocol === 'wss:' ? '443' : '80');
    const host = parsed.hostname.toLowerCase().replace(/\.+$/, '');
    return `${isLoopbackHost(host) ? 'loopback' : host}:${port}`;
  } catch {
    return url.slice(0, 200);
  }
}

/**
 * Failed attempts of the last minute, per gateway: in memory (always), and in a small JSON file
 * shared by every CLI run and the extension when one is given. Each attempt is reserved before
 * the secret is sent and released when it turns out not to be a failure, so a crash mid-probe
 * errs on the side of counting. A missing, corrupt or unreadable file counts as "no record"; a
 * file that cannot be written leaves the memory count, which still caps the current run.
 */
export class AttemptBudget {
  private readonly mine: Table = new Map();

  constructor(
    /** The shared file, or undefined for memory only. */
    readonly file: string | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** `${OPENCLAW_GUARD_STATE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/openclaw-guard}/attempts.json` */
  static shared(env: Environment): AttemptBudget {
    return new AttemptBudget(join(guardStateDir(env), ATTEMPTS_FILE));
  }

  /** Recent failures at `key`, ours and other processes'. */
  failures(key: string): number {
    const now = this.now();
    return merge(this.read(now).get(key), live(this.mine.get(key), now)).length;
  }

  /** Reserves one attempt at `key`, or says how long until the oldest failure leaves the window. */
  acquire(key: string): Acquired {
    const now = this.now();
    const stored = this.read(now);
    const mine = live(this.mine.get(key), now);
    const recent = merge(stored.get(key), mine);
    if (recent.length >= MAX_FAILED_ATTEMPTS) {
      const oldest = Math.min(...recent.map((e) => e.t));
      return { ok: false, retryAfterMs: Math.max(1000, oldest + BUDGET_WINDOW_MS - now) };
    }
    const entry: Entry = { t: now, id: randomBytes(8).toString('hex') };
    this.mine.set(key, [...mine, entry]);
    stored.set(key, [...(stored.get(key) ?? []), entry]);
    this.write(stored);
    return { ok: true, id: entry.id };
  }

  /** The reserved attempt did not fail (accepted, or the secret never reached the gateway). */
  release(key: string, id: string): void {
    const now = this.now();
    this.mine.set(key, live(this.mine.get(key), now).filter((e) => e.id !== id));
    const stored = this.read(now);
    const entries = stored.get(key);
    if (!entries?.some((e) => e.id === id)) return;
    stored.set(key, entries.filter((e) => e.id !== id));
    this.write(stored);
  }

  private read(now: number): Table {
    const table: Table = new Map();
    if (!this.file) return table;
    let text: string;
    try {
      const fd = openSync(this.file, 'r');
      try {
        const stat = fstatSync(fd);
        if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return table;
        const buffer = Buffer.alloc(stat.size);
        let read = 0;
        while (read < buffer.length) {
          const n = readSync(fd, buffer, read, buffer.length - read, read);
          if (n === 0) break;
          read += n;
        }
        text = buffer.subarray(0, read).toString('utf8');
      } finally {
        closeSync(fd);
      }
    } catch {
      return table;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return table;
    }
    const attempts = (data as { attempts?: unknown } | null)?.attempts;
    if (typeof attempts !== 'object' || attempts === null || Array.isArray(attempts)) return table;
    for (const [key, value] of Object.entries(attempts as Record<string, unknown>)) {
      if (!Array.isArray(value)) continue;
      const entries = value.filter(
        (e): e is Entry => typeof e === 'object' && e !== null && typeof (e as Entry).t === 'number' && typeof (e as Entry).id === 'string' && (e as Entry).id.length <= 64,
      );
      const kept = live(entries, now);
      if (kept.length > 0) table.set(key.slice(0, 200), kept);
    }
    return table;
  }

  /** temp + rename: a reader sees the old file or the new one, never half of one. */
  private write(table: Table): void {
    if (!this.file) return;
    const keys = [...table.entries()]
      .filter(([, entries]) => entries.length > 0)
      .sort((a, b) => Math.max(...b[1].map((e) => e.t)) - Math.max(...a[1].map((e) => e.t)))
      .slice(0, MAX_KEYS);
    const body = JSON.stringify({ version: 1, attempts: Object.fromEntries(keys) }) + '\n';
    const dir = dirname(this.file);
    const temp = join(dir, `.${ATTEMPTS_FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(temp, body, { mode: 0o600, flag: 'wx' });
      // The umask can only take bits away; chmod makes the mode exactly 0600 whatever it is.
      chmodSync(temp, 0o600);
      renameSync(temp, this.file);
    } catch {
      try {
        unlinkSync(temp);
      } catch {
        // Never created, or already renamed.
      }
    }
  }
}

/** Entries inside the window; a timestamp in the future (a clock set back, an edited file) would block for longer, so it is dropped. */
function live(entries: readonly Entry[] | undefined, now: number): Entry[] {
  return (entries ?? []).filter((e) => Number.isFinite(e.t) && e.t > now - BUDGET_WINDOW_MS && e.t <= now + 5000);
}

function merge(a: readonly Entry[] | undefined, b: readonly Entry[]): Entry[] {
  const byId = new Map<string, Entry>();
  for (const e of [...(a ?? []), ...b]) byId.set(e.id, e);
  return [...byId.values()];
}
