import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConfig, type Analysis } from '../../src/core/analyze';
import { memoryReader } from '../../src/core/effective/sourceReader';
import { fixesFor } from '../../src/core/fixes/applyFixes';
import { applyTextEdits } from '../../src/core/fixes/textEdits';
import type { Finding } from '../../src/core/rules/ruleTypes';
import { textOf } from './ruleHelpers';
import type { PortListener } from '../../src/core/portListener';

/*
 * service-token-stale and profile-token-stale on a home held in memory: positive and near-miss
 * cases, which files the findings land in, and the exact edits of each fix.
 */

const HOME = '/home/ann';
const CONFIG = `${HOME}/.openclaw/openclaw.json`;
const UNIT = `${HOME}/.config/systemd/user/openclaw-gateway.service`;
const ENV_FILE = `${HOME}/.openclaw/gateway.systemd.env`;
const PLIST = `${HOME}/Library/LaunchAgents/ai.openclaw.gateway.plist`;
const BASHRC = `${HOME}/.bashrc`;
const FISH = `${HOME}/.config/fish/config.fish`;
const NEW = 'wVk9ZX5Wv6Z4JZXjjXqX5jZ6Wq99Tn3R';
const OLD = '6Z66kZqZ5VxjV5W6x5KW669JvW5XpQ2m';

function run(config: string, files: Record<string, string>, facts: { mtimes?: Record<string, number>; listener?: PortListener } = {}): Analysis {
  const reader = { ...memoryReader({ [CONFIG]: config, ...files }), mtime: (p: string) => facts.mtimes?.[p] };
  const listener = facts.listener;
  return analyzeConfig(config, { env: {}, configPath: CONFIG, reader, home: HOME, serviceDiscovery: { systemUnits: false }, listenerAt: listener ? () => listener : undefined });
}

function only(analysis: Analysis, code: string): Finding[] {
  return analysis.findings.filter((f) => f.code === code);
}

const withToken = (token: string, extra = ''): string => `{ ${extra}gateway: { mode: "local", auth: { mode: "token", token: "${token}" } } }`;
const withoutToken = '{ gateway: { mode: "local", auth: { mode: "token" } } }';
const unit = (env: string): string => `[Service]\nExecStart=/usr/bin/openclaw gateway\n${env}\n`;

