// The mock Microsoft Graph: HTTPS at https://localhost:PORT/v1.0 (bearer token required), an
// Entra-like token endpoint for @azure/identity, an SMTP intake into the mailbox's Inbox, the
// /_mock view and helpers. startMockGraph() wires the pieces of this folder together.
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ensureDevCert } from '../support/cert.js';
import { adminError, handleAdmin } from './admin.js';
import { Api, errorResponse } from './api.js';
import type { MockContext, OutboundMail } from './context.js';
import { GraphError } from './errors.js';
import { Faults, parseFaults } from './faults.js';
import { immutableId, stableGuid } from './ids.js';
import { parseInbound } from './mime.js';
import { renderMessage } from './render.js';
import { Router, type ApiResponse } from './router.js';
import { registerBatchRoute } from './routes/batch.js';
import { registerCategoryRoutes } from './routes/categories.js';
import { registerDeltaRoutes } from './routes/delta.js';
import { registerMailRoutes } from './routes/mail.js';
import { registerSubscriptionRoutes } from './routes/subscriptions.js';
import { startSmtp, type SmtpIntake } from './smtp.js';
import { emptyStats, type MockGraphStats } from './stats.js';
import { MailboxStore, type WellKnownFolder } from './store.js';
import { SubscriptionManager, type LifecycleEvent, type RetryPolicy, type SubscriptionRecord } from './subscriptions.js';
import { MailboxLimits, OUTLOOK_LIMITS, type LimitSettings } from './throttle.js';
import { OUTLOOK_PREFIX } from './view.js';
import { MockEntra, openIdConfiguration, type ApiApp, type DirectoryUser } from './token.js';
import { defaultDirectory, delegatedAccess } from './delegated.js';

export interface MockGraphOptions {
  /** default '127.0.0.1'; the URL always names localhost (the certificate's name) */
  host?: string;
  /** 0 = free port; the world uses 5100 */
  port?: number;
  /** 0 = free; the world uses 2525; null/false = no SMTP */
  smtpPort?: number | null | false;
  /** default 'support@studyflash.test' (also reachable by its user id GUID) */
  mailbox?: string;
  mailboxDisplayName?: string;
  /** default '00000000-0000-0000-0000-000000000001' */
  tenantId?: string;
  /** default: ensureDevCert() from dev/support/cert.ts */
  cert?: { cert: string; key: string };
  /** Outlook's per-mailbox limits; default {4, 10000, 600000}; false = off */
  limits?: LimitSettings | false;
  /** like MOCK_GRAPH_FAULTS "drop=0.2,duplicate=0.2,error=0.05,throttle=0.1" (also lost=, delay=ms) */
  faults?: string;
  /** seed for fault decisions (repeatable runs); default: time-based */
  seed?: number;
  /** default 10080 */
  maxSubscriptionMinutes?: number;
  /** requested lifetimes below this are raised to it; default 45 like Graph */
  minSubscriptionMinutes?: number;
  /** default: any non-empty bearer token */
  acceptToken?: (token: string) => boolean;
  /** window that batches several notifications per POST; default 50 */
  notificationBatchMs?: number;
  /** max notifications per POST; default 100 */
  notificationMaxBatch?: number;
  /** retries of failed notification POSTs; default 6 attempts, 1 s doubling up to 30 s, 10 s timeout */
  notificationRetry?: Partial<RetryPolicy>;
  /** default 10000 */
  validationTimeoutMs?: number;
  /** extra work time per mailbox call (held inside the concurrency slot); default 0 */
  latencyMs?: number;
  /** people who can get user tokens (password grant); default: dev/roster.json + one colleague not on it */
  users?: DirectoryUser[];
  /** e-mail addresses with delegated access to the shared mailbox; default: the roster's members */
  mailboxMembers?: string[];
  /** app registrations exposing an API (the Outlook pane's), for user tokens and on-behalf-of */
  apps?: ApiApp[];
}

export interface MockGraph {
  /** 'https://localhost:PORT/v1.0' */
  url: string;
  /** 'https://localhost:PORT' — also the authorityHost for @azure/identity */
  origin: string;
  smtpPort: number | null;
  mailbox: string;
  /** the mailbox's user id (GUID) */
  userId: string;
  tenantId: string;
  stats(): MockGraphStats;
  resetStats(): void;
  /** same path as SMTP intake; returns the immutable id of the Inbox message */
  deliver(mime: Buffer | string): Promise<{ id: string }>;
  /** messages as Graph renders them (immutable ids), optionally one folder */
  messages(folder?: WellKnownFolder): Array<Record<string, unknown>>;
  subscriptions(): SubscriptionRecord[];
  triggerLifecycle(subscriptionId: string, event: LifecycleEvent): void;
  expireSubscription(subscriptionId: string): void;
  /** mail that left the mailbox (send / sendMail), with its MIME */
  outbound(): OutboundMail[];
  setFaults(spec: string): void;
  setLimits(limits: LimitSettings | false): void;
  /** holds admitted mailbox calls in their concurrency slot until the returned release() (tests) */
  hold(): () => void;
  /** waits until no notification is queued, in flight, or waiting for a retry */
  idle(): Promise<void>;
  /** the Entra-like token service (signing key, directory) */
  entra: MockEntra;
  /** who may read the shared mailbox with a delegated token (e-mail addresses) */
  setMailboxMembers(emails: string[]): void;
  mailboxMembers(): string[];
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  if ((contentType ?? '').toLowerCase().includes('json')) {
    try {
      return JSON.parse(raw.toString('utf8')) as unknown;
    } catch {
      throw new GraphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
    }
  }
  return raw.toString('utf8');
}

