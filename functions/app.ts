// Composition root: builds every adapter once from the parsed config and hands each use case the
// ports it needs. Functions call getServices() (a lazy singleton); tests call createServices()
// with their own config and overrides (fakes, or adapters pointed at a test world). It lives beside
// the entry points, not in shared/, because it joins shared/ with the Teams side in bot/; the bot
// (botbuilder) is loaded only when the first card is published, which keeps the host's cold start short.
import type { OutlookSyncDeps } from '../shared/tickets/outlook-sync.js';
import { initObservability } from '../shared/observability.js';
import type { Config } from '../shared/config.js';
import { loadConfig } from '../shared/config.js';
import { createAnalyzer } from '../shared/ai/index.js';
import { createEnricher } from '../shared/enrichment/enricher.js';
import { createGraphAdapters, type Gate, type GraphPolicy } from '../shared/graph/index.js';
import { createLogger, setLogLevel, type Logger } from '../shared/log.js';
import type { Analyzer, Enricher, Mailbox, Roster, SendQueue, Subscriptions, TicketCards, TicketStore, WorkQueue } from '../shared/ports.js';
import { FileRoster } from '../shared/roster.js';
import { CoalescingWorkQueue } from '../shared/storage/coalesce.js';
import { StorageSendQueue, StorageWorkQueue } from '../shared/storage/queue.js';
import { TableTicketStore } from '../shared/storage/tables.js';
import { SubscriptionRegistry, type IntakeDeps, type LifecycleDeps } from '../shared/tickets/intake.js';
import type { ProcessDeps } from '../shared/tickets/process.js';
import type { ReconcileDeps } from '../shared/tickets/reconcile.js';
import { InMemoryStatsIndex, TableStatsIndex, withStatsIndex, type StatsIndex } from '../shared/stats/index.js';
import { serviceClockFrom, withServiceTimes, type ServiceClock } from '../shared/time/service.js';
import type { ReminderDeps } from '../shared/time/reminders.js';
import type { DigestDeps } from '../shared/digest/digest.js';

/** The adapters behind the ports; any of them can be overridden. */
export interface Ports {
  mailbox: Mailbox;
  subscriptions: Subscriptions;
  store: TicketStore;
  queue: WorkQueue;
  sendQueue: SendQueue;
  analyzer: Analyzer;
  enricher: Enricher;
  cards: TicketCards;
  roster: Roster;
  /** The per-day rows behind /api/stats. */
  statsIndex: StatsIndex;
}

export interface Services extends Ports {
  config: Config;
  /** First-response targets in business time. */
  clock: ServiceClock;
  log: Logger;
  registry: SubscriptionRegistry;
  processDeps(): ProcessDeps;
  reconcileDeps(): ReconcileDeps;
  intakeDeps(): IntakeDeps;
  lifecycleDeps(): LifecycleDeps;
  outlookSyncDeps(): OutlookSyncDeps;
  reminderDeps(): ReminderDeps;
  digestDeps(): DigestDeps;
}

export interface ServiceOverrides extends Partial<Ports> {
  /** Builds the Teams side from the other ports (the bot plugs in here). */
  cardsFactory?: (config: Config, ports: Omit<Ports, 'cards'>) => TicketCards;
  graphPolicy?: Partial<GraphPolicy>;
  /** The Graph concurrency gate; default the one GRAPH_GATE asks for. */
  graphGate?: Gate;
  /** Observes each Graph call by operation name (measurements). */
  onGraphRequest?: (op: string) => void;
}

/**
 * The Teams side: cards in the support channel through the bot, loaded on first use. Tests pass
 * `cards` (e.g. a RecordingTicketCards) or their own `cardsFactory` instead.
 */
export function createCards(config: Config, ports: Omit<Ports, 'cards'>): TicketCards {
  let cards: Promise<TicketCards> | undefined;
  const bot = (): Promise<TicketCards> => (cards ??= import('../bot/index.js').then((b) => b.createTeamsCards(config, ports)));
  return {
    publish: async (ticket) => (await bot()).publish(ticket),
    replyInThread: async (ticket, message) => (await bot()).replyInThread(ticket, message),
    postToChannel: async (card) => (await bot()).postToChannel(card),
  };
}

