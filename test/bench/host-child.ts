// The local Functions host as the benchmark's webhook target, in its own process: the HTTP
// functions of functions/table.ts (the real notifications handler and services from the
// environment). Queue and timer triggers are left out, so a burst's messages stay in the queue
// for counting and nothing else competes with the acknowledgements.
//   node --import tsx test/bench/host-child.ts     (env: the app settings, FUNCTIONS_PORT=0)
// Prints `BENCH_HOST_READY <url>`; SIGTERM stops it.
import { FUNCTIONS } from '../../functions/table.js';
import { startHost } from '../../dev/host/host.js';
import { createLogger } from '../../shared/log.js';

async function main(): Promise<void> {
  const port = Number(process.env.FUNCTIONS_PORT ?? '0');
  const host = await startHost({ functions: FUNCTIONS.filter((f) => f.kind === 'http'), port, log: createLogger('host') });
  process.stdout.write(`BENCH_HOST_READY ${host.url}\n`);
  const stop = () => {
    host.stop(1000).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench host failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
