import { msg, type MessageArg } from '../../messages';

/*
 * Lists and runs of sentences built from messages. Each join is a template of its own, so a
 * language that joins differently (Chinese: "、" between items, no space between sentences)
 * translates the join once instead of every combination.
 */

/** "a, b, c" (an empty list renders as nothing). */
export function listOf(items: readonly MessageArg[]): MessageArg {
  if (items.length === 0) return '';
  return items.slice(0, -1).reduceRight<MessageArg>((rest, item) => msg('{0}, {1}', item, rest), items[items.length - 1]);
}

/** Sentences one after the other. */
export function sentencesOf(items: readonly MessageArg[]): MessageArg {
  if (items.length === 0) return '';
  return items.slice(0, -1).reduceRight<MessageArg>((rest, item) => msg('{0} {1}', item, rest), items[items.length - 1]);
}
