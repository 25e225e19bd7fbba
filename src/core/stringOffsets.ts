import { escapeStep } from './json5Parser';
import type { JsonNode } from './jsonTree';

/**
 * Maps positions in a decoded string value back to source offsets, so a squiggle lands on the
 * offending characters even when they were written as escapes (`"a\u0040b"`).
 * Returns one source offset per decoded UTF-16 unit, plus the offset of the closing quote.
 */
export function decodedToSourceOffsets(text: string, stringNode: JsonNode): number[] {
  const quoteLength = stringNode.quote === '' ? 0 : 1;
  const bodyStart = stringNode.offset + quoteLength;
  const bodyEnd = stringNode.offset + stringNode.length - quoteLength;
  const offsets: number[] = [];
  let i = bodyStart;
  while (i < bodyEnd) {
    if (text.charCodeAt(i) !== 92 /* backslash */) {
      offsets.push(i);
      i++;
      continue;
    }
    const step = escapeStep(text, i);
    if (step.kind === 'bad') {
      offsets.push(i);
      i++;
      continue;
    }
    // One entry per UTF-16 unit of the decoded text (not per code point).
    for (let units = step.decoded.length; units > 0; units--) offsets.push(i);
    i += step.length;
  }
  offsets.push(bodyEnd);
  return offsets;
}

export interface SourceSpan {
  offset: number;
  length: number;
}

/** Source span covering decoded characters [start, end) of a string node. */
export function sourceSpanOfDecoded(text: string, stringNode: JsonNode, start: number, end: number): SourceSpan {
  if (!stringNode.escaped) {
    const quoteLength = stringNode.quote === '' ? 0 : 1;
    return { offset: stringNode.offset + quoteLength + start, length: Math.max(0, end - start) };
  }
  const offsets = decodedToSourceOffsets(text, stringNode);
  const last = offsets.length - 1;
  const from = offsets[Math.min(start, last)];
  // The end is where the escape of the last included unit ends, i.e. the start of the next one.
  const to = offsets[Math.min(end, last)];
  return { offset: from, length: Math.max(0, to - from) };
}

/** The span inside the quotes of a string node (the whole node for other kinds). */
export function valueSpan(node: JsonNode): SourceSpan {
  if (node.type === 'string' && node.quote !== '') return { offset: node.offset + 1, length: Math.max(0, node.length - 2) };
  return { offset: node.offset, length: node.length };
}
