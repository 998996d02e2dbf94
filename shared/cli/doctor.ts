// `npm run doctor -- [--json] [--timeout <ms>] [--probe-mailbox <upn>] [--fix]`: loads the
// configuration (a ConfigError lists every problem and exits 1), checks every configured
// integration and prints one table; exits 1 when a required check is not ok. With no app setting in
// the environment it checks the running local world (shared/cli/world-env.ts).
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { setLogLevel } from '../log.js';
import { exitCodeOf, formatTable, runDoctor } from '../doctor/index.js';
import { useLocalWorld } from './world-env.js';

const USAGE = `usage: npm run doctor -- [--json] [--timeout <ms>] [--probe-mailbox <another mailbox>] [--fix]
  --json            one JSON object {ok, results:[{name, status, required, detail, fix, ms}]}
  --timeout         per-check timeout in ms (default 10000)
  --probe-mailbox   a mailbox the app must NOT be able to read (proves Exchange RBAC scoping)
  --fix             create what the app would create anyway (missing master categories)`;

const argsSchema = z.object({
  json: z.boolean().default(false),
  fix: z.boolean().default(false),
  help: z.boolean().default(false),
  timeout: z.coerce.number().int().min(100).max(120_000).default(10_000),
  'probe-mailbox': z.string().email().optional(),
});

export async function main(argv: string[], env: Record<string, string | undefined>, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let args: z.infer<typeof argsSchema>;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, fix: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, timeout: { type: 'string' }, 'probe-mailbox': { type: 'string' } },
      strict: true,
    });
    args = argsSchema.parse(values);
  } catch (e) {
    err(`${e instanceof z.ZodError ? e.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n') : (e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    out(USAGE);
    return 0;
  }
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      err(`doctor: the configuration is invalid, nothing was checked.\n${e.message}`);
      return 1;
    }
    throw e;
  }
  // Adapters log their own retries and failures; the table is the doctor's report.
  setLogLevel('error');
  const results = await runDoctor(config, { timeoutMs: args.timeout, probeMailbox: args['probe-mailbox'], fix: args.fix });
  const code = exitCodeOf(results);
  if (args.json) out(JSON.stringify({ ok: code === 0, appEnv: config.appEnv, results }));
  else out(`Studyflash support doctor (${config.appEnv}, mailbox ${config.supportMailbox})\n\n${formatTable(results, process.stdout.columns || 110)}`);
  return code;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('shared/cli/doctor.ts')) {
  const done = (code: number) => process.stdout.write('', () => process.exit(code));
  const ranInWorld = await useLocalWorld('doctor');
  if (ranInWorld !== null) done(ranInWorld);
  else main(process.argv.slice(2), process.env, (s) => process.stdout.write(s + '\n'), (s) => process.stderr.write(s + '\n'))
    .then(done)
    .catch((e: unknown) => {
      process.stderr.write(`doctor crashed: ${(e as Error).stack ?? String(e)}\n`);
      done(1);
    });
}
