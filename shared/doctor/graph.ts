// Doctor checks for Microsoft Graph: the client-credentials token, the shared mailbox, that the app
// reaches nothing wider (directory listing, another mailbox), the master categories, the Inbox
// subscription, and that NOTIFICATION_URL answers Graph's validation handshake.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Config } from '../config.js';
import { OUTLOOK_CATEGORIES } from '../domain.js';
import { AppError } from '../errors.js';
import { GRAPH_SCOPE } from '../graph/client.js';
import { createGraphAdapters, createGraphCredential, type GraphAdapters } from '../graph/index.js';
import { inboxResource } from '../tickets/subscription.js';
import { failing, ok, reason, skipped, type Check, type CheckContext } from './check.js';

const adapters = new WeakMap<Config, GraphAdapters>();

/** One set of Graph adapters per doctor run: no retries (a doctor reports, it does not wait). */
function graph(ctx: CheckContext): GraphAdapters {
  let a = adapters.get(ctx.config);
  if (!a) {
    a = createGraphAdapters(ctx.config, { policy: { maxRetries: 0, timeoutMs: ctx.options.timeoutMs } });
    adapters.set(ctx.config, a);
  }
  return a;
}

const tokenClaims = z.object({ roles: z.array(z.string()).optional(), appid: z.string().optional(), tid: z.string().optional() }).passthrough();

