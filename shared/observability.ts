// The app's own errors to Sentry (@sentry/node) when SENTRY_DSN is set; without it every function
// here is a no-op. Events carry the ticket id, step and invocation id as tags, and nothing a
// customer wrote: beforeSend drops request bodies, user data and breadcrumb payloads, and scrubs
// email addresses, tokens and secrets from every remaining string.
import { createRequire } from 'node:module';
import type * as SentryModule from '@sentry/node';
import type { Config } from './config.js';
import { createLogger } from './log.js';

/** What is known where an error is caught; every field becomes a Sentry tag. */
export interface ErrorContext {
  ticketId?: string;
  /** The pipeline step: 'enrich', 'analyze', 'categorize', 'draft', 'card', 'send', 'reconcile', … */
  step?: string;
  invocationId?: string;
  functionName?: string;
  /** Graph immutable message id (an opaque id, not PII). */
  messageId?: string;
  service?: string;
}

export interface ObservabilityOptions {
  release?: string;
  /** Tests: a custom transport or a short flush. */
  transport?: SentryModule.NodeOptions['transport'];
}

const log = createLogger('observability');
let enabled = false;
/** @sentry/node, loaded when SENTRY_DSN turns reporting on (it takes seconds to import). */
let Sentry: typeof SentryModule | null = null;
const requireModule = createRequire(import.meta.url);

const REDACTED = '[redacted]';
/** Keys whose values are customer text or people: never sent. */
const CUSTOMER_KEY = /^(body|text|html|content|subject|draft|summary|snippet|prompt|notes?|from|to|cc|bcc|replyTo|sender|recipients?|email|emailAddress|address|displayName|latestText|translatedBody|translatedSubject|uniqueBody|mime|raw)$/i;
/** Keys whose values are credentials: never sent. */
const CREDENTIAL_KEY = /token|secret|password|passwd|apikey|api_key|authorization|cookie|dsn|connection|credential|signature/i;
const SENSITIVE_KEY = { test: (k: string) => CUSTOMER_KEY.test(k) || CREDENTIAL_KEY.test(k) };
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const BEARER = /\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const KNOWN_SECRETS = /\b(sk-ant-[A-Za-z0-9_-]+|phx_[A-Za-z0-9]+|sntrys_[A-Za-z0-9_=]+|[A-Za-z0-9._-]{3,4}Q~[A-Za-z0-9~._-]{20,})/g;
const URL_CREDENTIALS = /(\w+:\/\/)[^/\s:@]+:[^/\s@]+@/g;
const QUERY_SECRETS = /([?&](?:code|sig|token|key|access_token|validationToken|email)=)[^&\s]+/gi;
const CONN_KEYS = /((?:AccountKey|SharedAccessSignature|Password|pwd)=)[^;\s]+/gi;

/** Removes emails, tokens, keys and URL credentials from a string. */
export function scrubText(s: string): string {
  return s
    .replace(URL_CREDENTIALS, '$1[redacted]@')
    .replace(BEARER, '$1 [token]')
    .replace(JWT, '[token]')
    .replace(KNOWN_SECRETS, '[secret]')
    .replace(QUERY_SECRETS, '$1[redacted]')
    .replace(CONN_KEYS, '$1[redacted]')
    .replace(EMAIL, '[email]');
}

/** Deep copy with sensitive keys dropped and every string scrubbed. */
export function scrubValue(v: unknown, depth = 0): unknown {
  if (depth > 8) return REDACTED;
  if (typeof v === 'string') return scrubText(v);
  if (Array.isArray(v)) return v.map((x) => scrubValue(x, depth + 1));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = SENSITIVE_KEY.test(k) ? REDACTED : scrubValue(x, depth + 1);
    return out;
  }
  return v;
}

