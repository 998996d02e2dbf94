// Outlook's 4 concurrent requests per app and mailbox, held across every instance of the app.
// Flex Consumption runs as many instances as the queue asks for, and each process's own Semaphore
// only counts its own calls, so two instances could run 8. This gate keeps the count in storage:
//
// - The mailbox has `slots` (4) blobs in the container `graph-gate`; a Graph call runs while its
//   instance holds a lease on one of them (Blob Lease, the primitive the Functions runtime itself
//   uses for singletons). Leases are exclusive, so at most `slots` calls run at once, whichever
//   instance makes them.
// - Cost in storage calls per Graph request: 1 lease acquire + 1 release when a slot is free (the
//   release does not delay the caller; the slot counts as held until it completes); a
//   call longer than a third of the lease adds one renewal per third. Under load a finished call
//   hands its slot straight to the next waiting call of the same instance (no storage call) for
//   up to `handOffMs` after the slot was won; then it goes back to storage, so another instance
//   waiting for a slot gets its turn within about that long. While every slot is taken,
//   one poller per instance (not per waiting call) tries the slots this instance does not hold,
//   then waits with jittered backoff (minPollMs doubling to maxPollMs): a few calls per second per
//   waiting instance. A process never asks storage for more slots than it has waiting calls.
// - A crashed holder: its lease is not renewed and expires after `leaseSeconds` (15, the shortest
//   Blob Storage allows), then the slot is free again. Until then the mailbox runs with one slot
//   less — slower, never over the limit.
// - Storage unreachable: the waiting call fails as 'unavailable' (retryable); the queue redelivers
//   its message later. Graph is not called without a slot.
import { createHash, randomUUID } from 'node:crypto';
import { BlobServiceClient, type BlobLeaseClient, type ContainerClient } from '@azure/storage-blob';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Gate } from './limit.js';

export interface SharedGateOptions {
  /** Storage connection string (the app's STORAGE_CONNECTION). */
  connection: string;
  /** The mailbox whose limit this is; the slots are per mailbox. */
  mailbox: string;
  /** Concurrent requests allowed across all instances (Outlook: 4). */
  slots: number;
  container?: string;
  /** Lease length, 15–60 s; a crashed holder's slot is free again after it. */
  leaseSeconds?: number;
  minPollMs?: number;
  maxPollMs?: number;
  /** How long a won slot may pass between this instance's calls before it returns to storage. */
  handOffMs?: number;
  log?: Logger;
}

export interface SharedGateStats {
  /** Graph calls that ran under a slot. */
  runs: number;
  acquireCalls: number;
  /** Acquire calls that found the slot taken. */
  acquireConflicts: number;
  releaseCalls: number;
  renewCalls: number;
  /** Calls that got a slot straight from the previous call of this instance. */
  handOffs: number;
  /** Slots this process holds right now. */
  held: number;
  /** The most slots this process held at once. */
  peakHeld: number;
}

interface Held {
  slot: number;
  lease: BlobLeaseClient;
  wonAt: number;
}

function statusOf(err: unknown): number | undefined {
  return (err as { statusCode?: number })?.statusCode;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref?.());

export class SharedGate implements Gate {
  private readonly container: ContainerClient;
  private readonly prefix: string;
  private readonly leaseSeconds: number;
  private readonly minPollMs: number;
  private readonly maxPollMs: number;
  private readonly handOffMs: number;
  private ready: Promise<void> | null = null;
  /** Calls waiting for a slot, in arrival order. */
  private readonly waiting: { resolve: (h: Held) => void; reject: (e: unknown) => void }[] = [];
  private readonly heldSlots = new Set<number>();
  private polling = false;
  /** Releases under way: the caller has its result; the slot counts as held until storage confirms. */
  private readonly releasing = new Set<Promise<void>>();
  private wake: (() => void) | undefined;
  /** Where the next pass over the slots starts, so instances do not all hammer slot 0. */
  private next: number;
  private readonly counters: SharedGateStats = { runs: 0, acquireCalls: 0, acquireConflicts: 0, releaseCalls: 0, renewCalls: 0, handOffs: 0, held: 0, peakHeld: 0 };

  constructor(private readonly o: SharedGateOptions) {
    if (o.slots < 1) throw new AppError('config', 'shared Graph gate: slots must be at least 1');
    this.leaseSeconds = o.leaseSeconds ?? 15;
    if (this.leaseSeconds < 15 || this.leaseSeconds > 60) throw new AppError('config', 'shared Graph gate: a blob lease lasts 15 to 60 seconds');
    this.minPollMs = o.minPollMs ?? 20;
    this.maxPollMs = o.maxPollMs ?? 400;
    this.handOffMs = o.handOffMs ?? 1000;
    this.container = BlobServiceClient.fromConnectionString(o.connection).getContainerClient(o.container ?? 'graph-gate');
    // The mailbox address stays out of storage names.
    this.prefix = createHash('sha256').update(o.mailbox.toLowerCase()).digest('hex').slice(0, 16);
    this.next = Math.floor(Math.random() * o.slots);
  }

