// CLI entry of the mock Graph for the world launcher: configured from env, prints one line with
// the URL and `ready`, stops cleanly on SIGINT/SIGTERM.
import { ENV_VARS } from '../../shared/config.js';
import { startMockGraph } from './server.js';
import { parseLimits } from './throttle.js';

function intEnv(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a port number, got '${v}'`);
  return n;
}

/** An app setting as the Function App resolves it (env, else the default in shared/config.ts). */
function setting(name: string): string {
  return process.env[name] || (ENV_VARS.find((e) => e.env === name)?.default ?? '');
}

async function main(): Promise<void> {
  // MOCK_GRAPH_MAILBOX_MEMBERS: who may open the shared mailbox with a delegated token (default: the roster).
  const members = process.env.MOCK_GRAPH_MAILBOX_MEMBERS?.split(',').map((s) => s.trim()).filter(Boolean);
  const smtpOff = /^(off|false|none)$/i.test(process.env.SMTP_PORT ?? '');
  const graph = await startMockGraph({
    host: process.env.MOCK_GRAPH_HOST || undefined,
    port: intEnv('MOCK_GRAPH_PORT', 5100),
    smtpPort: smtpOff ? null : intEnv('SMTP_PORT', 2525),
    mailbox: process.env.SUPPORT_MAILBOX || undefined,
    tenantId: process.env.GRAPH_TENANT_ID || undefined,
    faults: process.env.MOCK_GRAPH_FAULTS || undefined,
    seed: process.env.MOCK_GRAPH_SEED ? Number(process.env.MOCK_GRAPH_SEED) : undefined,
    limits: parseLimits(process.env.MOCK_GRAPH_LIMITS),
    latencyMs: process.env.MOCK_GRAPH_LATENCY_MS ? Number(process.env.MOCK_GRAPH_LATENCY_MS) : undefined,
    mailboxMembers: members,
    apps: [{ clientId: setting('PANE_CLIENT_ID'), appIdUri: setting('PANE_API_URI') }],
    maxSubscriptionMinutes: process.env.MOCK_GRAPH_MAX_SUBSCRIPTION_MINUTES ? Number(process.env.MOCK_GRAPH_MAX_SUBSCRIPTION_MINUTES) : undefined,
  });
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    graph.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(`mock Graph ${graph.url} view ${graph.origin}/_mock/ smtp ${graph.smtpPort ?? 'off'} mailbox ${graph.mailbox} ready`);
}

main().catch((err: unknown) => {
  console.error(`mock Graph failed to start: ${(err as Error)?.message ?? String(err)}`);
  process.exit(1);
});
