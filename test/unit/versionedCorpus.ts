import { analyzeConfig, type Analysis } from '../../src/core/analyze';
import type { RuleCode } from '../../src/core/rules/ruleTable';
import type { Severity } from '../../src/core/rules/ruleTypes';
import type { Environment } from '../../src/core/secretValues';
import type { VersionFacts } from '../../src/core/version/openclawVersion';
import { jsonConfig, STRONG, STRONG_2 } from './ruleHelpers';

/**
 * Configs whose finding reads differently per OpenClaw release (openclaw-versions.md §4), with
 * what each release range must be told. `undefined` as the release: nothing names one.
 */
export interface VersionedCase {
  name: string;
  code: RuleCode;
  gateway: Record<string, unknown>;
  env?: Environment;
  expect: Array<{ release: string | undefined; messageId: string; severity: Severity; says: string[] }>;
}

const local = (extra: Record<string, unknown>): Record<string, unknown> => ({ mode: 'local', bind: 'loopback', ...extra });

export const VERSIONED_CASES: VersionedCase[] = [
  {
    name: 'a stale OPENCLAW_GATEWAY_TOKEN in the CLI\'s environment',
    code: 'env-token-conflict',
    gateway: local({ auth: { mode: 'token', token: STRONG } }),
    env: { OPENCLAW_GATEWAY_TOKEN: STRONG_2 },
    expect: [
      { release: '2026.4.8', messageId: 'cliSendsVariable', severity: 'error', says: ['OpenClaw 2026.4.8 (up to 2026.7.x) sends the variable from the local CLI before gateway.auth.token', '"set gateway.remote.token to match gateway.auth.token" is fixed text', 'Unset the variable'] },
      { release: '2026.7.35', messageId: 'cliSendsVariable', severity: 'error', says: ['OpenClaw 2026.7.35'] },
      { release: '2026.8.1', messageId: 'differs', severity: 'warning', says: ['The gateway and the local CLI use gateway.auth.token and ignore the variable'] },
      { release: '2026.9.6', messageId: 'differs', severity: 'warning', says: ['The gateway and the local CLI use gateway.auth.token'] },
      {
        release: undefined,
        messageId: 'cliOrderByRelease',
        severity: 'warning',
        says: ['OpenClaw up to 2026.7.x: the local CLI sends the variable before the config', 'OpenClaw 2026.8 and later: the local CLI sends the config\'s value and ignores the variable'],
      },
    ],
  },
  {
    name: 'a stale OPENCLAW_GATEWAY_PASSWORD in the CLI\'s environment',
    code: 'env-token-conflict',
    gateway: local({ auth: { mode: 'password', password: STRONG } }),
    env: { OPENCLAW_GATEWAY_PASSWORD: STRONG_2 },
    expect: [
      { release: '2026.6.6', messageId: 'cliSendsVariable', severity: 'error', says: ['"set gateway.remote.password to match gateway.auth.password"', 'before gateway.auth.password'] },
      { release: '2026.8.2', messageId: 'differs', severity: 'warning', says: ['use gateway.auth.password and ignore the variable'] },
    ],
  },
  {
    name: 'token mode with only gateway.remote.token',
    code: 'auth-token-missing',
    gateway: local({ auth: { mode: 'token' }, remote: { token: STRONG } }),
    expect: [
      { release: '2026.2.26', messageId: 'tokenWrittenToFile', severity: 'error', says: ['writes it into openclaw.json as gateway.auth.token', 'AUTH_TOKEN_MISMATCH'] },
      { release: '2026.4.8', messageId: 'tokenWrittenToFile', severity: 'error', says: ['OpenClaw 2026.4.8 (up to 2026.4.x)'] },
      { release: '2026.6.6', messageId: 'runtimeToken', severity: 'error', says: ['one-time token', 'AUTH_TOKEN_MISMATCH'] },
      { release: '2026.8.2', messageId: 'authTokenUnset', severity: 'error', says: ['AUTH_TOKEN_NOT_CONFIGURED'] },
      {
        release: undefined,
        messageId: 'authTokenUnsetByRelease',
        severity: 'error',
        says: ['OpenClaw up to 2026.4.x: the gateway generates a token and writes it into openclaw.json', 'OpenClaw 2026.5 to 2026.7.x: the gateway starts with a one-time token', 'OpenClaw 2026.8 and later: the gateway starts without a token and rejects every client with AUTH_TOKEN_NOT_CONFIGURED.'],
      },
    ],
  },
  {
    name: 'bind "0.0.0.0"',
    code: 'bind-invalid',
    gateway: local({ bind: '0.0.0.0', auth: { mode: 'token', token: STRONG } }),
    expect: [
      { release: '2026.2.26', messageId: 'meansLanRefused', severity: 'error', says: ['refuses to start the gateway ("Config invalid … gateway.bind: Invalid input", exit 1)'] },
      { release: '2026.4.8', messageId: 'meansLanRewritten', severity: 'error', says: ['accepts it in `config validate`, but `gateway run` rewrites it to "lan"'] },
      { release: '2026.6.6', messageId: 'meansLanRefusedFlag', severity: 'error', says: ['("Invalid --bind", exit 1)'] },
      { release: '2026.8.2', messageId: 'meansLan', severity: 'error', says: ['silently rewrites it to "lan"'] },
      {
        release: undefined,
        messageId: 'meansLanByRelease',
        severity: 'error',
        says: ['OpenClaw up to 2026.2.x: the gateway refuses to start', 'OpenClaw 2026.3 to 2026.4.x: `gateway run` rewrites it', 'OpenClaw 2026.5 to 2026.7.x: `config validate` rejects it and the gateway refuses to start', 'OpenClaw 2026.8 and later: `config validate` rejects it and `gateway run` rewrites it'],
      },
    ],
  },
  {
    name: 'no gateway.mode',
    code: 'gateway-mode-missing',
    gateway: { bind: 'loopback', auth: { mode: 'token', token: STRONG } },
    expect: [
      { release: '2026.2.26', messageId: 'missingBlockedExit1', severity: 'error', says: ['"Gateway start blocked: set gateway.mode=local (current: unset) or pass --allow-unconfigured.", exit 1'] },
      { release: '2026.4.8', messageId: 'missingExit1', severity: 'error', says: ['("existing config is missing gateway.mode", exit 1)'] },
      { release: '2026.6.6', messageId: 'missing', severity: 'error', says: ['exit 78'] },
      {
        release: undefined,
        messageId: 'missingByRelease',
        severity: 'error',
        says: ['OpenClaw up to 2026.2.x: "Gateway start blocked: set gateway.mode=local', 'OpenClaw 2026.3 to 2026.4.x: "Gateway start blocked: existing config is missing gateway.mode", exit 1.', 'OpenClaw 2026.5 and later: "Gateway start blocked: existing config is missing gateway.mode", exit 78.'],
      },
    ],
  },
  {
    name: 'gateway.token instead of gateway.auth.token',
    code: 'token-misplaced',
    gateway: local({ token: STRONG }),
    expect: [
      { release: '2026.2.26', messageId: 'ignoredOnLoad', severity: 'warning', says: ['"gateway.token is ignored … (auto-migrated on load)"'] },
      { release: '2026.4.8', messageId: 'notRead', severity: 'warning', says: ['("Unrecognized key")'] },
      { release: '2026.6.6', messageId: 'invalidInput', severity: 'warning', says: ['"gateway: Invalid input", without naming the key'] },
      { release: '2026.8.2', messageId: 'notRead', severity: 'warning', says: ['("Unrecognized key")'] },
      {
        release: undefined,
        messageId: 'notReadByRelease',
        severity: 'warning',
        says: ['OpenClaw up to 2026.2.x: it is ignored', 'OpenClaw 2026.6 to 2026.7.x: `config validate` rejects the gateway object with only "gateway: Invalid input"', 'Move it to gateway.auth.token.'],
      },
    ],
  },
  {
    name: 'CLAWDBOT_GATEWAY_TOKEN in the environment',
    code: 'env-var-misnamed',
    gateway: local({ auth: { mode: 'token', token: STRONG } }),
    env: { CLAWDBOT_GATEWAY_TOKEN: STRONG },
    expect: [
      { release: '2026.2.26', messageId: 'legacyRead', severity: 'warning', says: ['The CLI of OpenClaw 2026.2.26 (up to 2026.2.x) still reads it when OPENCLAW_GATEWAY_TOKEN is unset'] },
      { release: '2026.4.8', messageId: 'misnamed', severity: 'information', says: ['which OpenClaw does not read'] },
      { release: undefined, messageId: 'legacyByRelease', severity: 'information', says: ['OpenClaw up to 2026.2.x: the CLI still reads it', 'OpenClaw 2026.3 and later: nothing reads it.'] },
    ],
  },
  {
    name: 'CLAWDBOT_GATEWAY_PASSWORD (read by no release)',
    code: 'env-var-misnamed',
    gateway: local({ auth: { mode: 'token', token: STRONG } }),
    env: { CLAWDBOT_GATEWAY_PASSWORD: STRONG },
    expect: [
      { release: '2026.2.26', messageId: 'misnamed', severity: 'information', says: ['CLAWDBOT_GATEWAY_PASSWORD, which OpenClaw does not read'] },
      { release: undefined, messageId: 'misnamed', severity: 'information', says: ['which OpenClaw does not read'] },
    ],
  },
];

/** The analysis of a case for one release, the release stated as the user would (the setting). */
export function analyzeForRelease(c: VersionedCase, release: string | undefined, facts: VersionFacts = {}): Analysis {
  return analyzeConfig(jsonConfig(c.gateway), { env: c.env ?? {}, openclawVersion: release === undefined ? facts : { ...facts, setting: release } });
}
