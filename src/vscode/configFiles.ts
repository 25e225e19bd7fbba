import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseConfigDocument, type ConfigDocument } from '../core/configDocument';
import { assembleEffectiveConfig, watchedPaths } from '../core/effective/effectiveConfig';
import { buildGatewayModel, type GatewayModel } from '../core/gatewayModel';
import { runWithSources, SourceCache } from '../core/sourceCache';
import { detectContainer, detectNetworkFacts, openclawHome, resolveConfigPath, type NetworkFacts } from '../core/hostFacts';
import { configMetaVersion } from '../core/version/openclawVersion';
import { t } from './localize';
import { configPathOverride, readSettings, SECTION } from './settings';

const CONFIG_NAMES = new Set(['openclaw.json', 'openclaw.json5']);

/**
 * Facts about this host that cost file system calls (where the config is, whether OpenClaw would
 * think it runs in a container), computed once and forgotten only when a setting or the
 * workspace trust changes: a keystroke must never stat the disk.
 */
class HostFacts {
  private configPath: string | undefined;
  private container: boolean | undefined;
  private network: NetworkFacts | undefined;

  resolvedConfigPath(): string {
    if (this.configPath === undefined) {
      const override = configPathOverride();
      this.configPath = override ? (override.startsWith('~/') ? path.join(process.env.HOME ?? '', override.slice(2)) : override) : resolveConfigPath(process.env).path;
    }
    return this.configPath;
  }

  inContainer(): boolean {
    this.container ??= detectContainer(process.env);
    return this.container;
  }

  networkFacts(): NetworkFacts {
    this.network ??= detectNetworkFacts(process.env);
    return this.network;
  }

  forgetConfigPath(): void {
    this.configPath = undefined;
  }
}

const facts = new HostFacts();

export function registerHostFacts(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.configPath`)) facts.forgetConfigPath();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => facts.forgetConfigPath()),
  );
}

/** The config file OpenClaw itself would use here, honouring the machine-scoped override. */
export function resolvedConfigPath(): string {
  return facts.resolvedConfigPath();
}

export function hostInContainer(): boolean {
  return facts.inContainer();
}

/** The machine's Tailscale binary and interface addresses (the gateway runs here too, as far as the editor knows). */
export function hostNetwork(): NetworkFacts {
  return facts.networkFacts();
}

/** The one way the extension turns config text into the engine's model (status, commands). */
export function loadModel(text: string): { doc: ConfigDocument; model?: GatewayModel } {
  const doc = parseConfigDocument(text);
  return { doc, model: doc.root ? buildGatewayModel(doc, { env: process.env, inContainer: hostInContainer() }) : undefined };
}

/** True for documents OpenClaw Guard checks: any openclaw.json(5), the resolved config, extra globs. */
export function isOpenClawConfig(document: vscode.TextDocument): boolean {
  if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled' && document.uri.scheme !== 'vscode-remote') return false;
  const base = path.basename(document.uri.path);
  if (CONFIG_NAMES.has(base)) return true;
  if (document.uri.scheme === 'file' && path.resolve(document.uri.fsPath) === path.resolve(resolvedConfigPath())) return true;
  const extra = readSettings(document.uri).extraFiles;
  return extra.some((pattern) => vscode.languages.match({ pattern }, document) > 0);
}

/** Watches one file on disk, also when it is not open: the gateway reads the file, not the editor. */
export function watchFile(file: string, onChange: () => void): vscode.Disposable {
  const uri = vscode.Uri.file(file);
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), path.basename(file)));
  return vscode.Disposable.from(watcher, watcher.onDidChange(onChange), watcher.onDidCreate(onChange), watcher.onDidDelete(onChange));
}

export interface UserConfig {
  path: string;
  model?: GatewayModel;
  /** Why there is no model: no file there, or it does not parse. */
  problem?: string;
  /** Every file whose change alters the model (includes, .env files, existing or not). */
  sources?: string[];
  /** meta.lastTouchedVersion: the OpenClaw release that last wrote the file. */
  configMeta?: string;
}

/** The user's own OpenClaw config as the gateway reads it: from disk, not from an editor buffer. */
export async function readUserConfig(): Promise<UserConfig> {
  const file = resolvedConfigPath();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { path: file, problem: t('No OpenClaw config at {0}', file) };
  }
  const doc = parseConfigDocument(text);
  if (!doc.root) return { path: file, problem: t('{0} does not parse; fix the syntax errors first', file) };
  // The gateway's settings as OpenClaw assembles them: includes, .env files, env.vars, with this
  // editor's environment for both sides. The files are read asynchronously, as the diagnostics
  // read them: the extension host never blocks on the disk for a status check.
  const { result: effective } = await runWithSources(new SourceCache(), (reader) =>
    assembleEffectiveConfig({ doc, configPath: file, clientEnv: process.env, reader, home: openclawHome(process.env), uid: process.getuid?.() }),
  );
  return { path: file, model: buildGatewayModel(doc, { env: process.env, inContainer: hostInContainer(), effective }), sources: watchedPaths(effective), configMeta: configMetaVersion(doc.root) };
}
