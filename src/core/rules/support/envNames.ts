/** The OPENCLAW_* names OpenClaw reads (credential-planner.ts, paths.ts, connection-details.ts, net.ts). */
export const READ_ENV_NAMES = [
  'OPENCLAW_GATEWAY_TOKEN',
  'OPENCLAW_GATEWAY_PASSWORD',
  'OPENCLAW_GATEWAY_PORT',
  'OPENCLAW_GATEWAY_URL',
  'OPENCLAW_ALLOW_INSECURE_PRIVATE_WS',
  'OPENCLAW_CONFIG_PATH',
  'OPENCLAW_STATE_DIR',
  'OPENCLAW_HOME',
  'OPENCLAW_PROFILE',
  'OPENCLAW_INCLUDE_ROOTS',
] as const;

const SECRET_WORD = /(?:TOKEN|PASSWORD|PASSWD|PASS|SECRET|KEY)$/;

/** The name OpenClaw reads that a look-alike variable was most likely meant to be. */
export function intendedEnvName(name: string): string | undefined {
  if ((READ_ENV_NAMES as readonly string[]).includes(name)) return undefined;
  const upper = name.toUpperCase();
  if ((READ_ENV_NAMES as readonly string[]).includes(upper)) return upper;
  if (!upper.includes('CLAW')) {
    return /^GATEWAY_(?:AUTH_)?TOKEN$/.test(upper) ? 'OPENCLAW_GATEWAY_TOKEN' : /^GATEWAY_(?:AUTH_)?PASSWORD$/.test(upper) ? 'OPENCLAW_GATEWAY_PASSWORD' : undefined;
  }
  // Only gateway look-alikes: channel and provider tokens (OPENCLAW_TELEGRAM_TOKEN) are other things.
  const aboutGateway = /GATEWAY|_GW_/.test(upper);
  const generic = /^(?:OPEN_?CLAW|CLAW|CLAWDBOT|MOLTBOT)_(?:AUTH_)?(?:TOKEN|PASSWORD|PASSWD|PASS|SECRET)$/.test(upper);
  if (!aboutGateway && !generic) return undefined;
  if (/(?:URL|HOST)$/.test(upper)) return 'OPENCLAW_GATEWAY_URL';
  if (upper.endsWith("PORT")) return 'OPENCLAW_GATEWAY_PORT';
  if (!SECRET_WORD.test(upper)) return undefined;
  if (/(?:PASSWORD|PASSWD|PASS)$/.test(upper)) return 'OPENCLAW_GATEWAY_PASSWORD';
  return 'OPENCLAW_GATEWAY_TOKEN';
}
