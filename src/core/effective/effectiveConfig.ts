import * as path from 'node:path';
import type { ConfigDocument } from '../configDocument';
import { openclawHome } from '../hostFacts';
import type { Environment } from '../secretValues';
import { assembleConfigSources, includeRoots, type AssembledConfig } from './configSources';
import { parseDotenvFile } from './dotenvFile';
import { buildEnvironment, type DotenvSource, type EnvironmentView } from './environmentLayers';
import { allServiceSources, discoverServiceSources, type DiscoveryOptions, type ServiceDiscovery } from './serviceSources';
import type { SourceReader } from './sourceReader';

/**
 * Everything OpenClaw reads to decide its gateway settings, assembled once per analysis: the config
 * and its includes, the `.env` files, `env.vars`, and two environments, the gateway's and the
 * client's (an OpenClaw CLI on this machine). Sources found elsewhere (service units, launchd
 * agents, shell profiles) are kept beside them in `serviceSources`: they say what a service or a
 * new shell would start with, not what this analysis's processes have.
 */

export interface EffectiveInputs {
  doc: ConfigDocument;
  /** Absolute path of the config; '' for text without a file (nothing else is read then). */
  configPath: string;
  /** The client's environment (the CLI's own process, the editor's host). */
  clientEnv: Environment;
  /** The gateway's environment; the client's unless told otherwise. */
  gatewayEnv?: Environment;
  /** A file holding the gateway's environment (`--gateway-env-file`), already read. */
  gatewayEnvFile?: { path: string; text: string };
  /** Reads includes, `.env` and secret files; without one only the text itself is analysed. */
  reader?: SourceReader;
  home?: string;
  /** The client's working directory (its `.env` is read with OpenClaw's block list). */
  cwd?: string;
  /** The user the gateway runs as (secret files must be owned by it). */
  uid?: number;
  /**
   * Look for service units, launchd agents and shell profiles (serviceSources.ts); off unless
   * given. Needs a reader; units in folders are found only with a reader that can list them.
   */
  serviceDiscovery?: Omit<DiscoveryOptions, 'home' | 'configPath'>;
}

export interface EffectiveConfig {
  configPath: string;
  home: string;
  uid?: number;
  reader?: SourceReader;
  assembled: AssembledConfig;
  gatewayEnv: EnvironmentView;
  clientEnv: EnvironmentView;
  /** Every `.env`-style file that was read, by path. */
  dotenv: DotenvSource[];
  /** Every `.env` path OpenClaw would read, whether it exists or not (a file created later counts). */
  dotenvPaths: string[];
  /** True when the gateway's environment is the client's (nobody said otherwise). */
  sharedEnvironment: boolean;
  /** Service units, agents and shell profiles found (absent when discovery was not asked for). */
  serviceSources?: ServiceDiscovery;
}

export function assembleEffectiveConfig(inputs: EffectiveInputs): EffectiveConfig {
  const home = inputs.home ?? openclawHome(inputs.clientEnv);
  const configPath = inputs.configPath ? path.resolve(inputs.configPath) : '';
  const reader = configPath ? inputs.reader : undefined;
  const gatewayEnvFile: DotenvSource | undefined = inputs.gatewayEnvFile
    ? { path: inputs.gatewayEnvFile.path, role: 'env-file', doc: parseDotenvFile(inputs.gatewayEnvFile.text) }
    : undefined;
  const gatewayProcessEnv: Environment = gatewayEnvFile ? gatewayEnvFile.doc.values : (inputs.gatewayEnv ?? inputs.clientEnv);
  const roots = configPath ? includeRoots(configPath, gatewayProcessEnv.OPENCLAW_INCLUDE_ROOTS, home) : [];
  const assembled = assembleConfigSources(inputs.doc, configPath, { reader, roots });
  const dotenvCache = new Map<string, DotenvSource | null>();
  const common = { configPath, home, reader, merged: assembled.root, dotenvCache };
  const gatewayEnv = buildEnvironment({ ...common, side: 'gateway', processEnv: gatewayProcessEnv, processEnvFile: gatewayEnvFile });
  // The gateway's working directory is not known (a service runs it in $HOME): only the client's is read.
  const clientEnv = buildEnvironment({ ...common, side: 'client', processEnv: inputs.clientEnv, cwd: reader ? inputs.cwd : undefined });
  const dotenv = [...(gatewayEnvFile ? [gatewayEnvFile] : []), ...[...dotenvCache.values()].filter((s): s is DotenvSource => s !== null)];
  return {
    configPath,
    home,
    uid: inputs.uid,
    reader,
    assembled,
    gatewayEnv,
    clientEnv,
    dotenv,
    dotenvPaths: [...dotenvCache.keys()],
    sharedEnvironment: !gatewayEnvFile && inputs.gatewayEnv === undefined,
    ...(reader && inputs.serviceDiscovery ? { serviceSources: discoverServiceSources(reader, { ...inputs.serviceDiscovery, home, configPath, uid: inputs.serviceDiscovery.uid ?? inputs.uid }) } : {}),
  };
}

/** Every file that takes part, for watchers and reports: config, includes, `.env` files that exist. */
export function sourcePaths(effective: EffectiveConfig): string[] {
  const paths = new Set<string>();
  for (const source of effective.assembled.sources) if (source.path) paths.add(source.path);
  for (const source of effective.dotenv) paths.add(source.path);
  if (effective.serviceSources) for (const source of allServiceSources(effective.serviceSources)) paths.add(source.path);
  return [...paths];
}

/** The files whose change alters the analysis, existing or not. */
export function watchedPaths(effective: EffectiveConfig): string[] {
  const paths = new Set(sourcePaths(effective));
  for (const problem of effective.assembled.problems) if (problem.resolvedPath) paths.add(problem.resolvedPath);
  for (const candidate of effective.dotenvPaths) paths.add(candidate);
  for (const candidate of effective.serviceSources?.watched ?? []) paths.add(candidate);
  return [...paths];
}

