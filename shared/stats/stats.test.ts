import { describe, expect, it } from 'vitest';
import { formatReport, runReport } from '../cli/report.js';
import { statsHandler } from '../../functions/stats.js';
import type { Services } from '../../functions/app.js';
import { computeStats, InMemoryStatsIndex, percentile, rebuildStatsRows, statsFor, statsRange } from './index.js';
import { playStory, wrappedStore, type TicketStory } from './testing.js';
import type { StatsIndex } from './store.js';

const A = { aadObjectId: 'agent-a', name: 'Anna' };
const B = { aadObjectId: 'agent-b', name: 'Ben' };
const LEAD = { aadObjectId: 'lead-1', name: 'Lena' };

// Europe/Zurich is UTC+1 in this week; Mon 2026-11-30 08:00 local = 07:00Z.
const HISTORY: TicketStory[] = [
  // answered from the card after 60 business minutes, draft unchanged
  { id: 'T1', receivedAt: '2026-11-30T07:00:00Z', category: 'bug-report', language: 'de', routedTo: A, reply: { via: 'card', by: A, at: '2026-11-30T08:00:00Z', draftUse: 'unchanged' } },
  // reassigned, answered from Outlook after 300 minutes (target 240: late), draft edited
  { id: 'T2', receivedAt: '2026-11-30T07:00:00Z', category: 'refund-request', language: 'en', routedTo: B, reassignTo: { to: A, by: LEAD, at: '2026-11-30T08:00:00Z' }, reply: { via: 'outlook', by: A, at: '2026-11-30T12:00:00Z', draftUse: 'edited' } },
  // needs triage, category corrected (not routed, so no routing error), 120 min Mon + 60 min Tue
  { id: 'T3', receivedAt: '2026-11-30T15:00:00Z', category: 'product-question', language: 'de', claim: { by: B, at: '2026-11-30T15:30:00Z' }, recategorize: { to: 'other', by: B, at: '2026-11-30T15:40:00Z' }, reply: { via: 'card', by: B, at: '2026-12-01T08:00:00Z', draftUse: 'rewritten' } },
  // routed as a bug, corrected to a product question: a routing error; 120 minutes
  { id: 'T4', receivedAt: '2026-12-01T07:00:00Z', category: 'bug-report', language: 'fr', routedTo: A, recategorize: { to: 'product-question', by: A, at: '2026-12-01T07:30:00Z' }, reply: { via: 'outlook', by: A, at: '2026-12-01T09:00:00Z', draftUse: 'none' } },
  // spam, closed without a reply
  { id: 'T5', receivedAt: '2026-12-02T09:00:00Z', category: 'other', language: 'en', resolve: { reason: 'spam', by: LEAD, at: '2026-12-02T09:10:00Z' } },
  // routed, still open
  { id: 'T6', receivedAt: '2026-12-02T10:00:00Z', category: 'refund-request', language: 'de', routedTo: B },
  // outside the range (Thursday)
  { id: 'T7', receivedAt: '2026-12-03T10:00:00Z', category: 'other', language: 'it', routedTo: LEAD },
];

async function seeded() {
  const w = wrappedStore();
  for (const s of HISTORY) await playStory(w.store, s);
  return w;
}

const RANGE = { from: '2026-11-30', to: '2026-12-02' };
const EXPECTED = {
  tickets: 6,
  byCategory: { 'bug-report': 1, 'refund-request': 2, 'product-question': 1, other: 2 },
  byLanguage: { de: 3, en: 2, fr: 1 },
  firstResponseBusinessMinutes: { answered: 4, p50: 120, p90: 300 },
  withinTarget: 0.75,
  draftAcceptance: { replies: 4, unchanged: 0.25, edited: 0.25, rewritten: 0.25, none: 0.25 },
  reassignmentRate: 0.1667,
  needsTriageRate: 0.3333,
  resolvedWithoutReply: 1,
};

