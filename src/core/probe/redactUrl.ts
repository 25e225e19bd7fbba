/**
 * A gateway URL as it may be shown or logged. A `gateway.remote.url` (or a `--url`) can carry
 * credentials: `ws://user:password@host/`, `?token=…` (OpenClaw ignores a token in the query, but
 * users paste one there anyway). Printing the URL must not print those.
 *
 * - userinfo is removed,
 * - every query value becomes `***` (the names stay: they say what was there),
 * - the fragment is dropped (`#token=` is where OpenClaw's dashboard links carry the token).
 *
 * A URL with nothing to hide comes back exactly as written (no added trailing slash), so the
 * target users see is the one they typed. Pure: no I/O, no throwing.
 */
export function redactUrl(url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed) return redactUnparsed(url);
  if (parsed.username === '' && parsed.password === '' && !url.includes('?') && !url.includes('#')) return url;
  // WHATWG URL adds "/" to a special-scheme URL without a path; keep the user's spelling.
  const hadPath = /^[a-z][a-z0-9+.-]*:[/\\]{2}[^/\\?#]*[/\\]/i.test(url.trim());
  const path = parsed.pathname === '/' && !hadPath ? '' : parsed.pathname;
  const authority = parsed.host === '' && parsed.protocol !== 'file:' ? '' : `//${parsed.host}`;
  return `${parsed.protocol}${authority}${path}${redactQuery(parsed.search)}`;
}

/** `?a=1&b` -> `?a=***&***`: a bare item may itself be the secret. */
function redactQuery(search: string): string {
  if (search === '' || search === '?') return search;
  const items = search.slice(1).split('&').map((item) => {
    if (item === '') return item;
    const eq = item.indexOf('=');
    return eq < 0 ? '***' : `${item.slice(0, eq)}=***`;
  });
  return `?${items.join('&')}`;
}

/**
 * Text that is not a URL at all (a refused `bad-url`) is still shown to say what is wrong with it:
 * the same three rules, applied to the string. Everything up to the last `@` before the query
 * counts as userinfo, which is more than a parser would take, never less.
 */
function redactUnparsed(text: string): string {
  let rest = text;
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  let query = '';
  const question = rest.indexOf('?');
  if (question >= 0) {
    query = redactQuery(rest.slice(question));
    rest = rest.slice(0, question);
  }
  const scheme = /^[a-z][a-z0-9+.-]*:[/\\]*/i.exec(rest);
  const head = scheme ? scheme[0] : '';
  const body = rest.slice(head.length);
  const at = body.lastIndexOf('@');
  return `${head}${at >= 0 ? body.slice(at + 1) : body}${query}`;
}
