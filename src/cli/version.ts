import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Replaced with package.json's version by esbuild (esbuild.js `define`) in the shipped bundles. */
declare const OPENCLAW_GUARD_VERSION: string | undefined;

/** Unbundled runs (the unit tests run tsc's output) read it from the package itself. */
function packageVersion(): string {
  for (let dir = __dirname, i = 0; i < 5; i++, dir = join(dir, '..')) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'openclaw-guard' && manifest.version) return manifest.version;
    } catch {
      // Not here; one level up.
    }
  }
  return '0.0.0';
}

export const VERSION: string = typeof OPENCLAW_GUARD_VERSION === 'string' ? OPENCLAW_GUARD_VERSION : packageVersion();
