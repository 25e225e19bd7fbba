import * as http from 'node:http';

/** Calls the launcher's browser driver (screenshots, keys, hover) from the extension host. */
export function drive(endpoint: string, body: Record<string, unknown> = {}): Promise<{ ok: boolean; error?: string; box?: { x: number; y: number; width: number; height: number } | null; text?: string }> {
  const base = process.env.OCG_E2E_DRIVER_URL;
  if (!base) return Promise.reject(new Error('OCG_E2E_DRIVER_URL is not set: not running under the e2e launcher'));
  return new Promise((resolve, reject) => {
    const req = http.request(base + endpoint, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => {
        try {
          resolve(JSON.parse(text) as { ok: boolean; error?: string });
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}
