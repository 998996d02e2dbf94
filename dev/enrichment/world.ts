// The enrichment part of the local world: mock Sentry, mock PostHog and the local accounts
// Postgres, all seeded from the same sample customers, plus the env the app needs to use them.
import path from 'node:path';
import { startAccountsDb } from './accounts-db.js';
import { DEFAULT_CUSTOMERS_PATH, loadCustomers, type Customer } from './customers.js';
import type { MockControls } from './mock-http.js';
import { startMockPostHog } from './posthog-mock.js';
import { SENTRY_PROJECTS, startMockSentry } from './sentry-mock.js';

export interface EnrichmentWorldOptions {
  sentryPort?: number;
  posthogPort?: number;
  pgPort?: number;
  host?: string;
  /** PGlite data dir, reused across starts; default .world/pglite */
  dataDir?: string;
  customersPath?: string;
  /** Already-loaded customers (tests); wins over customersPath. */
  customers?: readonly Customer[];
  /** Fixed delay per mock HTTP request (benchmark). */
  delayMs?: number;
}

export interface EnrichmentWorldEnv {
  SENTRY_API_URL: string;
  SENTRY_ORG: string;
  SENTRY_PROJECT: string;
  SENTRY_AUTH_TOKEN: string;
  POSTHOG_API_URL: string;
  POSTHOG_PROJECT_ID: string;
  POSTHOG_API_KEY: string;
  ACCOUNTS_DATABASE_URL: string;
}

export interface EnrichmentWorld {
  env: EnrichmentWorldEnv;
  sentry: MockControls;
  posthog: MockControls;
  customers: readonly Customer[];
  close(): Promise<void>;
}

// Local, fake credentials: the mocks check them so a missing or wrong token fails like production.
export const LOCAL_SENTRY_TOKEN = 'sntryu_local_world_token';
export const LOCAL_POSTHOG_KEY = 'phx_local_world_key';
export const LOCAL_SENTRY_ORG = 'studyflash';
export const LOCAL_POSTHOG_PROJECT = '1';
export const DEFAULT_DATA_DIR = '.world/pglite';

export async function startEnrichmentWorld(o: EnrichmentWorldOptions = {}): Promise<EnrichmentWorld> {
  const customers = o.customers ?? (await loadCustomers(o.customersPath ?? DEFAULT_CUSTOMERS_PATH));
  const host = o.host ?? '127.0.0.1';
  const results = await Promise.allSettled([
    startMockSentry({ customers, org: LOCAL_SENTRY_ORG, token: LOCAL_SENTRY_TOKEN, host, port: o.sentryPort, delayMs: o.delayMs }),
    startMockPostHog({ customers, projectId: LOCAL_POSTHOG_PROJECT, apiKey: LOCAL_POSTHOG_KEY, host, port: o.posthogPort, delayMs: o.delayMs }),
    startAccountsDb({ customers, dataDir: path.resolve(o.dataDir ?? DEFAULT_DATA_DIR), host, port: o.pgPort }),
  ]);
  const [s, p, d] = results;
  if (s.status === 'rejected' || p.status === 'rejected' || d.status === 'rejected') {
    // Stop whatever did start, then report the first failure.
    await Promise.allSettled(results.map(async (r) => (r.status === 'fulfilled' ? await r.value.close() : undefined)));
    throw results.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason;
  }
  const sentry = s.value;
  const posthog = p.value;
  const db = d.value;
  return {
    env: {
      SENTRY_API_URL: sentry.url,
      SENTRY_ORG: LOCAL_SENTRY_ORG,
      SENTRY_PROJECT: SENTRY_PROJECTS.map((pr) => pr.id).join(','),
      SENTRY_AUTH_TOKEN: LOCAL_SENTRY_TOKEN,
      POSTHOG_API_URL: posthog.url,
      POSTHOG_PROJECT_ID: LOCAL_POSTHOG_PROJECT,
      POSTHOG_API_KEY: LOCAL_POSTHOG_KEY,
      ACCOUNTS_DATABASE_URL: db.url,
    },
    sentry,
    posthog,
    customers,
    close: async () => {
      await Promise.allSettled([sentry.close(), posthog.close(), db.close()]);
    },
  };
}
