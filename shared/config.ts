// The single source for every environment variable: name, meaning, default, secret or not.
// Parsed once in the composition root (loadConfig); everything else receives the typed object.
// README's configuration table is generated from ENV_VARS (npm run config-docs).
import { z } from 'zod';
import { DEFAULT_TARGETS, isValidZone, parseHolidays, parseTargets, parseWorkingHours, type ServiceTargets, type WorkingHours } from './time/business.js';

export interface EnvVar {
  env: string;
  key: string;
  description: string;
  secret: boolean;
  /** Default used when unset; undefined = optional with no default. */
  default?: string;
  /** Where it matters: local world only, Azure only, or both. */
  scope: 'both' | 'local' | 'azure';
  schema: z.ZodType<unknown>;
}

const str = z.string().min(1);
const url = z.string().url();
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
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

function v(env: string, key: string, description: string, schema: z.ZodType<unknown>, opts: { default?: string; secret?: boolean; scope?: EnvVar['scope'] } = {}): EnvVar {
  return { env, key, description, schema, secret: opts.secret ?? false, default: opts.default, scope: opts.scope ?? 'both' };
}

export const ENV_VARS: EnvVar[] = [
  v('APP_ENV', 'appEnv', 'Where this runs: `local` (the offline world, auth may be off) or `production` (refuses local-only settings).', z.enum(['local', 'test', 'production']), { default: 'local' }),
  v('LOG_LEVEL', 'logLevel', 'debug | info | warn | error.', z.enum(['debug', 'info', 'warn', 'error']), { default: 'info' }),
  // Microsoft Graph
  v('GRAPH_BASE_URL', 'graphBaseUrl', 'Graph root including the version segment.', url, { default: 'https://localhost:5100/v1.0' }),
  v('GRAPH_TENANT_ID', 'graphTenantId', 'Entra tenant id for the app registration (client credentials).', str, { default: '00000000-0000-0000-0000-000000000001' }),
  v('GRAPH_CLIENT_ID', 'graphClientId', 'Entra app (client) id with Mail.ReadWrite, Mail.Send, MailboxSettings.ReadWrite.', str, { default: '11111111-1111-1111-1111-111111111111' }),
  v('GRAPH_CLIENT_SECRET', 'graphClientSecret', 'Client secret of the app registration (or use GRAPH_CLIENT_CERT_PATH).', str, { secret: true }),
  v('GRAPH_CLIENT_CERT_PATH', 'graphClientCertPath', 'PEM file with the app registration certificate and key (preferred over a secret).', str, { secret: true }),
  v('GRAPH_AUTHORITY_HOST', 'graphAuthorityHost', 'Entra authority; locally the mock Graph serves the token endpoint.', url, { default: 'https://login.microsoftonline.com' }),
  v('GRAPH_STATIC_TOKEN', 'graphStaticToken', 'Local world only: a fixed bearer token instead of client credentials.', str, { scope: 'local', secret: true }),
  v('SUPPORT_MAILBOX', 'supportMailbox', 'The shared support mailbox (UPN).', z.string().email(), { default: 'support@studyflash.test' }),
  v('NOTIFICATION_URL', 'notificationUrl', 'Public HTTPS URL of POST /api/notifications (anonymous function; clientState authenticates Graph).', url, { default: 'http://localhost:7071/api/notifications' }),
  v('LIFECYCLE_URL', 'lifecycleUrl', 'Public HTTPS URL of POST /api/lifecycle.', url, { default: 'http://localhost:7071/api/lifecycle' }),
  v('GRAPH_CLIENT_STATE', 'graphClientState', 'Secret echoed by Graph in every notification (≤128 chars); compared in constant time.', z.string().min(16).max(128), { secret: true, default: 'local-client-state-0123456789abcdef' }),
  v('GRAPH_GATE', 'graphGate', "Where Outlook's 4-concurrent-requests-per-mailbox limit is held: `storage` = blob-lease slots shared by every instance (Azure, the local world); `process` = in memory, this process only.", z.enum(['storage', 'process']), { default: 'process' }),
  v('SUBSCRIPTION_MINUTES', 'subscriptionMinutes', 'Lifetime requested for the Inbox subscription (Outlook allows up to 4230 safely).', int, { default: '4200' }),
  v('RECONCILE_SCHEDULE', 'reconcileSchedule', 'NCRONTAB schedule of the renew + delta-reconcile timer.', str, { default: '0 */5 * * * *' }),
  v('RECONCILE_BACKFILL_HOURS', 'reconcileBackfillHours', 'On a full Inbox sync (first run, expired delta token) only mail received this recently is triaged.', int, { default: '72' }),
  v('QUEUE_MAX_DEQUEUE_COUNT', 'queueMaxDequeueCount', "Must equal host.json extensions.queues.maxDequeueCount: on that attempt a failing ticket is marked 'failed'.", int.pipe(z.number().min(1)), { default: '5' }),
  // Analysis
  v('ANTHROPIC_API_KEY', 'anthropicApiKey', 'Enables Claude; without it the offline analyzer is used.', str, { secret: true }),
  v('ANTHROPIC_BASE_URL', 'anthropicBaseUrl', 'Messages API base URL (a local fake in tests and the benchmark).', url),
  v('ANTHROPIC_MODEL', 'anthropicModel', 'Claude model for triage.', str, { default: 'claude-haiku-4-5' }),
  v('ANTHROPIC_TIMEOUT_MS', 'anthropicTimeoutMs', 'Per-call timeout for Claude.', int, { default: '30000' }),
  v('ANTHROPIC_MAX_RETRIES', 'anthropicMaxRetries', 'Bounded retries on 429/529/5xx before the ticket falls back to needs-triage.', int, { default: '2' }),
  v('CONFIDENCE_THRESHOLD', 'confidenceThreshold', 'Category confidence a ticket needs to be auto-assigned; below, it goes to needs-triage. Injection, a request for a human, mail risks and anomalies hold a ticket whatever this is (shared/triage/policy.ts).', num.pipe(z.number().min(0).max(1)), { default: '0.75' }),
  // Enrichment
  v('SENTRY_API_URL', 'sentryApiUrl', 'Sentry REST base (https://sentry.io or a self-hosted URL).', url),
  v('SENTRY_ORG', 'sentryOrg', 'Sentry organization slug.', str),
  v('SENTRY_PROJECT', 'sentryProject', 'Numeric Sentry project id(s), comma-separated, as the issues API expects (optional: all projects the token can read).', z.string().regex(/^\s*-?\d+(\s*,\s*-?\d+)*\s*$/, 'expected numeric project ids, e.g. 1234,5678')),
  v('SENTRY_AUTH_TOKEN', 'sentryAuthToken', 'Sentry auth token with event:read.', str, { secret: true }),
  v('POSTHOG_API_URL', 'posthogApiUrl', 'PostHog base (https://eu.posthog.com or self-hosted).', url),
  v('POSTHOG_PROJECT_ID', 'posthogProjectId', 'PostHog project id.', str),
  v('POSTHOG_API_KEY', 'posthogApiKey', 'PostHog personal API key (read).', str, { secret: true }),
  v('ACCOUNTS_DATABASE_URL', 'accountsDatabaseUrl', 'Read-only Postgres URL of the internal accounts database.', str, { secret: true }),
  v('ENRICHMENT_TIMEOUT_MS', 'enrichmentTimeoutMs', 'Timeout per enrichment source.', int, { default: '3000' }),
  // Storage
  v('STORAGE_CONNECTION', 'storageConnection', 'Azure Storage connection string for tickets (Tables) and work (Queues).', str, { secret: true, default: 'UseDevelopmentStorage=true' }),
  v('QUEUE_NAME', 'queueName', 'Queue of messages to process.', z.string().regex(/^[a-z0-9-]{3,63}$/), { default: 'tickets' }),
  v('SEND_QUEUE_NAME', 'sendQueueName', 'Queue of approved replies to send.', z.string().regex(/^[a-z0-9-]{3,63}$/), { default: 'sends' }),
  v('TABLE_PREFIX', 'tablePrefix', 'Prefix for the Azure Tables this app owns.', z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,20}$/), { default: 'Studyflash' }),
  // Teams bot
  v('BOT_APP_ID', 'botAppId', 'Azure Bot (Entra) app id; empty only in the local world (auth off).', str, { scope: 'both' }),
  v('BOT_APP_PASSWORD', 'botAppPassword', 'Bot client secret.', str, { secret: true }),
  v('BOT_TENANT_ID', 'botTenantId', 'Tenant of the single-tenant bot.', str),
  v('TEAMS_SERVICE_URL', 'teamsServiceUrl', 'Bot Connector URL used until an installation event supplies the real one.', url, { default: 'https://smba.trafficmanager.net/teams/' }),
  v('TEAMS_CHANNEL_ID', 'teamsChannelId', 'Channel that receives ticket cards (19:…@thread.tacv2); a lead can also type "use this channel".', str),
  v('TEAMS_TEAM_ID', 'teamsTeamId', 'Team that holds the channel.', str),
  v('ROSTER_PATH', 'rosterPath', 'JSON roster of agents and leads (DESIGN.md §5); a relative path is taken from the app root (the directory of package.json), not the working directory.', str, { default: 'dev/roster.json' }),
  // Outlook ticket pane (single sign-on + on-behalf-of)
  v('PANE_CLIENT_ID', 'paneClientId', 'App (client) id of the registration behind the Outlook pane and its API: the NAA client, the token audience, the on-behalf-of client.', str, { default: '33333333-3333-4333-8333-333333333333' }),
  v('PANE_API_URI', 'paneApiUri', "Application ID URI of the pane's API (Expose an API); the pane asks for `<uri>/access_as_user`.", z.string().regex(/^(api:\/\/|https:\/\/)\S+$/, 'expected api://… or https://…'), { default: 'api://localhost/33333333-3333-4333-8333-333333333333' }),
  v('PANE_ALLOWED_AUDIENCES', 'paneAllowedAudiences', "Comma-separated token audiences the pane's API accepts besides PANE_CLIENT_ID and PANE_API_URI (e.g. during an app registration move).", z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))),
  v('PANE_CLIENT_SECRET', 'paneClientSecret', "Client secret of the pane's registration for the on-behalf-of exchange; without it the pane's API answers 503.", str, { secret: true }),
  // Service targets, reminders and the daily digest
  v('SLA_TARGETS', 'serviceTargets', 'First-response target per category in business time (`h` or `m`); categories left out keep their default.', parsed(parseTargets), { default: DEFAULT_TARGETS }),
  v('BUSINESS_HOURS', 'businessHours', 'Working days and hours, in BUSINESS_TIMEZONE, that count towards targets; `Mon-Sun 00:00-24:00` means always.', parsed(parseWorkingHours), { default: 'Mon-Fri 08:00-18:00' }),
  v('BUSINESS_TIMEZONE', 'businessTimezone', 'IANA time zone of the business hours, holidays, the digest time and the report days.', z.string().refine(isValidZone, 'not an IANA time zone (e.g. Europe/Zurich)'), { default: 'Europe/Zurich' }),
  v('HOLIDAYS', 'holidays', 'Dates without business hours (YYYY-MM-DD, comma- or space-separated).', parsed((s) => [...parseHolidays(s)]), { default: '' }),
  v('REMINDER_APPROACHING_PERCENT', 'reminderApproachingPercent', 'Share of the target after which the "approaching" reminder is posted.', int.pipe(z.number().min(1).max(99)), { default: '75' }),
  v('REMINDER_SCHEDULE', 'reminderSchedule', 'NCRONTAB schedule of the reminder timer (it also posts the digest when due).', str, { default: '0 */2 * * * *' }),
  v('DIGEST_TIME', 'digestTime', 'Local time (BUSINESS_TIMEZONE) from which the daily digest is posted on working days; `off` = no digest.', z.string().regex(/^(\d{1,2}:\d{2}|off)$/, 'expected a time like 08:30, or off'), { default: '08:30' }),
  // Observability
  v('SENTRY_DSN', 'sentryDsn', "DSN for the app's own errors (@sentry/node); no mail bodies or PII are sent.", str, { secret: true }),
  v('FUNCTIONS_BASE_URL', 'functionsBaseUrl', 'Where the Functions app answers (used by doctor and the local world).', url, { default: 'http://localhost:7071/api' }),
];

