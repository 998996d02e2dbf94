// The Graph request policy shared by the mailbox and subscription adapters: immutable ids on
// every call, a per-request timeout, bounded 429/503/504 retries honouring Retry-After (the app's
// one retry policy, shared/retry.ts; the SDK's own RetryHandler is switched off), and for POSTs
// that must not happen twice a retry only on 429, which Graph answers before doing anything.
import { GraphError, RetryHandlerOptions, type Client, type GraphRequest } from '@microsoft/microsoft-graph-client';
import { AppError, normalizeError } from '../errors.js';
import { retryAfterMs, retryDecision, sleep, type RetryPolicy } from '../retry.js';
import { Semaphore, type Gate } from './limit.js';

export const IMMUTABLE_ID = 'IdType="ImmutableId"';

export interface GraphCallOptions {
  /** Non-idempotent calls (createReply, send): retry only on 429, which Graph answers before doing anything. */
  nonIdempotent?: boolean;
  /** Extra Prefer values, e.g. odata.maxpagesize=50. */
  prefer?: string[];
}

export interface GraphPolicy {
  timeoutMs: number;
  maxRetries: number;
  /** Backoff base when Graph sends no Retry-After (5xx). */
  backoffMs: number;
  /** A Retry-After above this ends the retries; the queue redelivers later instead of a worker sleeping. */
  maxRetryAfterSec: number;
  concurrency: number;
}

export const DEFAULT_GRAPH_POLICY: GraphPolicy = { timeoutMs: 30_000, maxRetries: 3, backoffMs: 500, maxRetryAfterSec: 30, concurrency: 4 };

const TRANSIENT = [429, 503, 504] as const;
/** The SDK's RetryHandler stays in the middleware chain but never retries: shared/retry.ts decides. */
const NO_SDK_RETRY = new RetryHandlerOptions(0, 0, () => false);

/** Runs Graph calls under one policy; errors leave as AppErrors (service "graph"). */
export class GraphRequester {
  private readonly gate: Gate;

  constructor(
    readonly client: Client,
    readonly policy: GraphPolicy = DEFAULT_GRAPH_POLICY,
    /** Observes each logical call (op name such as "createReply"), e.g. for per-ticket counts. */
    private readonly onRequest?: (op: string) => void,
    /** Where calls wait for their turn; default an in-process semaphore of policy.concurrency. */
    gate?: Gate,
  ) {
    this.gate = gate ?? new Semaphore(policy.concurrency);
  }

  /** Builds a request for `path` (relative to the version, or an absolute next/delta link). */
  private build(path: string, opts: GraphCallOptions): GraphRequest {
    return this.client
      .api(path)
      .header('Prefer', [IMMUTABLE_ID, ...(opts.prefer ?? [])].join(', '))
      .option('signal', AbortSignal.timeout(this.policy.timeoutMs))
      .middlewareOptions([NO_SDK_RETRY]);
  }

  private retryPolicy(opts: GraphCallOptions): RetryPolicy {
    const p = this.policy;
    return { maxRetries: p.maxRetries, retryStatuses: opts.nonIdempotent ? [429] : TRANSIENT, backoffMs: p.backoffMs, maxDelayMs: p.maxRetryAfterSec * 1000 };
  }

  /** One Graph call through the concurrency gate, with timeout and retry policy; errors become AppErrors. */
  async call<T>(op: string, path: string, exec: (req: GraphRequest) => Promise<T>, opts: GraphCallOptions = {}): Promise<T> {
    const retry = this.retryPolicy(opts);
    return this.gate.run(async () => {
      this.onRequest?.(op);
      for (let attempt = 0; ; attempt++) {
        try {
          return await exec(this.build(path, opts));
        } catch (err) {
          const status = err instanceof GraphError ? err.statusCode : undefined;
          const next = retryDecision(retry, attempt, status, err instanceof GraphError ? retryAfterMs(err.headers) : undefined);
          if (!next.retry) throw toAppError(err);
          await sleep(next.waitMs);
        }
      }
    });
  }
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = normalizeError(err, 'graph');
  if (err instanceof GraphError && err.headers) {
    const after = err.headers.get('Retry-After');
    if (after && !Number.isNaN(Number(after))) return new AppError(e.kind, e.message, { ...e.opts, retryAfterMs: Number(after) * 1000 });
  }
  return e;
}
