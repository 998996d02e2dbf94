import { describe, expect, it } from 'vitest';
import { withTimeout } from './timeout.js';

describe('withTimeout', () => {
  it('gives the work its result when it finishes in time', async () => {
    await expect(withTimeout(1_000, async () => 42, () => new Error('late'))).resolves.toBe(42);
  });

  it('rejects with the timeout error and aborts the work when it does not', async () => {
    let aborted = false;
    const never = (signal: AbortSignal) =>
      new Promise<number>(() => {
        signal.addEventListener('abort', () => (aborted = true));
      });
    await expect(withTimeout(20, never, () => new Error('no answer within 20 ms'))).rejects.toThrow('no answer within 20 ms');
    expect(aborted).toBe(true);
  });

  it('passes the work\'s own failure through', async () => {
    await expect(withTimeout(1_000, async () => Promise.reject(new Error('boom')), () => new Error('late'))).rejects.toThrow('boom');
  });
});
