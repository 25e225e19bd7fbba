import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Analysis } from '../../src/core/analyze';
import { fixesFor } from '../../src/core/fixes/applyFixes';
import { applyTextEdits } from '../../src/core/fixes/textEdits';
import { english } from '../../src/core/messages';
import type { RuleCode } from '../../src/core/rules/ruleTable';
import type { Finding } from '../../src/core/rules/ruleTypes';
import { STRONG, analyzeFiles, covered, textOf, type MultiFileInput } from './ruleHelpers';

/*
 * The rules beyond the shared token whose findings depend on more than the gateway section: the
 * release that last wrote the config (meta.lastTouchedVersion), the machine's network, hooks.
 */

const NEW = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';

function of(analysis: Analysis, code: RuleCode): Finding[] {
  return analysis.findings.filter((f) => f.code === code);
}

function only(input: MultiFileInput, code: RuleCode): Finding {
  const analysis = analyzeFiles(input);
  const found = of(analysis, code);
  assert.equal(found.length, 1, `expected one ${code}, got: ${analysis.findings.map((f) => `${f.code}: ${textOf(f)}`).join('\n')}`);
  return found[0];
}

function fixed(input: MultiFileInput, code: RuleCode, index = 0): { text: string; title: string } {
  const analysis = analyzeFiles(input);
  const finding = of(analysis, code)[0];
  assert.ok(finding, `no ${code}`);
  const fix = fixesFor(analysis, finding, input.env ?? {}, { generateToken: () => NEW })[index];
  assert.ok(fix, `no fix #${index} for ${code}`);
  return { text: applyTextEdits(input.config, fix.edits), title: english(fix.title) };
}

const LAN = (meta: string): string => `{ ${meta}gateway: { mode: "local", bind: "lan", port: 19001, auth: { token: "${STRONG}" } } }`;

