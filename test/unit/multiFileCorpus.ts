import type { MultiFileInput } from './ruleHelpers';

/**
 * Configs whose findings need more than one file (includes, `.env` files). rules.test.ts adds
 * their findings to the corpus every message must be produced from and checked against.
 */
export const MULTI_FILE_CORPUS: MultiFileInput[] = [
  // An included file that does not parse.
  { config: '{ gateway: { mode: "local", auth: { "$include": "./auth.json5" } } }', files: { '/home/u/.openclaw/auth.json5': '{ token: ' } },
];