/** The (unverified) claims of a JWT, for reporting only. */
export function jwtClaims(token: string): z.infer<typeof tokenClaims> | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const r = tokenClaims.safeParse(JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

const MAIL_ROLES = ['Mail.ReadWrite', 'Mail.Send', 'Mail.Read', 'Mail.ReadBasic', 'MailboxSettings.ReadWrite'];

const tokenDependent = (ctx: CheckContext): boolean => ctx.results.get('graph token')?.status === 'ok';
const NO_TOKEN = 'not checked: the Graph token failed';

export const graphToken: Check = {
  name: 'graph token',
  required: () => true,
  async run({ config }) {
    let credential;
    try {
      credential = createGraphCredential(config);
    } catch (err) {
      return failing(reason(err, 'graph'), 'set GRAPH_CLIENT_SECRET (Key Vault) or GRAPH_CLIENT_CERT_PATH');
    }
    if (!credential) return ok('static token (GRAPH_STATIC_TOKEN, local world only)');
    try {
      const token = await credential.getToken(GRAPH_SCOPE);
      if (!token) return failing('Entra returned no token', 'check GRAPH_TENANT_ID / GRAPH_CLIENT_ID / the secret');
      const claims = jwtClaims(token.token);
      const mailRoles = (claims?.roles ?? []).filter((r) => MAIL_ROLES.includes(r));
      const roles = mailRoles.length ? `Entra application roles: ${mailRoles.join(', ')}` : 'no Entra mail roles (Exchange RBAC only)';
      return ok(`token for app ${config.graphClientId} from ${new URL(config.graphAuthorityHost).host}; ${roles}`);
    } catch (err) {
      return failing(reason(err, 'entra'), 'check GRAPH_TENANT_ID, GRAPH_CLIENT_ID and that GRAPH_CLIENT_SECRET is the secret VALUE (not its id) and not expired');
    }
  },
};

export const mailbox: Check = {
  name: 'mailbox',
  after: ['graph token'],
  required: () => true,
  async run(ctx) {
    if (!tokenDependent(ctx)) return failing(NO_TOKEN, 'fix the Graph token first');
    const mb = ctx.config.supportMailbox;
    try {
      const inbox = z.object({ id: z.string(), totalItemCount: z.number().optional() }).parse(
        await graph(ctx).requester.call('doctor', `/users/${encodeURIComponent(mb)}/mailFolders/Inbox`, (r) => r.select('id,totalItemCount').get()),
      );
      return ok(`${mb} Inbox readable (${inbox.totalItemCount ?? '?'} messages)`);
    } catch (err) {
      const e = err instanceof AppError ? err : null;
      const fix =
        e?.kind === 'forbidden'
          ? `grant the app Mail.ReadWrite on ${mb} (Exchange RBAC: New-ManagementRoleAssignment … -CustomResourceScope), wait up to 2 h for the cache`
          : e?.kind === 'not-found'
            ? `SUPPORT_MAILBOX ${mb} does not exist in this tenant`
            : 'check GRAPH_BASE_URL and the network path to Graph';
      return failing(reason(err, 'graph'), fix);
    }
  },
};

/** Denied or unknown = ok: the app cannot reach it. */
function denied(err: unknown): boolean {
  return err instanceof AppError && (err.kind === 'forbidden' || err.kind === 'unauthorized' || err.kind === 'not-found' || err.kind === 'invalid-input');
}

export const mailboxScope: Check = {
  name: 'mailbox scope',
  after: ['graph token'],
  required: () => false,
  async run(ctx) {
    if (!tokenDependent(ctx)) return skipped(NO_TOKEN);
    const g = graph(ctx).requester;
    const found: string[] = [];
    try {
      await g.call('doctor', '/users', (r) => r.top(1).select('id').get());
      return failing('the app can list the directory (/users)', 'remove directory permissions (User.Read.All, Directory.Read.All) from the app registration');
    } catch (err) {
      if (!denied(err)) return failing(`directory probe: ${reason(err, 'graph')}`, 'check the network path to Graph');
      found.push('directory listing denied');
    }
    const probe = ctx.options.probeMailbox;
    if (!probe) return ok(`${found.join('; ')}; pass --probe-mailbox <another mailbox> to prove the Exchange RBAC scope`);
    if (probe.toLowerCase() === ctx.config.supportMailbox.toLowerCase()) return failing('--probe-mailbox is the support mailbox itself', 'name a different mailbox of the tenant');
    try {
      await g.call('doctor', `/users/${encodeURIComponent(probe)}/mailFolders/Inbox`, (r) => r.select('id').get());
      return failing(
        `the app can read ${probe}: it is not limited to ${ctx.config.supportMailbox}`,
        'scope it with Exchange RBAC for Applications and REMOVE the tenant-wide Entra admin consent for Mail.* (grants are a union); see infra/README.md',
      );
    } catch (err) {
      if (!denied(err)) return failing(`mailbox probe: ${reason(err, 'graph')}`, 'check the network path to Graph');
      return ok(`${found.join('; ')}; ${probe} denied`);
    }
  },
};

const masterCategory = z.object({ displayName: z.string() });

export const categories: Check = {
  name: 'master categories',
  after: ['mailbox'],
  required: () => false,
  async run(ctx) {
    if (ctx.results.get('mailbox')?.status !== 'ok') return skipped('not checked: the mailbox is not reachable');
    const a = graph(ctx);
    const path = `/users/${encodeURIComponent(ctx.config.supportMailbox)}/outlook/masterCategories`;
    const read = async (): Promise<string[]> => {
      const raw = z.object({ value: z.array(masterCategory) }).parse(await a.requester.call('doctor', path, (r) => r.get()));
      const have = new Set(raw.value.map((c) => c.displayName.toLowerCase()));
      return OUTLOOK_CATEGORIES.filter((c) => !have.has(c));
    };
    try {
      let missing = await read();
      if (missing.length && ctx.options.fix) {
        await a.mailbox.ensureMasterCategories(OUTLOOK_CATEGORIES);
        missing = await read();
        if (!missing.length) return ok(`all ${OUTLOOK_CATEGORIES.length} present (created the missing ones)`);
      }
      if (!missing.length) return ok(`all ${OUTLOOK_CATEGORIES.length} present`);
      return failing(`missing: ${missing.join(', ')}`, 'the app creates them with the first ticket; `npm run doctor -- --fix` creates them now (needs MailboxSettings.ReadWrite)');
    } catch (err) {
      return failing(reason(err, 'graph'), 'grant MailboxSettings.ReadWrite on the mailbox (Exchange RBAC role "Application MailboxSettings.ReadWrite")');
    }
  },
};

function sameResource(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/^\//, '');
  return norm(a) === norm(b);
}

export const subscription: Check = {
  name: 'subscription',
  after: ['graph token'],
  required: (c) => c.appEnv === 'production',
  async run(ctx) {
    if (!tokenDependent(ctx)) return failing(NO_TOKEN, 'fix the Graph token first');
    const resource = inboxResource(ctx.config.supportMailbox);
    try {
      const subs = (await graph(ctx).subscriptions.list()).filter((s) => sameResource(s.resource, resource));
      if (!subs.length) {
        return failing(`no subscription for ${resource}`, 'the reconcile timer creates it within one RECONCILE_SCHEDULE period after start; check its logs (validation must succeed at NOTIFICATION_URL)');
      }
      const mine = subs.find((s) => s.notificationUrl === ctx.config.notificationUrl);
      if (!mine) return failing(`${subs.length} subscription(s) for the Inbox, none to NOTIFICATION_URL`, 'the reconcile timer replaces it; is NOTIFICATION_URL the same in the app and here?');
      const left = Date.parse(mine.expirationDateTime) - Date.now();
      if (!(left > 0)) return failing(`expired at ${mine.expirationDateTime}`, 'the reconcile timer renews it; is the Function App running?');
      return ok(`${mine.id.slice(0, 8)}… expires ${mine.expirationDateTime} (in ${Math.round(left / 3_600_000)} h)`);
    } catch (err) {
      return failing(reason(err, 'graph'), 'subscriptions need Mail.Read (or Mail.ReadBasic) for the mailbox');
    }
  },
};

/** Graph's handshake: POST ?validationToken=… must answer 200 text/plain with the token, within 10 s. */
export const notificationUrl: Check = {
  name: 'notification url',
  required: (c) => c.appEnv === 'production',
  async run({ config, signal }) {
    const token = `doctor-${randomUUID()}`;
    const url = new URL(config.notificationUrl);
    url.searchParams.set('validationToken', token);
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '', signal });
      const body = await res.text();
      const type = res.headers.get('content-type') ?? '';
      if (res.status === 200 && body === token && type.startsWith('text/plain')) return ok(`${url.origin}${url.pathname} echoes the validation token`);
      const fix =
        res.status === 401 || res.status === 403
          ? 'the notifications function must be anonymous (clientState authenticates Graph), and App Service authentication off'
          : 'the notifications function must answer 200 text/plain with the decoded validationToken';
      return failing(`answered ${res.status} ${type.split(';')[0]} ${body === token ? 'with the token' : 'without the token'}`, fix);
    } catch (err) {
      return failing(reason(err, 'notifications'), 'NOTIFICATION_URL must be public HTTPS and the Function App running');
    }
  },
};

export const GRAPH_CHECKS: Check[] = [graphToken, mailbox, mailboxScope, categories, subscription, notificationUrl];
