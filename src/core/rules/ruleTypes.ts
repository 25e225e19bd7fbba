import type { ConfigDocument } from '../configDocument';
import type { ConfigSource } from '../effective/configSources';
import type { NetworkFacts } from '../hostFacts';
import type { PortListener } from '../portListener';
import type { GatewayModel, SecretPath } from '../gatewayModel';
import type { Message, MessageArg } from '../messages';
import type { Environment } from '../secretValues';
import type { ResolvedOpenclawVersion } from '../version/openclawVersion';
import type { FixContext, FixProposal } from '../fixes/fixTypes';
import type { SchemaKeyTree } from '../schema/keyTree';

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off' | 'default';
export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['default', 'error', 'warning', 'information', 'hint', 'off'];

export interface Span {
  offset: number;
  length: number;
  /**
   * The file the offsets are in, when it is not the analysed config: an included file, a `.env`
   * file. Absolute path.
   */
  file?: string;
}

export interface RelatedSpan extends Span {
  message: Message;
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
  /** control-ui-origins-missing: the origins to allow (the machine's addresses are known only to the check). */
  origins?: string[];
}

export interface Finding extends Span {
  code: string;
  severity: Severity;
  /** Which of the rule's `meta.messages` this is. */
  messageId: string;
  /** The message, rendered by whoever shows it (in the user's language). */
  message: Message;
  related: RelatedSpan[];
  data: FindingData;
}

/** What a check returns; the engine adds the code, the message template and the user's severity. */
export interface RawFinding<Id extends string = string> extends Span {
  messageId: Id;
  /** Values for the message's `{name}` placeholders (a value may be a message itself). */
  args?: Readonly<Record<string, MessageArg>>;
  related?: RelatedSpan[];
  data?: FindingData;
  /** Overrides the rule's default severity for this finding (e.g. an unset env variable). */
  severity?: Severity;
}

export interface RuleContext {
  /** The analysed config; for a document rule, the document being checked. */
  doc: ConfigDocument;
  /** Document rules: that document's file and where its root lands in the merged config. */
  source?: ConfigSource;
  /** Undefined when the config does not parse. */
  model?: GatewayModel;
  /** The client's environment (the gateway's is on the model). */
  env: Environment;
  /** The rule table this analysis runs (rules that talk about other rules read it). */
  rules: readonly RuleDefinition[];
  /** Tailscale and addresses of the gateway's machine; undefined when not known (say what each case does). */
  network?: NetworkFacts;
  /** Who listens on a port of the gateway's machine; undefined when not known (never guess). */
  listenerAt?: (port: number) => PortListener;
  /**
   * The OpenClaw release the findings describe, and how it was learnt. Rules whose behaviour
   * changed between releases pick their message from a release table (support/versionRanges.ts);
   * undefined or without `version`: say what each release range does.
   */
  openclawVersion?: ResolvedOpenclawVersion;
  /** The key tree of the OpenClaw release in use; the bundled release's when not given. */
  schema?: SchemaKeyTree;
}

export interface RuleDocs {
  /** One line: what the finding means. */
  summary: string;
  /** What OpenClaw actually does with such a config. */
  openclaw: string;
  /** How to fix it. */
  fix: string;
}

/** A cure a rule can offer, declared up front so `openclaw-guard rules` and the docs can list it. */
export interface FixDeclaration {
  /** What the fix does, in one line (English; translated where shown). */
  summary: string;
  /** Applied by fix-all and `check --fix`: certain, and never invents or rotates a secret. */
  safe: boolean;
}

export interface RuleMeta<Id extends string = string, FixId extends string = string> {
  /** Stable code, also the docs anchor and the settings key. */
  code: string;
  defaultSeverity: Severity;
  docs: RuleDocs;
  /** Message templates by id, English, with `{name}` placeholders. */
  messages: Readonly<Record<Id, string>>;
  /** The fixes this rule can propose, by id. */
  fixes?: Readonly<Record<FixId, FixDeclaration>>;
  /**
   * Also run on a document that does not parse (only the syntax rule: without a tree nothing
   * else can say anything true).
   */
  runsWithoutTree?: boolean;
  /**
   * 'document': the rule reads one JSON document at a time (syntax, keys) and runs on the config
   * and on each file it includes. Otherwise it runs once on the assembled settings.
   */
  scope?: 'document';
  /**
   * The release tables the rule picks its messages from (support/versionRanges.ts), listed so a
   * test can check each covers every release once and names only declared messages.
   */
  releaseTables?: ReadonlyArray<ReadonlyArray<{ from?: string; through?: string; messageId: Id }>>;
}

export interface RuleDefinition<Id extends string = string, FixId extends string = string> {
  meta: RuleMeta<Id, FixId>;
  check(ctx: RuleContext): Array<RawFinding<Id>>;
  /** The cures for one finding of this rule, computed only when asked for (first one preferred). */
  fixes?(finding: Finding, ctx: FixContext): Array<FixProposal<FixId>>;
}

/** A rule whose code is known as a literal type (the built-in table derives `RuleCode` from it). */
export type DefinedRule<Code extends string, Id extends string, FixId extends string> = RuleDefinition<Id, FixId> & { meta: { code: Code } };

/** Typed helper for a rule file: message ids and fix ids are checked against `meta`. */
export function defineRule<const Code extends string, const Id extends string, const FixId extends string = never>(rule: {
  meta: RuleMeta<Id, FixId> & { code: Code };
  // Ids are taken from `meta` only, so a check cannot invent one.
  check(ctx: RuleContext): Array<RawFinding<NoInfer<Id>>>;
  fixes?(finding: Finding, ctx: FixContext): Array<FixProposal<NoInfer<FixId>>>;
}): DefinedRule<Code, Id, FixId> {
  return rule;
}
