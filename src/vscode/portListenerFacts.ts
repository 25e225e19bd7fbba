import * as vscode from 'vscode';
import { detectPortListener, type PortListener } from '../core/portListener';

/**
 * Who listens on the gateway's port (the running-gateway fact the service rules compare file
 * times with), for the editor. Finding the listener scans /proc, so the engine never asks the
 * machine: it gets the last answer from memory. The answer is refreshed on a slow timer, after
 * the gateway status check, and soon after a port is asked about for the first time; a changed
 * answer analyses the configs again.
 */

/** Slow enough that a scan of /proc never shows, quick enough that a restart is noticed. */
const REFRESH_MS = 30_000;
/** A burst of status changes scans once. */
const MIN_GAP_MS = 2_000;

export class ListenerFacts implements vscode.Disposable {
  private readonly facts = new Map<number, PortListener>();
  private readonly ports = new Set<number>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** The answer for some port changed. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly interval: NodeJS.Timeout;
  private soon: NodeJS.Timeout | undefined;
  private lastScan = 0;

  constructor(private readonly detect: (port: number) => PortListener = (port) => detectPortListener(port)) {
    this.interval = setInterval(() => this.refresh(), REFRESH_MS);
  }

  /** The last known fact for a port; `unknown` until it was looked at (the rules that need it stay quiet then). */
  at(port: number): PortListener {
    const known = this.facts.get(port);
    if (!this.ports.has(port)) {
      this.ports.add(port);
      this.refreshSoon();
    }
    return known ?? { port, state: 'unknown' };
  }

  /** Looks again soon (the status check saw the gateway change), at most once per burst. */
  refreshSoon(): void {
    if (this.soon) return;
    const wait = Math.max(0, this.lastScan + MIN_GAP_MS - Date.now());
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.refresh();
    }, wait);
  }

  private refresh(): void {
    this.lastScan = Date.now();
    let changed = false;
    for (const port of this.ports) {
      const fact = this.detect(port);
      if (JSON.stringify(fact) !== JSON.stringify(this.facts.get(port))) changed = true;
      this.facts.set(port, fact);
    }
    if (changed) this.changeEmitter.fire();
  }

  dispose(): void {
    clearInterval(this.interval);
    clearTimeout(this.soon);
    this.changeEmitter.dispose();
  }
}
