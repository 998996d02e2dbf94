// JSON batching: POST /$batch with ≤ 20 requests, unique ids, Content-Type required with a body,
// dependsOn ordering (a failed dependency gives 424), at most 4 items in flight like Outlook does,
// and each item throttled on its own (so a 200 batch can hold inner 429s).
import { z } from 'zod';
import { GraphError, badRequest, errorBody } from '../errors.js';
import type { ApiRequest, ApiResponse, Router } from '../router.js';
import { zodMessage } from './input.js';

const MAX_ITEMS = 20;
const ITEMS_IN_FLIGHT = 4;

const BatchBody = z.object({
  requests: z.array(z.object({
    id: z.string().min(1),
    method: z.string().transform((m) => m.toUpperCase()).pipe(z.enum(['GET', 'POST', 'PATCH', 'PUT', 'DELETE'])),
    url: z.string().min(1),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.unknown().optional(),
    dependsOn: z.array(z.string()).optional(),
  })).min(1),
});
type Item = z.infer<typeof BatchBody>['requests'][number];

function encodeBody(res: ApiResponse): unknown {
  if (Buffer.isBuffer(res.body)) return res.body.toString('base64');
  return res.body;
}

export function registerBatchRoute(r: Router, run: (req: ApiRequest) => Promise<ApiResponse>, onItem: () => void): void {
  r.add('POST', '/$batch', 'batch', async (req) => {
    const parsed = BatchBody.safeParse(req.body);
    if (!parsed.success) throw badRequest(`Invalid batch payload: ${zodMessage(parsed.error)}`, 'BadRequest');
    const items = parsed.data.requests;
    if (items.length > MAX_ITEMS) throw badRequest(`Number of batch requests exceeds the limit of ${MAX_ITEMS}.`, 'BadRequest');
    const ids = new Set<string>();
    for (const it of items) {
      if (ids.has(it.id)) throw badRequest(`Batch request id '${it.id}' is used more than once.`, 'BadRequest');
      ids.add(it.id);
    }
    for (const it of items) {
      for (const d of it.dependsOn ?? []) if (!ids.has(d) || d === it.id) throw badRequest(`Request '${it.id}' depends on unknown request '${d}'.`, 'BadRequest');
      const hasCt = Object.keys(it.headers ?? {}).some((h) => h.toLowerCase() === 'content-type');
      if (it.body !== undefined && !hasCt) throw badRequest(`Request '${it.id}': a Content-Type header is required when a body is present.`, 'BadRequest');
      if (/^https?:/i.test(it.url)) throw badRequest(`Request '${it.id}': the url must be relative (e.g. /users/…).`, 'BadRequest');
    }

    let inFlight = 0;
    const waiting: Array<() => void> = [];
    const slot = async (): Promise<() => void> => {
      while (inFlight >= ITEMS_IN_FLIGHT) await new Promise<void>((res) => waiting.push(res));
      inFlight++;
      return () => {
        inFlight--;
        waiting.shift()?.();
      };
    };

    const results = new Map<string, Promise<ApiResponse>>();
    const exec = async (it: Item): Promise<ApiResponse> => {
      const deps = await Promise.all((it.dependsOn ?? []).map((d) => results.get(d)!));
      if (deps.some((d) => d.status >= 400)) {
        return { status: 424, headers: { 'content-type': 'application/json' }, body: errorBody('FailedDependency', 'The request was not run because a request it depends on failed.') };
      }
      const free = await slot();
      try {
        onItem();
        const u = new URL(it.url.replace(/^\/?(v1\.0\/)?/i, '/'), 'https://batch.invalid');
        const headers: Record<string, string> = { authorization: req.headers['authorization'] ?? '' };
        for (const [k, v] of Object.entries(it.headers ?? {})) headers[k.toLowerCase()] = v;
        return await run({ method: it.method, path: u.pathname, query: u.searchParams, headers, body: it.body });
      } finally {
        free();
      }
    };
    // Items are started in order; dependsOn chains wait for their predecessors.
    for (const it of items) results.set(it.id, exec(it));
    const responses = await Promise.all(items.map(async (it) => {
      const res = await results.get(it.id)!;
      return { id: it.id, status: res.status, headers: res.headers ?? {}, ...(res.body !== undefined ? { body: encodeBody(res) } : {}) };
    }));
    if (responses.length === 0) throw new GraphError(400, 'BadRequest', 'Empty batch.');
    return { status: 200, body: { responses } };
  });
}
