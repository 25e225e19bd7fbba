import * as vscode from 'vscode';

/**
 * The extension's log. It takes only text we composed ourselves: callers pass credential sources
 * and fingerprints, never a secret, and never a raw gateway frame (hello-ok can carry a device token).
 */
export class GuardLog implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('OpenClaw Guard', { log: true });
  private readonly lines: string[] = [];

  info(message: string): void {
    this.remember('info', message);
    this.channel.info(message);
  }

  warn(message: string): void {
    this.remember('warn', message);
    this.channel.warn(message);
  }

  error(message: string): void {
    this.remember('error', message);
    this.channel.error(message);
  }

  debug(message: string): void {
    this.remember('debug', message);
    this.channel.debug(message);
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
