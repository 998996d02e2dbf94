// The one retry/backoff policy for every outbound call (REST clients through shared/http.ts, Graph
// through shared/graph/request.ts, the Bot Connector through bot/gateway.ts): a bounded number of
// retries on the statuses a service names as transient, the server's Retry-After honoured, else
// exponential backoff with jitter, and no wait longer than the caller accepts (a longer one ends
// the retries: the queue redelivers later instead of a worker sleeping).

export interface RetryPolicy {
  /** Retries after the first attempt (0 = no retry). */
  maxRetries: number;
  /** Statuses worth retrying. */
  retryStatuses: readonly number[];
  /** Base of the exponential backoff when the server gives no Retry-After. */
  backoffMs: number;
  /** Longest single wait accepted; a longer Retry-After (or backoff) ends the retries. */
  maxDelayMs: number;
}

export type RetryDecision = { retry: true; waitMs: number } | { retry: false; why: 'status' | 'exhausted' | 'wait-too-long' };

/** Header lookup as Headers, Graph's and botbuilder's responses offer it. */
export type HeaderSource = { get(name: string): string | null | undefined } | null | undefined;

/** Reads `retry-after-ms` or `Retry-After` (delta seconds or HTTP date) in ms. */
export function retryAfterMs(headers: HeaderSource, now = Date.now()): number | undefined {
  if (!headers || typeof headers.get !== 'function') return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const ra = headers.get('retry-after');
  if (!ra) return undefined;
  if (/^\d+(\.\d+)?$/.test(ra.trim())) return Math.ceil(Number(ra) * 1000);
  const at = Date.parse(ra);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential backoff for retry number `attempt` (0-based), jittered to 75–100 %. */
export function backoffMs(policy: Pick<RetryPolicy, 'backoffMs'>, attempt: number, random: () => number = Math.random): number {
  return Math.round(policy.backoffMs * 2 ** attempt * (0.75 + random() * 0.25));
}

/**
 * Whether attempt number `attempt` (0-based) that ended with `status` is retried, and after how
 * long. `remainingMs` is the caller's deadline, if any.
 */
export function retryDecision(policy: RetryPolicy, attempt: number, status: number | undefined, retryAfter: number | undefined, remainingMs = Infinity): RetryDecision {
  if (status === undefined || !policy.retryStatuses.includes(status)) return { retry: false, why: 'status' };
  if (attempt >= policy.maxRetries) return { retry: false, why: 'exhausted' };
  const waitMs = retryAfter ?? backoffMs(policy, attempt);
  if (waitMs > policy.maxDelayMs || waitMs >= remainingMs) return { retry: false, why: 'wait-too-long' };
  return { retry: true, waitMs };
}

/** Waits `ms`; rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
