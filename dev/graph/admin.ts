// /_mock: the HTML view and JSON helpers for tests and the local world (no auth, not counted in
// stats): stats, messages, subscriptions, lifecycle events, delivering raw mail, faults, limits,
// outbound mail, and wiping delta sync state.
import { z } from 'zod';
import { renderMessage } from './render.js';
import type { MockContext } from './context.js';
import { parseFaults, type Faults } from './faults.js';
import { immutableId } from './ids.js';
import { LIFECYCLE_EVENTS } from './subscriptions.js';
import type { MockGraphStats } from './stats.js';
import { parseLimits, type MailboxLimits } from './throttle.js';
import type { ApiResponse } from './router.js';
import { GraphError } from './errors.js';
import { categoriesPage, folderPage, messagePage, outlookScript, rawPage } from './view.js';
import { zodMessage } from './routes/input.js';

export interface AdminDeps {
  ctx: MockContext;
  stats(): MockGraphStats;
  resetStats(): void;
  faults: Faults;
  limits: MailboxLimits;
}

const LifecycleBody = z.object({ subscriptionId: z.string().min(1), event: z.enum(LIFECYCLE_EVENTS as [string, ...string[]]) });
const SpecBody = z.object({ spec: z.string() });

const json = (status: number, body: unknown): ApiResponse => ({ status, headers: { 'content-type': 'application/json' }, body });

export async function handleAdmin(d: AdminDeps, method: string, path: string, query: URLSearchParams, body: unknown, raw: Buffer): Promise<ApiResponse> {
  const { ctx } = d;
  const seg = path.replace(/^\/_mock\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const route = `${method} ${seg[0] ?? ''}`;
  const bad = (msg: string): ApiResponse => json(400, { error: { code: 'BadRequest', message: msg } });
  switch (route) {
    case 'GET ':
      return folderPage(ctx, 'inbox');
    case 'GET folder': {
      const f = seg[1] ?? 'inbox';
      try {
        return folderPage(ctx, ctx.store.resolveFolder(f));
      } catch {
        return json(404, { error: { code: 'NotFound', message: `No folder '${f}'` } });
      }
    }
    case 'GET message':
      return seg[2] === 'raw' ? rawPage(ctx, seg[1] ?? '') : messagePage(ctx, seg[1] ?? '');
    case 'GET categories':
      return categoriesPage(ctx);
    case 'GET outlook.js':
      return outlookScript();
    case 'GET health':
      return json(200, { ok: true });
    case 'GET stats':
      return json(200, d.stats());
    case 'POST stats':
      if (seg[1] !== 'reset') break;
      d.resetStats();
      return json(200, d.stats());
    case 'GET messages': {
      const folder = query.get('folder');
      let list;
      try {
        list = ctx.store.list(folder ? ctx.store.resolveFolder(folder) : undefined);
      } catch {
        return bad(`No folder '${folder}'`);
      }
      const rc = { store: ctx.store, origin: ctx.origin, immutable: true };
      return json(200, { value: list.sort((a, b) => a.seq - b.seq).map((m) => ({ ...renderMessage(m, rc), folder: m.folder })) });
    }
    case 'GET subscriptions':
      return json(200, { value: ctx.subs.list().map((s) => ({ ...s, expirationDateTime: new Date(s.expiresAt).toISOString() })) });
    case 'POST subscriptions':
      if (seg[2] !== 'expire' || !seg[1]) break;
      ctx.subs.expireNow(seg[1]);
      return json(200, { expired: seg[1] });
    case 'POST lifecycle': {
      const b = LifecycleBody.safeParse(body);
      if (!b.success) return bad(`Expected {subscriptionId, event: ${LIFECYCLE_EVENTS.join('|')}}: ${zodMessage(b.error)}`);
      ctx.subs.triggerLifecycle(b.data.subscriptionId, b.data.event as (typeof LIFECYCLE_EVENTS)[number]);
      return json(202, { sent: b.data.event });
    }
    case 'POST deliver': {
      if (raw.length === 0) return bad('POST the raw RFC 5322 message as the body.');
      const m = await ctx.deliver(raw);
      return json(201, { id: immutableId(m.key) });
    }
    case 'GET faults':
      return json(200, d.faults.rates);
    case 'POST faults': {
      const b = SpecBody.safeParse(body);
      if (!b.success) return bad('Expected {spec: "drop=0.2,duplicate=0.2,error=0.05,throttle=0.1"}');
      try {
        d.faults.rates = parseFaults(b.data.spec);
      } catch (err) {
        return bad((err as Error).message);
      }
      return json(200, d.faults.rates);
    }
    case 'GET limits':
      return json(200, d.limits.current());
    case 'POST limits': {
      const b = SpecBody.safeParse(body);
      if (!b.success) return bad('Expected {spec: "concurrency=4,budget=10000,windowMs=600000" | "off"}');
      try {
        d.limits.configure(parseLimits(b.data.spec));
      } catch (err) {
        return bad((err as Error).message);
      }
      return json(200, d.limits.current());
    }
    case 'GET outbound':
      return json(200, { value: ctx.outbound.map((o) => ({ ...o, mime: o.mime.toString('utf8') })) });
    case 'POST reset-sync':
      ctx.store.epoch = Math.random().toString(36).slice(2, 10);
      return json(200, { epoch: ctx.store.epoch });
    default:
      break;
  }
  return json(404, { error: { code: 'NotFound', message: `No mock helper at ${method} ${path}` } });
}

export function adminError(err: unknown): ApiResponse {
  if (err instanceof GraphError) return json(err.status, { error: { code: err.code, message: err.message } });
  return json(500, { error: { code: 'InternalServerError', message: (err as Error)?.message ?? String(err) } });
}
