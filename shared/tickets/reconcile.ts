// The safety net behind webhooks (timer, and after `missed`/`subscriptionRemoved` lifecycle
// events): keep the subscriptions alive, then walk the Inbox and Sent Items deltas since the last
// round. New mail without a processing record (or whose processing went stale) goes to the
// pipeline; a ticket's message whose categories or flag now say something the ticket does not
// know, or that left the Inbox, goes to the Outlook sync; a reply in Sent Items not yet matched
// to its ticket too. Notifications can be dropped; with this no mail and no Outlook action is lost.
import { OUTLOOK_CATEGORIES } from '../domain.js';
import { AppError, normalizeError } from '../errors.js';
import type { Logger } from '../log.js';
import type { DeltaPage, Mailbox, QueueMessage, TicketStore, WorkQueue } from '../ports.js';
import { ensureSubscriptions, type SubscriptionAction, type SubscriptionDeps } from './subscription.js';
import { rebuildLoad } from './load.js';
import { categoryChange } from './outlook-sync.js';

export const DELTA_STATE_KEY = 'inbox-delta';
export const SENT_DELTA_STATE_KEY = 'sentitems-delta';

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
  /** Outlook changes handed to the sync (Inbox updates/removals of tickets' messages, replies in Sent Items). */
  outlookChanges: number;
}

const DEFAULT_STALE_MS = 10 * 60_000;
const RECORD_READ_CONCURRENCY = 8;

function isExpiredDeltaToken(err: unknown): boolean {
  const e = err instanceof AppError ? err : normalizeError(err, 'graph');
  return e.opts.code === 'syncStateNotFound' || e.opts.code === 'resyncRequired' || e.opts.status === 410 || (e.kind === 'not-found' && /sync/i.test(e.message));
}

async function delta(deps: ReconcileDeps, round: (link: string | null) => Promise<DeltaPage>, link: string | null): Promise<{ page: DeltaPage; fullSync: boolean }> {
  if (!link) return { page: await round(null), fullSync: true };
  try {
    return { page: await round(link), fullSync: false };
  } catch (err) {
    if (!isExpiredDeltaToken(err)) throw err;
    deps.log.warn('delta token expired; starting a full sync');
    return { page: await round(null), fullSync: true };
  }
}

/** Ids to look at: all changes, or on a full sync only mail within the backfill window. */
function inWindow(page: DeltaPage, fullSync: boolean, cutoff: number): string[] {
  return fullSync
    ? page.changed.filter((id) => {
        const at = page.receivedAt?.[id];
        return at === undefined || Date.parse(at) >= cutoff;
      })
    : page.changed;
}

/** Runs `fn` over `ids` with a few storage reads in flight; collects what it returns. */
async function each<T>(ids: readonly string[], fn: (id: string) => Promise<T | null>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const r = await fn(ids[next++]!);
      if (r !== null) out.push(r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(RECORD_READ_CONCURRENCY, ids.length) }, worker));
  return out;
}

/**
 * What an Inbox change needs: new mail without a record (or whose processing went stale) → the
 * pipeline; a ticket's message whose reported state the ticket does not reflect → the Outlook sync.
 * Judged from storage and the delta's own properties, so unchanged tickets cost no Graph request.
 */
async function inboxWork(deps: ReconcileDeps, page: DeltaPage, ids: string[], now: Date): Promise<QueueMessage[]> {
  const staleMs = deps.reconcile.staleProcessingMs ?? DEFAULT_STALE_MS;
  return each(ids, async (id): Promise<QueueMessage | null> => {
    const rec = await deps.store.getMessageRecord(id);
    if (!rec || (rec.outcome === 'processing' && now.getTime() - Date.parse(rec.at) > staleMs)) return { messageId: id, source: 'reconcile' };
    if ((rec.outcome !== 'ticket' && rec.outcome !== 'follow-up') || !rec.ticketId) return null;
    const state = page.states?.[id];
    if (!state) return null;
    const ticket = await deps.store.get(rec.ticketId);
    if (!ticket) return null;
    const full = { messageId: id, categories: state.categories ?? [], flag: { status: state.flagStatus ?? 'notFlagged' }, isRead: false, isDraft: false, folder: 'inbox' as const };
    const recategorized = state.categories !== undefined && categoryChange(ticket, full, now) !== null;
    const completed = state.flagStatus === 'complete' && ticket.status !== 'resolved';
    return recategorized || completed ? { messageId: id, source: 'reconcile', change: { folder: 'inbox', type: 'updated' } } : null;
  });
}

