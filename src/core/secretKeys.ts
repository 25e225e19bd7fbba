import { OPENCLAW_SENSITIVE_PATHS } from './secretKeys.generated';

/*
 * Which config values hold secrets, told from where they sit and, for a few unmistakable
 * shapes, from what they look like. Anything that prints config text (diffs, snippets)
 * masks these, so the rule errs on the side of masking: a masked harmless value costs a
 * little readability, a printed secret cannot be taken back.
 *
 * The key-name rule is OpenClaw's own (isSensitiveConfigPath in src/config/sensitive-paths.ts
 * of openclaw@2026.9.6, copied here because OpenClaw is not a dependency), so we mask what
 * OpenClaw itself redacts from `config get` and the Control UI. On top of it come the paths
 * OpenClaw's config metadata marks `sensitive: true` that the name rule misses (TLS keys, SSH
 * identities, header and env maps, ...), generated into secretKeys.generated.ts by
 * scripts/generate-secret-keys.mjs. OpenClaw's JSON schema output carries no such flag.
 */

/** Key names OpenClaw exempts although they match a pattern (counts and file paths, not secrets). */
const WHITELIST_SUFFIXES = ['maxtokens', 'maxoutputtokens', 'maxinputtokens', 'maxcompletiontokens', 'contexttokens', 'totaltokens', 'tokencount', 'tokenlimit', 'tokenbudget', 'passwordfile'];

/** OpenClaw's SENSITIVE_PATTERNS, applied to one key (see isSecretKey for the dotted-path cases). */
const SECRET_NAME = /token$|password|secret|api.?key|encrypt.?key|private.?key|serviceaccount(?:ref)?$/i;

interface KeyFacts {
  secret: boolean;
  whitelisted: boolean;
  /** Ends in api/encrypt/private: OpenClaw matches `api.key` across the dot of a dotted path. */
  keyPrefix: boolean;
  startsWithKey: boolean;
  localService: boolean;
}

// Real configs repeat a few hundred key names many thousand times, so each is classified once.
const factsCache = new Map<string, KeyFacts>();

function factsOf(key: string): KeyFacts {
  let facts = factsCache.get(key);
  if (!facts) {
    const lower = key.toLowerCase();
    facts = {
      secret: SECRET_NAME.test(key),
      whitelisted: WHITELIST_SUFFIXES.some((suffix) => lower.endsWith(suffix)),
      keyPrefix: /(?:api|encrypt|private)$/.test(lower),
      startsWithKey: lower.startsWith('key'),
      localService: lower.endsWith('localservice'),
    };
    // Capped so a generated config with millions of distinct keys cannot grow it without bound.
    if (factsCache.size < 50_000) factsCache.set(key, facts);
  }
  return facts;
}

interface TrieNode {
  end: boolean;
  children: Map<string, TrieNode>;
}

const HINTS: TrieNode = { end: false, children: new Map() };
for (const path of OPENCLAW_SENSITIVE_PATHS) {
  let node = HINTS;
  for (const segment of path.split('.')) {
    let next = node.children.get(segment);
    if (!next) node.children.set(segment, (next = { end: false, children: new Map() }));
    node = next;
  }
  node.end = true;
}

/** True when the path or one of its ancestors is a path OpenClaw's metadata marks sensitive. */
function matchesHint(path: readonly string[]): boolean {
  let states: TrieNode[] = [HINTS];
  for (const segment of path) {
    const next: TrieNode[] = [];
    for (const state of states) {
      const exact = state.children.get(segment);
      if (exact) next.push(exact);
      const any = state.children.get('*');
      if (any) next.push(any);
    }
    if (next.length === 0) return false;
    if (next.some((n) => n.end)) return true;
    states = next;
  }
  return false;
}

/**
 * Whether the value at this key path holds a secret: the key itself is secret-bearing, or
 * the value sits inside one (a SecretRef object, a service-account blob, an array of keys).
 * Paths are object keys from the root; array elements add no segment (as pathOf does), so
 * `hooks.mappings[2].sessionKey` is `['hooks', 'mappings', 'sessionKey']`.
 */
export function isSecretKey(path: readonly string[]): boolean {
  if (path.length === 0) return false;
  for (let i = 0; i < path.length; i++) {
    const facts = factsOf(path[i]);
    // The exemption is for the value's own key; inside a secret, a `maxTokens` is still masked.
    if (facts.secret && !(i === path.length - 1 && facts.whitelisted)) return true;
    if (i > 0) {
      const previous = factsOf(path[i - 1]);
      if (previous.keyPrefix && facts.startsWithKey) return true;
      // OpenClaw treats every variable of a local model server's environment as secret.
      if (i < path.length - 1 && previous.localService && path[i].toLowerCase() === 'env') return true;
    }
  }
  return matchesHint(path);
}

/** OpenClaw's list of URL query parameter names that carry credentials (redact-sensitive-url.ts). */
const URL_SECRET_PARAMS = new Set([
  'token', 'key', 'api_key', 'apikey', 'secret', 'access_token', 'auth_token', 'password', 'pass', 'passwd', 'auth', 'jwt', 'session', 'id_token', 'code',
  'client_secret', 'app_secret', 'hook_token', 'refresh_token', 'signature', 'x_amz_signature', 'x_amz_security_token', 'private_key', 'credential', 'authorization',
  'sig', 'x_api_key', 'x_access_token', 'x_auth_token',
]);
const PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const URL_USERINFO = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]*@/i;
const URL_PARAM = /[?&#;]([^=&#;\s]+)=/g;
const TELEGRAM_BOT_PATH = /\/bot\d{6,}(?::|%3[aA])[A-Za-z0-9_-]{20,}/;

/**
 * Values that are secrets whatever key holds them: a PEM private key, a URL with credentials
 * in its user info or query (a webhook URL with `?token=`), a Telegram bot URL.
 */
export function isSecretShapedValue(value: string): boolean {
  if (value.includes('PRIVATE KEY') && PRIVATE_KEY_BLOCK.test(value)) return true;
  if (!value.includes('://')) return false;
  const trimmed = value.trim();
  if (URL_USERINFO.test(trimmed) || TELEGRAM_BOT_PATH.test(trimmed)) return true;
  URL_PARAM.lastIndex = 0;
  for (let m = URL_PARAM.exec(trimmed); m; m = URL_PARAM.exec(trimmed)) {
    let name = m[1];
    try {
      name = decodeURIComponent(name);
    } catch {
      // A malformed escape is kept as written; it is compared as such.
    }
    name = name.toLowerCase().replace(/-/g, '_');
    if (URL_SECRET_PARAMS.has(name) || /(?:^|_)token$/.test(name)) return true;
  }
  return false;
}
