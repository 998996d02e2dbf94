// Outlook's limits and injected faults, seen from raw HTTP (the SDK would retry them away):
// 4 concurrent calls per mailbox, the request budget with Retry-After, inner 429s in $batch,
// and MOCK_GRAPH_FAULTS-style error/throttle/lost rates with a seeded, repeatable pattern.
import { afterEach, describe, expect, it } from 'vitest';
import type { MockGraph } from './server.js';
import { startTestGraph } from './testkit.js';
import { parseFaults } from './faults.js';
import { parseLimits } from './throttle.js';

const AUTH = { authorization: 'Bearer test-token' };
let graph: MockGraph | undefined;
afterEach(async () => {
  await graph?.close();
  graph = undefined;
});

async function get(path: string): Promise<{ status: number; retryAfter: string | null; code?: string }> {
  const res = await fetch(`${graph!.url}${path}`, { headers: AUTH });
  const body = (await res.json().catch(() => ({}))) as { error?: { code: string } };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), code: body.error?.code };
}

describe('mailbox limits', () => {
  it('answers 429 ApplicationThrottled with Retry-After beyond 4 concurrent calls', async () => {
    graph = await startTestGraph();
    // Admitted calls stay in their slot until released, so eight parallel calls overlap for sure.
    const release = graph.hold();
    const pending = Array.from({ length: 8 }, () => get(`/users/${graph!.mailbox}/messages`));
    const until = Date.now() + 20_000;
    while (graph.stats().throttled < 4 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    release();
    const results = await Promise.all(pending);
    const ok = results.filter((r) => r.status === 200);
    const throttled = results.filter((r) => r.status === 429);
    expect(ok).toHaveLength(4);
    expect(throttled).toHaveLength(4);
    expect(throttled.every((r) => r.code === 'ApplicationThrottled' && Number(r.retryAfter) >= 1)).toBe(true);
    expect(graph.stats()).toMatchObject({ throttled: 4, throttledBy: { concurrency: 4, budget: 0 }, peakConcurrency: 4 });
  });

  it('lets calls through again once the concurrent ones are done', async () => {
    graph = await startTestGraph({ latencyMs: 50 });
    for (let i = 0; i < 3; i++) {
      const results = await Promise.all(Array.from({ length: 4 }, () => get(`/users/${graph!.mailbox}`)));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    }
  });

  it('answers 429 TooManyRequests with Retry-After once the budget of the window is spent', async () => {
    graph = await startTestGraph({ limits: { concurrency: 4, budget: 5, windowMs: 60_000 } });
    for (let i = 0; i < 5; i++) expect((await get(`/users/${graph.mailbox}`)).status).toBe(200);
    const over = await get(`/users/${graph.mailbox}`);
    expect(over).toMatchObject({ status: 429, code: 'TooManyRequests' });
    expect(Number(over.retryAfter)).toBeGreaterThan(1);
    expect(Number(over.retryAfter)).toBeLessThanOrEqual(60);
    // Subscriptions are not Outlook calls and stay available.
    expect((await get('/subscriptions')).status).toBe(200);
  });

  it('throttles $batch items one by one: a 200 batch holds inner 429s with retry-after', async () => {
    graph = await startTestGraph({ limits: { concurrency: 4, budget: 3, windowMs: 60_000 } });
    const res = await fetch(`${graph.url}/$batch`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ requests: Array.from({ length: 5 }, (_, i) => ({ id: String(i), method: 'GET', url: `/users/${graph!.mailbox}` })) }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { responses: Array<{ status: number; headers: Record<string, string> }> };
    expect(body.responses.filter((r) => r.status === 200)).toHaveLength(3);
    const inner429 = body.responses.filter((r) => r.status === 429);
    expect(inner429).toHaveLength(2);
    expect(inner429[0]!.headers['retry-after']).toMatch(/^\d+$/);
    expect(graph.stats().batchItems).toBe(5);
  });

  it('can be switched off', async () => {
    graph = await startTestGraph({ limits: false });
    const release = graph.hold();
    const pending = Array.from({ length: 8 }, () => get(`/users/${graph!.mailbox}`));
    const until = Date.now() + 20_000;
    while (graph.stats().peakConcurrency < 8 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    release();
    const results = await Promise.all(pending);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(graph.stats().peakConcurrency).toBe(8);
  });

  it('parses MOCK_GRAPH_LIMITS', () => {
    expect(parseLimits('concurrency=2,budget=100,windowMs=1000')).toEqual({ concurrency: 2, budget: 100, windowMs: 1000 });
    expect(parseLimits('off')).toBe(false);
    expect(parseLimits(undefined)).toEqual({ concurrency: 4, budget: 10_000, windowMs: 600_000 });
    expect(() => parseLimits('burst=3')).toThrow(/unknown key/);
  });
});

describe('fault injection', () => {
  it('answers every API call with 5xx at error=1, but never the token endpoint or /_mock', async () => {
    graph = await startTestGraph({ faults: 'error=1', limits: false });
    const r = await get(`/users/${graph.mailbox}/messages`);
    expect([500, 503]).toContain(r.status);
    const token = await fetch(`${graph.origin}/${graph.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'x', client_secret: 'y', scope: 'https://graph.microsoft.com/.default' }),
    });
    expect(token.status).toBe(200);
    expect((await fetch(`${graph.origin}/_mock/stats`)).status).toBe(200);
  });

  it('answers 429 TooManyRequests with Retry-After at throttle=1', async () => {
    graph = await startTestGraph({ faults: 'throttle=1', limits: false });
    expect(await get(`/users/${graph.mailbox}`)).toMatchObject({ status: 429, code: 'TooManyRequests', retryAfter: '1' });
    expect(graph.stats().faults.throttle).toBe(1);
  });

  it('carries out the call but loses the answer at lost=1', async () => {
    graph = await startTestGraph({ faults: 'lost=1', limits: false });
    const res = await fetch(`${graph.url}/users/${graph.mailbox}/outlook/masterCategories`, {
      method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: JSON.stringify({ displayName: 'other', color: 'preset4' }),
    });
    expect(res.status).toBe(504);
    graph.setFaults('');
    const again = await fetch(`${graph.url}/users/${graph.mailbox}/outlook/masterCategories`, {
      method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: JSON.stringify({ displayName: 'other', color: 'preset4' }),
    });
    expect(again.status).toBe(409);
  });

  it('repeats the same fault pattern for the same seed', async () => {
    const pattern = async (): Promise<number[]> => {
      const g = await startTestGraph({ faults: 'error=0.3,throttle=0.3', seed: 42, limits: false });
      graph = g;
      const out: number[] = [];
      for (let i = 0; i < 20; i++) out.push((await get(`/users/${g.mailbox}`)).status);
      await g.close();
      graph = undefined;
      return out;
    };
    const a = await pattern();
    const b = await pattern();
    expect(a).toEqual(b);
    expect(a.some((s) => s === 200)).toBe(true);
    expect(a.some((s) => s === 429)).toBe(true);
    expect(a.some((s) => s >= 500)).toBe(true);
  });

  it('parses MOCK_GRAPH_FAULTS and rejects unknown faults', () => {
    expect(parseFaults('drop=0.2,duplicate=0.2,error=0.05,throttle=0.1')).toMatchObject({ drop: 0.2, duplicate: 0.2, error: 0.05, throttle: 0.1, lost: 0 });
    expect(parseFaults('delay=500').delayMs).toBe(500);
    expect(() => parseFaults('explode=1')).toThrow(/unknown fault/);
    expect(() => parseFaults('drop=2')).toThrow(/bad rate/);
  });
});
