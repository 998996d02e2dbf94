// Storage-queue triggers of the local Functions host, with the runtime's semantics
// (Microsoft.Azure.WebJobs.Extensions.Storage.Queues v5, host.json `extensions.queues`):
// - fetch up to batchSize messages; fetch again once in-flight drops to newBatchThreshold
//   (so at most batchSize + newBatchThreshold run at once); poll with randomized exponential
//   backoff from 100 ms up to maxPollingInterval while the queue is empty or missing;
// - messages stay invisible while the function runs (a lease renewed at half its length), so a
//   host that dies mid-run lets them reappear when the lease expires;
// - decode per messageEncoding (base64 by default); JSON objects/arrays are passed parsed;
// - success → delete; failure → visible again after visibilityTimeout; a failure at
//   dequeueCount ≥ maxDequeueCount (or a message that cannot be decoded) → copied unchanged to
//   `<queue>-poison` and deleted.
import type { QueueClient, QueueServiceClient, DequeuedMessageItem } from '@azure/storage-queue';
import type { TriggerMetadata } from '@azure/functions';
import type { QueueHandler } from '../../functions/table.js';
import type { Logger } from '../../shared/log.js';
import { createInvocationContext } from './context.js';
import type { QueueSettings } from './settings.js';
import { Alarm } from './alarm.js';

export interface QueueFunction {
  name: string;
  /** Already resolved (%SETTING% replaced). */
  queueName: string;
  handler: QueueHandler;
}

export interface QueueListenerOptions {
  fn: QueueFunction;
  service: QueueServiceClient;
  settings: QueueSettings;
  /** How long a fetched message stays invisible while its function runs (renewed at half). */
  leaseMs: number;
  log: Logger;
  minPollMs?: number;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes a message's text per messageEncoding; undefined = not decodable (goes to poison). */
export function decodeMessageText(text: string, encoding: QueueSettings['messageEncoding']): string | undefined {
  switch (encoding) {
    case 'none':
      return text;
    case 'base64': {
      const compact = text.replace(/\s+/g, '');
      if (compact.length % 4 !== 0 || !BASE64.test(compact)) return undefined;
      return Buffer.from(compact, 'base64').toString('utf8');
    }
  }
}

/** What a Node function receives: a JSON object/array parsed (as the host sends it typed as json), anything else as the string. */
export function messageValue(text: string): unknown {
  const t = text.trim();
  if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));

function isQueueNotFound(err: unknown): boolean {
  const e = err as { statusCode?: number; code?: string; details?: { errorCode?: string } };
  return e?.statusCode === 404 || e?.code === 'QueueNotFound' || e?.details?.errorCode === 'QueueNotFound';
}

export class QueueListener {
  private readonly queue: QueueClient;
  private readonly poison: QueueClient;
  private readonly inFlight = new Set<Promise<void>>();
  /** Lease renewals of running invocations; cleared when the host gives up on them at stop. */
  private readonly renewals = new Set<NodeJS.Timeout>();
  private running = false;
  /** Aborts a poll in progress at stop (the SDK retries a down Azurite for many seconds). */
  private readonly polling = new AbortController();
  private loopDone: Promise<void> = Promise.resolve();
  private readonly alarm = new Alarm();
  private poisonReady = false;
  private readonly log: Logger;