function write(res: ServerResponse, out: ApiResponse, requestId: string, clientRequestId: string | undefined): void {
  const headers: Record<string, string> = { 'request-id': requestId, 'client-request-id': clientRequestId ?? requestId, ...(out.headers ?? {}) };
  let payload: Buffer | null = null;
  if (Buffer.isBuffer(out.body)) payload = out.body;
  else if (typeof out.body === 'string') {
    payload = Buffer.from(out.body, 'utf8');
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  } else if (out.body !== undefined) {
    payload = Buffer.from(JSON.stringify(out.body), 'utf8');
    headers['content-type'] = headers['content-type'] === 'application/json' || !headers['content-type'] ? JSON_TYPE : headers['content-type'];
  }
  headers['content-length'] = String(payload?.length ?? 0);
  res.writeHead(out.status, headers);
  res.end(payload ?? undefined);
}

export async function startMockGraph(opts: MockGraphOptions = {}): Promise<MockGraph> {
  const mailbox = opts.mailbox ?? 'support@studyflash.test';
  const tenantId = opts.tenantId ?? '00000000-0000-0000-0000-000000000001';
  const cert = opts.cert ?? (await ensureDevCert());
  const acceptToken = opts.acceptToken ?? ((t: string) => t.length > 0);
  const directory = opts.users && opts.mailboxMembers ? null : defaultDirectory();
  const entra = await MockEntra.create({ tenantId, users: opts.users ?? directory!.users, apps: opts.apps ?? [] });
  let members = new Set((opts.mailboxMembers ?? directory!.members).map((e) => e.toLowerCase()));
  const stats = emptyStats();
  const limits = new MailboxLimits(opts.limits === undefined ? OUTLOOK_LIMITS : opts.limits);
  const faults = new Faults(parseFaults(opts.faults), opts.seed ?? Date.now());
  const store = new MailboxStore({ address: mailbox, displayName: opts.mailboxDisplayName ?? 'Studyflash Support', userGuid: stableGuid(`user:${mailbox.toLowerCase()}`) });
  const subs = new SubscriptionManager(store, {
    tenantId,
    maxMinutes: opts.maxSubscriptionMinutes ?? 10_080,
    minMinutes: opts.minSubscriptionMinutes ?? 45,
    validationTimeoutMs: opts.validationTimeoutMs ?? 10_000,
    batchMs: opts.notificationBatchMs ?? 50,
    maxBatch: opts.notificationMaxBatch ?? 100,
    retry: { attempts: 6, baseDelayMs: 1000, maxDelayMs: 30_000, timeoutMs: 10_000, ...opts.notificationRetry },
  }, faults, stats);

  const ctx: MockContext = {
    store,
    subs,
    tenantId,
    origin: '',
    outbound: [],
    async deliver(raw: Buffer) {
      const fields = await parseInbound(raw, store);
      return store.insert({ ...fields, folder: 'inbox' });
    },
  };

  const router = new Router();
  registerDeltaRoutes(router, ctx); // before the message routes: 'delta' would match {id}
  registerMailRoutes(router, ctx);
  registerCategoryRoutes(router, ctx);
  registerSubscriptionRoutes(router, ctx);
  const api = new Api(router, limits, faults, stats, { mailbox: mailbox.toLowerCase(), latencyMs: opts.latencyMs ?? 0 });
  registerBatchRoute(router, (req) => api.handle(req), () => stats.batchItems++);

  const snapshot = (): MockGraphStats => ({ ...structuredClone(stats), peakConcurrency: Math.max(stats.peakConcurrency, limits.peakConcurrency) });
  const resetStats = (): void => {
    Object.assign(stats, emptyStats());
    limits.peakConcurrency = 0;
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    const headers = headersOf(req);
    let out: ApiResponse;
    try {
      const url = new URL(req.url ?? '/', ctx.origin);
      const raw = await readBody(req);
      const method = (req.method ?? 'GET').toUpperCase();
      const path = url.pathname;
      if (path.startsWith(OUTLOOK_PREFIX + '/')) {
        // The view's own Outlook actions: same routes as /v1.0. A custom header (which a cross-site
        // form cannot send without a CORS preflight this server never grants) keeps other pages out.
        if (headers['x-mock-outlook'] !== '1') throw new GraphError(403, 'Forbidden', 'Outlook view calls need the X-Mock-Outlook: 1 header.');
        out = await api.handleOutlook({ method, path: path.slice(OUTLOOK_PREFIX.length), query: url.searchParams, headers, body: parseBody(raw, headers['content-type']) });
      } else if (path === '/_mock' || path.startsWith('/_mock/')) {
        try {
          out = await handleAdmin({ ctx, stats: snapshot, resetStats, faults, limits }, method, path, url.searchParams, parseBody(raw, headers['content-type']), raw);
        } catch (err) {
          out = adminError(err);
        }
      } else if (path === '/v1.0' || path.startsWith('/v1.0/')) {
        stats.requests++;
        const token = /^Bearer\s+(.+)$/i.exec(headers['authorization'] ?? '')?.[1]?.trim() ?? '';
        if (!token) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.', { 'www-authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"' });
        const principal = await entra.principal(token);
        if (principal.kind === 'invalid') throw new GraphError(401, 'InvalidAuthenticationToken', principal.reason);
        if (principal.kind === 'app' && !acceptToken(token)) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
        if (principal.kind === 'user') delegatedAccess(principal, method, path.slice('/v1.0'.length), { isMailbox: (u) => store.isMailbox(u), members });
        out = await api.handle({ method, path: path.slice('/v1.0'.length) || '/', query: url.searchParams, headers, body: parseBody(raw, headers['content-type']) });
      } else {
        const m = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|\.well-known\/openid-configuration|oauth2\/v2\.0\/token|discovery\/v2\.0\/keys)$/.exec(path);
        if (m && m[2] === 'oauth2/v2.0/token' && method === 'POST') {
          stats.tokenRequests++;
          out = await entra.token(new URLSearchParams(raw.toString('utf8')), m[1]!, ctx.origin);
        } else if (m && m[2]!.includes('openid-configuration') && method === 'GET') out = openIdConfiguration(ctx.origin, m[1]!);
        else if (m && m[2] === 'discovery/v2.0/keys' && method === 'GET') out = entra.jwks();
        else if (/^\/(beta)(\/|$)/.test(path)) throw new GraphError(400, 'BadRequest', 'The mock Graph serves v1.0 only.');
        else throw new GraphError(404, 'NotFound', `Nothing at ${path}. The Graph API is at /v1.0, the mock's view at /_mock/.`);
      }
    } catch (err) {
      out = errorResponse(err, requestId);
      if (err instanceof GraphError && err.status === 401) stats.byStatus['401'] = (stats.byStatus['401'] ?? 0) + 1;
    }
    if (!res.destroyed) write(res, out, requestId, headers['client-request-id']);
  };

  const server = https.createServer({ cert: cert.cert, key: cert.key }, (req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      if (!res.headersSent) write(res, errorResponse(err), randomUUID(), undefined);
    });
  });
  server.keepAliveTimeout = 5000;
  const host = opts.host === 'localhost' || opts.host === undefined ? '127.0.0.1' : opts.host;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  ctx.origin = `https://localhost:${port}`;

  const deliver = async (mime: Buffer | string): Promise<{ id: string }> => {
    const m = await ctx.deliver(Buffer.isBuffer(mime) ? mime : Buffer.from(mime, 'utf8'));
    return { id: immutableId(m.key) };
  };

  let smtp: SmtpIntake | null = null;
  if (opts.smtpPort !== null && opts.smtpPort !== false) {
    try {
      smtp = await startSmtp({
        host, port: opts.smtpPort ?? 0, mailbox, deliver,
        onAccepted: () => stats.smtpAccepted++,
        onRejected: () => stats.smtpRejected++,
      });
    } catch (err) {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      subs.close();
      throw err;
    }
  }

  return {
    url: `${ctx.origin}/v1.0`,
    origin: ctx.origin,
    smtpPort: smtp?.port ?? null,
    mailbox,
    userId: store.userGuid,
    tenantId,
    stats: snapshot,
    resetStats,
    deliver,
    messages: (folder) => store.list(folder).sort((a, b) => a.seq - b.seq).map((m) => renderMessage(m, { store, origin: ctx.origin, immutable: true })),
    subscriptions: () => subs.list(),
    triggerLifecycle: (id, event) => subs.triggerLifecycle(id, event),
    expireSubscription: (id) => subs.expireNow(id),
    outbound: () => [...ctx.outbound],
    setFaults: (spec) => {
      faults.rates = parseFaults(spec);
    },
    setLimits: (l) => limits.configure(l),
    hold: () => api.hold(),
    idle: () => subs.idle(),
    entra,
    setMailboxMembers: (emails) => {
      members = new Set(emails.map((e) => e.toLowerCase()));
    },
    mailboxMembers: () => [...members],
    async close() {
      subs.close();
      server.closeAllConnections();
      await Promise.all([new Promise((r) => server.close(r)), smtp?.close()]);
    },
  };
}
