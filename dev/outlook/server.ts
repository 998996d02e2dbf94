// The local Outlook host: a page that stands in for Outlook on the web around the ticket pane, so a
// person (or the browser test) can open the real pane for a chosen person and message.
//   GET /                                  pick a person (roster members + one colleague not on it) and an Inbox message
//   GET /read?user=&message=&width=&theme= the message with the task pane framed beside it (320–450 px, light or dark)
//   GET /api/pane/office/office.js         the Office stand-in (office-standin.js) instead of Office.js
//   *   /api/pane…                         everything else is proxied to the Function App unchanged
// The host gets the person's token from the local Entra with the password grant — the token Outlook's
// nested app authentication would hand the pane — and the stand-in's NAA bridge passes it to msal-browser.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { DirectoryUser } from '../graph/token.js';

export interface OutlookHostOptions {
  port?: number;
  host?: string;
  /** http://localhost:7071/api */
  functionsUrl: string;
  /** https://localhost:5100 (the mock's Entra and Graph) */
  authorityHost: string;
  graphUrl: string;
  tenantId: string;
  supportMailbox: string;
  /** the pane's app registration: NAA client and API */
  clientId: string;
  apiUri: string;
  /** the app's Graph registration (client credentials) to list the Inbox for the picker */
  graphClientId: string;
  graphClientSecret: string;
  users: (DirectoryUser & { role?: string })[];
}

export interface OutlookHost {
  url: string;
  close(): Promise<void>;
}

const STANDIN = fileURLToPath(new URL('./office-standin.js', import.meta.url));

/** Outlook's theme colours as Office.context.officeTheme reports them. */
const THEMES = {
  light: { bodyBackgroundColor: '#ffffff', bodyForegroundColor: '#242424', controlBackgroundColor: '#f5f5f5', controlForegroundColor: '#242424' },
  dark: { bodyBackgroundColor: '#1f1f1f', bodyForegroundColor: '#f0f0f0', controlBackgroundColor: '#2b2b2b', controlForegroundColor: '#f0f0f0' },
} as const;

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside a <script> element: no "</script>" or HTML comment can close it early. */
const scriptJson = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

const inboxMessage = z.object({
  id: z.string(),
  subject: z.string().nullable().default(''),
  internetMessageId: z.string().default(''),
  receivedDateTime: z.string().default(''),
  from: z.object({ emailAddress: z.object({ name: z.string().optional(), address: z.string().default('') }) }).nullable().optional(),
});
type InboxMessage = z.infer<typeof inboxMessage>;

const readQuery = z.object({
  user: z.string().email(),
  message: z.string().min(1).max(512),
  width: z.coerce.number().int().min(280).max(800).default(380),
  theme: z.enum(['light', 'dark']).default('light'),
});

