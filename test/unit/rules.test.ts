import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadRules } from '../../scripts/generate';
import { english } from '../../src/core/messages';
import { RULES, RULE_CODES, type RuleCode } from '../../src/core/rules/ruleTable';
import type { Environment } from '../../src/core/secretValues';
import { analyzeForRelease, VERSIONED_CASES } from './versionedCorpus';
import { MULTI_FILE_CORPUS } from './multiFileCorpus';
import { STRONG, STRONG_2, analyze, analyzeFiles, covered, findingsOf, json5Config, jsonConfig, localToken, textOf, unfilledPlaceholders } from './ruleHelpers';

interface Case {
  name: string;
  gateway: Record<string, unknown>;
  env?: Environment;
  inContainer?: boolean;
  /** Text the first finding of the rule must cover (JSON source, inside quotes). */
  covers?: string;
  /** Severity expected on the first finding. */
  severity?: string;
  /** Words the message must contain. */
  says?: string[];
}

interface RuleCases {
  code: RuleCode;
  positive: Case[];
  nearMiss: Case[];
}

const TABLE: RuleCases[] = [
  {
    code: 'token-mismatch',
    positive: [
      { name: 'auth and remote differ', gateway: localToken({ remote: { token: STRONG_2 } }), covers: STRONG_2, says: ['gateway.remote.token', 'gateway.auth.token', 'fp:'] },
      { name: 'differ in remote mode', gateway: { mode: 'remote', remote: { url: 'wss://gw.example.com', token: STRONG_2 }, auth: { token: STRONG } }, covers: STRONG_2, says: ['remote mode'] },
      { name: 'env reference resolves to a different value', gateway: localToken({ remote: { token: '${REMOTE_TOK}' } }), env: { REMOTE_TOK: STRONG_2 }, covers: '${REMOTE_TOK}' },
    ],
    nearMiss: [
      { name: 'equal tokens', gateway: localToken() },
      { name: 'equal after trimming', gateway: localToken({ remote: { token: ` ${STRONG} ` } }) },
      { name: 'remote unset', gateway: localToken({ remote: {} }) },
      { name: 'unresolved env reference is never compared', gateway: localToken({ remote: { token: '${UNSET_VAR}' } }) },
      { name: 'SecretRef is never compared', gateway: localToken({ remote: { token: { source: 'file', provider: 'vault', id: 'GW' } } }) },
    ],
  },
  {
    code: 'password-mismatch',
    positive: [
      { name: 'passwords differ', gateway: { mode: 'local', auth: { mode: 'password', password: STRONG }, remote: { password: STRONG_2 } }, covers: STRONG_2 },
      { name: 'differ in remote mode', gateway: { mode: 'remote', auth: { mode: 'password', password: STRONG }, remote: { url: 'wss://gw.example.com', password: STRONG_2 } }, covers: STRONG_2, says: ['remote mode'] },
    ],
    nearMiss: [{ name: 'passwords equal', gateway: { mode: 'local', auth: { mode: 'password', password: STRONG }, remote: { password: STRONG } } }],
  },
  {
    code: 'remote-token-missing',
    positive: [{ name: 'auth.token only, local mode', gateway: localToken({ remote: undefined }), covers: STRONG, severity: 'information', says: ['does not need it'] }],
    nearMiss: [
      { name: 'remote.token present', gateway: localToken() },
      { name: 'remote mode', gateway: { mode: 'remote', auth: { token: STRONG }, remote: { url: 'wss://x.example.com' } } },
      { name: 'password auth', gateway: { mode: 'local', auth: { mode: 'password', password: STRONG } } },
    ],
  },
  {
    code: 'auth-token-missing',
    positive: [{ name: 'only remote.token', gateway: { mode: 'local', auth: { mode: 'token' }, remote: { token: STRONG } }, covers: STRONG, says: ['AUTH_TOKEN_NOT_CONFIGURED'] }],
    nearMiss: [
      { name: 'env token set', gateway: { mode: 'local', remote: { token: STRONG } }, env: { OPENCLAW_GATEWAY_TOKEN: STRONG } },
      { name: 'remote mode', gateway: { mode: 'remote', remote: { url: 'wss://x.example.com', token: STRONG } } },
      { name: 'both set', gateway: localToken() },
      { name: 'password mode', gateway: { mode: 'local', auth: { mode: 'password', password: STRONG }, remote: { token: STRONG } } },
    ],
  },
  {
    code: 'token-placeholder',
    positive: [
      { name: 'blank', gateway: localToken({ auth: { token: '' }, remote: undefined }), says: ['refuses to start'] },
      { name: 'undefined', gateway: localToken({ auth: { token: 'undefined' }, remote: undefined }), covers: 'undefined' },
      { name: 'null string', gateway: localToken({ auth: { token: 'null' }, remote: undefined }) },
      { name: 'published example', gateway: localToken({ auth: { token: 'change-me-to-a-long-random-token' }, remote: undefined }), says: ['refuses to start'] },
      { name: 'other change-me', gateway: localToken({ auth: { token: 'change-me-please-0123456789abcdef' }, remote: undefined }), says: ['template'] },
      { name: 'redaction sentinel', gateway: localToken({ auth: { token: '__OPENCLAW_REDACTED__' }, remote: undefined }) },
      { name: 'Chinese template', gateway: localToken({ auth: { token: '你的token' }, remote: undefined }), covers: '你的token' },
      { name: 'your-token', gateway: localToken({ auth: { token: 'your-token' }, remote: undefined }) },
      { name: '<token>', gateway: localToken({ auth: { token: '<token>' }, remote: undefined }) },
      { name: 'placeholder in remote.token', gateway: localToken({ remote: { token: 'your-gateway-token' } }), covers: 'your-gateway-token' },
      { name: 'refused value in remote.token', gateway: localToken({ remote: { token: 'undefined' } }), covers: 'undefined', says: ['clients that send it are rejected'] },
    ],
    nearMiss: [
      { name: 'strong token', gateway: localToken() },
      { name: 'token containing the word token', gateway: localToken({ auth: { token: 'token-' + STRONG }, remote: { token: 'token-' + STRONG } }) },
      { name: 'nullable-looking real token', gateway: localToken({ auth: { token: 'nullx' + STRONG }, remote: { token: 'nullx' + STRONG } }) },
      { name: 'exchange-me is not change-me', gateway: localToken({ auth: { token: 'exchange-me-' + STRONG }, remote: { token: 'exchange-me-' + STRONG } }) },
    ],
  },
  {
    code: 'token-weak',
    positive: [
      { name: 'short', gateway: localToken({ auth: { token: 'abcDEF123' }, remote: undefined }), covers: 'abcDEF123', severity: 'warning', says: ['9', '24'] },
      { name: 'digits only', gateway: localToken({ auth: { token: '123456789012345678901234567890' }, remote: undefined }), says: ['digits'] },
      { name: 'repeated character', gateway: localToken({ auth: { token: 'a'.repeat(40) }, remote: undefined }) },
      { name: 'repeated unit', gateway: localToken({ auth: { token: 'abc'.repeat(12) }, remote: undefined }) },
      { name: 'weak password', gateway: { mode: 'local', auth: { mode: 'password', password: 'hunter2' } }, covers: 'hunter2' },
    ],
    nearMiss: [
      { name: '24 characters exactly', gateway: localToken({ auth: { token: 'aB3dE5gH7jK9mN1pQ3sT5vX7' }, remote: { token: 'aB3dE5gH7jK9mN1pQ3sT5vX7' } }) },
      { name: 'generated hex', gateway: localToken() },
      { name: 'env reference is not judged by its text', gateway: localToken({ auth: { token: '$GW_TOKEN' }, remote: undefined }), env: { GW_TOKEN: STRONG } },
    ],
  },
  {
    code: 'token-risky-chars',
    positive: [
      { name: 'hash and ampersand', gateway: localToken({ auth: { token: STRONG.slice(0, 20) + '#&' + STRONG.slice(0, 10) }, remote: undefined }), covers: '#&', says: ['"#"', '"&"', '.env'] },
      { name: 'at sign', gateway: localToken({ auth: { token: 'user@' + STRONG }, remote: undefined }), covers: '@', says: ['URL'] },
      { name: 'percent for systemd', gateway: localToken({ auth: { token: STRONG + '%' }, remote: undefined }), covers: '%', says: ['systemd'] },
      { name: 'space inside', gateway: localToken({ auth: { token: STRONG.slice(0, 24) + ' ' + STRONG.slice(24) }, remote: undefined }), says: ['space'] },
      { name: 'non-ASCII', gateway: localToken({ auth: { token: STRONG + 'é' }, remote: undefined }), covers: 'é', says: ['Non-ASCII'] },
      { name: 'short secret: classes, no characters', gateway: localToken({ auth: { token: 'ab#cd&ef' }, remote: undefined }), covers: '#cd&', says: ['shell metacharacters', 'URL delimiters'] },
      { name: 'trailing whitespace', gateway: localToken({ auth: { token: STRONG + '  ' }, remote: undefined }), covers: '  ', says: ['trims'] },
      { name: 'dollar not followed by a reference', gateway: localToken({ auth: { token: STRONG + '$x' }, remote: undefined }), covers: '$' },
    ],
    nearMiss: [
      { name: 'hex token', gateway: localToken() },
      { name: 'dash and underscore', gateway: localToken({ auth: { token: STRONG.slice(0, 20) + '-_' + STRONG.slice(0, 10) }, remote: { token: STRONG.slice(0, 20) + '-_' + STRONG.slice(0, 10) } }) },
      { name: '$NAME reference', gateway: localToken({ auth: { token: '$GW_TOKEN' }, remote: { token: '${GW_TOKEN}' } }), env: { GW_TOKEN: STRONG } },
      { name: '${VAR} inside a token', gateway: localToken({ auth: { token: 'pre-${GW_PART}-post' + STRONG }, remote: { token: 'pre-${GW_PART}-post' + STRONG } }), env: { GW_PART: 'abc' } },
    ],
  },
  {
    code: 'token-env-reference',
    positive: [
      { name: 'set variable', gateway: localToken({ auth: { token: '$GW_TOKEN' }, remote: { token: '${GW_TOKEN}' } }), env: { GW_TOKEN: STRONG }, covers: '$GW_TOKEN', severity: 'information', says: ['GW_TOKEN', 'the process environment', 'fp:'] },
      { name: 'unset ${VAR}: one-time token', gateway: localToken({ auth: { token: '${MISSING_TOK}' }, remote: undefined }), severity: 'warning', says: ['one-time generated token', '`openclaw health` exits 1'] },
      { name: 'unset variable', gateway: localToken({ auth: { token: '${MISSING_TOK}' }, remote: undefined }), covers: '${MISSING_TOK}', severity: 'warning', says: ['MISSING_TOK', 'not set'] },
      { name: 'SecretRef env source', gateway: localToken({ auth: { token: { source: 'env', provider: 'default', id: 'GW_TOKEN' } }, remote: undefined }), env: { GW_TOKEN: STRONG } },
      { name: 'empty variable counts as unset', gateway: localToken({ auth: { token: '${EMPTY_TOK}' }, remote: undefined }), env: { EMPTY_TOK: '' }, severity: 'warning' },
    ],
    nearMiss: [
      { name: 'literal token', gateway: localToken() },
      { name: 'lowercase is not a reference', gateway: localToken({ auth: { token: '$gw_token_' + STRONG }, remote: { token: '$gw_token_' + STRONG } }) },
      { name: 'escaped $${VAR}', gateway: localToken({ auth: { token: 'a$${GW_TOKEN}' + STRONG }, remote: { token: 'a$${GW_TOKEN}' + STRONG } }) },
      { name: 'unset $NAME is secret-unavailable\'s', gateway: localToken({ auth: { token: '$GW_UNSET_TOKEN' }, remote: undefined }) },
      { name: 'unset env SecretRef is secret-unavailable\'s', gateway: localToken({ auth: { token: { source: 'env', provider: 'default', id: 'GW_UNSET_TOKEN' } }, remote: undefined }) },
    ],
  },
  {
    code: 'env-token-conflict',
    positive: [
      { name: 'env differs from auth.token', gateway: localToken(), env: { OPENCLAW_GATEWAY_TOKEN: STRONG_2 }, covers: STRONG, says: ['OPENCLAW_GATEWAY_TOKEN', 'ignore'] },
      { name: 'remote mode password is env-first', gateway: { mode: 'remote', remote: { url: 'wss://x.example.com', password: STRONG } }, env: { OPENCLAW_GATEWAY_PASSWORD: STRONG_2 }, says: ['variable first'] },
    ],
    nearMiss: [
      { name: 'env equal', gateway: localToken(), env: { OPENCLAW_GATEWAY_TOKEN: STRONG } },
      { name: 'env unset', gateway: localToken() },
      { name: 'file references the env variable itself', gateway: localToken({ auth: { token: '$OPENCLAW_GATEWAY_TOKEN' }, remote: undefined }), env: { OPENCLAW_GATEWAY_TOKEN: STRONG_2 } },
    ],
  },
  {
    code: 'env-var-misnamed',
    positive: [
      { name: 'CLAW_GATEWAY_TOKEN', gateway: localToken(), env: { CLAW_GATEWAY_TOKEN: 'x' }, says: ['CLAW_GATEWAY_TOKEN', 'OPENCLAW_GATEWAY_TOKEN'] },
      { name: 'legacy CLAWDBOT name', gateway: localToken(), env: { CLAWDBOT_GATEWAY_TOKEN: 'x' } },
      { name: 'wrong case', gateway: localToken(), env: { openclaw_gateway_token: 'x' } },
      { name: 'OPENCLAW_TOKEN', gateway: localToken(), env: { OPENCLAW_TOKEN: 'x' } },
    ],
    nearMiss: [
      { name: 'the real names', gateway: localToken(), env: { OPENCLAW_GATEWAY_TOKEN: STRONG, OPENCLAW_GATEWAY_PORT: '18789', OPENCLAW_CONFIG_PATH: '/x' } },
      { name: 'channel tokens are not gateway look-alikes', gateway: localToken(), env: { OPENCLAW_TELEGRAM_TOKEN: 'x', GITHUB_TOKEN: 'y' } },
    ],
  },
  {
    code: 'auth-mode-ambiguous',
    positive: [{ name: 'token and password, no mode', gateway: { mode: 'local', auth: { token: STRONG, password: STRONG_2 }, remote: { token: STRONG } }, covers: 'auth' }],
    nearMiss: [{ name: 'mode set', gateway: { mode: 'local', auth: { mode: 'token', token: STRONG, password: STRONG_2 }, remote: { token: STRONG } } }],
  },
  {
    code: 'bind-without-auth',
    positive: [
      { name: 'lan without secret', gateway: { mode: 'local', bind: 'lan' }, covers: 'lan', says: ['Refusing to bind gateway to lan without auth'] },
      { name: 'auth none', gateway: { mode: 'local', bind: 'lan', auth: { mode: 'none' } }, says: ['"none"'] },
      { name: 'container default', gateway: { mode: 'local' }, inContainer: true, covers: 'gateway', says: ['container'] },
      { name: 'remote.token does not count', gateway: { mode: 'local', bind: 'tailnet', remote: { token: STRONG } }, says: ['gateway.remote.token is for clients'] },
      { name: 'tailnet, machine unknown: says when it falls back', gateway: { mode: 'local', bind: 'tailnet' }, says: ['Refusing to bind gateway to tailnet without auth', 'Unless this machine has no Tailscale address'] },
      { name: 'auth none, gateway.token does not count', gateway: { mode: 'local', bind: 'lan', auth: { mode: 'none' }, token: STRONG }, says: ['"none"', 'gateway.token is not read'] },
      {
        name: 'container default, remote.token and gateway.token do not count',
        gateway: { mode: 'local', token: STRONG, remote: { token: STRONG } },
        inContainer: true,
        says: ['container', 'gateway.remote.token is for clients', 'gateway.token is not read'],
      },
    ],
    nearMiss: [
      { name: 'loopback', gateway: { mode: 'local', bind: 'loopback' } },
      { name: 'lan with token', gateway: localToken({ bind: 'lan' }) },
      { name: 'lan with env token', gateway: { mode: 'local', bind: 'lan' }, env: { OPENCLAW_GATEWAY_TOKEN: STRONG } },
      { name: 'trusted-proxy', gateway: { mode: 'local', bind: 'lan', auth: { mode: 'trusted-proxy' } } },
      { name: 'custom loopback host', gateway: { mode: 'local', bind: 'custom', customBindHost: '127.0.0.1' } },
      { name: 'no container, no bind', gateway: { mode: 'local' } },
    ],
  },
  {
    code: 'bind-invalid',
    positive: [
      { name: '0.0.0.0', gateway: localToken({ bind: '0.0.0.0' }), covers: '0.0.0.0', says: ['"lan"', 'every interface'] },
      { name: 'localhost', gateway: localToken({ bind: 'localhost' }), says: ['"loopback"'] },
      { name: '127.0.0.1', gateway: localToken({ bind: '127.0.0.1' }) },
      { name: 'not a string', gateway: localToken({ bind: 1 }) },
    ],
    nearMiss: [{ name: 'each valid mode', gateway: localToken({ bind: 'tailnet' }) }],
  },
  {
    code: 'gateway-mode-missing',
    positive: [
      { name: 'no mode', gateway: { auth: { token: STRONG }, remote: { token: STRONG } }, covers: 'gateway', says: ['exit 78'] },
      { name: 'invalid mode', gateway: localToken({ mode: 'lokal' }), covers: 'lokal' },
    ],
    nearMiss: [
      { name: 'local', gateway: localToken() },
      { name: 'remote', gateway: { mode: 'remote', remote: { url: 'wss://x.example.com', token: STRONG } } },
    ],
  },
  {
    code: 'token-misplaced',
    positive: [{ name: 'gateway.token', gateway: { mode: 'local', token: STRONG }, covers: 'token', severity: 'warning', says: ['gateway.auth.token'] }],
    nearMiss: [{ name: 'auth.token', gateway: localToken() }],
  },
  {
    code: 'remote-url-insecure',
    positive: [
      { name: 'public host', gateway: { mode: 'remote', remote: { url: 'ws://gateway.example.com:18789', token: STRONG } }, covers: 'ws://gateway.example.com:18789', says: ['SECURITY ERROR'] },
      { name: 'public IP', gateway: { mode: 'remote', remote: { url: 'ws://8.8.8.8:18789', token: STRONG } } },
    ],
    nearMiss: [
      { name: 'wss', gateway: { mode: 'remote', remote: { url: 'wss://gateway.example.com', token: STRONG } } },
      { name: 'loopback', gateway: { mode: 'remote', remote: { url: 'ws://127.0.0.1:18789', token: STRONG } } },
      { name: 'private LAN', gateway: { mode: 'remote', remote: { url: 'ws://192.168.1.20:18789', token: STRONG } } },
      { name: 'tailnet name', gateway: { mode: 'remote', remote: { url: 'ws://box.tail1234.ts.net:18789', token: STRONG } } },
      { name: 'CGNAT', gateway: { mode: 'remote', remote: { url: 'ws://100.101.1.2:18789', token: STRONG } } },
    ],
  },
  {
    code: 'remote-url-secret',
    positive: [
      { name: 'token in the query string', gateway: { mode: 'remote', remote: { url: 'wss://gw.example.com/?token=' + STRONG, token: STRONG } }, covers: STRONG, says: ['query string', '"token"'] },
      { name: 'user:password@', gateway: { mode: 'remote', remote: { url: 'wss://admin:hunter2hunter2@gw.example.com', token: STRONG } }, covers: 'admin:hunter2hunter2', says: ['user:password@'] },
    ],
    nearMiss: [
      { name: 'plain wss URL', gateway: { mode: 'remote', remote: { url: 'wss://gw.example.com', token: STRONG } } },
      { name: 'harmless query parameter', gateway: { mode: 'remote', remote: { url: 'wss://gw.example.com/?region=eu', token: STRONG } } },
    ],
  },
  {
    code: 'port-invalid',
    positive: [
      { name: 'too large', gateway: localToken({ port: 70000 }), covers: '70000' },
      { name: 'string', gateway: localToken({ port: '18789' }), covers: '18789', says: ['not a string'] },
      { name: 'zero', gateway: localToken({ port: 0 }) },
      { name: 'fraction', gateway: localToken({ port: 187.89 }) },
    ],
    nearMiss: [
      { name: 'default port', gateway: localToken() },
      { name: 'max port', gateway: localToken({ port: 65535 }) },
    ],
  },
  {
    code: 'secret-unavailable',
    positive: [
      {
        name: '$NAME whose variable is unset',
        gateway: localToken({ auth: { mode: 'token', token: '$GW_UNSET_TOKEN' }, remote: undefined }),
        covers: '$GW_UNSET_TOKEN',
        severity: 'warning',
        says: ['GW_UNSET_TOKEN', 'not set for the gateway', 'the .env files OpenClaw reads were not checked', 'exits 1', 'Startup failed: required secrets are unavailable.'],
      },
      {
        name: 'env SecretRef whose variable is unset',
        gateway: localToken({ auth: { token: { source: 'env', provider: 'default', id: 'GW_UNSET_TOKEN' } }, remote: undefined }),
        says: ['Environment variable "GW_UNSET_TOKEN" is missing or empty.'],
      },
      {
        name: 'a secret that looks like $NAME is read as one',
        gateway: localToken({ auth: { token: '$K8V2QX70123456789ABCDEF' }, remote: undefined }),
        covers: '$K8V2QX70123456789ABCDEF',
        says: ['fp:', 'name of an environment variable'],
      },
      { name: 'password mode, $NAME password unset', gateway: { mode: 'local', auth: { mode: 'password', password: '$GW_UNSET_PASSWORD' } }, covers: '$GW_UNSET_PASSWORD' },
      { name: 'mode unset, the token is what the gateway needs', gateway: { mode: 'local', auth: { token: '$GW_UNSET_TOKEN' } } },
      {
        name: 'env SecretRef naming a provider that is not configured',
        gateway: localToken({ auth: { token: { source: 'env', provider: 'vault', id: 'GW_TOKEN' } }, remote: undefined }),
        env: { GW_TOKEN: STRONG },
        says: ['Secret provider "vault" is not configured (ref: env:vault:GW_TOKEN).'],
      },
      {
        name: 'exec SecretRef naming a provider that is not configured',
        gateway: localToken({ auth: { token: { source: 'exec', provider: 'vault', id: 'gw/token' } }, remote: undefined }),
        says: ['"vault" is not configured'],
      },
      {
        name: 'remote mode, remote.token unset and nothing else to send',
        gateway: { mode: 'remote', remote: { url: 'wss://gw.example.com', token: '$GW_UNSET_REMOTE' } },
        severity: 'warning',
        says: ['gateway.remote.token is configured as a secret reference but is unavailable in this command path.'],
      },
      {
        name: 'local mode, remote.token unset is the only token clients have',
        gateway: { mode: 'local', remote: { token: '$GW_UNSET_REMOTE' } },
        severity: 'warning',
        says: ['no secret to send'],
      },
      {
        name: 'remote mode, the client falls back to the environment token',
        gateway: { mode: 'remote', remote: { url: 'wss://gw.example.com', token: '$GW_UNSET_REMOTE' } },
        env: { OPENCLAW_GATEWAY_TOKEN: STRONG },
        severity: 'information',
        says: ['send OPENCLAW_GATEWAY_TOKEN instead'],
      },
    ],
    nearMiss: [
      { name: '$NAME whose variable is set', gateway: localToken({ auth: { token: '$GW_TOKEN' }, remote: { token: '$GW_TOKEN' } }), env: { GW_TOKEN: STRONG } },
      { name: '${NAME} unset (token-env-reference: the gateway starts)', gateway: localToken({ auth: { token: '${GW_UNSET_TOKEN}' }, remote: undefined }) },
      { name: 'a lowercase letter makes it a literal', gateway: localToken({ auth: { token: '$K8V2abc0123456789ABCDEF' }, remote: { token: '$K8V2abc0123456789ABCDEF' } }) },
      { name: 'token mode never resolves the password', gateway: localToken({ auth: { mode: 'token', token: STRONG, password: '$GW_UNSET_PASSWORD' } }) },
      { name: 'remote mode: the gateway does not run here', gateway: { mode: 'remote', remote: { url: 'wss://gw.example.com', token: STRONG }, auth: { token: '$GW_UNSET_TOKEN' } } },
      { name: 'env SecretRef through secrets.defaults-less default provider', gateway: localToken({ auth: { token: { source: 'env', provider: 'default', id: 'GW_TOKEN' } }, remote: undefined }), env: { GW_TOKEN: STRONG } },
    ],
  },
  {
    code: 'secret-unchecked',
    positive: [
      {
        name: 'store SecretRef on the gateway token',
        gateway: localToken({ auth: { token: { source: 'store', provider: 'default', id: 'GW_TOKEN' } }, remote: undefined }),
        severity: 'information',
        says: ['secret store', 'cannot be checked here', 'Startup failed: required secrets are unavailable.'],
      },
      {
        name: 'store SecretRef on remote.token in remote mode',
        gateway: { mode: 'remote', remote: { url: 'wss://gw.example.com', token: { source: 'store', provider: 'default', id: 'GW_TOKEN' } } },
        says: ['unavailable in this command path'],
      },
    ],
    nearMiss: [
      { name: 'literal token', gateway: localToken() },
      { name: 'store SecretRef on a password token mode never reads', gateway: localToken({ auth: { mode: 'token', token: STRONG, password: { source: 'store', provider: 'default', id: 'GW_PW' } } }) },
      { name: 'store SecretRef on remote.token while auth.token is set (local mode)', gateway: localToken({ remote: { token: { source: 'store', provider: 'default', id: 'GW_TOKEN' } } }) },
    ],
  },
  {
    code: 'auth-mode-inferred',
    positive: [
      {
        name: 'OPENCLAW_GATEWAY_PASSWORD switches an unset mode to password',
        gateway: localToken({ auth: { token: STRONG } }),
        env: { OPENCLAW_GATEWAY_PASSWORD: STRONG_2 },
        covers: STRONG,
        severity: 'warning',
        says: ['password mode', 'AUTH_PASSWORD_MISMATCH', 'the process environment'],
      },
    ],
    nearMiss: [
      { name: 'mode token is explicit', gateway: localToken(), env: { OPENCLAW_GATEWAY_PASSWORD: STRONG_2 } },
      { name: 'no password anywhere', gateway: localToken({ auth: { token: STRONG } }) },
      { name: 'no token: password mode is what is configured', gateway: { mode: 'local' }, env: { OPENCLAW_GATEWAY_PASSWORD: STRONG_2 } },
    ],
  },
  {
    code: 'auth-secret-missing',
    positive: [
      {
        name: 'password mode without a password',
        gateway: { mode: 'local', auth: { mode: 'password' } },
        covers: 'password',
        severity: 'error',
        says: ['exits 78', 'Gateway auth is set to password, but no password is configured.'],
      },
      {
        name: 'password mode with only a token',
        gateway: { mode: 'local', auth: { mode: 'password', token: STRONG } },
        says: ['Set gateway.auth.password (or OPENCLAW_GATEWAY_PASSWORD), or pass --password.'],
      },
      {
        name: 'token mode with only a password',
        gateway: { mode: 'local', auth: { mode: 'token', password: STRONG } },
        covers: 'token',
        says: ['Gateway auth token was missing. Generated a runtime token', 'AUTH_TOKEN_MISMATCH'],
      },
    ],
    nearMiss: [
      { name: 'password mode with OPENCLAW_GATEWAY_PASSWORD', gateway: { mode: 'local', auth: { mode: 'password' } }, env: { OPENCLAW_GATEWAY_PASSWORD: STRONG } },
      { name: 'password mode with a password reference', gateway: { mode: 'local', auth: { mode: 'password', password: '$GW_PASSWORD' } } },
      { name: 'token mode with a token and a password', gateway: localToken({ auth: { mode: 'token', token: STRONG, password: STRONG_2 } }) },
      { name: 'token mode with OPENCLAW_GATEWAY_TOKEN', gateway: { mode: 'local', auth: { mode: 'token', password: STRONG } }, env: { OPENCLAW_GATEWAY_TOKEN: STRONG_2 } },
      { name: 'token mode, only remote.token (auth-token-missing)', gateway: { mode: 'local', auth: { mode: 'token', password: STRONG }, remote: { token: STRONG } } },
      { name: 'remote mode', gateway: { mode: 'remote', auth: { mode: 'password' }, remote: { url: 'wss://gw.example.com', token: STRONG } } },
    ],
  },
  {
    code: 'trusted-proxy-invalid',
    positive: [
      {
        name: 'no trustedProxies',
        gateway: { mode: 'local', auth: { mode: 'trusted-proxy', trustedProxy: { userHeader: 'x-forwarded-user' } } },
        covers: 'trusted-proxy',
        says: ['exits 78', 'gateway auth mode=trusted-proxy requires gateway.trustedProxies to be configured with at least one proxy IP'],
      },
      {
        name: 'empty trustedProxies',
        gateway: { mode: 'local', trustedProxies: [], auth: { mode: 'trusted-proxy', trustedProxy: { userHeader: 'x-forwarded-user' } } },
        says: ['lists no proxy'],
      },
      {
        name: 'no trustedProxy settings',
        gateway: { mode: 'local', trustedProxies: ['10.0.0.1'], auth: { mode: 'trusted-proxy' } },
        says: ['no trustedProxy config was provided (set gateway.auth.trustedProxy)'],
      },
      {
        name: 'blank user header',
        gateway: { mode: 'local', trustedProxies: ['10.0.0.1'], auth: { mode: 'trusted-proxy', trustedProxy: { userHeader: '  ' } } },
        covers: '  ',
        says: ['trustedProxy.userHeader is empty'],
      },
      {
        name: 'a token as well',
        gateway: { mode: 'local', trustedProxies: ['10.0.0.1'], auth: { mode: 'trusted-proxy', trustedProxy: { userHeader: 'x-forwarded-user' }, token: STRONG } },
        covers: STRONG,
        says: ['trusted-proxy and token auth are mutually exclusive'],
      },
      {
        name: 'OPENCLAW_GATEWAY_TOKEN for the gateway',
        gateway: { mode: 'local', trustedProxies: ['10.0.0.1'], auth: { mode: 'trusted-proxy', trustedProxy: { userHeader: 'x-forwarded-user' } } },
        env: { OPENCLAW_GATEWAY_TOKEN: STRONG },
        covers: 'trusted-proxy',
        says: ['OPENCLAW_GATEWAY_TOKEN is set for the gateway', 'mutually exclusive'],
      },
    ],
    nearMiss: [
      { name: 'complete', gateway: { mode: 'local', trustedProxies: ['10.0.0.1'], auth: { mode: 'trusted-proxy', trustedProxy: { userHeader: 'x-forwarded-user' } } } },
      { name: 'a password is an allowed fallback', gateway: { mode: 'local', trustedProxies: ['10.0.0.1'], auth: { mode: 'trusted-proxy', trustedProxy: { userHeader: 'x-forwarded-user' }, password: STRONG } } },
      { name: 'token mode', gateway: localToken() },
    ],
  },
  {
    code: 'bind-custom-host',
    positive: [
      { name: 'no host', gateway: localToken({ bind: 'custom' }), covers: 'custom', severity: 'error', says: ['gateway.bind=custom requires gateway.customBindHost'] },
      { name: 'blank host', gateway: localToken({ bind: 'custom', customBindHost: ' ' }), covers: 'custom' },
      { name: 'a host name', gateway: localToken({ bind: 'custom', customBindHost: 'localhost' }), covers: 'localhost', says: ['gateway.bind=custom requires a valid IPv4 customBindHost (got localhost)'] },
      { name: 'IPv6', gateway: localToken({ bind: 'custom', customBindHost: '::1' }), covers: '::1' },
      { name: 'leading zero', gateway: localToken({ bind: 'custom', customBindHost: '192.168.001.10' }) },
      {
        name: 'an address of an unknown machine',
        gateway: localToken({ bind: 'custom', customBindHost: '192.168.1.50' }),
        covers: '192.168.1.50',
        severity: 'information',
        says: ['must be an address of the machine the gateway runs on', 'requested 192.168.1.50 but resolved 0.0.0.0; refusing fallback'],
      },
    ],
    nearMiss: [
      { name: 'loopback host', gateway: localToken({ bind: 'custom', customBindHost: '127.0.0.1' }) },
      { name: 'wildcard host', gateway: localToken({ bind: 'custom', customBindHost: '0.0.0.0' }) },
      { name: 'not a custom bind', gateway: localToken({ bind: 'lan', customBindHost: 'nonsense' }) },
    ],
  },
  {
    code: 'unknown-key',
    positive: [
      { name: 'typo with suggestion', gateway: localToken({ remote: { token: STRONG, tokne: 'x' } }), covers: 'tokne', says: ['"token"'] },
      { name: 'top-level gateway typo', gateway: localToken({ prot: 1 }), covers: 'prot', says: ['"port"'] },
      { name: 'nothing close enough to suggest', gateway: localToken({ zzzzzzzzzz: 1 }), covers: 'zzzzzzzzzz', says: ['Unknown key "zzzzzzzzzz" in gateway'] },
    ],
    nearMiss: [
      { name: 'known keys', gateway: localToken({ customBindHost: '127.0.0.1', remote: { token: STRONG, url: 'wss://x.example.com', tlsFingerprint: 'ab' } }) },
      { name: 'gateway.token is token-misplaced instead', gateway: { mode: 'local', token: STRONG } },
      { name: 'SecretRef keys', gateway: localToken({ auth: { token: { source: 'env', provider: 'default', id: 'GW' } }, remote: undefined }) },
    ],
  },
  {
    code: 'control-ui-origins-missing',
    positive: [
      {
        name: 'bind lan without origins, release unknown',
        gateway: localToken({ bind: 'lan' }),
        covers: 'lan',
        severity: 'warning',
        says: ['non-loopback Control UI requires gateway.controlUi.allowedOrigins', 'http://localhost:18789, http://127.0.0.1:18789', 'origin not allowed (open the Control UI from the gateway host'],
      },
      { name: 'custom bind seeds its host too', gateway: localToken({ bind: 'custom', customBindHost: '192.168.1.20', port: 19001 }), covers: 'custom', says: ['http://192.168.1.20:19001'] },
      { name: 'container default bind: information only', gateway: localToken({ bind: undefined }), inContainer: true, severity: 'information', says: ['gateway.bind is "auto"'] },
      { name: 'blank origins count as none', gateway: localToken({ bind: 'lan', controlUi: { allowedOrigins: ['  '] } }), covers: 'lan' },
    ],
    nearMiss: [
      { name: 'loopback', gateway: localToken() },
      { name: 'custom loopback host', gateway: localToken({ bind: 'custom', customBindHost: '127.0.0.1' }) },
      { name: 'custom bind without a valid host stops first (bind-custom-host)', gateway: localToken({ bind: 'custom', customBindHost: 'gw.local' }) },
      { name: 'origins set', gateway: localToken({ bind: 'lan', controlUi: { allowedOrigins: ['https://gw.example.com'] } }) },
      { name: 'Host-header fallback', gateway: localToken({ bind: 'lan', controlUi: { dangerouslyAllowHostHeaderOriginFallback: true } }) },
      { name: 'Control UI off', gateway: localToken({ bind: 'lan', controlUi: { enabled: false } }) },
      { name: 'explicit auto outside a container', gateway: localToken({ bind: 'auto' }) },
      { name: 'remote mode', gateway: { mode: 'remote', bind: 'lan', remote: { url: 'wss://gw.example.com', token: STRONG } } },
    ],
  },
  {
    code: 'control-ui-origin-invalid',
    positive: [
      { name: 'no scheme', gateway: localToken({ controlUi: { allowedOrigins: ['gw.example.com'] } }), covers: 'gw.example.com', says: ['has no scheme', 'https://gw.example.com'] },
      { name: 'a path', gateway: localToken({ controlUi: { allowedOrigins: ['https://gw.example.com/ui'] } }), covers: 'https://gw.example.com/ui', says: ['has a path', '"https://gw.example.com"'] },
      { name: 'trailing slash', gateway: localToken({ controlUi: { allowedOrigins: ['https://gw.example.com/'] } }), says: ['ends with a slash'] },
      { name: 'credentials', gateway: localToken({ controlUi: { allowedOrigins: ['https://me:pw@gw.example.com'] } }), says: ['user:password@'] },
      { name: 'default port written', gateway: localToken({ controlUi: { allowedOrigins: ['https://gw.example.com:443'] } }), says: ['default port', '"https://gw.example.com"'] },
      { name: 'not a URL', gateway: localToken({ controlUi: { allowedOrigins: ['http://[nope'] } }), says: ['not a valid URL'] },
      {
        name: 'custom bind host with another port',
        gateway: localToken({ bind: 'custom', customBindHost: '192.168.1.20', controlUi: { allowedOrigins: ['http://192.168.1.20:8080'] } }),
        covers: 'http://192.168.1.20:8080',
        says: ['port 8080', 'listens on 18789'],
      },
    ],
    nearMiss: [
      { name: 'exact origins', gateway: localToken({ controlUi: { allowedOrigins: ['https://gw.example.com', 'http://localhost:18789', 'https://gw.example.com:8443'] } }) },
      { name: 'wildcard is another rule', gateway: localToken({ controlUi: { allowedOrigins: ['*'] } }) },
      { name: 'custom host on the gateway port', gateway: localToken({ bind: 'custom', customBindHost: '192.168.1.20', controlUi: { allowedOrigins: ['http://192.168.1.20:18789'] } }) },
      {
        name: 'another port behind a trusted proxy',
        gateway: localToken({ bind: 'custom', customBindHost: '192.168.1.20', trustedProxies: ['192.168.1.1'], controlUi: { allowedOrigins: ['https://192.168.1.20:8443'] } }),
      },
    ],
  },
  {
    code: 'control-ui-origin-wildcard',
    positive: [
      { name: 'lan', gateway: localToken({ bind: 'lan', controlUi: { allowedOrigins: ['*'] } }), covers: '*', severity: 'warning', says: ['bind "lan"', 'origin allowlisting is off'] },
      { name: 'loopback', gateway: localToken({ controlUi: { allowedOrigins: ['https://a.example.com', ' * '] } }), covers: ' * ', severity: 'information' },
    ],
    nearMiss: [
      { name: 'explicit origins', gateway: localToken({ bind: 'lan', controlUi: { allowedOrigins: ['https://gw.example.com'] } }) },
      { name: 'a wildcard subdomain is just a malformed entry', gateway: localToken({ controlUi: { allowedOrigins: ['https://*.example.com'] } }) },
    ],
  },
  {
    code: 'control-ui-origins-local-only',
    positive: [
      { name: 'lan with the seeded origins written down', gateway: localToken({ bind: 'lan', controlUi: { allowedOrigins: ['http://localhost:18789', 'http://127.0.0.1:18789'] } }), covers: 'allowedOrigins', severity: 'information', says: ['gateway.bind is "lan"'] },
    ],
    nearMiss: [
      { name: 'a remote origin too', gateway: localToken({ bind: 'lan', controlUi: { allowedOrigins: ['http://localhost:18789', 'https://gw.example.com'] } }) },
      { name: 'loopback bind', gateway: localToken({ controlUi: { allowedOrigins: ['http://localhost:18789'] } }) },
      { name: 'Host-header fallback', gateway: localToken({ bind: 'lan', controlUi: { allowedOrigins: ['http://localhost:18789'], dangerouslyAllowHostHeaderOriginFallback: true } }) },
    ],
  },
  {
    code: 'control-ui-insecure-origin',
    positive: [
      { name: 'http to a LAN address', gateway: localToken({ bind: 'lan', controlUi: { allowedOrigins: ['http://192.168.1.20:18789'] } }), covers: 'http://192.168.1.20:18789', says: ['control ui requires device identity (use HTTPS or localhost secure context)'] },
      { name: 'http to a name', gateway: localToken({ controlUi: { allowedOrigins: ['https://ok.example.com', 'http://gw.example.com'] } }), covers: 'http://gw.example.com' },
    ],
    nearMiss: [
      { name: 'https', gateway: localToken({ bind: 'lan', controlUi: { allowedOrigins: ['https://gw.example.com'] } }) },
      { name: 'localhost and 127.0.0.1 are secure contexts', gateway: localToken({ controlUi: { allowedOrigins: ['http://localhost:18789', 'http://127.0.0.1:18789', 'http://[::1]:18789'] } }) },
      { name: 'Control UI off', gateway: localToken({ controlUi: { enabled: false, allowedOrigins: ['http://gw.example.com'] } }) },
    ],
  },
  {
    code: 'control-ui-dangerous-flag',
    positive: [
      { name: 'Host-header fallback on lan', gateway: localToken({ bind: 'lan', controlUi: { dangerouslyAllowHostHeaderOriginFallback: true } }), covers: 'true', says: ['bind "lan"', 'DNS-rebinding'] },
      { name: 'Host-header fallback on loopback', gateway: localToken({ controlUi: { dangerouslyAllowHostHeaderOriginFallback: true } }), says: ['is true: any page'] },
      { name: 'device auth off', gateway: localToken({ controlUi: { dangerouslyDisableDeviceAuth: true } }), covers: 'true', says: ['retired and ignored', '2026.4.8 honours it'] },
    ],
    nearMiss: [
      { name: 'flags false', gateway: localToken({ controlUi: { dangerouslyAllowHostHeaderOriginFallback: false, dangerouslyDisableDeviceAuth: false } }) },
      { name: 'a string is not true', gateway: localToken({ controlUi: { dangerouslyDisableDeviceAuth: 'true' } }) },
    ],
  },
  {
    code: 'tailscale-exposure',
    positive: [
      {
        name: 'funnel with token auth',
        gateway: localToken({ tailscale: { mode: 'funnel' } }),
        covers: 'funnel',
        severity: 'error',
        says: ['exits 78', 'tailscale funnel requires gateway auth mode=password (set gateway.auth.password or OPENCLAW_GATEWAY_PASSWORD)'],
      },
      { name: 'serve with auth none', gateway: { mode: 'local', tailscale: { mode: 'serve' }, auth: { mode: 'none' } }, covers: 'none', says: ['gateway.auth.mode=none cannot be used with gateway.tailscale.mode=serve'] },
      { name: 'funnel with auth none', gateway: { mode: 'local', tailscale: { mode: 'funnel' }, auth: { mode: 'none' } }, covers: 'none', says: ['gateway.tailscale.mode=funnel requires gateway.auth.mode=password; auth.mode=none'] },
      { name: 'serve with bind lan', gateway: localToken({ bind: 'lan', tailscale: { mode: 'serve' } }), covers: 'lan', says: ['gateway.bind must resolve to loopback when gateway.tailscale.mode=serve'] },
      { name: 'serve with a custom non-loopback host', gateway: localToken({ bind: 'custom', customBindHost: '10.0.0.7', tailscale: { mode: 'serve' } }), covers: 'custom' },
    ],
    nearMiss: [
      { name: 'serve with token auth on loopback', gateway: localToken({ tailscale: { mode: 'serve' } }) },
      { name: 'serve with no bind set', gateway: localToken({ bind: undefined, tailscale: { mode: 'serve' } }) },
      { name: 'serve with custom 127.0.0.1', gateway: localToken({ bind: 'custom', customBindHost: '127.0.0.1', tailscale: { mode: 'serve' } }) },
      { name: 'funnel with password auth', gateway: { mode: 'local', tailscale: { mode: 'funnel' }, auth: { mode: 'password', password: STRONG } } },
      { name: 'funnel with an inferred password mode', gateway: { mode: 'local', tailscale: { mode: 'funnel' }, auth: { password: STRONG } } },
      { name: 'tailscale off with lan', gateway: localToken({ bind: 'lan', tailscale: { mode: 'off' }, controlUi: { allowedOrigins: ['https://gw.example.com'] } }) },
    ],
  },
  {
    code: 'remote-url-missing',
    positive: [
      { name: 'no remote at all', gateway: { mode: 'remote' }, covers: 'remote', says: ['gateway remote mode misconfigured: gateway.remote.url missing', 'does not fall back'] },
      { name: 'blank url', gateway: { mode: 'remote', remote: { url: ' ', token: STRONG } }, covers: ' ', says: ['is blank'] },
    ],
    nearMiss: [
      { name: 'url set', gateway: { mode: 'remote', remote: { url: 'wss://gw.example.com', token: STRONG } } },
      { name: 'local mode', gateway: localToken() },
    ],
  },
  {
    code: 'tls-fingerprint-invalid',
    positive: [
      {
        name: 'openssl output in remote mode',
        gateway: { mode: 'remote', remote: { url: 'wss://gw.example.com', token: STRONG, tlsFingerprint: `SHA256 Fingerprint=${'AB:'.repeat(31)}CD` } },
        covers: `SHA256 Fingerprint=${'AB:'.repeat(31)}CD`,
        severity: 'error',
        says: ['the digits are right', 'Invalid TLS fingerprint; expected a SHA-256 certificate fingerprint.'],
      },
      { name: 'SHA-1', gateway: { mode: 'remote', remote: { url: 'wss://gw.example.com', token: STRONG, tlsFingerprint: 'a'.repeat(40) } }, says: ['look like SHA-1'] },
      { name: 'too short, local mode', gateway: localToken({ remote: { token: STRONG, tlsFingerprint: 'sha256:abcd' } }), severity: 'warning', says: ['4 hex digits, 64 expected', 'not read in local mode'] },
    ],
    nearMiss: [
      { name: '64 hex digits', gateway: { mode: 'remote', remote: { url: 'wss://gw.example.com', token: STRONG, tlsFingerprint: 'AB'.repeat(32) } } },
      { name: 'colon pairs with sha256: prefix', gateway: { mode: 'remote', remote: { url: 'wss://gw.example.com', token: STRONG, tlsFingerprint: `sha256:${'ab:'.repeat(31)}cd` } } },
      { name: 'blank', gateway: { mode: 'remote', remote: { url: 'wss://gw.example.com', token: STRONG, tlsFingerprint: '' } } },
    ],
  },
  {
    code: 'trusted-proxy-scope',
    positive: [
      {
        name: 'everyone, in trusted-proxy mode',
        gateway: { mode: 'local', trustedProxies: ['0.0.0.0/0'], auth: { mode: 'trusted-proxy', trustedProxy: { userHeader: 'x-forwarded-user' } } },
        covers: '0.0.0.0/0',
        severity: 'error',
        says: ['every IPv4 address', 'signed in as any user'],
      },
      { name: 'all of IPv6 in token mode', gateway: localToken({ trustedProxies: ['10.0.0.5', '::/0'] }), covers: '::/0', severity: 'warning', says: ['every IPv6 address', 'X-Forwarded-For'] },
      { name: 'mapped IPv4 everything', gateway: localToken({ trustedProxies: ['::ffff:0:0/96'] }), says: ['every IPv4 address'] },
      { name: 'a /4', gateway: localToken({ trustedProxies: ['64.0.0.0/4'] }), says: ['268435456 IPv4 addresses'] },
      {
        name: 'loopback proxy without allowLoopback',
        gateway: { mode: 'local', trustedProxies: ['127.0.0.1'], auth: { mode: 'trusted-proxy', trustedProxy: { userHeader: 'x-forwarded-user' } } },
        covers: '127.0.0.1',
        says: ['trusted_proxy_loopback_source'],
      },
      {
        name: 'allowLoopback with a loopback proxy',
        gateway: { mode: 'local', trustedProxies: ['::1'], auth: { mode: 'trusted-proxy', trustedProxy: { userHeader: 'x-forwarded-user', allowLoopback: true } } },
        covers: 'true',
        severity: 'warning',
        says: ['Any local process that can connect to the Gateway can impersonate a loopback reverse proxy'],
      },
      {
        name: 'allowLoopback without a loopback proxy',
        gateway: { mode: 'local', trustedProxies: ['10.0.0.5'], auth: { mode: 'trusted-proxy', trustedProxy: { userHeader: 'x-forwarded-user', allowLoopback: true } } },
        severity: 'information',
        says: ['has no effect'],
      },
    ],
    nearMiss: [
      { name: 'narrow proxies', gateway: { mode: 'local', trustedProxies: ['10.0.0.5', '10.0.0.0/8', 'fd00::/64'], auth: { mode: 'trusted-proxy', trustedProxy: { userHeader: 'x-forwarded-user' } } } },
      { name: 'loopback proxy in token mode', gateway: localToken({ trustedProxies: ['127.0.0.1'] }) },
      { name: 'allowLoopback false', gateway: { mode: 'local', trustedProxies: ['10.0.0.5'], auth: { mode: 'trusted-proxy', trustedProxy: { userHeader: 'x-forwarded-user', allowLoopback: false } } } },
    ],
  },
];

