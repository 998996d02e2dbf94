// Phase "outlook": what the two-way Outlook sync costs in Graph requests, end to end through real
// change notifications. The local Functions host runs in-process with the webhook (notifications,
// lifecycle) and the queue trigger; the product's own ensureSubscriptions subscribes to the mock
// Graph's Inbox, Sent Items and Drafts with the host's URL, so every write — the product's own
// (categories on a new ticket's message, which the Inbox subscription reports as `updated`) and a
// person's in Outlook — comes back as the notifications Graph would send.
//
// Measured, one at a time and each until the world is quiet (queue empty, notifications delivered,
// no request for a while):
//   - per new ticket: the pipeline's requests and the Outlook sync's requests for the echo of the
//     product's own writes (counted apart through two service instances, one per use case);
//   - per Outlook change (made through the mock's Outlook routes, not counted as the app's): the
//     AI draft sent from Outlook, a category changed, flagged complete, moved to Junk, and mere
//     reading (noise that must cost little and change nothing).
// Each change is also checked to have reached its ticket; anything else is listed as a problem.
import { performance } from 'node:perf_hooks';
import type { InvocationContext } from '@azure/functions';
import { lifecycleHandler } from '../../../functions/lifecycle.js';
import { notificationsHandler } from '../../../functions/notifications.js';
import { processTicketHandler } from '../../../functions/processTicket.js';
import type { FunctionDef } from '../../../functions/table.js';
import { startHost } from '../../../dev/host/host.js';
import { outlookClient } from '../../../dev/graph/outlook-client.js';
import type { MockGraph } from '../../../dev/graph/server.js';
import { createServices, type Services } from '../../../functions/app.js';
import { OfflineAnalyzer } from '../../../shared/ai/offline/analyzer.js';
import { CATEGORIES, type Category, type Ticket } from '../../../shared/domain.js';
import { createEnricher } from '../../../shared/enrichment/enricher.js';
import { createLogger } from '../../../shared/log.js';
import { StorageWorkQueue } from '../../../shared/storage/queue.js';
import { TableTicketStore } from '../../../shared/storage/tables.js';
import { ensureSubscriptions } from '../../../shared/tickets/subscription.js';
import { asNewConversation, type Sample } from '../corpus.js';
import { progress, round, TimedCards } from '../measure.js';
import { runId, type BenchWorld } from '../world.js';

export const OUTLOOK_CHANGE_KINDS = ['sent-from-outlook', 'category', 'flag', 'junk', 'read-only'] as const;
export type OutlookChangeKind = (typeof OUTLOOK_CHANGE_KINDS)[number];

export interface OutlookPhaseOptions {
  /** Changes measured per kind (each on its own new ticket). */
  perKind: number;
  showProgress: boolean;
}

export interface OutlookResult {
  tickets: number;
  /** Everything a new ticket costs, notifications of its own writes included (the mock's count). */
  graphRequestsPerTicket: number;
  /** Of which the pipeline (processTicket). */
  pipelineRequestsPerTicket: number;
  /** Of which the Outlook sync, for the notifications of the product's own writes. */
  ownWriteEchoRequestsPerTicket: number;
  /** Sync invocations per new ticket (the echo notifications that reached the queue). */
  echoSyncRunsPerTicket: number;
  ticketRoutes: Record<string, number>;
  graphRequestsPerOutlookChange: Record<OutlookChangeKind, number>;
  routesPerChange: Record<OutlookChangeKind, Record<string, number>>;
  problems: string[];
  durationS: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function routeDelta(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(b)) if (v - (a[k] ?? 0) > 0) out[k] = v - (a[k] ?? 0);
  return out;
}

function addInto(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

const per = (routes: Record<string, number>, n: number) => Object.fromEntries(Object.entries(routes).map(([k, v]) => [k, round(v / Math.max(1, n), 2)]));
const mean = (xs: readonly number[]) => round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length), 2);