/** The beforeSend hook: what leaves the process. Exported for tests. */
export function scrubEvent<E extends SentryModule.ErrorEvent>(event: E): E {
  delete event.user;
  delete event.server_name; // host names of Azure workers say nothing useful and change per instance
  if (event.request) {
    event.request = {
      method: event.request.method,
      url: event.request.url ? scrubText(event.request.url.split('?')[0]!) : undefined,
    };
  }
  if (event.message) event.message = scrubText(event.message);
  for (const ex of event.exception?.values ?? []) {
    if (ex.value) ex.value = scrubText(ex.value);
    for (const frame of ex.stacktrace?.frames ?? []) delete frame.vars;
  }
  if (event.extra) event.extra = scrubValue(event.extra) as typeof event.extra;
  if (event.contexts) event.contexts = scrubValue(event.contexts) as typeof event.contexts;
  if (event.tags) for (const [k, v] of Object.entries(event.tags)) event.tags[k] = typeof v === 'string' ? scrubText(v) : v;
  if (event.breadcrumbs) {
    event.breadcrumbs = event.breadcrumbs.map((b) => ({
      timestamp: b.timestamp,
      category: b.category,
      level: b.level,
      type: b.type,
      message: b.message ? scrubText(b.message) : undefined,
    }));
  }
  return event;
}

/** Starts Sentry once when SENTRY_DSN is set; returns whether it is on. */
export function initObservability(config: Pick<Config, 'sentryDsn' | 'appEnv'>, opts: ObservabilityOptions = {}): boolean {
  if (enabled) return true;
  if (!config.sentryDsn) return false;
  Sentry ??= requireModule('@sentry/node') as typeof SentryModule;
  Sentry.init({
    dsn: config.sentryDsn,
    environment: config.appEnv,
    release: opts.release ?? process.env.WEBSITE_DEPLOYMENT_ID,
    // Only what error reporting needs: no HTTP/console auto-instrumentation that would copy
    // URLs with mailbox addresses or mail text into breadcrumbs, and no tracing.
    defaultIntegrations: false,
    integrations: [Sentry.linkedErrorsIntegration(), Sentry.dedupeIntegration(), Sentry.functionToStringIntegration()],
    maxBreadcrumbs: 20,
    beforeSend: (event) => scrubEvent(event),
    beforeBreadcrumb: (b) => ({ ...b, data: undefined, message: b.message ? scrubText(b.message) : undefined }),
    ...(opts.transport ? { transport: opts.transport } : {}),
  });
  enabled = true;
  log.info('error reporting to Sentry is on');
  return true;
}

export function observabilityEnabled(): boolean {
  return enabled;
}

/** Reports an error with its context as tags; returns the Sentry event id (undefined when off). */
export function captureError(err: unknown, context: ErrorContext = {}): string | undefined {
  if (!enabled || !Sentry) return undefined;
  const sentry = Sentry;
  return sentry.withScope((scope) => {
    for (const [k, v] of Object.entries(context)) if (v !== undefined && v !== '') scope.setTag(k, scrubText(String(v)));
    const kind = (err as { kind?: unknown }).kind;
    if (typeof kind === 'string') scope.setTag('errorKind', kind);
    return sentry.captureException(err);
  });
}

/**
 * Wraps a Functions handler: an error leaving it is reported with the invocation id and function
 * name (plus whatever `more` finds, e.g. the ticket id) and rethrown, so the host's retry and
 * poison-queue semantics stay unchanged.
 */
export function withErrorReporting<A, R>(
  functionName: string,
  handler: (input: A, ctx: { invocationId: string }) => Promise<R>,
  more: (input: A) => ErrorContext = () => ({}),
): (input: A, ctx: { invocationId: string }) => Promise<R> {
  return async (input, ctx) => {
    try {
      return await handler(input, ctx);
    } catch (err) {
      let extra: ErrorContext = {};
      try {
        extra = more(input);
      } catch {
        // context extraction must never mask the real error
      }
      captureError(err, { functionName, invocationId: ctx.invocationId, ...extra });
      throw err;
    }
  };
}

/** Sends what is queued (before a short-lived process exits). */
export async function flushObservability(timeoutMs = 2_000): Promise<void> {
  if (enabled && Sentry) await Sentry.flush(timeoutMs);
}

/** Stops Sentry (tests, shutdown); initObservability may be called again afterwards. */
export async function closeObservability(timeoutMs = 2_000): Promise<void> {
  if (!enabled || !Sentry) return;
  enabled = false;
  await Sentry.close(timeoutMs);
}
