// The outbound HTTP policy for REST clients: every call has a timeout, 429/503 (and other
// configured statuses) are retried by the one retry policy (shared/retry.ts), a caller's
// deadline/abort signal is respected, and the outcome is logged once. Non-2xx answers become
// AppErrors through one mapper. Generic: Sentry, PostHog and any other REST client can use it.
import { z } from 'zod';
import { AppError, normalizeError } from './errors.js';
import { createLogger, type Logger } from './log.js';
import { retryAfterMs, retryDecision, sleep, type RetryPolicy } from './retry.js';

export { retryAfterMs } from './retry.js';

export type FetchFn = typeof fetch;

export interface HttpPolicy {
  /** Name used in errors and logs ("sentry", "posthog", …). */
  service: string;
  /** Timeout of one attempt. */
  timeoutMs: number;
  /** Retries after the first attempt (0 = no retry). */
  maxRetries?: number;
  /** Statuses worth retrying; 429 and 503 by default (529 for Anthropic-like services). */
  retryStatuses?: readonly number[];
  /** Longest single wait we accept; a longer Retry-After ends the retries. */
  maxRetryDelayMs?: number;
  /** Base of the exponential backoff when the server gives no Retry-After. */
  backoffMs?: number;
  /** Absolute time (epoch ms) after which no new attempt or wait starts. */
  deadline?: number;
  /** Aborts everything (attempts and waits) — e.g. the enricher's per-source timeout. */
  signal?: AbortSignal;
  fetch?: FetchFn;
  log?: Logger;
}

const DEFAULT_RETRY_STATUSES = [429, 503] as const;
const log = createLogger('http');

/**
 * fetch with the policy. Resolves with the final Response (any status — callers decide what a
 * 404 means); rejects with an AppError ('timeout' | 'unavailable') when no response came back.
 */
export async function fetchWithPolicy(url: string | URL, init: RequestInit, policy: HttpPolicy): Promise<Response> {
  const doFetch = policy.fetch ?? fetch;
  const retry: RetryPolicy = {
    maxRetries: policy.maxRetries ?? 2,
    retryStatuses: policy.retryStatuses ?? DEFAULT_RETRY_STATUSES,
    maxDelayMs: policy.maxRetryDelayMs ?? 10_000,
    backoffMs: policy.backoffMs ?? 200,
  };
  const logger = policy.log ?? log;
  const target = describeUrl(url);
  const started = Date.now();

  for (let attempt = 0; ; attempt++) {
    if (policy.signal?.aborted) throw abortedError(policy);
    const attemptSignal = policy.signal ? AbortSignal.any([policy.signal, AbortSignal.timeout(policy.timeoutMs)]) : AbortSignal.timeout(policy.timeoutMs);
    let res: Response;
    try {
      res = await doFetch(url, { ...init, signal: attemptSignal });
    } catch (err) {
      // The caller's own abort wins over our per-attempt timeout in the message.
      if (policy.signal?.aborted) throw abortedError(policy, err);
      const e = normalizeError(err, policy.service);
      logger.warn('outbound request failed', { service: policy.service, target, attempt, kind: e.kind, ms: Date.now() - started });
      throw e;
    }
    const remaining = policy.deadline !== undefined ? policy.deadline - Date.now() : Infinity;
    const next = retryDecision(retry, attempt, res.status, retryAfterMs(res.headers, Date.now()), remaining);
    if (!next.retry) {
      if (next.why === 'wait-too-long') logger.info('outbound request not retried: wait too long', { service: policy.service, target, status: res.status, attempts: attempt + 1 });
      else if (attempt > 0 || !res.ok) logger.info('outbound request done', { service: policy.service, target, status: res.status, attempts: attempt + 1, ms: Date.now() - started });
      return res;
    }
    await res.body?.cancel().catch(() => undefined);
    await sleep(next.waitMs, policy.signal).catch((err: unknown) => {
      throw abortedError(policy, err);
    });
  }
}

/** Maps a non-2xx response to an AppError; `detail` is the service's own message when it sent one. */
export async function httpError(res: Response, service: string): Promise<AppError> {
  const detail = await errorDetail(res);
  const status = res.status;
  const e = normalizeError({ status, message: detail ?? res.statusText ?? 'error' }, service);
  const retryAfter = retryAfterMs(res.headers, Date.now());
  return new AppError(e.kind, e.message, { service, status, ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}) });
}

/** GET/POST returning JSON validated by `schema`; non-2xx → AppError, invalid body → AppError('upstream'). */
export async function requestJson<S extends z.ZodType>(url: string | URL, init: RequestInit, policy: HttpPolicy, schema: S): Promise<{ data: z.infer<S>; res: Response }> {
  const res = await fetchWithPolicy(url, init, policy);
  if (!res.ok) throw await httpError(res, policy.service);
  let body: unknown;
  try {
    body = await res.json();
  } catch (err) {
    throw policy.signal?.aborted ? abortedError(policy, err) : new AppError('upstream', `${policy.service}: response is not JSON`, { service: policy.service, status: res.status, cause: err });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') || '(root)';
    throw new AppError('upstream', `${policy.service}: unexpected response shape at ${where}`, { service: policy.service, status: res.status });
  }
  return { data: parsed.data, res };
}

// Services put their human-readable reason in different fields: Sentry/PostHog/DRF `detail`,
// Graph/Anthropic `error.message`, others `message`.
const errorBody = z.union([
  z.object({ detail: z.string() }).transform((b) => b.detail),
  z.object({ error: z.object({ message: z.string() }) }).transform((b) => b.error.message),
  z.object({ message: z.string() }).transform((b) => b.message),
]);

async function errorDetail(res: Response): Promise<string | undefined> {
  const text = await res.text().catch(() => '');
  if (!text) return undefined;
  try {
    const r = errorBody.safeParse(JSON.parse(text));
    if (r.success) return r.data.slice(0, 200);
  } catch {
    // not JSON: fall through to nothing rather than echo an HTML error page
  }
  return undefined;
}

function abortedError(policy: HttpPolicy, cause?: unknown): AppError {
  return new AppError('timeout', `${policy.service}: timed out`, { service: policy.service, cause });
}

/** Only origin and path: query strings may carry e-mail addresses. */
function describeUrl(url: string | URL): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid url)';
  }
}
