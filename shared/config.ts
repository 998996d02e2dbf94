// The single source for every environment variable: name, meaning, default, secret or not.
// Parsed once in the composition root (loadConfig); everything else receives the typed object.
// README's configuration table is generated from ENV_VARS (npm run config-docs).
import { z } from 'zod';

/** Where a setting matters: the local world only, Azure only, or both. */
export type Scope = 'both' | 'local' | 'azure';

interface Spec<S extends z.ZodType = z.ZodType> {
  env: string;
  description: string;
  schema: S;
  secret: boolean;
  scope: Scope;
  /** Used when unset; without one the setting is optional. */
  default?: string;
}

export interface EnvVar extends Spec {
  /** The property name in Config. */
  key: string;
}

const str = z.string().min(1);
const url = z.string().url();
const int = z.coerce.number().int().nonnegative();
const num = z.coerce.number();

function v<S extends z.ZodType, const D extends string | undefined = undefined>(
  env: string,
  description: string,
  schema: S,
  opts: { default?: D; secret?: boolean; scope?: Scope } = {},
): Spec<S> & { default: D } {
  return { env, description, schema, secret: opts.secret ?? false, scope: opts.scope ?? 'both', default: opts.default as D };
}

/** Every setting by its Config key; the order is the README table's. */
const SETTINGS = {
  appEnv: v('APP_ENV', 'Where this runs: `local` (the offline world, auth may be off) or `production` (refuses local-only settings).', z.enum(['local', 'test', 'production']), { default: 'local' }),
  logLevel: v('LOG_LEVEL', 'debug | info | warn | error.', z.enum(['debug', 'info', 'warn', 'error']), { default: 'info' }),
  // Microsoft Graph
  graphBaseUrl: v('GRAPH_BASE_URL', 'Graph root including the version segment.', url, { default: 'https://localhost:5100/v1.0' }),
  graphTenantId: v('GRAPH_TENANT_ID', 'Entra tenant id for the app registration (client credentials).', str, { default: '00000000-0000-0000-0000-000000000001' }),
  graphClientId: v('GRAPH_CLIENT_ID', 'Entra app (client) id with Mail.ReadWrite, Mail.Send, MailboxSettings.ReadWrite.', str, { default: '11111111-1111-1111-1111-111111111111' }),
  graphClientSecret: v('GRAPH_CLIENT_SECRET', 'Client secret of the app registration (or use GRAPH_CLIENT_CERT_PATH).', str, { secret: true }),
  graphClientCertPath: v('GRAPH_CLIENT_CERT_PATH', 'PEM file with the app registration certificate and key (preferred over a secret).', str, { secret: true }),
  graphAuthorityHost: v('GRAPH_AUTHORITY_HOST', 'Entra authority; locally the mock Graph serves the token endpoint.', url, { default: 'https://login.microsoftonline.com' }),
  graphStaticToken: v('GRAPH_STATIC_TOKEN', 'Local world only: a fixed bearer token instead of client credentials.', str, { scope: 'local', secret: true }),
  supportMailbox: v('SUPPORT_MAILBOX', 'The shared support mailbox (UPN).', z.string().email(), { default: 'support@studyflash.test' }),
  notificationUrl: v('NOTIFICATION_URL', 'Public HTTPS URL of POST /api/notifications (anonymous function; clientState authenticates Graph).', url, { default: 'http://localhost:7071/api/notifications' }),
  lifecycleUrl: v('LIFECYCLE_URL', 'Public HTTPS URL of POST /api/lifecycle.', url, { default: 'http://localhost:7071/api/lifecycle' }),
  graphClientState: v('GRAPH_CLIENT_STATE', 'Secret echoed by Graph in every notification (≤128 chars); compared in constant time.', z.string().min(16).max(128), { secret: true, default: 'local-client-state-0123456789abcdef' }),
  subscriptionMinutes: v('SUBSCRIPTION_MINUTES', 'Lifetime requested for the Inbox subscription (Outlook allows up to 4230 safely).', int, { default: '4200' }),
  reconcileSchedule: v('RECONCILE_SCHEDULE', 'NCRONTAB schedule of the renew + delta-reconcile timer.', str, { default: '0 */5 * * * *' }),
  reconcileBackfillHours: v('RECONCILE_BACKFILL_HOURS', 'On a full Inbox sync (first run, expired delta token) only mail received this recently is triaged.', int, { default: '72' }),
  queueMaxDequeueCount: v('QUEUE_MAX_DEQUEUE_COUNT', "Must equal host.json extensions.queues.maxDequeueCount: on that attempt a failing ticket is marked 'failed'.", int.pipe(z.number().min(1)), { default: '5' }),
  // Analysis
  anthropicApiKey: v('ANTHROPIC_API_KEY', 'Enables Claude; without it the offline analyzer is used.', str, { secret: true }),
  anthropicBaseUrl: v('ANTHROPIC_BASE_URL', 'Messages API base URL (a local fake in tests and the benchmark).', url),
  anthropicModel: v('ANTHROPIC_MODEL', 'Claude model for triage.', str, { default: 'claude-haiku-4-5' }),
  anthropicTimeoutMs: v('ANTHROPIC_TIMEOUT_MS', 'Per-call timeout for Claude.', int, { default: '30000' }),
  anthropicMaxRetries: v('ANTHROPIC_MAX_RETRIES', 'Bounded retries on 429/529/5xx before the ticket falls back to needs-triage.', int, { default: '2' }),
  confidenceThreshold: v('CONFIDENCE_THRESHOLD', 'Tickets at or above are auto-assigned; below go to needs-triage.', num.pipe(z.number().min(0).max(1)), { default: '0.75' }),
  // Enrichment
  sentryApiUrl: v('SENTRY_API_URL', 'Sentry REST base (https://sentry.io or a self-hosted URL).', url),
  sentryOrg: v('SENTRY_ORG', 'Sentry organization slug.', str),
  sentryProject: v('SENTRY_PROJECT', 'Numeric Sentry project id(s), comma-separated, as the issues API expects (optional: all projects the token can read).', z.string().regex(/^\s*-?\d+(\s*,\s*-?\d+)*\s*$/, 'expected numeric project ids, e.g. 1234,5678')),
  sentryAuthToken: v('SENTRY_AUTH_TOKEN', 'Sentry auth token with event:read.', str, { secret: true }),
  posthogApiUrl: v('POSTHOG_API_URL', 'PostHog base (https://eu.posthog.com or self-hosted).', url),
  posthogProjectId: v('POSTHOG_PROJECT_ID', 'PostHog project id.', str),
  posthogApiKey: v('POSTHOG_API_KEY', 'PostHog personal API key (read).', str, { secret: true }),
  accountsDatabaseUrl: v('ACCOUNTS_DATABASE_URL', 'Read-only Postgres URL of the internal accounts database.', str, { secret: true }),
  enrichmentTimeoutMs: v('ENRICHMENT_TIMEOUT_MS', 'Timeout per enrichment source.', int, { default: '3000' }),
  // Storage
  storageConnection: v('STORAGE_CONNECTION', 'Azure Storage connection string for tickets (Tables) and work (Queues).', str, { secret: true, default: 'UseDevelopmentStorage=true' }),
  queueName: v('QUEUE_NAME', 'Queue of messages to process.', z.string().regex(/^[a-z0-9-]{3,63}$/), { default: 'tickets' }),
  sendQueueName: v('SEND_QUEUE_NAME', 'Queue of approved replies to send.', z.string().regex(/^[a-z0-9-]{3,63}$/), { default: 'sends' }),
  tablePrefix: v('TABLE_PREFIX', 'Prefix for the Azure Tables this app owns.', z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,20}$/), { default: 'Studyflash' }),
  // Teams bot
  botAppId: v('BOT_APP_ID', 'Azure Bot (Entra) app id; empty only in the local world (auth off).', str, { scope: 'both' }),
  botAppPassword: v('BOT_APP_PASSWORD', 'Bot client secret.', str, { secret: true }),
  botTenantId: v('BOT_TENANT_ID', 'Tenant of the single-tenant bot.', str),
  teamsServiceUrl: v('TEAMS_SERVICE_URL', 'Bot Connector URL used until an installation event supplies the real one.', url, { default: 'https://smba.trafficmanager.net/teams/' }),
  teamsChannelId: v('TEAMS_CHANNEL_ID', 'Channel that receives ticket cards (19:…@thread.tacv2); a lead can also type "use this channel".', str),
  teamsTeamId: v('TEAMS_TEAM_ID', 'Team that holds the channel.', str),
  rosterPath: v('ROSTER_PATH', 'JSON roster of agents and leads (docs/architecture.md#roster-and-outlook-categories).', str, { default: 'dev/roster.json' }),
  // Observability
  sentryDsn: v('SENTRY_DSN', "DSN for the app's own errors (@sentry/node); no mail bodies or PII are sent.", str, { secret: true }),
  functionsBaseUrl: v('FUNCTIONS_BASE_URL', 'Where the Functions app answers (used by doctor and the local world).', url, { default: 'http://localhost:7071/api' }),
};

