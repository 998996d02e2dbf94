// CLI: starts the enrichment stand-ins (mock Sentry, mock PostHog, local accounts Postgres) for the
// local world launcher, which may spawn it as a child process. Prints one line
// `ENRICHMENT_ENV {json}` with the app settings to use, then a line containing `ready`.
// Settings (env): ENRICHMENT_SENTRY_PORT (5201), ENRICHMENT_POSTHOG_PORT (5202),
// ENRICHMENT_PG_PORT (5433), ENRICHMENT_DATA_DIR (.world/pglite), CUSTOMERS_PATH
// (dev/data/customers.json), ENRICHMENT_MOCK_DELAY_MS (0), ENRICHMENT_HOST (127.0.0.1).
import { z } from 'zod';
import { DEFAULT_DATA_DIR, startEnrichmentWorld } from './world.js';
import { DEFAULT_CUSTOMERS_PATH } from './customers.js';

const port = z.coerce.number().int().min(0).max(65535);
const settings = z
  .object({
    ENRICHMENT_SENTRY_PORT: port.default(5201),
    ENRICHMENT_POSTHOG_PORT: port.default(5202),
    ENRICHMENT_PG_PORT: port.default(5433),
    ENRICHMENT_DATA_DIR: z.string().min(1).default(DEFAULT_DATA_DIR),
    CUSTOMERS_PATH: z.string().min(1).default(DEFAULT_CUSTOMERS_PATH),
    ENRICHMENT_MOCK_DELAY_MS: z.coerce.number().int().min(0).default(0),
    ENRICHMENT_HOST: z.string().min(1).default('127.0.0.1'),
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ''))); 

const started = Date.now();
const world = await startEnrichmentWorld({
  sentryPort: settings.ENRICHMENT_SENTRY_PORT,
  posthogPort: settings.ENRICHMENT_POSTHOG_PORT,
  pgPort: settings.ENRICHMENT_PG_PORT,
  host: settings.ENRICHMENT_HOST,
  dataDir: settings.ENRICHMENT_DATA_DIR,
  customersPath: settings.CUSTOMERS_PATH,
  delayMs: settings.ENRICHMENT_MOCK_DELAY_MS,
});
process.stdout.write(`ENRICHMENT_ENV ${JSON.stringify(world.env)}\n`);
process.stdout.write(
  `enrichment: mock Sentry ${world.env.SENTRY_API_URL}, mock PostHog ${world.env.POSTHOG_API_URL}, accounts Postgres ${world.env.ACCOUNTS_DATABASE_URL} ` +
    `(${world.customers.length} customers, ${Date.now() - started} ms) ready\n`,
);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await world.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
