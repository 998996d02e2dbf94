// The single source for every environment variable: name, meaning, default, secret or not.
// Parsed once in the composition root (loadConfig); everything else receives the typed object.
// README's configuration table is generated from ENV_VARS (npm run config-docs).
import { z } from 'zod';
import { DEFAULT_TARGETS, isValidZone, parseHolidays, parseTargets, parseWorkingHours } from './time/business.js';

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

/** A zod schema from a parser that throws with a readable message. */
function parsed<T>(parse: (s: string) => T): z.ZodType<T> {
  return z.string().transform((s, ctx) => {
    try {
      return parse(s);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
      return z.NEVER;
    }
  }) as unknown as z.ZodType<T>;
}

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
  graphGate: v('GRAPH_GATE', "Where Outlook's 4-concurrent-requests-per-mailbox limit is held: `storage` = blob-lease slots shared by every instance (Azure, the local world); `process` = in memory, this process only.", z.enum(['storage', 'process']), { default: 'process' }),
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
  confidenceThreshold: v('CONFIDENCE_THRESHOLD', 'Category confidence a ticket needs to be auto-assigned; below, it goes to needs-triage. Injection, a request for a human, mail risks and anomalies hold a ticket whatever this is (shared/triage/policy.ts).', num.pipe(z.number().min(0).max(1)), { default: '0.86' }),
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
  rosterPath: v('ROSTER_PATH', 'JSON roster of agents and leads (docs/architecture.md#roster-and-outlook-categories); a relative path is taken from the app root (the directory of package.json), not the working directory.', str, { default: 'dev/roster.json' }),
  // Outlook ticket pane (single sign-on + on-behalf-of)
  paneClientId: v('PANE_CLIENT_ID', 'App (client) id of the registration behind the Outlook pane and its API: the NAA client, the token audience, the on-behalf-of client.', str, { default: '33333333-3333-4333-8333-333333333333' }),
  paneApiUri: v('PANE_API_URI', "Application ID URI of the pane's API (Expose an API); the pane asks for `<uri>/access_as_user`.", z.string().regex(/^(api:\/\/|https:\/\/)\S+$/, 'expected api://… or https://…'), { default: 'api://localhost/33333333-3333-4333-8333-333333333333' }),
  paneAllowedAudiences: v('PANE_ALLOWED_AUDIENCES', "Comma-separated token audiences the pane's API accepts besides PANE_CLIENT_ID and PANE_API_URI (e.g. during an app registration move).", z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))),
  paneClientSecret: v('PANE_CLIENT_SECRET', "Client secret of the pane's registration for the on-behalf-of exchange; without it the pane's API answers 503.", str, { secret: true }),
  // Service targets, reminders and the daily digest
  serviceTargets: v('SLA_TARGETS', 'First-response target per category in business time (`h` or `m`); categories left out keep their default.', parsed(parseTargets), { default: DEFAULT_TARGETS }),
  businessHours: v('BUSINESS_HOURS', 'Working days and hours, in BUSINESS_TIMEZONE, that count towards targets; `Mon-Sun 00:00-24:00` means always.', parsed(parseWorkingHours), { default: 'Mon-Fri 08:00-18:00' }),
  businessTimezone: v('BUSINESS_TIMEZONE', 'IANA time zone of the business hours, holidays, the digest time and the report days.', z.string().refine(isValidZone, 'not an IANA time zone (e.g. Europe/Zurich)'), { default: 'Europe/Zurich' }),
  holidays: v('HOLIDAYS', 'Dates without business hours (YYYY-MM-DD, comma- or space-separated).', parsed((s) => [...parseHolidays(s)]), { default: '' }),
  reminderApproachingPercent: v('REMINDER_APPROACHING_PERCENT', 'Share of the target after which the "approaching" reminder is posted.', int.pipe(z.number().min(1).max(99)), { default: '75' }),
  reminderSchedule: v('REMINDER_SCHEDULE', 'NCRONTAB schedule of the reminder timer (it also posts the digest when due).', str, { default: '0 */2 * * * *' }),
  digestTime: v('DIGEST_TIME', 'Local time (BUSINESS_TIMEZONE) from which the daily digest is posted on working days; `off` = no digest.', z.string().regex(/^(\d{1,2}:\d{2}|off)$/, 'expected a time like 08:30, or off'), { default: '08:30' }),
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

/**
 * App Service hands an app setting over as the literal `@Microsoft.KeyVault(...)` text when it could
 * not resolve the reference (secret missing, identity without access, vault unreachable). Such a
 * value can pass a schema (GRAPH_CLIENT_STATE's length check), so it is refused by its shape.
 */
const KEY_VAULT_REFERENCE = /^\s*@Microsoft\.KeyVault\(/i;

function unresolvedReferenceProblem(name: string, raw: string): string {
  const secret = /SecretName=([A-Za-z0-9-]+)/i.exec(raw)?.[1] ?? /\/secrets\/([A-Za-z0-9-]+)/i.exec(raw)?.[1];
  return `${name}: is an unresolved Key Vault reference${secret ? ` (secret "${secret}")` : ''} — the app's identity could not read it: check that the secret exists, that the identity has Key Vault Secrets User on the vault, and the app's Environment variables blade for the reference status; then restart the app`;
}

/** Parses the environment once; throws one ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const unresolved = ENV_VARS.flatMap((d) => {
    const raw = env[d.env];
    return raw !== undefined && KEY_VAULT_REFERENCE.test(raw) ? [unresolvedReferenceProblem(d.env, raw)] : [];
  });
  if (unresolved.length) throw new ConfigError(unresolved);
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
  if (cfg.graphGate !== 'storage') p.push('GRAPH_GATE: must be storage in production (Azure runs several instances; each would allow 4 concurrent Graph requests on its own)');
  if (env.GRAPH_CLIENT_STATE === undefined) p.push('GRAPH_CLIENT_STATE: set a random secret in production (the default is public)');
  return p;
}
