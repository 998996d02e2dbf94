// POST /api/digest: build and post the daily digest now (admin key in Azure), for checking it.
import type { HttpResponseInit } from '@azure/functions';
import { getServices, type Services } from './app.js';
import { postDigestNow } from '../shared/digest/digest.js';
import type { HttpHandler } from './table.js';

export function digestHandler(services: () => Services = getServices): HttpHandler {
  return async (): Promise<HttpResponseInit> => {
    const r = await postDigestNow(services().digestDeps());
    if (!r.ref) return { status: 409, jsonBody: { error: 'conflict', message: 'no Teams channel yet: install the app in a team or set TEAMS_CHANNEL_ID' } };
    return { status: 200, jsonBody: { posted: true, date: r.date, cardBytes: r.bytes, chartBytes: r.chartBytes, conversationId: r.ref.conversationId } };
  };
}
