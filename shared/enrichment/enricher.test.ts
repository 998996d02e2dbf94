import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_CUSTOMERS } from '../../dev/enrichment/fixture.js';
import type { MockControls } from '../../dev/enrichment/mock-http.js';
import { startMockPostHog } from '../../dev/enrichment/posthog-mock.js';
import { startMockSentry } from '../../dev/enrichment/sentry-mock.js';
import { AppError } from '../errors.js';
import { createEnricher, type EnrichmentConfig } from './enricher.js';
import type { AccountFacts, EnrichmentSource, ErrorFacts, RecordingFacts } from './source.js';

const SENTRY_TOKEN = 'sntryu_enricher_test_secret';
const POSTHOG_KEY = 'phx_enricher_test_secret';
const mocks: MockControls[] = [];
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((m) => m.close()));
});

/** An accounts source answering from the fixture, so these tests need no database. */
const fixtureAccounts: EnrichmentSource<AccountFacts> = {
  name: 'account',
  async lookup(email) {
    const c = FIXTURE_CUSTOMERS.find((x) => x.email === email);
    return c ? { name: c.name, plan: c.plan, status: c.status } : null;
  },
};

async function world(): Promise<{ sentry: MockControls; posthog: MockControls; config: EnrichmentConfig }> {
  const sentry = await startMockSentry({ customers: FIXTURE_CUSTOMERS, token: SENTRY_TOKEN });
  const posthog = await startMockPostHog({ customers: FIXTURE_CUSTOMERS, projectId: '7', apiKey: POSTHOG_KEY });
  mocks.push(sentry, posthog);
  return {
    sentry,
    posthog,
    config: {
      sentryApiUrl: sentry.url,
      sentryOrg: 'studyflash',
      sentryAuthToken: SENTRY_TOKEN,
      posthogApiUrl: posthog.url,
      posthogProjectId: '7',
      posthogApiKey: POSTHOG_KEY,
      enrichmentTimeoutMs: 1000,
    },
  };
}

