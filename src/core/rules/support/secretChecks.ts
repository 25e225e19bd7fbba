/**
 * Pure checks on a secret's text, shared by the rules and the fixes (a generated token must pass
 * all of them).
 */

export type PlaceholderKind = 'refused' | 'template';

/**
 * Values the gateway refuses to start with (OpenClaw's known-weak-gateway-secrets.ts and
 * redact-sentinel.ts): compared after trimming, case-sensitive, whole value.
 */
const REFUSED_EXACT = new Set([
  '',
  'undefined',
  'null',
  'change-me-to-a-long-random-token',
  'change-me-now',
  'change-me-to-a-strong-password',
  '__OPENCLAW_REDACTED__',
  'REDACTED',
  'xoxb-REDACTED',
  'xapp-REDACTED',
  '***',
  '[redacted]',
  '[REDACTED]',
  '<redacted>',
  '[REDACTED_PRIVATE_KEY]',
  '[REDACTED CREDENTIAL]',
]);

const TEMPLATE_PATTERNS: readonly RegExp[] = [
  /^<[^<>]*>$/, // <token>
  /^\[[^[\]]*\]$/, // [token]
  /^\{\{.*\}\}$/, // {{token}}
  /^(?:your|my)[-_ ]?(?:own[-_ ]?|openclaw[-_ ]?|gateway[-_ ]?|auth[-_ ]?|access[-_ ]?|api[-_ ]?|secret[-_ ]?)*(?:token|password|secret|key|pass)$/i,
  /^(?:token|password|secret|key)[-_ ]?(?:here|goes[-_ ]?here)$/i,
  /^(?:x{3,}|\*{3,}|\.{3,}|todo|tbd|fixme|placeholder|example|sample|replace[-_ ]?me|insert[-_ ]?(?:token|password|here)|token|password|secret|default)$/i,
  /(?:你的|您的|这里|此处|填写|填入|替换|输入|自己的|自定义|令牌)/,
];

/** `refused`: the gateway will not start with it; `template`: accepted, but copied from a guide. */
export function placeholderKind(secret: string): PlaceholderKind | undefined {
  const trimmed = secret.trim();
  if (REFUSED_EXACT.has(trimmed)) return 'refused';
  if (/^change[-_]?me(?:[-_].*)?$/i.test(trimmed)) return 'template';
  if (TEMPLATE_PATTERNS.some((p) => p.test(trimmed))) return 'template';
  return undefined;
}

export const MIN_SECRET_LENGTH = 24;

export type WeakReason = 'short' | 'digits' | 'repeated';

/** Why a secret is trivially guessable, or undefined when it looks strong enough. */
export function weakness(secret: string): WeakReason | undefined {
  const trimmed = secret.trim();
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) return 'digits';
  if (isRepetition(trimmed)) return 'repeated';
  if ([...trimmed].length < MIN_SECRET_LENGTH) return 'short';
  return undefined;
}

/** One character repeated, or a unit of up to four characters repeated (`abcabcabc`). */
function isRepetition(text: string): boolean {
  for (let unit = 1; unit <= 4 && unit * 2 <= text.length; unit++) {
    if (text.length % unit !== 0) continue;
    const head = text.slice(0, unit);
    if (head.repeat(text.length / unit) === text) return true;
  }
  return false;
}

export type RiskCategory = 'dotenv' | 'url' | 'shell' | 'systemd' | 'whitespace' | 'non-ascii' | 'control';

const SHELL = new Set([...'&#%?!$*~^|\\<>()[]{}\'"`;']);
const URL_CHARS = new Set([...'@&#%?/+=:;']);
const DOTENV = new Set([...'#$\'"\\ ']);
const SYSTEMD = new Set([...'%$\\\'" ']);

export interface RiskyCharacters {
  /** Distinct risky characters in order of first appearance. */
  characters: string[];
  categories: Set<RiskCategory>;
  /** How many characters of the secret are risky, and how many were looked at (code points). */
  occurrences: number;
  scanned: number;
  /** Decoded index of the first and one past the last risky character. */
  start: number;
  end: number;
}

/**
 * Characters that survive OpenClaw (the WS protocol carries any JSON string) but break copies of
 * the token in shells, URLs, systemd units and .env files. `skip` marks ranges that are `${VAR}`
 * references, which are not part of the secret.
 */
export function riskyCharacters(secret: string, skip: ReadonlyArray<{ start: number; end: number }> = []): RiskyCharacters | undefined {
  const characters: string[] = [];
  const categories = new Set<RiskCategory>();
  let start = -1;
  let end = -1;
  let occurrences = 0;
  let scanned = 0;
  const inner = secret.trim();
  const lead = secret.length - secret.trimStart().length;
  for (let i = lead; i < lead + inner.length; i++) {
    if (skip.some((r) => i >= r.start && i < r.end)) continue;
    const ch = secret[i];
    const code = secret.charCodeAt(i);
    scanned++;
    const hits: RiskCategory[] = [];
    if (code < 32 || code === 127) hits.push('control');
    else if (code > 126) hits.push('non-ascii');
    else {
      if (ch === ' ') hits.push('whitespace');
      if (SHELL.has(ch)) hits.push('shell');
      if (URL_CHARS.has(ch)) hits.push('url');
      if (DOTENV.has(ch)) hits.push('dotenv');
      if (SYSTEMD.has(ch)) hits.push('systemd');
    }
    if (hits.length === 0) continue;
    // Surrogate pairs count as one character.
    const full = code >= 0xd800 && code <= 0xdbff && i + 1 < secret.length ? secret.slice(i, i + 2) : ch;
    occurrences++;
    if (!characters.includes(full)) characters.push(full);
    for (const h of hits) categories.add(h);
    if (start < 0) start = i;
    end = i + full.length;
    if (full.length === 2) i++;
  }
  if (start < 0) return undefined;
  return { characters, categories, occurrences, scanned, start, end };
}

/** Leading and trailing whitespace that OpenClaw trims away. */
export function surroundingWhitespace(secret: string): { leading: number; trailing: number } | undefined {
  const leading = secret.length - secret.trimStart().length;
  const trailing = secret.length - secret.trimEnd().length;
  if (leading === 0 && trailing === 0) return undefined;
  if (secret.trim() === '') return undefined;
  return { leading, trailing };
}
