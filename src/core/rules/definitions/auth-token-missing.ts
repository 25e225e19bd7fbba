import { isConfigured, isRemoteMode } from '../../gatewayModel';
import { copySecret, generateForBoth, present } from '../../fixes/secretFixes';
import { msg } from '../../messages';
import { defineRule } from '../ruleTypes';
import { nodeSpan } from '../support/secretSlots';
import { behaviourFor, byRelease, releaseOf, type ReleaseBehaviour } from '../support/versionRanges';

type Id = 'authTokenUnset' | 'tokenWrittenToFile' | 'runtimeToken' | 'authTokenUnsetByRelease';

/** What a gateway started in token mode without a token does (openclaw-versions.md §1, scenario S2). */
const WITHOUT_TOKEN: ReadonlyArray<ReleaseBehaviour<Id>> = [
  { through: '2026.4', messageId: 'tokenWrittenToFile', does: msg('the gateway generates a token and writes it into openclaw.json (keeping a .bak), so clients sending gateway.remote.token get AUTH_TOKEN_MISMATCH') },
  { from: '2026.5', through: '2026.7', messageId: 'runtimeToken', does: msg('the gateway starts with a one-time token only it knows, so every client gets AUTH_TOKEN_MISMATCH') },
  { from: '2026.8', messageId: 'authTokenUnset', does: msg('the gateway starts without a token and rejects every client with AUTH_TOKEN_NOT_CONFIGURED') },
];

export const rule = defineRule({
  meta: {
    code: 'auth-token-missing',
    defaultSeverity: 'error',
    docs: {
      summary: "Token auth, gateway.remote.token set, but no gateway.auth.token and no OPENCLAW_GATEWAY_TOKEN in the gateway's environment, its .env files or env.vars.",
      openclaw:
        'Up to 2026.4.x the gateway generates a token and writes it into openclaw.json (keeping a .bak): clients sending gateway.remote.token get AUTH_TOKEN_MISMATCH, and the next check reports token-mismatch on a file you did not edit. 2026.5 to 2026.7.x start with a one-time token only the gateway knows (AUTH_TOKEN_MISMATCH). From 2026.8 the gateway starts without a token and rejects every client with AUTH_TOKEN_NOT_CONFIGURED ("gateway token not configured on gateway"). gateway.remote.token only says what clients send.',
      fix: 'Copy gateway.remote.token into gateway.auth.token, or generate a new token for both.',
    },
    releaseTables: [WITHOUT_TOKEN],
    messages: {
      authTokenUnset:
        'gateway.auth.token is not set, so the gateway runs without a token and rejects every client with AUTH_TOKEN_NOT_CONFIGURED ("gateway token not configured on gateway"). gateway.remote.token only says what clients send; it does not configure the gateway.',
      tokenWrittenToFile:
        'gateway.auth.token is not set. OpenClaw {release} (up to 2026.4.x) then generates a token at start and writes it into openclaw.json as gateway.auth.token (keeping a .bak): clients sending gateway.remote.token get AUTH_TOKEN_MISMATCH, and the file changes under you. gateway.remote.token only says what clients send; it does not configure the gateway.',
      runtimeToken:
        'gateway.auth.token is not set. OpenClaw {release} (2026.5 to 2026.7.x) then starts with a one-time token that only the running gateway knows, so every client gets AUTH_TOKEN_MISMATCH. gateway.remote.token only says what clients send; it does not configure the gateway.',
      authTokenUnsetByRelease:
        'gateway.auth.token is not set, and gateway.remote.token only says what clients send; it does not configure the gateway. What the gateway does then depends on the release: {releases}',
    },
    fixes: {
      copyRemoteToAuth: { summary: 'Copy gateway.remote.token into gateway.auth.token (the running gateway must restart).', safe: false },
      generateBoth: { summary: 'Generate one new strong token for gateway.auth.token and gateway.remote.token.', safe: false },
    },
  },
  check: (ctx) => {
    const { model } = ctx;
    if (!model || isRemoteMode(model) || model.authMode.effective !== 'token' || model.hasInclude) return [];
    const auth = model.slots['gateway.auth.token'];
    const remote = model.slots['gateway.remote.token'];
    if (isConfigured(auth) || !isConfigured(remote) || model.env.OPENCLAW_GATEWAY_TOKEN.value !== undefined || !remote.node) return [];
    const release = releaseOf(ctx, 'gateway');
    const behaviour = behaviourFor(WITHOUT_TOKEN, release);
    const data = { slot: 'gateway.remote.token', otherSlot: 'gateway.auth.token' } as const;
    if (!behaviour) return [{ ...nodeSpan(remote), messageId: 'authTokenUnsetByRelease', args: { releases: byRelease(WITHOUT_TOKEN) }, data }];
    return [{ ...nodeSpan(remote), messageId: behaviour.messageId, args: { release: release ?? '' }, data }];
  },
  fixes: (_finding, ctx) =>
    present(
      copySecret(ctx, 'gateway.remote.token', 'gateway.auth.token', { fixId: 'copyRemoteToAuth', safe: false, preferred: true }),
      generateForBoth(ctx, 'token', { fixId: 'generateBoth' }),
    ),
});