describe('the team numbers', () => {
  it('gives the known answers for a seeded week of tickets', async () => {
    const { index } = await seeded();
    const r = await statsFor(index, RANGE, 'Europe/Zurich');
    expect(r).toMatchObject(EXPECTED);
    expect(r.autoRouting).toMatchObject({ routed: 4, corrected: 1, precision: 0.75 });
    expect(r.autoRouting.byCategory['bug-report']).toEqual({ routed: 2, corrected: 1, precision: 0.5 });
    expect(r.autoRouting.byCategory['refund-request']).toEqual({ routed: 2, corrected: 0, precision: 1 });
    expect(r.autoRouting.byCategory['product-question']).toEqual({ routed: 0, corrected: 0, precision: null });
    expect(r.autoRouting.byLanguage).toEqual({ de: { routed: 2, corrected: 0, precision: 1 }, en: { routed: 1, corrected: 0, precision: 1 }, fr: { routed: 1, corrected: 1, precision: 0 } });
  });

  it('stores the due time and business minutes on each ticket as it is written', async () => {
    const { store } = await seeded();
    const t3 = (await store.get('T3'))!;
    // the corrected category "other" has a 24 h target: due 24 business hours after Mon 16:00 local
    expect(t3.firstResponseDueAt).toBe('2026-12-03T09:00:00.000Z');
    expect(t3.firstResponseBusinessMinutes).toBe(180);
    const t6 = (await store.get('T6'))!;
    expect(t6.firstResponseDueAt).toBe('2026-12-02T14:00:00.000Z');
    expect(t6.firstResponseBusinessMinutes).toBeNull();
  });

  it('reads only the partitions of the days asked for', async () => {
    const { index } = await seeded();
    index.requests.reads = 0;
    await statsFor(index, RANGE, 'Europe/Zurich');
    expect(index.requests.reads).toBe(3);
  });

  it('rebuilds the rows of tickets stored before the rows existed, with the same answers', async () => {
    const { raw } = await seeded();
    const fresh = new InMemoryStatsIndex();
    expect(await rebuildStatsRows(raw, fresh, 'Europe/Zurich')).toBe(7);
    expect(await statsFor(fresh, RANGE, 'Europe/Zurich')).toMatchObject(EXPECTED);
  });

  it('uses nearest-rank percentiles', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(percentile([5], 0.5)).toBe(5);
    expect(percentile([], 0.5)).toBeNull();
    expect(computeStats([], { ...RANGE, timeZone: 'UTC' }).withinTarget).toBeNull();
  });

  it('refuses a malformed or reversed range and defaults to the last 30 days', () => {
    const now = new Date('2026-12-04T12:00:00Z');
    expect(statsRange({}, now, 'Europe/Zurich')).toEqual({ from: '2026-11-05', to: '2026-12-04' });
    expect(() => statsRange({ from: '2026-12-05', to: '2026-12-01' }, now, 'UTC')).toThrow(/after/);
    expect(() => statsRange({ from: 'yesterday' }, now, 'UTC')).toThrow(/date like/);
    expect(() => statsRange({ from: '2020-01-01', to: '2026-01-01' }, now, 'UTC')).toThrow(/longer than/);
  });
});

function fakeReq(query: Record<string, string>) {
  return { query: new URLSearchParams(query), params: {}, headers: new Headers() } as never;
}

describe('GET /api/stats and npm run report', () => {
  it('answers the same figures as JSON, and 400 for a bad range', async () => {
    const { index } = await seeded();
    const services = (() => ({ statsIndex: index as StatsIndex, config: { businessTimezone: 'Europe/Zurich' } })) as unknown as () => Services;
    const handler = statsHandler(services);
    const ok = await handler(fakeReq(RANGE), {} as never);
    expect(ok.status).toBe(200);
    expect(ok.jsonBody).toMatchObject(EXPECTED);
    const bad = await handler(fakeReq({ from: '2026-13-45' }), {} as never);
    expect(bad.status).toBe(400);
  });

  it('prints the table and the JSON, and exits 2 on a usage error', async () => {
    const { index } = await seeded();
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    expect(await runReport(['--from', RANGE.from, `--to=${RANGE.to}`], { index, timeZone: 'Europe/Zurich', io })).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^tickets\s+6$/m);
    expect(text).toMatch(/first response p90 \(business min\)\s+300/);
    expect(text).toMatch(/answered within target\s+75\.0 %/);
    expect(text).toMatch(/^all\s+4\s+1\s+75\.0 %$/m);
    out.length = 0;
    expect(await runReport(['--json', '--from', RANGE.from, '--to', RANGE.to], { index, timeZone: 'Europe/Zurich', io })).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject(EXPECTED);
    expect(await runReport(['--since', 'x'], { index, timeZone: 'Europe/Zurich', io })).toBe(2);
    expect(err.join('\n')).toMatch(/unknown option --since/);
    expect(formatReport(computeStats([], { ...RANGE, timeZone: 'UTC' })).join('\n')).toMatch(/within target\s+—/);
  });
});
