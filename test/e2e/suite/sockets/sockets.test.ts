import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { checkListeners, cmdline, decodeAddress, descendants, findAncestor, parseProcNetTcp, parseStat, socketInodes, stat, type TcpEntry } from './procNet';

// Used by test/host/launcher.test.ts: runs inside the extension host, so the whole launcher tree
// (the launcher, code-server, this extension host, Chromium) is live while it looks.

const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
const HEADER6 = '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
const SAMPLE_TCP = [
  HEADER,
  '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0000000000000000 100 0 0 10 0',
  '   1: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1002 1 0000000000000000 100 0 0 10 0',
  '   2: 0F02000A:A2C4 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 1003 1 0000000000000000 20 4 30 10 -1',
  '   3: 0F02000A:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1004 1 0000000000000000 100 0 0 10 0',
].join('\n');
const SAMPLE_TCP6 = [
  HEADER6,
  '   0: 00000000000000000000000001000000:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2001 1 0000000000000000 100 0 0 10 0',
  '   1: 00000000000000000000000000000000:1F92 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2002 1 0000000000000000 100 0 0 10 0',
  '   2: 0000000000000000FFFF00000100007F:1F93 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2003 1 0000000000000000 100 0 0 10 0',
].join('\n');

/** `node entry.js`, `node bootstrap-fork.js`, `chromium --type=renderer`: enough to tell the processes apart. */
function label(pid: number): string {
  const argv = cmdline(pid);
  const detail = argv.slice(1).find((a) => !a.startsWith('-') || a.startsWith('--type='));
  return `${stat(pid)?.comm ?? 'gone'}${detail ? ` ${basename(detail)}` : ''}`;
}

const show = (e: TcpEntry): string => `${e.address.includes(':') ? `[${e.address}]` : e.address}:${e.port}`;

describe('the loopback detector (synthetic /proc/net/tcp lines)', () => {
  it('decodes the kernel hex addresses', () => {
    assert.equal(decodeAddress('0100007F'), '127.0.0.1');
    assert.equal(decodeAddress('00000000'), '0.0.0.0');
    assert.equal(decodeAddress('0F02000A'), '10.0.2.15');
    assert.equal(decodeAddress('00000000000000000000000001000000'), '::1');
    assert.equal(decodeAddress('00000000000000000000000000000000'), '::');
    assert.equal(decodeAddress('0000000000000000FFFF00000100007F'), '::ffff:127.0.0.1');
    assert.equal(decodeAddress('B80D0120000000000000000001000000'), '2001:db8::1');
    assert.deepEqual(parseStat('4242 (code server) (x)) S 17 4242 4242 0 -1'), { pid: 4242, comm: 'code server) (x)', ppid: 17 });
  });

  it('reports a listener on 00000000:1F90 (0.0.0.0:8080) as exposed, and only the LISTEN rows asked for', () => {
    const rows = parseProcNetTcp(SAMPLE_TCP);
    assert.equal(rows.length, 4, 'the header is skipped');
    const all = new Set([1001, 1002, 1003, 1004, 2001, 2002, 2003]);
    const report = checkListeners([SAMPLE_TCP, SAMPLE_TCP6], all);
    assert.deepEqual(report.listening.map(show), ['127.0.0.1:8080', '0.0.0.0:8080', '10.0.2.15:22', '[::1]:8081', '[::]:8082', '[::ffff:127.0.0.1]:8083']);
    assert.deepEqual(report.exposed.map(show), ['0.0.0.0:8080', '10.0.2.15:22', '[::]:8082', '[::ffff:127.0.0.1]:8083']);
    // Only the inodes owned by the processes in question count.
    assert.deepEqual(checkListeners([SAMPLE_TCP], new Set([1002])).exposed.map(show), ['0.0.0.0:8080']);
    assert.deepEqual(checkListeners([SAMPLE_TCP, SAMPLE_TCP6], new Set([1001, 2001])).exposed, []);
  });
});

describe('the e2e launcher tree', () => {
  it('listens on 127.0.0.1 / ::1 only: the launcher, code-server, its extension host and Chromium', () => {
    const isLauncher = (argv: string[]): boolean => argv.slice(0, 2).some((a) => a.endsWith(join('e2e', 'host', 'launcher.js')));
    const launcher = findAncestor(process.pid, isLauncher);
    assert.ok(launcher, `no launcher among the ancestors of the extension host (pid ${process.pid})`);
    const tree = [launcher, ...descendants(launcher)];
    assert.ok(tree.includes(process.pid), 'the extension host is below the launcher');
    const owner = new Map<number, number>();
    for (const pid of tree) for (const inode of socketInodes(pid)) if (!owner.has(inode)) owner.set(inode, pid);
    const tables = ['/proc/net/tcp', '/proc/net/tcp6'].map((file) => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return ''; // no IPv6 in this kernel
      }
    });
    const { listening, exposed } = checkListeners(tables, new Set(owner.keys()));

    console.log(`launcher pid ${launcher}: ${cmdline(launcher).slice(0, 2).join(' ')}; ${tree.length} processes in its tree`);
    const counts = new Map<string, number>();
    for (const pid of tree) counts.set(label(pid), (counts.get(label(pid)) ?? 0) + 1);
    console.log(`processes: ${[...counts].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(', ')}`);
    for (const e of listening) {
      const pid = owner.get(e.inode)!;
      console.log(`listening: ${show(e)} pid ${pid} (${label(pid)})`);
    }
    console.log(`listening sockets in the launcher tree: ${listening.length}, exposed: ${exposed.length}`);

    // Not vacuous: code-server's port (the remote authority) and the launcher's driver endpoint are both seen.
    assert.ok(listening.length >= 2, `expected at least code-server and the driver endpoint, found ${listening.map(show).join(', ') || 'none'}`);
    const serverPort = Number(/:(\d+)$/.exec(vscode.env.remoteName ?? '')?.[1]);
    const driverPort = Number(new URL(process.env.OCG_E2E_DRIVER_URL ?? 'http://invalid').port);
    assert.ok(
      listening.some((e) => e.port === serverPort),
      `code-server's port ${serverPort} (remoteName ${vscode.env.remoteName}) is among the listeners`,
    );
    assert.ok(
      listening.some((e) => e.port === driverPort && owner.get(e.inode) === launcher),
      `the driver endpoint ${process.env.OCG_E2E_DRIVER_URL} is a listener of the launcher`,
    );
    assert.deepEqual(
      exposed.map((e) => `${show(e)} pid ${owner.get(e.inode)}`),
      [],
      'listeners bound to something other than 127.0.0.1 / ::1',
    );
  });
});
