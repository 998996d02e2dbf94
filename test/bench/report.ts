// The benchmark's result: one JSON object (its schema is what the smoke test and CI readers rely
// on), the goals it is judged against, and the readable table.
import { z } from 'zod';

const num = z.number().finite();
const maybe = num.nullable();

export const GOALS = [
  { metric: 'llmCallsPerTicket', op: '<=', goal: 1.05 },
  { metric: 'speedupVsSeedShape', op: '>=', goal: 2.5 },
  { metric: 'graphRequestsPerTicket', op: '<=', goal: 4 },
  { metric: 'graphRequestsPerApproval', op: '<=', goal: 2 },
  { metric: 'webhookAckP99Ms', op: '<=', goal: 50 },
  { metric: 'webhookAckP99VsFloor', op: '<=', goal: 3 },
  { metric: 'coldStartVsBare', op: '<=', goal: 2 },
  { metric: 'graphBudgetUtilization', op: '>=', goal: 0.9 },
  // The backlog runs on several host instances: Outlook's 4 concurrent requests per mailbox must hold across them.
  { metric: 'crossInstancePeakConcurrency', op: '<=', goal: 4 },
  { metric: 'concurrency429s', op: '<=', goal: 0 },
  { metric: 'lost', op: '<=', goal: 0 },
  { metric: 'doubled', op: '<=', goal: 0 },
  { metric: 'offlineTicketsPerSecond', op: '>=', goal: 1000 },
  { metric: 'cacheHitRate', op: '>=', goal: 0.9 },
  // A month of numbers reads that month's day partitions (about one page each), never the history.
  { metric: 'statsMonthStorageReads', op: '<=', goal: 62 },
] as const;

export type GoalMetric = (typeof GOALS)[number]['metric'];

export const benchResultSchema = z.object({
  llmCallsPerTicket: maybe,
  inputTokensPerTicket: maybe,
  outputTokensPerTicket: maybe,
  cacheReadTokensPerTicket: maybe,
  cacheWriteTokensPerTicket: maybe,
  costPer1000TicketsUsd: maybe,
  cacheHitRate: maybe,
  criticalPathMs: maybe,
  tokenCounting: z.string(),
  speedupVsSeedShape: maybe,
  graphRequestsPerTicket: maybe,
  graphRequestsPerApproval: maybe,
  graphRequestsPerEditedApproval: maybe,
  /** Per kind of Outlook change (sent-from-outlook, category, flag, junk, read-only), phase outlook. */
  graphRequestsPerOutlookChange: z.record(z.string(), num).nullable(),
  webhookAckP99Ms: maybe,
  webhookAckP99VsFloor: maybe,
  webhookFloorP99Ms: maybe,
  /** A bare server acknowledging after the same group-committed queue write (phase burst). */
  webhookDurableFloorP99Ms: maybe,
  webhookAckP99VsDurableFloor: maybe,
  webhookDurableFloorVsFloor: maybe,
  webhookHostCpuMsPerNotification: maybe,
  coldStartVsBare: maybe,
  coldStartMs: maybe,
  coldStartBareMs: maybe,
  coldStartFirstNotificationMs: maybe,
  graphBudgetUtilization: maybe,
  crossInstancePeakConcurrency: maybe,
  concurrency429s: maybe,
  lost: maybe,
  doubled: maybe,
  offlineTicketsPerSecond: maybe,
  peakRssMb: num,
  hostPeakRssMb: maybe,
  statsMonthStorageReads: maybe,
  statsMonthMs: maybe,
  statsYearMs: maybe,
  statsYearStorageReads: maybe,
  goals: z.array(z.object({ metric: z.string(), op: z.enum(['<=', '>=']), goal: num, value: maybe, met: z.boolean().nullable() })),
  phases: z.object({
    offline: z.unknown().nullable(),
    pipeline: z.unknown().nullable(),
    burst: z.unknown().nullable(),
    coldstart: z.unknown().nullable(),
    backlog: z.unknown().nullable(),
    stats: z.unknown().nullable(),
    outlook: z.unknown().nullable().optional(),
  }),
  settings: z.record(z.string(), z.union([z.string(), num, z.boolean()])),
  machine: z.object({ cpu: z.string(), cores: num, node: z.string(), platform: z.string(), memoryGb: num, loadAverage1m: z.object({ start: num, end: num }) }),
  durationS: num,
  log: z.object({ file: z.string(), warnings: num, errors: num }),
});
export type BenchResult = z.infer<typeof benchResultSchema>;

export function judge(values: Record<GoalMetric, number | null>): BenchResult['goals'] {
  return GOALS.map((g) => {
    const value = values[g.metric];
    const met = value === null ? null : g.op === '<=' ? value <= g.goal : value >= g.goal;
    return { metric: g.metric, op: g.op, goal: g.goal, value, met };
  });
}

function fmt(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined) return '—';
  return Number.isInteger(v) ? String(v) : v.toFixed(digits);
}

/** The readable summary: goals first, then the figures behind them. */
export function renderTable(r: BenchResult, details: string[]): string {
  const rows = r.goals.map((g) => [g.metric, `${g.op} ${g.goal}`, fmt(g.value), g.met === null ? 'not run' : g.met ? 'met' : 'MISSED']);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...[['figure', 'goal', 'measured', ''], ...rows].map((row) => row[i]!.length)));
  const line = (row: string[]) => `  ${row.map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('   ')}`;
  const out = ['', line(['figure', 'goal', 'measured', '']), `  ${widths.map((w) => '-'.repeat(w)).join('   ')}`, ...rows.map(line), ''];
  out.push(...details.map((d) => `  ${d}`), '');
  return out.join('\n');
}
