import { isConfigured } from '../../gatewayModel';
import { msg } from '../../messages';
import { present, replaceWith } from '../../fixes/secretFixes';
import { setValuesWhereTheyLive } from '../../fixes/sourceEdits';
import { stringLiteral } from '../../fixes/textEdits';
import { sourceSpanOfDecoded } from '../../stringOffsets';
import { defineRule } from '../ruleTypes';
import { fileOf } from '../support/sourceSpans';

/** Query, fragment and userinfo parts that carry a credential, with their place in the URL text. */
interface UrlSecret {
  part: 'userinfo' | 'query' | 'fragment';
  /** The parameter's name (never its value); empty for userinfo. */
  name: string;
  value: string;
  start: number;
  end: number;
}

const CREDENTIAL_NAME = /token|passw|pass$|^pw$|secret|key|auth|sig|credential/i;

function findUrlSecrets(url: string, knownSecrets: ReadonlySet<string>): UrlSecret[] {
  const out: UrlSecret[] = [];
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  if (!scheme) return out;
  const authorityStart = scheme[0].length;
  const authorityEnd = url.slice(authorityStart).search(/[/?#]/);
  const authority = url.slice(authorityStart, authorityEnd < 0 ? url.length : authorityStart + authorityEnd);
  const at = authority.lastIndexOf('@');
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    // A bare user name is not a secret, but a token pasted as one (ws://TOKEN@host) is.
    if (userinfo.includes(':') || userinfo.length >= 16 || knownSecrets.has(decodeSafe(userinfo))) {
      out.push({ part: 'userinfo', name: '', value: userinfo, start: authorityStart, end: authorityStart + at });
    }
  }
  const params = (part: 'query' | 'fragment', from: number, to: number): void => {
    let offset = from;
    for (const pair of url.slice(from, to).split('&')) {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      const value = eq < 0 ? '' : pair.slice(eq + 1);
      if (value !== '' && (CREDENTIAL_NAME.test(decodeSafe(name)) || knownSecrets.has(decodeSafe(value)))) {
        out.push({ part, name: decodeSafe(name).slice(0, 40), value, start: offset + eq + 1, end: offset + pair.length });
      }
      offset += pair.length + 1;
    }
  };
  const hash = url.indexOf('#');
  const question = url.indexOf('?');
  if (question >= 0 && (hash < 0 || question < hash)) params('query', question + 1, hash < 0 ? url.length : hash);
  if (hash >= 0) params('fragment', hash + 1, url.length);
  return out;
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** The URL without userinfo, query and fragment: what OpenClaw actually uses of it. */
function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString().replace(/\/$/, url.replace(/[?#].*$/, '').endsWith('/') ? '/' : '');
  } catch {
    return url.replace(/\/\/[^/@?#]*@/, '//').replace(/[?#].*$/, '');
  }
}

export const rule = defineRule({
  meta: {
    code: 'remote-url-secret',
    defaultSeverity: 'error',
    docs: {
      summary: 'gateway.remote.url carries a credential: user:password@, or a token, password or key in its query string or fragment.',
      openclaw: 'OpenClaw ignores credentials in the WebSocket URL (a "?token=" is not read; the gateway then answers "device identity required"). The secret still ends up in logs, shell history, process lists and every place the URL is copied to.',
      fix: 'Put the token in gateway.remote.token and remove it from the URL.',
    },
    messages: {
      userinfo: 'gateway.remote.url carries credentials before the host (user:password@). OpenClaw does not send them, and the URL with the secret in it ends up in logs and shell history. Use gateway.remote.token and remove them from the URL.',
      parameter:
        'gateway.remote.url carries a credential in its {part} ("{name}"). OpenClaw ignores it for WebSocket auth (the gateway then answers "device identity required"), and the URL with the secret in it ends up in logs and shell history. Put the token in gateway.remote.token and remove it from the URL.',
    },
    fixes: {
      moveToRemoteToken: { summary: 'Move the token from the URL into gateway.remote.token.', safe: false },
      removeFromUrl: { summary: 'Remove the credentials from gateway.remote.url.', safe: false },
    },
  },
  check: ({ model, doc }) => {
    const node = model?.remoteUrl.node;
    const url = model?.remoteUrl.value;
    if (!model || !node || url === undefined) return [];
    const known = new Set<string>();
    for (const slot of Object.values(model.slots)) if (slot.resolved.state === 'value' && slot.resolved.value !== '') known.add(slot.resolved.value);
    return findUrlSecrets(url, known).map((secret) => ({
      ...sourceSpanOfDecoded(model.remoteUrl.source?.doc.text ?? doc.text, node, secret.start, secret.end),
      ...fileOf(model.remoteUrl.source),
      messageId: secret.part === 'userinfo' ? ('userinfo' as const) : ('parameter' as const),
      args: { part: secret.part === 'query' ? msg('query string') : msg('fragment'), name: secret.name },
    }));
  },
  fixes: (_finding, ctx) => {
    const node = ctx.model.remoteUrl.node;
    const url = ctx.model.remoteUrl.value;
    if (!node || url === undefined) return [];
    const remove = replaceWith(ctx, ['gateway', 'remote', 'url'], (doc) => stringLiteral(doc, withoutCredentials(url), node), { fixId: 'removeFromUrl', title: msg('Remove the credentials from gateway.remote.url'), safe: false });
    const tokenParam = findUrlSecrets(url, new Set()).find((s) => s.part !== 'userinfo' && /token/i.test(s.name));
    if (!tokenParam || isConfigured(ctx.model.slots['gateway.remote.token'])) return present(remove);
    const edits = setValuesWhereTheyLive(ctx.model, ctx.doc, [
      { keys: ['gateway', 'remote', 'token'], valueText: (doc) => stringLiteral(doc, decodeSafe(tokenParam.value)) },
      { keys: ['gateway', 'remote', 'url'], valueText: (doc) => stringLiteral(doc, withoutCredentials(url)) },
    ]);
    const move = edits ? { fixId: 'moveToRemoteToken' as const, title: msg('Move the token from gateway.remote.url into gateway.remote.token'), safe: false, isPreferred: true, edits } : undefined;
    return present(move, remove);
  },
});
