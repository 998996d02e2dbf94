// The one table of all functions: name, trigger, handler. functions/index.ts registers it with
// @azure/functions for Azure; dev/host serves the same table locally (HTTP, Azurite queues, timers).
// Handlers are thin: parse → call one use case in shared/ → map the result.
import type { FunctionDef } from './types.js';
import { health } from './health.js';
import { getServices } from './app.js';
import { enrichHandler, sidebarHandler } from './enrich.js';
import { lifecycleHandler } from './lifecycle.js';
import { notificationsHandler } from './notifications.js';
import { processTicketHandler } from './processTicket.js';
import { reconcileHandler } from './reconcile.js';
import { getTicketHandler, listTicketsHandler } from './tickets.js';
import { messagesHandler } from './messages.js';
import { sendReplyHandler } from './sendReply.js';

export type { FunctionDef, HttpHandler, QueueHandler, TimerHandler } from './types.js';

/** Queue and schedule names are app-setting references (%NAME%) in Azure, resolved by the host. */
export const FUNCTIONS: FunctionDef[] = [
  { kind: 'http', name: 'health', route: 'health', methods: ['GET'], authLevel: 'anonymous', handler: health },
  // Graph calls these without a function key (notification URLs may carry ?code= in Azure); clientState proves the caller.
  { kind: 'http', name: 'notifications', route: 'notifications', methods: ['POST'], authLevel: 'anonymous', handler: notificationsHandler() },
  { kind: 'http', name: 'lifecycle', route: 'lifecycle', methods: ['POST'], authLevel: 'anonymous', handler: lifecycleHandler() },
  { kind: 'queue', name: 'processTicket', queueName: '%QUEUE_NAME%', handler: processTicketHandler() },
  { kind: 'timer', name: 'reconcile', schedule: '%RECONCILE_SCHEDULE%', runOnStartup: true, handler: reconcileHandler() },
  { kind: 'http', name: 'tickets', route: 'tickets', methods: ['GET'], authLevel: 'function', handler: listTicketsHandler() },
  { kind: 'http', name: 'ticket', route: 'tickets/{id}', methods: ['GET'], authLevel: 'function', handler: getTicketHandler() },
  { kind: 'http', name: 'enrich', route: 'enrich', methods: ['GET'], authLevel: 'function', handler: (req) => enrichHandler(getServices().enricher)(req) },
  // Teams calls the bot without a function key; the adapter validates the Bot Framework JWT.
  { kind: 'http', name: 'messages', route: 'messages', methods: ['POST'], authLevel: 'anonymous', handler: messagesHandler() },
  { kind: 'queue', name: 'sendReply', queueName: '%SEND_QUEUE_NAME%', handler: sendReplyHandler() },
  { kind: 'http', name: 'sidebar', route: 'sidebar', methods: ['GET'], authLevel: 'function', handler: (req) => sidebarHandler(getServices().enricher)(req) },
];
