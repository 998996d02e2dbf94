import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { createEnricher } from '../../shared/enrichment/enricher.js';
import { DEFAULT_CUSTOMERS_PATH, loadCustomers, type Customer } from './customers.js';
import { FIXTURE_CUSTOMERS } from './fixture.js';
import { startEnrichmentWorld, type EnrichmentWorld } from './world.js';

// The real sample customers when they exist, else the test fixture.
const customersPath = existsSync(DEFAULT_CUSTOMERS_PATH) ? DEFAULT_CUSTOMERS_PATH : undefined;
let customers: Customer[];
let dir: string;
let world: EnrichmentWorld | undefined;

beforeAll(async () => {
  customers = customersPath ? await loadCustomers(customersPath) : FIXTURE_CUSTOMERS;
  dir = mkdtempSync(path.join(os.tmpdir(), 'enrichment-world-'));
  world = await startEnrichmentWorld({ dataDir: path.join(dir, 'pglite'), customers });
});
afterAll(async () => {
  await world?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('enrichment world', () => {
  it('gives settings under which the production enricher finds a sample customer in all three sources', async () => {
    const rich = customers.find((c) => c.recordings > 0 && c.sentryIssues.some((i) => i.lastSeenDaysAgo <= 14))!;
    const enricher = createEnricher(loadConfig({ ...world!.env, LOG_LEVEL: 'error' }));
    try {
      const facts = await enricher.enrich(rich.email);
      expect(facts.sources).toMatchObject({ account: { status: 'ok' }, sentry: { status: 'ok' }, posthog: { status: 'ok' } });
      expect(facts.account).toMatchObject({ name: rich.name, plan: rich.plan, status: rich.status, signupDate: rich.signupDate, platform: rich.platform });
      expect(facts.errors?.map((e) => e.title).sort()).toEqual(rich.sentryIssues.filter((i) => i.lastSeenDaysAgo <= 14).map((i) => i.title).slice(0, 5).sort());
      expect(facts.recordings?.count).toBe(rich.recordings);
    } finally {
      await enricher.close();
    }
  });

  it('serves the Sentry permalink and the PostHog replay link as pages', async () => {
    const rich = customers.find((c) => c.recordings > 0 && c.sentryIssues.length > 0)!;
    const enricher = createEnricher(loadConfig({ ...world!.env, LOG_LEVEL: 'error' }));
    try {
      const facts = await enricher.enrich(rich.email);
      const issuePage = await fetch(facts.errors![0]!.link);
      const replayPage = await fetch(facts.recordings!.links[0]!);
      expect(issuePage.status).toBe(200);
      expect(replayPage.status).toBe(200);
      expect(await replayPage.text()).toContain(rich.email);
    } finally {
      await enricher.close();
    }
  });

  it('starts from the CLI on a reused data dir, prints its settings and ready, and stops on SIGTERM', async () => {
    await world!.close();
    world = undefined;
    const child = spawn(process.execPath, ['--import', 'tsx', 'dev/enrichment/main.ts'], {
      env: { ...process.env, ENRICHMENT_SENTRY_PORT: '0', ENRICHMENT_POSTHOG_PORT: '0', ENRICHMENT_PG_PORT: '0', ENRICHMENT_DATA_DIR: path.join(dir, 'pglite'), ...(customersPath ? {} : { CUSTOMERS_PATH: 'missing.json' }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    if (!customersPath) {
      expect(await exited).not.toBe(0); // without the file the CLI refuses to start, with a reason
      expect(err).toContain('missing.json');
      return;
    }
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (/\bready\b/.test(out)) resolve();
      });
      void exited.then((code) => reject(new Error(`CLI exited with ${code}: ${err}`)));
    });
    const envLine = out.split('\n').find((l) => l.startsWith('ENRICHMENT_ENV '))!;
    const env = JSON.parse(envLine.slice('ENRICHMENT_ENV '.length)) as Record<string, string>;
    const enricher = createEnricher(loadConfig({ ...env, LOG_LEVEL: 'error' }));
    try {
      const facts = await enricher.enrich(customers[0]!.email);
      expect(facts.sources.account.status).toBe('ok');
    } finally {
      await enricher.close();
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
