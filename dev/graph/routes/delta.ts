// Delta query over one folder: rounds of pages (@odata.nextLink with $skiptoken) ending in an
// @odata.deltaLink ($deltatoken). A round covers the store's change sequence up to the moment it
// started; pages advance by a cursor in that sequence, so changes during paging are never skipped
// (they land in the next round). Messages deleted or moved out come back as `@removed`.
import { z } from 'zod';
import { GraphError, badRequest } from '../errors.js';
import { apiBase, assertMailbox, preferences, renderContext, type MockContext } from '../context.js';
import { immutableId, restId } from '../ids.js';
import { evaluate, filterProperties, parseFilter, parseIntParam } from '../odata.js';
import { renderMessage } from '../render.js';
import type { ApiRequest, ApiResponse, Params, Router } from '../router.js';
import { WELL_KNOWN_FOLDERS, type MessageRecord, type WellKnownFolder } from '../store.js';
import { selectOf } from './mail.js';

const ChangeTypeParam = z.enum(['created', 'updated', 'deleted']);
const TokenState = z.object({
  e: z.string(), // store epoch: tokens from a wiped mailbox are gone
  f: z.enum(WELL_KNOWN_FOLDERS),
  s: z.number().int(), // round covers changes after s …
  u: z.number().int().optional(), // … up to u (set while paging)
  c: z.number().int().optional(), // cursor: last sequence already returned in this round
  i: z.boolean(), // initial sync: no @removed
  sel: z.array(z.string()).optional(),
  flt: z.string().optional(),
  ct: ChangeTypeParam.optional(),
  n: z.number().int().positive(),
});
type TokenState = z.infer<typeof TokenState>;

const encode = (t: TokenState): string => Buffer.from(JSON.stringify(t)).toString('base64url');

function decode(token: string, ctx: MockContext): TokenState {
  let parsed: TokenState | null = null;
  try {
    const r = TokenState.safeParse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    parsed = r.success ? r.data : null;
  } catch {
    parsed = null;
  }
  if (!parsed || parsed.e !== ctx.store.epoch) {
    throw new GraphError(410, 'SyncStateNotFound', 'The sync state generation was not found. Restart the synchronization without a token.');
  }
  return parsed;
}

type DeltaEvent = { key: number; message: MessageRecord; kind: 'created' | 'updated' } | { key: number; removedKey: string; kind: 'deleted' };

function events(ctx: MockContext, t: TokenState, upTo: number): DeltaEvent[] {
  const out: DeltaEvent[] = [];
  const filter = t.flt ? parseFilter(t.flt) : null;
  const present = new Set<string>();
  const rc = renderContext(ctx, { method: 'GET', path: '', query: new URLSearchParams(), headers: {}, body: undefined }, ['receivedDateTime']);
  for (const m of ctx.store.list(t.f)) {
    const entered = m.enteredSeq > t.s && m.enteredSeq <= upTo;
    const changed = m.seq > t.s && m.seq <= upTo;
    if (!entered && !changed) continue;
    if (filter && !evaluate(filter, renderMessage(m, rc))) continue;
    present.add(m.key);
    // Sort by a key that stays put while this round pages (enteredSeq only moves on a move).
    out.push({ key: entered ? m.enteredSeq : m.seq, message: m, kind: entered ? 'created' : 'updated' });
  }
  if (!t.i) {
    const removed = new Map<string, number>();
    for (const r of ctx.store.removalsIn(t.f, t.s, upTo)) if (!present.has(r.key)) removed.set(r.key, r.seq);
    for (const [k, seq] of removed) {
      const m = ctx.store.byKey(k);
      if (m && m.folder === t.f) continue; // back in the folder; reported when its change is in a round
      out.push({ key: seq, removedKey: k, kind: 'deleted' });
    }
  }
  return out.filter((e) => !t.ct || e.kind === t.ct).sort((a, b) => a.key - b.key);
}

function delta(ctx: MockContext, req: ApiRequest, p: Params): ApiResponse {
  assertMailbox(ctx, p.user!);
  const folder: WellKnownFolder = ctx.store.resolveFolder(p.folder!);
  const skip = req.query.get('$skiptoken');
  const dt = req.query.get('$deltatoken');
  let t: TokenState;
  if (skip ?? dt) {
    t = decode((skip ?? dt)!, ctx);
    if (t.f !== folder) throw badRequest('The token belongs to another folder.');
  } else {
    for (const k of req.query.keys()) {
      if (k.startsWith('$') && !['$select', '$filter', '$orderby', '$top'].includes(k)) throw badRequest(`The query parameter '${k}' is not supported with delta.`);
    }
    const flt = req.query.get('$filter') ?? undefined;
    if (flt && filterProperties(parseFilter(flt)).some((x) => x.toLowerCase() !== 'receiveddatetime')) {
      throw badRequest('Delta query $filter supports only receivedDateTime ge|gt.', 'ErrorInvalidUrlQueryFilter');
    }
    const ob = req.query.get('$orderby');
    if (ob && !/^\s*receivedDateTime\s+desc\s*$/i.test(ob)) throw badRequest('Delta query $orderby supports only receivedDateTime desc.');
    const ct = req.query.get('changeType');
    const parsedCt = ct === null ? undefined : ChangeTypeParam.safeParse(ct);
    if (parsedCt && !parsedCt.success) throw badRequest(`Invalid changeType '${ct}'.`);
    const top = parseIntParam(req.query.get('$top'), '$top', 1000);
    t = { e: ctx.store.epoch, f: folder, s: 0, i: true, sel: selectOf(req), flt, ct: parsedCt?.data, n: preferences(req).maxPageSize ?? top ?? 10 };
  }
  // The page size may change per request through Prefer (PageIterator re-sends it).
  const n = preferences(req).maxPageSize ?? t.n;
  const upTo = t.u ?? ctx.store.seq;
  const cursor = t.c ?? -1;
  const all = events(ctx, t, upTo).filter((e) => e.key > cursor);
  const page = all.slice(0, n);
  const rc = renderContext(ctx, req, t.sel);
  const folderIndex = WELL_KNOWN_FOLDERS.indexOf(folder);
  const value = page.map((e) => e.kind === 'deleted'
    ? { '@odata.type': '#microsoft.graph.message', id: rc.immutable ? immutableId(e.removedKey) : restId(e.removedKey, folderIndex), '@removed': { reason: 'deleted' } }
    : { '@odata.type': '#microsoft.graph.message', ...renderMessage(e.message, rc) });
  const link = `${apiBase(ctx)}/users/${encodeURIComponent(p.user!)}/mailFolders('${encodeURIComponent(p.folder!)}')/messages/delta`;
  const body: Record<string, unknown> = { '@odata.context': `${apiBase(ctx)}/$metadata#Collection(message)`, value };
  if (all.length > n) {
    body['@odata.nextLink'] = `${link}?$skiptoken=${encode({ ...t, n, u: upTo, c: page.at(-1)!.key })}`;
  } else {
    const { u: _u, c: _c, ...rest } = t;
    body['@odata.deltaLink'] = `${link}?$deltatoken=${encode({ ...rest, n, s: upTo, i: false })}`;
  }
  return { status: 200, body, headers: { 'preference-applied': `odata.maxpagesize=${n}` } };
}

export function registerDeltaRoutes(r: Router, ctx: MockContext): void {
  r.add('GET', '/users/{user}/mailFolders/{folder}/messages/delta', 'mailbox', (req, p) => delta(ctx, req, p));
}
