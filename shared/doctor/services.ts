// Doctor checks for everything besides Graph: storage (queues + tables), the Functions host, the
// bot's Entra credentials, the Teams channel reference, Claude, the enrichment sources (Sentry,
// PostHog, accounts Postgres) through their production adapters, and the app's own Sentry DSN.
import Anthropic from '@anthropic-ai/sdk';
import { ClientSecretCredential } from '@azure/identity';
import { QueueServiceClient } from '@azure/storage-queue';
import pg from 'pg';
import { AppError } from '../errors.js';
import { createAccountsSource } from '../enrichment/accounts.js';
import { createPostHogSource } from '../enrichment/posthog.js';
import { createSentrySource } from '../enrichment/sentry.js';
import type { LookupContext } from '../enrichment/source.js';
import { TableTicketStore } from '../storage/tables.js';
import { countCachedPrefix, type PrefixCount } from '../ai/cache.js';
import { failing, ok, reason, skipped, type Check, type CheckContext, type CheckOutcome } from './check.js';

/** TicketStore state keys the bot writes (bot/ticket-cards.ts STATE; a test keeps them equal). */
export const TEAMS_CHANNEL_STATE_KEY = 'teams-channel';
export const TEAMS_TEAM_STATE_KEY = 'teams-team';
/** An address no source knows: the lookup exercises auth and the query without touching a customer. */
const PROBE_EMAIL = 'doctor-probe@example.invalid';
const BOT_SCOPE = 'https://api.botframework.com/.default';

function lookupContext(ctx: CheckContext): LookupContext {
  return { signal: ctx.signal, deadline: Date.now() + ctx.options.timeoutMs };
}

const configured = (...values: (string | undefined)[]): boolean => values.some((v) => v !== undefined && v !== '');

export const storage: Check = {
  name: 'storage',
  required: () => true,
  async run({ config }) {
    const insecure = /UseDevelopmentStorage=true|=http:\/\//i.test(config.storageConnection);
    try {
      const queues = QueueServiceClient.fromConnectionString(config.storageConnection);
      const depth = async (name: string): Promise<string> => {
        const q = queues.getQueueClient(name);
        if (!(await q.exists())) return `${name}: not created yet`;
        return `${name}: ${(await q.getProperties()).approximateMessagesCount ?? 0}`;
      };
      const names = [config.queueName, `${config.queueName}-poison`, config.sendQueueName, `${config.sendQueueName}-poison`];
      const counts = await Promise.all(names.map(depth));
      // Reading state creates nothing and proves the table endpoint and the key.
      const store = new TableTicketStore(config.storageConnection, config.tablePrefix);
      await store.getState<unknown>('doctor-probe');
      const poison = counts.filter((c, i) => i % 2 === 1 && !/: 0$|not created/.test(c));
      const detail = `queues ${counts.join(', ')}; tables reachable${insecure ? ' (Azurite)' : ''}`;
      if (poison.length) return failing(detail, 'poison messages wait: see infra/README.md "Poison queue" to inspect and replay them');
      return ok(detail);
    } catch (err) {
      return failing(reason(err, 'storage'), 'check STORAGE_CONNECTION (Key Vault secret storage-connection) and that the account allows this network');
    }
  },
};

export const functionsHost: Check = {
  name: 'functions host',
  required: () => false,
  async run({ config, signal }) {
    const url = `${config.functionsBaseUrl.replace(/\/$/, '')}/health`;
    try {
      const res = await fetch(url, { signal });
      await res.arrayBuffer();
      if (res.ok) return ok(`${url} answered ${res.status}`);
      return failing(`${url} answered ${res.status}`, 'is the Function App started and the code deployed? (az functionapp function list)');
    } catch (err) {
      return failing(reason(err, 'functions'), 'FUNCTIONS_BASE_URL must point at the running app');
    }
  },
};

