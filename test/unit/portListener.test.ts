import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { bootTimeSeconds, detectPortListener, listenerFromLsof, findPortListener, isGatewayCommand, parseProcNetTcp, processStartMs, type ProcReader } from '../../src/core/portListener';
import { analyzeConfig } from '../../src/core/analyze';
import { memoryReader, type SourceReader } from '../../src/core/effective/sourceReader';
import type { PortListener } from '../../src/core/portListener';
import { textOf } from './ruleHelpers';

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:4965 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 424242 1 0000000000000000 100 0 0 10 0
   1: 0100007F:4965 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 424243 1 0000000000000000 100 0 0 10 0
   2: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1111 1 0000000000000000 100 0 0 10 0
`;

function fakeProc(files: Record<string, string>, dirs: Record<string, string[]>, links: Record<string, string>): ProcReader {
  return { readText: (p) => files[p], list: (d) => dirs[d], readlink: (p) => links[p] };
}

describe('port listener facts from /proc', () => {
  it('parses the socket table, the start time and btime', () => {
    assert.deepEqual(parseProcNetTcp(TCP).map((r) => [r.port, r.state, r.uid, r.inode]), [
      [18789, '0A', 1000, '424242'],
      [18789, '01', 1000, '424243'],
      [22, '0A', 0, '1111'],
    ]);
    assert.equal(bootTimeSeconds('cpu 1 2\nbtime 1765000000\nprocesses 9\n'), 1765000000);
    // Field 22 (starttime) is 12345 ticks: 123.45 s after boot; the name holds ") (".
    const stat = `4242 (node) (x)) S 1 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 11 0 12345 1000 100`;
    assert.equal(processStartMs(stat, 1765000000), 1765000000 * 1000 + 123450);
  });

  it('finds our listening process, its command line and start time; another user’s socket has no process', () => {
    const files = { '/proc/net/tcp': TCP, '/proc/stat': 'btime 1765000000\n', '/proc/4242/cmdline': 'openclaw-gateway\0\0', '/proc/4242/stat': '4242 (openclaw-gateway) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 11 0 500 1 1' };
    const proc = fakeProc(files, { '/proc': ['1', '4242', 'self'], '/proc/4242/fd': ['0', '19'] }, { '/proc/4242/fd/19': 'socket:[424242]', '/proc/4242/fd/0': '/dev/null' });
    assert.deepEqual(findPortListener(18789, proc), { port: 18789, state: 'listening', uid: 1000, process: { pid: 4242, argv: ['openclaw-gateway'], startedAtMs: 1765000005000, isGateway: true } });
    assert.deepEqual(findPortListener(22, proc), { port: 22, state: 'listening', uid: 0 });
    assert.deepEqual(findPortListener(9, proc), { port: 9, state: 'free' });
    assert.deepEqual(findPortListener(9, fakeProc({}, {}, {})), { port: 9, state: 'unknown' });
    assert.deepEqual(detectPortListener(9, 'darwin', proc), { port: 9, state: 'unknown' });
  });

  it('reads an injected lsof fact (macOS)', () => {
    assert.deepEqual(listenerFromLsof(18789, 'p812\ncopenclaw-gateway\nn127.0.0.1:18789\n'), { port: 18789, state: 'listening', process: { pid: 812, argv: ['openclaw-gateway'], isGateway: true } });
    assert.deepEqual(listenerFromLsof(18789, 'p90\ncPython\nn*:18789\n').process?.isGateway, false);
    assert.deepEqual(listenerFromLsof(18789, ''), { port: 18789, state: 'free' });
  });

  it('tells gateway command lines from others', () => {
    assert.equal(isGatewayCommand(['openclaw-gateway']), true);
    assert.equal(isGatewayCommand(['/usr/bin/node', '/opt/openclaw/openclaw.mjs', 'gateway', '--port', '18789']), true);
    assert.equal(isGatewayCommand(['python3', '-m', 'http.server', '18789']), false);
    assert.equal(isGatewayCommand([]), false);
  });

  it('on this Linux machine: finds a server this test opens, with our own command line', { skip: process.platform !== 'linux' }, async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const found = detectPortListener(port);
      assert.equal(found.state, 'listening');
      assert.equal(found.process?.pid, process.pid);
      assert.equal(found.process?.isGateway, false);
      assert.ok(found.process?.startedAtMs !== undefined && Math.abs(found.process.startedAtMs - (Date.now() - process.uptime() * 1000)) < 5000);
    } finally {
      server.close();
    }
  });
});

const HOME = '/home/ann';
const CONFIG = `${HOME}/.openclaw/openclaw.json`;
const UNIT = `${HOME}/.config/systemd/user/openclaw-gateway.service`;
const STARTED = Date.UTC(2026, 11, 7, 10, 0, 0);

function withTimes(files: Record<string, string>, mtimes: Record<string, number>): SourceReader {
  return { ...memoryReader(files), mtime: (p) => mtimes[p] };
}

function codes(config: string, files: Record<string, string>, mtimes: Record<string, number>, listener: PortListener | undefined): Array<[string, string]> {
  const analysis = analyzeConfig(config, {
    env: {},
    configPath: CONFIG,
    home: HOME,
    reader: withTimes({ [CONFIG]: config, ...files }, mtimes),
    serviceDiscovery: { systemUnits: false },
    listenerAt: listener ? () => listener : undefined,
  });
  return analysis.findings.filter((f) => f.code === 'gateway-restart-needed' || f.code === 'port-not-gateway').map((f) => [f.code, textOf(f)]);
}

const CONFIG_TEXT = '{ gateway: { mode: "local", port: 18789, auth: { mode: "token", token: "wVk9ZX5Wv6Z4JZXjjXqX5jZ6Wq99Tn3R" } } }';
const gateway = (startedAtMs: number): PortListener => ({ port: 18789, state: 'listening', uid: 1000, process: { pid: 4242, argv: ['openclaw-gateway'], startedAtMs, isGateway: true } });

describe('gateway-restart-needed and port-not-gateway', () => {
  const files = { [`${HOME}/.openclaw/.env`]: 'OPENCLAW_GATEWAY_PASSWORD_HINT=x\n', [UNIT]: '[Service]\nExecStart=/usr/bin/openclaw gateway\nEnvironment=A=1\n' };
  it('warns when the .env file or the unit changed after the gateway started, naming the restart command', () => {
    const found = codes(CONFIG_TEXT, files, { [`${HOME}/.openclaw/.env`]: STARTED + 60_000, [UNIT]: STARTED - 1, [CONFIG]: STARTED + 120_000 }, gateway(STARTED));
    assert.deepEqual(found, [
      [
        'gateway-restart-needed',
        'The gateway on port 18789 (pid 4242) started at 2026-12-07T10:00:00.000Z, before ~/.openclaw/.env changed; it reads them only when it starts. Restart it: systemctl --user daemon-reload && systemctl --user restart openclaw-gateway.service',
      ],
    ]);
  });
  it('near misses: nothing changed since; only the config changed (hot reload applies it); no facts', () => {
    assert.deepEqual(codes(CONFIG_TEXT, files, { [`${HOME}/.openclaw/.env`]: STARTED - 5, [UNIT]: STARTED - 5 }, gateway(STARTED)), []);
    assert.deepEqual(codes(CONFIG_TEXT, files, { [CONFIG]: STARTED + 5 }, gateway(STARTED)), []);
    assert.deepEqual(codes(CONFIG_TEXT, files, { [`${HOME}/.openclaw/.env`]: STARTED + 5 }, undefined), []);
  });
  it('the config counts when hot reload is off', () => {
    const off = '{ gateway: { mode: "local", port: 18789, reload: { mode: "off" }, auth: { mode: "token", token: "wVk9ZX5Wv6Z4JZXjjXqX5jZ6Wq99Tn3R" } } }';
    const found = codes(off, {}, { [CONFIG]: STARTED + 5 }, gateway(STARTED));
    assert.deepEqual(found, [['gateway-restart-needed', 'The gateway on port 18789 (pid 4242) started at 2026-12-07T10:00:00.000Z, before ~/.openclaw/openclaw.json changed; it reads them only when it starts. Stop it and start it again.']]);
  });
  it('port-not-gateway: another program of ours holds the port; near misses: a gateway, another user’s socket, a free port', () => {
    const other: PortListener = { port: 18789, state: 'listening', uid: 1000, process: { pid: 77, argv: ['python3', '-m', 'http.server', '18789'], isGateway: false } };
    assert.deepEqual(codes(CONFIG_TEXT, {}, {}, other), [['port-not-gateway', 'Port 18789 is held by python3 -m http.server (pid 77), not an OpenClaw gateway: the gateway cannot listen there, and clients that connect to it send their token to that program.']]);
    assert.deepEqual(codes(CONFIG_TEXT, {}, {}, gateway(STARTED)), []);
    assert.deepEqual(codes(CONFIG_TEXT, {}, {}, { port: 18789, state: 'listening', uid: 0 }), []);
    assert.deepEqual(codes(CONFIG_TEXT, {}, {}, { port: 18789, state: 'free' }), []);
  });
});
