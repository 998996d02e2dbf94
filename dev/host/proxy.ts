// The front door of a local world with several Functions hosts (WORLD_HOSTS): one HTTP port that
// spreads requests over the hosts in turn, as Azure's front end spreads them over instances. A
// host that refuses the connection (stopped, killed, still starting) is skipped and the request
// goes to the next one — safe, since a refused connection never reached a function. A request a
// host accepted and then dropped is answered 502, as Azure's front end answers a dying instance.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './read-body.js';

export interface RoundRobinProxy {
  port: number;
  url: string;
  /** Requests forwarded per target origin. */
  counts(): Record<string, number>;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

/** `targets` are origins such as http://127.0.0.1:7072; read on every request, so hosts may change. */
export async function startRoundRobinProxy(opts: { port: number; hostname?: string; targets: () => readonly string[] }): Promise<RoundRobinProxy> {
  let next = 0;
  const counts: Record<string, number> = {};

  const forward = (origin: string, req: IncomingMessage, body: Buffer): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase())));
      const out = http.request(new URL(req.url ?? '/', origin), { method: req.method, headers: { ...headers, 'content-length': String(body.length) } }, resolve);
      out.on('error', reject);
      out.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const targets = opts.targets();
    for (let tried = 0; tried < targets.length; tried++) {
      const origin = targets[next++ % targets.length]!;
      try {
        const upstream = await forward(origin, req, body);
        counts[origin] = (counts[origin] ?? 0) + 1;
        const headers = Object.fromEntries(Object.entries(upstream.headers).filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase())));
        res.writeHead(upstream.statusCode ?? 502, headers);
        upstream.pipe(res);
        upstream.on('error', () => res.destroy());
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ECONNREFUSED') continue;
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`host ${origin} failed: ${(err as Error).message}`);
        return;
      }
    }
    res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' }).end('no Functions host is accepting connections');
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.hostname ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://localhost:${port}`,
    counts: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
