// Small plumbing shared by the mock Sentry and PostHog servers: listen/close, JSON answers, an
// optional fixed delay per request (the benchmark's slow-dependency setting) and injected faults
// (tests make the next N requests answer 429/500/… or hang).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Fault {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface MockControls {
  /** Base URL, e.g. http://127.0.0.1:5201 */
  readonly url: string;
  /** The next `times` requests answer with this fault instead of the real behaviour. */
  failNext(fault: Fault, times?: number): void;
  /** Fixed delay added to every request (ms); 0 turns it off. */
  setDelay(ms: number): void;
  /** Requests seen so far (method + path + query), newest last — for assertions. */
  readonly requests: readonly { method: string; url: string; authorization?: string }[];
  close(): Promise<void>;
}

export type Route = (req: http.IncomingMessage, url: URL) => Promise<MockAnswer> | MockAnswer;
export interface MockAnswer {
  status: number;
  json?: unknown;
  html?: string;
  headers?: Record<string, string>;
}

export async function startMockServer(opts: { host?: string; port?: number; delayMs?: number; name: string }, route: Route): Promise<MockControls> {
  const host = opts.host ?? '127.0.0.1';
  let delayMs = opts.delayMs ?? 0;
  const faults: { fault: Fault; left: number }[] = [];
  const requests: { method: string; url: string; authorization?: string }[] = [];
  let base = '';

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', base);
      requests.push({ method: req.method ?? 'GET', url: url.pathname + url.search, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
      if (requests.length > 1000) requests.shift();
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      const f = faults[0];
      let answer: MockAnswer;
      if (f) {
        if (--f.left <= 0) faults.shift();
        answer = { status: f.fault.status, json: f.fault.body ?? {}, headers: f.fault.headers };
      } else {
        try {
          answer = await route(req, url);
        } catch (err) {
          answer = { status: 500, json: { detail: `mock ${opts.name}: ${(err as Error).message}` } };
        }
      }
      if (res.destroyed) return;
      const headers: Record<string, string> = { ...answer.headers };
      let body = '';
      if (answer.html !== undefined) {
        headers['content-type'] = 'text/html; charset=utf-8';
        body = answer.html;
      } else if (answer.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(answer.json);
      }
      res.writeHead(answer.status, headers).end(body);
    })();
  });
  // Keep-alive sockets would hold close() open; the mocks are short-lived.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  base = `http://${host}:${port}`;

  return {
    url: base,
    failNext(fault, times = 1) {
      faults.push({ fault, left: times });
    },
    setDelay(ms) {
      delayMs = ms;
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The token of `Authorization: Bearer <token>`, or null when the header is missing or malformed. */
export function bearer(req: http.IncomingMessage): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1] ?? null;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
