// The team's numbers over the tickets created in a range of local days (definitions in README,
// "The numbers"). Pure: rows in, report out.
import { CATEGORIES, DRAFT_USES, type Category, type DraftUse } from '../domain.js';
import type { StatsRow } from './row.js';

export interface RoutingFigures {
  /** Tickets auto-assigned by routing (confident, not flagged for triage). */
  routed: number;
  /** Of those, tickets whose category a person corrected. */
  corrected: number;
  /** (routed − corrected) / routed; null when nothing was routed. */
  precision: number | null;
}

export interface StatsReport {
  from: string;
  to: string;
  timeZone: string;
  tickets: number;
  byCategory: Record<Category, number>;
  byLanguage: Record<string, number>;
  firstResponseBusinessMinutes: { answered: number; p50: number | null; p90: number | null };
  /** Share of answered tickets whose first reply came by the due time. */
  withinTarget: number | null;
  /** Shares of answered tickets by how much of the AI draft the first reply kept. */
  draftAcceptance: Record<DraftUse, number | null> & { replies: number };
  reassignmentRate: number | null;
  autoRouting: RoutingFigures & { byCategory: Record<Category, RoutingFigures>; byLanguage: Record<string, RoutingFigures> };
  needsTriageRate: number | null;
  resolvedWithoutReply: number;
}

const share = (n: number, of: number): number | null => (of === 0 ? null : Math.round((n / of) * 10_000) / 10_000);

/** Nearest-rank percentile: the smallest value with at least q of the values at or below it. */
export function percentile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

function routing(rows: readonly StatsRow[]): RoutingFigures {
  const routed = rows.filter((r) => r.routed);
  const corrected = routed.filter((r) => r.corrected).length;
  return { routed: routed.length, corrected, precision: share(routed.length - corrected, routed.length) };
}

function groupBy<K extends string>(rows: readonly StatsRow[], key: (r: StatsRow) => K): Map<K, StatsRow[]> {
  const m = new Map<K, StatsRow[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

export function computeStats(rows: readonly StatsRow[], range: { from: string; to: string; timeZone: string }): StatsReport {
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  const byLanguage: Record<string, number> = {};
  for (const r of rows) {
    byCategory[r.category]++;
    byLanguage[r.language] = (byLanguage[r.language] ?? 0) + 1;
  }
  const answered = rows.filter((r) => r.firstResponseBusinessMinutes !== null);
  const minutes = answered.map((r) => r.firstResponseBusinessMinutes!).sort((a, b) => a - b);
  const replies = answered.filter((r) => r.draftUse !== null);
  const draftAcceptance = Object.fromEntries(DRAFT_USES.map((u) => [u, share(replies.filter((r) => r.draftUse === u).length, replies.length)])) as Record<DraftUse, number | null>;
  // Routing is judged on the category the analyzer gave (the one routing acted on).
  const routedByCategory = groupBy(rows, (r) => r.aiCategory);
  const routedByLanguage = groupBy(rows, (r) => r.language);
  return {
    ...range,
    tickets: rows.length,
    byCategory,
    byLanguage: Object.fromEntries(Object.entries(byLanguage).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))),
    firstResponseBusinessMinutes: { answered: answered.length, p50: percentile(minutes, 0.5), p90: percentile(minutes, 0.9) },
    withinTarget: share(answered.filter((r) => r.withinTarget === true).length, answered.filter((r) => r.withinTarget !== null).length),
    draftAcceptance: { replies: replies.length, ...draftAcceptance },
    reassignmentRate: share(rows.filter((r) => r.reassigned).length, rows.length),
    autoRouting: {
      ...routing(rows),
      byCategory: Object.fromEntries(CATEGORIES.map((c) => [c, routing(routedByCategory.get(c) ?? [])])) as Record<Category, RoutingFigures>,
      byLanguage: Object.fromEntries([...routedByLanguage.keys()].sort().map((l) => [l, routing(routedByLanguage.get(l)!)])),
    },
    needsTriageRate: share(rows.filter((r) => r.needsTriage).length, rows.length),
    resolvedWithoutReply: rows.filter((r) => r.resolvedWithoutReply).length,
  };
}
