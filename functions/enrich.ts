// GET /api/enrich?email= (JSON facts) and GET /api/sidebar?email= (self-contained HTML panel):
// parse the address, ask the enricher, map the result. The enricher never throws.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { z } from 'zod';
import type { Enricher } from '../shared/ports.js';
import { enrichmentJson, esc, renderSidebarHtml } from '../shared/enrichment/sidebar.js';

const emailParam = z.string().trim().min(1, 'query parameter "email" is required').max(320, 'email is too long').pipe(z.email('email is not a valid e-mail address'));

// Personal data: never cached by proxies or browsers.
const NO_STORE = { 'cache-control': 'no-store' };
// The panel has inline CSS only; nothing else may load or run.
const SIDEBAR_HEADERS = {
  ...NO_STORE,
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function parseEmail(req: HttpRequest): { ok: true; email: string } | { ok: false; message: string } {
  const r = emailParam.safeParse(req.query.get('email') ?? '');
  return r.success ? { ok: true, email: r.data } : { ok: false, message: r.error.issues[0]?.message ?? 'invalid email' };
}

export function enrichHandler(enricher: Enricher): (req: HttpRequest) => Promise<HttpResponseInit> {
  return async (req) => {
    const p = parseEmail(req);
    if (!p.ok) return { status: 400, headers: NO_STORE, jsonBody: { error: 'invalid-input', message: p.message } };
    const facts = await enricher.enrich(p.email);
    return { status: 200, headers: NO_STORE, jsonBody: enrichmentJson(facts) };
  };
}

export function sidebarHandler(enricher: Enricher): (req: HttpRequest) => Promise<HttpResponseInit> {
  return async (req) => {
    const p = parseEmail(req);
    if (!p.ok) {
      return { status: 400, headers: SIDEBAR_HEADERS, body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Customer context</title></head><body><p>${esc(p.message)}</p></body></html>` };
    }
    const facts = await enricher.enrich(p.email);
    return { status: 200, headers: SIDEBAR_HEADERS, body: renderSidebarHtml(facts) };
  };
}