describe('control-ui-origins-missing: which releases refuse and which seed', () => {
  it('a config last written by 2026.2.26 refuses to start: an error quoting the start-up failure', () => {
    const config = LAN('meta: { lastTouchedVersion: "2026.2.26" }, ');
    const finding = only({ config }, 'control-ui-origins-missing');
    assert.equal(finding.severity, 'error');
    assert.equal(covered(config, finding), 'lan');
    assert.ok(textOf(finding).includes("OpenClaw 2026.2.26 (from the config's meta.lastTouchedVersion) is one of the releases from 2026.2.26"), textOf(finding));
    assert.ok(textOf(finding).includes('"Gateway failed to start: Error: non-loopback Control UI requires gateway.controlUi.allowedOrigins (set explicit origins)'), textOf(finding));
  });
  it('2026.4.8 and later seed localhost origins for the configured port: a warning about remote browsers', () => {
    for (const version of ['2026.4.8', '2026.9.6']) {
      const finding = only({ config: LAN(`meta: { lastTouchedVersion: "${version}" }, `) }, 'control-ui-origins-missing');
      assert.equal(finding.severity, 'warning');
      assert.ok(textOf(finding).includes(`OpenClaw ${version} (from the config's meta.lastTouchedVersion; like every release from 2026.4.8) seeds only http://localhost:19001, http://127.0.0.1:19001`), textOf(finding));
      assert.ok(!textOf(finding).includes('refuses'), textOf(finding));
    }
  });
  it('the release in use wins over meta.lastTouchedVersion: a config written by 2026.2.26, run by a 2026.9.6 gateway, is seeded', () => {
    const config = LAN('meta: { lastTouchedVersion: "2026.2.26" }, ');
    const found = of(analyzeFiles({ config }, { openclawVersion: { gateway: { version: '2026.9.6' } } }), 'control-ui-origins-missing');
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'warning');
    assert.ok(textOf(found[0]).includes('OpenClaw 2026.9.6 (from the running gateway; like every release from 2026.4.8) seeds only'), textOf(found[0]));
    // And the other way: a stated 2026.2.26 makes a config last written by 2026.9.6 a refusal.
    const stated = of(analyzeFiles({ config: LAN('meta: { lastTouchedVersion: "2026.9.6" }, ') }, { openclawVersion: { setting: '2026.2.26' } }), 'control-ui-origins-missing');
    assert.deepEqual(stated.map((f) => f.severity), ['error']);
    assert.ok(textOf(stated[0]).includes('OpenClaw 2026.2.26 (from the setting openclawGuard.openclawVersion) is one of the releases'), textOf(stated[0]));
  });
  it('older or unreadable versions state both ranges', () => {
    for (const version of ['2026.1.5', 'dev']) {
      const text = textOf(only({ config: LAN(`meta: { lastTouchedVersion: "${version}" }, `) }, 'control-ui-origins-missing'));
      assert.ok(text.includes('OpenClaw 2026.2.26 refuses to start') && text.includes('2026.4.8 and later seed only'), text);
    }
  });
  it('inside a container with no bind set: an error for the refusing releases, nothing for the seeding ones', () => {
    const config = (version: string): string => `{ meta: { lastTouchedVersion: "${version}" }, gateway: { mode: "local", auth: { token: "${STRONG}" } } }`;
    assert.equal(of(analyzeFiles({ config: config('2026.3.1') }, { inContainer: true }), 'control-ui-origins-missing')[0]?.severity, 'error');
    assert.deepEqual(of(analyzeFiles({ config: config('2026.9.6') }, { inContainer: true }), 'control-ui-origins-missing'), []);
    assert.deepEqual(of(analyzeFiles({ config: config('2026.3.1') }), 'control-ui-origins-missing'), [], 'outside a container the default bind is loopback');
  });
  it('OPENCLAW_GATEWAY_PORT decides the seeded port', () => {
    const text = textOf(only({ config: LAN(''), gatewayEnv: { OPENCLAW_GATEWAY_PORT: '19555' } }, 'control-ui-origins-missing'));
    assert.ok(text.includes('http://localhost:19555, http://127.0.0.1:19555'), text);
  });
  it('bind tailnet: only when the machine has a Tailscale address (else it listens on loopback)', () => {
    const config = `{ gateway: { mode: "local", bind: "tailnet", auth: { token: "${STRONG}" } } }`;
    assert.deepEqual(of(analyzeFiles({ config, network: { tailscale: true, addresses: ['127.0.0.1', '10.0.0.5'] } }), 'control-ui-origins-missing'), []);
    const finding = only({ config, network: { tailscale: true, addresses: ['127.0.0.1', '100.101.102.103'] } }, 'control-ui-origins-missing');
    assert.equal(finding.data.origins?.at(-1), 'http://100.101.102.103:18789');
  });
  it('Tailscale serve with no bind set listens on loopback', () => {
    const config = `{ gateway: { mode: "local", tailscale: { mode: "serve" }, auth: { token: "${STRONG}" } } }`;
    assert.deepEqual(of(analyzeFiles({ config }, { inContainer: true }), 'control-ui-origins-missing'), []);
  });
  it('the fix adds the seeded origins and, for lan, this machine\'s IPv4 addresses, in the file\'s own style', () => {
    const config = `{\n  gateway: {\n    mode: 'local',\n    bind: 'lan',\n    auth: { token: '${STRONG}' },\n  },\n}\n`;
    const { text, title } = fixed({ config, network: { tailscale: false, addresses: ['127.0.0.1', '::1', '192.168.1.20', 'fe80::1'] } }, 'control-ui-origins-missing');
    assert.equal(
      text,
      `{\n  gateway: {\n    mode: 'local',\n    bind: 'lan',\n    auth: { token: '${STRONG}' },\n    controlUi: { allowedOrigins: ['http://localhost:18789', 'http://127.0.0.1:18789', 'http://192.168.1.20:18789'] },\n  },\n}\n`,
    );
    assert.equal(title, 'Add gateway.controlUi.allowedOrigins: http://localhost:18789, http://127.0.0.1:18789, http://192.168.1.20:18789');
    assert.deepEqual(of(analyzeFiles({ config: text, network: { tailscale: false, addresses: ['127.0.0.1'] } }), 'control-ui-origins-missing'), []);
  });
  it('the fix adds to an existing controlUi object', () => {
    const config = `{ "gateway": { "mode": "local", "bind": "custom", "customBindHost": "10.0.0.7", "port": 19001, "controlUi": { "enabled": true }, "auth": { "token": "${STRONG}" } } }`;
    assert.equal(
      fixed({ config }, 'control-ui-origins-missing').text,
      `{ "gateway": { "mode": "local", "bind": "custom", "customBindHost": "10.0.0.7", "port": 19001, "controlUi": { "enabled": true, "allowedOrigins": ["http://localhost:19001", "http://127.0.0.1:19001", "http://10.0.0.7:19001"] }, "auth": { "token": "${STRONG}" } } }`,
    );
  });
});