describe('service-token-stale', () => {
  it('error in the env file when the service’s token is the gateway’s (no auth.token) and differs from ~/.openclaw/.env', () => {
    const analysis = run(withoutToken, { [UNIT]: unit('EnvironmentFile=-%h/.openclaw/gateway.systemd.env'), [ENV_FILE]: `OPENCLAW_GATEWAY_TOKEN=${OLD}\n`, [`${HOME}/.openclaw/.env`]: `OPENCLAW_GATEWAY_TOKEN=${NEW}\n` });
    const [finding, ...rest] = only(analysis, 'service-token-stale');
    assert.equal(rest.length, 0);
    assert.equal(finding.file, ENV_FILE);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.messageId, 'serviceWins');
    assert.equal(analysis.files.get(ENV_FILE)?.text.slice(finding.offset, finding.offset + finding.length), OLD);
    assert.equal(finding.related[0].file, `${HOME}/.openclaw/.env`);
    assert.ok(!textOf(finding).includes(OLD) && !textOf(finding).includes(NEW));
    const fixes = fixesFor(analysis, finding, {});
    assert.deepEqual(fixes.map((f) => [f.fixId, f.isPreferred, f.safe, f.command]), [
      ['updateService', true, false, 'systemctl --user daemon-reload && systemctl --user restart openclaw-gateway.service'],
      ['removeFromService', false, false, 'systemctl --user daemon-reload && systemctl --user restart openclaw-gateway.service'],
    ]);
    assert.equal(applyTextEdits(`OPENCLAW_GATEWAY_TOKEN=${OLD}\n`, fixes[0].edits), `OPENCLAW_GATEWAY_TOKEN=${NEW}\n`);
    assert.ok(fixes[0].edits.every((e) => e.file === ENV_FILE));
    assert.match(textOf({ message: fixes[0].title }), /then run: systemctl --user daemon-reload && systemctl --user restart openclaw-gateway\.service/);
    assert.equal(applyTextEdits(`OPENCLAW_GATEWAY_TOKEN=${OLD}\n`, fixes[1].edits), '');
  });

  it('the running gateway’s facts say "now" or "after a restart"', () => {
    const files = { [UNIT]: unit(`Environment=OPENCLAW_GATEWAY_TOKEN=${OLD}`), [`${HOME}/.openclaw/.env`]: `OPENCLAW_GATEWAY_TOKEN=${NEW}\n` };
    const gatewayStarted = (startedAtMs: number): PortListener => ({ port: 18789, state: 'listening', process: { pid: 4242, argv: ['openclaw-gateway'], startedAtMs, isGateway: true } });
    const id = (facts: { mtimes?: Record<string, number>; listener?: PortListener }): string => only(run(withoutToken, files, facts), 'service-token-stale')[0].messageId;
    assert.equal(id({ mtimes: { [UNIT]: 1000 }, listener: gatewayStarted(10_000) }), 'serviceWinsNow');
    assert.match(textOf(only(run(withoutToken, files, { mtimes: { [UNIT]: 1000 }, listener: gatewayStarted(10_000) }), 'service-token-stale')[0]), /the gateway running now \(pid 4242\) started after this file was written/);
    assert.equal(id({ mtimes: { [UNIT]: 20_000 }, listener: gatewayStarted(10_000) }), 'serviceWinsAfterRestart');
    // Within the precision of a start time read from /proc (boot time in whole seconds), neither is claimed.
    assert.equal(id({ mtimes: { [UNIT]: 10_500 }, listener: gatewayStarted(10_000) }), 'serviceWins');
    assert.equal(id({ mtimes: { [UNIT]: 3000 }, listener: { port: 18789, state: 'free' } }), 'serviceWinsAfterRestart');
    // Facts that say nothing (another program, no start time, no facts): both cases are said.
    assert.equal(id({ mtimes: { [UNIT]: 1000 }, listener: { port: 18789, state: 'listening', uid: 0 } }), 'serviceWins');
    assert.equal(id({}), 'serviceWins');
  });

  it('warning on the unit line when gateway.auth.token wins; remove is preferred and takes the inline value out', () => {
    const text = unit(`Environment=HOME=${HOME} OPENCLAW_GATEWAY_TOKEN=${OLD}`);
    const analysis = run(withToken(NEW), { [UNIT]: text });
    const [finding] = only(analysis, 'service-token-stale');
    assert.equal(finding.file, UNIT);
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.messageId, 'configWins');
    assert.match(textOf(finding), /Config token differs from service token\. The daemon will use the old token after restart\./);
    assert.equal(finding.related[0].file, undefined, 'related to gateway.auth.token in the config');
    const fixes = fixesFor(analysis, finding, {});
    assert.equal(fixes[0].fixId, 'removeFromService');
    assert.equal(applyTextEdits(text, fixes[0].edits), unit(`Environment=HOME=${HOME}`));
    assert.equal(applyTextEdits(text, fixes[1].edits), unit(`Environment=HOME=${HOME} OPENCLAW_GATEWAY_TOKEN=${NEW}`));
  });

  it('launchd: the plist’s value, with the launchctl command', () => {
    const plist = `<plist version="1.0">\n<dict>\n  <key>Label</key>\n  <string>ai.openclaw.gateway</string>\n  <key>ProgramArguments</key>\n  <array><string>/usr/local/bin/openclaw</string><string>gateway</string></array>\n  <key>EnvironmentVariables</key>\n  <dict>\n    <key>OPENCLAW_GATEWAY_TOKEN</key>\n    <string>${OLD}</string>\n  </dict>\n</dict>\n</plist>\n`;
    const analysis = run(withoutToken, { [PLIST]: plist, [`${HOME}/.openclaw/.env`]: `OPENCLAW_GATEWAY_TOKEN=${NEW}\n` });
    const [finding] = only(analysis, 'service-token-stale');
    assert.equal(finding.file, PLIST);
    const [update] = fixesFor(analysis, finding, {});
    assert.equal(update.command, `launchctl bootout gui/$UID/ai.openclaw.gateway; launchctl bootstrap gui/$UID ${PLIST}`);
    assert.equal(applyTextEdits(plist, update.edits), plist.replace(OLD, NEW));
  });

  it('near misses: same token; a unit of another config; a unit that does not run the gateway; a variable reference', () => {
    assert.deepEqual(only(run(withToken(NEW), { [UNIT]: unit(`Environment=OPENCLAW_GATEWAY_TOKEN=${NEW}`) }), 'service-token-stale'), []);
    assert.deepEqual(only(run(withToken(NEW), { [UNIT]: unit(`Environment=OPENCLAW_CONFIG_PATH=/srv/other.json OPENCLAW_GATEWAY_TOKEN=${OLD}`) }), 'service-token-stale'), []);
    assert.deepEqual(only(run(withToken(NEW), { [`${HOME}/.config/systemd/user/web.service`]: `[Service]\nExecStart=/usr/bin/nginx\nEnvironment=OPENCLAW_GATEWAY_TOKEN=${OLD}\n` }), 'service-token-stale'), []);
    assert.deepEqual(only(run(withToken(NEW), { [UNIT]: unit('Environment=OPENCLAW_GATEWAY_TOKEN=%Z') }), 'service-token-stale'), []);
    // Without a token of its own the config takes the service's: nothing disagrees.
    assert.deepEqual(only(run(withoutToken, { [UNIT]: unit(`Environment=OPENCLAW_GATEWAY_TOKEN=${OLD}`) }), 'service-token-stale'), []);
  });
});

