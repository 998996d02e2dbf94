// `npm start`: the whole local Microsoft 365 world on its documented ports, data under .world/.
// Prints every URL and a line containing `ready`; Ctrl-C / SIGINT / SIGTERM stop every child.
// Ports (env): FUNCTIONS_PORT 7071, MOCK_GRAPH_PORT 5100, SMTP_PORT 2525, AZURITE_BLOB_PORT 10000,
// AZURITE_QUEUE_PORT 10001, AZURITE_TABLE_PORT 10002, PLAYGROUND_PORT 56150,
// ENRICHMENT_SENTRY_PORT 5201, ENRICHMENT_POSTHOG_PORT 5202, ENRICHMENT_PG_PORT 5433,
// FAKE_ANTHROPIC_PORT 5400, OUTLOOK_HOST_PORT 5300 (the local Outlook host around the ticket pane).
// WORLD_PLAYGROUND=false skips the Playground; WORLD_FAKE_ANTHROPIC=true
// starts the fake Claude API and points the app at it; WORLD_DATA_DIR moves .world/.
// `npm start -- --fresh` (or WORLD_FRESH=true) empties Azurite first: the mock Graph keeps its
// mailbox in memory, so tickets kept from an earlier run refer to mails that are gone.
// WORLD_HOSTS=2 (1–8, default 1) runs that many Functions hosts behind FUNCTIONS_PORT, as Azure
// runs several instances (dev/host/instances.ts); the hosts themselves take free ports.
// Every port is checked before anything starts (dev/support/preflight.ts). Once ready, the wiring is
// published in <data dir>/env for CLIs in another terminal (dev/support/world-env.ts); a child that
// dies after that stops the world, naming it with its last output lines.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from './support/cert.js';
import { busyPorts, describeBusy, type PortNeed } from './support/preflight.js';
import { publishWorldEnv, withdrawWorldEnv } from './support/world-env.js';
import { startWorld, type World } from './world.js';

const port = (d: number) => z.coerce.number().int().min(1).max(65535).default(d);
const flag = (d: boolean) => z.enum(['true', 'false', '1', '0']).default(d ? 'true' : 'false').transform((v) => v === 'true' || v === '1');
const Env = z.object({
  FUNCTIONS_PORT: port(7071),
  MOCK_GRAPH_PORT: port(5100),
  SMTP_PORT: port(2525),
  AZURITE_BLOB_PORT: port(10000),
  AZURITE_QUEUE_PORT: port(10001),
  AZURITE_TABLE_PORT: port(10002),
  PLAYGROUND_PORT: port(56150),
  ENRICHMENT_SENTRY_PORT: port(5201),
  ENRICHMENT_POSTHOG_PORT: port(5202),
  ENRICHMENT_PG_PORT: port(5433),
  FAKE_ANTHROPIC_PORT: port(5400),
  OUTLOOK_HOST_PORT: port(5300),
  WORLD_PLAYGROUND: flag(true),
  WORLD_FAKE_ANTHROPIC: flag(false),
  WORLD_FRESH: flag(false),
  WORLD_DATA_DIR: z.string().min(1).default(path.join(REPO_ROOT, '.world')),
  WORLD_HOSTS: z.coerce.number().int().min(1).max(8).default(1),
});

/** Every port this start will listen on, with the setting that moves it. */
function portNeeds(env: z.infer<typeof Env>): PortNeed[] {
  const needs: PortNeed[] = [
    { what: 'Functions host', port: env.FUNCTIONS_PORT, setting: 'FUNCTIONS_PORT' },
    { what: 'mock Graph (HTTPS)', port: env.MOCK_GRAPH_PORT, setting: 'MOCK_GRAPH_PORT' },
    { what: 'SMTP intake', port: env.SMTP_PORT, setting: 'SMTP_PORT' },
    { what: 'Azurite blob', port: env.AZURITE_BLOB_PORT, setting: 'AZURITE_BLOB_PORT' },
    { what: 'Azurite queue', port: env.AZURITE_QUEUE_PORT, setting: 'AZURITE_QUEUE_PORT' },
    { what: 'Azurite table', port: env.AZURITE_TABLE_PORT, setting: 'AZURITE_TABLE_PORT' },
    { what: 'mock Sentry', port: env.ENRICHMENT_SENTRY_PORT, setting: 'ENRICHMENT_SENTRY_PORT' },
    { what: 'mock PostHog', port: env.ENRICHMENT_POSTHOG_PORT, setting: 'ENRICHMENT_POSTHOG_PORT' },
    { what: 'accounts Postgres', port: env.ENRICHMENT_PG_PORT, setting: 'ENRICHMENT_PG_PORT' },
  ];
  if (env.WORLD_PLAYGROUND) needs.push({ what: 'Agents Playground', port: env.PLAYGROUND_PORT, setting: 'PLAYGROUND_PORT (or WORLD_PLAYGROUND=false)' });
  if (env.WORLD_FAKE_ANTHROPIC) needs.push({ what: 'fake Claude API', port: env.FAKE_ANTHROPIC_PORT, setting: 'FAKE_ANTHROPIC_PORT' });
  return needs;
}

