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
import { paneActionsHandler, paneAssetHandler, paneConfigHandler, paneOfficeHandler, panePageHandler, paneTicketHandler } from './pane.js';
import { statsHandler } from './stats.js';
import { digestHandler } from './digest.js';
import { remindersHandler } from './reminders.js';

export type { FunctionDef, HttpHandler, QueueHandler, TimerHandler } from './types.js';

type TimerDef = Extract<FunctionDef, { kind: 'timer' }>;

/**
 * How functions/index.ts registers a timer in Azure: without runOnStartup, which there fires on
 * every scale-out instance and every restart (a burst of reconcile runs and Graph calls) rather
 * than once. The schedule's first occurrence does the same work a few minutes later.
 */
export function azureTimerOptions(f: TimerDef): { schedule: string; runOnStartup: false } {
  return { schedule: f.schedule, runOnStartup: false };
}

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
  // The Outlook pane: public page and assets; its API checks the pane's Entra token itself (Bearer).
  { kind: 'http', name: 'pane', route: 'pane', methods: ['GET'], authLevel: 'anonymous', handler: panePageHandler() },
  { kind: 'http', name: 'paneAsset', route: 'pane/assets/{name}', methods: ['GET'], authLevel: 'anonymous', handler: paneAssetHandler() },
  { kind: 'http', name: 'paneOffice', route: 'pane/office/{*path}', methods: ['GET'], authLevel: 'anonymous', handler: paneOfficeHandler() },
  { kind: 'http', name: 'paneConfig', route: 'pane/config', methods: ['GET'], authLevel: 'anonymous', handler: paneConfigHandler() },
  { kind: 'http', name: 'paneTicket', route: 'pane/ticket', methods: ['GET'], authLevel: 'anonymous', handler: paneTicketHandler() },
  { kind: 'http', name: 'paneActions', route: 'pane/actions', methods: ['POST'], authLevel: 'anonymous', handler: paneActionsHandler() },
  { kind: 'http', name: 'stats', route: 'stats', methods: ['GET'], authLevel: 'function', handler: statsHandler() },
  // Posts the digest into the channel now: a lead checking it; admin (master) key only.
  { kind: 'http', name: 'digest', route: 'digest', methods: ['POST'], authLevel: 'admin', handler: digestHandler() },
  { kind: 'timer', name: 'reminders', schedule: '%REMINDER_SCHEDULE%', runOnStartup: false, handler: remindersHandler() },
  { kind: 'http', name: 'sidebar', route: 'sidebar', methods: ['GET'], authLevel: 'function', handler: (req) => sidebarHandler(getServices().enricher)(req) },
];
