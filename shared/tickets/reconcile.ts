// The safety net behind webhooks (timer, and after `missed`/`subscriptionRemoved` lifecycle
// events): keep the subscription alive, then walk the Inbox delta since the last round and
// enqueue every message that has no processing record yet (or whose processing went stale).
// Notifications can be dropped; with this no mail is ever lost.
import { OUTLOOK_CATEGORIES } from '../domain.js';
import { AppError, normalizeError } from '../errors.js';
import type { Logger } from '../log.js';
import type { DeltaPage, Mailbox, QueueMessage, TicketStore, WorkQueue } from '../ports.js';
import { ensureSubscription, type SubscriptionAction, type SubscriptionDeps } from './subscription.js';

export const DELTA_STATE_KEY = 'inbox-delta';

export interface ReconcileDeps extends SubscriptionDeps {
  mailbox: Mailbox;
  queue: WorkQueue;
  store: TicketStore;
  reconcile: {
    /** On a full sync (first run, expired delta token) only mail received within this window is enqueued. */
    backfillHours: number;
    /** A 'processing' record older than this is enqueued again (its pass died without a retry). */
    staleProcessingMs?: number;
  };
  log: Logger;
}

export interface ReconcileResult {
  subscription: SubscriptionAction | 'failed';
  fullSync: boolean;
  scanned: number;
  enqueued: number;
}

const DEFAULT_STALE_MS = 10 * 60_000;
const RECORD_READ_CONCURRENCY = 8;

function isExpiredDeltaToken(err: unknown): boolean {
  const e = err instanceof AppError ? err : normalizeError(err, 'graph');
  return e.opts.code === 'syncStateNotFound' || e.opts.code === 'resyncRequired' || e.opts.status === 410 || (e.kind === 'not-found' && /sync/i.test(e.message));
}

async function inboxDelta(deps: ReconcileDeps, link: string | null): Promise<{ page: DeltaPage; fullSync: boolean }> {
  if (!link) return { page: await deps.mailbox.inboxDelta(null), fullSync: true };
  try {
    return { page: await deps.mailbox.inboxDelta(link), fullSync: false };
  } catch (err) {
    if (!isExpiredDeltaToken(err)) throw err;
    deps.log.warn('delta token expired; starting a full sync');
    return { page: await deps.mailbox.inboxDelta(null), fullSync: true };
  }
}

/** Which of `ids` still need processing, judged by their message records. */
async function unprocessed(deps: ReconcileDeps, ids: string[], now: Date): Promise<string[]> {
  const staleMs = deps.reconcile.staleProcessingMs ?? DEFAULT_STALE_MS;
  const out: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      const rec = await deps.store.getMessageRecord(id);
      if (!rec || (rec.outcome === 'processing' && now.getTime() - Date.parse(rec.at) > staleMs)) out.push(id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(RECORD_READ_CONCURRENCY, ids.length) }, worker));
  return out;
}

export async function reconcile(deps: ReconcileDeps): Promise<ReconcileResult> {
  const now = deps.now?.() ?? new Date();
  let subscription: ReconcileResult['subscription'] = 'failed';
  try {
    subscription = (await ensureSubscription(deps)).action;
  } catch (err) {
    // The delta below still catches up on mail; the next run tries the subscription again.
    deps.log.error('could not ensure the subscription', { err });
  }
  // Once per process in the adapter: tickets then never pay for it.
  await deps.mailbox.ensureMasterCategories(OUTLOOK_CATEGORIES).catch((err: unknown) => deps.log.warn('could not ensure master categories', { err }));

  const link = await deps.store.getState<string>(DELTA_STATE_KEY);
  const { page, fullSync } = await inboxDelta(deps, link);
  const cutoff = now.getTime() - deps.reconcile.backfillHours * 3_600_000;
  const candidates = fullSync
    ? page.changed.filter((id) => {
        const at = page.receivedAt?.[id];
        return at === undefined || Date.parse(at) >= cutoff;
      })
    : page.changed;
  const todo = await unprocessed(deps, candidates, now);
  const messages: QueueMessage[] = todo.map((messageId) => ({ messageId, source: 'reconcile' }));
  if (messages.length) await deps.queue.enqueueMany(messages);
  // Only after the enqueue: a crash before this repeats the round instead of losing it.
  await deps.store.putState(DELTA_STATE_KEY, page.deltaLink);
  const result = { subscription, fullSync, scanned: page.changed.length, enqueued: messages.length };
  deps.log.info('reconciled', { ...result });
  return result;
}
