// The numbers for a range of local days: read that range's stats rows and compute.
import { AppError } from '../errors.js';
import { addDays, datesBetween, localDate } from '../time/business.js';
import { computeStats, type StatsReport } from './compute.js';
import type { TicketStore } from '../ports.js';
import { statsRowOf } from './row.js';
import type { StatsIndex } from './store.js';

export { computeStats, percentile, type StatsReport, type RoutingFigures } from './compute.js';
export { statsRowOf, type StatsRow } from './row.js';
export { InMemoryStatsIndex, TableStatsIndex, withStatsIndex, type StatsIndex } from './store.js';

/** Longest range one request may ask for (one partition read per day). */
export const MAX_RANGE_DAYS = 366;

export interface StatsRange {
  from: string;
  to: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `from`/`to` as given (local dates, inclusive), defaulting to the last 30 days up to today. */
export function statsRange(input: { from?: string | null; to?: string | null }, now: Date, timeZone: string): StatsRange {
  const to = input.to || localDate({ zone: timeZone }, now);
  const from = input.from || addDays(to, -29);
  for (const [name, v] of [['from', from], ['to', to]] as const) {
    if (!DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) throw new AppError('invalid-input', `${name} must be a date like 2026-11-01 (got "${v.slice(0, 40)}")`);
  }
  if (from > to) throw new AppError('invalid-input', `from (${from}) is after to (${to})`);
  if (datesBetween(from, to).length > MAX_RANGE_DAYS) throw new AppError('invalid-input', `the range is longer than ${MAX_RANGE_DAYS} days`);
  return { from, to };
}

export async function statsFor(index: StatsIndex, range: StatsRange, timeZone: string): Promise<StatsReport> {
  const rows = await index.days(datesBetween(range.from, range.to));
  return computeStats(rows, { ...range, timeZone });
}

/**
 * Writes the stats row of every stored ticket (tickets stored before the rows existed, or after a
 * failed row write). Reads every ticket once: an operator's one-off, not a request path.
 */
export async function rebuildStatsRows(store: TicketStore, index: StatsIndex, timeZone: string): Promise<number> {
  const tickets = await store.list();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let t = tickets[next++]; t; t = tickets[next++]) await index.put(statsRowOf(t, timeZone));
    }),
  );
  return tickets.length;
}
