// The request/response types every route works with (the same for HTTP calls and $batch items)
// and a small path router: OData key syntax `mailFolders('Inbox')` is treated as `mailFolders/Inbox`,
// literal segments match case-insensitively, ids are kept verbatim (they are case-sensitive).
import { GraphError } from './errors.js';

export interface ApiRequest {
  method: string;
  /** Path after /v1.0, e.g. /users/x/messages */
  path: string;
  query: URLSearchParams;
  /** lower-case names */
  headers: Record<string, string>;
  /** Parsed JSON when the content type says so, else the text; undefined when empty. */
  body: unknown;
}

export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  /** object → JSON; string/Buffer → sent as is with the content-type from headers */
  body?: unknown;
}

export type Params = Record<string, string>;
export type Handler = (req: ApiRequest, params: Params) => Promise<ApiResponse> | ApiResponse;

/** `mailbox` routes count against Outlook's per-mailbox limits; `graph` ones (subscriptions) do not. */
export type RouteScope = 'mailbox' | 'graph' | 'batch';

export interface Route {
  method: string;
  pattern: string;
  scope: RouteScope;
  handler: Handler;
}

export interface Match {
  route: Route;
  params: Params;
  /** e.g. "GET /users/{user}/messages/{id}" — the key stats count by */
  key: string;
}

export function splitPath(path: string): string[] {
  const normalized = path
    .replace(/\(\)/g, '') // delta() → delta
    .replace(/\(\s*'((?:[^']|'')*)'\s*\)/g, (_m, v: string) => '/' + encodeURIComponent(v.replace(/''/g, "'")))
    .replace(/\(([^()']+)\)/g, '/$1');
  return normalized.split('/').filter(Boolean).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new GraphError(400, 'BadRequest', 'Invalid URL encoding.');
    }
  });
}

export class Router {
  private readonly routes: Array<Route & { segs: string[] }> = [];

  add(method: string, pattern: string, scope: RouteScope, handler: Handler): this {
    this.routes.push({ method, pattern, scope, handler, segs: pattern.split('/').filter(Boolean) });
    return this;
  }

  match(method: string, path: string): Match {
    const segs = splitPath(path);
    let pathMatched = false;
    for (const r of this.routes) {
      if (r.segs.length !== segs.length) continue;
      const params: Params = {};
      let ok = true;
      for (let i = 0; i < segs.length && ok; i++) {
        const p = r.segs[i]!;
        if (p.startsWith('{')) params[p.slice(1, -1)] = segs[i]!;
        else ok = p.toLowerCase() === segs[i]!.toLowerCase();
      }
      if (!ok) continue;
      pathMatched = true;
      if (r.method === method) return { route: r, params, key: `${method} /${r.segs.join('/')}` };
    }
    if (pathMatched) throw new GraphError(405, 'Request_BadRequest', `The HTTP method '${method}' is not allowed for this resource.`);
    const first = segs.find((s, i) => !this.routes.some((r) => r.segs.length > i && (r.segs[i]!.startsWith('{') || r.segs[i]!.toLowerCase() === s.toLowerCase())));
    throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${first ?? segs.at(-1) ?? ''}'.`);
  }
}
