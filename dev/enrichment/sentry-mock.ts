// Mock Sentry for the local world: the organization issues endpoint the product uses
// (GET /api/0/organizations/{org}/issues/), with Sentry's auth answers, the `user.email:` /
// `is:` query syntax, statsPeriod, sort, project ids, cursor pagination in the Link header and
// rate-limit headers. Issues come from the sample customers; last seen is relative to now.
// Issue permalinks open a small HTML page here so links in the sidebar work locally.
import { createHash } from 'node:crypto';
import type http from 'node:http';
import type { Customer } from './customers.js';
import { bearer, escapeHtml, startMockServer, type MockAnswer, type MockControls } from './mock-http.js';

export interface MockSentryOptions {
  customers: readonly Customer[];
  org?: string;
  /** Accept only this token; unset = any bearer token. */
  token?: string;
  host?: string;
  port?: number;
  delayMs?: number;
  /** Fixes "now" (tests); default: the time of each request. */
  now?: () => number;
  /** Server-side cap on a page, below the client's limit (Sentry may return short pages). */
  pageSize?: number;
}

export const SENTRY_PROJECTS = [
  { id: '1', slug: 'studyflash-web', name: 'Studyflash Web', platform: 'javascript-react', for: 'web' },
  { id: '2', slug: 'studyflash-ios', name: 'Studyflash iOS', platform: 'apple-ios', for: 'ios' },
  { id: '3', slug: 'studyflash-android', name: 'Studyflash Android', platform: 'android', for: 'android' },
] as const;

const DAY = 86_400_000;
const PERIOD_UNIT: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: DAY, w: 7 * DAY };
const SORTS = ['date', 'new', 'freq', 'user'] as const;

interface StoredIssue {
  id: string;
  email: string;
  title: string;
  culprit: string;
  level: string;
  count: number;
  lastSeenDaysAgo: number;
  project: (typeof SENTRY_PROJECTS)[number];
  shortNumber: number;
}

