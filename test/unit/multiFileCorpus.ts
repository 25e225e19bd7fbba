import { STRONG, STRONG_2, type MultiFileInput } from './ruleHelpers';

const DIR = '/home/u/.openclaw';
const STATE_ENV = `${DIR}/.env`;
const GATEWAY_ENV = '/home/u/.config/openclaw/gateway.env';
const SERVICE_UNIT = '/home/u/.config/systemd/user/openclaw-gateway.service';
const BASHRC = '/home/u/.bashrc';
const LOCAL = `gateway: { mode: "local", auth: { mode: "token", token: "${STRONG}" }, remote: { token: "${STRONG}" } }`;

/** A chain of includes one level deeper than OpenClaw allows. */
function includeChain(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 11; i++) files[`${DIR}/c${i}.json5`] = `{ "$include": "c${i + 1}.json5" }`;
  files[`${DIR}/c11.json5`] = '{}';
  return files;
}

/**
 * Configs whose findings need more than one file (includes, `.env` files). rules.test.ts adds
 * their findings to the corpus every message must be produced from and checked against.
 */
export const MULTI_FILE_CORPUS: MultiFileInput[] = [
  // An included file that does not parse.
  { config: '{ gateway: { mode: "local", auth: { "$include": "./auth.json5" } } }', files: { '/home/u/.openclaw/auth.json5': '{ token: ' } },
  // include-invalid, one input per message.
  { config: `{ "$include": "../outside.json5", ${LOCAL} }`, files: { '/home/u/outside.json5': '{}' } },
  { config: `{ "$include": "./link.json5", ${LOCAL} }`, files: { [`${DIR}/link.json5`]: '{}' }, symlinks: { [`${DIR}/link.json5`]: '/etc/elsewhere.json5' } },
  { config: `{ "$include": "./missing.json5", ${LOCAL} }` },
  { config: `{ "$include": "./locked.json5", ${LOCAL} }`, files: { [`${DIR}/locked.json5`]: '{}' }, unreadable: [`${DIR}/locked.json5`] },
  { config: `{ "$include": "./big.json5", ${LOCAL} }`, files: { [`${DIR}/big.json5`]: `{ note: "${'x'.repeat(2 * 1024 * 1024)}" }` } },
  { config: `{ "$include": "a.json5", ${LOCAL} }`, files: { [`${DIR}/a.json5`]: '{ "$include": "a.json5" }' } },
  { config: `{ "$include": "c0.json5", ${LOCAL} }`, files: includeChain() },
  { config: `{ "$include": 42, ${LOCAL} }` },
  { config: `{ "$include": ["a.json5", 1], ${LOCAL} }`, files: { [`${DIR}/a.json5`]: '{}' } },
  { config: `{ "$include": "a\\u0000b.json5", ${LOCAL} }` },
  { config: `{ "$include": "${'x'.repeat(4096)}", ${LOCAL} }` },
  { config: `{ ${LOCAL.slice(0, -2)}, controlUi: { "$include": "./list.json5", enabled: true } } }`, files: { [`${DIR}/list.json5`]: '["a"]' } },
  // service-token-stale: the service's token is the gateway's (no auth.token), and gateway.auth.token wins.
  {
    config: '{ gateway: { mode: "local", auth: { mode: "token" } } }',
    files: { [SERVICE_UNIT]: `[Service]\nExecStart=/usr/bin/openclaw gateway\nEnvironment=OPENCLAW_GATEWAY_TOKEN=${STRONG_2}\n`, [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG}\n` },
    serviceDiscovery: true,
  },
  { config: `{ ${LOCAL} }`, files: { [SERVICE_UNIT]: `[Service]\nExecStart=/usr/bin/openclaw gateway\nEnvironment=OPENCLAW_GATEWAY_TOKEN=${STRONG_2}\n` }, serviceDiscovery: true },
  // ... with the running gateway's facts: started after the unit was written (now), before it (after a restart).
  ...[3_000_000, 1_000_000].map((startedAtMs) => ({
    config: '{ gateway: { mode: "local", auth: { mode: "token" } } }',
    files: { [SERVICE_UNIT]: `[Service]\nExecStart=/usr/bin/openclaw gateway\nEnvironment=OPENCLAW_GATEWAY_TOKEN=${STRONG_2}\n`, [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG}\n` },
    mtimes: { [SERVICE_UNIT]: 2_000_000 },
    serviceDiscovery: true,
    listener: { port: 18789, state: 'listening' as const, process: { pid: 7, argv: ['openclaw-gateway'], startedAtMs, isGateway: true } },
  })),
  // profile-token-stale: no auth.token; each release range.
  { config: '{ gateway: { mode: "local", auth: { mode: "token" } } }', files: { [BASHRC]: `export OPENCLAW_GATEWAY_TOKEN=${STRONG_2}\n`, [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG}\n` }, serviceDiscovery: true },
  { config: `{ ${LOCAL} }`, files: { [BASHRC]: `export OPENCLAW_GATEWAY_TOKEN=${STRONG_2}\n` }, serviceDiscovery: true },
  { config: `{ meta: { lastTouchedVersion: "2026.7.35" }, ${LOCAL} }`, files: { [BASHRC]: `export OPENCLAW_GATEWAY_TOKEN=${STRONG_2}\n` }, serviceDiscovery: true },
  { config: `{ meta: { lastTouchedVersion: "2026.9.6" }, ${LOCAL} }`, files: { [BASHRC]: `export OPENCLAW_GATEWAY_TOKEN=${STRONG_2}\n` }, serviceDiscovery: true },
  // gateway-restart-needed (with and without a service) and port-not-gateway.
  {
    config: `{ ${LOCAL} }`,
    files: { [STATE_ENV]: 'A=1\n', [SERVICE_UNIT]: '[Service]\nExecStart=/usr/bin/openclaw gateway\n' },
    mtimes: { [STATE_ENV]: 2_000_000 },
    serviceDiscovery: true,
    listener: { port: 18789, state: 'listening', process: { pid: 7, argv: ['openclaw-gateway'], startedAtMs: 1_000_000, isGateway: true } },
  },
  { config: `{ ${LOCAL} }`, files: { [STATE_ENV]: 'A=1\n' }, mtimes: { [STATE_ENV]: 2_000_000 }, listener: { port: 18789, state: 'listening', process: { pid: 7, argv: ['openclaw-gateway'], startedAtMs: 1_000_000, isGateway: true } } },
  { config: `{ ${LOCAL} }`, listener: { port: 18789, state: 'listening', process: { pid: 7, argv: ['nc', '-l', '18789'], isGateway: false } } },
  // dotenv-value-cut: a secret, an empty value, a value that is not a secret.
  { config: `{ gateway: { mode: "local", remote: { token: "${STRONG}#tail" } } }`, files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG}#tail\n` } },
  { config: `{ ${LOCAL} }`, files: { [STATE_ENV]: `OPENCLAW_GATEWAY_PASSWORD=#${STRONG}\n` } },
  { config: `{ ${LOCAL} }`, files: { [STATE_ENV]: 'OPENCLAW_GATEWAY_PORT=18790#old\n' } },
  // env-shadowed: two .env files, a .env line under the process environment, env.vars under a .env line.
  { config: `{ ${LOCAL} }`, files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG}\n`, [GATEWAY_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG_2}\n` } },
  { config: `{ ${LOCAL} }`, env: { OPENCLAW_GATEWAY_TOKEN: STRONG }, files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG_2}\n` } },
  { config: `{ env: { vars: { OPENCLAW_GATEWAY_TOKEN: "${STRONG_2}" } }, ${LOCAL} }`, files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG}\n` } },
  // dotenv-blocked: a working-directory .env, env.vars with a reference and with a refused key.
  { config: `{ ${LOCAL} }`, cwd: '/work/project', files: { '/work/project/.env': `OPENCLAW_GATEWAY_TOKEN=${STRONG}\n` } },
  { config: `{ env: { vars: { OPENCLAW_GATEWAY_TOKEN: "\${MY_TOKEN}", OPENCLAW_INCLUDE_ROOTS: "/srv" } }, ${LOCAL} }` },
  // client-url-override: without and with a credential in the client's environment.
  { config: `{ ${LOCAL} }`, env: { OPENCLAW_GATEWAY_URL: 'ws://127.0.0.1:18789' } },
  { config: `{ ${LOCAL} }`, env: { OPENCLAW_GATEWAY_URL: 'ws://127.0.0.1:18789', OPENCLAW_GATEWAY_TOKEN: STRONG } },
  // token-mismatch / password-mismatch against the gateway's environment (auth.* unset).
  { config: `{ gateway: { mode: "local", remote: { token: "${STRONG}" } } }`, files: { [STATE_ENV]: `OPENCLAW_GATEWAY_TOKEN=${STRONG_2}\n` } },
  { config: `{ gateway: { mode: "local", remote: { password: "${STRONG}" } } }`, files: { [GATEWAY_ENV]: `OPENCLAW_GATEWAY_PASSWORD=${STRONG_2}\n` } },
  // hooks.token equal to the gateway token, with hooks enabled.
  {
    config: '{ gateway: { mode: "local", auth: { mode: "token", token: "3f9a1c7e5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f20" } }, hooks: { enabled: true, token: "3f9a1c7e5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f20" } }',
  },
  // bind "custom" on an address this machine does not have; bind "tailnet" without Tailscale.
  { config: '{ gateway: { mode: "local", bind: "custom", customBindHost: "192.0.2.10", auth: { token: "3f9a1c7e5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f20" } } }', network: { tailscale: false, addresses: ['127.0.0.1', '10.1.2.3'] } },
  { config: '{ gateway: { mode: "local", bind: "tailnet" } }', network: { tailscale: false, addresses: ['127.0.0.1', '::1', '10.1.2.3'] } },
  // control-ui-origins-missing: the release that last wrote the config picks the message.
  { config: `{ meta: { lastTouchedVersion: "2026.2.26" }, gateway: { mode: "local", bind: "lan", auth: { token: "${STRONG}" } } }` },
  { config: `{ meta: { lastTouchedVersion: "2026.9.6" }, gateway: { mode: "local", bind: "lan", auth: { token: "${STRONG}" } } }` },
  // tailscale-exposure: serve without a tailscale command; hooks-token-missing: no token, a blank one, a root path.
  { config: `{ gateway: { mode: "local", tailscale: { mode: "serve" }, auth: { token: "${STRONG}" } } }`, network: { tailscale: false, addresses: ['127.0.0.1'] } },
  { config: `{ ${LOCAL}, hooks: { enabled: true } }` },
  { config: `{ ${LOCAL}, hooks: { enabled: true, token: " ", path: "//" } }` },
];