describe('enricher', () => {
  it('combines account, errors and recordings when every source answers', async () => {
    const { config } = await world();
    const enricher = createEnricher(config, { sources: { account: fixtureAccounts } });
    const facts = await enricher.enrich('lena.meier@example.ch');
    expect(facts.sources.account.status).toBe('ok');
    expect(facts.sources.sentry.status).toBe('ok');
    expect(facts.sources.posthog.status).toBe('ok');
    expect(facts.account?.plan).toBe('premium-yearly');
    expect(facts.errors).toHaveLength(2);
    expect(facts.recordings?.count).toBe(3);
    expect(typeof facts.sources.sentry.ms).toBe('number');
  });

  it('marks every source skipped, naming the missing settings, when nothing is configured', async () => {
    const facts = await createEnricher({ enrichmentTimeoutMs: 1000 }).enrich('lena.meier@example.ch');
    expect(facts.sources.account).toEqual({ status: 'skipped', detail: 'not configured (ACCOUNTS_DATABASE_URL)' });
    expect(facts.sources.sentry).toEqual({ status: 'skipped', detail: 'not configured (SENTRY_API_URL, SENTRY_ORG, SENTRY_AUTH_TOKEN)' });
    expect(facts.sources.posthog.status).toBe('skipped');
    expect(facts.account).toBeUndefined();
    expect(facts.errors).toBeUndefined();
  });

  it('names only the missing setting when a source is half configured', async () => {
    const facts = await createEnricher({ enrichmentTimeoutMs: 1000, sentryApiUrl: 'https://sentry.io', sentryOrg: 'studyflash' }).enrich('a@b.co');
    expect(facts.sources.sentry).toEqual({ status: 'skipped', detail: 'not configured (SENTRY_AUTH_TOKEN)' });
  });

  it('isolates a failing Sentry: the account and recordings still arrive, the reason is reported without the token', async () => {
    const { config, sentry } = await world();
    sentry.failNext({ status: 500, body: { detail: `boom ${SENTRY_TOKEN}` } }, 5);
    const facts = await createEnricher(config, { sources: { account: fixtureAccounts } }).enrich('lena.meier@example.ch');
    expect(facts.sources.sentry.status).toBe('failed');
    expect(facts.sources.sentry.detail).toContain('500');
    expect(facts.sources.sentry.detail).not.toContain(SENTRY_TOKEN);
    expect(facts.errors).toBeUndefined();
    expect(facts.sources.account.status).toBe('ok');
    expect(facts.sources.posthog.status).toBe('ok');
    expect(facts.recordings?.count).toBe(3);
  });

  it('isolates a source that hangs: it fails as timed out and the others are not held up', async () => {
    const { config } = await world();
    const hanging: EnrichmentSource<AccountFacts> = { name: 'account', lookup: () => new Promise(() => undefined) };
    const facts = await createEnricher({ ...config, enrichmentTimeoutMs: 150 }, { sources: { account: hanging } }).enrich('lena.meier@example.ch');
    expect(facts.sources.account).toMatchObject({ status: 'failed', detail: 'account: timed out after 150 ms' });
    expect(facts.sources.sentry.status).toBe('ok');
    expect(facts.sources.posthog.status).toBe('ok');
  });

  it('reports a 401 from PostHog as failed with its reason', async () => {
    const { config } = await world();
    const facts = await createEnricher({ ...config, posthogApiKey: 'phx_wrong_key' }, { sources: { account: fixtureAccounts } }).enrich('lena.meier@example.ch');
    expect(facts.sources.posthog.status).toBe('failed');
    expect(facts.sources.posthog.detail).toMatch(/^posthog: 401 /);
    expect(facts.sources.posthog.detail).not.toContain('phx_wrong_key');
  });

  it('reports not-found per source for an unknown person', async () => {
    const { config } = await world();
    const facts = await createEnricher(config, { sources: { account: fixtureAccounts } }).enrich('nobody@example.com');
    expect(facts.sources.account.status).toBe('not-found');
    expect(facts.sources.sentry.status).toBe('not-found');
    expect(facts.sources.posthog.status).toBe('not-found');
    expect(facts.account).toBeNull();
    expect(facts.errors).toEqual([]);
  });

  it('never throws, even when a source throws something odd', async () => {
    const weird: EnrichmentSource<AccountFacts> = {
      name: 'account',
      lookup: () => {
        throw new AppError('upstream', 'accounts: broken postgres://reader:hunter22@db.internal/accounts');
      },
    };
    const facts = await createEnricher({ enrichmentTimeoutMs: 500 }, { sources: { account: weird } }).enrich('a@b.co');
    expect(facts.sources.account.status).toBe('failed');
    expect(facts.sources.account.detail).not.toContain('hunter22');
  });

  it('fails every source for an address that is not an e-mail instead of querying anything', async () => {
    const { config, sentry, posthog } = await world();
    const facts = await createEnricher(config, { sources: { account: fixtureAccounts } }).enrich('not an address');
    expect(facts.sources.sentry).toEqual({ status: 'failed', detail: 'not a valid e-mail address' });
    expect(sentry.requests.length + posthog.requests.length).toBe(0);
  });

  it('asks the sources at the same time: each one here only answers once the other has started', async () => {
    const started = { account: false, sentry: false };
    const waitFor = (other: keyof typeof started) =>
      new Promise<void>((resolve) => {
        const tick = () => (started[other] ? resolve() : setTimeout(tick, 5));
        tick();
      });
    const account: EnrichmentSource<AccountFacts> = {
      name: 'account',
      async lookup() {
        started.account = true;
        await waitFor('sentry');
        return { plan: 'free' };
      },
    };
    const sentry: EnrichmentSource<ErrorFacts> = {
      name: 'sentry',
      async lookup() {
        started.sentry = true;
        await waitFor('account');
        return [{ title: 't', count: 1, lastSeen: new Date().toISOString(), link: 'https://sentry.io/x' }];
      },
    };
    const facts = await createEnricher({ enrichmentTimeoutMs: 2000 }, { sources: { account, sentry } }).enrich('a@b.co');
    expect(facts.sources.account.status).toBe('ok');
    expect(facts.sources.sentry.status).toBe('ok');
  });
});

describe('staged enrichment', () => {
  it('gives the draft stage once account and errors are known, without waiting for recordings', async () => {
    let releaseRecordings: () => void = () => {};
    const account: EnrichmentSource<AccountFacts> = { name: 'account', lookup: async () => ({ plan: 'premium-yearly', platform: 'ios' }) };
    const sentry: EnrichmentSource<ErrorFacts> = { name: 'sentry', lookup: async () => [] };
    const posthog: EnrichmentSource<RecordingFacts> = { name: 'posthog', lookup: () => new Promise((r) => (releaseRecordings = () => r({ count: 2, links: [] }))) };
    const staged = createEnricher({ enrichmentTimeoutMs: 2000 }, { sources: { account, sentry, posthog } }).enrichStaged('a@b.co');
    const draft = await staged.draft;
    expect(draft.account).toMatchObject({ plan: 'premium-yearly' });
    expect(draft.errors).toEqual([]);
    expect(draft.sources.posthog).toEqual({ status: 'skipped', detail: 'not awaited for the draft' });
    releaseRecordings();
    const complete = await staged.complete;
    expect(complete.recordings).toEqual({ count: 2, links: [] });
    expect(complete.sources.posthog.status).toBe('ok');
  });
});
