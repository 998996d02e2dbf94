// The Graph webhook (POST /api/notifications) and lifecycle endpoint (POST /api/lifecycle).
// Notifications: answer the validation handshake, check every item (clientState in constant time,
// a subscription of ours, the tenant), enqueue one queue message per valid item — {messageId} for
// new Inbox mail (the pipeline), {messageId, change} for what happened in Outlook (an Inbox message
// updated or removed, a reply in Sent Items: the Outlook sync) — and acknowledge at once. Graph
// drops notifications for endpoints slower than 3 s, so no Graph call happens here.
// Lifecycle events: renew, recreate + reconcile, or reconcile.
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../log.js';
import type { QueueMessage, Subscriptions, TicketStore, WorkQueue } from '../ports.js';
import { reconcile, type ReconcileDeps } from './reconcile.js';
import { ensureSubscription, knownSubscriptions, renewSubscription, watchOf, type Watch } from './subscription.js';

export interface HttpResult {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  jsonBody?: unknown;
}

export type Query = { get(name: string): string | null };

const notificationItem = z.object({
  subscriptionId: z.string().min(1).max(200),
  clientState: z.string().max(255).nullish(),
  changeType: z.string().max(100).optional(),
  resource: z.string().max(2000).optional(),
  tenantId: z.string().max(100).nullish(),
  subscriptionExpirationDateTime: z.string().optional(),
  lifecycleEvent: z.string().max(100).optional(),
  resourceData: z.object({ id: z.string().min(1).max(1000) }).passthrough().optional(),
});
const notificationPayload = z.object({ value: z.array(notificationItem).min(1).max(1000) });
type NotificationItem = z.infer<typeof notificationItem>;

