// The local Microsoft 365 world as child processes: Azurite, the mock Graph (HTTPS + SMTP), the
// enrichment stand-ins (mock Sentry, mock PostHog, accounts Postgres), optionally the fake
// Anthropic API, the local Functions host wired to all of them, and the Agents Playground pointed
// at the host's /api/messages. `npm start` (dev/start.ts) runs it on the default ports; tests run
// it on free ports. Children are real processes so chaos runs can SIGKILL the host.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startAzurite, type Azurite } from './support/azurite.js';
import { ensureDevCert, REPO_ROOT } from './support/cert.js';
import { ManagedChild, type ExitInfo } from './support/child.js';
import { PLAYGROUND_OUTSIDER, PLAYGROUND_TEAM_ID, PLAYGROUND_TENANT_ID, PLAYGROUND_TRIAGE_CHANNEL, readRosterFile, writePlaygroundConfig } from './playground/config.js';
import { freePort } from './support/ports.js';
import { LOCAL_HOST_ID, planHostInstances, type HostInstances } from './host/instances.js';

export interface WorldPorts {
  functions: number;
  graph: number;
  smtp: number;
  blob: number;
  queue: number;
  table: number;
  playground: number;
  sentry: number;
  posthog: number;
  pg: number;
  anthropic: number;
  /** the local Outlook host around the ticket pane */
  outlook: number;
}

export interface WorldOptions {
  /** Unset ports are chosen free (tests); dev/start.ts passes the documented defaults. */
  ports?: Partial<WorldPorts>;
  /** Extra env for every child (e.g. MOCK_GRAPH_FAULTS for the mock, HOST_QUEUE_LEASE_SECONDS for the host); wins over the wiring. */
  env?: Record<string, string>;
  /** Persistent data (Azurite, PGlite, Playground config); without it Azurite is in memory and the rest in a temp dir removed at stop. */
  dataDir?: string;
  /** Start the Agents Playground (default true). */
  playground?: boolean;
  /** Start mock Sentry/PostHog and the accounts Postgres (default true). */
  enrichment?: boolean;
  /** Start the fake Anthropic API and point the app at it (default false: the offline analyzer, or real Claude if ANTHROPIC_API_KEY is set). */
  fakeAnthropic?: boolean;
  /** Don't echo children's output (it is still kept for error messages). */
  quiet?: boolean;
  /** Called when a child exits that was not asked to; default prints to stderr. */
  onUnexpectedExit?: (child: string, info: ExitInfo) => void;
  /** Cancels a start in progress; whatever started is stopped. */
  signal?: AbortSignal;
  /** Per child (default 90 s: PGlite's first initdb is slow on 2 cores). */
  startTimeoutMs?: number;
  /** Functions hosts sharing Azurite and the mock Graph, like Azure instances (default 1; dev/host/instances.ts). */
  hosts?: number;
}

export interface WorldUrls {
  functions: string;
  graph: string;
  graphView: string;
  authority: string;
  smtp: string;
  azurite: { blob: string; queue: string; table: string };
  playground?: string;
  sentry?: string;
  posthog?: string;
  accountsDb?: string;
  anthropic?: string;
  /** the ticket pane as the Function App serves it (GET /api/pane) */
  pane: string;
  /** the local Outlook host: pick a person and a message, see the pane beside it */
  outlook: string;
}

export interface World {
  urls: WorldUrls;
  ports: WorldPorts;
  /** The wiring the Functions host got (on top of the launcher's own environment). */
  env: Record<string, string>;
  storageConnection: string;
  /** PEM that trusts the mock Graph's certificate (NODE_EXTRA_CA_CERTS). */
  certPath: string;
  /** The running children, for checks that nothing is left behind. */
  processes(): { name: string; pid: number }[];
  /** Child names of the Functions hosts (host, host-2, …). */
  hostNames: string[];
  /** Requests the front door spread per host (empty counts with one host). */
  requestsPerHost(): Record<string, number>;
  /** Stops Functions host `index` (default the first) with `signal` (SIGKILL = a crash) and starts it again on the same port and env. */
  restartHost(signal?: 'SIGKILL' | 'SIGTERM', index?: number): Promise<void>;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);
const TSX = pathToFileURL(require.resolve('tsx')).href;
const PLAYGROUND_CLI = path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
const ROSTER = path.join(REPO_ROOT, 'dev', 'roster.json');
const DEFAULT_RECONCILE = '*/15 * * * * *';
/**
 * Demo service targets: minutes instead of hours and a calendar that is always open, so the
 * "approaching" and "late" reminders show in the Playground a minute or two after seeding at any
 * time of day. Each can be overridden from the environment.
 */
