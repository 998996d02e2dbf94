// The Outlook ticket pane, served by the Function App (anonymous routes: the pane's own bearer
// token authenticates the API; the page and its assets are public files):
//   GET  /api/pane                  the task pane page (pane/index.html)
//   GET  /api/pane/assets/{name}    its script, styles, ribbon icons, and msal-browser's browser build
//   GET  /api/pane/office/{*path}   Office.js as shipped in @microsoft/office-js (no CDN at run time)
//   GET  /api/pane/config           what the page needs to sign in (public)
//   GET  /api/pane/ticket?messageId=&mailbox=   the ticket for the open message   (Bearer)
//   POST /api/pane/actions          { verb, ticketId, …inputs } — the card's verbs  (Bearer)
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { getServices, type Services } from './app.js';
import { AppError, normalizeError } from '../shared/errors.js';
import { createLogger, type Logger } from '../shared/log.js';
import { createDelegatedReader, createTokenVerifier, paneAuthSettings, PANE_SCOPE, type DelegatedReader, type PaneAuthSettings, type VerifyToken } from '../shared/pane/auth.js';
import { actFromPane, paneActionBody, viewForMessage, type PaneDeps } from '../shared/pane/service.js';
import type { HttpHandler } from './table.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** pane/ sits next to functions/ in the repository and in dist/ (npm run build copies it). */
const PANE_DIR = path.resolve(HERE, '..', 'pane');

/** node_modules/<name>, found from here upwards (the repository and the deployed package alike). */
function packageDir(name: string): string {
  for (let dir = HERE; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new AppError('config', `package ${name} is not installed`);
  }
}

const NO_STORE = { 'cache-control': 'no-store' };
const SECURITY = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
// Everything the page loads comes from this origin; data only reaches the DOM as text.
const PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
};

/** The page's own files (an allow-list) and the browser build of msal-browser. */
const ASSETS: Record<string, () => string> = {
  'pane.js': () => path.join(PANE_DIR, 'pane.js'),
  'pane.css': () => path.join(PANE_DIR, 'pane.css'),
  'icon-16.png': () => path.join(PANE_DIR, 'icon-16.png'),
  'icon-32.png': () => path.join(PANE_DIR, 'icon-32.png'),
  'icon-80.png': () => path.join(PANE_DIR, 'icon-80.png'),
  'msal-browser.min.js': () => path.join(packageDir('@azure/msal-browser'), 'lib', 'msal-browser.min.js'),
};

