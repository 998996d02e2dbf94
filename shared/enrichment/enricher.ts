// The enricher: asks every configured source about the sender at the same time, each with its own
// timeout and its failure isolated, and reports per source ok / skipped / failed / not-found with
// its duration. It never throws: a ticket is never held up or lost because a source is down.
import type { Config } from '../config.js';
import type { EnrichmentFacts } from '../domain.js';
import { normalizeError } from '../errors.js';
import type { FetchFn } from '../http.js';
import { createLogger, type Logger } from '../log.js';
import type { Enricher } from '../ports.js';
import { createAccountsSource } from './accounts.js';
import { createPostHogSource } from './posthog.js';
import { createSentrySource } from './sentry.js';
import type { AccountFacts, EnrichmentSource, ErrorFacts, RecordingFacts, SourceName } from './source.js';
import { withTimeout } from '../timeout.js';

export type EnrichmentConfig = Pick<
  Config,
  | 'sentryApiUrl' | 'sentryOrg' | 'sentryProject' | 'sentryAuthToken'
  | 'posthogApiUrl' | 'posthogProjectId' | 'posthogApiKey'
  | 'accountsDatabaseUrl' | 'enrichmentTimeoutMs'
>;

export interface EnricherDeps {
  fetch?: FetchFn;
  log?: Logger;
  /** Replace a source (tests, or another implementation); `null` forces it off. */
  sources?: { account?: EnrichmentSource<AccountFacts> | null; sentry?: EnrichmentSource<ErrorFacts> | null; posthog?: EnrichmentSource<RecordingFacts> | null };
}

export interface ClosableEnricher extends Enricher {
  enrichStaged(email: string): { draft: Promise<EnrichmentFacts>; complete: Promise<EnrichmentFacts> };
  /** Ends the accounts pool; call once at shutdown. */
  close(): Promise<void>;
}

type Outcome<T> = { status: 'ok'; value: T; ms: number } | { status: 'not-found' | 'failed' | 'skipped'; detail: string; ms?: number };
type Slot<T> = { source: EnrichmentSource<T> } | { skipped: string };

const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

