import type { GatewayModel, SecretPath, SecretSlot } from '../../gatewayModel';
import { isLoopbackHost } from '../../probe/probeTarget';
import type { Finding, FixDeclaration, Span } from '../ruleTypes';
import { spanIn } from './sourceSpans';

/** The four secret fields of the gateway section, in the order findings about them are reported. */
export const ALL_SLOTS: readonly SecretPath[] = ['gateway.auth.token', 'gateway.remote.token', 'gateway.auth.password', 'gateway.remote.password'];

export function resolvedValue(slot: SecretSlot): string | undefined {
  return slot.resolved.state === 'value' ? slot.resolved.value : undefined;
}

/** Slots whose value is plain text in the file (no env reference), with their value node. */
export function literalSlots(model: GatewayModel): Array<SecretSlot & { raw: string }> {
  const out: Array<SecretSlot & { raw: string }> = [];
  for (const path of ALL_SLOTS) {
    const slot = model.slots[path];
    if (slot.spec.kind === 'literal' && slot.node) out.push({ ...slot, raw: slot.spec.raw });
  }
  return out;
}

/** The span of a secret's value, in the file that holds it (the config or an included file). */
export function nodeSpan(slot: SecretSlot): Span {
  return slot.node ? spanIn(slot.node, slot.source) : { offset: 0, length: 0 };
}

/** Whether a finding is about a token or a password (from the slot it names). */
export function kindOf(finding: Finding): 'token' | 'password' {
  return finding.data.slot?.endsWith('password') ? 'password' : 'token';
}

/**
 * Whether gateway.remote.* can describe this machine's own gateway: no remote.url, or one on
 * loopback. A remote.url naming another host means remote.token is that gateway's secret, and
 * copying this gateway's token there would send it to the other host.
 */
export function remoteIsThisGateway(model: GatewayModel): boolean {
  const url = model.remoteUrl.value?.trim();
  if (!url) return true;
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** The cure for a secret that is weak, a placeholder or hard to copy: one new secret for both places. */
export const GENERATE_BOTH_FIX = {
  summary: 'Generate one new strong secret and write it to gateway.auth and gateway.remote.',
  safe: false,
} as const satisfies FixDeclaration;
