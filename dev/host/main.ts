// Runs the local Functions host for the app's function table (functions/table.ts):
//   tsx dev/host/main.ts
// Env: FUNCTIONS_PORT (7071), FUNCTIONS_HOSTNAME (127.0.0.1), STORAGE_CONNECTION (Azurite),
// HOST_QUEUE_LEASE_SECONDS (how long a message stays invisible while its function runs; 600 as in
// Azure), HOST_SHUTDOWN_GRACE_MS (5000), HOST_ID (hosts with the same id run each timer on one of
// them at a time, under a blob lease in STORAGE_CONNECTION; unset = this host runs its timers),
// HOST_TIMER_LOCK_POLL_MS (5000: how often a host without a timer's lock tries to take it). Prints its URL and a line containing `ready`;
// SIGINT/SIGTERM stop polling and let running invocations finish for the grace period.
import { z } from 'zod';
import { FUNCTIONS } from '../../functions/table.js';
import { createLogger } from '../../shared/log.js';
import { startHost } from './host.js';

const hostEnv = z.object({
  FUNCTIONS_PORT: z.coerce.number().int().min(0).max(65535).default(7071),
  FUNCTIONS_HOSTNAME: z.string().min(1).default('127.0.0.1'),
  STORAGE_CONNECTION: z.string().min(1).default('UseDevelopmentStorage=true'),
  HOST_QUEUE_LEASE_SECONDS: z.coerce.number().int().min(1).default(600),
  HOST_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(5000),
  HOST_ID: z.string().regex(/^[a-z0-9-]{1,32}$/, 'lowercase letters, digits and hyphens, at most 32').optional(),
  HOST_TIMER_LOCK_POLL_MS: z.coerce.number().int().min(100).default(5000),
});

async function main(): Promise<void> {
  const log = createLogger('host');
  const parsed = hostEnv.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    console.error(`Functions host: invalid settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    process.exit(2);
  }
  const env = parsed.data;
  const host = await startHost({
    functions: FUNCTIONS,
    port: env.FUNCTIONS_PORT,
    hostname: env.FUNCTIONS_HOSTNAME,
    storageConnection: env.STORAGE_CONNECTION,
    queueLeaseMs: env.HOST_QUEUE_LEASE_SECONDS * 1000,
    singleton: env.HOST_ID ? { hostId: env.HOST_ID, recoveryPollMs: env.HOST_TIMER_LOCK_POLL_MS } : undefined,
    log,
  });
  console.log(`Functions:\n${host.describe().map((l) => `  ${l}`).join('\n')}`);
  console.log(`Functions host ready on ${host.url}`);

  let stoppingSince = 0;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stoppingSince) {
      // Under `npm start` a Ctrl-C reaches the host from the terminal and again from the launcher:
      // only a signal well after the first one means "stop waiting for running invocations".
      if (Date.now() - stoppingSince > 2000) process.exit(130);
      return;
    }
    stoppingSince = Date.now();
    log.info('stopping', { signal });
    host.stop(env.HOST_SHUTDOWN_GRACE_MS).then(
      () => process.exit(0),
      (err: unknown) => {
        log.error('stopping failed', { err });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(`Functions host failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
