// POST /api/notifications: the Graph change-notification webhook (anonymous route; Graph proves
// itself with clientState). Parse → handleNotifications → map; acknowledges in milliseconds.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { getServices, type Services } from './app.js';
import { handleNotifications, type HttpResult } from '../shared/tickets/intake.js';
import type { HttpHandler } from './types.js';

export function toResponse(r: HttpResult): HttpResponseInit {
  return { status: r.status, headers: r.headers, ...(r.body !== undefined ? { body: r.body } : {}), ...(r.jsonBody !== undefined ? { jsonBody: r.jsonBody } : {}) };
}

export function notificationsHandler(services: () => Services = getServices): HttpHandler {
  return async (req: HttpRequest) => toResponse(await handleNotifications(services().intakeDeps(), await req.text(), req.query));
}
