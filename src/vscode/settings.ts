import * as vscode from 'vscode';
import { RULE_CODES, type RuleCode, type SeveritySetting } from '../core/rules/ruleTypes';

/** Every setting the extension reads, in one place (names match package.json). */
export const SECTION = 'openclawGuard';

export interface GuardSettings {
  severities: Partial<Record<RuleCode, SeveritySetting>>;
  extraFiles: string[];
  debounceMs: number;
  switchJson5Language: boolean;
}

const SEVERITIES: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off', 'default'];

export function readSettings(scope?: vscode.ConfigurationScope): GuardSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const rules = config.get<Record<string, unknown>>('rules', {});
  const severities: Partial<Record<RuleCode, SeveritySetting>> = {};
  for (const [code, value] of Object.entries(rules ?? {})) {
    if ((RULE_CODES as readonly string[]).includes(code) && SEVERITIES.includes(value as SeveritySetting)) {
      severities[code as RuleCode] = value as SeveritySetting;
    }
  }
  const extra = config.get<unknown>('files', []);
  return {
    severities,
    extraFiles: Array.isArray(extra) ? extra.filter((g): g is string => typeof g === 'string') : [],
    debounceMs: Math.max(0, Math.min(5000, config.get<number>('validation.debounceMs', 250))),
    switchJson5Language: config.get<boolean>('json5.switchLanguage', true),
  };
}

/**
 * The config path and gateway URL override decide which file is read and where a secret is sent:
 * they are machine-scoped, and in an untrusted workspace only the user's own value counts.
 */
export function trustedSetting<T>(key: string): T | undefined {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<T>(key);
  if (!inspected) return undefined;
  if (vscode.workspace.isTrusted) {
    return inspected.workspaceFolderValue ?? inspected.workspaceValue ?? inspected.globalValue;
  }
  return inspected.globalValue;
}
