// The one retry policy: which statuses are retried, how long to wait, and when to give up.
import { describe, expect, it } from 'vitest';
import { backoffMs, retryAfterMs, retryDecision, type RetryPolicy } from './retry.js';

const policy: RetryPolicy = { maxRetries: 2, retryStatuses: [429, 503], backoffMs: 100, maxDelayMs: 5000 };
const headers = (h: Record<string, string>) => new Headers(h);

describe('retry policy', () => {
  it('reads Retry-After as seconds, an HTTP date or retry-after-ms', () => {
    const now = Date.parse('2026-12-04T10:00:00Z');
    expect(retryAfterMs(headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(retryAfterMs(headers({ 'retry-after': 'Fri, 04 Dec 2026 10:00:05 GMT' }), now)).toBe(5000);
    expect(retryAfterMs(headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
    expect(retryAfterMs(headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });

  it('retries a listed status, honouring Retry-After, else backing off exponentially with jitter', () => {
    expect(retryDecision(policy, 0, 429, 1200)).toEqual({ retry: true, waitMs: 1200 });
    const w0 = retryDecision(policy, 0, 503, undefined);
    const w1 = retryDecision(policy, 1, 503, undefined);
    expect(w0).toMatchObject({ retry: true });
    expect(w0.retry && w0.waitMs).toBeGreaterThanOrEqual(75);
    expect(w0.retry && w0.waitMs).toBeLessThanOrEqual(100);
    expect(w1.retry && w1.waitMs).toBeGreaterThanOrEqual(150);
    expect(backoffMs(policy, 3, () => 1)).toBe(800);
  });

  it('gives up on other statuses, after maxRetries, and when the wait is longer than accepted or than the deadline', () => {
    expect(retryDecision(policy, 0, 500, undefined)).toEqual({ retry: false, why: 'status' });
    expect(retryDecision(policy, 0, undefined, undefined)).toEqual({ retry: false, why: 'status' });
    expect(retryDecision(policy, 2, 429, 10)).toEqual({ retry: false, why: 'exhausted' });
    expect(retryDecision(policy, 0, 429, 60_000)).toEqual({ retry: false, why: 'wait-too-long' });
    expect(retryDecision(policy, 0, 429, 1000, 500)).toEqual({ retry: false, why: 'wait-too-long' });
  });
});