async function main(): Promise<void> {
  const parsed = Env.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    console.error(`npm start: invalid settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    process.exit(2);
  }
  const env = parsed.data;
  const busy = await busyPorts(portNeeds(env));
  if (busy.length) {
    console.error(describeBusy(busy));
    process.exit(3);
  }
  if (env.WORLD_FRESH || process.argv.includes('--fresh')) rmSync(path.join(env.WORLD_DATA_DIR, 'azurite'), { recursive: true, force: true });
  const started = Date.now();
  const abort = new AbortController();
  let world: World | undefined;
  let stopping = false;

  const shutdown = (code: number) => {
    if (stopping) return;
    stopping = true;
    abort.abort();
    if (world) withdrawWorldEnv(env.WORLD_DATA_DIR);
    console.log('world: stopping…');
    const done = world ? world.stop() : Promise.resolve();
    done.then(
      () => process.exit(code),
      (err: unknown) => {
        console.error(`world: stopping failed: ${String(err)}`);
        process.exit(1);
      },
    );
  };
  let firstSignal = 0;
  for (const s of ['SIGINT', 'SIGTERM'] as const) {
    process.on(s, () => {
      // Another Ctrl-C well after the first while stopping: leave at once (the children got the
      // group's signal too). One arriving right after the first is the same request (relayed by tsx).
      if (firstSignal && Date.now() - firstSignal > 2000) process.exit(130);
      firstSignal ||= Date.now();
      shutdown(0);
    });
  }

  console.log('world: starting the local Microsoft 365 world…');
  try {
    world = await startWorld({
      ports: {
        functions: env.FUNCTIONS_PORT,
        graph: env.MOCK_GRAPH_PORT,
        smtp: env.SMTP_PORT,
        blob: env.AZURITE_BLOB_PORT,
        queue: env.AZURITE_QUEUE_PORT,
        table: env.AZURITE_TABLE_PORT,
        playground: env.PLAYGROUND_PORT,
        sentry: env.ENRICHMENT_SENTRY_PORT,
        posthog: env.ENRICHMENT_POSTHOG_PORT,
        pg: env.ENRICHMENT_PG_PORT,
        anthropic: env.FAKE_ANTHROPIC_PORT,
        outlook: env.OUTLOOK_HOST_PORT,
      },
      dataDir: env.WORLD_DATA_DIR,
      playground: env.WORLD_PLAYGROUND,
      fakeAnthropic: env.WORLD_FAKE_ANTHROPIC,
      hosts: env.WORLD_HOSTS,
      signal: abort.signal,
      onUnexpectedExit: (child, info) => {
        console.error(`world: ${child} stopped unexpectedly (${info.signal ?? `exit code ${info.code}`}); stopping the world`);
        shutdown(1);
      },
    });
  } catch (err) {
    if (stopping) return;
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
  if (stopping) return;
  const u = world.urls;
  const rows: [string, string | undefined][] = [
    ['Functions', `${u.functions}  (health: ${u.functions}/health, tickets: ${u.functions}/tickets)${env.WORLD_HOSTS > 1 ? `, spread over ${env.WORLD_HOSTS} hosts` : ''}`],
    ['Graph', `${u.graph}  (token endpoint: ${u.authority}/{tenant}/oauth2/v2.0/token)`],
    ['Mailbox (Outlook view)', u.graphView],
    ['SMTP intake', `${u.smtp}  → ${world.env.SUPPORT_MAILBOX ?? 'support@studyflash.test'}`],
    ['Playground', u.playground],
    ['Outlook pane', `${u.pane}  (in the local Outlook host, as a roster member or a colleague: ${u.outlook})`],
    ['Azurite', `blob ${u.azurite.blob}, queue ${u.azurite.queue}, table ${u.azurite.table}`],
    ['Mock Sentry', u.sentry],
    ['Mock PostHog', u.posthog],
    ['Accounts DB', u.accountsDb?.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')],
    ['Fake Claude', u.anthropic],
    ['Data', env.WORLD_DATA_DIR],
  ];
  console.log('');
  for (const [k, v] of rows) if (v) console.log(`  ${k.padEnd(13)} ${v}`);
  mkdirSync(env.WORLD_DATA_DIR, { recursive: true });
  const published = publishWorldEnv(env.WORLD_DATA_DIR, { ...world.env, SMTP_HOST: 'localhost', SMTP_PORT: String(world.ports.smtp), SUPPORT_MAILBOX: world.env.SUPPORT_MAILBOX ?? 'support@studyflash.test' });
  console.log(`  ${'Wiring'.padEnd(13)} ${published}  (npm run doctor / analyze / seed-tickets use it)`);
  console.log('');
  console.log(`world: ready in ${((Date.now() - started) / 1000).toFixed(1)} s — send mail with any SMTP client to port ${env.SMTP_PORT}; Ctrl-C stops everything`);
}

void main();
