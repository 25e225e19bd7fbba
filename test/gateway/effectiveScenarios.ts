/**
 * How OpenClaw 2026.9.6 assembles the gateway's effective settings, as scenarios run against the real
 * gateway by effectiveConfig.test.ts. Every expectation here was observed on a real gateway; the rules
 * and the source behind them are in docs/openclaw-effective-config.md, which quotes the same strings.
 *
 * Placeholders: `{PORT}` in configs and file contents; `{HOME}`, `{STATE}`, `{DIR}` in file keys and
 * contents (see test/support/realGateway.ts).
 */

/** Where the accepted secret came from (for the report; the probe only sends the value). */
export type SecretOrigin =
  | 'auth.token'
  | 'auth.password'
  | 'env'
  | 'env-password'
  | 'dotenv'
  | 'gateway.env'
  | 'env.vars'
  | 'include'
  | 'secretref-file'
  | 'literal';

export interface SecretProbe {
  value: string;
  kind?: 'token' | 'password';
}

export interface ScenarioExpectation {
  /** Whether `openclaw gateway run` became ready (/startupz 200) or exited first. */
  starts: boolean;
  /** The exit code when it does not start. */
  exitCode?: number;
  /** Exact text the gateway's output (stdout+stderr) contains. */
  logIncludes?: string | string[];
  /** Text the output must not contain. */
  logExcludes?: string[];
  /** Where the accepted secret comes from. */
  accepts?: SecretOrigin;
  /** Gets hello-ok. */
  acceptedSecret?: string;
  acceptedKind?: 'token' | 'password';
  /** Each gets rejectedCode (AUTH_TOKEN_MISMATCH unless said otherwise). */
  rejectedSecrets?: Array<string | SecretProbe>;
  rejectedCode?: string;
}

export interface Scenario {
  id: string;
  title: string;
  /** JSON5 text of openclaw.json. */
  config: string;
  files?: Record<string, string>;
  fileModes?: Record<string, number>;
  env?: Record<string, string>;
  cwd?: string;
  stateDir?: 'temp' | 'default';
  netns?: true;
  bindArg?: string | null;
  expect: ScenarioExpectation;
  /** `openclaw config validate --json` on the same files (run in a private network namespace). */
  validate?: { exitCode: number; outputIncludes?: string[] };
}

/** A distinct, harmless 40-character secret per label. */
function secret(label: string): string {
  return `${label}-${'0123456789abcdef0123456789abcdef0123456789'}`.slice(0, 40);
}

const BASE = `mode: "local", bind: "loopback", port: {PORT}`;

/**
 * Printed when no token is found (formatRuntimeGatewayAuthTokenWarning in src/gateway/server-kernel.ts:
 * "Gateway auth token was missing. …"; the [gateway] logger prints it without its first word).
 */
/** A SecretRef that does not resolve at start-up (src/gateway/server-startup-secret-diagnostics.ts, src/gateway/server-startup-config.ts handleSecretsActivationError). */
export const SECRETS_DEGRADED = '[secrets] [SECRETS_DEGRADED] cold gateway:ingress-auth: secret reference was not found. Retry: openclaw secrets reload.';
export const SECRETS_UNAVAILABLE = 'Gateway failed to start: Startup failed: required secrets are unavailable.. Run openclaw gateway status --deep for diagnostics.';

/** `openclaw config validate --json` on a valid file without warnings: `{"valid":true,"path":"…","warnings":[]}`. */
export const VALID_NO_WARNINGS = ['{"valid":true,"path":', '"warnings":[]}'];

export const RUNTIME_TOKEN = '[gateway] auth token was missing. Generated a runtime token for this startup without changing config; restart will generate a different token.';

const T = {
  stateEnv: secret('state-dotenv'),
  cut: 'cutbeforehash0123456789abcdef',
  cutRest: 'afterhash9876543210',
  quoted: secret('quoted-dotenv'),
  home: secret('home-openclaw-dotenv'),
  gatewayEnv: secret('gateway-env-file'),
  cwd: secret('cwd-dotenv'),
  configDirEnv: secret('config-dir-dotenv'),
  vars: secret('env-vars'),
  processEnv: secret('process-env'),
  include: secret('included'),
  sibling: secret('sibling'),
  outside: secret('outside-include'),
  config: secret('config-token'),
  passwordEnv: secret('pw-env'),
  password: secret('pw-config'),
  hooks: secret('hooks-equal'),
  file: secret('file-provider'),
  literal: '$K8V2abc0123456789abcdef0123456789',
  custom: secret('custom-bind'),
  tailnet: secret('tailnet-bind'),
};

