// Sentry adapter: the sender's issues from the last 14 days, through the organization issues
// endpoint filtered by `user.email` (reference fact sheet §1), newest first, capped to a few.
import { z } from 'zod';
import { AppError } from '../errors.js';
import { requestJson, type FetchFn } from '../http.js';
import type { Logger } from '../log.js';
import type { EnrichmentSource, ErrorFacts, LookupContext } from './source.js';

export interface SentryOptions {
  /** https://sentry.io, https://de.sentry.io or a self-hosted root (a trailing /api/0 is tolerated). */
  apiUrl: string;
  org: string;
  /** Numeric project ids; none = every project the token can read (-1). */
  projectIds?: string[];
  token: string;
  timeoutMs: number;
  /** At most this many issues are returned (the newest by last seen). */
  limit?: number;
  maxRetries?: number;
  fetch?: FetchFn;
  log?: Logger;
}

export const SENTRY_PERIOD = '14d';
const MAX_PAGES = 3;

const issueSchema = z.object({
  id: z.string(),
  title: z.string(),
  // Sentry sends count as a string ("150"); accept a number too.
  count: z.union([z.string(), z.number()]).transform((c) => Number(c)),
  lastSeen: z.string(),
  permalink: z.string().nullish(),
});
const issuesSchema = z.array(issueSchema);

export function createSentrySource(o: SentryOptions): EnrichmentSource<ErrorFacts> {
  const base = apiRoot(o.apiUrl);
  const limit = Math.min(Math.max(o.limit ?? 5, 1), 100);
  const origin = new URL(base).origin;

  return {
    name: 'sentry',
    async lookup(email: string, ctx: LookupContext): Promise<ErrorFacts | null> {
      const first = new URL(`${base}/organizations/${encodeURIComponent(o.org)}/issues/`);
      first.searchParams.set('query', userEmailQuery(email));
      first.searchParams.set('statsPeriod', SENTRY_PERIOD);
      first.searchParams.set('sort', 'date');
      first.searchParams.set('limit', String(limit));
      for (const p of o.projectIds?.length ? o.projectIds : ['-1']) first.searchParams.append('project', p);

      const found: ErrorFacts = [];
      let next: URL | null = first;
      for (let page = 0; next && page < MAX_PAGES && found.length < limit; page++) {
        const { data, res } = await requestJson(
          next,
          { headers: { authorization: `Bearer ${o.token}`, accept: 'application/json' } },
          { service: 'sentry', timeoutMs: o.timeoutMs, maxRetries: o.maxRetries ?? 2, signal: ctx.signal, deadline: ctx.deadline, fetch: o.fetch, log: o.log },
          issuesSchema,
        );
        for (const issue of data) {
          if (found.length >= limit) break;
          found.push({
            title: issue.title,
            count: Number.isFinite(issue.count) ? issue.count : 0,
            lastSeen: issue.lastSeen,
            link: issue.permalink || `${uiRoot(base)}/organizations/${encodeURIComponent(o.org)}/issues/${encodeURIComponent(issue.id)}/`,
          });
        }
        next = nextPage(res.headers.get('link'), origin);
      }
      return found.length ? found : null;
    },
  };
}

/** `user.email:"…"` — always quoted so `+` and other characters stay one token. */
export function userEmailQuery(email: string): string {
  return `user.email:"${email.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * The `rel="next"` URL while Sentry says more results exist (`results="true"`), only on the
 * configured origin: the bearer token is never sent elsewhere.
 */
export function nextPage(link: string | null, origin: string): URL | null {
  if (!link) return null;
  for (const part of link.split(/,(?=\s*<)/)) {
    const m = /<([^>]+)>(.*)/.exec(part.trim());
    if (!m) continue;
    const attrs = m[2] ?? '';
    if (!/;\s*rel="next"/.test(attrs) || !/;\s*results="true"/.test(attrs)) continue;
    try {
      const u = new URL(m[1] ?? '');
      return u.origin === origin ? u : null;
    } catch {
      return null;
    }
  }
  return null;
}

function apiRoot(apiUrl: string): string {
  const u = apiUrl.replace(/\/+$/, '').replace(/\/api\/0$/, '');
  if (!/^https?:\/\//.test(u)) throw new AppError('config', 'sentry: SENTRY_API_URL must be an http(s) URL');
  return `${u}/api/0`;
}

function uiRoot(base: string): string {
  return base.replace(/\/api\/0$/, '');
}
