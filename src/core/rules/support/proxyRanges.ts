import { mergedAt, type ConfigSource } from '../../effective/configSources';
import type { GatewayModel } from '../../gatewayModel';
import { stringValue, type JsonNode } from '../../jsonTree';
import { msg, type Message } from '../../messages';
import { isCanonicalIPv4 } from './bindHosts';

export interface ProxyEntry {
  value: string;
  node: JsonNode;
  source: ConfigSource;
}

/** Every string of gateway.trustedProxies across files (included arrays concatenate). */
export function proxyEntries(model: GatewayModel): ProxyEntry[] {
  const list = mergedAt(model.effective.assembled.root, ['gateway', 'trustedProxies']);
  if (list?.kind !== 'leaf') return [];
  const out: ProxyEntry[] = [];
  for (const part of list.arrayParts ?? [list.at]) {
    for (const item of part.node.type === 'array' ? (part.node.children ?? []) : []) {
      const value = stringValue(item)?.trim();
      if (value) out.push({ value, node: item, source: part.source });
    }
  }
  return out;
}

function ipv4Number(address: string): number {
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** Whether an IPv4 range contains 127.0.0.1. */
function v4ContainsLoopback(base: string, prefix: number): boolean {
  if (prefix === 0) return true;
  const size = 2 ** (32 - prefix);
  return Math.floor(ipv4Number(base) / size) === Math.floor(ipv4Number('127.0.0.1') / size);
}

/**
 * What a trustedProxies entry (an address or CIDR, OpenClaw's isIpInCidr) covers: `broad` names a
 * range far wider than any proxy (a prefix shorter than /8 for IPv4, /16 for IPv6, all of IPv4
 * written as mapped IPv6), `loopback` says whether 127.0.0.1 or ::1 falls inside.
 */
export function proxyEntryScope(entry: string): { broad?: Message; loopback: boolean } {
  const [address, prefixText] = entry.split('/');
  const prefix = prefixText === undefined ? undefined : Number(prefixText);
  const lower = address.toLowerCase();
  if (isCanonicalIPv4(address)) {
    const bits = prefix ?? 32;
    const loopback = Number.isInteger(bits) && bits >= 0 && bits <= 32 && v4ContainsLoopback(address, bits);
    if (bits === 0) return { broad: msg('every IPv4 address'), loopback };
    if (bits < 8) return { broad: msg('{0} IPv4 addresses', 2 ** (32 - bits)), loopback };
    return { loopback };
  }
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+|[0:]+)$/.exec(lower);
  if (mapped) {
    const bits = prefix ?? 128;
    const v4 = mapped[1].includes('.') ? mapped[1] : '0.0.0.0';
    const loopback = bits >= 96 && bits <= 128 && v4ContainsLoopback(v4, bits - 96);
    if (bits <= 96) return { broad: msg('every IPv4 address'), loopback };
    if (bits < 104) return { broad: msg('{0} IPv4 addresses', 2 ** (128 - bits)), loopback };
    return { loopback };
  }
  if (lower.includes(':')) {
    const bits = prefix ?? 128;
    const loopback = /^(?:0*:)*:?0*1$/.test(lower) || /^::1$/.test(lower) || bits === 0;
    if (bits === 0) return { broad: msg('every IPv6 address'), loopback: true };
    if (bits < 16) return { broad: msg('a /{0} of IPv6', bits), loopback };
    return { loopback };
  }
  return { loopback: false };
}
