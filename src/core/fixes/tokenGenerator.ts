import { randomBytes } from 'node:crypto';

/** OpenClaw's own format (src/commands/random-token.ts): 24 random bytes as 48 hex characters. */
export function generateGatewayToken(): string {
  return randomBytes(24).toString('hex');
}
