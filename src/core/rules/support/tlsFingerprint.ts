/** OpenClaw's normalizeTlsFingerprint (packages/gateway-client/src/client-address-utils.ts): '' when malformed. */
export function normalizeTlsFingerprint(value: string): string {
  const bare = value.trim().replace(/^sha256:/iu, '');
  if (/^[a-fA-F0-9]{64}$/u.test(bare)) return bare.toLowerCase();
  return /^(?:[a-fA-F0-9]{2}:){31}[a-fA-F0-9]{2}$/u.test(bare) ? bare.replaceAll(':', '').toLowerCase() : '';
}

/** A value without a "sha256"/"SHA256 Fingerprint=" label in front. */
export function withoutLabel(value: string): string {
  return value.trim().replace(/^sha-?256(?:\s+fingerprint)?\s*[=:]?\s*/iu, '');
}

/** The SHA-256 inside a value pasted with other text around it (openssl's "SHA256 Fingerprint=AB:CD:…", spaces). */
export function recoverableFingerprint(value: string): string | undefined {
  const body = withoutLabel(value);
  if (!/^[a-fA-F0-9:\s-]+$/u.test(body)) return undefined;
  const hex = body.replace(/[:\s-]/gu, '');
  return /^[a-fA-F0-9]{64}$/u.test(hex) ? hex.toLowerCase() : undefined;
}
