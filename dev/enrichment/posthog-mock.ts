// Mock PostHog for the local world: persons by e-mail and session recordings by person, on the
// real private-API paths (/api/projects/{id}/… and /api/environments/{id}/…), with PostHog's auth
// errors and response shapes. One person per sample customer; their recordings are spread over
// the last 13 days relative to now. Replay links (/project/{id}/replay/{session}) open a small page.
import { createHash } from 'node:crypto';
import type http from 'node:http';
import type { Customer } from './customers.js';
import { bearer, escapeHtml, startMockServer, type MockAnswer, type MockControls } from './mock-http.js';

export interface MockPostHogOptions {
  customers: readonly Customer[];
  projectId?: string;
  /** Accept only this personal API key; unset = any bearer token. */
  apiKey?: string;
  host?: string;
  port?: number;
  delayMs?: number;
  now?: () => number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Person {
  id: number;
  uuid: string;
  distinctId: string;
  customer: Customer;
}

export function startMockPostHog(o: MockPostHogOptions): Promise<MockControls> {
  const projectId = o.projectId ?? '1';
  const now = o.now ?? Date.now;
  const persons: Person[] = o.customers.map((customer, i) => ({
    id: 1000 + i,
    uuid: uuidFrom(`person:${customer.email.toLowerCase()}`),
    distinctId: uuidFrom(`distinct:${customer.email.toLowerCase()}`),
    customer,
  }));

  const route = (req: http.IncomingMessage, url: URL): MockAnswer => {
    const replay = /^\/project\/([^/]+)\/replay\/([^/]+)\/?$/.exec(url.pathname);
    if (req.method === 'GET' && replay) return replayPage(replay[1] ?? '', decodeURIComponent(replay[2] ?? ''));

    const token = bearer(req);
    if (!token) return { status: 401, json: { type: 'authentication_error', code: 'not_authenticated', detail: 'Authentication credentials were not provided.', attr: null } };
    if (o.apiKey !== undefined && token !== o.apiKey) {
      return { status: 401, json: { type: 'authentication_error', code: 'authentication_failed', detail: 'Personal API key found in request Authorization header is invalid.', attr: null } };
    }
    const m = /^\/api\/(?:projects|environments)\/([^/]+)\/(persons|session_recordings)\/?$/.exec(url.pathname);
    if (!m) return notFound();
    if (req.method !== 'GET') return { status: 405, json: { type: 'invalid_request', code: 'method_not_allowed', detail: `Method "${req.method}" not allowed.`, attr: null } };
    if (decodeURIComponent(m[1] ?? '') !== projectId) return notFound();
    return m[2] === 'persons' ? listPersons(url) : listRecordings(url);
  };

  function listPersons(url: URL): MockAnswer {
    const q = url.searchParams;
    const email = q.get('email');
    const limit = clampInt(q.get('limit'), 100, 1, 1000);
    const offset = clampInt(q.get('offset'), 0, 0, Number.MAX_SAFE_INTEGER);
    const all = persons.filter((p) => email === null || p.customer.email.toLowerCase() === email.toLowerCase());
    const page = all.slice(offset, offset + limit);
    const next = offset + limit < all.length ? withParams(url, { offset: String(offset + limit), limit: String(limit) }) : null;
    const previous = offset > 0 ? withParams(url, { offset: String(Math.max(0, offset - limit)), limit: String(limit) }) : null;
    return { status: 200, json: { next, previous, results: page.map(personJson) } };
  }

  function listRecordings(url: URL): MockAnswer {
    const q = url.searchParams;
    const limit = clampInt(q.get('limit'), 50, 1, 1000);
    const offset = clampInt(q.get('offset'), 0, 0, Number.MAX_SAFE_INTEGER);
    const t = now();
    const from = relativeTime(q.get('date_from') ?? '-3d', t);
    const to = q.get('date_to') ? relativeTime(q.get('date_to') ?? '', t) : t;
    if (from === null || to === null) return { status: 400, json: { type: 'validation_error', code: 'invalid_input', detail: 'Invalid date_from or date_to.', attr: 'date_from' } };

    let who = persons;
    const personUuid = q.get('person_uuid');
    if (personUuid) who = who.filter((p) => p.uuid === personUuid);
    const distinctIds = q.get('distinct_ids');
    if (distinctIds) {
      let ids: unknown;
      try {
        ids = JSON.parse(distinctIds);
      } catch {
        ids = null;
      }
      if (!Array.isArray(ids)) return { status: 400, json: { type: 'validation_error', code: 'invalid_input', detail: 'distinct_ids must be a JSON array.', attr: 'distinct_ids' } };
      who = who.filter((p) => ids.includes(p.distinctId));
    }
    const direction = (q.get('order_direction') ?? 'DESC').toUpperCase() === 'ASC' ? 1 : -1;
    const all = who
      .flatMap((p) => recordingsOf(p, t))
      .filter((r) => r.start >= from && r.start <= to)
      .sort((a, b) => direction * (a.start - b.start));
    const page = all.slice(offset, offset + limit);
    return { status: 200, json: { results: page.map((r) => r.json), has_next: offset + limit < all.length, version: 4 } };
  }

  function recordingsOf(p: Person, t: number): { start: number; json: Record<string, unknown> }[] {
    const n = p.customer.recordings;
    return Array.from({ length: n }, (_, i) => {
      // Spread over the last 13 days so a 14-day window holds them all, newest an hour ago.
      const start = t - HOUR - Math.floor((i * 13 * DAY) / Math.max(n, 1));
      const duration = 60 + ((i * 97) % 900);
      const id = uuidFrom(`session:${p.customer.email.toLowerCase()}:${i}`);
      return {
        start,
        json: {
          id,
          distinct_id: p.distinctId,
          viewed: false,
          viewers: [],
          recording_duration: duration,
          active_seconds: Math.round(duration * 0.7),
          inactive_seconds: Math.round(duration * 0.3),
          start_time: new Date(start).toISOString(),
          end_time: new Date(start + duration * 1000).toISOString(),
          click_count: 5 + i,
          keypress_count: 2 * i,
          mouse_activity_count: 20 + 3 * i,
          console_log_count: i % 4,
          console_warn_count: i % 2,
          console_error_count: p.customer.sentryIssues.length > 0 ? 1 : 0,
          start_url: p.customer.platform === 'web' ? 'https://app.studyflash.test/decks' : null,
          person: personJson(p),
          storage: 'object_storage',
          snapshot_source: p.customer.platform === 'web' ? 'web' : 'mobile',
          ongoing: false,
          activity_score: null,
          retention_period_days: 30,
          expiry_time: new Date(start + 30 * DAY).toISOString(),
          recording_ttl: 30 - Math.floor((t - start) / DAY),
        },
      };
    });
  }

  function personJson(p: Person): Record<string, unknown> {
    return {
      id: p.id,
      name: p.customer.email,
      distinct_ids: [p.distinctId, p.customer.email],
      properties: { email: p.customer.email, name: p.customer.name, $geoip_country_code: p.customer.country, $os: osOf(p.customer.platform) },
      created_at: `${p.customer.signupDate}T09:00:00Z`,
      uuid: p.uuid,
      last_seen_at: p.customer.recordings > 0 ? new Date(now() - HOUR).toISOString() : null,
    };
  }

  function replayPage(pid: string, sessionId: string): MockAnswer {
    const t = now();
    const found = pid === projectId ? persons.flatMap((p) => recordingsOf(p, t).map((r) => ({ p, r }))).find(({ r }) => r.json.id === sessionId) : undefined;
    if (!found) return { status: 404, html: '<!doctype html><title>Not found</title><p>Recording not found.</p>' };
    return {
      status: 200,
      html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Replay ${escapeHtml(sessionId)} – PostHog (local)</title></head><body style="font-family:sans-serif">
<p>Local mock PostHog · project ${escapeHtml(projectId)}</p><h1>Session recording</h1>
<p>${escapeHtml(found.p.customer.email)} · started ${escapeHtml(String(found.r.json.start_time))} · ${String(found.r.json.recording_duration)} s</p></body></html>`,
    };
  }

  return startMockServer({ host: o.host, port: o.port, delayMs: o.delayMs, name: 'posthog' }, route);
}

function notFound(): MockAnswer {
  return { status: 404, json: { type: 'invalid_request', code: 'not_found', detail: 'Not found.', attr: null } };
}

/** PostHog relative dates (`-14d`, `-3h`, `-2w`, `-1m`) or an ISO date. */
function relativeTime(v: string, now: number): number | null {
  const m = /^-(\d+)([hdwmy])$/.exec(v);
  if (m) {
    const unit: Record<string, number> = { h: HOUR, d: DAY, w: 7 * DAY, m: 30 * DAY, y: 365 * DAY };
    return now - Number(m[1]) * (unit[m[2] ?? 'd'] ?? DAY);
  }
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

function clampInt(v: string | null, dflt: number, min: number, max: number): number {
  const n = v === null ? dflt : Number(v);
  return Number.isInteger(n) ? Math.min(Math.max(n, min), max) : dflt;
}

function withParams(url: URL, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function osOf(platform: Customer['platform']): string {
  switch (platform) {
    case 'ios':
      return 'iOS';
    case 'android':
      return 'Android';
    case 'web':
      return 'Mac OS X';
  }
}
