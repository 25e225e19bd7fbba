import type * as vscode from 'vscode';
import type { ProbeResult } from './core/probe/probeGateway';
import { registerCodeActions } from './vscode/codeActions';
import { registerHostFacts } from './vscode/configFiles';
import { AnalysisCache, ConfigDiagnostics } from './vscode/diagnostics';
import type { ResolvedOpenclawVersion } from './core/version/openclawVersion';
import { registerOpenclawVersion, registerVersionLanguageStatus } from './vscode/openclawVersion';
import { GatewayStatus, type StatusSnapshot } from './vscode/gatewayStatus';
import { registerJson5LanguageSwitch } from './vscode/json5Language';
import { registerMessageLanguage } from './vscode/localize';
import { GuardLog } from './vscode/log';
import { ListenerFacts } from './vscode/portListenerFacts';
import { activeServiceSources, registerServiceCommands } from './vscode/serviceCommands';
import { EditorSources } from './vscode/sourceCache';
import { registerSourceMap, SourceMapView, type AgreeOutcome, type SourceMapItem } from './vscode/sourceMapView';
import { registerStatusCommands } from './vscode/statusCommands';
import { registerTokenCommands } from './vscode/tokenCommands';

/** What the extension exports, for tests and for other extensions. Never a secret. */
export interface OpenClawGuardApi {
  onDidPublishDiagnostics: vscode.Event<vscode.Uri>;
  onDidChangeStatus: vscode.Event<StatusSnapshot>;
  status(): StatusSnapshot;
  checkGatewayNow(): Promise<ProbeResult | undefined>;
  logHistory(): readonly string[];
  /** The OpenClaw release the status tooltip names, and its source. */
  openclawVersion(): ResolvedOpenclawVersion;
  /** The "where the token lives" tree as shown (fingerprints only). */
  sourceMap(): SourceMapItem[];
  /** "Make every source agree with …" with a target given (an entry id or a fingerprint) or picked. */
  makeSourcesAgree(target?: string): Promise<AgreeOutcome | undefined>;
  /** Time spent in activate(), in milliseconds. */
  activationMs: number;
}

export function activate(context: vscode.ExtensionContext): OpenClawGuardApi {
  const started = performance.now();
  // First, so every message below is already in the user's language.
  context.subscriptions.push(registerMessageLanguage(context));
  context.subscriptions.push(registerHostFacts());
  const { version = '0.0.0' } = context.extension.packageJSON as { version?: string };
  const log = new GuardLog();
  const sources = new EditorSources();
  const listeners = new ListenerFacts();
  const cache = new AnalysisCache(sources, listeners);
  const diagnostics = new ConfigDiagnostics(cache, sources);
  const status = new GatewayStatus(log, version);
  const sourceMap = new SourceMapView(cache, diagnostics, status, () => activeServiceSources(cache, () => status.acceptedSecret()?.fingerprint));
  context.subscriptions.push(log);
  context.subscriptions.push(sources);
  context.subscriptions.push(listeners);
  // A gateway that started or stopped changes what the service rules say; the status check notices first.
  context.subscriptions.push(status.onDidChange(() => listeners.refreshSoon()));
  context.subscriptions.push(listeners.onDidChange(() => diagnostics.revalidateAll()));
  context.subscriptions.push(diagnostics);
  context.subscriptions.push(registerJson5LanguageSwitch(cache));
  context.subscriptions.push(registerCodeActions(cache, sources));
  context.subscriptions.push(status);
  context.subscriptions.push(registerOpenclawVersion(() => diagnostics.revalidateAll()));
  context.subscriptions.push(registerVersionLanguageStatus(() => status.openclawVersion(), status.onDidChange));
  context.subscriptions.push(registerStatusCommands(status, log));
  context.subscriptions.push(registerTokenCommands(log));
  context.subscriptions.push(registerSourceMap(sourceMap, log));
  context.subscriptions.push(registerServiceCommands(log));
  return {
    onDidPublishDiagnostics: diagnostics.onDidPublish,
    onDidChangeStatus: status.onDidChange,
    status: () => status.status(),
    checkGatewayNow: () => status.check('api'),
    logHistory: () => log.history(),
    openclawVersion: () => status.openclawVersion(),
    sourceMap: () => sourceMap.snapshot(),
    makeSourcesAgree: (target) => sourceMap.agree(log, target),
    activationMs: Math.round((performance.now() - started) * 10) / 10,
  };
}

export function deactivate(): void {
  // Every resource is in context.subscriptions; VS Code disposes them.
}
