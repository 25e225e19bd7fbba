import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfigDocument } from '../../src/core/configDocument';
import { buildGatewayModel } from '../../src/core/gatewayModel';
import { AttemptBudget } from '../../src/core/probe/attemptBudget';
import { probeConfiguredGateway } from '../../src/core/probe/configuredGateway';
import { normalizeTlsFingerprint, probeGateway } from '../../src/core/probe/probeGateway';
import { resolveProbeTarget, TRUSTED_POLICY } from '../../src/core/probe/probeTarget';
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

  it('a malformed fingerprint is TLS_FINGERPRINT_INVALID, not a mismatch, and nothing connects', async () => {
    const hex = fingerprint.replace(/:/g, '');
    for (const bad of ['AA:BB', hex.slice(2), `${hex}00`, 'sha256/' + hex, hex.replace(/^../, 'zz'), fingerprint.replace(/:/g, '-'), 'not a fingerprint']) {
      const connections = gateway.connections();
      const result = await probe(bad);
      assert.equal(result.code, 'TLS_FINGERPRINT_INVALID', bad);
      assert.equal(result.state, 'error');
      assert.equal(result.credentialSent, false);
      assert.equal(gateway.connections(), connections, 'no connection for a pin that cannot match');
      assert.match(english(result.message), /gateway\.remote\.tlsFingerprint is not a SHA-256 fingerprint/);
    }
  });

  it('without a pin, an untrusted certificate fails as unreachable', async () => {
    const result = await probe();
    assert.equal(result.state, 'unreachable', english(result.message));
  });
});

describe('OpenClaw\'s fingerprint normalisation (normalizeTlsFingerprint, client-address-utils)', () => {
  const hex = 'ab'.repeat(32);
  it('accepts 64 hex digits or 32 colon pairs, optionally after sha256:, any case', () => {
    assert.equal(normalizeTlsFingerprint(hex.toUpperCase()), hex);
    assert.equal(normalizeTlsFingerprint(`sha256:${hex}`), hex);
    assert.equal(normalizeTlsFingerprint(`SHA256:${'AB:'.repeat(31)}AB`), hex);
    assert.equal(normalizeTlsFingerprint(`  ${hex}  `), hex);
  });
  it('refuses everything else', () => {
    for (const bad of ['', hex.slice(1), `sha1:${hex}`, `sha256/${hex}`, `${'ab:'.repeat(31)}ab:`, `${'ab-'.repeat(31)}ab`, `${'a:b'.repeat(32)}`]) assert.equal(normalizeTlsFingerprint(bad), '', bad);
  });
});

describe('gateway.tls.enabled', () => {
  const env = { HOME: '/home/u', OPENCLAW_STATE_DIR: '/srv/oc' };
  const model = (gateway: Record<string, unknown>) => buildGatewayModel(parseConfigDocument(JSON.stringify({ gateway })), { env, inContainer: false });

  it('a local TLS gateway is probed over wss:// and pinned to its own certificate (OpenClaw\'s default path under the state dir)', () => {
    const target = resolveProbeTarget(model({ port: 19001, tls: { enabled: true }, auth: { token: TOKEN } }), env, { policy: TRUSTED_POLICY });
    assert.equal(target.url, 'wss://127.0.0.1:19001');
    assert.equal(target.tlsCertificate, '/srv/oc/gateway/tls/gateway-cert.pem');
    assert.equal(target.tlsFingerprint, undefined);
  });

  it('gateway.tls.certPath with ~ is read from the home; tls.enabled false stays ws://', () => {
    assert.equal(resolveProbeTarget(model({ tls: { enabled: true, certPath: '~/c.pem' } }), env, { policy: TRUSTED_POLICY }).tlsCertificate, '/home/u/c.pem');
    const plain = resolveProbeTarget(model({ tls: { enabled: false, certPath: '~/c.pem' } }), env, { policy: TRUSTED_POLICY });
    assert.equal(plain.url, 'ws://127.0.0.1:18789');
    assert.equal(plain.tlsCertificate, undefined);
  });

  it('remote mode pins gateway.remote.tlsFingerprint, not the local certificate', () => {
    const target = resolveProbeTarget(model({ mode: 'remote', tls: { enabled: true }, remote: { url: 'wss://gw.example:443', tlsFingerprint: 'ab'.repeat(32), token: TOKEN } }), env, { policy: TRUSTED_POLICY });
    assert.equal(target.url, 'wss://gw.example:443');
    assert.equal(target.tlsFingerprint, 'ab'.repeat(32));
    assert.equal(target.tlsCertificate, undefined);
  });
});

describe('the configured check against a TLS gateway', () => {
  let gateway: FakeGateway;
  let dir = '';
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ocg-tls-cfg-'));
    for (const name of ['a', 'b']) {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, `${name}-key.pem`), '-out', join(dir, `${name}-cert.pem`), '-days', '1', '-subj', '/CN=openclaw-test', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
    }
    gateway = await startFakeGateway('gateway', TOKEN, 0, { key: readFileSync(join(dir, 'a-key.pem'), 'utf8'), cert: readFileSync(join(dir, 'a-cert.pem'), 'utf8') });
  });
  after(async () => {
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const check = (gatewayConfig: Record<string, unknown>) => {
    const env = { HOME: dir, OPENCLAW_STATE_DIR: join(dir, 'state') };
    const model = buildGatewayModel(parseConfigDocument(JSON.stringify({ gateway: gatewayConfig })), { env, inContainer: false });
    return probeConfiguredGateway({ model, env, target: { policy: TRUSTED_POLICY }, clientVersion: 't', budget: new AttemptBudget(undefined) });
  };

  it('tls.enabled with the served certificate -> authorized over wss://', async () => {
    const { probe: result } = await check({ port: gateway.port, tls: { enabled: true, certPath: join(dir, 'a-cert.pem') }, auth: { token: TOKEN } });
    assert.equal(result.state, 'authorized', english(result.message));
    assert.equal(result.target, `wss://127.0.0.1:${gateway.port}`);
  });

  it('tls.enabled with another certificate file -> TLS_FINGERPRINT_MISMATCH naming gateway.tls.certPath, token not sent', async () => {
    const before = gateway.received.length;
    const { probe: result } = await check({ port: gateway.port, tls: { enabled: true, certPath: join(dir, 'b-cert.pem') }, auth: { token: TOKEN } });
    assert.equal(result.code, 'TLS_FINGERPRINT_MISMATCH');
    assert.match(english(result.message), /does not match gateway\.tls\.certPath/);
    assert.equal(gateway.received.length, before);
  });

  it('remote mode with a malformed remote.tlsFingerprint -> TLS_FINGERPRINT_INVALID before connecting', async () => {
    const connections = gateway.connections();
    const { probe: result } = await check({ mode: 'remote', remote: { url: gateway.url, tlsFingerprint: 'sha256:1234', token: TOKEN } });
    assert.equal(result.code, 'TLS_FINGERPRINT_INVALID');
    assert.equal(gateway.connections(), connections);
  });
});
