// Timer (RECONCILE_SCHEDULE, also at start): keep the Inbox subscription alive and catch up on
// mail whose notification never arrived (delta query).
import { getServices, type Services } from './app.js';
import { reconcile } from '../shared/tickets/reconcile.js';
import type { TimerHandler } from './types.js';

export function reconcileHandler(services: () => Services = getServices): TimerHandler {
  return async () => {
    await reconcile(services().reconcileDeps());
  };
}