function strip(gateway: Record<string, unknown>): Record<string, unknown> {
  // `undefined` entries mean "leave the key out".
  return JSON.parse(JSON.stringify(gateway)) as Record<string, unknown>;
}

describe('rules: positive cases and near misses', () => {
  for (const entry of TABLE) {
    describe(entry.code, () => {
      for (const c of entry.positive) {
        it(`fires: ${c.name}`, () => {
          const text = jsonConfig(strip(c.gateway));
          const found = findingsOf(text, entry.code, c.env ?? {}, c.inContainer);
          assert.ok(found.length > 0, `expected ${entry.code} in\n${text}`);
          const first = found[0];
          if (c.covers !== undefined) assert.equal(covered(text, first), c.covers);
          if (c.severity !== undefined) assert.equal(first.severity, c.severity);
          for (const word of c.says ?? []) assert.ok(textOf(first).includes(word), `message should say ${word}: ${textOf(first)}`);
          assert.ok(first.offset >= 0 && first.offset + first.length <= text.length);
        });
      }
      for (const c of entry.nearMiss) {
        it(`stays quiet: ${c.name}`, () => {
          const text = jsonConfig(strip(c.gateway));
          const found = findingsOf(text, entry.code, c.env ?? {}, c.inContainer);
          assert.deepEqual(
            found.map(textOf),
            [],
          );
        });
      }
    });
  }
});