/** A ticket's message that left the Inbox (moved to Junk, deleted) → the Outlook sync decides. */
async function inboxRemovals(deps: ReconcileDeps, ids: readonly string[]): Promise<QueueMessage[]> {
  return each(ids, async (id): Promise<QueueMessage | null> => {
    const rec = await deps.store.getMessageRecord(id);
    if (!rec?.ticketId || (rec.outcome !== 'ticket' && rec.outcome !== 'follow-up')) return null;
    const ticket = await deps.store.get(rec.ticketId);
    return ticket && ticket.status !== 'resolved' ? { messageId: id, source: 'reconcile', change: { folder: 'inbox', type: 'deleted' } } : null;
  });
}

/** Replies in Sent Items not yet matched to their ticket. */
async function unmatchedReplies(deps: ReconcileDeps, ids: readonly string[]): Promise<QueueMessage[]> {
  return each(ids, async (id): Promise<QueueMessage | null> =>
    (await deps.store.getMessageRecord(id))?.outcome === 'reply' ? null : { messageId: id, source: 'reconcile', change: { folder: 'sentitems', type: 'created' } },
  );
}

export async function reconcile(deps: ReconcileDeps): Promise<ReconcileResult> {
  const now = deps.now?.() ?? new Date();
  let subscription: ReconcileResult['subscription'] = 'failed';
  try {
    subscription = (await ensureSubscriptions(deps))[0]!.action;
  } catch (err) {
    // The delta below still catches up on mail; the next run tries the subscription again.
    deps.log.error('could not ensure the subscription', { err });
  }
  // Once per process in the adapter: tickets then never pay for it.
  await deps.mailbox.ensureMasterCategories(OUTLOOK_CATEGORIES).catch((err: unknown) => deps.log.warn('could not ensure master categories', { err }));

  const cutoff = now.getTime() - deps.reconcile.backfillHours * 3_600_000;
  const { page, fullSync } = await delta(deps, (l) => deps.mailbox.inboxDelta(l), await deps.store.getState<string>(DELTA_STATE_KEY));
  const inbox = [...(await inboxWork(deps, page, inWindow(page, fullSync, cutoff), now)), ...(fullSync ? [] : await inboxRemovals(deps, page.removed))];
  if (inbox.length) await deps.queue.enqueueMany(inbox);
  // Only after the enqueue: a crash before this repeats the round instead of losing it.
  await deps.store.putState(DELTA_STATE_KEY, page.deltaLink);

  const sent = await delta(deps, (l) => deps.mailbox.sentItemsDelta(l), await deps.store.getState<string>(SENT_DELTA_STATE_KEY));
  const replies = await unmatchedReplies(deps, inWindow(sent.page, sent.fullSync, cutoff));
  if (replies.length) await deps.queue.enqueueMany(replies);
  await deps.store.putState(SENT_DELTA_STATE_KEY, sent.page.deltaLink);

  // A crash between a ticket write and its load adjustment leaves the counter off; rebuild it here.
  await rebuildLoad(deps.store).catch((err: unknown) => deps.log.warn('could not rebuild the routing load', { err }));

  const fresh = inbox.filter((m) => !m.change).length;
  const result = { subscription, fullSync, scanned: page.changed.length, enqueued: fresh, outlookChanges: inbox.length - fresh + replies.length };
  deps.log.info('reconciled', { ...result });
  return result;
}
