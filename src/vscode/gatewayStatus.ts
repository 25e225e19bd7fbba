import * as vscode from 'vscode';
import type { GatewayModel } from '../core/gatewayModel';
import { render, t } from './localize';
import { AttemptBudget } from '../core/probe/attemptBudget';
import { gatewayChange, rememberGateway, type SeenGateway } from '../core/probe/gatewayIdentity';
import { diagnoseConfiguredGateway, probeConfiguredGateway, type ConfiguredGatewayCheck } from '../core/probe/configuredGateway';
import type { Diagnosis } from '../core/probe/diagnose';
import { acceptedFromDiagnosis, type AcceptedSecret } from '../core/sourceMap/sourceMap';
import type { ProbeResult } from '../core/probe/probeGateway';
import { resolveProbeTarget, TRUSTED_POLICY } from '../core/probe/probeTarget';
import { redactUrl } from '../core/probe/redactUrl';
import { nextCheckDelayMs } from '../core/probe/statusSchedule';
import { resolveOpenclawVersion, type ResolvedOpenclawVersion } from '../core/version/openclawVersion';
import { openclawVersionFacts } from './openclawVersion';
import { readUserConfig, resolvedConfigPath, watchFile, type UserConfig } from './configFiles';
import type { GuardLog } from './log';
import { readStatusSettings, SECTION } from './settings';
import { shortLabel, statusBackground, statusText, statusTooltip, type StatusSnapshot } from './statusPresentation';

export type { StatusSnapshot, StatusState } from './statusPresentation';

/**
 * The status bar item: whether the running gateway accepts the configured token right now, and
 * if not, why and what to do. Checks at start-up, on config changes, on demand, and slowly while
 * the gateway is away; never again on its own after a rejection.
 */