describe('JSON5 twins get exactly the findings of their JSON originals', () => {
  for (const entry of TABLE) {
    for (const c of [...entry.positive, ...entry.nearMiss]) {
      it(`${entry.code}: ${c.name}`, () => {
        const gateway = strip(c.gateway);
        const json = analyze(jsonConfig(gateway), c.env ?? {}, c.inContainer);
        const json5Text = json5Config(gateway);
        const json5 = analyze(json5Text, c.env ?? {}, c.inContainer);
        assert.equal(json5.doc.dialect, 'json5');
        assert.deepEqual(
          json5.findings.map((f) => [f.code, f.severity, f.messageId, textOf(f)]),
          json.findings.map((f) => [f.code, f.severity, f.messageId, textOf(f)]),
        );
        // Same decoded text under each range (JSON5 writes strings with single quotes).
        // Object values (SecretRefs) are written differently, so only scalar ranges are compared.
        const decode = (text: string, f: { offset: number; length: number }): string => {
          const raw = covered(text, f);
          return raw.startsWith('{') ? '{object}' : raw.replace(/\\'/g, "'");
        };
        assert.deepEqual(
          json5.findings.map((f) => decode(json5Text, f)),
          json.findings.map((f) => decode(jsonConfig(gateway), f)),
        );
      });
    }
  }
});

const DEFINITIONS = join(__dirname, '..', '..', '..', 'src', 'core', 'rules', 'definitions');
const COMPILED_DEFINITIONS = join(__dirname, '..', '..', 'src', 'core', 'rules', 'definitions');

function definitionFiles(): string[] {
  return readdirSync(DEFINITIONS)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

/** A rule file and the modules it imports directly (shared messages and fixes live in support/). */
function ruleSource(code: string): string {
  const file = join(DEFINITIONS, `${code}.ts`);
  const own = readFileSync(file, 'utf8');
  const imported = [...own.matchAll(/from '(\.{1,2}\/[^']+)'/g)].map((m) => join(dirname(file), `${m[1]}.ts`)).filter((p) => existsSync(p));
  return [own, ...imported.map((p) => readFileSync(p, 'utf8'))].join('\n');
}

describe('rule table', () => {
  it('is every file in definitions/, in file-name order, and each file is named after its rule', () => {
    const names = definitionFiles();
    assert.deepEqual(
      RULES.map((r) => r.meta.code),
      names,
    );
    assert.deepEqual([...RULE_CODES], names);
    for (const name of names) {
      const [loaded] = loadRules([name], COMPILED_DEFINITIONS);
      assert.equal(loaded.meta.code, name, `${name}.ts must define the rule ${name}`);
    }
  });
  it('documents every rule', () => {
    for (const { meta } of RULES) {
      assert.ok(meta.docs.summary.length > 10 && meta.docs.openclaw.length > 10 && meta.docs.fix.length > 5, meta.code);
      for (const [id, fix] of Object.entries(meta.fixes ?? {})) assert.ok(fix.summary.length > 10, `${meta.code}: fix ${id} has no summary`);
    }
  });
  it('uses every message and fix it declares (each id appears in the code that reports or offers it)', () => {
    for (const { meta } of RULES) {
      const source = ruleSource(meta.code);
      for (const id of Object.keys(meta.messages)) assert.ok(source.includes(`'${id}'`), `${meta.code}: message ${id} is never reported`);
      for (const id of Object.keys(meta.fixes ?? {})) assert.ok(source.includes(`'${id}'`), `${meta.code}: fix ${id} is never offered`);
    }
  });
  it('has a positive and a near-miss test for every rule except those tested on their own (syntax-error, duplicate-key, disable-directive)', () => {
    const tested = new Set<string>(TABLE.filter((e) => e.positive.length > 0 && e.nearMiss.length > 0).map((e) => e.code));
    // Rules about several files (includes, .env files, environments, service units, profiles) have their own multi-file tests.
    // Rules about the machine (network facts) or settings outside gateway (hooks) are tested in startupRules.test.ts.
    const own = new Set(['syntax-error', 'duplicate-key', 'disable-directive', 'include-invalid', 'dotenv-value-cut', 'env-shadowed', 'dotenv-blocked', 'client-url-override', 'bind-tailnet-fallback', 'hooks-token-reused', 'hooks-token-missing', 'service-token-stale', 'profile-token-stale', 'gateway-restart-needed', 'port-not-gateway']);
    for (const code of RULE_CODES) if (!own.has(code)) assert.ok(tested.has(code), code);
  });
});

/** Inputs whose findings the table above does not produce: comments, broken files, escapes. */
const EXTRA_INPUTS: Array<{ text: string; env?: Environment }> = [
  { text: '{ "gateway": { "mode": "local" ' },
  { text: '{ gateway: { mode: local } }' },
  { text: '{\n  "gateway": {\n    "mode": "local",\n    "port": 1000,\n    "port": 18789\n  }\n}' },
  { text: `{\n  gateway: {\n    mode: 'local',\n    // openclaw-guard-disable-next-line no-such-rule\n    bind: 'loopback',\n  },\n}\n` },
  { text: `{\n  gateway: {\n    mode: 'local',\n    // openclaw-guard-disable-next-line token-weak\n    bind: 'loopback',\n  },\n}\n` },
  { text: `{\n  gateway: {\n    mode: 'local',\n    // openclaw-guard-disable-next-line\n    bind: 'loopback',\n  },\n}\n` },
  { text: `{\n  gateway: {\n    mode: 'local',\n    // openclaw-guard-disable-next-line Token-Weak,\n    bind: 'loopback',\n  },\n}\n` },
  { text: `{\n  gateway: {\n    mode: 'local',\n    // openclaw-guard-disable-next-line rotated-last-week\n    bind: 'loopback',\n  },\n}\n` },
];

/** Every input these tests analyze, in both dialects where the table has them. */
function corpus(): Array<{ text: string; env: Environment; inContainer?: boolean }> {
  const out: Array<{ text: string; env: Environment; inContainer?: boolean }> = [];
  for (const entry of TABLE) {
    for (const c of [...entry.positive, ...entry.nearMiss]) {
      const gateway = strip(c.gateway);
      for (const text of [jsonConfig(gateway), json5Config(gateway)]) out.push({ text, env: c.env ?? {}, inContainer: c.inContainer });
    }
  }
  for (const extra of EXTRA_INPUTS) out.push({ text: extra.text, env: extra.env ?? {} });
  return out;
}

describe('messages: ids, arguments and fixes agree with each rule\'s meta', () => {
  const findings = [
    ...corpus().flatMap((input) => analyze(input.text, input.env, input.inContainer).findings),
    ...MULTI_FILE_CORPUS.flatMap((input) => analyzeFiles(input).findings),
    // Messages that hold for some releases only (versionedRules.test.ts).
    ...VERSIONED_CASES.flatMap((c) => c.expect.flatMap((e) => analyzeForRelease(c, e.release).findings)),
  ];

  it('every finding names a message its rule declares, and the engine used that template', () => {
    for (const f of findings) {
      const meta = RULES.find((r) => r.meta.code === f.code)?.meta;
      assert.ok(meta, f.code);
      assert.ok(Object.prototype.hasOwnProperty.call(meta.messages, f.messageId), `${f.code} reported ${f.messageId}, which meta.messages does not declare`);
      assert.equal(f.message.text, (meta.messages)[f.messageId]);
    }
  });
  it('every placeholder is filled, also in related spans, and nothing is left as {name} after rendering', () => {
    for (const f of findings) {
      assert.deepEqual(unfilledPlaceholders(f.message), [], `${f.code}/${f.messageId}: ${textOf(f)}`);
      assert.doesNotMatch(textOf(f), /\{\w+\}/, `${f.code}/${f.messageId}: ${textOf(f)}`);
      for (const r of f.related) assert.deepEqual(unfilledPlaceholders(r.message), [], `${f.code} related: ${english(r.message)}`);
    }
  });
  it('the tests produce every message of every rule at least once', () => {
    const seen = new Set(findings.map((f) => `${f.code}/${f.messageId}`));
    for (const { meta } of RULES) for (const id of Object.keys(meta.messages)) assert.ok(seen.has(`${meta.code}/${id}`), `no test produces ${meta.code}/${id}`);
  });
});

describe('token-risky-chars never spells out the secret', () => {
  /** What the message says about the secret itself (the sentences after it quote fixed examples). */
  const riskyText = (token: string): string => {
    const found = findingsOf(jsonConfig(localToken({ auth: { token }, remote: undefined })), 'token-risky-chars');
    assert.ok(found.length > 0, token);
    const text = textOf(found[0]);
    const end = text.indexOf('. OpenClaw accepts it');
    assert.ok(end > 0, text);
    return text.slice(0, end);
  };
  it('names the classes and shows at most the first two distinct risky characters', () => {
    const text = riskyText(STRONG.slice(0, 20) + '#' + STRONG.slice(0, 6) + '&' + STRONG.slice(0, 6) + '@' + STRONG.slice(0, 6) + '!');
    assert.ok(text.includes('for example "#", "&"'), text);
    assert.ok(!text.includes('"@"') && !text.includes('"!"'), text);
    for (const name of ['URL delimiters', 'shell metacharacters', 'characters that .env files treat specially']) assert.ok(text.includes(name), text);
  });
  it('shows no character of a secret shorter than 16 characters', () => {
    const text = riskyText('ab#cd&ef');
    assert.ok(!text.includes('"#"') && !text.includes('"&"') && !text.includes('for example'), text);
  });
  it('shows no character of a secret that is mostly risky characters', () => {
    const token = 'Tr0ub4dor&3!@#$%^*()+=?';
    assert.ok([...token].length >= 16);
    const text = riskyText(token);
    assert.ok(!text.includes('for example'), text);
    for (const ch of new Set(token.replace(/[A-Za-z0-9]/g, ''))) assert.ok(!text.includes(`"${ch}"`), `${ch} shown: ${text}`);
  });
  it('never shows a non-ASCII character, only its class', () => {
    for (const token of [STRONG + 'é', 'пароль-' + STRONG, STRONG.slice(0, 20) + '密码' + STRONG.slice(0, 20)]) {
      const text = riskyText(token);
      assert.doesNotMatch(text, /[^\x20-\x7e]/, text);
      assert.ok(text.includes('non-ASCII characters'), text);
    }
  });
  it('names an ASCII control character by its code point', () => {
    const text = riskyText(STRONG + '\u0007');
    assert.ok(text.includes('U+0007') && text.includes('control characters'), text);
  });
});

describe('syntax-error never quotes the file', () => {
  it('does not repeat a token written without quotes, nor key names', () => {
    for (const text of [
      '{ gateway: { mode: "local", auth: { token: hunter2SecretValue } } }',
      '{ "gateway": { "auth": { "token": "s3cretPart" } "mySecretKeyName": {} } }',
      '{ "gateway": { "auth": { "tokenSecretKey" 1 } } }',
      '{ "gateway": { "auth": { "token": "abc\\1secret" } } }',
      '{ "gateway": { "port": 0123456 } }',
    ]) {
      const [f] = findingsOf(text, 'syntax-error');
      assert.ok(f, text);
      const message = textOf(f);
      for (const secret of ['hunter2', 'SecretValue', 's3cret', 'mySecretKeyName', 'tokenSecretKey', '1secret', '0123456', 'auth', 'token']) assert.ok(!message.includes(secret), `${secret} quoted: ${message}`);
      assert.match(message, /\(line \d+, column \d+\)/);
    }
  });
});

describe('duplicate-key', () => {
  it('marks the earlier key and points at the later one', () => {
    const text = '{\n  "gateway": {\n    "mode": "local",\n    "port": 1000,\n    "port": 18789\n  }\n}';
    const [f, ...rest] = findingsOf(text, 'duplicate-key');
    assert.equal(rest.length, 0);
    assert.equal(covered(text, f), 'port');
    assert.equal(text.lastIndexOf('"port"') + 1, f.related[0].offset);
    assert.ok(f.offset < f.related[0].offset);
  });
  it('finds a duplicated gateway object at the root', () => {
    const text = '{ gateway: { mode: "local" }, gateway: { mode: "local" } }';
    const found = findingsOf(text, 'duplicate-key');
    assert.equal(found.length, 1);
    assert.equal(found[0].offset, 2);
  });
  it('ignores duplicates outside gateway and distinct keys', () => {
    assert.equal(findingsOf('{ agents: { a: 1, a: 2 }, gateway: { mode: "local", port: 1 } }', 'duplicate-key').length, 0);
  });
  it('reads the last duplicate as OpenClaw does', () => {
    const text = '{ gateway: { mode: "local", auth: { token: "' + STRONG + '" }, auth: { token: "' + STRONG_2 + '" }, remote: { token: "' + STRONG_2 + '" } } }';
    assert.equal(findingsOf(text, 'token-mismatch').length, 0);
  });
});

describe('ranges inside escaped strings', () => {
  it('maps a risky character written as \\u0040 to its escape', () => {
    const text = '{ "gateway": { "mode": "local", "auth": { "token": "' + STRONG.slice(0, 30) + '\\u0040' + STRONG.slice(0, 10) + '" }, "remote": { "token": "' + STRONG.slice(0, 30) + '@' + STRONG.slice(0, 10) + '" } } }';
    const found = findingsOf(text, 'token-risky-chars');
    assert.equal(covered(text, found[0]), '\\u0040');
    assert.equal(covered(text, found[1]), '@');
    // Decoded values are equal, so no mismatch.
    assert.equal(findingsOf(text, 'token-mismatch').length, 0);
  });
  it('maps trailing whitespace written as escapes', () => {
    const text = "{ gateway: { mode: 'local', auth: { token: '" + STRONG + "\\t\\u0020' }, remote: { token: '" + STRONG + "' } } }";
    const found = findingsOf(text, 'token-risky-chars');
    assert.equal(found.length, 1);
    assert.equal(covered(text, found[0]), '\\t\\u0020');
  });
  it('maps a single-quoted JSON5 string with an escaped quote', () => {
    const text = "{ gateway: { mode: 'local', auth: { token: 'it\\'s-" + STRONG + "' }, remote: { token: 'it\\'s-" + STRONG + "' } } }";
    const found = findingsOf(text, 'token-risky-chars');
    assert.equal(found.length, 2);
    assert.equal(covered(text, found[0]), "\\'");
  });
});

describe('messages never contain a secret', () => {
  it('holds for every finding of a config full of problems', () => {
    const secrets = ['pw@a&b#c d', STRONG, STRONG_2, 'hunter2-secret', 'envsecretvalue123456789012345'];
    const text = JSON.stringify({
      gateway: { bind: 'lan', token: secrets[3], auth: { token: secrets[0], password: secrets[1] }, remote: { token: secrets[2], password: 'x' } },
    });
    const { findings } = analyze(text, { OPENCLAW_GATEWAY_TOKEN: secrets[4], OPENCLAW_GATEWAY_PASSWORD: secrets[4] });
    assert.ok(findings.length >= 4);
    for (const f of findings) {
      for (const s of secrets) {
        assert.ok(!textOf(f).includes(s.trim()), `${f.code} leaks a secret: ${textOf(f)}`);
        for (const r of f.related) assert.ok(!english(r.message).includes(s.trim()));
      }
    }
  });
});