export function createEnricher(config: EnrichmentConfig, deps: EnricherDeps = {}): ClosableEnricher {
  const log = deps.log ?? createLogger('enrichment');
  const timeoutMs = config.enrichmentTimeoutMs;
  const secrets = secretsOf(config);

  const account = slot<AccountFacts>(deps.sources?.account, () => {
    if (!config.accountsDatabaseUrl) return 'not configured (ACCOUNTS_DATABASE_URL)';
    return createAccountsSource({ databaseUrl: config.accountsDatabaseUrl, timeoutMs, log: log.child({ source: 'account' }) });
  });
  const sentry = slot<ErrorFacts>(deps.sources?.sentry, () => {
    const missing = missingOf({ SENTRY_API_URL: config.sentryApiUrl, SENTRY_ORG: config.sentryOrg, SENTRY_AUTH_TOKEN: config.sentryAuthToken });
    if (missing) return missing;
    const projectIds = (config.sentryProject ?? '').split(',').map((p) => p.trim()).filter(Boolean);
    return createSentrySource({ apiUrl: config.sentryApiUrl!, org: config.sentryOrg!, token: config.sentryAuthToken!, projectIds, timeoutMs, fetch: deps.fetch, log: log.child({ source: 'sentry' }) });
  });
  const posthog = slot<RecordingFacts>(deps.sources?.posthog, () => {
    const missing = missingOf({ POSTHOG_API_URL: config.posthogApiUrl, POSTHOG_PROJECT_ID: config.posthogProjectId, POSTHOG_API_KEY: config.posthogApiKey });
    if (missing) return missing;
    return createPostHogSource({ apiUrl: config.posthogApiUrl!, projectId: config.posthogProjectId!, apiKey: config.posthogApiKey!, timeoutMs, fetch: deps.fetch, log: log.child({ source: 'posthog' }) });
  });

  async function run<T>(s: Slot<T>, email: string): Promise<Outcome<T>> {
    if ('skipped' in s) return { status: 'skipped', detail: s.skipped };
    const started = Date.now();
    try {
      const value = await withTimeout(
        timeoutMs,
        (signal) => s.source.lookup(email, { signal, deadline: started + timeoutMs }),
        () => normalizeError(new Error(`timed out after ${timeoutMs} ms`), s.source.name),
      );
      const ms = Date.now() - started;
      return value === null ? { status: 'not-found', detail: notFoundDetail(s.source.name), ms } : { status: 'ok', value, ms };
    } catch (err) {
      const e = normalizeError(err, s.source.name);
      const detail = redact(e.kind === 'timeout' ? `${s.source.name}: timed out after ${timeoutMs} ms` : e.message, secrets);
      return { status: 'failed', detail, ms: Date.now() - started };
    }
  }

  /** One lookup of all sources; the draft stage resolves once account and errors are known. */
  function lookup(rawEmail: string): { draft: Promise<EnrichmentFacts>; complete: Promise<EnrichmentFacts> } {
    const email = rawEmail.trim();
    const started = Date.now();
    if (!EMAIL.test(email)) {
      const invalid = { status: 'failed' as const, detail: 'not a valid e-mail address' };
      const facts = Promise.resolve<EnrichmentFacts>({ email, sources: { account: invalid, sentry: invalid, posthog: invalid } });
      return { draft: facts, complete: facts };
    }
    const a = run(account, email);
    const se = run(sentry, email);
    const ph = run(posthog, email);
    const assemble = (ao: Outcome<AccountFacts>, so: Outcome<ErrorFacts>, po: Outcome<RecordingFacts>): EnrichmentFacts => {
      const facts: EnrichmentFacts = { email, sources: { account: status(ao), sentry: status(so), posthog: status(po) } };
      if (ao.status === 'ok') facts.account = ao.value;
      else if (ao.status === 'not-found') facts.account = null;
      if (so.status === 'ok') facts.errors = so.value;
      else if (so.status === 'not-found') facts.errors = [];
      if (po.status === 'ok') facts.recordings = po.value;
      return facts;
    };
    const complete = Promise.all([a, se, ph]).then(([ao, so, po]) => {
      log.info('enriched', { ms: Date.now() - started, account: ao.status, sentry: so.status, posthog: po.status });
      return assemble(ao, so, po);
    });
    const draft = Promise.all([a, se]).then(([ao, so]) => assemble(ao, so, { status: 'skipped', detail: 'not awaited for the draft' }));
    return { draft, complete };
  }

  return {
    enrich(rawEmail: string): Promise<EnrichmentFacts> {
      return lookup(rawEmail).complete;
    },
    enrichStaged(rawEmail: string) {
      return lookup(rawEmail);
    },
    async close(): Promise<void> {
      await Promise.all([account, sentry, posthog].map(async (s) => ('source' in s ? await s.source.close?.() : undefined)));
    },
  };
}

function slot<T>(override: EnrichmentSource<T> | null | undefined, build: () => EnrichmentSource<T> | string): Slot<T> {
  if (override === null) return { skipped: 'turned off' };
  if (override) return { source: override };
  try {
    const built = build();
    return typeof built === 'string' ? { skipped: built } : { source: built };
  } catch (err) {
    // A malformed setting disables only this source, with the reason shown.
    return { skipped: `misconfigured: ${normalizeError(err, 'config').message}` };
  }
}

function missingOf(vars: Record<string, string | undefined>): string | null {
  const missing = Object.entries(vars).filter(([, v]) => !v).map(([k]) => k);
  return missing.length ? `not configured (${missing.join(', ')})` : null;
}

function status<T>(o: Outcome<T>): EnrichmentFacts['sources'][SourceName] {
  return o.status === 'ok' ? { status: 'ok', ms: o.ms } : { status: o.status, detail: o.detail, ...(o.ms !== undefined ? { ms: o.ms } : {}) };
}

function notFoundDetail(name: SourceName): string {
  switch (name) {
    case 'account':
      return 'no account with this e-mail address';
    case 'sentry':
      return 'no issues for this user in the last 14 days';
    case 'posthog':
      return 'no PostHog person with this e-mail address';
  }
}

function secretsOf(c: EnrichmentConfig): string[] {
  const out = [c.sentryAuthToken, c.posthogApiKey, c.accountsDatabaseUrl].filter((s): s is string => !!s && s.length >= 4);
  if (c.accountsDatabaseUrl) {
    try {
      const pw = decodeURIComponent(new URL(c.accountsDatabaseUrl).password);
      if (pw.length >= 3) out.push(pw);
    } catch {
      // not a URL (key=value form): the whole string is already listed
    }
  }
  return out;
}

/** Failure reasons end up in tickets and cards: no token, key or password may survive. */
function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('***');
  return out.replace(/(\w+:\/\/)[^\s/@]+@/g, '$1***@');
}
