import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from './errors.js';
import { fetchWithPolicy, httpError, requestJson, retryAfterMs } from './http.js';

type Answer = { status: number; headers?: Record<string, string>; body?: string; hangMs?: number };

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

/** A server answering with the scripted answers in order (the last one repeats). */
async function scripted(answers: Answer[]): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  server = http.createServer((_req, res) => {
    const a = answers[Math.min(hits, answers.length - 1)]!;
    hits++;
    const send = () => res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }).end(a.body ?? '{}');
    if (a.hangMs) setTimeout(() => !res.destroyed && send(), a.hangMs);
    else send();
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/x`, hits: () => hits };
}

describe('outbound HTTP policy', () => {
  it('retries a 429 after the Retry-After the server asked for, then returns the success', async () => {
    const s = await scripted([{ status: 429, headers: { 'retry-after': '0' } }, { status: 200, body: '{"ok":true}' }]);
    const res = await fetchWithPolicy(s.url, {}, { service: 't', timeoutMs: 2000 });
    expect(res.status).toBe(200);
    expect(s.hits()).toBe(2);
  });

  it('retries a 503 at most maxRetries times and then hands back the last answer', async () => {
    const s = await scripted([{ status: 503 }]);
    const res = await fetchWithPolicy(s.url, {}, { service: 't', timeoutMs: 2000, maxRetries: 2, backoffMs: 1 });
    expect(res.status).toBe(503);
    expect(s.hits()).toBe(3);
  });

  it('does not retry a 500 or a 401', async () => {
    const s = await scripted([{ status: 500 }]);
    expect((await fetchWithPolicy(s.url, {}, { service: 't', timeoutMs: 2000 })).status).toBe(500);
    expect(s.hits()).toBe(1);
  });

  it('gives up at once when Retry-After is longer than the caller can wait', async () => {
    const s = await scripted([{ status: 429, headers: { 'retry-after': '30' } }, { status: 200 }]);
    const res = await fetchWithPolicy(s.url, {}, { service: 't', timeoutMs: 2000, deadline: Date.now() + 1000 });
    expect(res.status).toBe(429);
    expect(s.hits()).toBe(1);
  });

  it('turns a slow answer into a timeout AppError', async () => {
    const s = await scripted([{ status: 200, hangMs: 2000 }]);
    const err = await fetchWithPolicy(s.url, {}, { service: 'slowpoke', timeoutMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe('timeout');
    expect((err as AppError).message).toContain('slowpoke');
  });

  it('turns a refused connection into an unavailable AppError', async () => {
    const s = await scripted([{ status: 200 }]);
    server!.close();
    server = undefined;
    const err = await fetchWithPolicy(s.url, {}, { service: 't', timeoutMs: 1000 }).catch((e: unknown) => e);
    expect((err as AppError).kind).toBe('unavailable');
  });

  it('maps an error body with a detail field to a specific AppError', async () => {
    const s = await scripted([{ status: 401, body: '{"detail":"Invalid token"}' }]);
    const e = await httpError(await fetchWithPolicy(s.url, {}, { service: 'sentry', timeoutMs: 1000 }), 'sentry');
    expect(e.kind).toBe('unauthorized');
    expect(e.message).toBe('sentry: 401 Invalid token');
  });

  it('rejects a JSON body that does not match the schema', async () => {
    const s = await scripted([{ status: 200, body: '{"results":"nope"}' }]);
    const err = await requestJson(s.url, {}, { service: 'x', timeoutMs: 1000 }, z.object({ results: z.array(z.string()) })).catch((e: unknown) => e);
    expect((err as AppError).kind).toBe('upstream');
    expect((err as AppError).message).toContain('results');
  });

  it('reads Retry-After as seconds, as an HTTP date, and retry-after-ms first', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({ 'retry-after': '2', 'retry-after-ms': '150' }), now)).toBe(150);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
  });
});
