import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_CUSTOMERS } from '../../dev/enrichment/fixture.js';
import type { MockControls } from '../../dev/enrichment/mock-http.js';
import { startMockPostHog } from '../../dev/enrichment/posthog-mock.js';
import { AppError } from '../errors.js';
import { createPostHogSource, type PostHogOptions } from './posthog.js';

const KEY = 'phx_test_key';
let mock: MockControls | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function setup(source: Partial<PostHogOptions> = {}) {
  mock = await startMockPostHog({ customers: FIXTURE_CUSTOMERS, projectId: '42', apiKey: KEY });
  const posthog = createPostHogSource({ apiUrl: mock.url, projectId: '42', apiKey: KEY, timeoutMs: 1000, maxRetries: 0, ...source });
  const ctx = () => ({ signal: new AbortController().signal, deadline: Date.now() + 1000 });
  return { mock, posthog, ctx };
}

describe('PostHog source', () => {
  it("counts the person's recordings of the last 14 days and links them in the replay UI", async () => {
    const { mock, posthog, ctx } = await setup();
    const r = await posthog.lookup('lena.meier@example.ch', ctx());
    expect(r?.count).toBe(3);
    expect(r?.links).toHaveLength(3);
    expect(r?.links[0]).toMatch(new RegExp(`^${mock.url}/project/42/replay/[0-9a-f-]{36}$`));
  });

  it('finds the person by e-mail first, then asks for recordings by person_uuid from -14d', async () => {
    const { mock, posthog, ctx } = await setup();
    await posthog.lookup('lena.meier@example.ch', ctx());
    const [persons, recordings] = mock.requests.map((r) => new URL(r.url, 'http://x'));
    expect(persons?.pathname).toBe('/api/projects/42/persons/');
    expect(persons?.searchParams.get('email')).toBe('lena.meier@example.ch');
    expect(recordings?.pathname).toBe('/api/projects/42/session_recordings/');
    expect(recordings?.searchParams.get('person_uuid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(recordings?.searchParams.get('date_from')).toBe('-14d');
    expect(mock.requests.every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);
  });

  it('pages through recordings while has_next, counting all and linking only the newest five', async () => {
    const { mock, posthog, ctx } = await setup();
    const r = await posthog.lookup('many.errors@example.com', ctx());
    expect(r?.count).toBe(60);
    expect(r?.links).toHaveLength(5);
    expect(mock.requests.length).toBe(3); // persons + two pages of 50
  });

  it('reports zero recordings for a known person without any', async () => {
    const { posthog, ctx } = await setup();
    expect(await posthog.lookup("o'brien+study@example.ie", ctx())).toEqual({ count: 0, links: [] });
  });

  it('answers null when no person has that e-mail', async () => {
    const { posthog, ctx } = await setup();
    expect(await posthog.lookup('nobody@example.com', ctx())).toBeNull();
  });

  it('fails with an unauthorized error carrying PostHog\'s reason when the key is wrong', async () => {
    const { posthog, ctx } = await setup({ apiKey: 'phx_wrong' });
    const err = (await posthog.lookup('lena.meier@example.ch', ctx()).catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.kind).toBe('unauthorized');
    expect(err.message).toContain('Personal API key found in request Authorization header is invalid.');
  });

  it('fails with an upstream error on a 500', async () => {
    const { mock, posthog, ctx } = await setup();
    mock.failNext({ status: 500, body: { type: 'server_error', code: 'error', detail: 'A server error occurred.', attr: null } });
    const err = (await posthog.lookup('lena.meier@example.ch', ctx()).catch((e: unknown) => e)) as AppError;
    expect(err.kind).toBe('upstream');
  });

  it('fails as throttled when PostHog keeps answering 429', async () => {
    const { mock, posthog, ctx } = await setup();
    mock.failNext({ status: 429, body: { type: 'throttled_error', code: 'throttled', detail: 'Request was throttled. Expected available in 30 seconds.', attr: null } }, 5);
    const err = (await posthog.lookup('lena.meier@example.ch', ctx()).catch((e: unknown) => e)) as AppError;
    expect(err.kind).toBe('throttled');
    expect(err.message).toContain('throttled');
  });

  it('times out when PostHog is slower than the timeout', async () => {
    const { mock, posthog, ctx } = await setup({ timeoutMs: 100 });
    mock.setDelay(1000);
    const err = (await posthog.lookup('lena.meier@example.ch', ctx()).catch((e: unknown) => e)) as AppError;
    expect(err.kind).toBe('timeout');
  });
});
