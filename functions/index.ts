// Azure entry point (package.json "main"): registers every function of the table with the
// @azure/functions v4 programming model. The local host (dev/host) serves the same table.
// Errors leaving a queue or timer function are reported to Sentry (when SENTRY_DSN is set) and
// rethrown, so the runtime's retries and poison queue behave as without reporting.
import azf, { type InvocationContext } from '@azure/functions';
import { loadConfig } from '../shared/config.js';
import { captureError, initObservability } from '../shared/observability.js';
import { azureTimerOptions, FUNCTIONS } from './table.js';

const { app } = azf;

function reported<A>(name: string, handler: (input: A, ctx: InvocationContext) => Promise<void>) {
  return async (input: A, ctx: InvocationContext): Promise<void> => {
    try {
      await handler(input, ctx);
    } catch (err) {
      captureError(err, { functionName: name, invocationId: ctx.invocationId });
      throw err;
    }
  };
}

initObservability(loadConfig());

for (const f of FUNCTIONS) {
  switch (f.kind) {
    case 'http':
      app.http(f.name, { route: f.route, methods: f.methods, authLevel: f.authLevel, handler: f.handler });
      break;
    case 'queue':
      app.storageQueue(f.name, { queueName: f.queueName, connection: 'STORAGE_CONNECTION', handler: reported(f.name, f.handler) });
      break;
    case 'timer':
      app.timer(f.name, { ...azureTimerOptions(f), handler: reported(f.name, f.handler) });
      break;
  }
}
