// Shared set-up for the security suite: the production pipeline (composition root, real Graph
// adapters over the official SDK, offline analyzer, real roster file) against the mock Graph on a
// free port, with in-memory store and queues so each test starts clean and needs no Azurite.
import { startMockGraph, type MockGraph, type MockGraphOptions } from '../../dev/graph/server.js';
import { createServices, type ServiceOverrides, type Services } from '../../functions/app.js';
import { loadConfig, type Config } from '../../shared/config.js';
import { setLogSink, type Level } from '../../shared/log.js';
import { InMemorySendQueue, InMemoryTicketStore, InMemoryWorkQueue, RecordingTicketCards, StaticEnricher } from '../../shared/testing/index.js';
import { processTicket, type ProcessOutcome } from '../../shared/tickets/process.js';

export interface PipelineWorld {
  graph: MockGraph;
  config: Config;
  services: Services;
  store: InMemoryTicketStore;
  queue: InMemoryWorkQueue;
  sendQueue: InMemorySendQueue;
  /** The recording stand-in for Teams, unless the test plugged in the bot (overrides.cardsFactory). */
  cards: RecordingTicketCards;
  /** Log lines the pipeline wrote (checked for leaks of mail text). */
  logs: { line: string; level: Level }[];
  /**
   * Runs processTicket on one Inbox message as the queue trigger would: a failed attempt is
   * delivered again, up to the host's maxDequeueCount (on the last one a failure is recorded).
   */
  process(messageId: string): Promise<ProcessOutcome>;
  /** Errors of attempts that were retried (transient failures the queue absorbed). */
  retried: { messageId: string; attempt: number; error: string }[];
  /** Delivers raw MIME into the mock's Inbox (the SMTP path) and runs processTicket on it. */
  deliverAndProcess(raw: Buffer | string): Promise<{ id: string; outcome: ProcessOutcome }>;
  close(): Promise<void>;
}

let invocation = 0;

/** Env for a pipeline against `graph`; extra keys override. */
export function configFor(graph: MockGraph, extra: Record<string, string> = {}): Config {
  return loadConfig({
    APP_ENV: 'test',
    LOG_LEVEL: 'info',
    GRAPH_BASE_URL: graph.url,
    GRAPH_AUTHORITY_HOST: graph.origin,
    GRAPH_CLIENT_SECRET: 'security-suite-secret',
    GRAPH_TENANT_ID: graph.tenantId,
    SUPPORT_MAILBOX: graph.mailbox,
    ...extra,
  });
}

export async function startPipelineWorld(opts: { graph?: MockGraphOptions; env?: Record<string, string>; overrides?: ServiceOverrides } = {}): Promise<PipelineWorld> {
  const logs: PipelineWorld['logs'] = [];
  setLogSink((line, level) => logs.push({ line, level }));
  const graph = await startMockGraph({ port: 0, smtpPort: null, limits: false, ...opts.graph });
  const config = configFor(graph, opts.env);
  const store = new InMemoryTicketStore();
  const queue = new InMemoryWorkQueue();
  const cards = new RecordingTicketCards();
  const sendQueue = new InMemorySendQueue();
  const services = createServices(config, { store, queue, sendQueue, enricher: new StaticEnricher(), ...(opts.overrides?.cardsFactory ? {} : { cards }), ...opts.overrides });
  const retried: PipelineWorld['retried'] = [];
  const process = async (messageId: string): Promise<ProcessOutcome> => {
    const queueMessageId = `q-${++invocation}`;
    const max = config.queueMaxDequeueCount;
    for (let attempt = 1; ; attempt++) {
      try {
        return await processTicket(services.processDeps(), { messageId }, { invocationId: `sec-${invocation}-${attempt}`, queueMessageId, dequeueCount: attempt, maxDequeueCount: max });
      } catch (err) {
        if (attempt >= max) throw err;
        retried.push({ messageId, attempt, error: err instanceof Error ? err.message : String(err) });
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  };
  return {
    graph,
    config,
    services,
    store,
    queue,
    sendQueue,
    cards,
    logs,
    retried,
    process,
    async deliverAndProcess(raw) {
      const { id } = await graph.deliver(raw);
      return { id, outcome: await process(id) };
    },
    async close() {
      await graph.close();
    },
  };
}