async function fileResponse(file: string, cache: string): Promise<HttpResponseInit> {
  try {
    const body = await readFile(file);
    return { status: 200, headers: { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': cache, ...SECURITY }, body };
  } catch {
    return { status: 404, headers: NO_STORE, jsonBody: { error: 'not-found', message: 'no such file' } };
  }
}

export function panePageHandler(): HttpHandler {
  return async () => {
    const r = await fileResponse(path.join(PANE_DIR, 'index.html'), 'no-cache');
    return r.status === 200 ? { ...r, headers: { ...r.headers, 'content-security-policy': PAGE_CSP } } : r;
  };
}

export function paneAssetHandler(): HttpHandler {
  return async (req) => {
    const resolve = ASSETS[req.params.name ?? ''];
    if (!resolve) return { status: 404, headers: NO_STORE, jsonBody: { error: 'not-found', message: 'no such asset' } };
    return fileResponse(resolve(), 'public, max-age=300');
  };
}

/** Office.js and the host-specific files it loads next to itself, from the npm package's dist/. */
export function paneOfficeHandler(): HttpHandler {
  return async (req) => {
    const rel = req.params.path ?? '';
    if (!/^[A-Za-z0-9_-][A-Za-z0-9_.\-/]{0,200}$/.test(rel) || rel.includes('..')) return { status: 404, headers: NO_STORE, jsonBody: { error: 'not-found', message: 'no such file' } };
    const root = path.join(packageDir('@microsoft/office-js'), 'dist');
    const file = path.resolve(root, rel);
    if (!file.startsWith(root + path.sep)) return { status: 404, headers: NO_STORE, jsonBody: { error: 'not-found', message: 'no such file' } };
    return fileResponse(file, 'public, max-age=3600');
  };
}

/** What the pane's API needs, built once per worker (the JWKS cache and MSAL's token cache live here). */
export interface PaneRuntime {
  settings: PaneAuthSettings;
  verify: VerifyToken;
  deps: PaneDeps;
}

export function createPaneRuntime(services: Services, overrides: { reader?: DelegatedReader; verify?: VerifyToken } = {}): PaneRuntime {
  const settings = paneAuthSettings(services.config);
  return {
    settings,
    verify: overrides.verify ?? createTokenVerifier(settings),
    deps: {
      store: services.store,
      mailbox: services.mailbox,
      sendQueue: services.sendQueue,
      roster: services.roster,
      cards: services.cards,
      log: createLogger('pane'),
      reader: overrides.reader ?? createDelegatedReader(settings),
      supportMailbox: services.config.supportMailbox,
    },
  };
}

let runtime: { services: Services; pane: PaneRuntime } | null = null;
function defaultRuntime(): PaneRuntime {
  const services = getServices();
  if (runtime?.services !== services) runtime = { services, pane: createPaneRuntime(services) };
  return runtime.pane;
}

export function paneConfigHandler(pane: () => PaneRuntime = defaultRuntime): HttpHandler {
  return async () => {
    const s = pane().settings;
    return {
      status: 200,
      headers: { 'cache-control': 'public, max-age=300' },
      jsonBody: { tenantId: s.tenantId, clientId: s.clientId, authority: `${s.authorityHost}/${s.tenantId}`, scope: `${s.apiUri}/${PANE_SCOPE}`, supportMailbox: s.supportMailbox },
    };
  };
}

const BEARER = /^Bearer\s+([A-Za-z0-9\-_.~+/]+=*)\s*$/i;

function errorResponse(err: unknown, ctx: InvocationContext | undefined, log: Logger): HttpResponseInit {
  const e = err instanceof AppError ? err : normalizeError(err, 'pane');
  const body = (code: string, message: string) => ({ error: code, message });
  switch (e.kind) {
    case 'unauthorized': {
      const code = e.opts.code ?? 'invalid_token';
      log.info('pane request unauthorized', { reason: e.message, invocationId: ctx?.invocationId });
      return { status: 401, headers: { ...NO_STORE, 'www-authenticate': `Bearer error="${code === 'consent_required' || code === 'interaction_required' ? 'insufficient_claims' : 'invalid_token'}"` }, jsonBody: body(code, code === 'consent_required' ? 'The app may not read the support mailbox for you yet: ask your Microsoft 365 admin to grant consent.' : code === 'interaction_required' ? 'Please sign in again.' : 'Your sign-in is missing, expired or not for this app. Reopen the pane.') };
    }
    case 'forbidden':
      log.info('pane request forbidden', { reason: e.message, invocationId: ctx?.invocationId });
      return { status: 403, headers: NO_STORE, jsonBody: body(e.opts.code ?? 'forbidden', e.message) };
    case 'not-found':
      return { status: 404, headers: NO_STORE, jsonBody: body('not-found', e.message) };
    case 'invalid-input':
      return { status: 400, headers: NO_STORE, jsonBody: body('invalid-input', e.message) };
    case 'config':
      log.warn('pane not configured', { err: e.message });
      return { status: 503, headers: NO_STORE, jsonBody: body('not-configured', e.message) };
    case 'throttled':
    case 'unavailable':
    case 'timeout':
    case 'upstream':
    case 'conflict':
      log.warn('pane request failed', { err: e.message, invocationId: ctx?.invocationId });
      return { status: 503, headers: { ...NO_STORE, 'retry-after': '5' }, jsonBody: body('unavailable', 'The ticket service is busy or unreachable; try again in a moment.') };
  }
}

async function authenticate(req: HttpRequest, pane: PaneRuntime) {
  const m = BEARER.exec(req.headers.get('authorization') ?? '');
  if (!m) throw new AppError('unauthorized', 'no bearer token', { code: 'invalid_token' });
  return pane.verify(m[1]!);
}

const ticketQuery = z.object({
  messageId: z.string().min(1, 'query parameter "messageId" is required').max(512).regex(/^[A-Za-z0-9_\-+/=]+$/, 'messageId is not a Graph message id'),
  mailbox: z.email().max(320).optional(),
});

export function paneTicketHandler(pane: () => PaneRuntime = defaultRuntime): HttpHandler {
  return async (req, ctx) => {
    const p = pane();
    try {
      const identity = await authenticate(req, p);
      const q = ticketQuery.safeParse({ messageId: req.query.get('messageId') ?? '', mailbox: req.query.get('mailbox') || undefined });
      if (!q.success) throw new AppError('invalid-input', q.error.issues.map((i) => i.message).join('; '));
      const view = await viewForMessage(p.deps, identity, q.data.messageId, q.data.mailbox);
      return { status: 200, headers: NO_STORE, jsonBody: view };
    } catch (err) {
      return errorResponse(err, ctx, p.deps.log);
    }
  };
}

export function paneActionsHandler(pane: () => PaneRuntime = defaultRuntime): HttpHandler {
  return async (req, ctx) => {
    const p = pane();
    try {
      const identity = await authenticate(req, p);
      let raw: unknown;
      try {
        raw = await req.json();
      } catch {
        throw new AppError('invalid-input', 'the body must be JSON: { verb, ticketId, …inputs }');
      }
      const body = paneActionBody.safeParse(raw);
      if (!body.success) throw new AppError('invalid-input', body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      const result = await actFromPane(p.deps, identity, body.data);
      if (result.kind === 'refused') return { status: result.status, headers: NO_STORE, jsonBody: { error: 'refused', message: result.message } };
      return { status: 200, headers: NO_STORE, jsonBody: result.view };
    } catch (err) {
      return errorResponse(err, ctx, p.deps.log);
    }
  };
}
