import type { DotenvEntry } from '../../effective/dotenvFile';
import type { DotenvSource, EnvOrigin } from '../../effective/environmentLayers';
import type { GatewayModel } from '../../gatewayModel';
import { msg, type Message, type MessageArg } from '../../messages';
import { isSecretKey, isSecretShapedValue } from '../../secretKeys';
import { fingerprint } from '../../secretValues';
import type { RelatedSpan, Span } from '../ruleTypes';
import { spanIn } from './sourceSpans';

/**
 * Where a variable of the gateway's or the client's environment was set, for messages and
 * ranges: a `.env` line, an `env` entry of the config, or a process environment.
 */

/** A path as the user knows it: `~/.openclaw/.env` rather than `/home/me/.openclaw/.env`. */
export function displayPath(file: string, home: string): string {
  if (!file) return 'the config';
  if (home && (file === home || file.startsWith(home.endsWith('/') ? home : `${home}/`))) return `~${file.slice(home.replace(/\/$/, '').length)}`;
  return file;
}

/** The span of a `.env` assignment's value (its key when the value is empty), in that file. */
export function dotenvValueSpan(source: DotenvSource, entry: DotenvEntry): Span {
  return entry.valueLength > 0 ? { offset: entry.valueOffset, length: entry.valueLength, file: source.path } : { offset: entry.keyOffset, length: entry.keyLength, file: source.path };
}

/** The span of a `.env` assignment's key, in that file. */
export function dotenvKeySpan(source: DotenvSource, entry: DotenvEntry): Span {
  return { offset: entry.keyOffset, length: entry.keyLength, file: source.path };
}

/** Where an origin can be pointed at: a `.env` line or an `env` entry of the config; never a process. */
export function originSpan(origin: EnvOrigin | undefined): Span | undefined {
  if (!origin) return undefined;
  if (origin.kind === 'dotenv') return origin.entry ? dotenvValueSpan(origin.source, origin.entry) : undefined;
  if (origin.kind === 'env.vars') return spanIn(origin.at.node, origin.at.source);
  return undefined;
}

/** "in ~/.openclaw/.env line 3", "in the config's env section (…)", "in the environment of the process this check runs in". */
export function originPlace(origin: EnvOrigin | undefined, model: GatewayModel): Message {
  const home = model.effective.home;
  if (origin?.kind === 'dotenv') {
    const file = displayPath(origin.source.path, home);
    return origin.entry ? msg('in {0} line {1}', file, origin.entry.line + 1) : msg('in {0}', file);
  }
  if (origin?.kind === 'env.vars') {
    const { source, node } = origin.at;
    return msg("in the config's env section ({0} line {1})", displayPath(source.path || model.effective.configPath, home), source.doc.lines.positionAt(node.offset).line + 1);
  }
  // The two sides share one process environment unless the gateway's was given separately.
  if (origin?.kind === 'process' && origin.side === 'gateway' && !model.effective.sharedEnvironment) return msg("in the gateway's environment");
  return msg('in the environment of the process this check runs in');
}

/** Names whose values are secrets: the gateway's own, and whatever OpenClaw's key rule calls secret. */
export function isSecretVariable(name: string): boolean {
  return name === 'OPENCLAW_GATEWAY_TOKEN' || name === 'OPENCLAW_GATEWAY_PASSWORD' || isSecretKey([name]);
}

/**
 * A variable's value for a message: its fingerprint when it is (or may be) a secret, else quoted.
 * Only names OpenClaw reads for its target (ports, URLs, paths) are ever shown as text.
 */
export function shownValue(name: string, value: string, secret = false): string {
  if (name === 'OPENCLAW_GATEWAY_URL' && !secret && !isSecretShapedValue(value)) {
    // Two URLs to one host may differ in their path: the fingerprint tells them apart.
    const target = urlTarget(value);
    return target ? `${JSON.stringify(target)} (${fingerprint(value)})` : fingerprint(value);
  }
  if (secret || isSecretVariable(name) || isSecretShapedValue(value) || !SHOWN_NAMES.has(name)) return fingerprint(value);
  return JSON.stringify(value);
}

/** Non-secret variables whose values help to show: where the gateway is and what it reads. */
const SHOWN_NAMES = new Set(['OPENCLAW_GATEWAY_PORT', 'OPENCLAW_STATE_DIR', 'OPENCLAW_CONFIG_PATH', 'OPENCLAW_HOME', 'OPENCLAW_PROFILE', 'OPENCLAW_ALLOW_INSECURE_PRIVATE_WS']);

/** `ws://host:port` of a URL, without user info, path, query or fragment; undefined when it does not parse. */
export function urlTarget(url: string): string | undefined {
  try {
    const parsed = new URL(url.trim());
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return undefined;
  }
}

/**
 * The same place as a noun phrase, for sentences that say "(from …)": "the process environment",
 * "/home/u/.openclaw/.env, line 3", "env.vars in …, line 7". `originPlace` is the "in …" form.
 */
export function originText(origin: EnvOrigin): MessageArg {
  if (origin.kind === 'process') return msg('the process environment');
  if (origin.kind === 'dotenv') return origin.entry ? msg('{0}, line {1}', origin.source.path, origin.entry.line + 1) : origin.source.path;
  const line = origin.at.source.doc.lines.positionAt(origin.at.node.offset).line + 1;
  return origin.at.source.path ? msg('env.vars in {0}, line {1}', origin.at.source.path, line) : msg('env.vars in the config, line {0}', line);
}

/** A related location for a variable set in a file; none for one from the process. */
export function originRelated(origin: EnvOrigin | undefined, message: Message): RelatedSpan[] {
  const span = originSpan(origin);
  return span ? [{ ...span, message }] : [];
}
