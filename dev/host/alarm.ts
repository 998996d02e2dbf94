// A wait that a stop or a nudge can cut short: the queue pollers and the listener lock sleep on it.
export class Alarm {
  private ring: (() => void) | undefined;

  /** Resolves after `ms`, or at once when woken. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        resolve();
      };
      const t = setTimeout(done, ms);
      this.ring = done;
    });
  }

  /** Resolves only when woken. */
  untilWoken(): Promise<void> {
    return new Promise((resolve) => (this.ring = resolve));
  }

  wake(): void {
    this.ring?.();
  }
}
