import type { EffectiveConfig } from './effective/effectiveConfig';
import { findProperty, keyOf, stringValue, type JsonNode } from './jsonTree';
import { isSecretKey, isSecretShapedValue } from './secretKeys';

/*
 * Secrets written in the files a config pulls in, beyond its gateway credentials: every value of
 * a `.env` file (and of a `--gateway-env-file`) under a secret-looking name or of a secret shape,
 * and every value under a secret key of an included file, judged at the path where that file is
 * mounted. Whatever prints text from those files (a diff, a gateway's answer) hides them by value.
 */

/**
 * Values caught by their name alone must be this long: a shorter one is more likely a flag ("true",
 * "1") than a secret, and hiding it by value would blank ordinary words in diffs and gateway answers.
 * (A diff still masks it by place.)
 */
export const MIN_NAMED_SECRET = 8;

/** A whole-value `${VAR}` names a variable; it is not a secret (OpenClaw leaves it unredacted too). */
export function isEnvPlaceholder(value: string): boolean {
  return /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(value.trim());
}

function isSecretRef(node: JsonNode): boolean {
  return stringValue(findProperty(node, 'source')) !== undefined && stringValue(findProperty(node, 'id')) !== undefined;
}

function collectJson(node: JsonNode | undefined, path: string[], add: (value: string) => void): void {
  if (!node) return;
  switch (node.type) {
    case 'object':
      // A SecretRef says where a secret lives (source, provider, id): none of it is the secret.
      if (isSecretKey(path) && isSecretRef(node)) return;
      for (const property of node.children ?? []) {
        path.push(keyOf(property));
        collectJson(property.children?.[1], path, add);
        path.pop();
      }
      return;
    case 'array':
      for (const element of node.children ?? []) collectJson(element, path, add);
      return;
    case 'string': {
      const value = typeof node.value === 'string' ? node.value : '';
      if ((isSecretKey(path) && !isEnvPlaceholder(value)) || isSecretShapedValue(value)) add(value);
      return;
    }
    case 'number':
      if (isSecretKey(path)) add(String(node.value));
      return;
    case 'boolean':
    case 'null':
    case 'property':
      return;
  }
}

function unquoted(written: string, quote: string | undefined): string {
  if (!quote || !written.startsWith(quote)) return written;
  return written.length >= 2 && written.endsWith(quote) ? written.slice(1, -1) : written.slice(1);
}

/** Secret values of the `.env` files and included files an analysis read (raw and decoded forms). */
export function sourceSecrets(effective: EffectiveConfig): string[] {
  const out = new Set<string>();
  const add = (value: string): void => {
    if (value.trim().length >= MIN_NAMED_SECRET || (value.trim() !== '' && isSecretShapedValue(value))) out.add(value);
  };
  for (const source of effective.dotenv) {
    const { doc } = source;
    for (const entry of doc.entries) {
      // Every assignment counts, the ones OpenClaw ignores too: they are secrets all the same.
      if (!isSecretKey([entry.key]) && !isSecretShapedValue(entry.value)) continue;
      add(entry.value);
      // As written, escapes and all: what a diff of the file shows.
      add(unquoted(doc.text.slice(entry.valueOffset, entry.valueOffset + entry.valueLength), entry.quote));
    }
    for (const [key, value] of Object.entries(doc.parsed)) if (isSecretKey([key]) || isSecretShapedValue(value)) add(value);
  }
  for (const source of effective.assembled.sources) {
    if (source.kind === 'include') collectJson(source.doc.root, [...source.mount], add);
  }
  return [...out];
}
