// POST /api/lifecycle: Graph lifecycle events for the Inbox subscription (renew, recreate, reconcile).
import type { HttpRequest } from '@azure/functions';
import { getServices, type Services } from './app.js';
import { handleLifecycle } from '../shared/tickets/intake.js';
import { toResponse } from './notifications.js';
import type { HttpHandler } from './types.js';

export function lifecycleHandler(services: () => Services = getServices): HttpHandler {
  return async (req: HttpRequest) => toResponse(await handleLifecycle(services().lifecycleDeps(), await req.text(), req.query));
}
