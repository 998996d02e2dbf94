// The front door of a multi-host local world: requests take turns over the hosts, a host that
// refuses connections is skipped, and with none left the caller gets 503 with Retry-After.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startRoundRobinProxy, type RoundRobinProxy } from './proxy.js';

const servers: http.Server[] = [];
let proxy: RoundRobinProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function backend(name: string): Promise<{ origin: string; server: http.Server }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => res.writeHead(201, { 'content-type': 'application/json', 'x-host': name }).end(JSON.stringify({ name, method: req.method, url: req.url, body: Buffer.concat(chunks).toString() })));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('round-robin front door', () => {
  it('spreads requests over the hosts in turn, passing method, path, body, status and headers through', async () => {
    const [a, b] = await Promise.all([backend('a'), backend('b')]);
    proxy = await startRoundRobinProxy({ port: 0, targets: () => [a.origin, b.origin] });
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${proxy.url}/api/notifications?x=${i}`, { method: 'POST', body: `n${i}` });
      expect(res.status).toBe(201);
      const json = (await res.json()) as { name: string; url: string; body: string; method: string };
      expect(json).toMatchObject({ method: 'POST', url: `/api/notifications?x=${i}`, body: `n${i}` });
      expect(res.headers.get('x-host')).toBe(json.name);
      seen.push(json.name);
    }
    expect(seen).toEqual(['a', 'b', 'a', 'b']);
    expect(proxy.counts()).toEqual({ [a.origin]: 2, [b.origin]: 2 });
  });

  it('skips a host that refuses connections, and answers 503 when none is left', async () => {
    const [a, b] = await Promise.all([backend('a'), backend('b')]);
    proxy = await startRoundRobinProxy({ port: 0, targets: () => [a.origin, b.origin] });
    await new Promise((r) => b.server.close(r));
    for (let i = 0; i < 3; i++) expect(((await (await fetch(`${proxy.url}/api/health`)).json()) as { name: string }).name).toBe('a');
    await new Promise((r) => a.server.close(r));
    const res = await fetch(`${proxy.url}/api/health`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
  });
});
