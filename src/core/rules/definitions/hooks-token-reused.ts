import { leafAt } from '../../effective/configSources';
import { isRemoteMode, serverSecret, type CredentialSource, type GatewayModel } from '../../gatewayModel';
import { stringValue } from '../../jsonTree';
import { msg } from '../../messages';
import { envPartsOf, fingerprint, substituteEnv } from '../../secretValues';
import { setValueWhereItLives } from '../../fixes/sourceEdits';
import { stringLiteral } from '../../fixes/textEdits';
import { defineRule, type RelatedSpan } from '../ruleTypes';
import { originRelated } from '../support/envOrigins';
import { spanIn } from '../support/sourceSpans';

export const rule = defineRule({
  meta: {
    code: 'hooks-token-reused',
    defaultSeverity: 'warning',
    docs: {
      summary: 'hooks.enabled is true and hooks.token is the same secret the gateway accepts (its token, or its password in password and trusted-proxy modes).',
      openclaw:
        'The gateway starts but prints: "Security warning: hooks.token matches active Gateway shared-secret auth. Startup continues for compatibility; rotate hooks.token or Gateway auth. Run openclaw security audit for a full report, and run openclaw doctor --fix when the reused hooks.token is persisted in config." Whoever can call the hooks endpoint can also connect to the gateway.',
      fix: 'Give hooks.token its own secret, and update whatever sends the hooks.',
    },
    messages: {
      reused:
        'hooks.token is the same secret as the gateway\'s {source} ({fingerprint}): whoever can call the hooks endpoint can also connect to the gateway. The gateway starts but warns: "Security warning: hooks.token matches active Gateway shared-secret auth. Startup continues for compatibility; rotate hooks.token or Gateway auth."',
    },
    fixes: {
      generateHooksToken: { summary: 'Generate a new strong hooks.token (whatever sends hooks must then use it).', safe: false },
    },
  },
  check: ({ model }) => {
    if (!model || isRemoteMode(model)) return [];
    const root = model.effective.assembled.root;
    const enabled = leafAt(root, ['hooks', 'enabled'])?.node;
    const tokenAt = leafAt(root, ['hooks', 'token']);
    const raw = stringValue(tokenAt?.node);
    if (enabled?.type !== 'boolean' || enabled.value !== true || !tokenAt || raw === undefined) return [];
    const hooksToken = substituteEnv(raw, model.effective.gatewayEnv.values).value.trim();
    const active = activeSharedSecret(model);
    if (!hooksToken || hooksToken !== active?.value) return [];
    return [
      {
        ...spanIn(tokenAt.node, tokenAt.source),
        messageId: 'reused',
        args: { source: active.source, fingerprint: fingerprint(active.value) },
        related: relatedFor(model, active.source),
      },
    ];
  },
  fixes: (_finding, ctx) => {
    if (ctx.onlySafe) return [];
    const at = leafAt(ctx.model.effective.assembled.root, ['hooks', 'token']);
    const raw = stringValue(at?.node);
    // A reference is replaced by the user, never by a quick fix.
    if (!at || raw === undefined || envPartsOf(raw).length > 0) return [];
    const secret = ctx.generateToken();
    const edits = setValueWhereItLives(ctx.model, ctx.doc, ['hooks', 'token'], (doc) => stringLiteral(doc, secret, at.node));
    return edits ? [{ fixId: 'generateHooksToken', title: msg('Generate a new strong hooks.token'), safe: false, generatesSecret: true, edits }] : [];
  },
});

/**
 * The shared secret OpenClaw compares hooks.token with (startup-auth.ts findActiveGatewaySharedSecret):
 * the token in token mode, the password in password and trusted-proxy modes.
 */
function activeSharedSecret(model: GatewayModel): { source: CredentialSource; value: string } | undefined {
  const mode = model.authMode.effective;
  if (mode === 'token' || mode === 'password') {
    const secret = serverSecret(model);
    return secret.source && secret.resolved.state === 'value' && secret.resolved.value !== '' ? { source: secret.source, value: secret.resolved.value } : undefined;
  }
  if (mode !== 'trusted-proxy') return undefined;
  const password = model.slots['gateway.auth.password'];
  if (password.resolved.state === 'value' && password.resolved.value !== '') return { source: 'gateway.auth.password', value: password.resolved.value };
  const env = model.env.OPENCLAW_GATEWAY_PASSWORD.value;
  return env ? { source: 'OPENCLAW_GATEWAY_PASSWORD', value: env } : undefined;
}

function relatedFor(model: GatewayModel, source: CredentialSource): RelatedSpan[] {
  if (source === 'OPENCLAW_GATEWAY_TOKEN' || source === 'OPENCLAW_GATEWAY_PASSWORD') return originRelated(model.env[source].origin, msg('{0} is set here', source));
  const slot = model.slots[source];
  return slot.node ? [{ ...spanIn(slot.node, slot.source), message: msg('{0} is set here', source) }] : [];
}
