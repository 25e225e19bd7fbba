import * as vscode from 'vscode';
import { neutralizeControls } from '../core/safeText';

/**
 * The extension's log. It takes only text we composed ourselves: callers pass credential sources
 * and fingerprints, never a secret, and never a raw gateway frame (hello-ok can carry a device token).
 * Parts of a line can still come from outside (a URL, a gateway's error code), so control
 * characters are shown escaped.
 */
export class GuardLog implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('OpenClaw Guard', { log: true });
  private readonly lines: string[] = [];

  info(message: string): void {
    const safe = neutralizeControls(message);
    this.remember('info', safe);
    this.channel.info(safe);
  }

  warn(message: string): void {
    const safe = neutralizeControls(message);
    this.remember('warn', safe);
    this.channel.warn(safe);
  }

  error(message: string): void {
    const safe = neutralizeControls(message);
    this.remember('error', safe);
    this.channel.error(safe);
  }

  debug(message: string): void {
    const safe = neutralizeControls(message);
    this.remember('debug', safe);
    this.channel.debug(safe);
  }

  show(): void {
    this.channel.show(true);
  }

  /** What was logged this session, for tests that check no secret ever reached the log. */
  history(): readonly string[] {
    return this.lines;
  }

  private remember(level: string, message: string): void {
    this.lines.push(`${level} ${message}`);
    if (this.lines.length > 500) this.lines.shift();
  }

  dispose(): void {
    this.channel.dispose();
  }
}
