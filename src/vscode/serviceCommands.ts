import * as vscode from 'vscode';
import { applyCommandsFor, serviceMapExtras } from '../core/sourceMap/serviceSourceMap';
import type { SourceMapExtras } from '../core/sourceMap/sourceMap';
import type { AnalysisCache } from './diagnostics';
import { t } from './localize';
import type { GuardLog } from './log';
import { pathKey } from './sourceCache';

/**
 * A service reads an edited unit, environment file or plist only after a reload and restart: the
 * exact command comes with the fix (`FixProposal.command`) or the agree plan. We never run it on
 * our own: the user is offered a terminal with the command, and only their click runs it there.
 */

export const OFFER_SERVICE_COMMAND = 'openclawGuard.offerServiceCommand';

const TERMINAL_NAME = 'OpenClaw Guard';

/** Opens a visible terminal and runs the commands in it (the user asked for it with a click). */
export function runInTerminal(commands: readonly string[]): vscode.Terminal {
  const terminal = vscode.window.terminals.find((x) => x.name === TERMINAL_NAME && x.exitStatus === undefined) ?? vscode.window.createTerminal({ name: TERMINAL_NAME });
  terminal.show(false);
  for (const command of commands) terminal.sendText(command, true);
  return terminal;
}

/**
 * The notification after a change a service must reload: the command, and a button that runs it in
 * a terminal. The edited files are saved first: the service reads the disk, not the editor.
 */
export async function offerServiceCommands(commands: readonly string[], log: GuardLog, files: readonly string[] = []): Promise<boolean> {
  const unique = [...new Set(commands.filter((c) => c.trim() !== ''))];
  if (unique.length === 0) return false;
  const run = t('Run in terminal');
  const choice = await vscode.window.showInformationMessage(t('The gateway service reads the change after a reload and restart: {0}', unique.join(' ; ')), run);
  if (choice !== run) return false;
  for (const document of vscode.workspace.textDocuments) {
    if (document.isDirty && document.uri.scheme === 'file' && files.some((file) => pathKey(file) === pathKey(document.uri.fsPath))) await document.save();
  }
  log.info(`running in a terminal at the user's request: ${unique.join(' ; ')}`);
  runInTerminal(unique);
  return true;
}

const strings = (value: unknown): string[] => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((c): c is string => typeof c === 'string') : []);

export function registerServiceCommands(log: GuardLog): vscode.Disposable {
  return vscode.commands.registerCommand(OFFER_SERVICE_COMMAND, (command: unknown, files: unknown) => offerServiceCommands(strings(command), log, strings(files)));
}

/** The map's external places, with the commands that make services read files the agree action edited. */
export type ServiceMapPlugin = NonNullable<SourceMapExtras['external']> & { commandsFor: (files: readonly string[]) => string[] };

/** The active analysis' service units, environment files, agents and profiles as places of the map. */
export function activeServiceSources(cache: AnalysisCache, acceptedFingerprint?: () => string | undefined): ServiceMapPlugin | undefined {
  const entry = cache.active();
  const effective = entry?.analysis.effective;
  if (!effective?.serviceSources) return undefined;
  const port = entry?.analysis.model?.port.value;
  const listener = port !== undefined && cache.listeners ? cache.listeners.at(port) : undefined;
  const accepted = acceptedFingerprint?.();
  const extras = serviceMapExtras(effective.serviceSources, {
    configPath: effective.configPath,
    ...(listener ? { listener } : {}),
    ...(accepted ? { acceptedFingerprint: accepted } : {}),
    edit: { home: effective.home, user: process.env.USER ?? process.env.LOGNAME, uid: process.getuid?.() },
  });
  return { ...extras, commandsFor: (files) => applyCommandsFor(files, extras.sources) };
}