export async function runOutlookPhase(world: BenchWorld, samples: readonly Sample[], o: OutlookPhaseOptions): Promise<OutlookResult> {
  const started = performance.now();
  const graph: MockGraph = await world.graph({}); // Outlook's limits, as in production
  const id = runId();
  const queueName = `bench-outlook-${id}`;
  const counts = { pipeline: 0, sync: 0, syncRuns: 0 };

  // The host first (its URL goes into the subscriptions); the services it calls are built right after.
  let pipeline: Services | undefined;
  let sync: Services | undefined;
  const forPipeline = processTicketHandler(() => pipeline!);
  const forSync = processTicketHandler(() => sync!);
  const isChange = (m: unknown) => typeof m === 'object' && m !== null && 'change' in m;
  const functions: FunctionDef[] = [
    { kind: 'http', name: 'notifications', route: 'notifications', methods: ['POST'], authLevel: 'anonymous', handler: notificationsHandler(() => pipeline!) },
    { kind: 'http', name: 'lifecycle', route: 'lifecycle', methods: ['POST'], authLevel: 'anonymous', handler: lifecycleHandler(() => pipeline!) },
    {
      kind: 'queue',
      name: 'processTicket',
      queueName,
      // The product's queue function, with the sync's Graph calls counted apart from the pipeline's.
      handler: async (message: unknown, ctx: InvocationContext) => {
        if (!isChange(message)) return forPipeline(message, ctx);
        counts.syncRuns++;
        return forSync(message, ctx);
      },
    },
  ];
  const host = await startHost({ functions, storageConnection: world.azurite.connectionString, queues: { maxPollingInterval: 100 }, minPollMs: 50, log: createLogger('host') });
  world.onClose(() => host.stop(1000));
  const config = world.config({ graph, queueName, tablePrefix: `BenchO${id}`, extra: { NOTIFICATION_URL: `${host.url}/notifications`, LIFECYCLE_URL: `${host.url}/lifecycle` } });
  const enricher = createEnricher(config, { log: createLogger('enrichment') });
  world.onClose(() => enricher.close());
  const shared = {
    store: new TableTicketStore(config.storageConnection, config.tablePrefix),
    queue: new StorageWorkQueue(config.storageConnection, config.queueName),
    cards: new TimedCards(),
    enricher,
    analyzer: new OfflineAnalyzer(), // Graph's cost does not depend on the analyzer
  };
  pipeline = createServices(config, { ...shared, onGraphRequest: () => counts.pipeline++ });
  sync = createServices(config, { ...shared, onGraphRequest: () => counts.sync++ });
  await shared.queue.client.createIfNotExists();
  await ensureSubscriptions(pipeline.reconcileDeps());
  const outlook = outlookClient({ origin: graph.origin, mailbox: graph.mailbox });

  /** Quiet: notifications delivered, the queue empty (in-flight messages count), no Graph request for a while. */
  const settle = async () => {
    const until = Date.now() + 60_000;
    let last = '';
    let stable = 0;
    while (Date.now() < until) {
      await sleep(100);
      await graph.idle();
      const depth = (await shared.queue.client.getProperties()).approximateMessagesCount ?? 0;
      const s = graph.stats();
      const mark = `${depth}|${s.requests}|${s.outlookRequests}|${counts.syncRuns}`;
      stable = depth === 0 && mark === last ? stable + 1 : 0;
      last = mark;
      if (stable >= 6) return;
    }
    throw new Error('the outlook phase did not settle within 60 s');
  };

  const usable = samples.filter((s) => !s.skip);
  let n = 0;
  const newTicket = async (): Promise<Ticket> => {
    const sample = usable[(n * 7) % usable.length]!;
    const { id: messageId } = await graph.deliver(asNewConversation(sample.raw, `bench-outlook-${id}-${n++}@bench.studyflash.test`));
    await settle();
    const t = await shared.store.findByMessage(messageId);
    if (!t || !t.draftMessageId) throw new Error(`${sample.file}: no ticket with a draft after the notification (${t?.status ?? 'none'})`);
    return t;
  };

  // Warm-up, not counted: TLS, tables, master categories (once per process) for the pipeline, and
  // for the sync a first read of a changed message (resolving the well-known folder ids, once per process).
  const warm = await newTicket();
  await outlook('PATCH', `/messages/${encodeURIComponent(warm.messageId)}`, { isRead: true });
  await settle();

  const total = OUTLOOK_CHANGE_KINDS.length * o.perKind;
  const bar = progress('outlook: tickets, then changes', total * 2, o.showProgress);
  const tickets: Ticket[] = [];
  const perTicket = { total: [] as number[], pipeline: [] as number[], sync: [] as number[], runs: [] as number[] };
  const ticketRoutes: Record<string, number> = {};
  try {
    for (let i = 0; i < total; i++) {
      const g0 = graph.stats();
      const c0 = { ...counts };
      tickets.push(await newTicket());
      const g1 = graph.stats();
      perTicket.total.push(g1.requests - g0.requests);
      perTicket.pipeline.push(counts.pipeline - c0.pipeline);
      perTicket.sync.push(counts.sync - c0.sync);
      perTicket.runs.push(counts.syncRuns - c0.syncRuns);
      addInto(ticketRoutes, routeDelta(g0.byRoute, g1.byRoute));
      bar.tick();
    }

    const problems: string[] = [];
    const perChange = Object.fromEntries(OUTLOOK_CHANGE_KINDS.map((k) => [k, [] as number[]])) as Record<OutlookChangeKind, number[]>;
    const changeRoutes = Object.fromEntries(OUTLOOK_CHANGE_KINDS.map((k) => [k, {}])) as Record<OutlookChangeKind, Record<string, number>>;
    for (const [i, t] of tickets.entries()) {
      const kind = OUTLOOK_CHANGE_KINDS[i % OUTLOOK_CHANGE_KINDS.length]!;
      const msg = `/messages/${encodeURIComponent(t.messageId)}`;
      const g0 = graph.stats();
      let to: Category | undefined;
      switch (kind) {
        case 'sent-from-outlook':
          await outlook('POST', `/messages/${encodeURIComponent(t.draftMessageId!)}/send`);
          break;
        case 'category': {
          to = CATEGORIES[(CATEGORIES.indexOf(t.category) + 1) % CATEGORIES.length]!;
          const m = (await outlook('GET', `${msg}?$select=categories`)) as { categories: string[] };
          await outlook('PATCH', msg, { categories: [...m.categories.filter((c) => c !== t.category), to] });
          break;
        }
        case 'flag':
          await outlook('PATCH', msg, { flag: { flagStatus: 'complete' } });
          break;
        case 'junk':
          await outlook('POST', `${msg}/move`, { destinationId: 'junkemail' });
          break;
        case 'read-only':
          await outlook('PATCH', msg, { isRead: true });
          break;
      }
      await settle();
      const g1 = graph.stats();
      perChange[kind].push(g1.requests - g0.requests);
      addInto(changeRoutes[kind], routeDelta(g0.byRoute, g1.byRoute));
      const after = await shared.store.get(t.id);
      const wrong = (what: string) => problems.push(`${kind} on ${t.id}: ${what}`);
      if (!after) wrong('the ticket is gone');
      else if (kind === 'sent-from-outlook' && !(after.status === 'sent' && after.repliedVia === 'outlook')) wrong(`status ${after.status}, repliedVia ${after.repliedVia}`);
      else if (kind === 'category' && !(after.category === to && after.corrections.length === 1)) wrong(`category ${after.category}, ${after.corrections.length} corrections`);
      else if (kind === 'flag' && !(after.status === 'resolved' && after.resolution?.via === 'outlook')) wrong(`status ${after.status}`);
      else if (kind === 'junk' && !(after.status === 'resolved' && after.resolution?.reason === 'spam')) wrong(`status ${after.status}, resolution ${after.resolution?.reason}`);
      else if (kind === 'read-only' && (after.status !== t.status || after.corrections.length || after.audit.length !== t.audit.length)) wrong('reading the message changed the ticket');
      bar.tick();
    }

    return {
      tickets: tickets.length,
      graphRequestsPerTicket: mean(perTicket.total),
      pipelineRequestsPerTicket: mean(perTicket.pipeline),
      ownWriteEchoRequestsPerTicket: mean(perTicket.sync),
      echoSyncRunsPerTicket: mean(perTicket.runs),
      ticketRoutes: per(ticketRoutes, tickets.length),
      graphRequestsPerOutlookChange: Object.fromEntries(OUTLOOK_CHANGE_KINDS.map((k) => [k, mean(perChange[k])])) as Record<OutlookChangeKind, number>,
      routesPerChange: Object.fromEntries(OUTLOOK_CHANGE_KINDS.map((k) => [k, per(changeRoutes[k], perChange[k].length)])) as Record<OutlookChangeKind, Record<string, number>>,
      problems,
      durationS: round((performance.now() - started) / 1000, 1),
    };
  } finally {
    bar.stop();
  }
}