export function startMockSentry(o: MockSentryOptions): Promise<MockControls> {
  const org = o.org ?? 'studyflash';
  const now = o.now ?? Date.now;
  const issues = buildIssues(o.customers);
  let base = '';

  const route = (req: http.IncomingMessage, url: URL): MockAnswer => {
    base = `${url.protocol}//${url.host}`;
    const page = /^\/organizations\/([^/]+)\/issues\/(\d+)\/?$/.exec(url.pathname);
    if (req.method === 'GET' && page) return issuePage(page[1] ?? '', page[2] ?? '');

    const token = bearer(req);
    if (!token) return { status: 401, json: { detail: 'Authentication credentials were not provided.' } };
    if (o.token !== undefined && token !== o.token) return { status: 401, json: { detail: 'Invalid token' } };

    const m = /^\/api\/0\/organizations\/([^/]+)\/issues\/?$/.exec(url.pathname);
    if (!m) return { status: 404, json: { detail: 'The requested resource does not exist' } };
    if (req.method !== 'GET') return { status: 405, json: { detail: `Method "${req.method}" not allowed.` } };
    if (decodeURIComponent(m[1] ?? '') !== org) return { status: 404, json: { detail: 'The requested resource does not exist' } };
    return listIssues(url);
  };

  function listIssues(url: URL): MockAnswer {
    const q = url.searchParams;
    const parsed = parseQuery(q.get('query') ?? 'is:unresolved');
    if ('error' in parsed) return { status: 400, json: { detail: parsed.error } };

    const period = q.get('statsPeriod') ?? '14d';
    const pm = /^(\d+)([smhdw])$/.exec(period);
    if (!pm) return { status: 400, json: { detail: `Invalid statsPeriod: ${period}` } };
    const periodMs = Number(pm[1]) * (PERIOD_UNIT[pm[2] ?? 'd'] ?? DAY);

    const sort = q.get('sort') ?? 'date';
    if (!(SORTS as readonly string[]).includes(sort)) return { status: 400, json: { detail: `Invalid sort: ${sort}` } };

    const limit = Number(q.get('limit') ?? '100');
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return { status: 400, json: { detail: 'Invalid limit: must be between 1 and 100' } };

    const projects = q.getAll('project');
    if (projects.some((p) => !/^-?\d+$/.test(p))) return { status: 400, json: { detail: 'Invalid project parameter. Values must be numbers.' } };
    const allProjects = projects.length === 0 || projects.includes('-1');

    const cursor = q.get('cursor') ?? '0:0:0';
    const cm = /^(\d+):(\d+):([01])$/.exec(cursor);
    if (!cm) return { status: 400, json: { detail: 'Invalid cursor parameter.' } };
    const offset = Number(cm[2]);
    const size = Math.min(limit, o.pageSize ?? limit);

    const t = now();
    const matching = issues
      .filter((i) => (parsed.email === undefined ? true : i.email.toLowerCase() === parsed.email.toLowerCase()))
      .filter((i) => parsed.status === undefined || parsed.status === 'unresolved')
      .filter((i) => allProjects || projects.includes(i.project.id))
      .filter((i) => i.lastSeenDaysAgo * DAY <= periodMs)
      .sort(sorter(sort));
    const pageItems = matching.slice(offset, offset + size);
    const hasNext = offset + size < matching.length;
    const hasPrev = offset > 0;

    const self = new URL(url.pathname + url.search, base);
    const linkFor = (off: number) => {
      const u = new URL(self);
      u.searchParams.set('cursor', `0:${off}:${off < offset ? 1 : 0}`);
      return u.toString();
    };
    const prevOff = Math.max(0, offset - size);
    const link = [
      `<${linkFor(prevOff)}>; rel="previous"; results="${hasPrev}"; cursor="0:${prevOff}:1"`,
      `<${linkFor(offset + size)}>; rel="next"; results="${hasNext}"; cursor="0:${offset + size}:0"`,
    ].join(', ');
    return {
      status: 200,
      json: pageItems.map((i) => toApi(i, t)),
      headers: {
        link,
        'x-sentry-rate-limit-limit': '40',
        'x-sentry-rate-limit-remaining': '39',
        'x-sentry-rate-limit-reset': String(Math.ceil(t / 1000) + 1),
        'x-sentry-rate-limit-concurrentlimit': '25',
        'x-sentry-rate-limit-concurrentremaining': '24',
      },
    };
  }

  function toApi(i: StoredIssue, t: number): Record<string, unknown> {
    const lastSeen = new Date(t - i.lastSeenDaysAgo * DAY).toISOString();
    const firstSeen = new Date(t - (i.lastSeenDaysAgo + 3) * DAY).toISOString();
    const [type, ...rest] = i.title.split(': ');
    return {
      id: i.id,
      shortId: `${i.project.slug.toUpperCase()}-${i.shortNumber.toString(36).toUpperCase()}`,
      title: i.title,
      culprit: i.culprit,
      permalink: `${base}/organizations/${org}/issues/${i.id}/`,
      logger: null,
      level: i.level,
      status: 'unresolved',
      statusDetails: {},
      substatus: 'ongoing',
      isPublic: false,
      platform: i.project.platform,
      project: { id: i.project.id, name: i.project.name, slug: i.project.slug, platform: i.project.platform },
      type: 'error',
      metadata: { type: rest.length ? type : 'Error', value: rest.length ? rest.join(': ') : i.title, filename: i.culprit },
      numComments: 0,
      assignedTo: null,
      isBookmarked: false,
      isSubscribed: false,
      hasSeen: false,
      annotations: [],
      issueType: 'error',
      issueCategory: 'error',
      priority: i.level === 'fatal' ? 'high' : 'medium',
      isUnhandled: i.level === 'fatal' || i.level === 'error',
      count: String(i.count),
      userCount: 1,
      firstSeen,
      lastSeen,
      stats: { '24h': [] },
      lifetime: { count: String(i.count), userCount: 1, firstSeen, lastSeen },
    };
  }

  function issuePage(pageOrg: string, id: string): MockAnswer {
    const i = issues.find((x) => x.id === id);
    if (!i || pageOrg !== org) return { status: 404, html: '<!doctype html><title>Not found</title><p>Issue not found.</p>' };
    return {
      status: 200,
      html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(i.title)} – Sentry (local)</title></head><body style="font-family:sans-serif">
<p>Local mock Sentry · ${escapeHtml(i.project.name)}</p><h1>${escapeHtml(i.title)}</h1><p><code>${escapeHtml(i.culprit)}</code></p>
<p>Level ${escapeHtml(i.level)} · ${i.count} events · last seen ${i.lastSeenDaysAgo} day(s) ago</p></body></html>`,
    };
  }

  return startMockServer({ host: o.host, port: o.port, delayMs: o.delayMs, name: 'sentry' }, route);
}

type ParsedQuery = { email?: string; status?: string } | { error: string };

/** The subset of Sentry's search syntax the product uses: `user.email:` (quoted or not) and `is:`. */
export function parseQuery(query: string): ParsedQuery {
  const out: { email?: string; status?: string } = {};
  const re = /\s*([a-zA-Z_.]+):(?:"((?:[^"\\]|\\.)*)"|(\S+))/y;
  let rest = query.trim();
  while (rest.length) {
    re.lastIndex = 0;
    const m = re.exec(rest);
    if (!m) return { error: `Invalid search query: ${JSON.stringify(rest.slice(0, 40))}` };
    const key = m[1] ?? '';
    const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
    switch (key) {
      case 'user.email':
        out.email = value;
        break;
      case 'is':
        if (!['unresolved', 'resolved', 'ignored', 'archived'].includes(value)) return { error: `Invalid value for is: ${value}` };
        out.status = value;
        break;
      default:
        return { error: `Invalid search query: the mock does not know the key ${JSON.stringify(key)}` };
    }
    rest = rest.slice(re.lastIndex).trim();
  }
  return out;
}

function sorter(sort: string): (a: StoredIssue, b: StoredIssue) => number {
  switch (sort) {
    case 'freq':
      return (a, b) => b.count - a.count;
    case 'new':
    case 'date':
    case 'user':
    default:
      return (a, b) => a.lastSeenDaysAgo - b.lastSeenDaysAgo || Number(a.id) - Number(b.id);
  }
}

function buildIssues(customers: readonly Customer[]): StoredIssue[] {
  const out: StoredIssue[] = [];
  for (const c of customers) {
    c.sentryIssues.forEach((s, n) => {
      const h = createHash('sha256').update(`${c.email.toLowerCase()}#${n}`).digest();
      const id = String(4_000_000_000 + (h.readUInt32BE(0) % 900_000_000));
      const project = SENTRY_PROJECTS.find((p) => p.for === c.platform) ?? SENTRY_PROJECTS[0];
      out.push({ id, email: c.email, title: s.title, culprit: s.culprit, level: s.level, count: s.count, lastSeenDaysAgo: s.lastSeenDaysAgo, project, shortNumber: (h.readUInt16BE(4) % 4000) + 1 });
    });
  }
  return out;
}
