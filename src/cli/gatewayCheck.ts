import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseConfigDocument } from '../core/configDocument';
import { assembleEffectiveConfig, type EffectiveInputs } from '../core/effective/effectiveConfig';
import { buildGatewayModel, type GatewayModel } from '../core/gatewayModel';
import { resolveConfigPath } from '../core/hostFacts';
import { AttemptBudget } from '../core/probe/attemptBudget';
import { diagnoseConfiguredGateway, probeConfiguredGateway } from '../core/probe/configuredGateway';
import type { Diagnosis } from '../core/probe/diagnose';
import { knownSecrets } from '../core/probe/knownSecrets';
import type { ProbeResult } from '../core/probe/probeGateway';
import type { SendPolicy } from '../core/probe/probeTarget';
import type { Environment } from '../core/secretValues';
import { readConfigFile } from './readConfigFile';
import type { RunReader } from './runReader';
import { VERSION } from './version';

export interface GatewayCheckOptions {
  env: Environment;
  url?: string;
  allowInsecure: boolean;
  diagnose: boolean;
  /**
   * The file the model was read from. Only when it is the user's own active config (the file
   * OpenClaw itself loads) may its gateway.remote.url and tlsFingerprint decide where secrets go;
   * without it every file is treated as someone else's.
   */
  configPath?: string;
  /** --allow-env-secret NAME: variables (besides OpenClaw's own) whose values may be sent. */
  allowEnvSecrets?: readonly string[];
  /** The failed-attempt budget; by default the one shared with other runs and the extension. */
  budget?: AttemptBudget;
  /**
   * Where the checked config's model was assembled from (its reader, home, gateway environment):
   * the user's own config is assembled the same way, so its secrets in `.env` files and includes
   * count too. Without it the own config is read as text alone.
   */
  sources?: Omit<EffectiveInputs, 'doc' | 'configPath' | 'clientEnv'> & { reader: RunReader };
}

/** The user's own active OpenClaw config: where it is, and its model when it can be read. */
function ownConfig(env: Environment, sources: GatewayCheckOptions['sources']): { path: string; model?: GatewayModel } {
  const { path } = resolveConfigPath(env);
  const read = sources ? sources.reader.open(path) : readConfigFile(path);
  if (!read.ok) return { path };
  const doc = parseConfigDocument(read.text);
  if (!doc.root) return { path };
  const effective = sources ? assembleEffectiveConfig({ ...sources, doc, configPath: resolve(path), clientEnv: env }) : undefined;
  // Only remote.url, tlsFingerprint and secrets are read from it; the bind default does not matter.
  return { path, model: buildGatewayModel(doc, { env, inContainer: false, effective }) };
}

/** Same file after symlinks and `..` are resolved; a file that does not exist is nobody's. */
function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/** `--probe` and `--diagnose`: ask the running gateway about the config's credential. */
export async function checkGateway(model: GatewayModel, options: GatewayCheckOptions): Promise<{ probe: ProbeResult; diagnosis?: Diagnosis }> {
  const own = ownConfig(options.env, options.sources);
  const policy: SendPolicy = {
    configTrusted: options.configPath !== undefined && sameFile(options.configPath, own.path),
    ownRemote: own.model ? { url: own.model.remoteUrl.value, tlsFingerprint: own.model.tlsFingerprint } : undefined,
    allowEnvSecrets: options.allowEnvSecrets ?? [],
  };
  const check = {
    model,
    env: options.env,
    target: { urlOverride: options.url, allowInsecureRemote: options.allowInsecure, policy },
    clientVersion: VERSION,
    budget: options.budget ?? AttemptBudget.shared(options.env),
    extraSecrets: knownSecrets(own.model, options.env, [own.model?.remoteUrl.value]),
  };
  const { probe, refused } = await probeConfiguredGateway(check);
  if (!options.diagnose || refused) return { probe };
  return { probe, diagnosis: await diagnoseConfiguredGateway(check, probe) };
}
