import type { ConfigSource } from '../../effective/configSources';
import type { JsonNode } from '../../jsonTree';
import { valueSpan } from '../../stringOffsets';
import type { Span } from '../ruleTypes';

/** `{ file }` for a node that lives in an included file; nothing for the config itself. */
export function fileOf(source: ConfigSource | undefined): { file?: string } {
  return source?.kind === 'include' ? { file: source.path } : {};
}

/** The span of a node in whichever file holds it. */
export function spanIn(node: JsonNode, source: ConfigSource | undefined): Span {
  return { ...valueSpan(node), ...fileOf(source) };
}

/** The text of the file holding a node (offsets of decoded strings are mapped in it). */
export function textOf(source: ConfigSource | undefined, fallback: string): string {
  return source?.doc.text ?? fallback;
}
