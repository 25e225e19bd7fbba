import { existsSync, readFileSync } from 'node:fs';
import { homedir, networkInterfaces } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import type { Environment } from './secretValues';

/**
 * Facts about the machine that change what OpenClaw does: where its config lives and whether it
 * thinks it runs in a container (src/config/paths.ts, src/infra/container-environment.ts).
 */

function usable(value: string | undefined): string | undefined {
  return value === undefined || value === '' || value === 'undefined' || value === 'null' ? undefined : value;
}

export function openclawHome(env: Environment): string {
  return usable(env.OPENCLAW_HOME) ?? usable(env.HOME) ?? usable(env.USERPROFILE) ?? homedir();
}

/** `~` and `~/…` in a path OpenClaw reads from settings or the environment, against a given home. */
export function expandHome(path: string, home: string): string {
  return path === '~' || path.startsWith('~/') ? join(home, path.slice(1)) : path;
}

function expandTilde(path: string, env: Environment): string {
  return expandHome(path, openclawHome(env));
}

export interface ConfigPathResolution {
  path: string;
  /** Every place that was considered, in order (for "not found" messages). */
  candidates: string[];
  source: 'OPENCLAW_CONFIG_PATH' | 'OPENCLAW_STATE_DIR' | 'home' | 'legacy' | 'default';
}

/**
 * OpenClaw's CONFIG_DIR (resolveConfigDir, utils): OPENCLAW_STATE_DIR, else the folder of
 * OPENCLAW_CONFIG_PATH, else ~/.openclaw. The gateway's generated TLS certificate lives under it.
 */
export function openclawConfigDir(env: Environment): string {
  const stateDir = env.OPENCLAW_STATE_DIR?.trim();
  if (stateDir) return expandTilde(stateDir, env);
  const configPath = env.OPENCLAW_CONFIG_PATH?.trim();
  if (configPath) return dirname(expandTilde(configPath, env));
  return join(openclawHome(env), '.openclaw');
}

/** Where gateway.tls reads its certificate (resolveGatewayTlsCertPath): certPath, else CONFIG_DIR/gateway/tls/gateway-cert.pem. */
export function gatewayTlsCertPath(certPath: string | undefined, env: Environment): string {
  return certPath?.trim() ? expandTilde(certPath.trim(), env) : join(openclawConfigDir(env), 'gateway', 'tls', 'gateway-cert.pem');
}

/** The config file OpenClaw itself would read, in its order. */
export function resolveConfigPath(env: Environment, exists: (path: string) => boolean = existsSync): ConfigPathResolution {
  const explicit = usable(env.OPENCLAW_CONFIG_PATH);
  if (explicit) {
    const path = expandTilde(explicit, env);
    return { path, candidates: [path], source: 'OPENCLAW_CONFIG_PATH' };
  }
  const home = openclawHome(env);
  const stateDirEnv = usable(env.OPENCLAW_STATE_DIR);
  const candidates: Array<{ path: string; source: ConfigPathResolution['source'] }> = [];
  if (stateDirEnv) {
    const dir = expandTilde(stateDirEnv, env);
    candidates.push({ path: join(dir, 'openclaw.json'), source: 'OPENCLAW_STATE_DIR' }, { path: join(dir, 'clawdbot.json'), source: 'OPENCLAW_STATE_DIR' });
  }
  candidates.push(
    { path: join(home, '.openclaw', 'openclaw.json'), source: 'home' },
    { path: join(home, '.openclaw', 'clawdbot.json'), source: 'legacy' },
    { path: join(home, '.clawdbot', 'openclaw.json'), source: 'legacy' },
    { path: join(home, '.clawdbot', 'clawdbot.json'), source: 'legacy' },
  );
  for (const candidate of candidates) {
    if (exists(candidate.path)) return { path: candidate.path, candidates: candidates.map((c) => c.path), source: candidate.source };
  }
  const stateDir = stateDirEnv
    ? expandTilde(stateDirEnv, env)
    : exists(join(home, '.openclaw'))
      ? join(home, '.openclaw')
      : exists(join(home, '.clawdbot'))
        ? join(home, '.clawdbot')
        : join(home, '.openclaw');
  return { path: join(stateDir, 'openclaw.json'), candidates: candidates.map((c) => c.path), source: 'default' };
}

const CONTAINER_CGROUP = /\/docker\/|cri-containerd-[0-9a-f]|containerd\/[0-9a-f]{64}|\/kubepods[/.]|\blxc\b/;

export function detectContainer(env: Environment, exists: (path: string) => boolean = existsSync, readText: (path: string) => string | undefined = safeRead): boolean {
  if (env.FLY_MACHINE_ID && env.FLY_APP_NAME) return true;
  if (['/.dockerenv', '/run/.containerenv', '/var/run/.containerenv'].some((p) => exists(p))) return true;
  const cgroup = readText('/proc/1/cgroup');
  return cgroup !== undefined && CONTAINER_CGROUP.test(cgroup);
}

function safeRead(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** What the machine offers a gateway that binds beyond loopback (bind custom / tailnet). */
export interface NetworkFacts {
  /** A `tailscale` binary on the PATH (OpenClaw spawns it for tailnet, serve and funnel). */
  tailscale: boolean;
  /** Addresses of this machine's interfaces (IPv4 and IPv6, loopback included). */
  addresses: string[];
}

export function detectNetworkFacts(env: Environment, exists: (path: string) => boolean = existsSync): NetworkFacts {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  const tailscale = dirs.some((dir) => exists(join(dir, 'tailscale')) || exists(join(dir, 'tailscale.exe')));
  const addresses = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
  return { tailscale, addresses };
}
