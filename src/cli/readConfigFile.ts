import { readFileSync, statSync } from 'node:fs';
import { t } from '../core/i18n';

/** Larger than any real openclaw.json by orders of magnitude (OpenClaw caps included files at 2 MB). */
export const MAX_CONFIG_BYTES = 10 * 1024 * 1024;

export type ReadOutcome = { ok: true; text: string } | { ok: false; reason: string };

/** Reads a config file for checking, turning every way it can fail into one clear sentence. */
export function readConfigFile(path: string): ReadOutcome {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return { ok: false, reason: t('{0} is a directory, not a config file', path) };
    if (!stat.isFile()) return { ok: false, reason: t('{0} is not a regular file', path) };
    size = stat.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, reason: t('{0} does not exist', path) };
    if (code === 'EACCES' || code === 'EPERM') return { ok: false, reason: t('{0} cannot be read (permission denied)', path) };
    return { ok: false, reason: t('{0} cannot be read ({1})', path, code ?? 'error') };
  }
  if (size > MAX_CONFIG_BYTES) {
    return { ok: false, reason: t('{0} is {1} MB; an OpenClaw config is a few KB, so this is not one (limit {2} MB)', path, (size / 1048576).toFixed(1), MAX_CONFIG_BYTES / 1048576) };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return { ok: false, reason: t('{0} cannot be read ({1})', path, (error as NodeJS.ErrnoException).code ?? 'error') };
  }
  if (bytes.includes(0)) return { ok: false, reason: t('{0} holds binary data, not JSON5 text', path) };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, reason: t('{0} is not valid UTF-8 text; save it as UTF-8', path) };
  }
}