export function createServices(config: Config, overrides: ServiceOverrides = {}): Services {
  setLogLevel(config.logLevel);
  initObservability(config);
  const log = createLogger('app');
  const needsGraph = !overrides.mailbox || !overrides.subscriptions;
  const graph = needsGraph ? createGraphAdapters(config, { policy: overrides.graphPolicy, onRequest: overrides.onGraphRequest, gate: overrides.graphGate }) : null;
  const clock = serviceClockFrom(config);
  // A test's own store gets an in-memory stats index unless it brings one.
  const statsIndex = overrides.statsIndex ?? (overrides.store ? new InMemoryStatsIndex() : new TableStatsIndex(config.storageConnection, config.tablePrefix));
  // Every ticket write gets its service times, then its stats row (see shared/time, shared/stats).
  const rawStore = overrides.store ?? new TableTicketStore(config.storageConnection, config.tablePrefix);
  const store = withStatsIndex(withServiceTimes(rawStore, clock), statsIndex, config.businessTimezone, createLogger('stats'));
  const base: Omit<Ports, 'cards'> = {
    mailbox: overrides.mailbox ?? graph!.mailbox,
    subscriptions: overrides.subscriptions ?? graph!.subscriptions,
    store,
    statsIndex,
    queue: overrides.queue ?? new StorageWorkQueue(config.storageConnection, config.queueName),
    sendQueue: overrides.sendQueue ?? new StorageSendQueue(config.storageConnection, config.sendQueueName),
    // Claude when ANTHROPIC_API_KEY is set (offline analyzer as its fallback), else offline.
    analyzer: overrides.analyzer ?? createAnalyzer(config, { logger: createLogger('ai') }),
    enricher: overrides.enricher ?? createEnricher(config, { log: createLogger('enrichment') }),
    roster: overrides.roster ?? new FileRoster(config.rosterPath),
  };
  const cards = overrides.cards ?? (overrides.cardsFactory ?? createCards)(config, base);
  // The webhook's writes are group-committed (one Storage round trip for concurrent POSTs) on the real queue.
  const intakeQueue = base.queue instanceof StorageWorkQueue ? new CoalescingWorkQueue(base.queue) : base.queue;
  const registry = new SubscriptionRegistry(base.store, base.subscriptions);

  const subscriptionSettings = {
    mailbox: config.supportMailbox,
    notificationUrl: config.notificationUrl,
    lifecycleUrl: config.lifecycleUrl,
    clientState: config.graphClientState,
    lifetimeMinutes: config.subscriptionMinutes,
  };
  const services: Services = {
    ...base,
    cards,
    config,
    clock,
    log,
    registry,
    processDeps: () => ({ ...base, cards, settings: { confidenceThreshold: config.confidenceThreshold }, log: createLogger('tickets.process') }),
    reconcileDeps: () => ({
      ...base,
      settings: subscriptionSettings,
      reconcile: { backfillHours: config.reconcileBackfillHours },
      log: createLogger('tickets.reconcile'),
    }),
    intakeDeps: () => ({ queue: intakeQueue, registry, clientState: config.graphClientState, tenantId: config.graphTenantId, log: createLogger('tickets.intake') }),
    reminderDeps: () => ({ store: base.store, cards, roster: base.roster, clock, log: createLogger('reminders') }),
    digestDeps: () => ({ store: base.store, statsIndex, cards, clock, log: createLogger('digest'), digestTime: config.digestTime, card: { tenantId: config.botTenantId } }),
    lifecycleDeps: () => ({ ...services.reconcileDeps(), registry, clientState: config.graphClientState, tenantId: config.graphTenantId, log: createLogger('tickets.lifecycle') }),
    outlookSyncDeps: () => ({ ...base, cards, log: createLogger('tickets.outlook') }),
  };
  return services;
}

let singleton: Services | null = null;

/** The process-wide services, built on first use from the environment. */
export function getServices(): Services {
  singleton ??= createServices(loadConfig());
  return singleton;
}

/** Tests and the local host may install their own services (null resets to the environment's). */
export function setServices(services: Services | null): void {
  singleton = services;
}
