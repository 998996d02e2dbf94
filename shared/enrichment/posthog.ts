// PostHog adapter: find the person by e-mail, then count their session recordings of the last
// 14 days and link the newest ones in the replay UI (reference fact sheet §2).
import { z } from 'zod';
import { AppError } from '../errors.js';
import { requestJson, type FetchFn, type HttpPolicy } from '../http.js';
import type { Logger } from '../log.js';
import type { EnrichmentSource, LookupContext, RecordingFacts } from './source.js';

export interface PostHogOptions {
  /** The private API host: https://eu.posthog.com, https://us.posthog.com or self-hosted. */
  apiUrl: string;
  projectId: string;
  /** Personal API key (phx_…) with person:read and session_recording:read. */
  apiKey: string;
  timeoutMs: number;
  /** Links returned (newest first); the count covers more. */
  maxLinks?: number;
  /** Recordings counted at most (pages of PAGE_SIZE). */
  maxCounted?: number;
  maxRetries?: number;
  fetch?: FetchFn;
  log?: Logger;
}

export const POSTHOG_PERIOD = '-14d';
const PAGE_SIZE = 50;

const personsSchema = z.object({
  results: z.array(z.object({ uuid: z.string(), distinct_ids: z.array(z.string()).optional() })),
});
// The code returns {results, has_next}; the docs show {count, next, previous, results}: read both.
const recordingsSchema = z.object({
  results: z.array(z.object({ id: z.string(), start_time: z.string().nullish() })),
  has_next: z.boolean().optional(),
  next: z.string().nullish(),
});

export function createPostHogSource(o: PostHogOptions): EnrichmentSource<RecordingFacts> {
  const root = o.apiUrl.replace(/\/+$/, '');
  if (!/^https?:\/\//.test(root)) throw new AppError('config', 'posthog: POSTHOG_API_URL must be an http(s) URL');
  const project = encodeURIComponent(o.projectId);
  const maxLinks = o.maxLinks ?? 5;
  const maxCounted = o.maxCounted ?? 200;

  return {
    name: 'posthog',
    async lookup(email: string, ctx: LookupContext): Promise<RecordingFacts | null> {
      const policy: HttpPolicy = { service: 'posthog', timeoutMs: o.timeoutMs, maxRetries: o.maxRetries ?? 2, signal: ctx.signal, deadline: ctx.deadline, fetch: o.fetch, log: o.log };
      const init = { headers: { authorization: `Bearer ${o.apiKey}`, accept: 'application/json' } };

      const personsUrl = new URL(`${root}/api/projects/${project}/persons/`);
      personsUrl.searchParams.set('email', email);
      const { data: persons } = await requestJson(personsUrl, init, policy, personsSchema);
      const person = persons.results[0];
      if (!person) return null;

      const ids: string[] = [];
      for (let offset = 0; offset < maxCounted; offset += PAGE_SIZE) {
        const u = new URL(`${root}/api/projects/${project}/session_recordings/`);
        u.searchParams.set('person_uuid', person.uuid);
        u.searchParams.set('date_from', POSTHOG_PERIOD);
        u.searchParams.set('order', 'start_time');
        u.searchParams.set('limit', String(PAGE_SIZE));
        u.searchParams.set('offset', String(offset));
        const { data } = await requestJson(u, init, policy, recordingsSchema);
        ids.push(...data.results.map((r) => r.id));
        const more = data.has_next ?? !!data.next;
        if (!more || data.results.length === 0) break;
      }
      const counted = ids.slice(0, maxCounted);
      return {
        count: counted.length,
        links: counted.slice(0, maxLinks).map((id) => `${root}/project/${project}/replay/${encodeURIComponent(id)}`),
      };
    },
  };
}
