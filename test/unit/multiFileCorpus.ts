import type { MultiFileInput } from './ruleHelpers';

/**
 * Configs whose findings need more than one file (includes, `.env` files). rules.test.ts adds
 * their findings to the corpus every message must be produced from and checked against.
 */
export const MULTI_FILE_CORPUS: MultiFileInput[] = [
  // An included file that does not parse.
  { config: '{ gateway: { mode: "local", auth: { "$include": "./auth.json5" } } }', files: { '/home/u/.openclaw/auth.json5': '{ token: ' } },
  // hooks.token equal to the gateway token, with hooks enabled.
  {
    config: '{ gateway: { mode: "local", auth: { mode: "token", token: "3f9a1c7e5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f20" } }, hooks: { enabled: true, token: "3f9a1c7e5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f20" } }',
  },
  // bind "custom" on an address this machine does not have; bind "tailnet" without Tailscale.
  { config: '{ gateway: { mode: "local", bind: "custom", customBindHost: "192.0.2.10", auth: { token: "3f9a1c7e5b2d48a6c0e19f7b3d5a2c8e4f6b1d9a7c3e5f20" } } }', network: { tailscale: false, addresses: ['127.0.0.1', '10.1.2.3'] } },
  { config: '{ gateway: { mode: "local", bind: "tailnet" } }', network: { tailscale: false, addresses: ['127.0.0.1', '::1', '10.1.2.3'] } },
];
