import https from 'node:https';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDevCert } from './cert.js';

describe('the local world certificate', () => {
  const servers: https.Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  it('is trusted by fetch in test workers (NODE_EXTRA_CA_CERTS)', async () => {
    const c = await ensureDevCert();
    const server = https.createServer({ cert: c.cert, key: c.key }, (_req, res) => res.end('ok'));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const res = await fetch(`https://localhost:${port}/`);
    expect(await res.text()).toBe('ok');
  });
});