export const SECRETS = T;

export const scenarios: Scenario[] = [
  // ── .env files ──────────────────────────────────────────────────────────────────────────────
  {
    id: 'dotenv-state-dir',
    title: 'token only in $OPENCLAW_STATE_DIR/.env',
    config: `{ gateway: { ${BASE} } }`,
    files: { '{STATE}/.env': `OPENCLAW_GATEWAY_TOKEN=${T.stateEnv}\n` },
    expect: { starts: true, accepts: 'dotenv', acceptedSecret: T.stateEnv, logExcludes: ['auth token was missing'] },
  },
  {
    id: 'dotenv-hash-cut',
    title: 'OPENCLAW_GATEWAY_TOKEN=abc#def in .env: an unquoted # starts a comment',
    config: `{ gateway: { ${BASE} } }`,
    files: { '{STATE}/.env': `OPENCLAW_GATEWAY_TOKEN=${T.cut}#${T.cutRest}\n` },
    expect: { starts: true, accepts: 'dotenv', acceptedSecret: T.cut, rejectedSecrets: [`${T.cut}#${T.cutRest}`] },
  },
  {
    id: 'dotenv-hash-quoted',
    title: 'OPENCLAW_GATEWAY_TOKEN="abc#def" in .env: quotes keep the #',
    config: `{ gateway: { ${BASE} } }`,
    files: { '{STATE}/.env': `export OPENCLAW_GATEWAY_TOKEN="${T.quoted}#x" # trailing comment\n` },
    expect: { starts: true, accepts: 'dotenv', acceptedSecret: `${T.quoted}#x`, rejectedSecrets: [T.quoted] },
  },
  {
    id: 'dotenv-default-conflict',
    title: '~/.openclaw/.env and ~/.config/openclaw/gateway.env disagree (default state dir)',
    config: `{ gateway: { ${BASE} } }`,
    stateDir: 'default',
    files: {
      '{HOME}/.openclaw/.env': `OPENCLAW_GATEWAY_TOKEN=${T.home}\n`,
      '{HOME}/.config/openclaw/gateway.env': `OPENCLAW_GATEWAY_TOKEN=${T.gatewayEnv}\n`,
    },
    expect: {
      starts: true,
      accepts: 'dotenv',
      acceptedSecret: T.home,
      rejectedSecrets: [T.gatewayEnv],
      logIncludes: '[infra:dotenv] Conflicting values in {HOME}/.openclaw/.env and {HOME}/.config/openclaw/gateway.env for OPENCLAW_GATEWAY_TOKEN; keeping {HOME}/.openclaw/.env.',
    },
  },
  {
    id: 'gateway-env-default',
    title: '~/.config/openclaw/gateway.env alone, default state dir',
    config: `{ gateway: { ${BASE} } }`,
    stateDir: 'default',
    files: { '{HOME}/.config/openclaw/gateway.env': `OPENCLAW_GATEWAY_TOKEN=${T.gatewayEnv}\n` },
    expect: { starts: true, accepts: 'gateway.env', acceptedSecret: T.gatewayEnv },
  },
  {
    id: 'gateway-env-ignored-with-state-dir',
    title: '~/.config/openclaw/gateway.env is not read when OPENCLAW_STATE_DIR points elsewhere',
    config: `{ gateway: { ${BASE} } }`,
    files: { '{HOME}/.config/openclaw/gateway.env': `OPENCLAW_GATEWAY_TOKEN=${T.gatewayEnv}\n` },
    expect: { starts: true, rejectedSecrets: [T.gatewayEnv], logIncludes: RUNTIME_TOKEN },
  },
  {
    id: 'dotenv-cwd-blocked',
    title: 'a working-directory .env with OPENCLAW_GATEWAY_TOKEN',
    config: `{ gateway: { ${BASE} } }`,
    cwd: 'work',
    files: { 'work/.env': `OPENCLAW_GATEWAY_TOKEN=${T.cwd}\n` },
    expect: { starts: true, rejectedSecrets: [T.cwd], logIncludes: RUNTIME_TOKEN },
  },
  {
    id: 'dotenv-cwd-other-key',
    title: 'a working-directory .env with a key that is not blocked, used as ${VAR} in auth.token',
    config: `{ gateway: { ${BASE}, auth: { mode: "token", token: "\${GW_CWD_TOKEN}" } } }`,
    cwd: 'work',
    files: { 'work/.env': `GW_CWD_TOKEN=${T.cwd}\n` },
    expect: { starts: true, accepts: 'dotenv', acceptedSecret: T.cwd },
  },
  {
    id: 'dotenv-config-path-dir',
    title: 'OPENCLAW_CONFIG_PATH elsewhere, no OPENCLAW_STATE_DIR: the .env beside the config',
    config: `{ gateway: { ${BASE} } }`,
    stateDir: 'default',
    env: { OPENCLAW_CONFIG_PATH: '{DIR}/alt/openclaw.json' },
    files: { '{DIR}/alt/openclaw.json': `{ gateway: { ${BASE} } }`, '{DIR}/alt/.env': `OPENCLAW_GATEWAY_TOKEN=${T.configDirEnv}\n` },
    expect: { starts: true, accepts: 'dotenv', acceptedSecret: T.configDirEnv },
  },
  {
    id: 'dotenv-process-env-wins',
    title: 'process env and $OPENCLAW_STATE_DIR/.env disagree',
    config: `{ gateway: { ${BASE} } }`,
    env: { OPENCLAW_GATEWAY_TOKEN: T.processEnv },
    files: { '{STATE}/.env': `OPENCLAW_GATEWAY_TOKEN=${T.stateEnv}\n` },
    expect: { starts: true, accepts: 'env', acceptedSecret: T.processEnv, rejectedSecrets: [T.stateEnv] },
  },
  // ── env.vars ────────────────────────────────────────────────────────────────────────────────
  {
    id: 'env-vars-token',
    title: 'env.vars.OPENCLAW_GATEWAY_TOKEN with no auth.token',
    config: `{ env: { vars: { OPENCLAW_GATEWAY_TOKEN: "${T.vars}" } }, gateway: { ${BASE} } }`,
    expect: { starts: true, accepts: 'env.vars', acceptedSecret: T.vars },
  },
  {
    id: 'env-vars-vs-process-env',
    title: 'env.vars and the process env disagree',
    config: `{ env: { vars: { OPENCLAW_GATEWAY_TOKEN: "${T.vars}" } }, gateway: { ${BASE} } }`,
    env: { OPENCLAW_GATEWAY_TOKEN: T.processEnv },
    expect: { starts: true, accepts: 'env', acceptedSecret: T.processEnv, rejectedSecrets: [T.vars] },
  },
  {
    id: 'env-vars-vs-dotenv',
    title: 'env.vars and $OPENCLAW_STATE_DIR/.env disagree',
    config: `{ env: { vars: { OPENCLAW_GATEWAY_TOKEN: "${T.vars}" } }, gateway: { ${BASE} } }`,
    files: { '{STATE}/.env': `OPENCLAW_GATEWAY_TOKEN=${T.stateEnv}\n` },
    expect: { starts: true, accepts: 'dotenv', acceptedSecret: T.stateEnv, rejectedSecrets: [T.vars] },
  },
  // ── $include ────────────────────────────────────────────────────────────────────────────────
  {
    id: 'include-root',
    title: '$include at the root holding gateway.auth.token',
    config: `{ $include: "./gateway-auth.json5", gateway: { ${BASE} } }`,
    files: { 'gateway-auth.json5': `{ gateway: { auth: { token: "${T.include}" } } }` },
    expect: { starts: true, accepts: 'include', acceptedSecret: T.include },
  },
  {
    id: 'include-under-gateway',
    title: '$include nested under gateway, itself including auth from a sub-directory',
    config: `{ gateway: { $include: "./parts/gateway.json5", port: {PORT} } }`,
    files: {
      'parts/gateway.json5': `{ mode: "local", bind: "loopback", auth: { $include: "./auth.json5" } }`,
      'parts/auth.json5': `{ mode: "token", token: "${T.include}" }`,
    },
    expect: { starts: true, accepts: 'include', acceptedSecret: T.include },
  },
  {
    id: 'include-under-auth',
    title: '$include under gateway.auth',
    config: `{ gateway: { ${BASE}, auth: { $include: "./auth.json5" } } }`,
    files: { 'auth.json5': `{ token: "${T.include}" }` },
    expect: { starts: true, accepts: 'include', acceptedSecret: T.include },
  },
  {
    id: 'include-sibling-wins',
    title: 'a sibling key overrides the included content',
    config: `{ $include: "./gateway-auth.json5", gateway: { ${BASE}, auth: { token: "${T.sibling}" } } }`,
    files: { 'gateway-auth.json5': `{ gateway: { auth: { token: "${T.include}" } } }` },
    expect: { starts: true, accepts: 'auth.token', acceptedSecret: T.sibling, rejectedSecrets: [T.include] },
  },
  {
    id: 'include-escapes-config-dir',
    title: 'an include escaping the config dir (../outside.json5)',
    stateDir: 'default',
    config: `{ $include: "../outside.json5", gateway: { ${BASE} } }`,
    files: { '{HOME}/outside.json5': `{ gateway: { auth: { token: "${T.outside}" } } }` },
    expect: {
      starts: false,
      exitCode: 78,
      logIncludes: 'Gateway failed to start: Invalid config at {HOME}/.openclaw/openclaw.json:\n<root>: Include path escapes config directory: ../outside.json5 (root: {HOME}/.openclaw)',
    },
    validate: { exitCode: 1, outputIncludes: ['"message": "OpenClaw config is invalid: ~/.openclaw/openclaw.json"', '"path": "<root>",\n      "message": "Include path escapes config directory: ../outside.json5 (root: {HOME}/.openclaw)"'] },
  },
  {
    id: 'include-roots-allow-outside',
    title: 'the same include with OPENCLAW_INCLUDE_ROOTS naming its directory',
    stateDir: 'default',
    env: { OPENCLAW_INCLUDE_ROOTS: '{HOME}' },
    config: `{ $include: "../outside.json5", gateway: { ${BASE} } }`,
    files: { '{HOME}/outside.json5': `{ gateway: { auth: { token: "${T.outside}" } } }` },
    expect: { starts: true, accepts: 'include', acceptedSecret: T.outside },
  },
  // ── unset references and $-literals ─────────────────────────────────────────────────────────
  {
    id: 'unset-dollar-shorthand',
    title: 'auth.token: "$UNSET_GW_TOKEN" (shorthand SecretRef, variable unset)',
    config: `{ gateway: { ${BASE}, auth: { mode: "token", token: "$UNSET_GW_TOKEN" } } }`,
    expect: { starts: false, exitCode: 1, logIncludes: [SECRETS_DEGRADED, SECRETS_UNAVAILABLE] },
    validate: { exitCode: 0, outputIncludes: VALID_NO_WARNINGS },
  },
  {
    id: 'unset-secretref-object',
    title: 'auth.token: {source:"env",provider:"default",id:"UNSET_GW_TOKEN"}',
    config: `{ gateway: { ${BASE}, auth: { mode: "token", token: { source: "env", provider: "default", id: "UNSET_GW_TOKEN" } } } }`,
    expect: { starts: false, exitCode: 1, logIncludes: [SECRETS_DEGRADED, SECRETS_UNAVAILABLE] },
    validate: { exitCode: 0, outputIncludes: VALID_NO_WARNINGS },
  },
  {
    id: 'unset-braced',
    title: 'auth.token: "${UNSET_GW_TOKEN}" (variable unset)',
    config: `{ gateway: { ${BASE}, auth: { mode: "token", token: "\${UNSET_GW_TOKEN}" } } }`,
    expect: {
      starts: true,
      rejectedSecrets: ['${UNSET_GW_TOKEN}'],
      // "Missing" is masked by OpenClaw's own console redaction (it follows "token: ").
      logIncludes: ['[config] warnings: gateway.auth.token: *** env var "UNSET_GW_TOKEN" - feature using this value will be unavailable', RUNTIME_TOKEN],
    },
    validate: { exitCode: 0, outputIncludes: ['"warnings":[{"path":"gateway.auth.token","message":"Missing env var \\"UNSET_GW_TOKEN\\" - feature using this value will be unavailable"}]'] },
  },
  {
    id: 'dollar-literal-lowercase',
    title: 'auth.token: "$K8V2abc…" (a $ followed by mixed case)',
    config: `{ gateway: { ${BASE}, auth: { mode: "token", token: "${T.literal}" } } }`,
    expect: { starts: true, accepts: 'literal', acceptedSecret: T.literal },
  },
  {
    id: 'dollar-literal-uppercase',
    title: 'auth.token: "$K8V2QX7…" (a $ followed by upper case and digits only)',
    config: `{ gateway: { ${BASE}, auth: { mode: "token", token: "$K8V2QX70123456789ABCDEF" } } }`,
    expect: { starts: false, exitCode: 1, logIncludes: [SECRETS_DEGRADED, SECRETS_UNAVAILABLE] },
  },
  // ── auth mode inference ─────────────────────────────────────────────────────────────────────
  {
    id: 'password-env-flips-mode',
    title: 'OPENCLAW_GATEWAY_PASSWORD in the gateway env, auth.token set, auth.mode unset',
    config: `{ gateway: { ${BASE}, auth: { token: "${T.config}" } } }`,
    env: { OPENCLAW_GATEWAY_PASSWORD: T.passwordEnv },
    expect: { starts: true, accepts: 'env-password', acceptedSecret: T.passwordEnv, acceptedKind: 'password', rejectedSecrets: [T.config], rejectedCode: 'AUTH_PASSWORD_MISMATCH' },
  },
  {
    id: 'password-mode-without-password',
    title: 'auth.mode "password" without any password',
    config: `{ gateway: { ${BASE}, auth: { mode: "password" } } }`,
    expect: { starts: false, exitCode: 78, logIncludes: 'Gateway auth is set to password, but no password is configured.\nSet gateway.auth.password (or OPENCLAW_GATEWAY_PASSWORD), or pass --password.' },
  },
  {
    id: 'token-mode-only-password',
    title: 'auth.mode "token" with only a password',
    config: `{ gateway: { ${BASE}, auth: { mode: "token", password: "${T.password}" } } }`,
    expect: { starts: true, rejectedSecrets: [{ value: T.password, kind: 'password' }], rejectedCode: 'AUTH_TOKEN_MISMATCH', logIncludes: RUNTIME_TOKEN },
  },
  {
    id: 'trusted-proxy-without-proxies',
    title: 'auth.mode "trusted-proxy" without gateway.trustedProxies',
    config: `{ gateway: { ${BASE}, auth: { mode: "trusted-proxy", trustedProxy: { userHeader: "x-forwarded-user" } } } }`,
    expect: { starts: false, exitCode: 78, logIncludes: 'Gateway failed to start: gateway auth mode=trusted-proxy requires gateway.trustedProxies to be configured with at least one proxy IP. Run openclaw gateway status --deep for diagnostics.' },
    validate: { exitCode: 0, outputIncludes: VALID_NO_WARNINGS },
  },
  {
    id: 'trusted-proxy-with-token',
    title: 'auth.mode "trusted-proxy" together with a token',
    config: `{ gateway: { ${BASE}, trustedProxies: ["127.0.0.1"], auth: { mode: "trusted-proxy", token: "${T.config}", trustedProxy: { userHeader: "x-forwarded-user", allowLoopback: true } } } }`,
    expect: {
      starts: false,
      exitCode: 1,
      logIncludes: 'Gateway failed to start: gateway auth mode is trusted-proxy, but a shared token is also configured; remove gateway.auth.token / OPENCLAW_GATEWAY_TOKEN because trusted-proxy and token auth are mutually exclusive. Run openclaw gateway status --deep for diagnostics.',
    },
    validate: { exitCode: 0, outputIncludes: VALID_NO_WARNINGS },
  },
  {
    id: 'hooks-token-equals-gateway-token',
    title: 'hooks.token equal to the gateway token',
    config: `{ hooks: { enabled: true, token: "${T.hooks}" }, gateway: { ${BASE}, auth: { mode: "token", token: "${T.hooks}" } } }`,
    expect: {
      starts: true,
      accepts: 'auth.token',
      acceptedSecret: T.hooks,
      logIncludes: '[gateway] Security warning: hooks.token matches active Gateway shared-secret auth. Startup continues for compatibility; rotate hooks.token or Gateway auth. Run openclaw security audit for a full report, and run openclaw doctor --fix when the reused hooks.token is persisted in config.',
    },
  },
  // ── SecretRef file provider ─────────────────────────────────────────────────────────────────
  {
    id: 'secretref-file-json',
    title: 'auth.token from a file provider (json mode, JSON pointer id, absolute path, mode 0600)',
    config: `{ secrets: { providers: { gwfile: { source: "file", path: "{DIR}/secrets/gateway.json" } } }, gateway: { ${BASE}, auth: { mode: "token", token: { source: "file", provider: "gwfile", id: "/gateway/token" } } } }`,
    files: { 'secrets/gateway.json': JSON.stringify({ gateway: { token: T.file } }) },
    expect: { starts: true, accepts: 'secretref-file', acceptedSecret: T.file },
  },
  {
    id: 'secretref-file-too-open',
    title: 'the same file provider with a world-readable file (0644)',
    config: `{ secrets: { providers: { gwfile: { source: "file", path: "{DIR}/secrets/gateway.json" } } }, gateway: { ${BASE}, auth: { mode: "token", token: { source: "file", provider: "gwfile", id: "/gateway/token" } } } }`,
    files: { 'secrets/gateway.json': JSON.stringify({ gateway: { token: T.file } }) },
    fileModes: { 'secrets/gateway.json': 0o644 },
    expect: {
      starts: false,
      exitCode: 1,
      logIncludes: ['[secrets] [SECRETS_PROVIDER_DEGRADED] file:gwfile: secret provider failed. Affected owners: cold gateway:ingress-auth. Retry: openclaw secrets reload.', SECRETS_UNAVAILABLE],
    },
  },
  // ── bind (private network namespace only) ───────────────────────────────────────────────────
  {
    id: 'bind-custom-without-host',
    title: 'bind "custom" without customBindHost',
    config: `{ gateway: { mode: "local", bind: "custom", port: {PORT}, auth: { mode: "token", token: "${T.custom}" } } }`,
    netns: true,
    bindArg: null,
    expect: { starts: false, exitCode: 1, logIncludes: 'Gateway failed to start: gateway.bind=custom requires gateway.customBindHost. Run openclaw gateway status --deep for diagnostics.' },
    validate: { exitCode: 0, outputIncludes: VALID_NO_WARNINGS },
  },
  {
    id: 'bind-custom-foreign-host',
    title: 'bind "custom" with a customBindHost that is not on this machine',
    config: `{ gateway: { mode: "local", bind: "custom", customBindHost: "192.0.2.10", port: {PORT}, auth: { mode: "token", token: "${T.custom}" } } }`,
    netns: true,
    bindArg: null,
    expect: { starts: false, exitCode: 1, logIncludes: 'Gateway failed to start: gateway bind=custom requested 192.0.2.10 but resolved 0.0.0.0; refusing fallback. Run openclaw gateway status --deep for diagnostics.' },
    validate: { exitCode: 0, outputIncludes: VALID_NO_WARNINGS },
  },
  {
    id: 'bind-tailnet-without-tailscale',
    title: 'bind "tailnet" on a host without Tailscale',
    config: `{ gateway: { mode: "local", bind: "tailnet", port: {PORT}, auth: { mode: "token", token: "${T.tailnet}" } } }`,
    netns: true,
    bindArg: null,
    expect: {
      starts: true,
      accepts: 'auth.token',
      acceptedSecret: T.tailnet,
      logIncludes: '[gateway] seeded gateway.controlUi.allowedOrigins ["http://localhost:{PORT}","http://127.0.0.1:{PORT}"] for bind=tailnet',
    },
  },
];

