// Phase "backlog": a backlog of new mails drained through the real queue and processTicket while
// the mock Graph enforces Outlook's per-mailbox limits (4 concurrent; the 10,000-per-10-minutes
// budget scaled down so the run stays short). The pipeline runs in the local Functions host's
// queue trigger (host.json batchSize / newBatchThreshold / visibilityTimeout, redelivery and poison
// queue), with the offline analyzer so that Graph, not the LLM, is the bottleneck; 429s are
// handled by the product's Graph policy (the SDK's RetryHandler honouring Retry-After).
//
// Several host instances (default 2) drain the queue together, each with its own services and its
// own Graph gate, sharing only what Azure instances share: the storage account (the queue, the
// tickets, the gate's blob-lease slots) and the mailbox. They run in this process, as separate
// hosts; the mock Graph sees their requests together.
//
// Measured: how much of the request budget the pipeline manages to use, the peak of concurrent
// Graph requests across the instances (Outlook allows 4 per mailbox) and the mock's concurrency
// 429s, the gate's storage calls, and whether every backlog message became exactly one ticket,
// one draft and one set of categories.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { QueueClient } from '@azure/storage-queue';
import { processTicketHandler } from '../../../functions/processTicket.js';
import { startHost } from '../../../dev/host/host.js';
import { readHostJson } from '../../../dev/host/settings.js';
import { REPO_ROOT } from '../../../dev/support/cert.js';
import type { MockGraph } from '../../../dev/graph/server.js';
import { createServices, type Services } from '../../../functions/app.js';
import { SharedGate } from '../../../shared/graph/shared-gate.js';
import { DEFAULT_GRAPH_POLICY } from '../../../shared/graph/request.js';
import { OfflineAnalyzer } from '../../../shared/ai/offline/analyzer.js';
import { CATEGORIES } from '../../../shared/domain.js';
import { TableTicketStore } from '../../../shared/storage/tables.js';
import { createEnricher } from '../../../shared/enrichment/enricher.js';
import { createLogger } from '../../../shared/log.js';
import { StorageWorkQueue } from '../../../shared/storage/queue.js';
import { ticketIdFor } from '../../../shared/tickets/process.js';
import { backlogMails, type Sample } from '../corpus.js';
import { cpuMsOf, meanStepTimings, ticketTimings, progress, round, TimedCards } from '../measure.js';
import { runId, type BenchWorld } from '../world.js';

export interface BacklogOptions {
  tickets: number;
  /** Host instances draining the queue together. */
  hosts: number;
  /** Requests per window per mailbox (Outlook: 10,000 per 600,000 ms). */
  budget: number;
  windowMs: number;
  /** Delay of the enrichment mocks during this phase (small, so Graph is the bottleneck). */
  enrichmentDelayMs: number;
  /** Overrides of host.json extensions.queues (experiments); default: host.json as deployed. */
  hostQueues?: { batchSize?: number; newBatchThreshold?: number };
  /**
   * What-if experiment, off by default: serve the ticket store's list() (routing's open-ticket load)
   * from a cache this many ms old at most, to show how much of the run that query costs.
   */
  /** Give up when no ticket completed for this long. */
  stallS: number;
  showProgress: boolean;
}

export interface BacklogResult {
  tickets: number;
  hosts: number;
  /** The most Graph requests in flight for the mailbox at once, all instances together (the mock's count). */
  crossInstancePeakConcurrency: number;
  /** Tickets each instance completed (the queue shares the work). */
  ticketsPerHost: number[];
  /** The shared gate's cost: storage calls (lease acquire, conflicts included, release, renew) per Graph request, and the share of requests that got a slot handed over. */
  gate: { storageCallsPerGraphRequest: number; handOffShare: number; acquireConflicts: number } | null;
  completed: number;
  durationS: number;
  /** Share of the request budget in use, averaged over every window-long interval of the run. */
  graphBudgetUtilization: number;
  /** Admitted requests per second over the whole run ÷ budget per second (the first window's full budget inflates it on short runs). */
  overallRateRatio: number;
  budgetPerSecond: number;
  achievedRequestsPerSecond: number;
  graphRequests: number;
  admittedRequests: number;
  graphRequestsPerTicket: number;
  throttled: number;
  throttledBy: { concurrency: number; budget: number };
  peakConcurrency: number;
  lost: number;
  doubled: number;
  problems: string[];
  poisoned: number;
  routes: Record<string, number>;
  enrichmentDelayMs: number;
  /** CPU ms per ticket while draining: this process (pipeline + mock Graph + enrichment mocks + PGlite) and Azurite. */
  cpuMsPerTicket: { bench: number; azurite: number | null };
  /** Mean ms per step as processTicket records them. */
  stepsMs: Record<string, number>;
  stepsMsFirstTenth: Record<string, number>;
  stepsMsLastTenth: Record<string, number>;
  hostQueue: { batchSize: number; newBatchThreshold: number };
}

interface Point {
  t: number;
  admitted: number;
}

