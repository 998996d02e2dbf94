// The benchmark's local world: Azurite, the enrichment stand-ins (mock Sentry/PostHog with a fixed
// delay, the accounts Postgres), the fake Anthropic Messages API with a fixed delay per call, and
// mock Graph instances on demand (one per phase, so every phase starts with a fresh budget and
// fresh counters). Everything is started on free ports and stopped by `close()`, in reverse order.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { startAzurite, type Azurite } from '../../dev/support/azurite.js';
import { REPO_ROOT } from '../../dev/support/cert.js';
import { startEnrichmentWorld, type EnrichmentWorld } from '../../dev/enrichment/world.js';
import { startFakeAnthropic, type FakeAnthropic } from '../../dev/fake-anthropic/server.js';
import { startMockGraph, type MockGraph, type MockGraphOptions } from '../../dev/graph/server.js';
import { loadConfig, type Config } from '../../shared/config.js';
import { benchRespond, benchRespondText } from './seed-shape.js';

export const BENCH_API_KEY = 'sk-ant-bench-local';
export const BENCH_GRAPH_TOKEN = 'bench-static-token';

export interface WorldOptions {
  llmDelayMs: number;
  enrichmentDelayMs: number;
  /** PGlite data dir (reused across runs; one process at a time per dir). */
  dataDir: string;
}

export interface PhaseNames {
  graph: MockGraph;
  queueName: string;
  tablePrefix: string;
  extra?: Record<string, string>;
}

export interface BenchWorld {
  options: WorldOptions;
  azurite: Azurite;
  enrichment: EnrichmentWorld;
  anthropic: FakeAnthropic;
  /** A fresh mock Graph, stopped with the world. */
  graph(opts: MockGraphOptions): Promise<MockGraph>;
  /** App settings (environment) for this world; `graph` and names per phase, `extra` on top. */
  env(over: PhaseNames): Record<string, string>;
  /** The same, parsed as the app parses its environment. */
  config(over: PhaseNames): Config;
  /** Registers a cleanup step (run in reverse order by close). */
  onClose(step: () => Promise<unknown> | unknown): void;
  close(): Promise<void>;
}

/** Short random suffix for queue and table names, so runs never share state in Azurite. */
export function runId(): string {
  return randomBytes(4).toString('hex');
}

export async function startWorld(o: WorldOptions): Promise<BenchWorld> {
  const steps: (() => Promise<unknown> | unknown)[] = [];
  const onClose = (s: () => Promise<unknown> | unknown) => void steps.push(s);
  const close = async () => {
    while (steps.length) {
      const step = steps.pop()!;
      try {
        await step();
      } catch {
        // keep closing the rest; a failing stop must not leave other servers running
      }
    }
  };
  try {
    const azurite = await startAzurite();
    onClose(() => azurite.stop());
    const enrichment = await startEnrichmentWorld({ delayMs: o.enrichmentDelayMs, dataDir: path.resolve(REPO_ROOT, o.dataDir) });
    onClose(() => enrichment.close());
    const anthropic = await startFakeAnthropic({ delayMs: o.llmDelayMs, apiKey: BENCH_API_KEY, respond: benchRespond, respondText: benchRespondText });
    onClose(() => anthropic.close());

    const env = ({ graph, queueName, tablePrefix, extra }: PhaseNames): Record<string, string> => ({
      APP_ENV: 'local',
      LOG_LEVEL: 'warn',
      GRAPH_BASE_URL: graph.url,
      GRAPH_STATIC_TOKEN: BENCH_GRAPH_TOKEN,
      GRAPH_TENANT_ID: graph.tenantId,
      SUPPORT_MAILBOX: graph.mailbox,
      STORAGE_CONNECTION: azurite.connectionString,
      QUEUE_NAME: queueName,
      SEND_QUEUE_NAME: `${queueName}-send`,
      TABLE_PREFIX: tablePrefix,
      ANTHROPIC_API_KEY: BENCH_API_KEY,
      ANTHROPIC_BASE_URL: anthropic.url,
      ROSTER_PATH: path.join(REPO_ROOT, 'dev', 'roster.json'),
      ...enrichment.env,
      ...extra,
    });

    return {
      options: o,
      azurite,
      enrichment,
      anthropic,
      onClose,
      close,
      env,
      config: (over) => loadConfig(env(over)),
      async graph(opts) {
        const g = await startMockGraph({ smtpPort: null, acceptToken: (t) => t === BENCH_GRAPH_TOKEN, ...opts });
        onClose(() => g.close());
        return g;
      },
    };
  } catch (err) {
    await close();
    throw err;
  }
}