export type Config = {
  appEnv: 'local' | 'test' | 'production';
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  graphBaseUrl: string;
  graphTenantId: string;
  graphClientId: string;
  graphClientSecret?: string;
  graphClientCertPath?: string;
  graphAuthorityHost: string;
  graphStaticToken?: string;
  supportMailbox: string;
  notificationUrl: string;
  lifecycleUrl: string;
  graphClientState: string;
  graphGate: 'storage' | 'process';
  subscriptionMinutes: number;
  reconcileSchedule: string;
  reconcileBackfillHours: number;
  queueMaxDequeueCount: number;
  anthropicApiKey?: string;
  anthropicBaseUrl?: string;
  anthropicModel: string;
  anthropicTimeoutMs: number;
  anthropicMaxRetries: number;
  confidenceThreshold: number;
  sentryApiUrl?: string;
  sentryOrg?: string;
  sentryProject?: string;
  sentryAuthToken?: string;
  posthogApiUrl?: string;
  posthogProjectId?: string;
  posthogApiKey?: string;
  accountsDatabaseUrl?: string;
  enrichmentTimeoutMs: number;
  storageConnection: string;
  queueName: string;
  sendQueueName: string;
  tablePrefix: string;
  botAppId?: string;
  botAppPassword?: string;
  botTenantId?: string;
  teamsServiceUrl: string;
  teamsChannelId?: string;
  teamsTeamId?: string;
  rosterPath: string;
  paneClientId: string;
  paneApiUri: string;
  paneAllowedAudiences?: string[];
  paneClientSecret?: string;
  sentryDsn?: string;
  functionsBaseUrl: string;
  serviceTargets: ServiceTargets;
  businessHours: WorkingHours;
  businessTimezone: string;
  holidays: string[];
  reminderApproachingPercent: number;
  reminderSchedule: string;
  digestTime: string;
};

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
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const d of ENV_VARS) {
    const raw = env[d.env];
    if (raw !== undefined && KEY_VAULT_REFERENCE.test(raw)) {
      problems.push(unresolvedReferenceProblem(d.env, raw));
      continue;
    }
    const value = raw === undefined || raw === '' ? d.default : raw;
    if (value === undefined) continue;
    const r = d.schema.safeParse(value);
    if (r.success) out[d.key] = r.data;
    else problems.push(`${d.env}: ${r.error.issues.map((i) => i.message).join('; ')}${d.secret ? '' : ` (got "${String(value).slice(0, 60)}")`}`);
  }
  const cfg = out as Config;
  if (problems.length === 0) problems.push(...productionProblems(cfg, env));
  if (problems.length) throw new ConfigError(problems);
  return cfg;
}

/** Production refuses settings that only make sense in the local world. */
function productionProblems(cfg: Config, env: Record<string, string | undefined>): string[] {
  if (cfg.appEnv !== 'production') return [];
  const p: string[] = [];
  const isLocal = (u?: string) => !!u && /^https?:\/\/(localhost|127\.|\[::1\])/.test(u);
  if (!cfg.botAppId) p.push('BOT_APP_ID: required in production (bot auth would be off)');
  if (!cfg.botAppPassword) p.push('BOT_APP_PASSWORD: required in production');
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
