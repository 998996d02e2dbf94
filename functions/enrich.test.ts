import azf from '@azure/functions';
import { describe, expect, it } from 'vitest';
import type { EnrichmentFacts } from '../shared/domain.js';
import type { Enricher } from '../shared/ports.js';
import { enrichHandler, sidebarHandler } from './enrich.js';

const asked: string[] = [];
const enricher: Enricher = {
  async enrich(email) {
    asked.push(email);
    const facts: EnrichmentFacts = {
      email,
      account: { name: 'Lena <Meier>', plan: 'free' },
      sources: { account: { status: 'ok', ms: 3 }, sentry: { status: 'skipped', detail: 'not configured (SENTRY_API_URL)' }, posthog: { status: 'skipped', detail: 'not configured (POSTHOG_API_URL)' } },
    };
    return facts;
  },
};

const get = (query: string) => new azf.HttpRequest({ method: 'GET', url: `http://localhost/api/enrich${query}` });

describe('GET /api/enrich', () => {
  it('answers 400 with a clear message when email is missing', async () => {
    const res = await enrichHandler(enricher)(get(''));
    expect(res.status).toBe(400);
    expect(res.jsonBody).toEqual({ error: 'invalid-input', message: 'query parameter "email" is required' });
  });

  it('answers 400 when email is not an address, without asking any source', async () => {
    const before = asked.length;
    const res = await enrichHandler(enricher)(get('?email=not-an-address'));
    expect(res.status).toBe(400);
    expect((res.jsonBody as { message: string }).message).toBe('email is not a valid e-mail address');
    expect(asked.length).toBe(before);
  });

  it('answers the enrichment facts as JSON, not cacheable', async () => {
    const res = await enrichHandler(enricher)(get(`?email=${encodeURIComponent(' lena.meier@example.ch ')}`));
    expect(res.status).toBe(200);
    expect((res.jsonBody as EnrichmentFacts).email).toBe('lena.meier@example.ch');
    expect((res.jsonBody as EnrichmentFacts).sources.account.status).toBe('ok');
    expect(res.headers).toMatchObject({ 'cache-control': 'no-store' });
  });
});

describe('GET /api/sidebar', () => {
  it('answers the HTML panel with a policy that forbids scripts', async () => {
    const res = await sidebarHandler(enricher)(get('?email=lena.meier%40example.ch'));
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8' });
    expect((res.headers as Record<string, string>)['content-security-policy']).toContain("default-src 'none'");
    expect(String(res.body)).toContain('Lena &#60;Meier&#62;');
  });

  it('answers 400 as HTML when email is missing', async () => {
    const res = await sidebarHandler(enricher)(get('?email='));
    expect(res.status).toBe(400);
    expect(String(res.body)).toContain('query parameter &#34;email&#34; is required');
  });
});
