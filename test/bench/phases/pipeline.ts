// Phase "pipeline": notification-to-card latency of the product's pipeline (processTicket with the
// Claude analyzer: one call, enrichment ∥ analysis) against the seed-shaped baseline on the same
// fakes, mails interleaved so drift hits both alike; LLM calls, tokens and Graph requests per
// ticket; then Graph requests per approval (approve + sendReply from shared/teams).
//
// Per mail: deliver into the mock mailbox → t0 → POST-equivalent handleNotifications (validates,
// enqueues on Azurite) → receive from the queue → the pipeline → t1 when the card is published.
// The queue is read in a tight loop: the host's idle polling backoff is the same for both designs
// and would only add noise.
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { createServices, type Services } from '../../../functions/app.js';
import type { Category, Ticket } from '../../../shared/domain.js';
import { createEnricher } from '../../../shared/enrichment/enricher.js';
import { createLogger } from '../../../shared/log.js';
import { decodeQueueMessage, StorageSendQueue, StorageWorkQueue } from '../../../shared/storage/queue.js';
import { TableTicketStore } from '../../../shared/storage/tables.js';
import { handleCardAction, type TeamsDeps } from '../../../shared/teams/actions.js';
import { sendJobSchema, sendReply } from '../../../shared/teams/send-reply.js';
import { handleNotifications } from '../../../shared/tickets/intake.js';
import { processTicket } from '../../../shared/tickets/process.js';
import { SUBSCRIPTION_STATE_KEY, type SubscriptionState } from '../../../shared/tickets/subscription.js';
import { queueMessageSchema } from '../../../functions/processTicket.js';
import type { FakeAnthropicStats } from '../../../dev/fake-anthropic/server.js';
import type { MockGraph } from '../../../dev/graph/server.js';
import { type Sample, asNewConversation } from '../corpus.js';
import { BENCH_SUBSCRIPTION_ID, meanStepTimings, ticketTimings, notificationBody, progress, receiveOne, round, roundSummary, summarize, TimedCards, type Summary } from '../measure.js';
import { createSeedClient, seedShapedProcess, type SeedShapeDeps } from '../seed-shape.js';
import { BENCH_API_KEY, runId, type BenchWorld } from '../world.js';

export interface PipelineOptions {
  /** Mails per design (after one warm-up each). */
  samples: number;
  /** Approvals to measure (≤ samples). */
  approvals: number;
  showProgress: boolean;
}

type Design = 'real' | 'seed';

interface Run {
  design: Design;
  file: string;
  ticketId: string;
  latencyMs: number;
  graphRequests: number;
  graphByRoute: Record<string, number>;
  llm: FakeAnthropicStats;
  analyzer?: string;
  degraded: boolean;
}

export interface TokenFigures {
  llmCallsPerTicket: number;
  inputTokensPerTicket: number;
  outputTokensPerTicket: number;
  cacheReadTokensPerTicket: number;
  cacheWriteTokensPerTicket: number;
  costPer1000TicketsUsd: number;
}

export interface PipelineResult {
  tickets: number;
  real: TokenFigures & {
    latencyMs: Summary;
    graphRequestsPerTicket: number;
    graphRoutes: Record<string, number>;
    degraded: number;
    categories: Partial<Record<Category, number>>;
    /** Mean ms per step as processTicket records them (enrichment and analysis start together). */
    stepsMs: Record<string, number>;
    /** Share of triage calls whose cached prefix (tool + system) was read from the prompt cache. */
    cacheHitRate: number | null;
    /** The path a ticket waits on: the draft waits for enrichment, then the one Claude call. */
    criticalPathMs: { enrichmentWait: number; claudeCall: number; total: number } | null;
  };
  seed: TokenFigures & { latencyMs: Summary; graphRequestsPerTicket: number; graphRoutes: Record<string, number> };
  speedupVsSeedShape: number;
  approval: {
    approvals: number;
    /** approve with the card's draft text as shown (what a plain click sends) + sendReply */
    graphRequestsPerApproval: number;
    /** approve after editing the text + sendReply */
    graphRequestsPerEditedApproval: number;
    routes: Record<string, number>;
    outcomes: Record<string, number>;
  };
}