type Settings = typeof SETTINGS;
type Field<K extends keyof Settings> = Settings[K]['default'] extends string ? Settings[K]['schema'] : z.ZodOptional<Settings[K]['schema']>;

export const ENV_VARS: EnvVar[] = Object.entries(SETTINGS).map(([key, spec]) => ({ key, ...spec }));

/**
 * One zod object over every setting: unset or empty values take the setting's default, settings
 * without a default are optional. (The shape is built from SETTINGS, so its type is stated once here.)
 */
const configSchema = z.object(
  Object.fromEntries(
    ENV_VARS.map((d) => [d.key, z.preprocess((raw) => (raw === undefined || raw === '' ? d.default : raw), d.default === undefined ? d.schema.optional() : d.schema)]),
  ) as unknown as { [K in keyof Settings]: Field<K> },
);

/** The parsed configuration, inferred from the schema: settings with a default are always present. */
export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment once; throws one ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(Object.fromEntries(ENV_VARS.map((d) => [d.key, env[d.env]])));
  if (!parsed.success) {
    const byKey = new Map(ENV_VARS.map((d) => [d.key, d]));
    const problems = new Map<string, string[]>();
    for (const issue of parsed.error.issues) {
      const d = byKey.get(String(issue.path[0]));
      if (d) problems.set(d.env, [...(problems.get(d.env) ?? []), issue.message]);
    }
    throw new ConfigError(
      [...problems].map(([name, messages]) => {
        const d = ENV_VARS.find((e) => e.env === name)!;
        const raw = env[name] === undefined || env[name] === '' ? d.default : env[name];
        return `${name}: ${messages.join('; ')}${d.secret ? '' : ` (got "${String(raw).slice(0, 60)}")`}`;
      }),
    );
  }
  const problems = productionProblems(parsed.data, env);
  if (problems.length) throw new ConfigError(problems);
  return parsed.data;
}

