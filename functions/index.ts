// Azure entry point (package.json "main"): registers every function of the table with the
// @azure/functions v4 programming model. The local host (dev/host) serves the same table.
import azf from '@azure/functions';
import { FUNCTIONS } from './table.js';

const { app } = azf;

for (const f of FUNCTIONS) {
  switch (f.kind) {
    case 'http':
      app.http(f.name, { route: f.route, methods: f.methods, authLevel: f.authLevel, handler: f.handler });
      break;
    case 'queue':
      app.storageQueue(f.name, { queueName: f.queueName, connection: 'STORAGE_CONNECTION', handler: f.handler });
      break;
    case 'timer':
      app.timer(f.name, { schedule: f.schedule, runOnStartup: f.runOnStartup, handler: f.handler });
      break;
  }
}
