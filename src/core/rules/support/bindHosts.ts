import type { NetworkFacts } from '../../hostFacts';

/*
 * What OpenClaw's bind resolution (src/gateway/net.ts resolveGatewayBindHost, src/infra/tailnet.ts)
 * decides from the machine's interfaces, for the rules that say where the gateway will listen.
 */

/** OpenClaw's isValidIPv4: four decimal parts 0-255, no leading zeros (ipaddr.js isValidFourPartDecimal). */
export function isCanonicalIPv4(host: string): boolean {
  return /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(host);
}

/** Tailscale's CGNAT range 100.64.0.0/10, the only addresses OpenClaw takes for bind "tailnet". */
export function isTailnetIPv4(address: string): boolean {
  if (!isCanonicalIPv4(address)) return false;
  const [first, second] = address.split('.').map(Number);
  return first === 100 && second >= 64 && second <= 127;
}

/** The address bind "tailnet" would use, or undefined when the machine has none (then: loopback). */
export function tailnetAddress(network: NetworkFacts): string | undefined {
  return network.addresses.find(isTailnetIPv4);
}

/**
 * Whether a listener can bind this IPv4 on the machine: one of its addresses, the wildcard, or
 * loopback (Linux answers for all of 127.0.0.0/8 on `lo`).
 */
export function canBindIPv4(host: string, network: NetworkFacts): boolean {
  if (host === '0.0.0.0' || host.startsWith('127.')) return true;
  return network.addresses.includes(host);
}
