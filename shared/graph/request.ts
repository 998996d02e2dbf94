// The Graph request policy shared by the mailbox and subscription adapters: immutable ids on
// every call, a per-request timeout, bounded 429/503/504 retries honouring Retry-After (the SDK
// RetryHandler), and no automatic retry for POSTs that must not happen twice.
import { GraphError, RetryHandlerOptions, type Client, type GraphRequest } from '@microsoft/microsoft-graph-client';
import { AppError, normalizeError } from '../errors.js';
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
  /** A Retry-After above this ends the retries; the queue redelivers later instead of a worker sleeping. */
  maxRetryAfterSec: number;
  concurrency: number;
}

export const DEFAULT_GRAPH_POLICY: GraphPolicy = { timeoutMs: 30_000, maxRetries: 3, maxRetryAfterSec: 30, concurrency: 4 };

function retryAfterSeconds(response: Response): number | null {
  const h = response.headers?.get('Retry-After');
  if (!h) return null;
  const n = Number(h);
  if (!Number.isNaN(n)) return n;
  const at = Date.parse(h);
  return Number.isNaN(at) ? null : Math.max(0, (at - Date.now()) / 1000);
}

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
    const policy = this.policy;
    const nonIdempotent = opts.nonIdempotent ?? false;
    const shouldRetry = (_delay: number, _attempt: number, _req: RequestInfo, _o: unknown, response: Response): boolean => {
      if (nonIdempotent && response.status !== 429) return false;
      const after = retryAfterSeconds(response);
      return after === null || after <= policy.maxRetryAfterSec;
    };
    return this.client
      .api(path)
      .header('Prefer', [IMMUTABLE_ID, ...(opts.prefer ?? [])].join(', '))
      .option('signal', AbortSignal.timeout(policy.timeoutMs))
      .middlewareOptions([new RetryHandlerOptions(1, policy.maxRetries, shouldRetry)]);
  }

  /** One Graph call through the concurrency gate, with timeout and retry policy; errors become AppErrors. */
  async call<T>(op: string, path: string, exec: (req: GraphRequest) => Promise<T>, opts: GraphCallOptions = {}): Promise<T> {
    return this.gate.run(async () => {
      this.onRequest?.(op);
      try {
        return await exec(this.build(path, opts));
      } catch (err) {
        throw toAppError(err);
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
