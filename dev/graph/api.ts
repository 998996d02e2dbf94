// One API call, the way Graph handles it: route → injected fault → Outlook's per-mailbox limits →
// handler → Graph-shaped errors. Used for HTTP calls and for each $batch item alike.
import { randomUUID } from 'node:crypto';
import { GraphError, errorBody } from './errors.js';
import type { Faults } from './faults.js';
import type { ApiRequest, ApiResponse, Router } from './router.js';
import { splitPath } from './router.js';
import { bump, type MockGraphStats } from './stats.js';
import type { MailboxLimits } from './throttle.js';

export interface ApiOptions {
  /** mailbox key the Outlook limits count against */
  mailbox: string;
  /** artificial work time per mailbox call, held inside the concurrency slot */
  latencyMs: number;
}

export function errorResponse(err: unknown, requestId: string = randomUUID()): ApiResponse {
  if (err instanceof GraphError) {
    return { status: err.status, headers: { 'content-type': 'application/json', ...err.headers }, body: errorBody(err.code, err.message, requestId) };
  }
  return { status: 500, headers: { 'content-type': 'application/json' }, body: errorBody('InternalServerError', `The mock Graph failed: ${(err as Error)?.message ?? String(err)}`, requestId) };
}

function tooManyRequests(retryAfter: number): GraphError {
  return new GraphError(429, 'TooManyRequests', 'Please retry again later.', { 'retry-after': String(retryAfter) });
}

export class Api {
  private gate: Promise<void> | null = null;

  constructor(
    private readonly router: Router,
    private readonly limits: MailboxLimits,
    private readonly faults: Faults,
    private readonly stats: MockGraphStats,
    readonly options: ApiOptions,
  ) {}

  /** Admitted mailbox calls wait (holding their slot) until the returned function is called. */
  hold(): () => void {
    let open = (): void => undefined;
    const gate = new Promise<void>((r) => (open = r));
    this.gate = gate;
    return () => {
      if (this.gate === gate) this.gate = null;
      open();
    };
  }

  async handle(req: ApiRequest): Promise<ApiResponse> {
    const res = await this.run(req);
    bump(this.stats.byStatus, String(res.status));
    return res;
  }

  /**
   * A call made by the mailbox's own Outlook (the /_mock view): the same routes and handlers, so it
   * changes the mailbox and fires notifications exactly as any Graph write would, but it is not this
   * app's traffic, so no injected API faults, no app limits and no request counting.
   */
  async handleOutlook(req: ApiRequest): Promise<ApiResponse> {
    const requestId = randomUUID();
    try {
      if (splitPath(req.path)[0]?.toLowerCase() === 'me') throw new GraphError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
      const match = this.router.match(req.method, req.path);
      if (match.route.scope !== 'mailbox') throw new GraphError(403, 'Forbidden', 'The Outlook view only works on the mailbox.');
      this.stats.outlookRequests++;
      return await match.route.handler(req, match.params);
    } catch (err) {
      return errorResponse(err, requestId);
    }
  }

  private async run(req: ApiRequest): Promise<ApiResponse> {
    const requestId = req.headers['client-request-id'] ?? randomUUID();
    try {
      if (splitPath(req.path)[0]?.toLowerCase() === 'me') {
        throw new GraphError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
      }
      const match = this.router.match(req.method, req.path);
      bump(this.stats.byRoute, match.key);
      if (match.route.scope === 'batch') return await match.route.handler(req, match.params);

      const fault = this.faults.forApiCall();
      if (fault === 'throttle') {
        this.stats.faults.throttle++;
        throw tooManyRequests(1);
      }
      if (fault === 'error') {
        this.stats.faults.error++;
        throw this.faults.random() < 0.5
          ? new GraphError(503, 'ServiceNotAvailable', 'Service Unavailable')
          : new GraphError(500, 'UnknownError', 'An internal server error occurred.');
      }

      let release = (): void => undefined;
      if (match.route.scope === 'mailbox') {
        const admitted = this.limits.admit(this.options.mailbox);
        this.stats.peakConcurrency = Math.max(this.stats.peakConcurrency, this.limits.peakConcurrency);
        if (!admitted.ok) {
          this.stats.throttled++;
          this.stats.throttledBy[admitted.reason]++;
          if (admitted.reason === 'concurrency') {
            throw new GraphError(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', { 'retry-after': String(admitted.retryAfterSeconds) });
          }
          throw tooManyRequests(admitted.retryAfterSeconds);
        }
        release = admitted.release;
      }
      try {
        if (match.route.scope === 'mailbox') {
          if (this.options.latencyMs > 0) await new Promise((r) => setTimeout(r, this.options.latencyMs));
          if (this.gate) await this.gate;
        }
        const res = await match.route.handler(req, match.params);
        if (fault === 'lost') {
          // The work is done, but the caller never learns it: a retry meets the side effect.
          this.stats.faults.lost++;
          throw new GraphError(504, 'GatewayTimeout', 'The gateway did not receive a response in time.');
        }
        return res;
      } finally {
        release();
      }
    } catch (err) {
      return errorResponse(err, requestId);
    }
  }
}
