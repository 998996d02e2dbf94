// The performance run: `npm run bench -- [--json] [options]` (see test/bench/README.md).
// Starts the local world on free ports (Azurite, mock Graph with Outlook's limits, the fake
// Anthropic Messages API and enrichment mocks with fixed delays), runs the phases in-process
// (offline analyzer, pipeline latency vs the seed-shaped design, approvals, webhook burst against
// a Functions host child process, Graph-budget backlog), prints a table and — with --json — one
// JSON object as the last line. Every server and child process is stopped at the end.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ensureDevCert } from '../../dev/support/cert.js';
import { setLogSink } from '../../shared/log.js';
import { loadSamples } from './corpus.js';
import { ownPeakRssMb, round } from './measure.js';
import { runBacklogPhase, type BacklogResult } from './phases/backlog.js';
import { runBurstPhase, type BurstResult } from './phases/burst.js';
import { runColdStartPhase, type ColdStartResult } from './phases/coldstart.js';
import { runOfflinePhase, type OfflineResult } from './phases/offline.js';
import { runOutlookPhase, type OutlookResult } from './phases/outlook.js';
import { HAIKU_45_PRICES, runPipelinePhase, type PipelineResult } from './phases/pipeline.js';
import { runStatsPhase, type StatsResult } from './phases/stats.js';
import { benchResultSchema, judge, renderTable, type BenchResult } from './report.js';
import { startWorld, type BenchWorld } from './world.js';

const PHASES = ['offline', 'pipeline', 'outlook', 'burst', 'coldstart', 'backlog', 'stats'] as const;
type Phase = (typeof PHASES)[number];

const USAGE = `npm run bench -- [--json] [options]
  --json                       last line of output: one JSON object with every figure
  --only a,b                   phases to run: ${PHASES.join(',')} (default all)
  --samples N                  mails per design in the latency comparison (16)
  --approvals N                approvals measured (8)
  --outlook-per-kind N         Outlook changes measured per kind (3)
  --llm-delay MS               fake Anthropic delay per call (400)
  --enrichment-delay MS        Sentry/PostHog mock delay per request (150)
  --burst N                    notifications in the webhook burst (2000)
  --burst-connections N        concurrent connections firing them (20)
  --burst-rounds N             bursts against the host and the floor, taking turns; medians (5)
  --cold-rounds N              cold starts of the host and of a bare app, alternately (3 each)
  --backlog N                  tickets in the Graph-budget backlog (1000)
  --backlog-hosts N            Functions host instances draining it together (2)
  --budget N --window-ms MS    Outlook's request budget, scaled (600 per 10000 ms)
  --backlog-enrichment-delay MS  enrichment mock delay during the backlog (0)
  --host-batch-size N --host-new-batch-threshold N
                               experiment with the queue trigger's settings (default: host.json)
  --profile-host DIR           write a CPU profile of the Functions host process (burst) into DIR
  --offline-seconds S          duration of the offline-analyzer run (5)
  --stats-tickets N            tickets in the history GET /api/stats reads (100000)
  --stats-days N               days that history spans (365)
  --data-dir DIR               PGlite data dir of the accounts database (.world/bench-pglite)
  --no-progress                no progress bars`;

