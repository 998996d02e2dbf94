// Group commit for the webhook: notification POSTs that arrive while a queue write is in flight
// share the next write — one queue message `{batch: [...]}` for all of them — and each POST is
// acknowledged when the write holding its items has succeeded (or gets the error, so Graph retries).
// Under a burst this turns thousands of Storage round trips into a few hundred; a lone notification
// is still written as a plain `{messageId}`. The processTicket function fans a batch out into one
// message per mail (functions/processTicket.ts), so retries and the poison queue stay per mail.
import type { QueueMessage, WorkQueue } from '../ports.js';

/** A queue message holding several work items (written only by CoalescingWorkQueue). */
export interface QueueBatch {
  batch: QueueMessage[];
}

export interface BatchSink {
  /** Writes one queue message. */
  send(message: QueueMessage | QueueBatch): Promise<void>;
}

/** Items per batch message: ~200 bytes of JSON each, base64-encoded, well under the 64 KB message limit. */
export const MAX_BATCH = 100;

interface Pending {
  items: QueueMessage[];
  settle: { resolve: () => void; reject: (err: unknown) => void }[];
}

export class CoalescingWorkQueue implements WorkQueue {
  private pending: Pending | null = null;
  private writing = 0;

  /** `concurrency`: queue writes in flight at once (one measured best: batches grow while it writes); items arriving meanwhile wait for a free writer. */
  constructor(
    private readonly sink: BatchSink,
    private readonly concurrency = 1,
  ) {}

  enqueue(message: QueueMessage): Promise<void> {
    return this.enqueueMany([message]);
  }

  enqueueMany(messages: QueueMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.pending ??= { items: [], settle: [] };
      this.pending.items.push(...messages);
      this.pending.settle.push({ resolve, reject });
      if (this.writing < this.concurrency) void this.drain();
    });
  }

  /** One writer: takes everything pending, writes it, and goes on while more is waiting. */
  private async drain(): Promise<void> {
    this.writing++;
    try {
      while (this.pending) {
        const { items, settle } = this.pending;
        this.pending = null;
        try {
          for (let i = 0; i < items.length; i += MAX_BATCH) {
            const chunk = items.slice(i, i + MAX_BATCH);
            await this.sink.send(chunk.length === 1 ? chunk[0]! : { batch: chunk });
          }
          for (const s of settle) s.resolve();
        } catch (err) {
          for (const s of settle) s.reject(err);
        }
      }
    } finally {
      this.writing--;
    }
  }
}