const DEMO_SERVICE_ENV = {
  SLA_TARGETS: 'refund-request=2m,bug-report=2m,product-question=3m,other=3m',
  BUSINESS_HOURS: 'Mon-Sun 00:00-24:00',
  REMINDER_SCHEDULE: '*/15 * * * * *',
} as const;
/** One tenant for the whole world: the Graph app registration's and the Playground's. */
const LOCAL_TENANT_ID = PLAYGROUND_TENANT_ID;

function tsxArgs(file: string): string[] {
  return ['--import', TSX, path.join(REPO_ROOT, file)];
}

async function resolvePorts(p: Partial<WorldPorts>): Promise<WorldPorts> {
  const out = {} as WorldPorts;
  for (const k of ['functions', 'graph', 'smtp', 'blob', 'queue', 'table', 'playground', 'sentry', 'posthog', 'pg', 'anthropic', 'outlook'] as const) {
    out[k] = p[k] ?? (await freePort());
  }
  return out;
}

async function httpAnswers(url: string, init?: RequestInit): Promise<number> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(2000) });
  await res.arrayBuffer();
  return res.status;
}

export async function startWorld(opts: WorldOptions = {}): Promise<World> {
  const started = Date.now();
  const ports = await resolvePorts(opts.ports ?? {});
  const timeout = opts.startTimeoutMs ?? 90_000;
  const quiet = opts.quiet ?? false;
  const tempDir = opts.dataDir ? undefined : mkdtempSync(path.join(os.tmpdir(), 'studyflash-world-'));
  const dataDir = path.resolve(opts.dataDir ?? tempDir!);
  const { certPath } = await ensureDevCert();
  const children = new Map<string, ManagedChild>();
  let instances: HostInstances | undefined;
  let azurite: Azurite | undefined;
  let azuriteStarting: Promise<unknown> = Promise.resolve();
  let stopping = false;
  // Until every child is up, an exit fails the start (with the child's output) instead of being reported.
  let up = false;
  const extra = opts.env ?? {};
  const reportExit =
    opts.onUnexpectedExit ??
    ((name: string, info: ExitInfo) => process.stderr.write(`world: ${name} exited unexpectedly (${info.signal ?? `code ${info.code}`})\n`));
  const onExit = (c: ManagedChild, info: ExitInfo) => {
    if (stopping || !up) return;
    reportExit(c.spec.name, info);
    if (!quiet) process.stderr.write(`world: last output of ${c.spec.name}:\n${c.tail()}\n`);
  };
  const baseEnv = (): NodeJS.ProcessEnv => ({ ...process.env, NODE_EXTRA_CA_CERTS: certPath, ...extra });
  const spawnChild = (name: string, command: string, args: string[], env: NodeJS.ProcessEnv, cwd = REPO_ROOT, hide?: RegExp) => {
    const c = new ManagedChild({ name, command, args, cwd, env, quiet, hide }, onExit);
    children.set(name, c);
    return c;
  };

  const stopAll = async () => {
    stopping = true;
    // The hosts first, so they stop polling before storage and Graph go away.
    await Promise.all((instances?.names ?? ['host']).map((n) => children.get(n)?.stop('SIGTERM', 10_000) ?? Promise.resolve()));
    await instances?.stop();
    await Promise.all([...children.values()].map((c) => c.stop('SIGTERM', 10_000)));
    // Azurite may still be coming up when a start fails elsewhere: wait for it, then stop it.
    await azuriteStarting.catch(() => undefined);
    await azurite?.stop();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };

  try {
    const graphUrl = `https://localhost:${ports.graph}`;
    const fnUrl = `http://localhost:${ports.functions}/api`;

    // Everything the host depends on starts in parallel.
    const azuriteReady = startAzurite({
      blobPort: ports.blob,
      queuePort: ports.queue,
      tablePort: ports.table,
      location: opts.dataDir ? path.join(dataDir, 'azurite') : undefined,
      timeoutMs: timeout,
    }).then((a) => {
      azurite = a;
      a.process.once('exit', (code, signal) => {
        if (!stopping && up) reportExit('azurite', { code, signal });
      });
      return a;
    });
    azuriteStarting = azuriteReady;

    const graph = spawnChild('graph', process.execPath, tsxArgs('dev/graph/main.ts'), {
      ...baseEnv(),
      MOCK_GRAPH_PORT: String(ports.graph),
      SMTP_PORT: String(ports.smtp),
      SUPPORT_MAILBOX: extra.SUPPORT_MAILBOX ?? process.env.SUPPORT_MAILBOX ?? 'support@studyflash.test',
      GRAPH_TENANT_ID: LOCAL_TENANT_ID,
      // The support team can open the shared mailbox, and so can the colleague who is not on the
      // roster (the pane shows them the read-only view); the directory's third colleague cannot.
      MOCK_GRAPH_MAILBOX_MEMBERS: [...(await readRosterFile(ROSTER)).map((m) => m.email), PLAYGROUND_OUTSIDER.email].join(','),
      ...extra,
    });
    const graphReady = graph.waitForLine(/\bready\s*$/, timeout, opts.signal);

    let enrichmentEnv: Record<string, string> = {};
    let enrichmentReady: Promise<unknown> = Promise.resolve();
    if (opts.enrichment ?? true) {
      const enr = spawnChild('enrichment', process.execPath, tsxArgs('dev/enrichment/main.ts'), {
        ...baseEnv(),
        ENRICHMENT_SENTRY_PORT: String(ports.sentry),
        ENRICHMENT_POSTHOG_PORT: String(ports.posthog),
        ENRICHMENT_PG_PORT: String(ports.pg),
        ENRICHMENT_DATA_DIR: path.join(dataDir, 'pglite'),
      });
      enrichmentReady = enr.waitForLine(/^ENRICHMENT_ENV /, timeout, opts.signal).then(async (line) => {
        enrichmentEnv = JSON.parse(line.slice('ENRICHMENT_ENV '.length)) as Record<string, string>;
        await enr.waitForLine(/\bready\s*$/, timeout, opts.signal);
      });
    }

    let anthropicEnv: Record<string, string> = {};
    let anthropicReady: Promise<unknown> = Promise.resolve();
    if (opts.fakeAnthropic) {
      const fa = spawnChild('anthropic', process.execPath, tsxArgs('dev/fake-anthropic/main.ts'), { ...baseEnv(), FAKE_ANTHROPIC_PORT: String(ports.anthropic) });
      anthropicReady = fa.waitForLine(/ready at (\S+)/, timeout, opts.signal).then((line) => {
        anthropicEnv = { ANTHROPIC_BASE_URL: /ready at (\S+)/.exec(line)![1]!, ANTHROPIC_API_KEY: 'local-fake-anthropic-key' };
      });
    }

    // The Playground only needs the host when someone uses it, so it starts alongside.
    let playgroundReady: Promise<unknown> = Promise.resolve();
    if (opts.playground ?? true) {
      const dir = path.join(dataDir, 'playground');
      await writePlaygroundConfig(await readRosterFile(ROSTER), dir);
      const pg = spawnChild(
        'playground',
        process.execPath,
        [PLAYGROUND_CLI, '--disable-telemetry', '-p', String(ports.playground), '-e', `${fnUrl}/messages`, '-c', 'msteams'],
        { ...baseEnv(), TEAMSAPPTESTER_BROWSER: 'none' },
        dir,
      );
      // Ready when the server on the port serves this world's channel: a port taken by someone else
      // in the moment before the Playground bound it must not pass for the Playground.
      const servesOurChannel = async () => {
        const res = await fetch(`http://localhost:${ports.playground}/_internal/v1/testConfig`, { signal: AbortSignal.timeout(2000) });
        const body = (await res.json().catch(() => null)) as { config?: { teams?: { channels?: { id?: string }[] }[] } } | null;
        return !!body?.config?.teams?.some((t) => t.channels?.some((c) => c.id === PLAYGROUND_TRIAGE_CHANNEL.id));
      };
      playgroundReady = pg.waitForProbe(servesOurChannel, `did not serve its config on port ${ports.playground}`, timeout, opts.signal).catch((err: Error) => {
        // An invalid config only shows in the Playground's own log file.
        let why = '';
        try {
          why = readFileSync(path.join(dir, 'devTools', 'm365agentsplayground.log'), 'utf8').split('\n').filter((l) => /error|invalid|must/i.test(l)).slice(-5).join('\n    ');
        } catch {
          /* no log written */
        }
        throw why ? new Error(`${err.message}\n  from devTools/m365agentsplayground.log:\n    ${why}`) : err;
      });
      // Awaited after the host starts; a failure before then must not go unhandled.
      playgroundReady.catch(() => undefined);
    }

    const [az] = await Promise.all([azuriteReady, graphReady, enrichmentReady, anthropicReady]);

    const hostEnv: Record<string, string> = {
      APP_ENV: 'local',
      FUNCTIONS_PORT: String(ports.functions),
      STORAGE_CONNECTION: az.connectionString,
      GRAPH_BASE_URL: `${graphUrl}/v1.0`,
      GRAPH_AUTHORITY_HOST: graphUrl,
      GRAPH_TENANT_ID: LOCAL_TENANT_ID,
      GRAPH_CLIENT_SECRET: 'local-secret',
      PANE_CLIENT_SECRET: 'local-secret',
      NODE_EXTRA_CA_CERTS: certPath,
      NOTIFICATION_URL: `${fnUrl}/notifications`,
      LIFECYCLE_URL: `${fnUrl}/lifecycle`,
      FUNCTIONS_BASE_URL: fnUrl,
      RECONCILE_SCHEDULE: DEFAULT_RECONCILE,
      ...Object.fromEntries(Object.entries(DEMO_SERVICE_ENV).map(([k, v]) => [k, process.env[k] || v])),
      TEAMS_SERVICE_URL: `http://localhost:${ports.playground}/_connector`,
      TEAMS_TEAM_ID: PLAYGROUND_TEAM_ID,
      TEAMS_CHANNEL_ID: PLAYGROUND_TRIAGE_CHANNEL.id,
      BOT_TENANT_ID: LOCAL_TENANT_ID,
      ROSTER_PATH: ROSTER,
      // As in Azure: every host holds Graph's per-mailbox limit together and runs timers as singletons.
      GRAPH_GATE: 'storage',
      HOST_ID: LOCAL_HOST_ID,
      ...enrichmentEnv,
      ...anthropicEnv,
      ...extra,
    };
    const hosts = await planHostInstances(opts.hosts ?? 1, ports.functions);
    instances = hosts;
    const startHostChild = async (i: number) => {
      const name = hosts.names[i]!;
      const ownUrl = `http://127.0.0.1:${hosts.ports[i]}/api`;
      const host = spawnChild(name, process.execPath, tsxArgs('dev/host/main.ts'), { ...process.env, ...hostEnv, FUNCTIONS_PORT: String(hosts.ports[i]) });
      await host.waitForLine(/Functions host ready/, timeout, opts.signal);
      await host.waitForProbe(async () => (await httpAnswers(`${ownUrl}/health`)) === 200, `GET ${ownUrl}/health (${name}) did not answer 200`, timeout, opts.signal);
    };
    const outlook = spawnChild('outlook', process.execPath, tsxArgs('dev/outlook/main.ts'), { ...process.env, ...hostEnv, OUTLOOK_HOST_PORT: String(ports.outlook) });
    const outlookReady = outlook.waitForLine(/\bready\s*$/, timeout, opts.signal);
    await hosts.startFrontDoor();
    await Promise.all([...hosts.names.map((_, i) => startHostChild(i)), playgroundReady, outlookReady]);

    const urls: WorldUrls = {
      functions: fnUrl,
      graph: `${graphUrl}/v1.0`,
      graphView: `${graphUrl}/_mock/`,
      authority: graphUrl,
      smtp: `smtp://localhost:${ports.smtp}`,
      azurite: { blob: `http://127.0.0.1:${ports.blob}`, queue: `http://127.0.0.1:${ports.queue}`, table: `http://127.0.0.1:${ports.table}` },
      ...(opts.playground ?? true ? { playground: `http://localhost:${ports.playground}` } : {}),
      ...(enrichmentEnv.SENTRY_API_URL ? { sentry: enrichmentEnv.SENTRY_API_URL, posthog: enrichmentEnv.POSTHOG_API_URL, accountsDb: enrichmentEnv.ACCOUNTS_DATABASE_URL } : {}),
      ...(anthropicEnv.ANTHROPIC_BASE_URL ? { anthropic: anthropicEnv.ANTHROPIC_BASE_URL } : {}),
      pane: `${fnUrl}/pane`,
      outlook: `http://localhost:${ports.outlook}/`,
    };
    up = true;
    if (!quiet) process.stdout.write(`world: started in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

    let stopped: Promise<void> | undefined;
    return {
      urls,
      ports,
      env: hostEnv,
      storageConnection: az.connectionString,
      certPath,
      processes: () => [
        ...[...children.values()].filter((c) => c.running && c.pid !== undefined).map((c) => ({ name: c.spec.name, pid: c.pid! })),
        ...(azurite && azurite.process.exitCode === null && azurite.process.signalCode === null && azurite.process.pid ? [{ name: 'azurite', pid: azurite.process.pid }] : []),
      ],
      hostNames: [...hosts.names],
      requestsPerHost: () => hosts.requestsPerHost(),
      restartHost: async (signal = 'SIGTERM', index = 0) => {
        const name = hosts.names[index];
        if (!name) throw new Error(`world: there is no Functions host ${index} (${hosts.count} running)`);
        await children.get(name)?.stop(signal, 10_000);
        await startHostChild(index);
      },
      stop: () => (stopped ??= stopAll()),
    };
  } catch (err) {
    await stopAll();
    throw new Error(`world: failed to start — ${(err as Error).message}`);
  }
}
