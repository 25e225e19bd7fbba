import type * as vscode from 'vscode';
import type { ProbeResult } from './core/probe/probeGateway';
import { registerCodeActions } from './vscode/codeActions';
import { EditorSchema, registerSchemaAssist, registerSchemaFollowsRelease, registerSchemaStatus } from './vscode/configSchema';
import { registerHostFacts } from './vscode/configFiles';
import { AnalysisCache, ConfigDiagnostics, useSchemaSource } from './vscode/diagnostics';
import type { ResolvedOpenclawVersion } from './core/version/openclawVersion';
import { openclawVersionFacts, registerOpenclawVersion, registerVersionLanguageStatus } from './vscode/openclawVersion';
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
  /** Which schema judges OpenClaw configs (version, bundled or generated from an install). */
  schema(): { version: string; origin: 'bundled' | 'install'; from?: string; wanted?: { version: string; state: string } };
  /** Tells the editor which OpenClaw is in use (the version resolver's result). */
  setOpenClaw(inUse: { version?: string; packageDir?: string } | undefined): void;
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
  const schema = new EditorSchema();
  context.subscriptions.push(schema, useSchemaSource(() => schema.active().tree));
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
  // A release's own key tree became ready (or the release in use changed): judge the files again.
  context.subscriptions.push(schema.onDidChange(() => diagnostics.revalidateAll()));
  context.subscriptions.push(registerSchemaAssist(schema));
  context.subscriptions.push(registerSchemaStatus(schema));
  context.subscriptions.push(status);
  context.subscriptions.push(registerOpenclawVersion(() => diagnostics.revalidateAll()));
  context.subscriptions.push(registerVersionLanguageStatus(() => status.openclawVersion(), status.onDidChange));
  // After registerOpenclawVersion: a settings change has already made it look for the CLI again.
  context.subscriptions.push(registerSchemaFollowsRelease(schema, () => status.openclawVersion(), status.onDidChange, openclawVersionFacts.onDidChange));
  context.subscriptions.push(registerStatusCommands(status, log));
  context.subscriptions.push(registerTokenCommands(log));
  context.subscriptions.push(registerSourceMap(sourceMap, log));
  context.subscriptions.push(registerServiceCommands(log));
  return {
    onDidPublishDiagnostics: diagnostics.onDidPublish,
    onDidChangeStatus: status.onDidChange,
    status: () => status.status(),
    schema: () => {
      const active = schema.active();
      return { version: active.version, origin: active.origin, from: active.from, wanted: active.wanted };
    },
    setOpenClaw: (inUse) => schema.setOpenClaw(inUse),
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
