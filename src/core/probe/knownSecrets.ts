import { configEnvEntries } from '../effective/environmentLayers';
import { candidateCredentials, type GatewayModel } from '../gatewayModel';
import { referencedVariables, type Environment } from '../secretValues';
import { MIN_NAMED_SECRET, sourceSecrets } from '../sourceSecrets';

const GATEWAY_ENV = ['OPENCLAW_GATEWAY_TOKEN', 'OPENCLAW_GATEWAY_PASSWORD'] as const;

/**
 * The variable names OpenClaw itself treats as secret (the name part of its SENSITIVE_PATTERNS,
 * secretKeys.ts; the config-path hints there do not apply to variables and would weigh on the
 * extension's bundle).
 */
const SECRET_VARIABLE = /token$|password|secret|api.?key|encrypt.?key|private.?key/i;
/** A URL that carries a password in its user info (`postgres://user:pass@host`). */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s:@]*:[^/?#\s@]+@/i;


/**
 * Every secret one run knows about, for scrubbing what the gateway sends back and masking diffs:
 * not only the credential of the current connection, since a diagnosis sends several on separate
 * connections and the gateway may echo an earlier one. Raw and resolved forms both count (a
 * `${VAR}` part, untrimmed text), from every source the settings were assembled from: the config
 * and its includes (also values the merge replaced), both environments, every `.env` file read
 * (the gateway environment file among them), env.vars, and what secret files gave; and so do
 * credentials inside a URL we connect to (userinfo, query values), which the peer receives too.
 */
export function knownSecrets(model: GatewayModel | undefined, env: Environment, urls: ReadonlyArray<string | undefined> = []): string[] {
  const out = new Set<string>();
  const add = (value: string | undefined): void => {
    if (value === undefined) return;
    for (const form of [value, value.trim()]) if (form !== '') out.add(form);
  };
  if (model) {
    const { effective } = model;
    const views = [effective.gatewayEnv, effective.clientEnv];
    const referenced = new Set<string>();
    for (const slot of Object.values(model.slots)) {
      for (const resolved of [slot.resolved, slot.clientResolved]) if (resolved.state === 'value') add(resolved.value);
      if (slot.fileSecret?.state === 'value') add(slot.fileSecret.value);
      if (slot.spec.kind === 'literal' || slot.spec.kind === 'env-shorthand') add(slot.spec.raw);
      for (const variable of referencedVariables(slot.spec)) {
        referenced.add(variable);
        add(env[variable]);
        for (const view of views) add(view.values[variable]);
      }
    }
    for (const name of GATEWAY_ENV) {
      add(model.env[name].value);
      add(model.clientEnv[name].value);
    }
    for (const candidate of candidateCredentials(model)) add(candidate.value);
    // Anything else that looks secret, wherever it was written, whether OpenClaw applies it or not.
    const addNamed = (name: string, value: string): void => {
      if (referenced.has(name) || URL_WITH_PASSWORD.test(value.trim()) || (SECRET_VARIABLE.test(name) && value.trim().length >= MIN_NAMED_SECRET)) add(value);
    };
    for (const source of effective.dotenv) for (const entry of source.doc.entries) addNamed(entry.key, entry.value);
    for (const entry of configEnvEntries(effective.assembled.root)) addNamed(entry.name, entry.value);
    for (const view of views) {
      for (const [name, value] of Object.entries(view.values)) if (value !== undefined) addNamed(name, value);
      for (const ignored of view.ignored) addNamed(ignored.variable.name, ignored.variable.value);
    }
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
