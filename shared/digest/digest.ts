// The daily digest: one card in the support channel on working days from DIGEST_TIME on —
// the open queue, what needs attention now, yesterday's and the last 7 days' numbers, and a chart.
// Posted at most once per local day: the day is claimed in the state table under its ETag before
// posting (the same rule as reminders: a post that may have gone out is never repeated).
import { randomUUID } from 'node:crypto';
import type { Category, Ticket, TicketStatus } from '../domain.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import { ConcurrencyError, type CardRef, type TicketCards, type TicketStore } from '../ports.js';
import { computeStats, type StatsReport } from '../stats/compute.js';
import type { StatsIndex } from '../stats/store.js';
import { OPEN_STATUSES } from '../tickets/ticket.js';
import { addDays, datesBetween, isWorkingDay, localDate, localMinuteOfDay } from '../time/business.js';
import type { ServiceClock } from '../time/service.js';
import { chartDays, renderDigestChart, type ChartDay } from './chart.js';
import { renderDigestCard, type DigestCardOptions } from './card.js';

export interface AttentionItem {
  id: string;
  subject: string;
  category: Category;
  status: TicketStatus;
  receivedAt: string;
  assignee: string | null;
  late: boolean;
  unclaimed: boolean;
  dueAt: string | null;
  cardConversationId: string | null;
  cardActivityId: string | null;
}

export interface DigestData {
  date: string;
  timeZone: string;
  open: { total: number; byStatus: Partial<Record<TicketStatus, number>>; byCategory: Partial<Record<Category, number>>; byLanguage: Record<string, number> };
  /** Unclaimed or late tickets, oldest first, at most 10; `attentionTotal` counts all of them. */
  attention: AttentionItem[];
  attentionTotal: number;
  yesterday: StatsReport;
  lastWeek: StatsReport;
  chart: ChartDay[];
}

const count = <K extends string>(items: readonly K[]): Partial<Record<K, number>> => {
  const out: Partial<Record<K, number>> = {};
  for (const k of items) out[k] = (out[k] ?? 0) + 1;
  return out;
};

export async function digestData(deps: { store: TicketStore; statsIndex: StatsIndex; clock: ServiceClock }, now: Date): Promise<DigestData> {
  const zone = deps.clock.calendar.zone;
  const today = localDate({ zone }, now);
  const open = (await deps.store.list({ statuses: [...OPEN_STATUSES, 'failed'] })).filter((t) => t.status !== 'processing');
  const isLate = (t: Ticket) => !t.firstResponseAt && !!t.firstResponseDueAt && Date.parse(t.firstResponseDueAt) <= now.getTime();
  const needing = open.filter((t) => t.status === 'open' || isLate(t)).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  const chartRange = datesBetween(addDays(today, -14), addDays(today, -1));
  const rows = await deps.statsIndex.days(chartRange);
  const stats = (from: string, to: string) => computeStats(rows.filter((r) => r.day >= from && r.day <= to), { from, to, timeZone: zone });
  return {
    date: today,
    timeZone: zone,
    open: {
      total: open.length,
      byStatus: count(open.map((t) => t.status)),
      byCategory: count(open.map((t) => t.category)),
      byLanguage: count(open.map((t) => t.language)) as Record<string, number>,
    },
    attention: needing.slice(0, 10).map((t) => ({
      id: t.id,
      subject: t.subject,
      category: t.category,
      status: t.status,
      receivedAt: t.receivedAt,
      assignee: t.assignee?.name ?? null,
      late: isLate(t),
      unclaimed: t.status === 'open',
      dueAt: t.firstResponseDueAt,
      cardConversationId: t.cardConversationId,
      cardActivityId: t.cardActivityId,
    })),
    attentionTotal: needing.length,
    yesterday: stats(addDays(today, -1), addDays(today, -1)),
    lastWeek: stats(addDays(today, -7), addDays(today, -1)),
    chart: chartDays(rows, chartRange),
  };
}