export class GatewayStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('openclawGuard.gatewayStatus', vscode.StatusBarAlignment.Left, 10);
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changeEmitter = new vscode.EventEmitter<StatusSnapshot>();
  readonly onDidChange = this.changeEmitter.event;
  private snapshot: StatusSnapshot = { state: 'checking', code: null, target: null, credentialSource: null, checkedAt: null };
  private last?: ProbeResult;
  /** What the running gateway accepted at the last check or diagnosis (a fingerprint, never the value). */
  private accepted?: AcceptedSecret;
  private lastLoaded?: UserConfig;
  private timer: NodeJS.Timeout | undefined;
  private streak = 0;
  private running: Promise<ProbeResult | undefined> | undefined;
  private again = false;
  private watcher: vscode.Disposable | undefined;
  private watchedPath: string | undefined;
  private disposed = false;
  /** Who answered the last authorized probe, and the latest change of who answers (shown until the target changes). */
  private seen?: SeenGateway;
  private changeNote?: { target: string; text: string };
  /** Failed attempts per gateway and minute: in memory, and in the file the CLI uses too. */
  private readonly budget = AttemptBudget.shared(process.env);

  constructor(
    private readonly log: GuardLog,
    private readonly clientVersion: string,
  ) {
    this.item.name = t('OpenClaw Gateway Status');
    this.item.command = 'openclawGuard.statusMenu';
    this.disposables.push(
      this.item,
      this.changeEmitter,
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (document.uri.scheme === 'file' && document.uri.fsPath === resolvedConfigPath()) this.configChanged('saved');
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) {
          this.watchConfig();
          this.configChanged('settings changed');
        }
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.configChanged('workspace trusted')),
    );
    this.render();
    this.watchConfig();
    if (this.enabled()) void this.check('start-up');
  }

  /** The OpenClaw release the tooltip names, and where it came from. */
  openclawVersion(): ResolvedOpenclawVersion {
    return resolveOpenclawVersion({ ...openclawVersionFacts.facts(), configMeta: this.lastLoaded?.configMeta });
  }

  status(): StatusSnapshot {
    return { ...this.snapshot };
  }

  lastResult(): ProbeResult | undefined {
    return this.last;
  }

  /** The secret the running gateway of the user's config accepted, as far as the last check or diagnosis knows. */
  acceptedSecret(): AcceptedSecret | undefined {
    return this.accepted ? { ...this.accepted } : undefined;
  }

  private enabled(): boolean {
    return readStatusSettings().enabled;
  }

  /**
   * Watches the config file on disk even when it is not open (the gateway reads the file, not the
   * editor), and every file it is assembled from: an include or a .env line changes the secret too.
   */
  private watchConfig(sources: readonly string[] = []): void {
    const paths = [...new Set([resolvedConfigPath(), ...sources])].sort();
    const key = paths.join('\n');
    if (key === this.watchedPath) return;
    this.watcher?.dispose();
    this.watchedPath = key;
    this.watcher = vscode.Disposable.from(...paths.map((file) => watchFile(file, () => this.configChanged('config source changed'))));
  }

  private configChanged(reason: string): void {
    this.streak = 0;
    if (this.enabled()) void this.check(reason);
    else this.render();
  }

  private configuredCheck(model: GatewayModel): ConfiguredGatewayCheck {
    const { urlOverride, allowInsecureRemote } = readStatusSettings();
    // The item only ever reads the user's own config (resolvedConfigPath, a machine-scoped
    // setting), and the URL override is machine-scoped too: both are the user's choice.
    return { model, env: process.env, target: { urlOverride, allowInsecureRemote, policy: TRUSTED_POLICY }, clientVersion: this.clientVersion, budget: this.budget };
  }

  /** Runs one check now (or joins the one in flight and runs once more after it). */
  check(reason: string): Promise<ProbeResult | undefined> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    clearTimeout(this.timer);
    this.running = this.runCheck(reason).finally(() => {
      this.running = undefined;
      if (this.again && !this.disposed) {
        this.again = false;
        void this.check('queued');
      }
    });
    return this.running;
  }

  private async runCheck(reason: string): Promise<ProbeResult | undefined> {
    this.setSnapshot({ ...this.snapshot, state: 'checking' });
    const loaded = await readUserConfig();
    this.lastLoaded = loaded;
    if (!this.disposed) this.watchConfig(loaded.sources);
    if (!loaded.model) {
      this.last = undefined;
      this.accepted = undefined;
      this.log.info(`status: ${loaded.problem ?? 'no config'} (${reason})`);
      this.setSnapshot({ state: 'no-config', code: null, target: null, credentialSource: null, checkedAt: Date.now() });
      return undefined;
    }
    const { probe: result } = await probeConfiguredGateway(this.configuredCheck(loaded.model));
    if (this.disposed) return result;
    this.last = result;
    this.noticeGatewayChange(result);
    openclawVersionFacts.noteGateway(result.gatewayVersion, result.server?.buildId ?? null);
    // Only an acceptance says which secret the gateway runs with; after anything else it is not known (a diagnosis may tell).
    this.accepted = result.state === 'authorized' && result.credentialFingerprint ? { fingerprint: result.credentialFingerprint, target: result.target, source: result.credentialSource } : undefined;
    const waiting = result.state === 'offline' || result.state === 'starting' || result.state === 'unreachable';
    this.streak = waiting ? this.streak + 1 : 0;
    const fp = result.credentialFingerprint ? ` (${result.credentialFingerprint})` : '';
    const line = `probe ${result.target} via ${result.credentialSource ?? 'no credential'}${fp} -> ${result.state}${result.code ? ' ' + result.code : ''} in ${result.latencyMs} ms [${reason}]`;
    if (result.state === 'authorized') this.log.info(line);
    else if (result.state === 'rejected' || result.state === 'error' || result.state === 'refused-insecure' || result.state === 'device-identity-required' || result.state === 'origin-not-allowed') this.log.warn(line);
    else this.log.info(line);
    this.setSnapshot({ state: result.state, code: result.code, target: result.target, credentialSource: result.credentialSource, checkedAt: Date.now() });
    this.scheduleNext(result);
    return result;
  }

  /** "A different gateway answered": logged once per change, kept in the tooltip; information, never an error. */
  private noticeGatewayChange(result: ProbeResult): void {
    const change = gatewayChange(this.seen, result);
    this.seen = rememberGateway(this.seen, result);
    if (change) {
      const text = render(change.message);
      this.changeNote = { target: result.target, text: `${text} (${new Date().toLocaleTimeString()})` };
      this.log.info(`gateway changed at ${result.target}: ${change.changed.join(', ')}: ${render(change.message)}`);
    } else if (this.changeNote && this.changeNote.target !== result.target) {
      this.changeNote = undefined;
    }
  }

  private scheduleNext(result: ProbeResult): void {
    clearTimeout(this.timer);
    const { pollSeconds } = readStatusSettings();
    const delay = nextCheckDelayMs({ state: result.state, streak: Math.max(1, this.streak), pollSeconds, retryAfterMs: result.retryAfterMs });
    if (delay === undefined) {
      this.log.info(t('Automatic checks paused after "{0}": they resume when the config or the settings change, or on "Check Gateway Now".', result.state));
      return;
    }
    this.timer = setTimeout(() => void this.check('poll'), delay);
  }

  private setSnapshot(next: StatusSnapshot): void {
    this.snapshot = next;
    this.render();
    this.changeEmitter.fire(this.status());
  }

  private render(): void {
    if (!this.enabled()) {
      this.item.hide();
      return;
    }
    const state = this.snapshot.state;
    this.item.text = statusText(state);
    this.item.backgroundColor = statusBackground(state);
    const note = this.changeNote && this.changeNote.target === this.last?.target ? this.changeNote.text : undefined;
    this.item.tooltip = statusTooltip(this.snapshot, this.last, this.lastLoaded?.problem, note, this.openclawVersion());
    this.item.accessibilityInformation = { label: shortLabel(state) };
    this.item.show();
  }

  /** Pinpoint diagnosis: which of the user's secrets does the running gateway accept? */
  async diagnose(): Promise<Diagnosis | undefined> {
    const loaded = await readUserConfig();
    if (!loaded.model) {
      void vscode.window.showWarningMessage(loaded.problem ?? t('No OpenClaw config found.'));
      return undefined;
    }
    const check = this.configuredCheck(loaded.model);
    const target = resolveProbeTarget(loaded.model, process.env, check.target);
    const first = this.last?.target === redactUrl(target.url) ? this.last : await this.check('diagnose');
    if (!first) return undefined;
    const diagnosis = await diagnoseConfiguredGateway(check, first);
    const accepted = acceptedFromDiagnosis(loaded.model, diagnosis, redactUrl(target.url));
    if (accepted && !this.disposed) {
      this.accepted = accepted;
      this.changeEmitter.fire(this.status());
    }
    this.log.info(`diagnose ${redactUrl(target.url)}: accepted=${diagnosis.accepted ?? 'none'} verdict=${diagnosis.verdict} tried=${diagnosis.tried.map((x) => `${x.source}:${x.state}${x.code ? '/' + x.code : ''}`).join(', ')}`);
    return diagnosis;
  }

  /** Where in the config the current state points: the credential that was sent, else gateway. */
  configLocation(): { path: string; keyPath: string[] } {
    const source = this.last?.credentialSource ?? undefined;
    const keyPath = source?.startsWith('gateway.') ? source.split('.') : ['gateway'];
    return { path: resolvedConfigPath(), keyPath };
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.watcher?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

