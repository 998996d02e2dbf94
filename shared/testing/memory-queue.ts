// In-memory work and send queues: record what was enqueued, in order.
import type { QueueMessage, SendJob, SendQueue, WorkQueue } from '../ports.js';

export class InMemoryWorkQueue implements WorkQueue {
  readonly messages: QueueMessage[] = [];
  async enqueue(message: QueueMessage): Promise<void> {
    this.messages.push(structuredClone(message));
  }
  async enqueueMany(messages: QueueMessage[]): Promise<void> {
    for (const m of messages) this.messages.push(structuredClone(m));
  }
  /** Takes everything enqueued so far (a test then "delivers" it). */
  drain(): QueueMessage[] {
    return this.messages.splice(0, this.messages.length);
  }
}

export class InMemorySendQueue implements SendQueue {
  readonly jobs: SendJob[] = [];
  async enqueue(job: SendJob): Promise<void> {
    this.jobs.push(structuredClone(job));
  }
}
