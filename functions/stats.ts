// GET /api/stats?from=YYYY-MM-DD&to=YYYY-MM-DD: the team's numbers over tickets created on those
// local days (inclusive; default the last 30 days). Function-key protected in Azure.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { getServices, type Services } from './app.js';
import { AppError } from '../shared/errors.js';
import { statsFor, statsRange } from '../shared/stats/index.js';
import type { HttpHandler } from './table.js';

const NO_STORE = { 'cache-control': 'no-store' };

export function statsHandler(services: () => Services = getServices, now: () => Date = () => new Date()): HttpHandler {
  return async (req: HttpRequest): Promise<HttpResponseInit> => {
    const s = services();
    let range;
    try {
      range = statsRange({ from: req.query.get('from'), to: req.query.get('to') }, now(), s.config.businessTimezone);
    } catch (err) {
      if (err instanceof AppError && err.kind === 'invalid-input') return { status: 400, headers: NO_STORE, jsonBody: { error: 'invalid-input', message: err.message } };
      throw err;
    }
    return { status: 200, headers: NO_STORE, jsonBody: await statsFor(s.statsIndex, range, s.config.businessTimezone) };
  };
}
