import { isIP } from 'node:net';

/** OpenClaw's isSecureWebSocketUrl: hosts where plaintext ws:// is allowed. */
export function plaintextAllowedHost(hostname: string, env: Readonly<Record<string, string | undefined>>): boolean {
  let host = hostname.toLowerCase().replace(/\.+$/, '');
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const family = isIP(host);
  if (family === 4) {
    const [a, b] = host.split('.').map(Number);
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  if (family === 6) {
    if (host === '::1') return true;
    if (host === '::' || host.startsWith('ff')) return false;
    return /^fe[89ab]/.test(host) || /^f[cd]/.test(host) || /^::ffff:(127|10)\./.test(host);
  }
  if (host.endsWith('.local') || host.endsWith('.ts.net')) return true;
  return env.OPENCLAW_ALLOW_INSECURE_PRIVATE_WS === '1';
}
