import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A loopback TCP proxy in front of a gateway that adds headers to the first request (the
 * WebSocket upgrade) and connects from a chosen loopback address: a reverse proxy as the gateway
 * sees one (X-Forwarded-For, a user header, a browser's Origin), without anything leaving 127/8.
 */
export interface HeaderProxy {
  url: string;
  close(): Promise<void>;
}

export async function startHeaderProxy(target: { port: number }, headers: Record<string, string>, localAddress = '127.0.0.1'): Promise<HeaderProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    const upstream = net.connect({ host: '127.0.0.1', port: target.port, localAddress });
    sockets.add(upstream);
    let head = Buffer.alloc(0);
    let forwarded = false;
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n');
      if (end < 0) return;
      client.off('data', onData);
      forwarded = true;
      const extra = Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('');
      upstream.write(Buffer.concat([head.subarray(0, end + 2), Buffer.from(extra), head.subarray(end + 2)]));
      client.pipe(upstream);
    };
    client.on('data', onData);
    upstream.pipe(client);
    const closeBoth = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
    client.on('close', () => {
      sockets.delete(client);
      if (!forwarded) upstream.destroy();
    });
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
