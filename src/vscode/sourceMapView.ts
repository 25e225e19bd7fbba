import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LineIndex } from '../core/configDocument';
import { namingPlaces, shownPath } from '../core/probe/credentialNames';
import { agreeTargets, planAgreement, type AgreePlan } from '../core/sourceMap/agree';
import { agreementName, collectSecretSources, modeName, READER_ORDER, readerName, secretKindName, type Agreement, type SecretSourceEntry, type SecretSourceMap, type SourceMapExtras } from '../core/sourceMap/sourceMap';
import { resolvedConfigPath } from './configFiles';
import type { AnalysisCache, ConfigDiagnostics } from './diagnostics';
import type { GatewayStatus } from './gatewayStatus';
import { render, t } from './localize';
import type { GuardLog } from './log';
import { runInTerminal, type ServiceMapPlugin } from './serviceCommands';
import { pathKey } from './sourceCache';
import { restartGateway } from './statusCommands';

/**
 * "Where does my gateway token live, and who uses which?": the map of the active config's secret
 * places (core/sourceMap) as a tree, grouped by file, each place with its fingerprint, who takes
 * it and whether it agrees with the effective secret; a click opens the place. The one action
 * "Make every source agree with …" writes one WorkspaceEdit over every editable place.
 */

export const VIEW_ID = 'openclawGuard.sourceMap';

type Node =
  | { type: 'effective'; map: SecretSourceMap }
  | { type: 'group'; key: string; label: string; entries: SecretSourceEntry[] }
  | { type: 'entry'; entry: SecretSourceEntry };

/** What a test or another extension may see of one tree item (no secret is ever in one). */
export interface SourceMapItem {
  id: string;
  label: string;
  description: string;
  tooltip: string;
  icon: string;
  contextValue?: string;
  children: SourceMapItem[];
}

export interface AgreeOutcome {
  changed: number;
  files: string[];
  notChanged: number;
  applied: boolean;
}

const ICON: Record<Agreement, vscode.ThemeIcon> = {
  same: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  differs: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
  unset: new vscode.ThemeIcon('circle-slash'),
  unknown: new vscode.ThemeIcon('question'),
};

function readersText(entry: SecretSourceEntry): string {
  const names = READER_ORDER.filter((r) => entry.readers.includes(r)).map((r) => render(readerName(r)));
  return names.length > 0 ? names.join(', ') : t('nobody');
}