export async function startOutlookHost(o: OutlookHostOptions): Promise<OutlookHost> {
  const fnOrigin = new URL(o.functionsUrl).origin;

  async function tokenFor(form: Record<string, string>): Promise<Record<string, unknown>> {
    const res = await fetch(`${o.authorityHost}/${o.tenantId}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams(form), signal: AbortSignal.timeout(10_000) });
    const body = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(String(body.error_description ?? body.error ?? res.status).split('\r\n')[0]);
    return body;
  }

  async function inbox(): Promise<InboxMessage[]> {
    const t = await tokenFor({ grant_type: 'client_credentials', client_id: o.graphClientId, client_secret: o.graphClientSecret, scope: 'https://graph.microsoft.com/.default' });
    // Without Prefer: IdType="ImmutableId" Graph answers REST ids — the ids Office.js converts to.
    const res = await fetch(`${o.graphUrl}/users/${encodeURIComponent(o.supportMailbox)}/mailFolders/inbox/messages?$select=id,subject,from,internetMessageId,receivedDateTime&$top=100`, {
      headers: { authorization: `Bearer ${String(t.access_token)}` }, signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`Graph answered ${res.status}`);
    const list = z.object({ value: z.array(inboxMessage) }).parse(await res.json()).value;
    return list.sort((a, b) => b.receivedDateTime.localeCompare(a.receivedDateTime));
  }

  async function messageById(id: string): Promise<InboxMessage | null> {
    return (await inbox()).find((m) => m.id === id) ?? null;
  }

  function pickerPage(messages: InboxMessage[], error?: string): string {
    const people = o.users.map((u) => `<option value="${esc(u.email)}">${esc(u.name)} — ${esc(u.role ?? 'not on the roster')}</option>`).join('');
    const mails = messages.map((m) => `<option value="${esc(m.id)}">${esc(m.subject || '(no subject)')} — ${esc(m.from?.emailAddress.address ?? '')}</option>`).join('');
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local Outlook host</title>
<style>body{font:14px "Segoe UI",sans-serif;margin:24px;max-width:760px}label{display:block;margin:10px 0 4px;font-weight:600}select{width:100%;padding:4px}button{margin-top:14px;padding:6px 16px}</style></head>
<body><h1>Local Outlook host</h1>
<p>Stands in for Outlook on the web around the ticket pane: it provides the selected message, the theme and the single sign-on token (as Outlook's nested app authentication would) for the person you pick.</p>
${error ? `<p style="color:#a4262c">${esc(error)}</p>` : ''}
<form action="/read" method="get">
<label for="user">Signed-in person</label><select id="user" name="user">${people}</select>
<label for="message">Message in ${esc(o.supportMailbox)} (Inbox, ${messages.length})</label><select id="message" name="message">${mails}</select>
<label for="width">Task pane width</label><select id="width" name="width"><option>320</option><option selected>380</option><option>450</option></select>
<label for="theme">Outlook theme</label><select id="theme" name="theme"><option>light</option><option>dark</option></select>
<br><button type="submit">Open in the reading pane</button></form></body></html>`;
  }

  async function readPage(q: z.infer<typeof readQuery>): Promise<{ status: number; html: string }> {
    const user = o.users.find((u) => u.email.toLowerCase() === q.user.toLowerCase());
    if (!user) return { status: 400, html: pickerPage([], `Unknown person ${q.user}`) };
    const message = await messageById(q.message);
    let token: Record<string, unknown> | null = null;
    let tokenError: string | undefined;
    try {
      token = await tokenFor({ grant_type: 'password', client_id: o.clientId, username: user.email, password: 'local-password', scope: `${o.apiUri}/access_as_user openid profile offline_access` });
    } catch (err) {
      tokenError = (err as Error).message;
    }
    const ctx = {
      tenantId: o.tenantId,
      mailbox: o.supportMailbox,
      user: { oid: user.oid, name: user.name, email: user.email },
      item: { itemId: q.message, internetMessageId: message?.internetMessageId ?? '', subject: message?.subject ?? '', fromName: message?.from?.emailAddress.name ?? '', fromAddress: message?.from?.emailAddress.address ?? '' },
      theme: THEMES[q.theme],
      token: token ? { access_token: token.access_token, id_token: token.id_token, expires_in: token.expires_in, scope: token.scope } : null,
      tokenError,
    };
    const t = THEMES[q.theme];
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(message?.subject ?? 'Message')} — Local Outlook host</title>
<style>html,body{margin:0;height:100%;background:${t.bodyBackgroundColor};color:${t.bodyForegroundColor};font:14px "Segoe UI",sans-serif}
.shell{display:flex;height:100%}.mail{flex:1;padding:16px 20px;overflow:auto;border-right:1px solid #8886}.mail h1{font-size:18px;margin:0 0 6px}
.pane{flex:none;height:100%;border:0}.who{opacity:.7;font-size:12px}</style>
<script type="application/json" id="outlook-context">${scriptJson(ctx)}</script></head>
<body><div class="shell"><section class="mail"><p class="who">Signed in as ${esc(user.name)} (${esc(user.email)}) · <a href="/" style="color:inherit">change</a></p>
<h1>${esc(message?.subject ?? '(message not in the Inbox)')}</h1><p>${esc(message?.from?.emailAddress.name ?? '')} &lt;${esc(message?.from?.emailAddress.address ?? '')}&gt;</p>
${tokenError ? `<p style="color:#d13438">Sign-in failed: ${esc(tokenError)}</p>` : ''}</section>
<iframe class="pane" id="taskpane" title="Studyflash ticket" src="/api/pane" style="width:${q.width}px"></iframe></div></body></html>`;
    return { status: 200, html };
  }

  async function proxy(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k)) headers[k] = v;
    const upstream = await fetch(`${fnOrigin}${req.url ?? '/'}`, { method: req.method, headers, body: chunks.length && req.method !== 'GET' && req.method !== 'HEAD' ? Buffer.concat(chunks) : undefined, redirect: 'manual' });
    const out: Record<string, string> = {};
    upstream.headers.forEach((v, k) => { if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(k)) out[k] = v; });
    const body = Buffer.from(await upstream.arrayBuffer());
    res.writeHead(upstream.status, { ...out, 'content-length': String(body.length) });
    res.end(body);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    (async () => {
      if (url.pathname === '/api/pane/office/office.js') return send(200, 'text/javascript; charset=utf-8', await readFile(STANDIN));
      if (url.pathname === '/api/pane' || url.pathname.startsWith('/api/pane/')) return proxy(req, res);
      if (url.pathname === '/' && req.method === 'GET') {
        let list: InboxMessage[] = [];
        let error: string | undefined;
        try {
          list = await inbox();
        } catch (err) {
          error = `Could not list the Inbox: ${(err as Error).message}`;
        }
        return send(200, 'text/html; charset=utf-8', pickerPage(list, error));
      }
      if (url.pathname === '/read' && req.method === 'GET') {
        const q = readQuery.safeParse(Object.fromEntries(url.searchParams));
        if (!q.success) return send(400, 'text/html; charset=utf-8', pickerPage([], q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')));
        const page = await readPage(q.data);
        return send(page.status, 'text/html; charset=utf-8', page.html);
      }
      return send(404, 'text/plain; charset=utf-8', 'not found');
    })().catch((err: unknown) => {
      if (!res.headersSent) send(502, 'text/plain; charset=utf-8', `local Outlook host: ${(err as Error)?.message ?? String(err)}`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}/`,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