const positiveInt = z.coerce.number().int().positive();
const nonNegativeInt = z.coerce.number().int().nonnegative();
const optionsSchema = z.object({
  json: z.boolean(),
  only: z.array(z.enum(PHASES)).min(1),
  samples: positiveInt,
  approvals: nonNegativeInt,
  outlookPerKind: positiveInt,
  llmDelay: nonNegativeInt,
  enrichmentDelay: nonNegativeInt,
  burst: positiveInt,
  burstConnections: positiveInt,
  burstRounds: positiveInt,
  burstWarmup: nonNegativeInt,
  coldRounds: positiveInt,
  backlog: positiveInt,
  backlogHosts: positiveInt.max(8),
  budget: positiveInt,
  windowMs: positiveInt,
  backlogEnrichmentDelay: nonNegativeInt,
  offlineSeconds: z.coerce.number().positive(),
  stall: positiveInt,
  statsTickets: positiveInt,
  statsDays: positiveInt,
  hostBatchSize: positiveInt.optional(),
  hostNewBatchThreshold: nonNegativeInt.optional(),
  dataDir: z.string().min(1),
  progress: z.boolean(),
  profileHost: z.string().min(1).optional(),
});
type Options = z.infer<typeof optionsSchema>;

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      json: { type: 'boolean', default: false },
      only: { type: 'string', default: PHASES.join(',') },
      samples: { type: 'string', default: '16' },
      approvals: { type: 'string', default: '8' },
      'outlook-per-kind': { type: 'string', default: '3' },
      'llm-delay': { type: 'string', default: '400' },
      'enrichment-delay': { type: 'string', default: '150' },
      burst: { type: 'string', default: '2000' },
      'burst-connections': { type: 'string', default: '20' },
      'burst-rounds': { type: 'string', default: '5' },
      'burst-warmup': { type: 'string', default: '200' },
      'cold-rounds': { type: 'string', default: '3' },
      backlog: { type: 'string', default: '1000' },
      'backlog-hosts': { type: 'string', default: '2' },
      budget: { type: 'string', default: '600' },
      'window-ms': { type: 'string', default: '10000' },
      'backlog-enrichment-delay': { type: 'string', default: '0' },
      'offline-seconds': { type: 'string', default: '5' },
      stall: { type: 'string', default: '60' },
      'stats-tickets': { type: 'string', default: '100000' },
      'stats-days': { type: 'string', default: '365' },
      'host-batch-size': { type: 'string' },
      'host-new-batch-threshold': { type: 'string' },
      'data-dir': { type: 'string', default: '.world/bench-pglite' },
      'no-progress': { type: 'boolean', default: false },
      'profile-host': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const parsed = optionsSchema.safeParse({
    json: values.json,
    only: String(values.only).split(',').map((s) => s.trim()).filter(Boolean),
    samples: values.samples,
    approvals: values.approvals,
    outlookPerKind: values['outlook-per-kind'],
    llmDelay: values['llm-delay'],
    enrichmentDelay: values['enrichment-delay'],
    burst: values.burst,
    burstConnections: values['burst-connections'],
    burstRounds: values['burst-rounds'],
    burstWarmup: values['burst-warmup'],
    coldRounds: values['cold-rounds'],
    backlog: values.backlog,
    backlogHosts: values['backlog-hosts'],
    budget: values.budget,
    windowMs: values['window-ms'],
    backlogEnrichmentDelay: values['backlog-enrichment-delay'],
    offlineSeconds: values['offline-seconds'],
    stall: values.stall,
    statsTickets: values['stats-tickets'],
    statsDays: values['stats-days'],
    hostBatchSize: values['host-batch-size'],
    hostNewBatchThreshold: values['host-new-batch-threshold'],
    dataDir: values['data-dir'],
    progress: !values['no-progress'] && process.stderr.isTTY === true,
    profileHost: values['profile-host'] === undefined ? undefined : path.resolve(values['profile-host']),
  });
  if (!parsed.success) {
    throw new Error(`bench: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}\n${USAGE}`);
  }
  return parsed.data;
}

/**
 * The mock Graph speaks HTTPS with the world's self-signed certificate, which Node trusts only
 * through NODE_EXTRA_CA_CERTS read at process start: re-run this script once with it set.
 */
async function trustDevCertificate(): Promise<boolean> {
  const { certPath } = await ensureDevCert();
  if (process.env.NODE_EXTRA_CA_CERTS === certPath) return true;
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: certPath },
    stdio: 'inherit',
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const code = await new Promise<number>((resolve) => child.once('exit', (c, s) => resolve(c ?? (s ? 130 : 1))));
  process.exit(code);
}

