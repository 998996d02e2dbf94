// Work queues on Azure Storage queues (Azurite locally). Messages are base64-encoded JSON, the
// encoding the Functions queue trigger expects by default (host.json messageEncoding "base64").
import { QueueClient } from '@azure/storage-queue';
import { normalizeError } from '../errors.js';
import type { QueueMessage, SendJob, SendQueue, WorkQueue } from '../ports.js';
import type { QueueBatch } from './coalesce.js';

export function encodeQueueMessage(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
}

export function decodeQueueMessage(text: string): unknown {
  return JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
}

/** Parallel sends per enqueueMany (a queue has no batch insert). */
const SEND_CONCURRENCY = 8;

export class StorageQueue<T> {
  readonly client: QueueClient;
  private ready: Promise<void> | null = null;

  constructor(connectionString: string, readonly name: string) {
    this.client = new QueueClient(connectionString, name);
  }

  private ensure(): Promise<void> {
    if (!this.ready) {
      this.ready = this.client
        .createIfNotExists()
        .then(() => undefined)
        .catch((err: unknown) => {
          this.ready = null;
          throw normalizeError(err, 'queue');
        });
    }
    return this.ready;
  }

  async send(message: T): Promise<void> {
    await this.ensure();
    try {
      await this.client.sendMessage(encodeQueueMessage(message));
    } catch (err) {
      throw normalizeError(err, 'queue');
    }
  }

  async sendMany(messages: T[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < messages.length) await this.send(messages[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, messages.length) }, worker));
  }
}

/** One message per item; `send` also writes a batch message for CoalescingWorkQueue. */
export class StorageWorkQueue extends StorageQueue<QueueMessage | QueueBatch> implements WorkQueue {
  enqueue(message: QueueMessage): Promise<void> {
    return this.send(message);
  }
  enqueueMany(messages: QueueMessage[]): Promise<void> {
    return this.sendMany(messages);
  }
}

export class StorageSendQueue extends StorageQueue<SendJob> implements SendQueue {
  enqueue(job: SendJob): Promise<void> {
    return this.send(job);
  }
}
