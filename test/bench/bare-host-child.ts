// The floor of the cold-start figure: a bare @azure/functions app — one anonymous HTTP function
// answering 200 — served by the same local host and started the same way as host-child.ts.
//   node --import tsx test/bench/bare-host-child.ts     Prints `BENCH_HOST_READY <url>`; SIGTERM stops it.
import { startHost } from '../../dev/host/host.js';
import type { FunctionDef } from '../../functions/types.js';
import { createLogger } from '../../shared/log.js';

const BARE: FunctionDef[] = [{ kind: 'http', name: 'health', route: 'health', methods: ['GET'], authLevel: 'anonymous', handler: () => Promise.resolve({ status: 200, jsonBody: { ok: true } }) }];

async function main(): Promise<void> {
  const host = await startHost({ functions: BARE, port: 0, log: createLogger('host') });
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
  process.stderr.write(`bare host failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
