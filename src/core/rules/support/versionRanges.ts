import { msg, type Message, type MessageArg } from '../../messages';
import { parseOpenclawVersion, type ParsedVersion } from '../../version/openclawVersion';
import type { RuleContext, Severity } from '../ruleTypes';
import { sentencesOf } from './messageLists';

/**
 * Release ranges for rules whose message depends on the OpenClaw release. A bound is a release
 * ("2026.7.35") or a month ("2026.4" = every 2026.4.x); both ends are inclusive. A rule keeps one
 * small table of ranges next to its messages instead of version checks spread through its code.
 */
export interface VersionRange {
  /** First release (inclusive); open when absent. */
  from?: string;
  /** Last release (inclusive); a month bound includes the whole month. Open when absent. */
  through?: string;
}

/** One row of a rule's release table: what that rule says for the releases in the range. */
export interface ReleaseBehaviour<Id extends string> extends VersionRange {
  messageId: Id;
  severity?: Severity;
  /** One sentence of what these releases do, for the message shown when the release is unknown. */
  does: Message;
}

function bound(text: string): { parts: number[] } {
  const parts = text.split('.').map(Number);
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !Number.isInteger(p) || p < 0)) throw new Error(`not a release bound: ${text}`);
  return { parts };
}

/** Compares a release with a bound over the bound's precision (2026.4.8 vs "2026.4" is 0). */
function compareToBound(version: ParsedVersion, text: string): number {
  const { parts } = bound(text);
  for (let i = 0; i < parts.length; i++) if (version.parts[i] !== parts[i]) return version.parts[i] - parts[i];
  return 0;
}

export function inRange(version: ParsedVersion, range: VersionRange): boolean {
  return (range.from === undefined || compareToBound(version, range.from) >= 0) && (range.through === undefined || compareToBound(version, range.through) <= 0);
}

/** The row for a release; undefined for an unknown release (or one no row covers). */
export function behaviourFor<Row extends VersionRange>(table: readonly Row[], version: string | undefined): Row | undefined {
  const parsed = parseOpenclawVersion(version);
  return parsed ? table.find((row) => inRange(parsed, row)) : undefined;
}

function shownBound(text: string, end: 'from' | 'through'): string {
  return end === 'through' && bound(text).parts.length === 2 ? `${text}.x` : text;
}

/** "up to 2026.4.x", "2026.5 to 2026.7.x", "from 2026.8", "every release". */
export function rangeLabel(range: VersionRange): Message {
  if (range.from !== undefined && range.through !== undefined) return msg('OpenClaw {0} to {1}', shownBound(range.from, 'from'), shownBound(range.through, 'through'));
  if (range.through !== undefined) return msg('OpenClaw up to {0}', shownBound(range.through, 'through'));
  if (range.from !== undefined) return msg('OpenClaw {0} and later', shownBound(range.from, 'from'));
  return msg('Every OpenClaw release');
}

/** What each range does, one sentence per range: the message when the release is not known. */
export function byRelease(table: ReadonlyArray<ReleaseBehaviour<string>>): MessageArg {
  return sentencesOf(table.map((row) => msg('{0}: {1}.', rangeLabel(row), row.does)));
}

/**
 * Checks a table covers every release exactly once, in order (a test runs it over every rule's
 * table: a gap or an overlap would make a release fall through to the unknown message or get two).
 */
export function tableProblems(table: readonly VersionRange[]): string[] {
  const problems: string[] = [];
  if (table.length === 0) return ['empty table'];
  if (table[0].from !== undefined) problems.push('the first row must start open');
  if (table[table.length - 1].through !== undefined) problems.push('the last row must end open');
  for (let i = 1; i < table.length; i++) {
    const previous = table[i - 1].through;
    const next = table[i].from;
    if (previous === undefined || next === undefined) {
      problems.push(`row ${i} is not bounded against row ${i - 1}`);
      continue;
    }
    const end = bound(previous).parts;
    const start = bound(next).parts;
    // A month bound ends the month: the next row starts at the following month; a release bound
    // ends there: the next row starts at a later release of the same month or the next month.
    const monthAfter = end[1] === 12 ? [end[0] + 1, 1] : [end[0], end[1] + 1];
    const adjacent = end.length === 2 ? start.length === 2 && start[0] === monthAfter[0] && start[1] === monthAfter[1] : start.length === 2 ? start[0] === monthAfter[0] && start[1] === monthAfter[1] : start[0] === end[0] && start[1] === end[1] && start[2] === end[2] + 1;
    if (!adjacent) problems.push(`row ${i} (${next}) does not follow row ${i - 1} (${previous})`);
  }
  return problems;
}

/** The release the rule talks about: the gateway's for what the gateway does, the CLI's for what `openclaw …` commands do. */
export function releaseOf(ctx: RuleContext, who: 'gateway' | 'cli'): string | undefined {
  return who === 'cli' ? ctx.openclawVersion?.cliVersion : ctx.openclawVersion?.version;
}
