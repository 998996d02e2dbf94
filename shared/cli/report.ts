// The team's numbers in the terminal, from the same stats rows as GET /api/stats.
//   npm run report -- [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]
//   npm run report -- --rebuild   writes the stats row of every stored ticket first (after an upgrade)
// Exit 0 on success, 1 when storage cannot be read, 2 for usage errors.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../config.js';
import { AppError } from '../errors.js';
import { TableTicketStore } from '../storage/tables.js';
import type { TicketStore } from '../ports.js';
import { rebuildStatsRows, statsFor, statsRange, TableStatsIndex, type RoutingFigures, type StatsIndex, type StatsReport } from '../stats/index.js';

export interface ReportIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);
const num = (v: number | null) => (v === null ? '—' : String(v));

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd());
}

const routingRow = (name: string, r: RoutingFigures) => [name, String(r.routed), String(r.corrected), pct(r.precision)];

/** The report as the table a lead reads. */
export function formatReport(r: StatsReport): string[] {
  const lines = [`Tickets created ${r.from} … ${r.to} (${r.timeZone})`, ''];
  lines.push(
    ...table([
      ['figure', 'value'],
      ['tickets', String(r.tickets)],
      ...Object.entries(r.byCategory).map(([c, n]) => [`  ${c}`, String(n)]),
      ...Object.entries(r.byLanguage).map(([l, n]) => [`  language ${l}`, String(n)]),
      ['first response p50 (business min)', num(r.firstResponseBusinessMinutes.p50)],
      ['first response p90 (business min)', num(r.firstResponseBusinessMinutes.p90)],
      ['answered', String(r.firstResponseBusinessMinutes.answered)],
      ['answered within target', pct(r.withinTarget)],
      ['draft kept unchanged', pct(r.draftAcceptance.unchanged)],
      ['draft edited', pct(r.draftAcceptance.edited)],
      ['draft rewritten', pct(r.draftAcceptance.rewritten)],
      ['no draft used', pct(r.draftAcceptance.none)],
      ['reassignment rate', pct(r.reassignmentRate)],
      ['needs-triage rate', pct(r.needsTriageRate)],
      ['resolved without reply', String(r.resolvedWithoutReply)],
    ]),
    '',
    'Auto-routing',
    ...table([
      ['', 'routed', 'corrected', 'precision'],
      routingRow('all', r.autoRouting),
      ...Object.entries(r.autoRouting.byCategory).map(([c, f]) => routingRow(c, f)),
      ...Object.entries(r.autoRouting.byLanguage).map(([l, f]) => routingRow(`language ${l}`, f)),
    ]),
  );
  return lines;
}

export function parseArgs(argv: readonly string[]): { from?: string; to?: string; json: boolean; rebuild: boolean } {
  const out: { from?: string; to?: string; json: boolean; rebuild: boolean } = { json: false, rebuild: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (flag === '--json') out.json = true;
    else if (flag === '--rebuild') out.rebuild = true;
    else if (flag === '--from' || flag === '--to') {
      const v = inline ?? argv[++i];
      if (!v) throw new AppError('invalid-input', `${flag} needs a date like 2026-11-01`);
      out[flag === '--from' ? 'from' : 'to'] = v;
    } else throw new AppError('invalid-input', `unknown option ${a} (use --from, --to, --json, --rebuild)`);
  }
  return out;
}

export async function runReport(argv: readonly string[], deps: { index: StatsIndex; timeZone: string; now?: Date; io: ReportIo; store?: () => TicketStore }): Promise<number> {
  let args;
  let range;
  try {
    args = parseArgs(argv);
    range = statsRange(args, deps.now ?? new Date(), deps.timeZone);
  } catch (err) {
    deps.io.err(`report: ${(err as Error).message}`);
    return 2;
  }
  try {
    if (args.rebuild) {
      if (!deps.store) throw new AppError('invalid-input', '--rebuild needs the ticket store');
      deps.io.err(`report: wrote the stats rows of ${await rebuildStatsRows(deps.store(), deps.index, deps.timeZone)} tickets`);
    }
    const report = await statsFor(deps.index, range, deps.timeZone);
    if (args.json) deps.io.out(JSON.stringify(report, null, 2));
    else for (const l of formatReport(report)) deps.io.out(l);
    return 0;
  } catch (err) {
    deps.io.err(`report: could not read the stats: ${(err as Error).message}`);
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : String(err));
    process.exit(2);
  }
  const io: ReportIo = { out: (l) => console.log(l), err: (l) => console.error(l) };
  process.exitCode = await runReport(process.argv.slice(2), {
    index: new TableStatsIndex(config.storageConnection, config.tablePrefix),
    store: () => new TableTicketStore(config.storageConnection, config.tablePrefix),
    timeZone: config.businessTimezone,
    io,
  });
}
