import type { ConfigDocument } from '../configDocument';
import type { GatewayModel, SecretPath } from '../gatewayModel';
import type { Environment } from '../secretValues';
import type { FixContext, FixProposal } from '../fixes/fixTypes';

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off' | 'default';

export const RULE_CODES = [
  'syntax-error',
  'token-mismatch',
  'password-mismatch',
  'remote-token-missing',
  'auth-token-missing',
  'token-placeholder',
  'token-weak',
  'token-risky-chars',
  'token-env-reference',
  'env-token-conflict',
  'env-var-misnamed',
  'auth-mode-ambiguous',
  'bind-without-auth',
  'bind-invalid',
  'gateway-mode-missing',
  'token-misplaced',
  'remote-url-insecure',
  'port-invalid',
  'duplicate-key',
  'unknown-key',
] as const;

export type RuleCode = (typeof RULE_CODES)[number];

export interface Span {
  offset: number;
  length: number;
}

export interface RelatedSpan extends Span {
  message: string;
}

/**
 * Facts a finding hands to its fixes, so a fix never has to re-derive what the check saw.
 * Plain data: it survives a round trip through a VS Code diagnostic.
 */
export interface FindingData {
  /** The secret field the finding is about. */
  slot?: SecretPath;
  /** The other secret field involved (mismatch: the one to copy from or to). */
  otherSlot?: SecretPath;
  /** Leading/trailing whitespace finding: the plain trim fix applies. */
  trim?: boolean;
  /** bind-invalid: the valid value the user most likely meant. */
  suggestedBind?: string;
  /** unknown-key: the nearest known key. */
  suggestedKey?: string;
  /** Path of the object holding the key (unknown-key, duplicate-key). */
  objectPath?: string[];
  /** Key text (unknown-key, duplicate-key). */
  key?: string;
}

export interface Finding extends Span {
  code: RuleCode;
  severity: Severity;
  message: string;
  related: RelatedSpan[];
  data: FindingData;
}

/** What a check returns; the engine adds the code and applies the user's severity. */
export interface RawFinding extends Span {
  message: string;
  related?: RelatedSpan[];
  data?: FindingData;
  /** Overrides the rule's default severity for this finding (e.g. an unset env variable). */
  severity?: Severity;
}

export interface RuleContext {
  doc: ConfigDocument;
  /** Undefined when the file does not parse. */
  model?: GatewayModel;
  env: Environment;
}

export interface RuleDocs {
  /** One line: what the finding means. */
  summary: string;
  /** What OpenClaw actually does with such a config. */
  openclaw: string;
  /** How to fix it. */
  fix: string;
}

export interface RuleDefinition {
  code: RuleCode;
  defaultSeverity: Severity;
  docs: RuleDocs;
  check(ctx: RuleContext): RawFinding[];
  /** The cures for one finding of this rule, computed only when asked for (first one preferred). */
  fixes?(finding: Finding, ctx: FixContext): FixProposal[];
}