describe('profile-token-stale', () => {
  it('error when no gateway.auth.token: every release sends the variable', () => {
    const analysis = run(withoutToken, { [BASHRC]: `export OPENCLAW_GATEWAY_TOKEN=${OLD}\n`, [`${HOME}/.openclaw/.env`]: `OPENCLAW_GATEWAY_TOKEN=${NEW}\n` });
    const [finding] = only(analysis, 'profile-token-stale');
    assert.equal(finding.file, BASHRC);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.messageId, 'envOnly');
  });

  it('by release: unknown says what each range does (warning), ≤2026.7.35 error, ≥2026.8.1 warning', () => {
    const files = { [BASHRC]: `alias x=y\nexport OPENCLAW_GATEWAY_TOKEN='${OLD}'\n` };
    const unknown = only(run(withToken(NEW), files), 'profile-token-stale')[0];
    assert.deepEqual([unknown.messageId, unknown.severity], ['versionDependent', 'warning']);
    const old = only(run(withToken(NEW, 'meta: { lastTouchedVersion: "2026.7.35" }, '), files), 'profile-token-stale')[0];
    assert.deepEqual([old.messageId, old.severity], ['envFirst', 'error']);
    const recent = only(run(withToken(NEW, 'meta: { lastTouchedVersion: "2026.8.1" }, '), files), 'profile-token-stale')[0];
    assert.deepEqual([recent.messageId, recent.severity], ['configFirst', 'warning']);
  });

  it('the installed CLI decides, not the release that last wrote the config: a 2026.4.8 CLI is env-first', () => {
    const config = withToken(NEW, 'meta: { lastTouchedVersion: "2026.9.6" }, ');
    const files = { [BASHRC]: `export OPENCLAW_GATEWAY_TOKEN=${OLD}\n` };
    const analysis = analyzeConfig(config, {
      env: {},
      configPath: CONFIG,
      reader: memoryReader({ [CONFIG]: config, ...files }),
      home: HOME,
      serviceDiscovery: { systemUnits: false },
      openclawVersion: { cliInstall: { version: '2026.4.8', path: '/usr/lib/node_modules/openclaw/package.json' } },
    });
    const [finding] = only(analysis, 'profile-token-stale');
    assert.deepEqual([finding.messageId, finding.severity], ['envFirst', 'error']);
  });

  it('fixes: remove the export (preferred) or update it, exact results in bash and fish', () => {
    const bash = `alias x=y\nexport OPENCLAW_GATEWAY_TOKEN='${OLD}'\n`;
    const analysis = run(withToken(NEW), { [BASHRC]: bash });
    const fixes = fixesFor(analysis, only(analysis, 'profile-token-stale')[0], {});
    assert.deepEqual(fixes.map((f) => [f.fixId, f.isPreferred ?? false]), [
      ['removeExport', true],
      ['updateExport', false],
    ]);
    assert.equal(applyTextEdits(bash, fixes[0].edits), 'alias x=y\n');
    assert.equal(applyTextEdits(bash, fixes[1].edits), `alias x=y\nexport OPENCLAW_GATEWAY_TOKEN=${NEW}\n`);
    const fish = `set -gx OPENCLAW_GATEWAY_TOKEN ${OLD}\n`;
    const fishAnalysis = run(withToken(NEW), { [FISH]: fish });
    const fishFixes = fixesFor(fishAnalysis, only(fishAnalysis, 'profile-token-stale')[0], {});
    assert.equal(applyTextEdits(fish, fishFixes[0].edits), '');
    assert.equal(applyTextEdits(fish, fishFixes[1].edits), `set -gx OPENCLAW_GATEWAY_TOKEN ${NEW}\n`);
  });

  it('near misses: same token, not exported, a command substitution, remote mode', () => {
    assert.deepEqual(only(run(withToken(NEW), { [BASHRC]: `export OPENCLAW_GATEWAY_TOKEN=${NEW}\n` }), 'profile-token-stale'), []);
    assert.deepEqual(only(run(withToken(NEW), { [BASHRC]: `OPENCLAW_GATEWAY_TOKEN=${OLD}\n` }), 'profile-token-stale'), []);
    assert.deepEqual(only(run(withToken(NEW), { [BASHRC]: 'export OPENCLAW_GATEWAY_TOKEN=$(pass show claw)\n' }), 'profile-token-stale'), []);
    assert.deepEqual(only(run(`{ gateway: { mode: "remote", remote: { url: "ws://127.0.0.1:1", token: "${NEW}" } } }`, { [BASHRC]: `export OPENCLAW_GATEWAY_TOKEN=${OLD}\n` }), 'profile-token-stale'), []);
  });
});
