// The shapes of a function entry: handler signatures per trigger and one row of the function table.
// Handlers import these from here, and functions/table.ts (which imports the handlers) builds the
// table from them, so the table and its handlers do not import each other.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';

export type HttpHandler = (req: HttpRequest, ctx: InvocationContext) => Promise<HttpResponseInit>;
export type QueueHandler = (message: unknown, ctx: InvocationContext) => Promise<void>;
export type TimerHandler = (timer: { isPastDue: boolean }, ctx: InvocationContext) => Promise<void>;

export type FunctionDef =
  | { kind: 'http'; name: string; route: string; methods: ('GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE')[]; authLevel: 'anonymous' | 'function' | 'admin'; handler: HttpHandler }
  | { kind: 'queue'; name: string; queueName: string; handler: QueueHandler }
  | {
      kind: 'timer';
      name: string;
      schedule: string;
      /** The local host only (a first reconcile as the world starts); Azure never gets it, see azureTimerOptions in table.ts. */
      runOnStartup: boolean;
      handler: TimerHandler;
    };
