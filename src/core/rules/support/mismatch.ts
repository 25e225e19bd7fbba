import { isConfigured, isRemoteMode, type EnvSecretName, type SecretPath } from '../../gatewayModel';
import { msg } from '../../messages';
import { fingerprint } from '../../secretValues';
import { copySecret, generateForBoth, present } from '../../fixes/secretFixes';
import type { FixContext, FixProposal } from '../../fixes/fixTypes';
import type { FixDeclaration, RawFinding, RelatedSpan, RuleContext } from '../ruleTypes';
import { originPlace, originSpan } from './envOrigins';
import { nodeSpan, remoteIsThisGateway, resolvedValue } from './secretSlots';

/** The two messages of token-mismatch and password-mismatch: what differs depends on the mode. */
export const MISMATCH_MESSAGES = {
  remoteMode:
    '{remotePath} ({remoteFingerprint}) differs from {authPath} ({authFingerprint}). In remote mode this machine sends {remotePath} to {url}; {authPath} is only a fallback. If both describe the same gateway, one of them is stale and clients using it get "unauthorized: gateway {kind} mismatch".',
  localMode:
    '{remotePath} ({remoteFingerprint}) differs from {authPath} ({authFingerprint}). The gateway accepts only {authPath}: the local CLI sends it and passes, but remote-mode clients and apps that send {remotePath} get "unauthorized: gateway {kind} mismatch".',
  localModeEnv:
    '{remotePath} ({remoteFingerprint}) differs from {envName} ({envFingerprint}), which the gateway uses because {authPath} is not set; {envName} is set {where}. Remote-mode clients and apps that send {remotePath} get "unauthorized: gateway {kind} mismatch".',
} as const;

export const MISMATCH_FIXES = {
  copyAuthToRemote: { summary: 'Copy the gateway.auth value into gateway.remote (the gateway already accepts it).', safe: true },
  copyAuthToRemoteOtherGateway: {
    summary: 'Copy the gateway.auth value into gateway.remote although gateway.remote.url names another gateway (remote-mode clients then send it there).',
    safe: false,
  },
  copyRemoteToAuth: { summary: 'Copy the gateway.remote value into gateway.auth (the running gateway must restart).', safe: false },
  generateBoth: { summary: 'Generate one new strong secret for gateway.auth and gateway.remote.', safe: false },
} as const satisfies Record<string, FixDeclaration>;

type MismatchMessageId = keyof typeof MISMATCH_MESSAGES;
type MismatchFixId = keyof typeof MISMATCH_FIXES;

export function checkMismatch(kind: 'token' | 'password', { model }: RuleContext): Array<RawFinding<MismatchMessageId>> {
  if (!model) return [];
  const authPath: SecretPath = kind === 'token' ? 'gateway.auth.token' : 'gateway.auth.password';
  const remotePath: SecretPath = kind === 'token' ? 'gateway.remote.token' : 'gateway.remote.password';
  const auth = model.slots[authPath];
  const remote = model.slots[remotePath];
  const r = resolvedValue(remote);
  if (r === undefined || !remote.node) return [];
  const remoteMode = isRemoteMode(model);
  // In local mode a remote section naming another host describes that gateway: different secrets are expected.
  if (!remoteMode && !remoteIsThisGateway(model)) return [];
  if (!remoteMode && !isConfigured(auth)) return checkEnvMismatch(model, kind, authPath, remotePath, r);
  const a = resolvedValue(auth);
  if (a === undefined || a === r || !auth.node) return [];
  return [
    {
      ...nodeSpan(remote),
      messageId: remoteMode ? 'remoteMode' : 'localMode',
      args: { remotePath, remoteFingerprint: fingerprint(r), authPath, authFingerprint: fingerprint(a), url: model.remoteUrl.value ?? 'gateway.remote.url', kind },
      related: [{ ...nodeSpan(auth), message: msg('{0} is set here ({1})', authPath, fingerprint(a)) }],
      data: { slot: remotePath, otherSlot: authPath },
    },
  ];
}

/**
 * Without gateway.auth.* the gateway runs with OPENCLAW_GATEWAY_TOKEN / _PASSWORD from its own
 * environment (process, .env files, env.vars): that is what gateway.remote.* must match.
 */
function checkEnvMismatch(model: NonNullable<RuleContext['model']>, kind: 'token' | 'password', authPath: SecretPath, remotePath: SecretPath, r: string): Array<RawFinding<MismatchMessageId>> {
  const envName: EnvSecretName = kind === 'token' ? 'OPENCLAW_GATEWAY_TOKEN' : 'OPENCLAW_GATEWAY_PASSWORD';
  const variable = model.env[envName];
  const e = variable.value;
  if (e === undefined || e === r) return [];
  const place = originSpan(variable.origin);
  const related: RelatedSpan[] = place ? [{ ...place, message: msg('{0} is set here ({1}); the gateway uses it because {2} is not set', envName, fingerprint(e), authPath) }] : [];
  return [
    {
      ...nodeSpan(model.slots[remotePath]),
      messageId: 'localModeEnv',
      args: { remotePath, remoteFingerprint: fingerprint(r), envName, envFingerprint: fingerprint(e), authPath, where: originPlace(variable.origin, model), kind },
      related,
      data: { slot: remotePath, otherSlot: authPath },
    },
  ];
}

/** Copies auth into remote (safe: the gateway already accepts auth), or the reverse, or rotates both. */
export function mismatchFixes(ctx: FixContext, kind: 'token' | 'password'): Array<FixProposal<MismatchFixId>> {
  const auth = kind === 'token' ? 'gateway.auth.token' : 'gateway.auth.password';
  const remote = kind === 'token' ? 'gateway.remote.token' : 'gateway.remote.password';
  // Certain only when remote.* is this gateway (local mode, no remote.url elsewhere): the token
  // the gateway accepts then goes nowhere else.
  const certain = !isRemoteMode(ctx.model) && remoteIsThisGateway(ctx.model);
  return present(
    certain
      ? copySecret(ctx, auth, remote, { fixId: 'copyAuthToRemote', safe: true, preferred: true })
      : copySecret(ctx, auth, remote, { fixId: 'copyAuthToRemoteOtherGateway', safe: false, preferred: true }),
    copySecret(ctx, remote, auth, { fixId: 'copyRemoteToAuth', safe: false }),
    generateForBoth(ctx, kind, { fixId: 'generateBoth' }),
  );
}
