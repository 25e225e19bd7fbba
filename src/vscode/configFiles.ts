import * as path from 'node:path';
import * as vscode from 'vscode';
import { resolveConfigPath } from '../core/hostFacts';
import { readSettings, trustedSetting } from './settings';

const CONFIG_NAMES = new Set(['openclaw.json', 'openclaw.json5']);

/** The config file OpenClaw itself would use here, honouring the machine-scoped override. */
export function resolvedConfigPath(): string {
  const override = trustedSetting<string>('configPath');
  if (override && override.trim() !== '') return override.startsWith('~/') ? path.join(process.env.HOME ?? '', override.slice(2)) : override;
  return resolveConfigPath(process.env).path;
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