/** Constant-time comparison; the length check leaks only the length, which the secret's owner chose. */
export function clientStateMatches(expected: string, got: string | null | undefined): boolean {
  if (typeof got !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(got, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Which subscription ids are ours: the ids we created (kept in state, cached briefly), and — only
 * for items whose clientState already matched — an id Graph lists as live (another instance may
 * have just recreated the subscription). Live lookups are cached, hits and misses alike.
 */
export class SubscriptionRegistry {
  private known = new Map<string, Watch['folder']>();
  private loadedAt = 0;
  private readonly live = new Map<string, { ok: boolean; at: number }>();

  constructor(
    private readonly store: TicketStore,
    private readonly subscriptions: Subscriptions,
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  private async reload(): Promise<void> {
    this.known = await knownSubscriptions(this.store);
    this.loadedAt = this.now();
  }

  /** The folder a subscription of ours watches (call after isOurs/isLive said yes). */
  folderOf(id: string): Watch['folder'] {
    return this.known.get(id) ?? 'inbox';
  }

  /** Cheap check from our own bookkeeping (no Graph call). */
  async isOurs(id: string): Promise<boolean> {
    const age = this.now() - this.loadedAt;
    // Unknown ids re-read the state at most once a second (only items with the right clientState get here).
    if (age >= this.ttlMs || (!this.known.has(id) && age >= 1_000)) await this.reload();
    return this.known.has(id);
  }

  /** One Graph list call per unknown id and ttl; call only after the clientState matched. */
  async isLive(id: string): Promise<boolean> {
    const hit = this.live.get(id);
    if (hit && this.now() - hit.at < this.ttlMs * 5) return hit.ok;
    const sub = (await this.subscriptions.list()).find((s) => s.id === id);
    const ok = !!sub;
    this.live.set(id, { ok, at: this.now() });
    if (sub) this.known.set(id, /sentitems/i.test(sub.resource) ? 'sentitems' : /drafts/i.test(sub.resource) ? 'drafts' : 'inbox');
    return ok;
  }
}

export interface IntakeDeps {
  queue: WorkQueue;
  registry: SubscriptionRegistry;
  clientState: string;
  /** When set, items from another tenant are refused. */
  tenantId?: string;
  log: Logger;
}

function validationResponse(query: Query): HttpResult | null {
  const token = query.get('validationToken');
  // URLSearchParams already decoded it; Graph wants it back verbatim as plain text.
  return token === null ? null : { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: token };
}

function parse(body: string): z.infer<typeof notificationPayload> | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  const r = notificationPayload.safeParse(json);
  return r.success ? r.data : null;
}

type Verdict = { ok: true } | { ok: false; reason: 'client-state' | 'tenant' | 'subscription' };

async function verify(deps: Pick<IntakeDeps, 'registry' | 'clientState' | 'tenantId'>, item: NotificationItem): Promise<Verdict> {
  if (!clientStateMatches(deps.clientState, item.clientState)) return { ok: false, reason: 'client-state' };
  if (deps.tenantId && item.tenantId && item.tenantId.toLowerCase() !== deps.tenantId.toLowerCase()) return { ok: false, reason: 'tenant' };
  if (!(await deps.registry.isOurs(item.subscriptionId)) && !(await deps.registry.isLive(item.subscriptionId))) return { ok: false, reason: 'subscription' };
  return { ok: true };
}

const CHANGE_TYPES = ['created', 'updated', 'deleted'] as const;

function changeTypes(value: string | undefined): (typeof CHANGE_TYPES)[number][] {
  // An item without a change type is a new message (the only kind older subscriptions sent).
  if (!value) return ['created'];
  const parts = value.split(',').map((p) => p.trim());
  return CHANGE_TYPES.filter((t) => parts.includes(t));
}

/** POST /api/notifications. */
export async function handleNotifications(deps: IntakeDeps, body: string, query: Query): Promise<HttpResult> {
  const handshake = validationResponse(query);
  if (handshake) return handshake;
  const payload = parse(body);
  if (!payload) {
    deps.log.warn('malformed notification body refused');
    return { status: 400, jsonBody: { error: 'body is not a Graph change notification collection' } };
  }
  const messages = new Map<string, QueueMessage>();
  const refused: Record<string, number> = {};
  for (const item of payload.value) {
    const verdict = await verify(deps, item);
    if (!verdict.ok) {
      refused[verdict.reason] = (refused[verdict.reason] ?? 0) + 1;
      continue;
    }
    // Lifecycle events belong on the lifecycle URL.
    if (item.lifecycleEvent || !item.resourceData) continue;
    const id = item.resourceData.id;
    const folder = deps.registry.folderOf(item.subscriptionId);
    // The version the change produced: the sync recognises its own category write by it, without a read.
    const tag = item.resourceData['@odata.etag'];
    const etag = typeof tag === 'string' && tag.length > 0 && tag.length <= 200 ? tag : undefined;
    for (const type of changeTypes(item.changeType)) {
      if (folder === 'inbox' && type === 'created') messages.set(`new:${id}`, { messageId: id, source: 'notification' });
      else if (folder === 'inbox') messages.set(`inbox:${type}:${id}`, { messageId: id, source: 'notification', change: type === 'updated' && etag ? { folder, type, etag } : { folder, type } });
      else if (folder === 'sentitems' && type === 'created') messages.set(`sent:${id}`, { messageId: id, source: 'notification', change: { folder, type } });
      else if (folder === 'drafts' && type === 'deleted') messages.set(`draft:${id}`, { messageId: id, source: 'notification', change: { folder, type } });
    }
  }
  if (Object.keys(refused).length) deps.log.warn('notification items refused', { refused, total: payload.value.length });
  // Nothing genuine in the whole POST: answer as a refusal (Graph itself never sends such a batch).
  if (messages.size === 0 && (refused['client-state'] ?? 0) === payload.value.length) return { status: 403, jsonBody: { error: 'clientState mismatch' } };
  if (messages.size) {
    try {
      await deps.queue.enqueueMany([...messages.values()]);
    } catch (err) {
      // Not persisted: a 5xx makes Graph deliver again.
      deps.log.error('could not enqueue notifications', { err, count: messages.size });
      return { status: 503, jsonBody: { error: 'could not persist the notifications; retry' } };
    }
  }
  return { status: 202 };
}

export interface LifecycleDeps extends ReconcileDeps {
  registry: SubscriptionRegistry;
  clientState: string;
  tenantId?: string;
}

/** POST /api/lifecycle: reauthorizationRequired → renew; subscriptionRemoved → recreate, reconcile; missed → reconcile. */
export async function handleLifecycle(deps: LifecycleDeps, body: string, query: Query): Promise<HttpResult> {
  const handshake = validationResponse(query);
  if (handshake) return handshake;
  const payload = parse(body);
  if (!payload) return { status: 400, jsonBody: { error: 'body is not a Graph lifecycle notification collection' } };
  let needReconcile = false;
  let accepted = 0;
  let failed = false;
  for (const item of payload.value) {
    const verdict = await verify(deps, item);
    if (!verdict.ok) {
      deps.log.warn('lifecycle event refused', { reason: verdict.reason, subscriptionId: item.subscriptionId });
      continue;
    }
    accepted++;
    const log = deps.log.child({ subscriptionId: item.subscriptionId, lifecycleEvent: item.lifecycleEvent });
    try {
      switch (item.lifecycleEvent) {
        case 'reauthorizationRequired':
          await renewSubscription(deps, item.subscriptionId);
          break;
        case 'subscriptionRemoved':
          await ensureSubscription(deps, await watchOf(deps.store, item.subscriptionId));
          needReconcile = true;
          break;
        case 'missed':
          needReconcile = true;
          break;
        default:
          log.warn('unknown lifecycle event ignored');
      }
    } catch (err) {
      failed = true;
      log.error('lifecycle action failed', { err });
    }
  }
  if (accepted === 0) return { status: 403, jsonBody: { error: 'no valid lifecycle event' } };
  if (needReconcile) {
    try {
      await reconcile(deps);
    } catch (err) {
      failed = true;
      deps.log.error('reconcile after lifecycle event failed', { err });
    }
  }
  // A 5xx makes Graph send the event again; the timer would catch up anyway.
  return failed ? { status: 503, jsonBody: { error: 'lifecycle action failed; retry' } } : { status: 202 };
}
