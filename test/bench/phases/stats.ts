// Phase "stats": how GET /api/stats scales with the ticket history. `--stats-tickets` (100,000)
// tickets spread over `--stats-days` (365) local days are stored as the per-ticket stats rows the
// product keeps beside each ticket (shared/stats: one Azure Tables partition per local day; the
// ticket documents themselves are never read by /api/stats, so they are not written here). Then
// the /api/stats handler answers for a month, a week and the whole year, three times each. The
// first answer after the writes ("cold") reads every day's rows and rebuilds the days' rollups; the
// next ones ("warm") read one rollup per settled day. Figures: time and storage requests per answer.
import { performance } from 'node:perf_hooks';
import { TableClient, type TableTransaction } from '@azure/data-tables';
import { statsHandler } from '../../../functions/stats.js';
import type { Services } from '../../../functions/app.js';
import { CATEGORIES, DRAFT_USES, TICKET_STATUSES } from '../../../shared/domain.js';
import { TableStatsIndex } from '../../../shared/stats/index.js';
import type { StatsRow } from '../../../shared/stats/row.js';
import { addDays } from '../../../shared/time/business.js';
import { seededRandom } from '../../../dev/support/random.js';
import { round } from '../measure.js';
import { runId, type BenchWorld } from '../world.js';

export interface StatsOptions {
  tickets: number;
  days: number;
}

export interface StatsQueryFigures {
  days: number;
  rows: number;
  /** Warm: the faster of the two answers after the first. */
  ms: number;
  storageReads: number;
  coldMs: number;
  coldStorageReads: number;
}

export interface StatsResult {
  tickets: number;
  days: number;
  seedSeconds: number;
  month: StatsQueryFigures;
  week: StatsQueryFigures;
  year: StatsQueryFigures;
}

const LANGS = ['de', 'en', 'fr', 'it', 'nl', 'es', 'pt', 'pl', 'sv'];
const LAST_DAY = '2026-11-30';

function rows(o: StatsOptions): StatsRow[] {
  const rnd = seededRandom(11);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const first = addDays(LAST_DAY, -(o.days - 1));
  const out: StatsRow[] = [];
  for (let i = 0; i < o.tickets; i++) {
    const day = addDays(first, Math.floor((i * o.days) / o.tickets));
    const answered = rnd() < 0.85;
    const routed = rnd() < 0.7;
    const category = pick(CATEGORIES);
    out.push({
      id: `T-bench-${i.toString(16).padStart(8, '0')}`,
      day,
      createdAt: `${day}T09:00:00.000Z`,
      status: answered ? 'sent' : pick(TICKET_STATUSES),
      category,
      aiCategory: rnd() < 0.05 ? pick(CATEGORIES) : category,
      language: pick(LANGS),
      needsTriage: !routed,
      routed,
      corrected: rnd() < 0.06,
      reassigned: rnd() < 0.1,
      firstResponseBusinessMinutes: answered ? Math.round(rnd() * 600) : null,
      withinTarget: answered ? rnd() < 0.8 : null,
      draftUse: answered ? pick(DRAFT_USES) : null,
      resolvedWithoutReply: !answered && rnd() < 0.3,
    });
  }
  return out;
}

/** Writes the rows as the product's TableStatsIndex does, 100 per batch within a day's partition. */
async function seed(connection: string, prefix: string, all: StatsRow[]): Promise<void> {
  const client = TableClient.fromConnectionString(connection, `${prefix}TicketDays`, { allowInsecureConnection: true });
  await client.createTable();
  const byDay = new Map<string, StatsRow[]>();
  for (const r of all) (byDay.get(r.day) ?? byDay.set(r.day, []).get(r.day)!).push(r);
  const batches: TableTransaction['actions'][] = [];
  for (const [day, list] of byDay) {
    // the change token each product write leaves (see TableStatsIndex.put)
    batches.push([['upsert', { partitionKey: day, rowKey: '~token', token: `seed-${day}` }, 'Replace']]);
    for (let i = 0; i < list.length; i += 100) {
      batches.push(
        list.slice(i, i + 100).map((r) => [
          'upsert',
          {
            partitionKey: day,
            rowKey: Buffer.from(r.id, 'utf8').toString('base64url'),
            createdAt: r.createdAt, status: r.status, category: r.category, aiCategory: r.aiCategory, language: r.language,
            needsTriage: r.needsTriage, routed: r.routed, corrected: r.corrected, reassigned: r.reassigned, resolvedWithoutReply: r.resolvedWithoutReply,
            minutes: r.firstResponseBusinessMinutes ?? -1, inTarget: r.withinTarget === null ? '' : r.withinTarget ? 'yes' : 'no', draftUse: r.draftUse ?? '',
          },
          'Replace',
        ]),
      );
    }
  }
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    for (let b = batches[next++]; b; b = batches[next++]) await client.submitTransaction(b);
  }));
}

export async function runStatsPhase(world: BenchWorld, o: StatsOptions): Promise<StatsResult> {
  const prefix = `Bench${runId()}`;
  const connection = world.azurite.connectionString;
  const t0 = performance.now();
  await seed(connection, prefix, rows(o));
  const seedSeconds = (performance.now() - t0) / 1000;
  const index = new TableStatsIndex(connection, prefix);
  const services = (() => ({ statsIndex: index, config: { businessTimezone: 'Europe/Zurich' } })) as unknown as () => Services;
  const handler = statsHandler(services, () => new Date(`${LAST_DAY}T12:00:00Z`));
  const query = async (days: number): Promise<StatsQueryFigures> => {
    const from = addDays(LAST_DAY, -(days - 1));
    const runs: { ms: number; reads: number; tickets: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const before = index.requests.reads;
      const start = performance.now();
      const res = await handler({ query: new URLSearchParams({ from, to: LAST_DAY }) } as never, {} as never);
      runs.push({ ms: performance.now() - start, reads: index.requests.reads - before, tickets: (res.jsonBody as { tickets: number }).tickets });
    }
    const [cold, ...warm] = runs as [(typeof runs)[0], (typeof runs)[0], (typeof runs)[0]];
    const best = warm.sort((a, b) => a.ms - b.ms)[0]!;
    return { days, rows: cold.tickets, ms: round(best.ms, 1), storageReads: best.reads, coldMs: round(cold.ms, 1), coldStorageReads: cold.reads };
  };
  await handler({ query: new URLSearchParams({ from: LAST_DAY, to: LAST_DAY }) } as never, {} as never); // connection and table
  // The month first, so its first answer is cold; the week then lies in rebuilt days, the year
  // rebuilds the other 335.
  const month = await query(30);
  const week = await query(7);
  return { tickets: o.tickets, days: o.days, seedSeconds: round(seedSeconds, 1), month, week, year: await query(Math.min(365, o.days)) };
}
