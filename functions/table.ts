// The one table of all functions: name, trigger, handler. functions/index.ts registers it with
// @azure/functions for Azure; dev/host serves the same table locally (HTTP, Azurite queues, timers).
// Handlers are thin: parse → call one use case in shared/ → map the result.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { health } from './health.js';

export type HttpHandler = (req: HttpRequest, ctx: InvocationContext) => Promise<HttpResponseInit>;
export type QueueHandler = (message: unknown, ctx: InvocationContext) => Promise<void>;
export type TimerHandler = (timer: { isPastDue: boolean }, ctx: InvocationContext) => Promise<void>;

export type FunctionDef =
  | { kind: 'http'; name: string; route: string; methods: ('GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE')[]; authLevel: 'anonymous' | 'function'; handler: HttpHandler }
  | { kind: 'queue'; name: string; queueName: string; handler: QueueHandler }
  | { kind: 'timer'; name: string; schedule: string; runOnStartup: boolean; handler: TimerHandler };

/** Queue and schedule names are app-setting references (%NAME%) in Azure, resolved by the host. */
export const FUNCTIONS: FunctionDef[] = [
  { kind: 'http', name: 'health', route: 'health', methods: ['GET'], authLevel: 'anonymous', handler: health },
];