/** Mean over the run of (admitted requests in the preceding window ÷ budget), sampled at each poll from t0 + window on. */
export function windowOccupancy(series: readonly Point[], t0: number, tEnd: number, budget: number, windowMs: number): number | null {
  const at = (t: number): number => {
    let v = 0;
    for (const s of series) {
      if (s.t <= t) v = s.admitted;
      else break;
    }
    return v;
  };
  const points = series.filter((s) => s.t >= t0 + windowMs && s.t <= tEnd);
  if (points.length === 0) return null;
  const occ = points.map((p) => (p.admitted - at(p.t - windowMs)) / budget);
  return occ.reduce((a, b) => a + b, 0) / occ.length;
}

export async function runBacklogPhase(world: BenchWorld, samples: readonly Sample[], o: BacklogOptions): Promise<BacklogResult> {
  const graph: MockGraph = await world.graph({ limits: { concurrency: 4, budget: o.budget, windowMs: o.windowMs } });
  const id = runId();
  const config = world.config({ graph, queueName: `bench-backlog-${id}`, tablePrefix: `BenchB${id}`, extra: { GRAPH_GATE: 'storage' } });
  const cards = new TimedCards();
  const queue = new StorageWorkQueue(config.storageConnection, config.queueName);
  // One set of services per instance: own Graph client and gate, own storage clients.
  const gates: SharedGate[] = [];
  const instances: Services[] = [];
  const completedBy: number[] = [];
  for (let i = 0; i < o.hosts; i++) {
    const enricher = createEnricher(config, { log: createLogger('enrichment') });
    world.onClose(() => enricher.close());
    const gate = new SharedGate({ connection: config.storageConnection, mailbox: config.supportMailbox, slots: DEFAULT_GRAPH_POLICY.concurrency, container: `graph-gate-${id}` });
    gates.push(gate);
    completedBy.push(0);
    instances.push(
      createServices(config, {
        analyzer: new OfflineAnalyzer(),
        enricher,
        cards,
        graphGate: gate,
        queue: new StorageWorkQueue(config.storageConnection, config.queueName),
        store: new TableTicketStore(config.storageConnection, config.tablePrefix),
      }),
    );
  }
  const services = instances[0]!;

  // 1. The backlog: N new conversations in the Inbox, one queue message each.
  const mails = backlogMails(samples, o.tickets, id);
  const ids: string[] = [];
  const loading = progress('backlog: deliver', mails.length, o.showProgress);
  for (const m of mails) {
    ids.push((await graph.deliver(m.raw)).id);
    loading.tick();
  }
  loading.stop();
  await queue.enqueueMany(ids.map((messageId) => ({ messageId, source: 'notification' as const })));

  // 2. Drain it through the host's queue trigger.
  const delays = [world.enrichment.sentry, world.enrichment.posthog];
  for (const d of delays) d.setDelay(o.enrichmentDelayMs);
  graph.resetStats();
  const series: Point[] = [];
  const bar = progress('backlog: process', o.tickets, o.showProgress);
  const hosts = await Promise.all(
    instances.map((s, i) =>
      startHost({
        functions: [
          {
            kind: 'queue',
            name: 'processTicket',
            queueName: config.queueName,
            handler: async (message, ctx) => {
              await processTicketHandler(() => s)(message, ctx);
              completedBy[i]!++;
            },
          },
        ],
        storageConnection: config.storageConnection,
        queues: o.hostQueues,
        log: createLogger(`host-${i + 1}`),
      }),
    ),
  );
  const azuritePid = world.azurite.process.pid;
  const cpu0 = { bench: process.cpuUsage(), azurite: azuritePid ? cpuMsOf(azuritePid) : null };
  const t0 = performance.now();
  let tEnd = t0;
  let done = 0;
  let lastProgress = t0;
  try {
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      const now = performance.now();
      const s = graph.stats();
      series.push({ t: now, admitted: s.requests - s.throttled });
      const completed = cards.postsByTicket().size;
      if (completed > done) {
        bar.tick(completed - done, { note: `Graph ${round((s.requests - s.throttled) / ((now - t0) / 1000), 0)}/s, 429s ${s.throttled}` });
        done = completed;
        lastProgress = now;
        tEnd = now;
      }
      if (done >= o.tickets) break;
      if (now - lastProgress > o.stallS * 1000) break;
    }
  } finally {
    bar.stop();
    await Promise.all(hosts.map((h) => h.stop(5000)));
    for (const d of delays) d.setDelay(world.options.enrichmentDelayMs);
  }
  const final = graph.stats();
  const benchCpu = process.cpuUsage(cpu0.bench);
  const azuriteCpuEnd = azuritePid ? cpuMsOf(azuritePid) : null;
  const cpuMsPerTicket = {
    bench: round((benchCpu.user + benchCpu.system) / 1000 / Math.max(1, done), 1),
    azurite: cpu0.azurite === null || azuriteCpuEnd === null ? null : round((azuriteCpuEnd - cpu0.azurite) / Math.max(1, done), 1),
  };
  const durationS = (tEnd - t0) / 1000;
  const admitted = final.requests - final.throttled;

  // 3. Exactly once? Per backlog message: one ticket, one draft in its conversation, one card, one set of categories.
  const backlog = new Set(ids);
  const inbox = graph.messages('inbox').filter((m) => backlog.has(String(m.id)));
  const draftsPerConversation = new Map<string, number>();
  for (const d of graph.messages('drafts')) draftsPerConversation.set(String(d.conversationId), (draftsPerConversation.get(String(d.conversationId)) ?? 0) + 1);
  const posts = cards.postsByTicket();
  const problems: string[] = [];
  const timings: ReturnType<typeof ticketTimings>[] = [];
  let lost = 0;
  let doubled = 0;
  for (const m of inbox) {
    const conversationId = String(m.conversationId);
    const ticketId = ticketIdFor({ conversationId, internetMessageId: String(m.internetMessageId), messageId: String(m.id) });
    const ticket = await services.store.get(ticketId);
    if (ticket) timings.push(ticketTimings(ticket));
    const categories = (m.categories as string[] | undefined) ?? [];
    const own = categories.filter((c) => (CATEGORIES as readonly string[]).includes(c));
    const drafts = draftsPerConversation.get(conversationId) ?? 0;
    const cardPosts = posts.get(ticketId) ?? 0;
    const missing = [!ticket && 'ticket', !ticket?.draftMessageId && 'draft id', drafts === 0 && 'draft', own.length === 0 && 'category', !categories.includes('ai-processed') && 'ai-processed', cardPosts === 0 && 'card'].filter(Boolean);
    const twice = [drafts > 1 && `${drafts} drafts`, own.length > 1 && `${own.length} categories`, new Set(categories).size !== categories.length && 'repeated categories', cardPosts > 1 && `${cardPosts} cards`].filter(Boolean);
    if (missing.length) {
      lost++;
      if (problems.length < 10) problems.push(`${ticketId}: missing ${missing.join(', ')}`);
    }
    if (twice.length) {
      doubled++;
      if (problems.length < 10) problems.push(`${ticketId}: ${twice.join(', ')}`);
    }
  }
  lost += ids.length - inbox.length; // a backlog message that left the Inbox
  const poison = new QueueClient(config.storageConnection, `${config.queueName}-poison`);
  const poisoned = (await poison.exists()) ? ((await poison.getProperties()).approximateMessagesCount ?? 0) : 0;

  const budgetPerSecond = o.budget / (o.windowMs / 1000);
  const achieved = durationS > 0 ? admitted / durationS : 0;
  const occupancy = windowOccupancy(series, t0, tEnd, o.budget, o.windowMs);
  const { queues: deployed } = readHostJson(path.join(REPO_ROOT, 'host.json'));
  const queues = { ...deployed, ...o.hostQueues };
  // As the host does: an explicit batchSize without a threshold caps the threshold at half of it.
  if (o.hostQueues?.batchSize !== undefined && o.hostQueues.newBatchThreshold === undefined) queues.newBatchThreshold = Math.min(deployed.newBatchThreshold, Math.floor(queues.batchSize / 2));
  const gateStats = gates.map((g) => g.stats());
  const gateRuns = gateStats.reduce((n, g) => n + g.runs, 0);
  const gateCalls = gateStats.reduce((n, g) => n + g.acquireCalls + g.releaseCalls + g.renewCalls, 0);
  return {
    tickets: o.tickets,
    hosts: o.hosts,
    crossInstancePeakConcurrency: final.peakConcurrency,
    ticketsPerHost: completedBy,
    gate: gateRuns > 0 ? { storageCallsPerGraphRequest: round(gateCalls / gateRuns, 2), handOffShare: round(gateStats.reduce((n, g) => n + g.handOffs, 0) / gateRuns, 3), acquireConflicts: gateStats.reduce((n, g) => n + g.acquireConflicts, 0) } : null,
    completed: done,
    durationS: round(durationS, 1),
    graphBudgetUtilization: round(occupancy ?? achieved / budgetPerSecond, 3),
    overallRateRatio: round(achieved / budgetPerSecond, 3),
    budgetPerSecond: round(budgetPerSecond, 1),
    achievedRequestsPerSecond: round(achieved, 1),
    graphRequests: final.requests,
    admittedRequests: admitted,
    graphRequestsPerTicket: round(admitted / Math.max(1, done), 2),
    throttled: final.throttled,
    throttledBy: final.throttledBy,
    peakConcurrency: final.peakConcurrency,
    lost,
    doubled,
    problems,
    poisoned,
    routes: final.byRoute,
    enrichmentDelayMs: o.enrichmentDelayMs,
    cpuMsPerTicket,
    stepsMs: meanStepTimings(timings),
    // Inbox order is delivery order, which the queue roughly keeps: does a step slow down as tickets pile up?
    stepsMsFirstTenth: meanStepTimings(timings.slice(0, Math.max(1, Math.floor(timings.length / 10)))),
    stepsMsLastTenth: meanStepTimings(timings.slice(-Math.max(1, Math.floor(timings.length / 10)))),
    hostQueue: { batchSize: queues.batchSize, newBatchThreshold: queues.newBatchThreshold },
  };
}
