import { readFileSync, realpathSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import type { Environment } from '../secretValues';

/**
 * The OpenClaw a user's `openclaw` command runs, found without running it: the first `openclaw`
 * on PATH, its symlink resolved (npm links `bin/openclaw` to `…/node_modules/openclaw/openclaw.mjs`),
 * and the version in that package's package.json. Starting the CLI to ask takes seconds of Node
 * start-up; reading one file does not.
 */
export interface InstalledOpenclaw {
  version: string;
  /** The package.json the version was read from. */
  path: string;
  /** The `openclaw` on PATH that led there. */
  command: string;
}

/** File access, replaceable in tests. */
export interface InstallFs {
  isFile(path: string): boolean;
  realpath(path: string): string;
  readText(path: string): string | undefined;
}

const MAX_PACKAGE_JSON = 256 * 1024;

export const nodeInstallFs: InstallFs = {
  isFile: (path) => {
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  },
  realpath: (path) => realpathSync(path),
  readText: (path) => {
    try {
      if (statSync(path).size > MAX_PACKAGE_JSON) return undefined;
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
};

function openclawPackageVersion(packageJson: string, fs: InstallFs): string | undefined {
  const text = fs.readText(packageJson);
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as { name?: unknown; version?: unknown };
    return parsed.name === 'openclaw' && typeof parsed.version === 'string' ? parsed.version : undefined;
  } catch {
    return undefined;
  }
}

/** The openclaw package a resolved bin file belongs to: the nearest package.json named "openclaw" above it. */
function packageOf(file: string, fs: InstallFs): { version: string; path: string } | undefined {
  let dir = dirname(file);
  for (let depth = 0; depth < 6; depth++) {
    const candidate = join(dir, 'package.json');
    const version = fs.isFile(candidate) ? openclawPackageVersion(candidate, fs) : undefined;
    if (version) return { version, path: candidate };
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  // npm's Windows shims (openclaw.cmd) sit in the prefix next to node_modules, not inside the package.
  const beside = join(dirname(file), 'node_modules', 'openclaw', 'package.json');
  const version = fs.isFile(beside) ? openclawPackageVersion(beside, fs) : undefined;
  return version ? { version, path: beside } : undefined;
}

/**
 * The installed OpenClaw of the given environment's PATH, or undefined when there is none (or it
 * is not an npm-installed package whose version can be read without running it).
 */
export function findInstalledOpenclaw(env: Environment, fs: InstallFs = nodeInstallFs, platform: NodeJS.Platform = process.platform): InstalledOpenclaw | undefined {
  const path = env.PATH ?? env.Path ?? '';
  const names = platform === 'win32' ? ['openclaw.cmd', 'openclaw.exe', 'openclaw'] : ['openclaw'];
  const separator = platform === 'win32' ? ';' : delimiter;
  for (const dir of path.split(separator)) {
    if (dir === '' || !dir.startsWith(platform === 'win32' ? '' : '/')) continue;
    for (const name of names) {
      const command = join(dir, name);
      if (!fs.isFile(command)) continue;
      let target: string;
      try {
        target = fs.realpath(command);
      } catch {
        continue;
      }
      const found = packageOf(target, fs) ?? packageOf(command, fs);
      // The first `openclaw` on PATH is the one the shell runs: a later one does not count.
      return found ? { ...found, command } : undefined;
    }
  }
  return undefined;
}
