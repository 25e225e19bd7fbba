import { neutralizeControls } from '../safeText';

/**
 * Everything a gateway sends is untrusted: the peer may be someone else's server (a remote URL),
 * or a process squatting on the port. A hostile peer can echo a secret it was sent (or one sent
 * on an earlier connection of the same diagnosis) in any field we show, and can put terminal
 * escapes or bidi overrides in it. So every string from a gateway passes through here before it
 * reaches a ProbeResult:
 *
 * - free text (error.message, close reasons) is withheld entirely when it contains a known secret
 *   or any 8-character piece of one, case-insensitively (an uppercased hex token is as good as
 *   the token). The check runs on the whole text before it is cut, so a secret split by the cut
 *   cannot leak its head; then control characters are escaped and the text is cut;
 * - codes and versions must have the shape the real gateway uses, and also pass the secret check;
 *   anything else becomes null.
 */

/** Longest gateway text shown; the real messages are under 200 characters. */
export const GATEWAY_TEXT_MAX = 300;
/** A piece this long of a secret is enough to narrow a brute force; shorter pieces occur by chance. */
const PIECE = 8;
/** Secrets shorter than this would match ordinary words; they are too weak to protect anyway. */
const MIN_SECRET = 4;

const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;
const VERSION = /^\d{4}\.\d{1,2}\.\d{1,3}([-.+][0-9A-Za-z.]{1,32})?$/;
const WORD = /^[a-z][a-z0-9_-]{0,31}$/;
/** OpenClaw's own pattern for pairing request ids (PAIRING_CONNECT_REQUEST_ID_PATTERN, connect-error-details). */
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
/** A device id is the hex SHA-256 of the device's Ed25519 public key (deriveDeviceIdFromPublicKey). */
const DEVICE_ID = /^[0-9a-f]{64}$/;
/** An auth reason such as `trusted_proxy_loopback_source` or `trusted_proxy_missing_header_x-forwarded-user`. */
const REASON = /^[a-z][a-z0-9_-]{0,79}$/;
/** hello-ok.server.buildId (`2026.9.6-release-eb377ac59e6c-2026-09-23T16-33-12.144Z`) and bootId (a UUID). */
const BUILD_ID = /^[0-9A-Za-z][0-9A-Za-z._:+-]{0,127}$/;

/** Finds known secrets, or pieces of them, in text. */
export class SecretMatcher {
  private readonly pieces = new Set<string>();
  private readonly whole: string[] = [];

  constructor(secrets: readonly string[]) {
    for (const raw of secrets) {
      for (const secret of new Set([raw, raw.trim()])) {
        if (secret.length < MIN_SECRET) continue;
        const lower = secret.toLowerCase();
        if (lower.length <= PIECE) this.whole.push(lower);
        else for (let i = 0; i + PIECE <= lower.length; i++) this.pieces.add(lower.slice(i, i + PIECE));
      }
    }
  }

  /** True when `text` holds a short secret whole, or any 8-character piece of a longer one. */
  touches(text: string): boolean {
    const lower = text.toLowerCase();
    if (this.whole.some((secret) => lower.includes(secret))) return true;
    if (this.pieces.size === 0) return false;
    for (let i = 0; i + PIECE <= lower.length; i++) if (this.pieces.has(lower.slice(i, i + PIECE))) return true;
    return false;
  }
}

export type GatewayText = { kind: 'text'; text: string } | { kind: 'withheld' };

/** Free text from the gateway, ready to show; undefined when the gateway sent none. */
export function gatewayText(value: unknown, secrets: SecretMatcher): GatewayText | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  if (secrets.touches(value)) return { kind: 'withheld' };
  let text = neutralizeControls(value);
  // An escape such as "\x1b" could complete a piece of a secret that holds such text: check again.
  if (secrets.touches(text)) return { kind: 'withheld' };
  if (text.length > GATEWAY_TEXT_MAX) {
    text = text.slice(0, GATEWAY_TEXT_MAX);
    // Never end on half of a surrogate pair.
    if (/[\ud800-\udbff]$/.test(text)) text = text.slice(0, -1);
    text += '…';
  }
  return { kind: 'text', text };
}

/** An error code (`AUTH_TOKEN_MISMATCH`), or null when the value does not look like one. */
export function gatewayCode(value: unknown, secrets: SecretMatcher): string | null {
  return typeof value === 'string' && CODE.test(value) && !secrets.touches(value) ? value : null;
}

/** hello-ok.server.version (`2026.9.6`, `2026.9.6-beta.1`, `dev`), or null. */
export function gatewayVersion(value: unknown, secrets: SecretMatcher): string | null {
  return typeof value === 'string' && (value === 'dev' || VERSION.test(value)) && !secrets.touches(value) ? value : null;
}

/** A lower-case keyword such as hello-ok.auth.method (`token`, `password`, `none`), or null. */
export function gatewayWord(value: unknown, secrets: SecretMatcher): string | null {
  return typeof value === 'string' && WORD.test(value) && !secrets.touches(value) ? value : null;
}

/** A pairing request id as `openclaw devices approve` takes it, or null. */
export function gatewayRequestId(value: unknown, secrets: SecretMatcher): string | null {
  return typeof value === 'string' && REQUEST_ID.test(value) && !secrets.touches(value) ? value : null;
}

/** A device id (64 lower-case hex digits), or null. */
export function gatewayDeviceId(value: unknown, secrets: SecretMatcher): string | null {
  return typeof value === 'string' && DEVICE_ID.test(value) && !secrets.touches(value) ? value : null;
}

/** An auth or pairing reason keyword (`trusted_proxy_loopback_source`, `not-paired`), or null. */
export function gatewayReason(value: unknown, secrets: SecretMatcher): string | null {
  return typeof value === 'string' && REASON.test(value) && !secrets.touches(value) ? value : null;
}

/** hello-ok.server.buildId (`2026.9.6-release-eb377ac59e6c-2026-09-23T16-33-12.144Z`) or bootId, or null. */
export function gatewayBuildId(value: unknown, secrets: SecretMatcher): string | null {
  return typeof value === 'string' && BUILD_ID.test(value) && !secrets.touches(value) ? value : null;
}

/** A delay the gateway asks for, kept to what a real lockout lasts (5 min by default; an hour at most). */
export function gatewayDelayMs(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return null;
  return Math.min(Math.round(value), 3_600_000);
}
