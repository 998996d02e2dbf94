// The HTTP side of the local Functions host: one node:http server, routes under the route prefix
// (host.json extensions.http.routePrefix, default `api`), a real HttpRequest in and the returned
// HttpResponseInit mapped back. A throwing function answers 500 and the host keeps serving.
// Function keys are not checked locally (as with Core Tools); in Azure `authLevel: 'function'`
// routes need `?code=` or `x-functions-key`.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import azf from '@azure/functions';
import type { HttpResponseInit } from '@azure/functions';
import type { FunctionDef } from '../../functions/table.js';
import type { Logger } from '../../shared/log.js';
import { createInvocationContext } from './context.js';
import { readBody } from './read-body.js';
import { RouteTable } from './routes.js';

const { HttpRequest, HttpResponse } = azf;

type HttpFunction = Extract<FunctionDef, { kind: 'http' }>;
/** Runs a non-HTTP function once with the given input (POST /admin/functions/{name}). */
export type AdminInvoke = (name: string, input: string) => Promise<'started' | 'not-found'>;

export interface HttpServerHandle {
  port: number;
  url: string;
  close(graceMs: number): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** A plain init with nothing to serialise (a 202, a 204): its status and headers as they are. */
function bodiless(result: HttpResponseInit | InstanceType<typeof HttpResponse> | undefined): { status: number; headers: Record<string, string> } | null {
  if (result === undefined || result instanceof HttpResponse) return null;
  if (result.body !== undefined || result.jsonBody !== undefined || result.cookies?.length) return null;
  const h = result.headers;
  if (h !== undefined && (h instanceof Headers || Array.isArray(h))) return null;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) headers[k.toLowerCase()] = v;
  return { status: result.status ?? 200, headers };
}

async function writeResult(res: ServerResponse, result: HttpResponseInit | InstanceType<typeof HttpResponse> | undefined): Promise<void> {
  // The common webhook answer skips building a fetch Response only to read its empty body back.
  const plain = bodiless(result);
  if (plain) {
    res.writeHead(plain.status, { ...plain.headers, 'content-length': '0' });
    res.end();
    return;
  }
  const response = result instanceof HttpResponse ? result : new HttpResponse(result ?? {});
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  const cookies = response.cookies.map((c) => {
    const parts = [`${c.name}=${c.value}`];
    if (c.domain) parts.push(`Domain=${c.domain}`);
    if (c.path) parts.push(`Path=${c.path}`);
    if (c.expires) parts.push(`Expires=${new Date(c.expires).toUTCString()}`);
    if (c.maxAge !== undefined) parts.push(`Max-Age=${c.maxAge}`);
    if (c.secure) parts.push('Secure');
    if (c.httpOnly) parts.push('HttpOnly');
    if (c.sameSite) parts.push(`SameSite=${c.sameSite}`);
    return parts.join('; ');
  });
  if (cookies.length) headers['set-cookie'] = cookies;
  const body = Buffer.from(await response.arrayBuffer());
  headers['content-length'] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(body);
}

export async function startHttpServer(opts: {
  functions: HttpFunction[];
  routePrefix: string;
  port: number;
  host: string;
  log: Logger;
  adminInvoke: AdminInvoke;
  isAccepting: () => boolean;
}): Promise<HttpServerHandle> {
  const routes = new RouteTable<HttpFunction>();
  for (const f of opts.functions) routes.add(f.route, f.methods, f);
  const prefix = opts.routePrefix ? `/${opts.routePrefix}` : '';
  let inFlight = 0;

  const server = http.createServer(async (req, res) => {
    inFlight++;
    try {
      await handle(req, res);
    } catch (err) {
      opts.log.error('request failed before reaching a function', { err });
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'InternalServerError', message: 'The host could not handle the request.' } });
      else res.destroy();
    } finally {
      inFlight--;
    }
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? `localhost:${port}`}`);
    const method = (req.method ?? 'GET').toUpperCase();
    if (!opts.isAccepting()) {
      sendJson(res, 503, { error: { code: 'HostStopping', message: 'The Functions host is shutting down.' } });
      return;
    }
    if (method === 'GET' && url.pathname === '/admin/host/status') {
      sendJson(res, 200, { state: 'Running', version: 'local' });
      return;
    }
    const admin = /^\/admin\/functions\/([^/]+)$/.exec(url.pathname);
    if (admin && method === 'POST') {
      const raw = (await readBody(req)).toString('utf8');
      let input = '';
      try {
        input = raw ? String((JSON.parse(raw) as { input?: unknown }).input ?? '') : '';
      } catch {
        sendJson(res, 400, { error: { code: 'BadRequest', message: 'Body must be JSON: {"input": "..."}' } });
        return;
      }
      const r = await opts.adminInvoke(decodeURIComponent(admin[1]!), input);
      if (r === 'not-found') sendJson(res, 404, { error: { code: 'NotFound', message: 'No such non-HTTP function.' } });
      else {
        res.writeHead(202);
        res.end();
      }
      return;
    }
    const lower = url.pathname.toLowerCase();
    const underPrefix = prefix === '' || lower === prefix || lower.startsWith(`${prefix}/`);
    const match = underPrefix ? routes.match(method, url.pathname.slice(prefix.length)) : undefined;
    if (!match) {
      sendJson(res, 404, { error: { code: 'NotFound', message: `No function answers ${method} ${url.pathname}` } });
      return;
    }
    const fn = match.value;
    const body = await readBody(req);
    const query: Record<string, string> = {};
    url.searchParams.forEach((v, k) => {
      query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
    });
    const request = new HttpRequest({
      method,
      url: url.toString(),
      headers: flatHeaders(req),
      query,
      params: match.params,
      ...(body.length > 0 ? { body: { bytes: new Uint8Array(body) } } : {}),
    });
    const { context, log } = createInvocationContext({
      functionName: fn.name,
      trigger: 'httpTrigger',
      triggerMetadata: { Query: query, Headers: flatHeaders(req), ...match.params },
      log: opts.log,
    });
    const started = Date.now();
    let result: HttpResponseInit;
    try {
      result = await fn.handler(request, context);
    } catch (err) {
      log.error('function failed', { err, durationMs: Date.now() - started });
      sendJson(res, 500, { error: { code: 'FunctionInvocationFailed', message: `Exception while executing function: Functions.${fn.name}`, invocationId: context.invocationId } });
      return;
    }
    try {
      await writeResult(res, result);
    } catch (err) {
      // An HttpResponseInit the runtime could not turn into a response (e.g. a body on a 204-like status).
      log.error('function returned a response the host could not send', { err });
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'InvalidFunctionResponse', message: `Functions.${fn.name} returned an invalid response`, invocationId: context.invocationId } });
      return;
    }
    log.debug('executed', { method, path: url.pathname, status: res.statusCode, durationMs: Date.now() - started });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = opts.host === '0.0.0.0' || opts.host === '::' || opts.host === '127.0.0.1' ? 'localhost' : opts.host;

  return {
    port,
    url: `http://${shownHost}:${port}${prefix}`,
    close: async (graceMs) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + graceMs;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      server.closeAllConnections();
      await closed;
    },
  };
}
