import { leafAt } from '../../effective/configSources';
import { isRemoteMode, type GatewayModel } from '../../gatewayModel';
import { msg } from '../../messages';
import { present } from '../../fixes/secretFixes';
import { encodeString, type TextEdit } from '../../fixes/textEdits';
import { tagged } from '../../fixes/sourceEdits';
import type { NetworkFacts } from '../../hostFacts';
import { defineRule, type RawFinding } from '../ruleTypes';
import { configuredOrigins, originDefect, originPart, type ConfiguredOrigin, type OriginDefect } from '../support/controlUi';
import { spanIn } from '../support/sourceSpans';

type MessageId = 'noScheme' | 'path' | 'trailingSlash' | 'credentials' | 'defaultPort' | 'unparsable' | 'wrongPort';

const MESSAGE_OF: Record<OriginDefect, MessageId> = {
  'no-scheme': 'noScheme',
  path: 'path',
  'trailing-slash': 'trailingSlash',
  credentials: 'credentials',
  'default-port': 'defaultPort',
  unparsable: 'unparsable',
};

/** Hosts the gateway itself answers on: the custom bind host and, when known, this machine's addresses (not loopback). */
function gatewayHosts(model: GatewayModel, network: NetworkFacts | undefined): Set<string> {
  const hosts = new Set<string>();
  const custom = model.customBindHost?.trim();
  if (model.bind.effective === 'custom' && custom && !custom.startsWith('127.')) hosts.add(custom);
  if (network && model.bind.effective !== 'loopback') for (const a of network.addresses) if (!a.startsWith('127.') && a !== '::1') hosts.add(a.includes(':') ? `[${a}]` : a);
  return hosts;
}

/** An http(s) origin on a host the gateway serves directly, with a port other than the gateway's (no proxy configured). */
function wrongPort(origin: ConfiguredOrigin, model: GatewayModel, network: NetworkFacts | undefined): string | undefined {
  let url: URL;
  try {
    url = new URL(origin.value.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (!gatewayHosts(model, network).has(url.hostname)) return undefined;
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return port === model.port.value ? undefined : String(port);
}

/** A proxy in front may serve the page on another port. */
function hasProxies(model: GatewayModel): boolean {
  const proxies = leafAt(model.effective.assembled.root, ['gateway', 'trustedProxies']);
  return (proxies?.node.children?.length ?? 0) > 0;
}

export const rule = defineRule({
  meta: {
    code: 'control-ui-origin-invalid',
    defaultSeverity: 'warning',
    docs: {
      summary: 'An entry of gateway.controlUi.allowedOrigins can never equal a browser\'s Origin: no scheme, a path or trailing slash, user:password@, a written default port (:80 on http, :443 on https), or a port other than gateway.port on the gateway\'s own address without a proxy in front.',
      openclaw:
        'OpenClaw compares each entry, lower-cased, with the browser\'s Origin header (scheme://host[:port], no path, no trailing slash, no default port) as whole strings. An entry of another shape matches nothing, and the browser gets "origin not allowed (open the Control UI from the gateway host or allow it in gateway.controlUi.allowedOrigins)" (details.code CONTROL_UI_ORIGIN_NOT_ALLOWED).',
      fix: 'Write the origin exactly as the browser\'s address bar shows it up to the host and port: "https://gateway.example.com" or "http://192.168.1.20:18789". The quick fix cuts a path, a trailing slash, credentials or a default port, and offers http:// or https:// for an entry without a scheme.',
    },
    messages: {
      noScheme: 'Origin "{origin}" has no scheme, so no browser Origin ever equals it ("origin not allowed"). Write it as http://{origin} or https://{origin}.',
      path: 'Origin "{origin}" has a path; a browser\'s Origin never has one, so this entry matches nothing ("origin not allowed"). Use "{fixed}".',
      trailingSlash: 'Origin "{origin}" ends with a slash; a browser\'s Origin never does, so this entry matches nothing ("origin not allowed"). Use "{fixed}".',
      credentials: 'Origin "{origin}" carries user:password@; a browser\'s Origin never does, so this entry matches nothing. Use "{fixed}".',
      defaultPort: 'Origin "{origin}" writes the scheme\'s default port; a browser leaves it out of its Origin, so this entry matches nothing. Use "{fixed}".',
      unparsable: 'Origin "{origin}" is not a valid URL, so no browser Origin ever equals it ("origin not allowed").',
      wrongPort:
        'Origin "{origin}" names the gateway\'s own address with port {port}, but the gateway listens on {gatewayPort}: a browser opening it directly sends port {gatewayPort}, so this entry matches nothing unless a proxy serves the page on {port}.',
    },
    fixes: {
      useOrigin: { summary: 'Replace the entry with its origin (scheme://host[:port]).', safe: true },
      addScheme: { summary: 'Prefix the entry with https:// or http://.', safe: false },
      useGatewayPort: { summary: 'Use gateway.port in the entry.', safe: false },
    },
  },
  check: ({ model, network }) => {
    if (!model || isRemoteMode(model)) return [];
    const out: Array<RawFinding<MessageId>> = [];
    const proxied = hasProxies(model);
    for (const origin of configuredOrigins(model)) {
      const defect = originDefect(origin.value);
      const where = spanIn(origin.node, origin.source);
      if (defect) {
        out.push({ ...where, messageId: MESSAGE_OF[defect], args: { origin: origin.value.trim(), fixed: originPart(origin.value) ?? '' } });
        continue;
      }
      const port = proxied ? undefined : wrongPort(origin, model, network);
      if (port) out.push({ ...where, messageId: 'wrongPort', args: { origin: origin.value.trim(), port, gatewayPort: String(model.port.value) } });
    }
    return out;
  },
  fixes: (finding, ctx) => {
    const origin = configuredOrigins(ctx.model).find((o) => {
      const span = spanIn(o.node, o.source);
      return span.offset === finding.offset && span.file === finding.file;
    });
    if (!origin) return [];
    const replace = (value: string): TextEdit[] => tagged([{ offset: origin.node.offset, length: origin.node.length, newText: encodeString(value, origin.node.quote === "'" ? "'" : '"') }], origin.source.kind === 'include' ? origin.source.path : undefined);
    const trimmed = origin.value.trim();
    if (finding.messageId === 'noScheme') {
      return [
        { fixId: 'addScheme', title: msg('Use "{0}"', `https://${trimmed}`), safe: false, isPreferred: true, edits: replace(`https://${trimmed}`) },
        { fixId: 'addScheme', title: msg('Use "{0}"', `http://${trimmed}`), safe: false, edits: replace(`http://${trimmed}`) },
      ];
    }
    if (finding.messageId === 'wrongPort') {
      const url = new URL(trimmed);
      url.port = String(ctx.model.port.value);
      return [{ fixId: 'useGatewayPort', title: msg('Use "{0}"', url.origin), safe: false, isPreferred: true, edits: replace(url.origin) }];
    }
    const fixed = originPart(trimmed);
    return present(fixed && finding.messageId !== 'unparsable' ? { fixId: 'useOrigin' as const, title: msg('Use "{0}"', fixed), safe: true, isPreferred: true, edits: replace(fixed) } : undefined);
  },
});