function say(o: Options, text: string): void {
  if (o.progress || !o.json) process.stderr.write(`${text}\n`);
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  await trustDevCertificate();
  const started = performance.now();
  const loadAtStart = os.loadavg()[0]!;

  // The app logs one JSON line per event; keep them out of the table, in a file.
  const logFile = path.join(os.tmpdir(), `studyflash-bench-${Date.now()}.log`);
  const logStream = createWriteStream(logFile);
  const logCounts = { warnings: 0, errors: 0 };
  setLogSink((line, level) => {
    if (level === 'warn') logCounts.warnings++;
    if (level === 'error') logCounts.errors++;
    logStream.write(`${line}\n`);
  });

  const run = new Set<Phase>(o.only);
  let offline: OfflineResult | null = null;
  let pipeline: PipelineResult | null = null;
  let burst: BurstResult | null = null;
  let backlog: BacklogResult | null = null;
  let stats: StatsResult | null = null;
  let coldstart: ColdStartResult | null = null;
  let outlook: OutlookResult | null = null;
  const samples = await loadSamples('support@studyflash.test');

  // One core, nothing else running yet: the offline analyzer's throughput.
  if (run.has('offline')) {
    say(o, `offline analyzer: ${samples.length} sample mails, again and again for ${o.offlineSeconds} s on one core…`);
    offline = await runOfflinePhase(samples, o.offlineSeconds);
  }

  let world: BenchWorld | null = null;
  const stop = async () => {
    const w = world;
    world = null;
    await w?.close();
  };
  const onSignal = () => {
    void stop().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    if (run.has('pipeline') || run.has('outlook') || run.has('burst') || run.has('coldstart') || run.has('backlog') || run.has('stats')) {
      say(o, 'starting the local world (Azurite, enrichment mocks + accounts Postgres, fake Anthropic)…');
      world = await startWorld({ llmDelayMs: o.llmDelay, enrichmentDelayMs: o.enrichmentDelay, dataDir: o.dataDir });
    }
    if (world && run.has('pipeline')) {
      say(o, `pipeline: ${o.samples} mails through the product's pipeline and the seed-shaped one (LLM ${o.llmDelay} ms/call, enrichment ${o.enrichmentDelay} ms/request)…`);
      pipeline = await runPipelinePhase(world, samples, { samples: o.samples, approvals: Math.min(o.approvals, o.samples), showProgress: o.progress });
    }
    if (world && run.has('outlook')) {
      say(o, `outlook: new tickets and ${o.outlookPerKind} Outlook changes per kind through real notifications to an in-process Functions host…`);
      outlook = await runOutlookPhase(world, samples, { perKind: o.outlookPerKind, showProgress: o.progress });
    }
    if (world && run.has('burst')) {
      say(o, `webhook burst: ${o.burstRounds} × ${o.burst} notifications over ${o.burstConnections} connections to a Functions host process, taking turns with the floor…`);
      burst = await runBurstPhase(world, { notifications: o.burst, connections: o.burstConnections, warmup: o.burstWarmup, rounds: o.burstRounds, profileDir: o.profileHost });
    }
    if (world && run.has('coldstart')) {
      say(o, `cold start: the Functions host and a bare @azure/functions app, ${o.coldRounds} starts each…`);
      coldstart = await runColdStartPhase(world, { rounds: o.coldRounds });
    }
    if (world && run.has('backlog')) {
      say(o, `backlog: ${o.backlog} tickets through the queue on ${o.backlogHosts} host instance(s) with Outlook's limits (4 concurrent, ${o.budget} requests per ${o.windowMs / 1000} s)…`);
      backlog = await runBacklogPhase(world, samples, {
        tickets: o.backlog,
        hosts: o.backlogHosts,
        budget: o.budget,
        windowMs: o.windowMs,
        enrichmentDelayMs: o.backlogEnrichmentDelay,
        stallS: o.stall,
        hostQueues: {
          ...(o.hostBatchSize !== undefined ? { batchSize: o.hostBatchSize } : {}),
          ...(o.hostNewBatchThreshold !== undefined ? { newBatchThreshold: o.hostNewBatchThreshold } : {}),
        },
        showProgress: o.progress,
      });
    }
    if (world && run.has('stats')) {
      say(o, `stats: ${o.statsTickets} tickets over ${o.statsDays} days, then GET /api/stats for a month, a week and the year…`);
      stats = await runStatsPhase(world, { tickets: o.statsTickets, days: o.statsDays });
    }
  } finally {
    await stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  await new Promise<void>((resolve) => logStream.end(resolve));

  const result = assemble(o, { offline, pipeline, burst, coldstart, backlog, stats, outlook }, { file: logFile, ...logCounts }, (performance.now() - started) / 1000, loadAtStart);
  process.stdout.write(renderTable(result, details(result, { offline, pipeline, burst, coldstart, backlog, stats, outlook })));
  if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
}

function assemble(
  o: Options,
  p: { offline: OfflineResult | null; pipeline: PipelineResult | null; burst: BurstResult | null; coldstart: ColdStartResult | null; backlog: BacklogResult | null; stats: StatsResult | null; outlook: OutlookResult | null },
  log: BenchResult['log'],
  durationS: number,
  loadAtStart: number,
): BenchResult {
  const real = p.pipeline?.real;
  const values = {
    llmCallsPerTicket: real?.llmCallsPerTicket ?? null,
    speedupVsSeedShape: p.pipeline?.speedupVsSeedShape ?? null,
    graphRequestsPerTicket: ticketGraphRequests(real?.graphRequestsPerTicket ?? null, p.outlook),
    graphRequestsPerApproval: p.pipeline && p.pipeline.approval.approvals > 0 ? p.pipeline.approval.graphRequestsPerApproval : null,
    webhookAckP99Ms: p.burst?.ackMs.p99 ?? null,
    webhookAckP99VsFloor: p.burst?.ackP99VsFloor ?? null,
    coldStartVsBare: p.coldstart ? round(p.coldstart.hostMs / Math.max(1, p.coldstart.bareMs), 2) : null,
    graphBudgetUtilization: p.backlog?.graphBudgetUtilization ?? null,
    crossInstancePeakConcurrency: p.backlog?.crossInstancePeakConcurrency ?? null,
    concurrency429s: p.backlog?.throttledBy.concurrency ?? null,
    lost: p.backlog?.lost ?? null,
    doubled: p.backlog?.doubled ?? null,
    offlineTicketsPerSecond: p.offline?.ticketsPerSecond ?? null,
    cacheHitRate: real?.cacheHitRate ?? null,
    statsMonthStorageReads: p.stats?.month.storageReads ?? null,
  };
  const cpus = os.cpus();
  const result: BenchResult = {
    ...values,
    inputTokensPerTicket: real?.inputTokensPerTicket ?? null,
    outputTokensPerTicket: real?.outputTokensPerTicket ?? null,
    cacheReadTokensPerTicket: real?.cacheReadTokensPerTicket ?? null,
    cacheWriteTokensPerTicket: real?.cacheWriteTokensPerTicket ?? null,
    costPer1000TicketsUsd: real?.costPer1000TicketsUsd ?? null,
    criticalPathMs: real?.criticalPathMs?.total ?? null,
    tokenCounting: `Token counts come from the fake Messages API, which estimates every text as characters/3 — conservative for nine languages — (plus Anthropic's documented tool-use overhead and prompt-cache rules); prices are Claude Haiku 4.5 list prices: $${HAIKU_45_PRICES.input}/MTok input, $${HAIKU_45_PRICES.output}/MTok output, cache write ${HAIKU_45_PRICES.cacheWrite}x and cache read ${HAIKU_45_PRICES.cacheRead}x of input.`,
    graphRequestsPerOutlookChange: p.outlook?.graphRequestsPerOutlookChange ?? null,
    graphRequestsPerEditedApproval: p.pipeline && p.pipeline.approval.approvals > 1 ? p.pipeline.approval.graphRequestsPerEditedApproval : null,
    peakRssMb: ownPeakRssMb(),
    hostPeakRssMb: p.burst?.hostPeakRssMb ?? null,
    webhookFloorP99Ms: p.burst?.floor.ackMs.p99 ?? null,
    webhookDurableFloorP99Ms: p.burst?.durableFloor.ackMs.p99 ?? null,
    webhookAckP99VsDurableFloor: p.burst?.ackP99VsDurableFloor ?? null,
    webhookDurableFloorVsFloor: p.burst?.durableFloorVsFloor ?? null,
    webhookHostCpuMsPerNotification: p.burst?.cpuMsPerNotification.host ?? null,
    coldStartMs: p.coldstart?.hostMs ?? null,
    coldStartBareMs: p.coldstart?.bareMs ?? null,
    coldStartFirstNotificationMs: p.coldstart?.hostFirstNotificationMs ?? null,
    goals: judge(values),
    statsMonthMs: p.stats?.month.ms ?? null,
    statsYearMs: p.stats?.year.ms ?? null,
    statsYearStorageReads: p.stats?.year.storageReads ?? null,
    phases: { offline: p.offline, pipeline: p.pipeline, burst: p.burst, coldstart: p.coldstart, backlog: p.backlog, stats: p.stats, outlook: p.outlook },
    settings: {
      phases: o.only.join(','),
      samples: o.samples,
      statsTickets: o.statsTickets,
      statsDays: o.statsDays,
      approvals: o.approvals,
      outlookPerKind: o.outlookPerKind,
      llmDelayMs: o.llmDelay,
      enrichmentDelayMs: o.enrichmentDelay,
      burst: o.burst,
      burstConnections: o.burstConnections,
      burstWarmup: o.burstWarmup,
      burstRounds: o.burstRounds,
      coldRounds: o.coldRounds,
      backlog: o.backlog,
      backlogHosts: o.backlogHosts,
      budget: o.budget,
      windowMs: o.windowMs,
      backlogEnrichmentDelayMs: o.backlogEnrichmentDelay,
      offlineSeconds: o.offlineSeconds,
      hostQueues: backlogQueues(p.backlog),
    },
    machine: { cpu: cpus[0]?.model.trim() ?? 'unknown', cores: cpus.length, node: process.version, platform: `${process.platform}-${process.arch}`, memoryGb: round(os.totalmem() / 2 ** 30, 1), loadAverage1m: { start: round(loadAtStart, 2), end: round(os.loadavg()[0]!, 2) } },
    durationS: round(durationS, 1),
    log,
  };
  return benchResultSchema.parse(result);
}

/**
 * A new ticket's Graph requests: the pipeline's (phase pipeline) plus what the Outlook sync spends
 * on the notifications of the product's own writes (phase outlook); either alone when only one ran.
 */
function ticketGraphRequests(pipeline: number | null, outlook: OutlookResult | null): number | null {
  if (pipeline === null) return outlook?.graphRequestsPerTicket ?? null;
  return round(pipeline + (outlook?.ownWriteEchoRequestsPerTicket ?? 0), 2);
}

function backlogQueues(b: BacklogResult | null): string {
  return b ? `batchSize ${b.hostQueue.batchSize}, newBatchThreshold ${b.hostQueue.newBatchThreshold}` : 'host.json';
}

function details(r: BenchResult, p: { offline: OfflineResult | null; pipeline: PipelineResult | null; burst: BurstResult | null; coldstart: ColdStartResult | null; backlog: BacklogResult | null; stats: StatsResult | null; outlook: OutlookResult | null }): string[] {
  const out: string[] = [];
  if (p.stats) {
    const q = (name: string, f: StatsResult['month']) => `${name} (${f.days} days, ${f.rows} tickets) ${f.ms} ms, ${f.storageReads} storage reads (first answer after the writes ${f.coldMs} ms, ${f.coldStorageReads} reads)`;
    out.push(`GET /api/stats over ${p.stats.tickets} stored tickets in ${p.stats.days} days (seeded in ${p.stats.seedSeconds} s): ${q('month', p.stats.month)}; ${q('week', p.stats.week)}; ${q('year', p.stats.year)}`);
  }
  if (p.pipeline) {
    const { real, seed, approval } = p.pipeline;
    out.push(
      `latency notification→card (${p.pipeline.tickets} mails each): pipeline p50 ${real.latencyMs.p50} ms, p90 ${real.latencyMs.p90} ms | seed-shaped p50 ${seed.latencyMs.p50} ms, p90 ${seed.latencyMs.p90} ms`,
      `LLM per ticket: pipeline ${real.llmCallsPerTicket} calls, ${real.inputTokensPerTicket} in + ${real.cacheReadTokensPerTicket} cache-read + ${real.cacheWriteTokensPerTicket} cache-write + ${real.outputTokensPerTicket} out tokens → $${real.costPer1000TicketsUsd} per 1,000 tickets`,
      `                seed-shaped ${seed.llmCallsPerTicket} calls, ${seed.inputTokensPerTicket} in + ${seed.outputTokensPerTicket} out tokens → $${seed.costPer1000TicketsUsd} per 1,000 tickets`,
      `  (${r.tokenCounting})`,
      `pipeline steps, mean ms: ${Object.entries(real.stepsMs).map(([k, v]) => `${k} ${v}`).join(', ')}`,
      `critical path: ${real.criticalPathMs ? `enrichment wait ${real.criticalPathMs.enrichmentWait} ms + Claude call ${real.criticalPathMs.claudeCall} ms = ${real.criticalPathMs.total} ms` : '—'} | prompt cache hit rate ${real.cacheHitRate ?? '—'}`,
      `Graph per ticket: ${Object.entries(real.graphRoutes).map(([k, v]) => `${k} ×${v}`).join(', ') || '—'}${real.degraded ? ` | ${real.degraded} ticket(s) fell back from Claude` : ''}`,
      `Graph per approval (${approval.approvals}): ${Object.entries(approval.routes).map(([k, v]) => `${k} ×${v}`).join(', ') || '—'}; as shown ${approval.graphRequestsPerApproval}, edited ${approval.graphRequestsPerEditedApproval} (approve + sendReply from shared/teams)`,
    );
  }
  if (p.outlook) out.push(...outlookDetails(p.outlook));
  if (p.burst) {
    const b = p.burst;
    out.push(
      `webhook: ${b.rounds} × ${b.notifications} notifications, ${b.connections} connections, ${b.requestsPerSecond}/s; ack p50 ${b.ackMs.p50} ms, p99 ${b.ackMs.p99} ms (median round; rounds ${b.roundP99Ms.host.join(' / ')}), max ${b.ackMs.max} ms; non-2xx ${b.non2xx}, errors ${b.errors}; enqueued ${b.enqueued}/${b.expectedEnqueued} in ${b.queueMessages} queue messages; CPU ms per notification: host ${b.cpuMsPerNotification.host ?? '—'}, Azurite ${b.cpuMsPerNotification.azurite ?? '—'}, autocannon ${b.cpuMsPerNotification.bench}; host peak RSS ${b.hostPeakRssMb ?? '—'} MB`,
      `webhook floor (bare Node server answering 202, same load): ${b.floor.requestsPerSecond}/s; ack p50 ${b.floor.ackMs.p50} ms, p99 ${b.floor.ackMs.p99} ms (median round; rounds ${b.roundP99Ms.floor.join(' / ')}); host p99 / floor p99 = ${b.ackP99VsFloor}`,
      `webhook durable floor (bare Node server that acknowledges after the same group-committed queue write): ${b.durableFloor.requestsPerSecond}/s; ack p50 ${b.durableFloor.ackMs.p50} ms, p99 ${b.durableFloor.ackMs.p99} ms (rounds ${b.roundP99Ms.durableFloor.join(' / ')}); host p99 / durable floor p99 = ${b.ackP99VsDurableFloor}; durable floor / floor = ${b.durableFloorVsFloor}`,
    );
  }
  if (p.coldstart) {
    const c = p.coldstart;
    out.push(`cold start (spawn → first answered GET /api/health, median of ${c.rounds}): host ${c.hostMs} ms (${c.hostRunsMs.join(', ')}), bare @azure/functions app ${c.bareMs} ms (${c.bareRunsMs.join(', ')}); host to its first webhook answer (handshake, adapters built) ${c.hostFirstNotificationMs} ms`);
  }
  if (p.backlog) {
    const b = p.backlog;
    out.push(
      `backlog: ${b.completed}/${b.tickets} tickets on ${b.hosts} host instance(s) in ${b.durationS} s; peak Graph concurrency across them ${b.crossInstancePeakConcurrency}; gate storage calls per Graph request ${b.gate?.storageCallsPerGraphRequest ?? '—'} (hand-offs ${b.gate?.handOffShare ?? '—'}, tickets per host ${b.ticketsPerHost.join('/')}); Graph ${b.achievedRequestsPerSecond}/s admitted of ${b.budgetPerSecond}/s budget (window occupancy ${b.graphBudgetUtilization}, overall ${b.overallRateRatio}); ${b.graphRequestsPerTicket} requests/ticket; 429s ${b.throttled} (budget ${b.throttledBy.budget}, concurrency ${b.throttledBy.concurrency}); queue trigger ${backlogQueues(b)}; poison ${b.poisoned}; lost ${b.lost}, doubled ${b.doubled}`,
      `backlog CPU ms per ticket: this process ${b.cpuMsPerTicket.bench} (pipeline + mock Graph + enrichment mocks + PGlite), Azurite ${b.cpuMsPerTicket.azurite ?? '—'}`,
      `backlog steps, mean ms: ${Object.entries(b.stepsMs).map(([k, v]) => `${k} ${v}`).join(', ')}`,
      `  first tenth: ${Object.entries(b.stepsMsFirstTenth).map(([k, v]) => `${k} ${v}`).join(', ')}`,
      `  last tenth:  ${Object.entries(b.stepsMsLastTenth).map(([k, v]) => `${k} ${v}`).join(', ')}`,
      ...b.problems.map((x) => `  ${x}`),
    );
  }
  if (p.offline) out.push(`offline analyzer: ${p.offline.analyses} analyses of ${p.offline.mails} mails in ${p.offline.seconds} s wall, ${p.offline.cpuSeconds} s CPU → ${p.offline.ticketsPerSecond}/CPU-second, ${p.offline.ticketsPerWallSecond}/wall-second (warm-up ${p.offline.warmupMs} ms)`);
  out.push(
    `memory: bench process peak RSS ${r.peakRssMb} MB (pipeline + in-process mocks + PGlite), Functions host process ${r.hostPeakRssMb ?? '—'} MB`,
    `machine: ${r.machine.cpu}, ${r.machine.cores} cores, Node ${r.machine.node}, load average ${r.machine.loadAverage1m.start} → ${r.machine.loadAverage1m.end}; ${r.durationS} s; app log ${r.log.file} (${r.log.warnings} warnings, ${r.log.errors} errors)`,
  );
  return out;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

function outlookDetails(x: OutlookResult): string[] {
  const routes = (r: Record<string, number>) => Object.entries(r).map(([k, v]) => `${k} ×${v}`).join(', ') || '—';
  return [
    `outlook: a new ticket end to end ${x.graphRequestsPerTicket} requests = pipeline ${x.pipelineRequestsPerTicket} + sync of the own writes' notifications ${x.ownWriteEchoRequestsPerTicket} (${x.echoSyncRunsPerTicket} sync runs/ticket) over ${x.tickets} tickets; ${routes(x.ticketRoutes)}`,
    `Graph per Outlook change: ${Object.entries(x.graphRequestsPerOutlookChange).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    ...Object.entries(x.routesPerChange).map(([k, r]) => `  ${k}: ${routes(r)}`),
    ...x.problems.map((q) => `  problem: ${q}`),
  ];
}
