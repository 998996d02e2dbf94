// One typed error family and one normaliser: Graph, Sentry, PostHog, Anthropic and storage
// failures become AppErrors here, with specific messages and a retryable flag.
export type ErrorKind =
  | 'config'
  | 'not-found'
  | 'unauthorized'
  | 'forbidden'
  | 'throttled'
  | 'unavailable'
  | 'timeout'
  | 'invalid-input'
  | 'conflict'
  | 'upstream';

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly opts: { service?: string; status?: number; code?: string; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message);
  }
  get retryable(): boolean {
    return this.kind === 'throttled' || this.kind === 'unavailable' || this.kind === 'timeout';
  }
}

const KIND_BY_STATUS: Record<number, ErrorKind> = {
  400: 'invalid-input',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  408: 'timeout',
  409: 'conflict',
  412: 'conflict',
  429: 'throttled',
  500: 'upstream',
  502: 'unavailable',
  503: 'unavailable',
  504: 'timeout',
  529: 'throttled',
};

/** Turns anything thrown by an SDK or fetch into an AppError (never loses the status/code). */
export function normalizeError(err: unknown, service: string): AppError {
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as { statusCode?: number; status?: number; code?: string | number; message?: string; name?: string; headers?: unknown; body?: unknown };
  const status = typeof e.statusCode === 'number' ? e.statusCode : typeof e.status === 'number' ? e.status : undefined;
  const code = e.code !== undefined ? String(e.code) : undefined;
  const msg = e.message || String(err);
  if (e.name === 'AbortError' || e.name === 'TimeoutError' || /timed? ?out/i.test(msg)) {
    return new AppError('timeout', `${service}: timed out`, { service, status, code, cause: err });
  }
  if (status === undefined || status <= 0) {
    return new AppError('unavailable', `${service}: unreachable (${msg})`, { service, code, cause: err });
  }
  const kind = KIND_BY_STATUS[status] ?? (status >= 500 ? 'upstream' : 'invalid-input');
  return new AppError(kind, `${service}: ${status}${code ? ` ${code}` : ''} ${msg}`.trim(), { service, status, code, cause: err });
}