export const botCredentials: Check = {
  name: 'bot credentials',
  required: (c) => configured(c.botAppId),
  async run({ config }) {
    if (!config.botAppId) return skipped('BOT_APP_ID not set: bot authentication is off (local world only)');
    if (!config.botAppPassword) return failing('BOT_APP_PASSWORD not set', 'store the bot secret in Key Vault (bot-app-password)');
    const tenant = config.botTenantId ?? config.graphTenantId;
    const authority = new URL(config.graphAuthorityHost);
    try {
      const credential = new ClientSecretCredential(tenant, config.botAppId, config.botAppPassword, {
        authorityHost: authority.origin,
        disableInstanceDiscovery: authority.hostname !== 'login.microsoftonline.com',
      });
      const token = await credential.getToken(BOT_SCOPE);
      if (!token) return failing('Entra returned no token', 'check BOT_APP_ID / BOT_TENANT_ID / BOT_APP_PASSWORD');
      return ok(`token for bot app ${config.botAppId} in tenant ${tenant}`);
    } catch (err) {
      return failing(reason(err, 'entra'), 'AADSTS700016 = app not in BOT_TENANT_ID (single-tenant bot); AADSTS7000215 = wrong secret value (use the value, not the secret id)');
    }
  },
};

export const teamsChannel: Check = {
  name: 'teams channel',
  required: (c) => configured(c.botAppId),
  async run({ config }) {
    let stored: { channelId?: string } | null;
    let team: { target?: { teamId?: string }; at?: string } | null;
    try {
      const store = new TableTicketStore(config.storageConnection, config.tablePrefix);
      [stored, team] = await Promise.all([store.getState<{ channelId?: string }>(TEAMS_CHANNEL_STATE_KEY), store.getState<{ target?: { teamId?: string }; at?: string }>(TEAMS_TEAM_STATE_KEY)]);
    } catch (err) {
      return failing(`cannot read the stored channel: ${reason(err, 'storage')}`, 'fix storage first');
    }
    // Proactive cards need the app installed in the team; the installation event records it.
    const installed = team?.target?.teamId ? `; installed in team ${team.target.teamId} (${team.at ?? 'time unknown'})` : '; no installation recorded yet';
    if (!team?.target?.teamId && config.appEnv === 'production') {
      return failing(`the Teams app is not installed in a team${config.teamsChannelId ? ` (TEAMS_CHANNEL_ID ${config.teamsChannelId})` : ''}`, 'upload manifest/build/appPackage.zip (Teams Admin Center) and add the app to the support team');
    }
    if (config.teamsChannelId) {
      const looksRight = /^19:.+@thread\.(tacv2|skype)$/.test(config.teamsChannelId) || config.teamsChannelId === config.teamsTeamId;
      if (!looksRight) return failing(`TEAMS_CHANNEL_ID "${config.teamsChannelId}" is not a channel id`, 'copy it from the channel link (19:…@thread.tacv2) or let a lead type "use this channel"');
      return ok(`TEAMS_CHANNEL_ID ${config.teamsChannelId}${installed}`);
    }
    if (stored?.channelId) return ok(`channel chosen in Teams: ${stored.channelId}${installed}`);
    return failing('no channel: TEAMS_CHANNEL_ID is empty and no lead chose one', 'install the app in the team, then a lead types "use this channel" in the triage channel');
  },
};

export const anthropic: Check = {
  name: 'anthropic',
  required: (c) => configured(c.anthropicApiKey),
  async run({ config, options }) {
    if (!config.anthropicApiKey) return skipped('ANTHROPIC_API_KEY not set: the offline analyzer triages');
    const client = new Anthropic({ apiKey: config.anthropicApiKey, baseURL: config.anthropicBaseUrl, maxRetries: 0, timeout: options.timeoutMs });
    try {
      // One token out: proves key, model name and reachability for a fraction of a cent.
      const msg = await client.messages.create({ model: config.anthropicModel, max_tokens: 1, messages: [{ role: 'user', content: 'ping' }] });
      return ok(`${config.anthropicModel} answered (${msg.model}, ${msg.usage.input_tokens}+${msg.usage.output_tokens} tokens)`);
    } catch (err) {
      const status = (err as { status?: number }).status;
      const fix =
        status === 401 ? 'ANTHROPIC_API_KEY is wrong or revoked (Key Vault secret anthropic-api-key)'
        : status === 404 ? `model ${config.anthropicModel} not found: set ANTHROPIC_MODEL (e.g. claude-haiku-4-5)`
        : status === 429 ? 'rate or spend limit reached: check the Anthropic console'
        : 'check ANTHROPIC_BASE_URL and outbound HTTPS to api.anthropic.com';
      return failing(reason(err, 'anthropic'), fix);
    }
  },
};

