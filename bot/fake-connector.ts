// A stand-in Bot Connector (Teams' side of the Bot Framework REST API) for tests: an HTTP server
// on a free port that creates channel threads, updates activities, lists channels and members,
// and records every request. Anything else is answered 404 and recorded as unexpected.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  path: string;
  body: Record<string, unknown> | null;
}

export interface FakeConnector {
  url: string;
  calls: ConnectorCall[];
  unexpected: ConnectorCall[];
  /** Make the next `n` requests matching `method path-prefix` answer `status`. */
  failNext(method: string, pathPrefix: string, status: number, n?: number): void;
  close(): Promise<void>;
}

export async function startFakeConnector(opts: { teamId: string; channels: { id: string; name: string }[]; members: { id: string; aadObjectId: string; name: string }[] }): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  const unexpected: ConnectorCall[] = [];
  const failures: { method: string; prefix: string; status: number; left: number }[] = [];
  let seq = 1000;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
      const call: ConnectorCall = { method: req.method ?? '', path, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : null };
      calls.push(call);
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const fail = failures.find((f) => f.left > 0 && f.method === call.method && path.startsWith(f.prefix));
      if (fail) {
        fail.left--;
        return send(fail.status, { error: { code: fail.status === 404 ? 'ActivityNotFoundInConversation' : 'Throttled', message: 'injected' } });
      }
      let m: RegExpExecArray | null;
      if (call.method === 'POST' && path === '/v3/conversations') {
        const channelId = ((call.body?.channelData as { channel?: { id?: string } } | undefined)?.channel?.id) ?? 'unknown';
        const id = String(++seq);
        return send(201, { id: `${channelId};messageid=${id}`, activityId: id });
      }
      if (call.method === 'PUT' && (m = /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/.exec(path))) return send(200, { id: m[2] });
      if (call.method === 'POST' && /^\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/.test(path)) return send(200, { id: String(++seq) });
      if (call.method === 'GET' && path === `/v3/teams/${opts.teamId}/conversations`) return send(200, { conversations: opts.channels });
      if (call.method === 'GET' && path === `/v3/conversations/${opts.teamId}/pagedmembers`) return send(200, { members: opts.members.map((u) => ({ ...u, userPrincipalName: u.name })) });
      unexpected.push(call);
      return send(404, { error: { code: 'NotFound', message: `fake connector: no route for ${call.method} ${path}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    unexpected,
    failNext(method, prefix, status, n = 1) {
      failures.push({ method, prefix, status, left: n });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
