// The routing load: how many open tickets each person holds, as one counter document the
// lifecycle keeps under its ETag. Routing reserves a slot (read, pick the least loaded, write
// back under the ETag; a lost race re-reads and picks again), so a burst of simultaneous tickets
// spreads exactly as if they came one by one. Every ticket write that changes who holds open work
// adjusts it (shared/tickets/ticket.ts). A crash between a ticket write and its adjustment leaves
// the counter off by one until the reconcile timer rebuilds it from the tickets' index columns.
import type { Person, Ticket, TicketStatus } from '../domain.js';
import { ConcurrencyError, type TicketStore } from '../ports.js';

/** Statuses in which the ticket is someone's open work (routing load, reminders, the digest). */
export const OPEN_STATUSES: readonly TicketStatus[] = ['processing', 'open', 'assigned', 'sending', 'send-failed'];

const LOAD_KEY = 'routing-load';
/** Writers of the counter are few and fast; this bounds a pathological storm, not normal traffic. */
const ATTEMPTS = 30;

type Counts = Record<string, number>;
export type LoadDelta = Record<string, number>;

function holder(t: Ticket | null): string | null {
  return t?.assignee && OPEN_STATUSES.includes(t.status) ? t.assignee.aadObjectId : null;
}

/** How a write from `before` to `after` changes each person's open work. */
export function loadDelta(before: Ticket | null, after: Ticket | null): LoadDelta {
  const a = holder(before);
  const b = holder(after);
  if (a === b) return {};
  const d: LoadDelta = {};
  if (a) d[a] = -1;
  if (b) d[b] = (d[b] ?? 0) + 1;
  return d;
}

const pause = (attempt: number) => new Promise((r) => setTimeout(r, Math.min(100, 2 * attempt) * Math.random()));

/** Read-modify-write of the counter under its ETag; `change` returns the new counts, or none to leave it. */
async function modify<R>(store: TicketStore, change: (counts: Counts) => { counts?: Counts; result: R }): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    const cur = await store.getVersioned<Counts>(LOAD_KEY);
    const out = change({ ...(cur?.value ?? {}) });
    if (!out.counts) return out.result;
    try {
      await store.putVersioned(LOAD_KEY, out.counts, cur?.etag ?? null);
      return out.result;
    } catch (err) {
      if (!(err instanceof ConcurrencyError) || attempt >= ATTEMPTS) throw err;
      await pause(attempt);
    }
  }
}

export async function adjustLoad(store: TicketStore, delta: LoadDelta): Promise<void> {
  const entries = Object.entries(delta).filter(([id, n]) => id && n !== 0);
  if (!entries.length) return;
  await modify(store, (counts) => {
    for (const [id, n] of entries) counts[id] = Math.max(0, (counts[id] ?? 0) + n);
    return { counts, result: true };
  });
}

export async function readLoad(store: TicketStore): Promise<Map<string, number>> {
  const cur = await store.getVersioned<Counts>(LOAD_KEY);
  return new Map(Object.entries(cur?.value ?? {}));
}

/**
 * Picks under the counter's ETag and counts the pick at once. `choose` sees the current load and
 * returns the person to reserve (or null: nothing is reserved). Release with adjustLoad(-1) if
 * the ticket is not created after all.
 */
export async function reserve<T extends { reserved: Person | null }>(store: TicketStore, choose: (load: ReadonlyMap<string, number>) => T): Promise<T> {
  return modify(store, (counts) => {
    const chosen = choose(new Map(Object.entries(counts)));
    const id = chosen.reserved?.aadObjectId;
    if (!id) return { result: chosen };
    return { counts: { ...counts, [id]: (counts[id] ?? 0) + 1 }, result: chosen };
  });
}

/**
 * A slot reserved for routing that the write did not use (the ticket was claimed, answered or
 * closed meanwhile, or nothing changed) goes back, so the routing load stays true.
 */
export async function releaseUnused(store: TicketStore, reserved: Person | null, r: { before: Ticket | null; after: Ticket | null; changed: boolean }): Promise<void> {
  if (reserved && !(r.changed && (loadDelta(r.before, r.after)[reserved.aadObjectId] ?? 0) > 0)) {
    await adjustLoad(store, { [reserved.aadObjectId]: -1 });
  }
}

/** Rebuilds the counter from the tickets' index columns (reconcile timer); safe beside live writers. */
export async function rebuildLoad(store: TicketStore): Promise<Map<string, number>> {
  for (let attempt = 1; ; attempt++) {
    const cur = await store.getVersioned<Counts>(LOAD_KEY);
    const fresh = await store.loadByAssignee(OPEN_STATUSES);
    try {
      await store.putVersioned(LOAD_KEY, Object.fromEntries(fresh), cur?.etag ?? null);
      return fresh;
    } catch (err) {
      // A transition adjusted the counter meanwhile: its ticket may or may not be in what we read.
      if (!(err instanceof ConcurrencyError) || attempt >= ATTEMPTS) throw err;
      await pause(attempt);
    }
  }
}