/** Client side: the real CLI against one real gateway whose token is CLIENT_GATEWAY_TOKEN. */
export const CLIENT_GATEWAY_TOKEN = secret('client-gw');
export const CLIENT_WRONG_TOKEN = secret('client-wrong');

export interface ClientScenario {
  id: string;
  title: string;
  /** The CLI's own openclaw.json; `{PORT}` is the gateway's port, `{TOKEN}` its token, `{WRONG}` another. */
  config: string;
  env?: Record<string, string>;
  args: string[];
  expect: { exitCode: number; outputIncludes?: string[] };
}

export const clientGatewayConfig = `{ gateway: { ${BASE}, auth: { mode: "token", token: "${CLIENT_GATEWAY_TOKEN}" } } }`;

export const clientScenarios: ClientScenario[] = [
  {
    id: 'cli-local-config-token',
    title: 'local mode, the right auth.token in the config (control)',
    config: `{ gateway: { mode: "local", port: {PORT}, auth: { token: "{TOKEN}" } } }`,
    args: ['health'],
    expect: { exitCode: 0, outputIncludes: ['Gateway probe duration'] },
  },
  {
    id: 'cli-url-env-drops-config-credentials',
    title: 'OPENCLAW_GATEWAY_URL in the client env, the right auth.token only in the config',
    config: `{ gateway: { mode: "local", port: {PORT}, auth: { token: "{TOKEN}" } } }`,
    env: { OPENCLAW_GATEWAY_URL: 'ws://127.0.0.1:{PORT}' },
    args: ['health'],
    expect: {
      exitCode: 1,
      outputIncludes: [
        'gateway url override requires explicit credentials',
        // OpenClaw's console redaction masks the word after "--password" ("with").
        'Fix: pass --token or --password *** --url (or gatewayToken in tools).',
        'Set OPENCLAW_GATEWAY_TOKEN or OPENCLAW_GATEWAY_PASSWORD alongside OPENCLAW_GATEWAY_URL; config credentials are intentionally not reused.',
      ],
    },
  },
  {
    id: 'cli-url-env-with-env-token',
    title: 'OPENCLAW_GATEWAY_URL and OPENCLAW_GATEWAY_TOKEN in the client env',
    config: `{ gateway: { mode: "local", port: {PORT}, auth: { token: "{WRONG}" } } }`,
    env: { OPENCLAW_GATEWAY_URL: 'ws://127.0.0.1:{PORT}', OPENCLAW_GATEWAY_TOKEN: '{TOKEN}' },
    args: ['health'],
    expect: { exitCode: 0, outputIncludes: ['Gateway probe duration'] },
  },
  {
    id: 'cli-local-config-before-env',
    title: 'local mode: wrong auth.token in the config, right OPENCLAW_GATEWAY_TOKEN',
    config: `{ gateway: { mode: "local", port: {PORT}, auth: { token: "{WRONG}" } } }`,
    env: { OPENCLAW_GATEWAY_TOKEN: '{TOKEN}' },
    args: ['health'],
    expect: { exitCode: 1, outputIncludes: ['unauthorized: gateway token mismatch (use this gateway\'s gateway.auth.token or pair the device)'] },
  },
  {
    id: 'cli-remote-remote-token-first',
    title: 'remote mode: wrong remote.token, right OPENCLAW_GATEWAY_TOKEN',
    config: `{ gateway: { mode: "remote", remote: { url: "ws://127.0.0.1:{PORT}", token: "{WRONG}" } } }`,
    env: { OPENCLAW_GATEWAY_TOKEN: '{TOKEN}' },
    args: ['health'],
    expect: { exitCode: 1, outputIncludes: ['unauthorized: gateway token mismatch (provide gateway auth token)'] },
  },
  {
    id: 'cli-remote-remote-token-right',
    title: 'remote mode: right remote.token, wrong OPENCLAW_GATEWAY_TOKEN',
    config: `{ gateway: { mode: "remote", remote: { url: "ws://127.0.0.1:{PORT}", token: "{TOKEN}" } } }`,
    env: { OPENCLAW_GATEWAY_TOKEN: '{WRONG}' },
    args: ['health'],
    expect: { exitCode: 0, outputIncludes: ['Gateway probe duration'] },
  },
  {
    id: 'cli-remote-env-before-auth-token',
    title: 'remote mode without remote.token: right OPENCLAW_GATEWAY_TOKEN, wrong auth.token',
    config: `{ gateway: { mode: "remote", remote: { url: "ws://127.0.0.1:{PORT}" }, auth: { token: "{WRONG}" } } }`,
    env: { OPENCLAW_GATEWAY_TOKEN: '{TOKEN}' },
    args: ['health'],
    expect: { exitCode: 0, outputIncludes: ['Gateway probe duration'] },
  },
  {
    id: 'cli-remote-auth-token-last-fallback',
    title: 'remote mode without remote.token or env: the right auth.token only',
    config: `{ gateway: { mode: "remote", remote: { url: "ws://127.0.0.1:{PORT}" }, auth: { token: "{TOKEN}" } } }`,
    args: ['health'],
    expect: { exitCode: 0, outputIncludes: ['Gateway probe duration'] },
  },
  {
    id: 'cli-remote-auth-token-sent',
    title: 'remote mode without remote.token or env: a wrong auth.token (it is sent, not skipped)',
    config: `{ gateway: { mode: "remote", remote: { url: "ws://127.0.0.1:{PORT}" }, auth: { token: "{WRONG}" } } }`,
    args: ['health'],
    expect: { exitCode: 1, outputIncludes: ['unauthorized: gateway token mismatch (provide gateway auth token)'] },
  },
];
