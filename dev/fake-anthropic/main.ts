// Runs the fake Anthropic Messages API on its own, for the local world, the benchmark and the chaos
// run. Point the app at it with ANTHROPIC_BASE_URL=<printed url> and any ANTHROPIC_API_KEY.
//   FAKE_ANTHROPIC_PORT           port (default 5400; 0 = any free port)
//   FAKE_ANTHROPIC_HOST           bind address (default 127.0.0.1)
//   FAKE_ANTHROPIC_DELAY_MS       latency per call (default 0)
//   FAKE_ANTHROPIC_OVERLOAD_RATE  share of calls answered 529 overloaded_error, 0..1 (default 0)
//   FAKE_ANTHROPIC_SEED           seed of the overload RNG (default 1)
//   FAKE_ANTHROPIC_API_KEY        when set, the only key accepted (default: any non-empty key)
// Prints one JSON line of usage counters on SIGUSR2 and on exit.
import { z } from 'zod';
import { startFakeAnthropic } from './server.js';

const Env = z.object({
  FAKE_ANTHROPIC_PORT: z.coerce.number().int().min(0).max(65535).default(5400),
  FAKE_ANTHROPIC_HOST: z.string().min(1).default('127.0.0.1'),
  FAKE_ANTHROPIC_DELAY_MS: z.coerce.number().int().min(0).default(0),
  FAKE_ANTHROPIC_OVERLOAD_RATE: z.coerce.number().min(0).max(1).default(0),
  FAKE_ANTHROPIC_SEED: z.coerce.number().int().default(1),
  FAKE_ANTHROPIC_API_KEY: z.string().min(1).optional(),
});

async function main(): Promise<void> {
  const parsed = Env.safeParse(Object.fromEntries(Object.entries(process.env).filter(([k, v]) => k.startsWith('FAKE_ANTHROPIC_') && v !== '')));
  if (!parsed.success) {
    process.stderr.write(`fake-anthropic: invalid environment:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}\n`);
    process.exit(2);
  }
  const env = parsed.data;
  const fake = await startFakeAnthropic({
    port: env.FAKE_ANTHROPIC_PORT,
    host: env.FAKE_ANTHROPIC_HOST,
    delayMs: env.FAKE_ANTHROPIC_DELAY_MS,
    overloadRate: env.FAKE_ANTHROPIC_OVERLOAD_RATE,
    seed: env.FAKE_ANTHROPIC_SEED,
    apiKey: env.FAKE_ANTHROPIC_API_KEY,
  });
  // Requests are kept for tests; a long-running process must not grow without bound.
  const trim = setInterval(() => fake.requests.splice(0, Math.max(0, fake.requests.length - 1000)), 10_000);
  trim.unref();
  const printStats = () => process.stdout.write(`${JSON.stringify({ fakeAnthropic: fake.stats() })}\n`);
  process.stdout.write(
    `fake Anthropic Messages API ready at ${fake.url} (delay ${env.FAKE_ANTHROPIC_DELAY_MS} ms, overload rate ${env.FAKE_ANTHROPIC_OVERLOAD_RATE})\n`,
  );
  process.on('SIGUSR2', printStats);
  const stop = () => {
    printStats();
    void fake.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`fake-anthropic: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
