// CLI entry of the local Outlook host for the world launcher: configured from env (the same
// settings the Function App gets), prints one line with its URL and `ready`.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { ENV_VARS } from '../../shared/config.js';
import { parseRoster } from '../../shared/roster.js';
import { defaultDirectory } from '../graph/delegated.js';
import { REPO_ROOT } from '../support/cert.js';
import { startOutlookHost } from './server.js';

const setting = (name: string): string => {
  const v = process.env[name];
  if (v) return v;
  const d = ENV_VARS.find((e) => e.env === name)?.default;
  if (d === undefined) throw new Error(`${name} is required`);
  return d;
};

async function main(): Promise<void> {
  const rosterPath = path.resolve(REPO_ROOT, setting('ROSTER_PATH'));
  const roles = new Map(parseRoster(JSON.parse(readFileSync(rosterPath, 'utf8')) as unknown, rosterPath).map((m) => [m.aadObjectId, m.role] as const));
  const host = await startOutlookHost({
    port: Number(process.env.OUTLOOK_HOST_PORT ?? 5300),
    functionsUrl: setting('FUNCTIONS_BASE_URL'),
    authorityHost: setting('GRAPH_AUTHORITY_HOST'),
    graphUrl: setting('GRAPH_BASE_URL'),
    tenantId: setting('GRAPH_TENANT_ID'),
    supportMailbox: setting('SUPPORT_MAILBOX'),
    clientId: setting('PANE_CLIENT_ID'),
    apiUri: setting('PANE_API_URI'),
    graphClientId: setting('GRAPH_CLIENT_ID'),
    graphClientSecret: setting('GRAPH_CLIENT_SECRET'),
    users: defaultDirectory(rosterPath).users.map((u) => ({ ...u, role: roles.get(u.oid) })),
  });
  const stop = (): void => {
    host.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(`local Outlook host ${host.url} ready`);
}

main().catch((err: unknown) => {
  console.error(`local Outlook host failed to start: ${(err as Error)?.message ?? String(err)}`);
  process.exit(1);
});
