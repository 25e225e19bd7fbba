import * as vscode from 'vscode';
import { isRuleCode } from '../core/rules/ruleTable';
import { SEVERITY_SETTINGS, type SeveritySetting } from '../core/rules/ruleTypes';

/** Every setting the extension reads is read here (names match package.json). */
export const SECTION = 'openclawGuard';

export interface GuardSettings {
  severities: Record<string, SeveritySetting>;
  extraFiles: string[];
  debounceMs: number;
  switchJson5Language: boolean;
}

export function readSettings(scope?: vscode.ConfigurationScope): GuardSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const rules = config.get<Record<string, unknown>>('rules', {});
  const severities: Record<string, SeveritySetting> = {};
  for (const [code, value] of Object.entries(rules ?? {})) {
    if (isRuleCode(code) && SEVERITY_SETTINGS.includes(value as SeveritySetting)) severities[code] = value as SeveritySetting;
  }
  const extra = config.get<unknown>('files', []);
  return {
    severities,
    extraFiles: Array.isArray(extra) ? extra.filter((g): g is string => typeof g === 'string') : [],
    debounceMs: Math.max(0, Math.min(5000, config.get<number>('validation.debounceMs', 250))),
    switchJson5Language: config.get<boolean>('json5.switchLanguage', true),
  };
}

export interface StatusSettings {
  enabled: boolean;
  pollSeconds: number;
  /** The user's gateway URL override (machine scope; only the user's own value in an untrusted workspace). */
  urlOverride?: string;
  allowInsecureRemote: boolean;
}

export function readStatusSettings(): StatusSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const url = trustedSetting<string>('gateway.url');
  return {
    enabled: config.get<boolean>('status.enabled', true),
    pollSeconds: config.get<number>('status.pollIntervalSeconds', 60),
    urlOverride: url && url.trim() !== '' ? url.trim() : undefined,
    allowInsecureRemote: trustedSetting<boolean>('gateway.allowInsecureRemote') === true,
  };
}

export function hideStatusItem(): Thenable<void> {
  return vscode.workspace.getConfiguration(SECTION).update('status.enabled', false, vscode.ConfigurationTarget.Global);
}

export function readLanguageSetting(): string {
  return vscode.workspace.getConfiguration(SECTION).get<string>('language', 'auto');
}

/** The user's config path override (machine scope, trusted values only). */
export function configPathOverride(): string | undefined {
  const value = trustedSetting<string>('configPath');
  return value && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * The config path and gateway URL override decide which file is read and where a secret is sent:
 * they are machine-scoped, and in an untrusted workspace only the user's own value counts.
 */
function trustedSetting<T>(key: string): T | undefined {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<T>(key);
  if (!inspected) return undefined;
  if (vscode.workspace.isTrusted) {
    return inspected.workspaceFolderValue ?? inspected.workspaceValue ?? inspected.globalValue;
  }
  return inspected.globalValue;
}
