import type { EnvOrigin } from '../../effective/environmentLayers';
import { msg, type Message, type MessageArg } from '../../messages';
import type { RelatedSpan, Span } from '../ruleTypes';
import { spanIn } from './sourceSpans';

/*
 * Where an environment variable came from, for messages and related locations: the process, a
 * line of a `.env` file, or env.vars in the config. Never the value.
 */

/** "the process environment", "/home/u/.openclaw/.env, line 3", "env.vars in …, line 7". */
export function originText(origin: EnvOrigin): MessageArg {
  if (origin.kind === 'process') return msg('the process environment');
  if (origin.kind === 'dotenv') return origin.entry ? msg('{0}, line {1}', origin.source.path, origin.entry.line + 1) : origin.source.path;
  const line = origin.at.source.doc.lines.positionAt(origin.at.node.offset).line + 1;
  return origin.at.source.path ? msg('env.vars in {0}, line {1}', origin.at.source.path, line) : msg('env.vars in the config, line {0}', line);
}

/** The place to point at: the key of a `.env` line, or the env.vars value; nothing for the process. */
export function originSpan(origin: EnvOrigin): Span | undefined {
  if (origin.kind === 'dotenv') return origin.entry ? { offset: origin.entry.keyOffset, length: origin.entry.keyLength, file: origin.source.path } : undefined;
  if (origin.kind === 'env.vars') return spanIn(origin.at.node, origin.at.source);
  return undefined;
}

/** A related location for a variable set in a file; none for one from the process. */
export function originRelated(origin: EnvOrigin | undefined, message: Message): RelatedSpan[] {
  const span = origin ? originSpan(origin) : undefined;
  return span ? [{ ...span, message }] : [];
}