export class SourceMapView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private map: SecretSourceMap | undefined;
  /** The commands that make services read what the map's agree action edited (with the map they belong to). */
  private commandsFor: ((files: readonly string[]) => string[]) | undefined;

  constructor(
    private readonly cache: AnalysisCache,
    diagnostics: ConfigDiagnostics,
    private readonly status: GatewayStatus,
    /** Places found outside OpenClaw's files (service units, shell profiles), when a reader for them is registered. */
    private readonly external?: () => ServiceMapPlugin | undefined,
  ) {
    const later = (): void => this.refreshSoon();
    this.disposables.push(
      this.changeEmitter,
      diagnostics.onDidAnalyse(later),
      status.onDidChange(later),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('openclawGuard.language')) later();
      }),
    );
  }

  /** Analyses arrive in bursts (a keystroke, then the files it pulls in): one refresh per burst. */
  private refreshSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), 100);
  }

  refresh(): void {
    clearTimeout(this.timer);
    this.map = undefined;
    this.changeEmitter.fire(undefined);
  }

  /** The map of the active config now (computed once per refresh). */
  current(): SecretSourceMap | undefined {
    if (this.map) return this.map;
    const entry = this.cache.active();
    const model = entry?.analysis.model;
    if (!entry || !model) return undefined;
    // The status item probes the user's own config: what it found accepted belongs to that config only.
    const own = entry.target.configPath !== '' && pathKey(entry.target.configPath) === pathKey(resolvedConfigPath());
    const accepted = own ? this.status.acceptedSecret() : undefined;
    const plugin = this.external?.();
    const external: SourceMapExtras['external'] = plugin ? { sources: plugin.sources, ...(plugin.setValue ? { setValue: plugin.setValue } : {}) } : undefined;
    this.commandsFor = plugin?.commandsFor;
    this.map = collectSecretSources(model, { environment: 'editor', ...(accepted ? { accepted } : {}), ...(external ? { external } : {}) });
    return this.map;
  }

  getChildren(node?: Node): Node[] {
    if (node?.type === 'entry' || node?.type === 'effective') return [];
    if (node?.type === 'group') return node.entries.map((entry) => ({ type: 'entry', entry }));
    const map = this.current();
    const model = this.cache.active()?.analysis.model;
    if (!map || !model) return [];
    const groups = new Map<string, Extract<Node, { type: 'group' }>>();
    const places = namingPlaces(model);
    for (const entry of map.entries) {
      const key = entry.location?.file ?? (entry.kind === 'config' ? 'unset' : entry.kind);
      let label: string;
      if (entry.location) label = shownPath(entry.location.file, entry.kind === 'config' || entry.kind === 'include' || entry.kind === 'env.vars' ? 'config' : 'dotenv', places);
      else if (entry.kind === 'config') label = t('Not set');
      else label = render(entry.label);
      const group = groups.get(key) ?? { type: 'group' as const, key, label, entries: [] };
      group.entries.push(entry);
      groups.set(key, group);
    }
    return [{ type: 'effective', map }, ...groups.values()];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.type === 'effective') {
      const { map } = node;
      const item = new vscode.TreeItem(
        map.effective.fingerprint ? t('Effective {0}: {1}', secretKindName(map.kind), map.effective.fingerprint) : t('Effective {0}: none that can be read here', secretKindName(map.kind)),
        vscode.TreeItemCollapsibleState.None,
      );
      item.id = 'effective';
      item.description = map.effective.label ? `${render(map.effective.label)} · ${render(modeName(map.mode))}` : render(modeName(map.mode));
      item.iconPath = new vscode.ThemeIcon('key');
      item.tooltip = new vscode.MarkdownString(
        map.mode === 'local'
          ? t('The secret the gateway of this config takes (config first, then its environment). Every place below is compared with it.')
          : t('Remote mode: the secret clients on this machine send to the remote gateway (gateway.remote.* first). Every place below is compared with it.'),
      );
      return item;
    }
    if (node.type === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${node.key}`;
      item.iconPath = node.entries[0].location ? vscode.ThemeIcon.File : new vscode.ThemeIcon(node.entries[0].kind === 'process' ? 'terminal' : node.entries[0].kind === 'last-check' ? 'plug' : 'circle-outline');
      if (node.entries[0].location) item.resourceUri = vscode.Uri.file(node.entries[0].location.file);
      item.description = node.entries.length > 1 ? t('{0} places', node.entries.length) : '';
      return item;
    }
    const { entry } = node;
    const item = new vscode.TreeItem(entry.name, vscode.TreeItemCollapsibleState.None);
    item.id = entry.id;
    item.description = `${entry.fingerprint ?? '—'} · ${readersText(entry)}`;
    item.iconPath = ICON[entry.agreement];
    item.contextValue = this.current()?.secretOf(entry.id) !== undefined ? 'sourceWithValue' : 'source';
    item.tooltip = this.tooltip(entry);
    item.command = { command: 'openclawGuard.openSource', title: t('Open'), arguments: [entry.id] };
    item.accessibilityInformation = { label: `${entry.name}, ${render(entry.label)}, ${render(agreementName(entry.agreement))}` };
    return item;
  }

  private tooltip(entry: SecretSourceEntry): vscode.MarkdownString {
    const md = new vscode.MarkdownString();
    const line = (label: string, value: string): void => {
      md.appendMarkdown(`**${label}:** `);
      md.appendText(value);
      md.appendMarkdown('  \n');
    };
    line(t('Where'), render(entry.label));
    line(t('Name'), entry.name);
    line(t('Fingerprint'), entry.fingerprint ?? '—');
    line(t('Read by'), readersText(entry));
    line(t('Agreement'), render(agreementName(entry.agreement)));
    if (entry.note) line(t('Note'), render(entry.note));
    if (!entry.editor && entry.notEditable) line(t('Not edited by the agree action'), render(entry.notEditable));
    return md;
  }

  /** The tree as plain data (tests, and anyone who wants the map without the view). */
  snapshot(): SourceMapItem[] {
    const toItem = (node: Node): SourceMapItem => {
      const item = this.getTreeItem(node);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : 'file';
      const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : (item.tooltip ?? '');
      return { id: item.id ?? '', label, description: typeof item.description === 'string' ? item.description : '', tooltip, icon, ...(item.contextValue ? { contextValue: item.contextValue } : {}), children: this.getChildren(node).map(toItem) };
    };
    return this.getChildren().map(toItem);
  }

  /** Opens the place of a source: its file at the value; a process environment or the running gateway is explained instead. */
  async open(id: string): Promise<void> {
    const entry = this.current()?.entries.find((e) => e.id === id);
    if (!entry) return;
    if (!entry.location) {
      void vscode.window.showInformationMessage(t('{0} is not in a file: {1}', render(entry.label), entry.notEditable ? render(entry.notEditable) : t('nothing to open')));
      return;
    }
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(entry.location.file));
    const range = new vscode.Range(document.positionAt(entry.location.offset), document.positionAt(entry.location.offset + entry.location.length));
    await vscode.window.showTextDocument(document, { selection: range });
  }

  /**
   * Makes every editable place hold one value: the effective secret, or any listed value picked by
   * its fingerprint (or given: an entry id or a fingerprint). One WorkspaceEdit, so one undo.
   */
  async agree(log: GuardLog, target?: string): Promise<AgreeOutcome | undefined> {
    const map = this.current();
    if (!map) {
      void vscode.window.showWarningMessage(t('No OpenClaw config to map: open one, or create {0}.', resolvedConfigPath()));
      return undefined;
    }
    const targets = agreeTargets(map);
    if (targets.length === 0) {
      void vscode.window.showWarningMessage(t('No place holds a {0} that can be read here.', secretKindName(map.kind)));
      return undefined;
    }
    let chosen = target === undefined ? undefined : targets.find((x) => x.id === target || x.fingerprint === target);
    if (target !== undefined && !chosen) {
      // An entry whose value is the same as an earlier one is offered under that one.
      const fp = map.entries.find((e) => e.id === target)?.fingerprint;
      chosen = targets.find((x) => x.fingerprint === fp);
    }
    if (!chosen) {
      const pick = await vscode.window.showQuickPick(
        targets.map((x) => ({ label: x.fingerprint, description: x.effective ? t('effective: {0}', render(x.label)) : render(x.label), target: x })),
        { title: t('Make every source agree with …'), placeHolder: t('The value to write everywhere, by its fingerprint') },
      );
      chosen = pick?.target;
    }
    if (!chosen) return undefined;
    const plan = planAgreement(map, chosen.id);
    if (!plan) return undefined;
    const edit = await this.workspaceEdit(plan);
    if (typeof edit === 'string') {
      void vscode.window.showWarningMessage(edit);
      return { changed: 0, files: [], notChanged: plan.notChanged.length, applied: false };
    }
    const files = [...new Set(plan.edits.map((e) => e.file ?? ''))];
    const applied = plan.edits.length === 0 ? true : await vscode.workspace.applyEdit(edit);
    log.info(`agree with ${chosen.fingerprint}: ${plan.changed.length} place(s) in ${files.length} file(s), ${plan.notChanged.length} left (${applied ? 'applied' : 'not applied'})`);
    if (applied) void this.report(plan, chosen.fingerprint, log, applied && plan.edits.length > 0 ? (this.commandsFor?.(files) ?? []) : []);
    this.refresh();
    return { changed: applied ? plan.changed.length : 0, files, notChanged: plan.notChanged.length, applied };
  }

  /** The plan as one WorkspaceEdit, checked against the text each file holds now; a string says why not. */
  private async workspaceEdit(plan: AgreePlan): Promise<vscode.WorkspaceEdit | string> {
    const edit = new vscode.WorkspaceEdit();
    const metadata: vscode.WorkspaceEditEntryMetadata = { label: t('Make every source agree'), needsConfirmation: false };
    for (const [file, edits] of groupByFile(plan)) {
      const uri = vscode.Uri.file(file);
      const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && pathKey(d.uri.fsPath) === pathKey(file));
      let text: string;
      try {
        text = open ? open.getText() : await readFile(file, 'utf8');
      } catch {
        return t('{0} cannot be read; nothing was changed.', file);
      }
      const basis = plan.basis.get(file);
      if (basis !== undefined && basis !== text) return t('{0} changed since the map was made; nothing was changed. Try again.', path.basename(file));
      const lines = new LineIndex(text);
      for (const e of edits) {
        const r = lines.rangeOf(e.offset, e.length);
        edit.replace(uri, new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character), e.newText, metadata);
      }
    }
    return edit;
  }

  private async report(plan: AgreePlan, fp: string, log: GuardLog, serviceCommands: readonly string[]): Promise<void> {
    const parts = [plan.changed.length > 0 ? t('Set {0} place(s) to {1}; save the changed files for OpenClaw to read them.', plan.changed.length, fp) : t('Every editable place already holds {0}.', fp)];
    for (const left of plan.notChanged) parts.push(t('Not changed: {0} ({1}): {2}.', left.entry.name, render(left.entry.label), render(left.reason)));
    for (const next of plan.afterwards) parts.push(render(next));
    const restart = plan.afterwards.some((m) => m.text.includes('openclaw gateway restart'));
    const save = t('Save all');
    const restartLabel = t('Restart the gateway');
    const runLabel = t('Run in terminal');
    // A service reads its edited files only after the exact reload and restart named here.
    if (serviceCommands.length > 0) parts.push(t('The gateway service reads the change after a reload and restart: {0}', serviceCommands.join(' ; ')));
    const buttons = [...(plan.changed.length > 0 ? [save] : []), ...(restart ? [restartLabel] : []), ...(serviceCommands.length > 0 ? [runLabel] : [])];
    const choice = await vscode.window.showInformationMessage(parts.join(' '), ...buttons);
    if (choice === save) await vscode.workspace.saveAll(false);
    if (choice === restartLabel) await restartGateway(log);
    if (choice === runLabel) {
      // The files must be on disk before the service reads them.
      await vscode.workspace.saveAll(false);
      log.info(`running in a terminal at the user's request: ${serviceCommands.join(' ; ')}`);
      runInTerminal(serviceCommands);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

function groupByFile(plan: AgreePlan): Map<string, AgreePlan['edits']> {
  const out = new Map<string, AgreePlan['edits']>();
  for (const edit of plan.edits) {
    if (!edit.file) continue;
    const list = out.get(edit.file) ?? [];
    list.push(edit);
    out.set(edit.file, list);
  }
  return out;
}

export function registerSourceMap(view: SourceMapView, log: GuardLog): vscode.Disposable {
  const tree = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: view, showCollapseAll: true });
  return vscode.Disposable.from(
    tree,
    view,
    vscode.commands.registerCommand('openclawGuard.showSourceMap', () => vscode.commands.executeCommand(`${VIEW_ID}.focus`)),
    vscode.commands.registerCommand('openclawGuard.refreshSourceMap', () => view.refresh()),
    vscode.commands.registerCommand('openclawGuard.openSource', (id: unknown) => (typeof id === 'string' ? view.open(id) : undefined)),
    // From the view title: pick the value; from an item: that item's value; from a test: an id or a fingerprint.
    vscode.commands.registerCommand('openclawGuard.makeSourcesAgree', (arg: unknown) => {
      const target = typeof arg === 'string' ? arg : isEntryNode(arg) ? arg.entry.id : undefined;
      return view.agree(log, target);
    }),
  );
}

function isEntryNode(value: unknown): value is { type: 'entry'; entry: SecretSourceEntry } {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'entry';
}
