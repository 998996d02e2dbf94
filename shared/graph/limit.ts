// Outlook allows 4 concurrent requests per app and mailbox, so the adapters queue their own calls
// instead of provoking 429s (ApplicationThrottled). A Gate is where a call waits for its turn: the
// in-memory Semaphore holds one process to the limit; shared-gate.ts holds every instance of the
// app to it together (Azure runs many).
export interface Gate {
  run<T>(work: () => Promise<T>): Promise<T>;
}

/** A small counting semaphore (FIFO). */
export class Semaphore implements Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