/** Claude Haiku 4.5 list prices, USD per million tokens (cache write 1.25×, cache read 0.1× of input). */
export const HAIKU_45_PRICES = { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 } as const;

export function costPer1000(t: Omit<TokenFigures, 'costPer1000TicketsUsd' | 'llmCallsPerTicket'>): number {
  const perTicket =
    (t.inputTokensPerTicket * HAIKU_45_PRICES.input +
      t.outputTokensPerTicket * HAIKU_45_PRICES.output +
      t.cacheWriteTokensPerTicket * HAIKU_45_PRICES.cacheWrite +
      t.cacheReadTokensPerTicket * HAIKU_45_PRICES.cacheRead) /
    1_000_000;
  return round(perTicket * 1000, 4);
}

function statsDelta(a: FakeAnthropicStats, b: FakeAnthropicStats): FakeAnthropicStats {
  const out = { ...b };
  for (const k of Object.keys(b) as (keyof FakeAnthropicStats)[]) out[k] = b[k] - a[k];
  return out;
}

function routeDelta(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(b)) if (v - (a[k] ?? 0) > 0) out[k] = v - (a[k] ?? 0);
  return out;
}

function addRoutes(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

function perTicket(routes: Record<string, number>, n: number): Record<string, number> {
  return Object.fromEntries(Object.entries(routes).map(([k, v]) => [k, round(v / n, 2)]));
}

/** Hits over every call that asked for caching (hits, writes, and prefixes below the minimum). */
function cacheHitRate(runs: readonly Run[]): number | null {
  const hits = runs.reduce((n, r) => n + r.llm.cacheHits, 0);
  const asked = runs.reduce((n, r) => n + r.llm.cacheHits + r.llm.cacheWrites + r.llm.cacheBelowMinimum, 0);
  return asked ? round(hits / asked, 3) : null;
}

/**
 * The analysis step waits for the draft's enrichment facts (account and errors, looked up in
 * parallel), then makes its call: both parts from the step means.
 */
function criticalPath(steps: Record<string, number>): { enrichmentWait: number; claudeCall: number; total: number } | null {
  const analysis = steps.analysis;
  if (analysis === undefined) return null;
  const wait = Math.min(analysis, Math.max(steps['enrichment.account'] ?? 0, steps['enrichment.sentry'] ?? 0));
  return { enrichmentWait: round(wait, 1), claudeCall: round(analysis - wait, 1), total: round(analysis, 1) };
}

function tokenFigures(runs: readonly Run[]): TokenFigures {
  const n = Math.max(1, runs.length);
  const sum = (f: (r: Run) => number) => runs.reduce((a, r) => a + f(r), 0) / n;
  const t = {
    inputTokensPerTicket: round(sum((r) => r.llm.inputTokens), 1),
    outputTokensPerTicket: round(sum((r) => r.llm.outputTokens), 1),
    cacheReadTokensPerTicket: round(sum((r) => r.llm.cacheReadTokens), 1),
    cacheWriteTokensPerTicket: round(sum((r) => r.llm.cacheCreationTokens), 1),
  };
  return { llmCallsPerTicket: round(sum((r) => r.llm.calls), 3), ...t, costPer1000TicketsUsd: costPer1000(t) };
}

/** Samples spread over the corpus (every k-th ticket-making mail), so languages and categories mix. */
function pick(samples: readonly Sample[], n: number): Sample[] {
  const usable = samples.filter((s) => !s.skip);
  const step = Math.max(1, Math.floor(usable.length / Math.max(1, n)));
  return Array.from({ length: n }, (_, i) => usable[(i * step) % usable.length]!);
}

export async function runPipelinePhase(world: BenchWorld, samples: readonly Sample[], o: PipelineOptions): Promise<PipelineResult> {
  const graph: MockGraph = await world.graph({}); // Outlook's limits, as in production
  const id = runId();
  const config = world.config({ graph, queueName: `bench-lat-${id}`, tablePrefix: `BenchL${id}` });
  const enricher = createEnricher(config, { log: createLogger('enrichment') });
  world.onClose(() => enricher.close());
  const queue = new StorageWorkQueue(config.storageConnection, config.queueName);
  const sendQueue = new StorageSendQueue(config.storageConnection, config.sendQueueName);
  const cards = new TimedCards();
  const services: Services = createServices(config, { enricher, cards, queue, sendQueue });
  const seedDeps: SeedShapeDeps = {
    mailbox: services.mailbox,
    enricher,
    store: new TableTicketStore(config.storageConnection, `BenchS${id}`),
    cards,
    anthropic: createSeedClient({ apiKey: BENCH_API_KEY, baseURL: world.anthropic.url, timeoutMs: config.anthropicTimeoutMs, maxRetries: config.anthropicMaxRetries }),
    model: config.anthropicModel,
    confidenceThreshold: config.confidenceThreshold,
  };
  // The webhook accepts notifications of subscriptions it created; this one is "ours".
  await services.store.putState<SubscriptionState>(SUBSCRIPTION_STATE_KEY, { current: null, knownIds: [BENCH_SUBSCRIPTION_ID] });
  await queue.client.createIfNotExists();

  const chosen = pick(samples, o.samples + 1); // the first is the warm-up
  const runs: Run[] = [];
  const bar = progress('latency: real vs seed', chosen.length * 2, o.showProgress);
  let n = 0;

  const one = async (design: Design, sample: Sample): Promise<Run> => {
    const raw = asNewConversation(sample.raw, `bench-lat-${design}-${id}-${n++}@bench.studyflash.test`);
    const { id: messageId } = await graph.deliver(raw);
    const g0 = graph.stats();
    const a0 = world.anthropic.stats();
    const t0 = performance.now();
    const ack = await handleNotifications(
      services.intakeDeps(),
      notificationBody({ subscriptionId: BENCH_SUBSCRIPTION_ID, clientState: config.graphClientState, tenantId: graph.tenantId, userId: graph.userId, messageId }),
      new URLSearchParams(),
    );
    if (ack.status !== 202) throw new Error(`the webhook answered ${ack.status} to a valid notification`);
    const item = await receiveOne(queue.client);
    const body = queueMessageSchema.parse(decodeQueueMessage(item.messageText));
    let ticketId: string;
    if (design === 'real') {
      const out = await processTicket(services.processDeps(), { messageId: body.messageId }, { invocationId: randomUUID(), queueMessageId: item.messageId, dequeueCount: item.dequeueCount, maxDequeueCount: config.queueMaxDequeueCount });
      if (out.outcome !== 'ticket') throw new Error(`${sample.file}: the pipeline answered ${out.outcome}, expected a new ticket`);
      ticketId = out.ticketId;
    } else {
      const out = await seedShapedProcess(seedDeps, body.messageId);
      if (out.outcome !== 'ticket') throw new Error(`${sample.file}: the seed-shaped pipeline skipped it (${out.reason})`);
      ticketId = out.ticketId;
    }
    await queue.client.deleteMessage(item.messageId, item.popReceipt);
    const cardAt = cards.cardAt(ticketId);
    if (cardAt === undefined) throw new Error(`${sample.file}: no card was published for ${ticketId}`);
    const g1 = graph.stats();
    let analyzer: string | undefined;
    let degraded = false;
    if (design === 'real') {
      const t = await services.store.get(ticketId);
      analyzer = t?.analyzer;
      degraded = !!t?.notes.some((x) => /analysis failed|degraded|fell back|fallback/i.test(x));
    }
    bar.tick(1, { note: `${design} ${sample.file}` });
    return {
      design,
      file: sample.file,
      ticketId,
      latencyMs: cardAt - t0,
      graphRequests: g1.requests - g0.requests,
      graphByRoute: routeDelta(g0.byRoute, g1.byRoute),
      llm: statsDelta(a0, world.anthropic.stats()),
      analyzer,
      degraded,
    };
  };

  try {
    for (let i = 0; i < chosen.length; i++) {
      // Alternate which design goes first, so neither always runs on a warmer world.
      const order: Design[] = i % 2 === 0 ? ['real', 'seed'] : ['seed', 'real'];
      for (const d of order) {
        const r = await one(d, chosen[i]!);
        if (i > 0) runs.push(r); // i = 0 warms TLS, tables, master categories, the prompt cache
      }
    }
  } finally {
    bar.stop();
  }

  const real = runs.filter((r) => r.design === 'real');
  const seed = runs.filter((r) => r.design === 'seed');
  const realLatency = summarize(real.map((r) => r.latencyMs));
  const seedLatency = summarize(seed.map((r) => r.latencyMs));
  const realRoutes: Record<string, number> = {};
  const seedRoutes: Record<string, number> = {};
  for (const r of real) addRoutes(realRoutes, r.graphByRoute);
  for (const r of seed) addRoutes(seedRoutes, r.graphByRoute);
  const categories: Partial<Record<Category, number>> = {};
  const timings: ReturnType<typeof ticketTimings>[] = [];
  for (const r of real) {
    const t = await services.store.get(r.ticketId);
    if (t) categories[t.category] = (categories[t.category] ?? 0) + 1;
    if (t) timings.push(ticketTimings(t));
  }

  const approval = await measureApprovals(services, graph, real.slice(0, o.approvals).map((r) => r.ticketId));

  return {
    tickets: real.length,
    real: {
      ...tokenFigures(real),
      latencyMs: roundSummary(realLatency),
      graphRequestsPerTicket: round(real.reduce((a, r) => a + r.graphRequests, 0) / Math.max(1, real.length), 2),
      graphRoutes: perTicket(realRoutes, Math.max(1, real.length)),
      degraded: real.filter((r) => r.degraded || r.analyzer !== 'claude').length,
      categories,
      stepsMs: meanStepTimings(timings),
      cacheHitRate: cacheHitRate(real),
      criticalPathMs: criticalPath(meanStepTimings(timings)),
    },
    seed: {
      ...tokenFigures(seed),
      latencyMs: roundSummary(seedLatency),
      graphRequestsPerTicket: round(seed.reduce((a, r) => a + r.graphRequests, 0) / Math.max(1, seed.length), 2),
      graphRoutes: perTicket(seedRoutes, Math.max(1, seed.length)),
    },
    speedupVsSeedShape: realLatency.p50 > 0 ? round(seedLatency.p50 / realLatency.p50, 2) : 0,
    approval,
  };
}

/**
 * Approve from the card (as a lead, who may approve any ticket) and run the send job the way the
 * send queue's function does. Half the approvals send the draft text as the card shows it (a plain
 * click: the card's input always carries the text), half an edited text.
 */
async function measureApprovals(services: Services, graph: MockGraph, ticketIds: readonly string[]): Promise<PipelineResult['approval']> {
  const members = await services.roster.members();
  const lead = members.find((m) => m.role === 'lead');
  if (!lead) throw new Error('the roster has no lead to approve with');
  const log = createLogger('bench.approve');
  const deps: TeamsDeps = { store: services.store, mailbox: services.mailbox, sendQueue: services.sendQueue, roster: services.roster, cards: services.cards, log };
  const sendClient = (services.sendQueue as StorageSendQueue).client;
  const plain: number[] = [];
  const edited: number[] = [];
  const routes: Record<string, number> = {};
  const outcomes: Record<string, number> = {};
  for (const [i, ticketId] of ticketIds.entries()) {
    const ticket = await services.store.get(ticketId);
    if (!ticket) throw new Error(`ticket ${ticketId} vanished before its approval`);
    const edit = i % 2 === 1;
    const g0 = graph.stats();
    const shown = await handleCardAction(deps, 'approve', { ticketId, draft: edit ? `${ticket.draft}\n\nP.S. Edited by an agent.` : ticket.draft }, { aadObjectId: lead.aadObjectId, name: lead.name });
    if (shown.kind !== 'card') throw new Error(`approve was refused: ${shown.message}`);
    const item = await receiveOne(sendClient);
    const job = sendJobSchema.parse(decodeQueueMessage(item.messageText));
    const outcome = await sendReply({ store: services.store, mailbox: services.mailbox, cards: services.cards, log }, job, item.dequeueCount);
    await sendClient.deleteMessage(item.messageId, item.popReceipt);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    const g1 = graph.stats();
    addRoutes(routes, routeDelta(g0.byRoute, g1.byRoute));
    (edit ? edited : plain).push(g1.requests - g0.requests);
  }
  const avg = (xs: number[]) => (xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length, 2) : 0);
  return {
    approvals: ticketIds.length,
    graphRequestsPerApproval: avg(plain),
    graphRequestsPerEditedApproval: avg(edited),
    routes: perTicket(routes, Math.max(1, ticketIds.length)),
    outcomes,
  };
}
