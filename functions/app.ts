// Composition root: builds every adapter once from the parsed config and hands each use case the
// ports it needs. Functions call getServices() (a lazy singleton); tests call createServices()
// with their own config and overrides (fakes, or adapters pointed at a test world). It lives beside
// the entry points, not in shared/, because it joins shared/ with the Teams side in bot/; the bot
// (botbuilder) is loaded only when the first card is published, which keeps the host's cold start short.
import { initObservability } from '../shared/observability.js';
import type { Config } from '../shared/config.js';
import { loadConfig } from '../shared/config.js';
import { createAnalyzer } from '../shared/ai/index.js';
import { createEnricher } from '../shared/enrichment/enricher.js';
import { createGraphAdapters, type GraphPolicy } from '../shared/graph/index.js';
import { createLogger, setLogLevel, type Logger } from '../shared/log.js';
import type { Analyzer, Enricher, Mailbox, Roster, SendQueue, Subscriptions, TicketCards, TicketStore, WorkQueue } from '../shared/ports.js';
import { FileRoster } from '../shared/roster.js';
import { CoalescingWorkQueue } from '../shared/storage/coalesce.js';
import { StorageSendQueue, StorageWorkQueue } from '../shared/storage/queue.js';
import { TableTicketStore } from '../shared/storage/tables.js';
import { SubscriptionRegistry, type IntakeDeps, type LifecycleDeps } from '../shared/tickets/intake.js';
import type { ProcessDeps } from '../shared/tickets/process.js';
import type { ReconcileDeps } from '../shared/tickets/reconcile.js';

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
}

export interface Services extends Ports {
  config: Config;
  log: Logger;
  registry: SubscriptionRegistry;
  processDeps(): ProcessDeps;
  reconcileDeps(): ReconcileDeps;
  intakeDeps(): IntakeDeps;
  lifecycleDeps(): LifecycleDeps;
}

export interface ServiceOverrides extends Partial<Ports> {
  /** Builds the Teams side from the other ports (the bot plugs in here). */
  cardsFactory?: (config: Config, ports: Omit<Ports, 'cards'>) => TicketCards;
  graphPolicy?: Partial<GraphPolicy>;
  /** Observes each Graph call by operation name (measurements). */
  onGraphRequest?: (op: string) => void;
}

/**
 * The Teams side: cards in the support channel through the bot, loaded on the first publish. Tests
 * pass `cards` (e.g. a RecordingTicketCards) or their own `cardsFactory` instead.
 */
export function createCards(config: Config, ports: Omit<Ports, 'cards'>): TicketCards {
  let cards: Promise<TicketCards> | undefined;
  return {
    publish: async (ticket) => {
      cards ??= import('../bot/index.js').then((bot) => bot.createTeamsCards(config, ports));
      return (await cards).publish(ticket);
    },
  };
}

export function createServices(config: Config, overrides: ServiceOverrides = {}): Services {
  setLogLevel(config.logLevel);
  initObservability(config);
  const log = createLogger('app');
  const needsGraph = !overrides.mailbox || !overrides.subscriptions;
  const graph = needsGraph ? createGraphAdapters(config, { policy: overrides.graphPolicy, onRequest: overrides.onGraphRequest }) : null;
  const base: Omit<Ports, 'cards'> = {
    mailbox: overrides.mailbox ?? graph!.mailbox,
    subscriptions: overrides.subscriptions ?? graph!.subscriptions,
    store: overrides.store ?? new TableTicketStore(config.storageConnection, config.tablePrefix),
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
    lifecycleDeps: () => ({ ...services.reconcileDeps(), registry, clientState: config.graphClientState, tenantId: config.graphTenantId, log: createLogger('tickets.lifecycle') }),
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