/** Production refuses settings that only make sense in the local world. */
function productionProblems(cfg: Config, env: Record<string, string | undefined>): string[] {
  if (cfg.appEnv !== 'production') return [];
  const p: string[] = [];
  const isLocal = (u?: string) => !!u && /^https?:\/\/(localhost|127\.|\[::1\])/.test(u);
  if (!cfg.botAppId) p.push('BOT_APP_ID: required in production (bot auth would be off)');
  if (!cfg.botAppPassword) p.push('BOT_APP_PASSWORD: required in production');
  // Cards carry customer data: they go to one configured channel, never wherever the app is installed.
  if (!cfg.teamsChannelId) p.push('TEAMS_CHANNEL_ID: required in production (the support channel that receives the ticket cards, 19:…@thread.tacv2)');
  if (cfg.graphStaticToken) p.push('GRAPH_STATIC_TOKEN: local-only; use client credentials in production');
  if (!cfg.graphClientSecret && !cfg.graphClientCertPath) p.push('GRAPH_CLIENT_SECRET or GRAPH_CLIENT_CERT_PATH: one is required in production');
  for (const [name, u] of [['GRAPH_BASE_URL', cfg.graphBaseUrl], ['GRAPH_AUTHORITY_HOST', cfg.graphAuthorityHost], ['NOTIFICATION_URL', cfg.notificationUrl], ['LIFECYCLE_URL', cfg.lifecycleUrl], ['ANTHROPIC_BASE_URL', cfg.anthropicBaseUrl], ['SENTRY_API_URL', cfg.sentryApiUrl], ['POSTHOG_API_URL', cfg.posthogApiUrl]] as const) {
    if (isLocal(u)) p.push(`${name}: points at a local mock (${u}); not allowed in production`);
  }
  if (cfg.storageConnection === 'UseDevelopmentStorage=true') p.push('STORAGE_CONNECTION: Azurite (UseDevelopmentStorage=true) is local-only');
  if (env.GRAPH_CLIENT_STATE === undefined) p.push('GRAPH_CLIENT_STATE: set a random secret in production (the default is public)');
  return p;
}
