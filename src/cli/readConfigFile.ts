import { closeSync, openSync, statSync } from 'node:fs';
import { msg, type Message } from '../core/messages';
import { snapshotOfFd, type FileSnapshot } from './atomicWrite';

/** Larger than any real openclaw.json by orders of magnitude (OpenClaw caps included files at 2 MB). */
export const MAX_CONFIG_BYTES = 10 * 1024 * 1024;

/**
 * `text` is the file exactly, minus a UTF-8 BOM when `bom` says there was one; `snapshot` is what
 * writeFileAtomic compares against so an edit made since this read is not overwritten.
 */
export type ReadOutcome = { ok: true; text: string; bom: boolean; snapshot: FileSnapshot } | ReadFailure;

/**
 * Why a read failed: `missing` (nothing there), `unreadable` (no text to be had), or `encoding`:
 * the bytes are there but are not UTF-8 text, so they can be analysed the way OpenClaw reads
 * them (decoded leniently) but never rewritten.
 */
export type ReadFailure = { ok: false; reason: Message; kind: 'missing' | 'unreadable' } | { ok: false; reason: Message; kind: 'encoding'; bytes: Buffer };

/** Reads a config file for checking, turning every way it can fail into one clear sentence. */
export function readConfigFile(path: string): ReadOutcome {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return { ok: false, kind: 'unreadable', reason: msg('{0} is a directory, not a config file', path) };
    if (!stat.isFile()) return { ok: false, kind: 'unreadable', reason: msg('{0} is not a regular file', path) };
    size = stat.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a path through a regular file (`.env/x`) names nothing, as OpenClaw sees it.
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, kind: 'missing', reason: msg('{0} does not exist', path) };
    if (code === 'EACCES' || code === 'EPERM') return { ok: false, kind: 'unreadable', reason: msg('{0} cannot be read (permission denied)', path) };
    return { ok: false, kind: 'unreadable', reason: msg('{0} cannot be read ({1})', path, code ?? 'error') };
  }
  if (size > MAX_CONFIG_BYTES) {
    return { ok: false, kind: 'unreadable', reason: msg('{0} is {1} MB; an OpenClaw config is a few KB, so this is not one (limit {2} MB)', path, (size / 1048576).toFixed(1), MAX_CONFIG_BYTES / 1048576) };
  }
  let snapshot: FileSnapshot;
  try {
    const fd = openSync(path, 'r');
    try {
      snapshot = snapshotOfFd(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return { ok: false, kind: 'unreadable', reason: msg('{0} cannot be read ({1})', path, (error as NodeJS.ErrnoException).code ?? 'error') };
  }
  const bytes = snapshot.bytes;
  // Before the NUL check: UTF-16 text is full of NULs, and "binary data" would send the user the wrong way.
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { ok: false, kind: 'encoding', bytes, reason: msg('{0} is UTF-16; OpenClaw reads only UTF-8: save it as UTF-8', path) };
  }
  if (bytes.includes(0)) return { ok: false, kind: 'encoding', bytes, reason: msg('{0} holds binary data, not JSON5 text', path) };
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    // ignoreBOM: the BOM is cut off here and reported, so the writer can put back exactly what was there.
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bom ? bytes.subarray(3) : bytes);
    return { ok: true, text, bom, snapshot };
  } catch {
    return { ok: false, kind: 'encoding', bytes, reason: msg('{0} is not valid UTF-8 text; save it as UTF-8', path) };
  }
}
