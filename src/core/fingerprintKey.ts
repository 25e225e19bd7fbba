import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Environment } from './secretValues';

/**
 * The per-user key behind secret fingerprints. An unkeyed hash of a weak secret can be reversed
 * by brute force (a 10-digit token in seconds), and users paste our output into public issues;
 * with a 256-bit key that never leaves this machine nobody can test guesses against a
 * fingerprint. The editor and the CLI read the same file, so they show the same fingerprints.
 */

const KEY_FILE = 'fingerprint.key';

/** Where OpenClaw Guard keeps its own small state (the key, the probe's attempt budget). */
export function guardStateDir(env: Environment): string {
  const explicit = env.OPENCLAW_GUARD_STATE_DIR;
  if (explicit) return explicit;
  const xdg = env.XDG_STATE_HOME;
  return join(xdg?.startsWith('/') ? xdg : join(env.HOME || homedir(), '.local', 'state'), 'openclaw-guard');
}

function readKey(path: string): Buffer | undefined {
  try {
    const text = readFileSync(path, 'utf8').trim();
    return /^[0-9a-f]{64}$/.test(text) ? Buffer.from(text, 'hex') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads the key, creating it on first use. Two processes starting at once must end up with the
 * same key: the new key is written to a private temp file and linked into place, which fails
 * when the other process won, and then its key is read.
 */
export function loadFingerprintKey(env: Environment): { key: Buffer; persistent: boolean } {
  const dir = guardStateDir(env);
  const path = join(dir, KEY_FILE);
  const existing = readKey(path);
  if (existing) return { key: existing, persistent: true };
  const key = randomBytes(32);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temp = join(dir, `.${KEY_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
    writeFileSync(temp, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(temp, 0o600);
    try {
      linkSync(temp, path);
    } catch {
      // Another process created it first (or the file is unreadable garbage): use what is there.
    } finally {
      unlinkSync(temp);
    }
    const stored = readKey(path);
    if (stored) return { key: stored, persistent: true };
  } catch {
    // A read-only home: fingerprints are still keyed, but only stable within this process.
  }
  return { key, persistent: false };
}
