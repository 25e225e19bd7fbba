import { join } from 'node:path';
import { analyzeConfig, type Analysis } from '../../src/core/analyze';
import { memoryReader, type SourceReader } from '../../src/core/effective/sourceReader';
import type { Scenario } from './effectiveScenarios';

/**
 * What the engine says about a scenario of effectiveScenarios.ts: the same files and environment
 * the real gateway was given, laid out under a fixed directory and served from memory, so its
 * findings and its idea of the gateway's secret can be compared with what the gateway did.
 */

const DIR = '/conformance';
const HOME = join(DIR, 'home');

function layoutOf(s: Scenario): { state: string; configPath: string } {
  const isDefault = s.stateDir === 'default';
  const state = isDefault ? join(HOME, '.openclaw') : join(DIR, 'state');
  return { state, configPath: isDefault ? join(state, 'openclaw.json') : join(DIR, 'openclaw.json') };
}

function fill(text: string, state: string): string {
  return text.replace(/\{HOME\}/g, HOME).replace(/\{STATE\}/g, state).replace(/\{DIR\}/g, DIR).replace(/\{PORT\}/g, '28789');
}

/** The gateway's environment as test/support/realGateway.ts builds it (no inherited variables but PATH). */
function environmentOf(s: Scenario, state: string, configPath: string): Record<string, string> {
  return {
    HOME,
    ...(s.stateDir === 'default' ? {} : { OPENCLAW_STATE_DIR: state, OPENCLAW_CONFIG_PATH: configPath }),
    ...Object.fromEntries(Object.entries(s.env ?? {}).map(([k, v]) => [k, fill(v, state)])),
  };
}

export function engineOn(s: Scenario): Analysis {
  const { state, configPath: layoutConfig } = layoutOf(s);
  const files: Record<string, string> = {};
  const modes = new Map<string, number>();
  for (const [key, content] of Object.entries(s.files ?? {})) {
    const path = key.startsWith('{') ? fill(key, state) : join(DIR, key);
    files[path] = fill(content, state);
    modes.set(path, s.fileModes?.[key] ?? 0o600);
  }
  const env = environmentOf(s, state, layoutConfig);
  // The gateway reads OPENCLAW_CONFIG_PATH when it is set; otherwise the layout's file.
  const configPath = env.OPENCLAW_CONFIG_PATH ?? layoutConfig;
  const text = files[configPath] ?? fill(s.config, state);
  const uid = process.getuid?.() ?? 0;
  const base = memoryReader(files);
  // Secret files are checked as OpenClaw checks them: mode and owner as the harness wrote them.
  const reader: SourceReader = { ...base, inspect: (path) => (modes.has(path) ? { symlink: false, regularFile: true, mode: modes.get(path) ?? 0o600, uid } : undefined) };
  return analyzeConfig(text, {
    env,
    configPath,
    reader,
    home: HOME,
    cwd: s.cwd === undefined ? undefined : join(DIR, s.cwd),
    uid,
    // Bind scenarios run in a namespace with only `lo`, and no tailscale binary anywhere here.
    network: { tailscale: false, addresses: ['127.0.0.1', '::1'] },
  });
}