/**
 * The prompt cache engages only above the model's minimum prefix length; below it every call pays
 * the full prompt, silently. Counted with Anthropic's token-counting endpoint (free). A warning,
 * not a failure: triage works either way, it just costs more.
 */
export const promptCache: Check = {
  name: 'prompt cache',
  after: ['anthropic'],
  required: () => false,
  async run({ config, options, results }) {
    if (!config.anthropicApiKey) return skipped('ANTHROPIC_API_KEY not set: no Claude calls to cache');
    if (results.get('anthropic')?.status === 'failing') return skipped('the anthropic check failed; fix it first');
    const client = new Anthropic({ apiKey: config.anthropicApiKey, baseURL: config.anthropicBaseUrl, maxRetries: 0, timeout: options.timeoutMs });
    try {
      return promptCacheOutcome(config.anthropicModel, await countCachedPrefix(client, config.anthropicModel));
    } catch (err) {
      return failing(`could not count the prompt's tokens: ${reason(err, 'anthropic')}`, 'check that the key may call /v1/messages/count_tokens');
    }
  },
};

export function promptCacheOutcome(model: string, c: PrefixCount): CheckOutcome {
  const detail = `cached prefix (tool + system prompt) is ${c.tokens} tokens; ${model} caches from ${c.minimum}`;
  if (!c.engages) return failing(`WARNING: ${detail}, so caching cannot engage and every call pays the full prompt`, 'lengthen the system prompt past the minimum or choose a model with a lower minimum');
  return ok(`${detail} (${Math.round((c.tokens / c.minimum - 1) * 100)} % margin)`);
}

function sourceFix(err: unknown, service: string, keyName: string): string {
  const kind = err instanceof AppError ? err.kind : undefined;
  if (kind === 'unauthorized' || kind === 'forbidden') return `${keyName} is wrong or lacks read scope`;
  if (kind === 'not-found') return `the ${service} organization/project id is wrong`;
  return `check the ${service} URL and the network path`;
}

export const sentryEnrichment: Check = {
  name: 'sentry',
  required: (c) => configured(c.sentryApiUrl, c.sentryAuthToken),
  async run(ctx) {
    const c = ctx.config;
    if (!c.sentryApiUrl && !c.sentryAuthToken) return skipped('SENTRY_API_URL / SENTRY_AUTH_TOKEN not set: no Sentry enrichment');
    if (!c.sentryApiUrl || !c.sentryOrg || !c.sentryAuthToken) return failing('SENTRY_API_URL, SENTRY_ORG and SENTRY_AUTH_TOKEN go together', 'set all three or none');
    const projectIds = (c.sentryProject ?? '').split(',').map((p) => p.trim()).filter(Boolean);
    const source = createSentrySource({ apiUrl: c.sentryApiUrl, org: c.sentryOrg, token: c.sentryAuthToken, projectIds, timeoutMs: ctx.options.timeoutMs, maxRetries: 0 });
    try {
      await source.lookup(PROBE_EMAIL, lookupContext(ctx));
      return ok(`issues query for org ${c.sentryOrg} answered`);
    } catch (err) {
      return failing(reason(err, 'sentry'), sourceFix(err, 'Sentry', 'SENTRY_AUTH_TOKEN (event:read)'));
    }
  },
};

