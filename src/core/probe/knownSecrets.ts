import { candidateCredentials, type GatewayModel } from '../gatewayModel';
import { referencedVariables, type Environment } from '../secretValues';
import { sourceSecrets } from '../sourceSecrets';

const GATEWAY_ENV = ['OPENCLAW_GATEWAY_TOKEN', 'OPENCLAW_GATEWAY_PASSWORD'] as const;

/**
 * Every secret one run knows about, for scrubbing what the gateway sends back: not only the
 * credential of the current connection, since a diagnosis sends several on separate connections
 * and the gateway may echo an earlier one. Raw and resolved forms both count (a `${VAR}` part,
 * untrimmed text), and so do credentials inside a URL we connect to (userinfo, query values),
 * which the peer receives as well.
 */
export function knownSecrets(model: GatewayModel | undefined, env: Environment, urls: ReadonlyArray<string | undefined> = []): string[] {
  const out = new Set<string>();
  const add = (value: string | undefined): void => {
    if (value === undefined) return;
    for (const form of [value, value.trim()]) if (form !== '') out.add(form);
  };
  if (model) {
    for (const slot of Object.values(model.slots)) {
      if (slot.resolved.state === 'value') add(slot.resolved.value);
      if (slot.spec.kind === 'literal' || slot.spec.kind === 'env-shorthand') add(slot.spec.raw);
      for (const variable of referencedVariables(slot.spec)) add(env[variable]);
    }
    for (const name of GATEWAY_ENV) add(model.env[name].value);
    for (const candidate of candidateCredentials(model)) add(candidate.value);
    // The `.env` files and included files the model was assembled from hold secrets of their own.
    for (const secret of sourceSecrets(model.effective)) add(secret);
  }
  for (const name of GATEWAY_ENV) add(env[name]);
  for (const url of urls) for (const part of urlSecrets(url)) add(part);
  return [...out];
}

/** userinfo and query values of a URL (decoded and as written); nothing when it does not parse. */
function urlSecrets(url: string | undefined): string[] {
  if (!url) return [];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const parts = [parsed.username, parsed.password];
  for (const [, value] of parsed.searchParams) parts.push(value);
  for (const item of parsed.search.slice(1).split('&')) parts.push(item.slice(item.indexOf('=') + 1));
  const decoded = parts.flatMap((part) => {
    try {
      return [part, decodeURIComponent(part)];
    } catch {
      return [part];
    }
  });
  return decoded.filter((part) => part !== '');
}