export interface DigestDeps {
  store: TicketStore;
  statsIndex: StatsIndex;
  cards: TicketCards;
  clock: ServiceClock;
  log: Logger;
  /** "08:30" or "off". */
  digestTime: string;
  card?: Omit<DigestCardOptions, 'chartPng' | 'timeZone'>;
  now?: () => Date;
}

interface BuiltDigest {
  card: Record<string, unknown>;
  bytes: number;
  chartBytes: number;
  date: string;
}

async function buildDigest(deps: DigestDeps): Promise<BuiltDigest> {
  const now = (deps.now ?? (() => new Date()))();
  const data = await digestData(deps, now);
  let chartPng: Buffer | null = null;
  let chartNote: string | undefined;
  const empty = data.chart.every((d) => Object.values(d.byCategory).every((n) => n === 0));
  if (empty) chartNote = 'No new tickets in the 14 days before today, so no chart yet.';
  else {
    try {
      chartPng = await renderDigestChart(data.chart);
    } catch (err) {
      deps.log.warn('digest chart could not be rendered; posting without it', { err });
    }
  }
  return { ...renderDigestCard(data, { ...deps.card, chartPng, chartNote, timeZone: data.timeZone }), date: data.date };
}

async function post(deps: DigestDeps, built: BuiltDigest): Promise<CardRef | null> {
  const ref = await deps.cards.postToChannel(built.card);
  deps.log.info('digest posted', { date: built.date, bytes: built.bytes, chartBytes: built.chartBytes, posted: !!ref });
  return ref;
}

/** Builds and posts the digest now (no once-a-day claim): POST /api/digest. */
export async function postDigestNow(deps: DigestDeps): Promise<{ ref: CardRef | null; bytes: number; chartBytes: number; date: string }> {
  const built = await buildDigest(deps);
  return { ref: await post(deps, built), bytes: built.bytes, chartBytes: built.chartBytes, date: built.date };
}

interface DigestClaim {
  state: 'posting' | 'posted' | 'failed';
  run: string;
  at: string;
}

const claimKey = (date: string) => `digest:${date}`;

/**
 * The timer's part: posts today's digest if today is a working day, DIGEST_TIME has passed and no
 * run has claimed today yet. A claim left "posting" (the run died mid-post) is not retried.
 */
export async function postDailyDigest(deps: DigestDeps): Promise<'posted' | 'not-due' | 'already' | 'failed'> {
  if (deps.digestTime === 'off') return 'not-due';
  const now = (deps.now ?? (() => new Date()))();
  const cal = deps.clock.calendar;
  const today = localDate(cal, now);
  const [h, m] = deps.digestTime.split(':').map(Number) as [number, number];
  if (!isWorkingDay(cal, today) || localMinuteOfDay(cal, now) < h * 60 + m) return 'not-due';
  const key = claimKey(today);
  const run = randomUUID();
  const current = await deps.store.getVersioned<DigestClaim>(key);
  if (current && current.value.state !== 'failed') return 'already';
  let etag: string;
  try {
    etag = await deps.store.putVersioned<DigestClaim>(key, { state: 'posting', run, at: now.toISOString() }, current?.etag ?? null);
  } catch (err) {
    if (err instanceof ConcurrencyError) return 'already';
    throw err;
  }
  const release = () => deps.store.putVersioned<DigestClaim>(key, { state: 'failed', run, at: new Date().toISOString() }, etag);
  let built: BuiltDigest;
  try {
    built = await buildDigest(deps);
  } catch (err) {
    // Nothing was posted: the next run tries again.
    deps.log.warn('digest could not be built; the next run tries again', { err });
    await release();
    return 'failed';
  }
  try {
    // No channel known yet: nothing was posted either.
    if (!(await post(deps, built))) {
      await release();
      return 'failed';
    }
  } catch (err) {
    const answered = err instanceof AppError && err.opts.status !== undefined;
    deps.log.warn(answered ? 'Teams refused the digest; the next run tries again' : 'digest outcome unknown; not retried today', { err });
    if (answered) await release();
    return 'failed';
  }
  await deps.store.putVersioned<DigestClaim>(key, { state: 'posted', run, at: new Date().toISOString() }, etag);
  return 'posted';
}
