import type { EnvSecret } from '../../gatewayModel';
import { msg, type Message } from '../../messages';
import { fingerprint } from '../../secretValues';
import { defineRule, type RelatedSpan, type Span } from '../ruleTypes';
import { originPlace, originSpan, urlTarget } from '../support/envOrigins';

/**
 * OPENCLAW_GATEWAY_URL in the CLI's environment overrides the target (connection-details.ts), and
 * with an env override the CLI takes credentials from OPENCLAW_GATEWAY_TOKEN / _PASSWORD only
 * (credentials.ts resolveGatewayCredentialsFromConfig, urlOverrideSource "env"); without either it
 * refuses before connecting (client-bootstrap.ts ensureExplicitGatewayAuth).
 */

function sentCredentials(token: EnvSecret, password: EnvSecret): Message | undefined {
  if (token.value !== undefined && password.value !== undefined) {
    return msg('OPENCLAW_GATEWAY_TOKEN ({0}) and OPENCLAW_GATEWAY_PASSWORD ({1})', fingerprint(token.value), fingerprint(password.value));
  }
  if (token.value !== undefined) return msg('OPENCLAW_GATEWAY_TOKEN ({0})', fingerprint(token.value));
  if (password.value !== undefined) return msg('OPENCLAW_GATEWAY_PASSWORD ({0})', fingerprint(password.value));
  return undefined;
}

export const rule = defineRule({
  meta: {
    code: 'client-url-override',
    defaultSeverity: 'warning',
    docs: {
      summary: "OPENCLAW_GATEWAY_URL is set in the OpenClaw CLI's environment (the process environment, a .env file or env.vars): the CLI connects there and ignores the credentials in the config.",
      openclaw:
        'With OPENCLAW_GATEWAY_URL set, the CLI connects to that URL and sends only OPENCLAW_GATEWAY_TOKEN / OPENCLAW_GATEWAY_PASSWORD; "config credentials are intentionally not reused." Without either variable every command stops before connecting: "gateway url override requires explicit credentials" (observed on 2026.9.6).',
      fix: 'Unset OPENCLAW_GATEWAY_URL and use gateway.remote.url, or set OPENCLAW_GATEWAY_TOKEN (or OPENCLAW_GATEWAY_PASSWORD) next to it.',
    },
    messages: {
      noCredentials:
        'OPENCLAW_GATEWAY_URL is set {where} ({url}), so the OpenClaw CLI connects there and sends none of the credentials in this config: "config credentials are intentionally not reused." Neither OPENCLAW_GATEWAY_TOKEN nor OPENCLAW_GATEWAY_PASSWORD is set for it, so every CLI command stops before connecting with "gateway url override requires explicit credentials".',
      envCredentials:
        'OPENCLAW_GATEWAY_URL is set {where} ({url}), so the OpenClaw CLI connects there and sends {sent} from its environment instead of the credentials in this config ("config credentials are intentionally not reused").',
    },
  },
  check: ({ model, doc }) => {
    if (!model) return [];
    const variable = model.effective.clientEnv.get('OPENCLAW_GATEWAY_URL');
    if (!variable?.value.trim()) return [];
    const fromFile = originSpan(variable.origin);
    const key = model.gatewayProperty?.children?.[0];
    // A process variable has no place of its own: the gateway section stands for it.
    const span: Span = fromFile ?? (key ? { offset: key.offset, length: key.length } : { offset: 0, length: doc.root ? 1 : 0 });
    const url = urlTarget(variable.value) ?? fingerprint(variable.value);
    const where = originPlace(variable.origin, model);
    const { OPENCLAW_GATEWAY_TOKEN: token, OPENCLAW_GATEWAY_PASSWORD: password } = model.clientEnv;
    const sent = sentCredentials(token, password);
    if (!sent) return [{ ...span, messageId: 'noCredentials', args: { where, url } }];
    const related: RelatedSpan[] = [];
    for (const secret of [token, password]) {
      const place = originSpan(secret.origin);
      if (place && secret.value !== undefined) related.push({ ...place, message: msg('{0} is set here ({1}); the CLI sends it to OPENCLAW_GATEWAY_URL', secret.name, fingerprint(secret.value)) });
    }
    return [{ ...span, messageId: 'envCredentials', args: { where, url, sent }, related }];
  },
});