describe('control-ui-origin-invalid on the machine\'s own addresses', () => {
  it('a LAN address of this machine with a port other than the gateway\'s', () => {
    const config = `{ gateway: { mode: "local", bind: "lan", auth: { token: "${STRONG}" }, controlUi: { allowedOrigins: ["http://192.168.1.20:8080", "http://192.168.1.20:18789"] } } }`;
    const finding = only({ config, network: { tailscale: false, addresses: ['127.0.0.1', '192.168.1.20'] } }, 'control-ui-origin-invalid');
    assert.equal(covered(config, finding), 'http://192.168.1.20:8080');
    assert.equal(fixed({ config, network: { tailscale: false, addresses: ['127.0.0.1', '192.168.1.20'] } }, 'control-ui-origin-invalid').text, config.replace(':8080', ':18789'));
  });
});

describe('hooks-token-missing', () => {
  const gateway = `gateway: { mode: "local", auth: { token: "${STRONG}" } }`;
  it('hooks enabled without a token: the gateway exits 1', () => {
    const config = `{ ${gateway}, hooks: { enabled: true } }`;
    const finding = only({ config }, 'hooks-token-missing');
    assert.equal(covered(config, finding), 'true');
    assert.equal(finding.severity, 'error');
    assert.ok(textOf(finding).includes('is not set: the gateway exits 1 at start-up ("hooks.enabled requires hooks.token")'), textOf(finding));
  });
  it('a blank token points at the token', () => {
    const config = `{ ${gateway}, hooks: { enabled: true, token: "  " } }`;
    assert.equal(covered(config, only({ config }, 'hooks-token-missing')), '  ');
  });
  it('a path of slashes is "/"', () => {
    const config = `{ ${gateway}, hooks: { enabled: true, token: "${NEW}", path: "/" } }`;
    const finding = only({ config }, 'hooks-token-missing');
    assert.ok(textOf(finding).includes('hooks.path may not be \'/\''), textOf(finding));
  });
  it('stays quiet: disabled, a token, a real path, an unresolved reference (secret-unavailable\'s business)', () => {
    for (const hooks of ['{ token: "" }', '{ enabled: false }', `{ enabled: true, token: "${NEW}", path: "hooks/" }`, '{ enabled: true, token: "${HOOKS_TOKEN}" }']) {
      assert.deepEqual(of(analyzeFiles({ config: `{ ${gateway}, hooks: ${hooks} }` }), 'hooks-token-missing'), [], hooks);
    }
  });
  it('the fix generates a token of its own, and never shows it in its title', () => {
    const config = `{\n  ${gateway},\n  hooks: { enabled: true },\n}\n`;
    const { text, title } = fixed({ config }, 'hooks-token-missing');
    assert.equal(text, `{\n  ${gateway},\n  hooks: { enabled: true, token: '${NEW}' },\n}\n`.replace(`token: '${NEW}'`, `token: "${NEW}"`));
    assert.ok(!title.includes(NEW), title);
    assert.deepEqual(of(analyzeFiles({ config: text }), 'hooks-token-missing'), []);
  });
});

describe('tailscale-exposure on this machine', () => {
  const config = `{ gateway: { mode: "local", tailscale: { mode: "funnel" }, auth: { mode: "password", password: "${STRONG}" } } }`;
  it('no tailscale command: the gateway exits 1', () => {
    const finding = only({ config, network: { tailscale: false, addresses: ['127.0.0.1'] } }, 'tailscale-exposure');
    assert.equal(covered(config, finding), 'funnel');
    assert.ok(textOf(finding).includes('exits 1 (spawn tailscale ENOENT)'), textOf(finding));
  });
  it('with tailscale installed, or the machine unknown, nothing', () => {
    assert.deepEqual(of(analyzeFiles({ config, network: { tailscale: true, addresses: ['127.0.0.1'] } }), 'tailscale-exposure'), []);
    assert.deepEqual(of(analyzeFiles({ config }), 'tailscale-exposure'), []);
  });
});

describe('remote-url-missing', () => {
  it('OPENCLAW_GATEWAY_URL in the CLI\'s environment names the target instead', () => {
    const config = '{ gateway: { mode: "remote" } }';
    assert.deepEqual(of(analyzeFiles({ config, env: { OPENCLAW_GATEWAY_URL: 'wss://gw.example.com', OPENCLAW_GATEWAY_TOKEN: STRONG } }), 'remote-url-missing'), []);
    assert.equal(of(analyzeFiles({ config }), 'remote-url-missing').length, 1);
  });
});
