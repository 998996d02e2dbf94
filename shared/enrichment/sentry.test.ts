import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_CUSTOMERS } from '../../dev/enrichment/fixture.js';
import type { MockControls } from '../../dev/enrichment/mock-http.js';
import { startMockSentry } from '../../dev/enrichment/sentry-mock.js';
import { AppError } from '../errors.js';
import { createSentrySource, nextPage, userEmailQuery, type SentryOptions } from './sentry.js';

const TOKEN = 'sntryu_test_token';
let mock: MockControls | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function setup(opts: { pageSize?: number } = {}, source: Partial<SentryOptions> = {}) {
  mock = await startMockSentry({ customers: FIXTURE_CUSTOMERS, org: 'studyflash', token: TOKEN, ...opts });
  const sentry = createSentrySource({ apiUrl: mock.url, org: 'studyflash', token: TOKEN, timeoutMs: 1000, maxRetries: 0, ...source });
  const ctx = () => ({ signal: new AbortController().signal, deadline: Date.now() + 1000 });
  return { mock, sentry, ctx };
}

describe('Sentry source', () => {
  it("returns the sender's issues of the last 14 days, newest first, with count, last seen and a link", async () => {
    const { sentry, ctx } = await setup();
    const errors = await sentry.lookup('lena.meier@example.ch', ctx());
    expect(errors?.map((e) => e.title)).toEqual(['EXC_BAD_ACCESS in DeckSyncService', 'URLError: The request timed out']);
    expect(errors?.[0]?.count).toBe(12);
    expect(Date.now() - Date.parse(errors?.[0]?.lastSeen ?? '')).toBeGreaterThan(1.9 * 86_400_000);
    expect(errors?.[0]?.link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/organizations\/studyflash\/issues\/\d+\/$/);
  });

  it('asks the organization issues endpoint with a quoted user.email query, 14d and the bearer token', async () => {
    const { mock, sentry, ctx } = await setup({}, { projectIds: ['2'] });
    await sentry.lookup("o'brien+study@example.ie", ctx());
    const req = mock.requests.at(-1)!;
    const u = new URL(req.url, 'http://x');
    expect(u.pathname).toBe('/api/0/organizations/studyflash/issues/');
    expect(u.searchParams.get('query')).toBe('user.email:"o\'brien+study@example.ie"');
    expect(u.searchParams.get('statsPeriod')).toBe('14d');
    expect(u.searchParams.getAll('project')).toEqual(['2']);
    expect(req.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('finds an address with a quote and a plus sign', async () => {
    const { sentry, ctx } = await setup();
    const errors = await sentry.lookup("o'brien+study@example.ie", ctx());
    expect(errors?.map((e) => e.title)).toEqual(['TypeError: deck is undefined']);
  });

  it('answers null when the user has no issues', async () => {
    const { sentry, ctx } = await setup();
    expect(await sentry.lookup('nobody@example.com', ctx())).toBeNull();
  });

  it('follows Link pagination while results="true" and caps the issues at the limit', async () => {
    const { mock, sentry, ctx } = await setup({ pageSize: 2 }, { limit: 5 });
    const errors = await sentry.lookup('many.errors@example.com', ctx());
    expect(errors?.map((e) => e.title)).toEqual(['Error number 1', 'Error number 2', 'Error number 3', 'Error number 4', 'Error number 5']);
    expect(mock.requests.length).toBe(3);
  });

  it('fails with an unauthorized error when the token is wrong', async () => {
    const { sentry, ctx } = await setup({}, { token: 'sntryu_wrong' });
    const err = await sentry.lookup('lena.meier@example.ch', ctx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe('unauthorized');
    expect((err as AppError).message).toBe('sentry: 401 Invalid token');
  });

  it('fails with an upstream error on a 500', async () => {
    const { mock, sentry, ctx } = await setup();
    mock.failNext({ status: 500, body: { detail: 'Internal Error' } });
    const err = (await sentry.lookup('lena.meier@example.ch', ctx()).catch((e: unknown) => e)) as AppError;
    expect(err.kind).toBe('upstream');
    expect(err.message).toContain('500');
  });

  it('retries a 429 and succeeds when the server lets it', async () => {
    const { mock, sentry, ctx } = await setup({}, { maxRetries: 2 });
    mock.failNext({ status: 429, body: { detail: 'Too many requests' }, headers: { 'retry-after': '0' } });
    const errors = await sentry.lookup('lena.meier@example.ch', ctx());
    expect(errors).toHaveLength(2);
    expect(mock.requests.length).toBe(2);
  });

  it('times out when Sentry is slower than the timeout', async () => {
    const { mock, sentry, ctx } = await setup({}, { timeoutMs: 100 });
    mock.setDelay(1000);
    const err = (await sentry.lookup('lena.meier@example.ch', ctx()).catch((e: unknown) => e)) as AppError;
    expect(err.kind).toBe('timeout');
  });
});

describe('Sentry helpers', () => {
  it('escapes quotes and backslashes inside the quoted e-mail', () => {
    expect(userEmailQuery('a"b\\c@x.io')).toBe('user.email:"a\\"b\\\\c@x.io"');
  });

  it('never follows a next link to another origin (the token would leak)', () => {
    const link = '<https://evil.example/api/0/x?cursor=0:5:0>; rel="next"; results="true"; cursor="0:5:0"';
    expect(nextPage(link, 'https://sentry.io')).toBeNull();
    expect(nextPage(link.replace('evil.example', 'sentry.io'), 'https://sentry.io')?.toString()).toBe('https://sentry.io/api/0/x?cursor=0:5:0');
  });

  it('stops when Sentry says there are no more results', () => {
    const link = '<https://sentry.io/p?cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", <https://sentry.io/p?cursor=0:5:0>; rel="next"; results="false"; cursor="0:5:0"';
    expect(nextPage(link, 'https://sentry.io')).toBeNull();
  });
});
