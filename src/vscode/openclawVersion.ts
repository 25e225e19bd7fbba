import * as vscode from 'vscode';
import { findInstalledOpenclaw, type InstalledOpenclaw } from '../core/version/installedOpenclaw';
import type { ResolvedOpenclawVersion, VersionFacts } from '../core/version/openclawVersion';
import { versionMismatchText, versionSourceText } from '../core/version/versionText';
import { render, t } from './localize';
import { SECTION } from './settings';

/**
 * What the editor knows about the OpenClaw release in use, cheapest first: the setting (free),
 * the installed CLI on the editor's PATH (one file read, once), and the running gateway (learnt by
 * the status check's hello-ok, never asked for this alone). The config's meta.lastTouchedVersion
 * is added by the engine itself.
 */
class VersionFactsStore {
  private installed: InstalledOpenclaw | undefined | null = null;
  private gateway: { version: string; buildId: string | null } | undefined;
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when the running gateway turns out to be another release (the findings may read differently). */
  readonly onDidChange = this.emitter.event;

  facts(): VersionFacts {
    const setting = vscode.workspace.getConfiguration(SECTION).get<string>('openclawVersion', '').trim();
    if (this.installed === null) this.installed = findInstalledOpenclaw(process.env);
    return {
      ...(setting ? { setting } : {}),
      ...(this.installed ? { cliInstall: { version: this.installed.version, path: this.installed.path } } : {}),
      ...(this.gateway ? { gateway: this.gateway } : {}),
    };
  }

  noteGateway(version: string | null, buildId: string | null): void {
    // A gateway that stopped answering keeps the release it last had: it comes back as the same service.
    if (version === null || (this.gateway?.version === version && this.gateway.buildId === buildId)) return;
    this.gateway = { version, buildId };
    this.emitter.fire();
  }

  /** After a setting change the PATH lookup is repeated (the user may just have installed or updated OpenClaw). */
  forgetInstall(): void {
    this.installed = null;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

export const openclawVersionFacts = new VersionFactsStore();

/** Re-reads the installed CLI on settings changes; re-validates open configs when the gateway's release changes. */
export function registerOpenclawVersion(revalidate: () => void): vscode.Disposable {
  return vscode.Disposable.from(
    openclawVersionFacts,
    openclawVersionFacts.onDidChange(revalidate),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) openclawVersionFacts.forgetInstall();
    }),
  );
}

/**
 * A language status item next to OpenClaw configs: the release the findings describe, where it
 * came from, and a warning when the running gateway and the installed CLI differ.
 */
export function registerVersionLanguageStatus(resolve: () => ResolvedOpenclawVersion, onDidChange: vscode.Event<unknown>): vscode.Disposable {
  const selector: vscode.DocumentSelector = [{ pattern: '**/openclaw.json' }, { pattern: '**/openclaw.json5' }];
  const item = vscode.languages.createLanguageStatusItem('openclawGuard.openclawVersion', selector);
  item.name = t('OpenClaw release');
  const update = (): void => {
    const resolved = resolve();
    item.text = resolved.version ? t('OpenClaw {0}', resolved.version) : t('OpenClaw release unknown');
    const mismatch = versionMismatchText(resolved);
    item.detail = mismatch ? render(mismatch) : render(versionSourceText(resolved.source, resolved.detail));
    item.severity = mismatch ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    item.command = { title: t('Settings'), command: 'workbench.action.openSettings', arguments: [`${SECTION}.openclawVersion`] };
  };
  update();
  return vscode.Disposable.from(item, onDidChange(update), openclawVersionFacts.onDidChange(update), vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(SECTION) && update()));
}
