import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeGateway } from '../../src/core/probe/probeGateway';
import { startFakeGateway, type FakeGateway } from '../support/fakeGateway';
import { english } from '../../src/core/messages';

const TOKEN = 'tls0token0tls0token0tls0token0tls0token0tls000';

describe('wss:// with gateway.remote.tlsFingerprint', () => {
  let gateway: FakeGateway;
  let fingerprint = '';
  let dir = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ocg-tls-'));
    // A throwaway self-signed certificate, like the one `gateway.tls.autoGenerate` makes.
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=openclaw-test', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
    const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    fingerprint = new X509Certificate(cert).fingerprint256;
    gateway = await startFakeGateway('gateway', TOKEN, 0, { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert });
  });
  after(async () => {
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const probe = (tlsFingerprint?: string) =>
    probeGateway({ url: gateway.url, credential: { kind: 'token', value: TOKEN, source: 'gateway.remote.token' }, clientVersion: 't', tlsFingerprint, deadlineMs: 3000, allowShortDeadline: true });

  it('connects to a self-signed gateway when the pinned fingerprint matches (any spelling)', async () => {
    assert.equal((await probe(fingerprint)).state, 'authorized');
    assert.equal((await probe('sha256:' + fingerprint.replace(/:/g, '').toLowerCase())).state, 'authorized');
  });

  it('refuses a certificate that does not match the pin and never sends the token', async () => {
    const before = gateway.received.length;
    const result = await probe('AA:' + fingerprint.slice(3));
    assert.equal(result.state, 'unreachable');
    assert.equal(result.code, 'TLS_FINGERPRINT_MISMATCH');
    assert.equal(gateway.received.length, before, 'no connect request reached the server');
  });

  it('without a pin, an untrusted certificate fails as unreachable', async () => {
    const result = await probe();
    assert.equal(result.state, 'unreachable', english(result.message));
  });
});