  constructor(private readonly o: QueueListenerOptions) {
    this.queue = o.service.getQueueClient(o.fn.queueName);
    this.poison = o.service.getQueueClient(`${o.fn.queueName}-poison`);
    this.log = o.log.child({ function: o.fn.name, queue: o.fn.queueName });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /** Stops fetching, waits up to graceMs for running invocations; unfinished ones reappear when their lease ends. */
  async stop(graceMs: number): Promise<void> {
    this.running = false;
    this.alarm.wake();
    this.polling.abort();
    await this.loopDone;
    if (this.inFlight.size > 0) {
      await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => setTimeout(r, graceMs).unref())]);
    }
    // Invocations still running past the grace period are abandoned as a dying host abandons them:
    // no more lease renewals, so their messages reappear when the lease ends.
    for (const t of this.renewals) clearInterval(t);
    this.renewals.clear();
  }

  /** Wakes an idle poller at once (e.g. after the app enqueued into this queue). */
  nudge(): void {
    this.alarm.wake();
  }

  private async loop(): Promise<void> {
    const { batchSize, newBatchThreshold, maxPollingInterval } = this.o.settings;
    const minPoll = this.o.minPollMs ?? 100;
    let delay = minPoll;
    while (this.running) {
      if (this.inFlight.size > newBatchThreshold) {
        await Promise.race([...this.inFlight, this.alarm.untilWoken()]);
        continue;
      }
      let items: DequeuedMessageItem[] = [];
      try {
        const r = await this.queue.receiveMessages({ numberOfMessages: batchSize, visibilityTimeout: Math.max(1, seconds(this.o.leaseMs)), abortSignal: this.polling.signal });
        items = r.receivedMessageItems;
      } catch (err) {
        if (!isQueueNotFound(err) && this.running) this.log.warn('polling the queue failed', { err });
      }
      if (!this.running) {
        // Fetched during shutdown: hand them back at once rather than holding them for a lease.
        await Promise.allSettled(items.map((m) => this.queue.updateMessage(m.messageId, m.popReceipt, undefined, 0)));
        break;
      }
      if (items.length === 0) {
        // Randomized exponential backoff, as the runtime's polling strategy.
        await this.alarm.sleep(delay * (0.8 + Math.random() * 0.4));
        delay = Math.min(delay * 2, Math.max(minPoll, maxPollingInterval));
        continue;
      }
      delay = minPoll;
      for (const m of items) {
        const p = this.process(m).catch((err: unknown) => this.log.error('message handling failed in the host', { err, messageId: m.messageId }));
        this.inFlight.add(p);
        void p.finally(() => this.inFlight.delete(p));
      }
    }
  }

  private async process(m: DequeuedMessageItem): Promise<void> {
    const { maxDequeueCount, messageEncoding, visibilityTimeout } = this.o.settings;
    const log = this.log.child({ messageId: m.messageId, dequeueCount: m.dequeueCount });
    let popReceipt = m.popReceipt;
    const text = decodeMessageText(m.messageText, messageEncoding);
    if (text === undefined) {
      log.error(`message is not valid ${messageEncoding}; moving it to the poison queue`);
      await this.toPoison(m, popReceipt);
      return;
    }
    if (m.dequeueCount > maxDequeueCount) {
      log.warn('message exceeded maxDequeueCount before running; moving it to the poison queue');
      await this.toPoison(m, popReceipt);
      return;
    }
    // Keep the message invisible while the function runs.
    const renewEvery = Math.max(500, this.o.leaseMs / 2);
    let renewing: Promise<void> = Promise.resolve();
    const renew = setInterval(() => {
      renewing = this.queue
        .updateMessage(m.messageId, popReceipt, undefined, Math.max(1, seconds(this.o.leaseMs)))
        .then((r) => {
          if (r.popReceipt) popReceipt = r.popReceipt;
        })
        .catch((err: unknown) => log.warn('renewing the message lease failed', { err }));
    }, renewEvery);
    this.renewals.add(renew);
    const metadata: TriggerMetadata = {
      id: m.messageId,
      queueTrigger: text,
      dequeueCount: m.dequeueCount,
      insertionTime: m.insertedOn.toISOString(),
      expirationTime: m.expiresOn.toISOString(),
      nextVisibleTime: m.nextVisibleOn.toISOString(),
      popReceipt: m.popReceipt,
    };
    const { context } = createInvocationContext({ functionName: this.o.fn.name, trigger: 'queueTrigger', triggerMetadata: metadata, log: this.o.log });
    const started = Date.now();
    let ok = true;
    try {
      await this.o.fn.handler(messageValue(text), context);
    } catch (err) {
      ok = false;
      log.warn('function failed', { err, invocationId: context.invocationId, durationMs: Date.now() - started });
    } finally {
      clearInterval(renew);
      this.renewals.delete(renew);
      await renewing;
    }
    if (ok) {
      log.info('executed', { invocationId: context.invocationId, durationMs: Date.now() - started });
      await this.queue.deleteMessage(m.messageId, popReceipt).catch((err: unknown) => log.warn('deleting the processed message failed', { err }));
      return;
    }
    if (m.dequeueCount >= maxDequeueCount) {
      log.error(`message failed ${m.dequeueCount} times; moving it to ${this.o.fn.queueName}-poison`);
      await this.toPoison(m, popReceipt);
      return;
    }
    await this.queue
      .updateMessage(m.messageId, popReceipt, undefined, seconds(visibilityTimeout))
      .catch((err: unknown) => log.warn('releasing the failed message failed', { err }));
  }

  private async toPoison(m: DequeuedMessageItem, popReceipt: string): Promise<void> {
    if (!this.poisonReady) {
      await this.poison.createIfNotExists();
      this.poisonReady = true;
    }
    // The raw text is copied: with base64 encoding the runtime re-encodes the same bytes.
    await this.poison.sendMessage(m.messageText);
    await this.queue.deleteMessage(m.messageId, popReceipt);
  }
}