  stats(): SharedGateStats {
    return { ...this.counters, held: this.heldSlots.size };
  }

  /** Resolves once every release under way has reached storage (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.releasing.size > 0) await Promise.all([...this.releasing]);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const held = await this.acquire();
    this.counters.runs++;
    // Renew well before the lease ends, for calls that wait out a Retry-After inside the SDK.
    const renew = setInterval(() => {
      this.counters.renewCalls++;
      held.lease.renewLease().catch((err: unknown) => this.o.log?.warn('renewing a Graph gate slot failed', { err, slot: held.slot }));
    }, (this.leaseSeconds * 1000) / 3);
    try {
      return await work();
    } finally {
      clearInterval(renew);
      const next = Date.now() - held.wonAt < this.handOffMs ? this.waiting.shift() : undefined;
      if (next) {
        this.counters.handOffs++;
        next.resolve(held);
      } else {
        // The caller does not wait for the release: one storage round trip less per Graph call.
        // Until it completes the slot stays counted as held here, so nothing is over-admitted.
        const p = this.release(held);
        this.releasing.add(p);
        void p.finally(() => this.releasing.delete(p));
      }
    }
  }

  private acquire(): Promise<Held> {
    return new Promise<Held>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      void this.poll();
    });
  }

  /** Creates the container and the slot blobs once per process (both idempotent). */
  private prepare(): Promise<void> {
    this.ready ??= (async () => {
      await this.container.createIfNotExists();
      await Promise.all(
        Array.from({ length: this.o.slots }, (_, i) =>
          this.container
            .getBlockBlobClient(this.blobName(i))
            .upload('', 0, { conditions: { ifNoneMatch: '*' } })
            .catch((err: unknown) => {
              // 409 BlobAlreadyExists; 412 when a lease is on it: both mean it exists.
              if (statusOf(err) !== 409 && statusOf(err) !== 412) throw err;
            }),
        ),
      );
    })().catch((err: unknown) => {
      this.ready = null;
      throw err;
    });
    return this.ready;
  }

  private blobName(slot: number): string {
    return `${this.prefix}/slot-${slot}`;
  }

  /** One poller per process hands free slots to waiting calls in order. */
  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    let delay = this.minPollMs;
    try {
      while (this.waiting.length > 0) {
        let held: Held | null;
        try {
          await this.prepare();
          held = await this.tryOnePass();
        } catch (err) {
          this.waiting.shift()?.reject(new AppError('unavailable', `shared Graph gate: storage did not answer (${(err as Error).message})`, { service: 'storage', cause: err }));
          await sleep(delay);
          delay = Math.min(delay * 2, this.maxPollMs);
          continue;
        }
        if (held) {
          delay = this.minPollMs;
          const w = this.waiting.shift();
          if (w) w.resolve(held);
          else await this.release(held);
          continue;
        }
        // Every slot is taken: wait, unless one of ours comes free first (release wakes us).
        await new Promise<void>((resolve) => {
          const t = setTimeout(done, delay * (0.5 + Math.random()));
          function done() {
            clearTimeout(t);
            resolve();
          }
          this.wake = done;
        });
        this.wake = undefined;
        delay = Math.min(delay * 2, this.maxPollMs);
      }
    } finally {
      this.polling = false;
    }
  }

  /** Tries each slot this process does not hold once; the first lease won is returned. */
  private async tryOnePass(): Promise<Held | null> {
    for (let k = 0; k < this.o.slots; k++) {
      const slot = (this.next + k) % this.o.slots;
      if (this.heldSlots.has(slot)) continue;
      const lease = this.container.getBlockBlobClient(this.blobName(slot)).getBlobLeaseClient(randomUUID());
      this.counters.acquireCalls++;
      try {
        await lease.acquireLease(this.leaseSeconds);
      } catch (err) {
        if (statusOf(err) === 409) {
          this.counters.acquireConflicts++;
          continue;
        }
        throw err;
      }
      this.next = (slot + 1) % this.o.slots;
      this.heldSlots.add(slot);
      this.counters.peakHeld = Math.max(this.counters.peakHeld, this.heldSlots.size);
      return { slot, lease, wonAt: Date.now() };
    }
    return null;
  }

  private async release(held: Held): Promise<void> {
    this.counters.releaseCalls++;
    try {
      await held.lease.releaseLease();
    } catch (err) {
      // The lease ends by itself within leaseSeconds; only the slot's capacity is late.
      this.o.log?.warn('releasing a Graph gate slot failed; it frees itself when the lease expires', { err, slot: held.slot });
    } finally {
      this.heldSlots.delete(held.slot);
      this.wake?.();
    }
  }
}
