import type { RuleCode, RuleDefinition } from './ruleTypes';
import { syntaxError } from './syntaxRule';
import {
  authTokenMissing,
  envTokenConflict,
  passwordMismatch,
  remoteTokenMissing,
  tokenEnvReference,
  tokenMismatch,
  tokenPlaceholder,
  tokenRiskyChars,
  tokenWeak,
} from './tokenRules';
import { envVarMisnamed } from './envRules';
import { authModeAmbiguous, bindInvalid, bindWithoutAuth, gatewayModeMissing, portInvalid, remoteUrlInsecure, tokenMisplaced } from './gatewayRules';
import { duplicateKey, unknownKey } from './structureRules';

/**
 * The one table of rules: diagnostics, the CLI, the README's rule reference and the fixes all
 * read it. Order is the order findings are reported in for the same position.
 */
export const RULES: readonly RuleDefinition[] = [
  syntaxError,
  tokenMismatch,
  passwordMismatch,
  remoteTokenMissing,
  authTokenMissing,
  tokenPlaceholder,
  tokenWeak,
  tokenRiskyChars,
  tokenEnvReference,
  envTokenConflict,
  envVarMisnamed,
  authModeAmbiguous,
  bindWithoutAuth,
  bindInvalid,
  gatewayModeMissing,
  tokenMisplaced,
  remoteUrlInsecure,
  portInvalid,
  duplicateKey,
  unknownKey,
];

const BY_CODE = new Map<RuleCode, RuleDefinition>(RULES.map((rule) => [rule.code, rule]));

export function ruleFor(code: RuleCode): RuleDefinition | undefined {
  return BY_CODE.get(code);
}

/** Where each rule is documented; diagnostics link here. */
export const DOCS_BASE_URL = 'https://github.com/openclaw-guard/openclaw-guard#';

export function docsUrl(code: RuleCode): string {
  return DOCS_BASE_URL + code;
}