export const posthog: Check = {
  name: 'posthog',
  required: (c) => configured(c.posthogApiUrl, c.posthogApiKey),
  async run(ctx) {
    const c = ctx.config;
    if (!c.posthogApiUrl && !c.posthogApiKey) return skipped('POSTHOG_API_URL / POSTHOG_API_KEY not set: no session recordings');
    if (!c.posthogApiUrl || !c.posthogProjectId || !c.posthogApiKey) return failing('POSTHOG_API_URL, POSTHOG_PROJECT_ID and POSTHOG_API_KEY go together', 'set all three or none');
    const source = createPostHogSource({ apiUrl: c.posthogApiUrl, projectId: c.posthogProjectId, apiKey: c.posthogApiKey, timeoutMs: ctx.options.timeoutMs, maxRetries: 0 });
    try {
      await source.lookup(PROBE_EMAIL, lookupContext(ctx));
      return ok(`persons query for project ${c.posthogProjectId} answered`);
    } catch (err) {
      return failing(reason(err, 'posthog'), sourceFix(err, 'PostHog', 'POSTHOG_API_KEY (person:read, session_recording:read)'));
    }
  },
};

/** host:port/db of a Postgres URL, without user or password. */
function dbLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}

export const accountsDb: Check = {
  name: 'accounts db',
  required: (c) => configured(c.accountsDatabaseUrl),
  async run(ctx) {
    const url = ctx.config.accountsDatabaseUrl;
    if (!url) return skipped('ACCOUNTS_DATABASE_URL not set: no account facts');
    const timeoutMs = ctx.options.timeoutMs;
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, application_name: 'studyflash-support-doctor' });
    const started = Date.now();
    try {
      await client.connect();
      await client.query('SELECT 1');
    } catch (err) {
      return failing(`${dbLabel(url)}: ${reason(err, 'accounts')}`, 'check ACCOUNTS_DATABASE_URL (host, port, user, password, sslmode) and the firewall');
    } finally {
      await client.end().catch(() => undefined);
    }
    const source = createAccountsSource({ databaseUrl: url, timeoutMs: ctx.options.timeoutMs, poolMax: 1 });
    try {
      await source.lookup(PROBE_EMAIL, lookupContext(ctx));
      return ok(`${dbLabel(url)}: SELECT 1 and the accounts query ran (${Date.now() - started} ms)`);
    } catch (err) {
      return failing(`${dbLabel(url)}: accounts query: ${reason(err, 'accounts')}`, 'the role needs SELECT on the accounts table; see shared/enrichment/accounts-sql.ts');
    } finally {
      await source.close();
    }
  },
};

/** The app's own error reporting: a DSN that parses and a Sentry host that answers. */
export const sentryDsn: Check = {
  name: 'sentry dsn',
  required: (c) => configured(c.sentryDsn),
  async run({ config, signal }) {
    if (!config.sentryDsn) return skipped("SENTRY_DSN not set: the app's own errors go to logs only");
    let dsn: URL;
    try {
      dsn = new URL(config.sentryDsn);
    } catch {
      return failing('SENTRY_DSN is not a URL', 'copy the DSN from Sentry → Project settings → Client keys');
    }
    const projectId = dsn.pathname.split('/').filter(Boolean).at(-1);
    if (!dsn.username || !projectId || !/^\d+$/.test(projectId)) return failing('SENTRY_DSN lacks the public key or the project id', 'copy the full DSN (https://<key>@<host>/<project>)');
    try {
      // The envelope endpoint answers (any status) without an event being stored.
      const res = await fetch(`${dsn.protocol}//${dsn.host}/api/${projectId}/envelope/`, { method: 'GET', signal });
      await res.arrayBuffer();
      return ok(`${dsn.host} answers for project ${projectId}`);
    } catch (err) {
      return failing(reason(err, 'sentry'), 'outbound HTTPS to the Sentry host is blocked or the host is wrong');
    }
  },
};

export const SERVICE_CHECKS: Check[] = [storage, functionsHost, botCredentials, teamsChannel, anthropic, promptCache, sentryEnrichment, posthog, accountsDb, sentryDsn];

