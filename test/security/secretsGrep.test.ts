import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { FRAMES, startFakeGateway, type FakeGateway } from '../support/fakeGateway';

/**
 * Every secret in every slot a config, its environment and a hostile gateway can put one in, then
 * every CLI mode: no output may contain 8 consecutive characters of any secret.
 */
const SECRETS = {
  authToken: 'wVk9ZX5Wv6Z4JZXjjXqX5jZ6Wq99',
  remoteToken: '6Z66kZqZ5VxjV5W6x5KW669JvW5X',
  escapedToken: 'E6Z7J35jw262v"xqKqX6x4\\3w2x7XW4',
  envToken: 'jKwV3jZX56wwv7362XXz3XZx962x',
  envPassword: 'kvQ2vK7W3ZJxVqkk3XK2k5zVj5zj',
  refVariable: 'vkqVXKVqqQ36KzxQVj5v76wV479Z',
  botToken: '25kkkkW39kZJXJ2KWw7ZWQ6V5Wv7',
  apiKey: 'QXJ7kV9zv7v3WW3233xXVWwz3K4Q',
  urlToken: 'J4vV5Q4x9Xz4vKvq554w9q7JqkqJ',
  urlPassword: '43vQQz3zJ7v2vvXqWq3JwJ377Q39',
};

function substrings(secret: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 8 <= secret.length; i++) out.push(secret.slice(i, i + 8));
  return out;
}

function assertClean(label: string, output: string): void {
  for (const [name, secret] of Object.entries(SECRETS)) {
    // Also the JSON-escaped form, as a JSON report would carry it.
    for (const form of [secret, JSON.stringify(secret).slice(1, -1)]) {
      for (const piece of substrings(form)) assert.ok(!output.includes(piece), `${label}: output contains part of ${name} ("${piece}"):\n${output.slice(0, 3000)}`);
    }
  }
}

async function cli(argv: string[], env: NodeJS.ProcessEnv): Promise<string> {
  let out = '';
  await runCli({ argv, env, stdout: (t) => (out += t + '\n'), stderr: (t) => (out += t + '\n'), isTty: false });
  return out;
}

describe('no CLI output ever contains a secret', () => {
  let dir = '';
  let gateway: FakeGateway;
  let env: NodeJS.ProcessEnv = {};
  const config = (): string =>
    [
      '{',
      '  gateway: {',
      "    mode: 'local',",
      '    port: 18789,',
      // The escaped form: \u0051 is Q, \" and \\ are escapes the source keeps.
      `    auth: { mode: 'token', token: "${SECRETS.escapedToken.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/^E/, '\\u0045')}", password: '$REF_PW' },`,
      `    remote: { token: '${SECRETS.remoteToken}', url: 'wss://me:${SECRETS.urlPassword}@gw.example.com/?token=${SECRETS.urlToken}', password: '${SECRETS.authToken}' },`,
      '  },',
      `  channels: { telegram: { botToken: '${SECRETS.botToken}' } },`,
      `  models: { providers: { acme: { apiKey: '${SECRETS.apiKey}' } } },`,
      '}',
      '',
    ].join('\n');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ocg-grep-'));
    env = {
      HOME: dir,
      OPENCLAW_GUARD_STATE_DIR: join(dir, 'state'),
      OPENCLAW_GATEWAY_TOKEN: SECRETS.envToken,
      OPENCLAW_GATEWAY_PASSWORD: SECRETS.envPassword,
      REF_PW: SECRETS.refVariable,
    };
    // A hostile gateway: echoes whatever it was sent, and every earlier secret, in every field.
    gateway = await startFakeGateway('custom');
    gateway.setReply((connect, id, earlier) => {
      const echoes = [connect, ...earlier].map((c) => `${c.token ?? ''}${c.password ?? ''}`).join('|');
      if (connect.token === undefined && connect.password === undefined) return { frame: FRAMES.deviceIdentity(id) };
      return {
        frame: JSON.stringify({
          type: 'res',
          id,
          ok: false,
          error: { code: `X${echoes}`, message: `unauthorized: gateway token mismatch ${echoes} \u001b[2K\u001b[1G✔ No problems found`, details: { code: `AUTH_${echoes}`, version: echoes } },
        }),
        close: { code: 1008, reason: echoes.slice(0, 100) },
      };
    });
  });
  after(async () => {
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('check in every mode and format, rules and help', async () => {
    const file = join(dir, 'openclaw.json');
    const runs: Array<[string, string[]]> = [
      ['text', ['check', file]],
      ['json', ['check', file, '--format', 'json']],
      ['zh-cn', ['check', file, '--lang', 'zh-cn']],
      ['dry-run', ['check', file, '--fix-dry-run']],
      ['dry-run json', ['check', file, '--fix-dry-run', '--format', 'json']],
      ['probe', ['check', file, '--probe', '--url', gateway.url]],
      ['probe json', ['check', file, '--probe', '--url', gateway.url, '--format', 'json']],
      ['diagnose', ['check', file, '--diagnose', '--url', gateway.url, '--allow-env-secret', 'REF_PW']],
      ['diagnose json', ['check', file, '--diagnose', '--url', gateway.url, '--format', 'json']],
      ['rules', ['rules', '--format', 'json']],
      ['help', ['--help']],
    ];
    for (const [label, argv] of runs) {
      writeFileSync(file, config());
      assertClean(label, await cli(argv, env));
    }
    writeFileSync(file, config());
    assertClean('fix', await cli(['check', file, '--fix'], env));
    assert.ok(gateway.received.length > 0, 'the hostile gateway was reached, so its echoes were tested');
  });

  it('a file that does not parse, with the secret written without quotes', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, `{ gateway: { auth: { token: ${SECRETS.authToken} } } }`);
    assertClean('syntax text', await cli(['check', file], env));
    assertClean('syntax json', await cli(['check', file, '--format', 'json'], env));
    writeFileSync(file, `{ gateway: { auth: { token: '${SECRETS.authToken}' } ${SECRETS.remoteToken} } }`);
    assertClean('stray word', await cli(['check', file, '--format', 'json'], env));
  });
});
