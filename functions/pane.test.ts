// Every pane route over real HTTP (the local Functions host serving the real route table), with
// real tokens from the mock Entra and delegated reads from the mock Graph, for each role: an
// agent, a lead, a colleague who can open the mailbox but is not on the roster, a colleague who
// cannot open the mailbox, and no or forged tokens.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDirectory, NO_MAILBOX_COLLEAGUE } from '../dev/graph/delegated.js';
import { startMockGraph, type MockGraph } from '../dev/graph/server.js';
import { startHost, type Host } from '../dev/host/host.js';
import { PLAYGROUND_OUTSIDER } from '../dev/playground/config.js';
import { REPO_ROOT } from '../dev/support/cert.js';
import type { Ticket } from '../shared/domain.js';
import { createDelegatedReader, createTokenVerifier, type PaneAuthSettings } from '../shared/pane/auth.js';
import type { PaneDeps } from '../shared/pane/service.js';
import type { PaneView } from '../shared/pane/view.js';
import { parseRoster, StaticRoster } from '../shared/roster.js';
import { ticketFixture } from '../shared/teams/testing.js';
import { FakeMailbox, InMemorySendQueue, InMemoryTicketStore, RecordingTicketCards, silentLogger } from '../shared/testing/index.js';
import { paneActionsHandler, paneConfigHandler, paneTicketHandler, type PaneRuntime } from './pane.js';
import { FUNCTIONS, type FunctionDef } from './table.js';

const TENANT = '00000000-0000-0000-0000-0000000000c1';
const CLIENT = '33333333-3333-4333-8333-333333333333';
const API_URI = `api://localhost/${CLIENT}`;
const MAILBOX = 'support@studyflash.test';
const ROSTER = parseRoster(JSON.parse(readFileSync(path.join(REPO_ROOT, 'dev', 'roster.json'), 'utf8')) as unknown);
const LEAD = ROSTER.find((m) => m.role === 'lead')!;
const [AGENT, OTHER_AGENT] = ROSTER.filter((m) => m.role === 'agent') as [(typeof ROSTER)[number], (typeof ROSTER)[number]];

let graph: MockGraph;
let host: Host;
let store: InMemoryTicketStore;
let cards: RecordingTicketCards;
let sendQueue: InMemorySendQueue;
let ticketMessage = { immutable: '', rest: '' };
let plainMessage = '';
let autoReply = '';

async function token(email: string): Promise<string> {
  const res = await fetch(`${graph.origin}/${TENANT}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', client_id: CLIENT, username: email, password: 'pw', scope: `${API_URI}/access_as_user openid` }) });
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no token for ${email}`);
  return body.access_token;
}

const getTicket = async (bearer: string | null, messageId: string, extra = '') =>
  fetch(`${host.url}/pane/ticket?messageId=${encodeURIComponent(messageId)}${extra}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
const post = async (bearer: string | null, body: unknown) =>
  fetch(`${host.url}/pane/actions`, { method: 'POST', headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) }, body: JSON.stringify(body) });

function seedTicket(over: Partial<Ticket> = {}): Promise<Ticket> {
  return store.create(ticketFixture({
    id: 'T-pane', messageId: ticketMessage.immutable, messageIds: [ticketMessage.immutable], conversationId: 'CONV-PANE', status: 'open', assignee: null, draftMessageId: 'AAMkDRAFT',
    enrichment: {
      email: 'lukas.brandt@example.de',
      account: { name: 'Lukas Brandt', plan: 'premium-yearly', status: 'active', platform: 'ios', renewalDate: '2026-10-06' },
      errors: [{ title: 'EXC_BAD_ACCESS in QuizSessionView', count: 17, lastSeen: '2026-12-01T10:00:00Z', link: 'https://sentry.example/issues/1' }],
      recordings: { count: 1, links: ['https://posthog.example/replay/1'] },
      sources: { account: { status: 'ok' }, sentry: { status: 'ok' }, posthog: { status: 'ok' } },
    },
    ...over,
  }));
}

beforeAll(async () => {
  const dir = defaultDirectory();
  graph = await startMockGraph({ smtpPort: null, tenantId: TENANT, users: dir.users, mailboxMembers: [...dir.members, PLAYGROUND_OUTSIDER.email], apps: [{ clientId: CLIENT, appIdUri: API_URI }] });
  ticketMessage.immutable = (await graph.deliver(`From: Lukas <lukas.brandt@example.de>\r\nTo: ${MAILBOX}\r\nSubject: Quiz stürzt ab\r\nMessage-ID: <t1@example.de>\r\n\r\nHallo\r\n`)).id;
  plainMessage = (await graph.deliver(`From: Mia <mia@example.at>\r\nTo: ${MAILBOX}\r\nSubject: Frage\r\nMessage-ID: <p1@example.at>\r\n\r\nHallo\r\n`)).id;
  autoReply = (await graph.deliver(`From: Bob <bob@example.com>\r\nTo: ${MAILBOX}\r\nSubject: Out of office\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <a1@example.com>\r\n\r\naway\r\n`)).id;
  // Office.js hands the pane REST ids (which Graph resolves to the same message).
  const app = (await (await fetch(`${graph.origin}/${TENANT}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'app', client_secret: 's', scope: 'https://graph.microsoft.com/.default' }) })).json()) as { access_token: string };
  const inbox = (await (await fetch(`${graph.url}/users/${MAILBOX}/mailFolders/inbox/messages?$select=id,subject`, { headers: { authorization: `Bearer ${app.access_token}` } })).json()) as { value: { id: string; subject: string }[] };
  ticketMessage.rest = inbox.value.find((m) => m.subject === 'Quiz stürzt ab')!.id;

  store = new InMemoryTicketStore();
  cards = new RecordingTicketCards();
  sendQueue = new InMemorySendQueue();
  const settings: PaneAuthSettings = { tenantId: TENANT, clientId: CLIENT, apiUri: API_URI, audiences: [CLIENT, API_URI], authorityHost: graph.origin, clientSecret: 's', graphBaseUrl: graph.url, supportMailbox: MAILBOX };
  const deps: PaneDeps = { store, mailbox: new FakeMailbox(), sendQueue, roster: new StaticRoster(ROSTER), cards, log: silentLogger, reader: createDelegatedReader(settings), supportMailbox: MAILBOX };
  const runtime: PaneRuntime = { settings, verify: createTokenVerifier(settings), deps };
  const bound: Record<string, FunctionDef['handler']> = { paneConfig: paneConfigHandler(() => runtime), paneTicket: paneTicketHandler(() => runtime), paneActions: paneActionsHandler(() => runtime) };
  const functions = FUNCTIONS.filter((f) => f.name.startsWith('pane')).map((f) => (bound[f.name] ? ({ ...f, handler: bound[f.name] } as FunctionDef) : f));
  expect(functions.map((f) => f.name).sort()).toEqual(['pane', 'paneActions', 'paneAsset', 'paneConfig', 'paneOffice', 'paneTicket']);
  host = await startHost({ functions, port: 0, log: silentLogger });
});

afterAll(async () => {
  await host?.stop();
  await graph?.close();
});

describe('the pane page and its assets', () => {
  it('serves the page with a policy that allows only its own origin', async () => {
    const res = await fetch(`${host.url}/pane`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await res.text();
    for (const src of ['/api/pane/office/office.js', '/api/pane/assets/msal-browser.min.js', '/api/pane/assets/pane.js']) expect(html).toContain(src);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('serves its script, styles, icons, msal-browser and Office.js from the app itself', async () => {
    for (const p of ['assets/pane.js', 'assets/pane.css', 'assets/icon-80.png', 'assets/msal-browser.min.js', 'office/office.js']) {
      const res = await fetch(`${host.url}/pane/${p}`);
      expect(res.status, p).toBe(200);
      expect((await res.arrayBuffer()).byteLength, p).toBeGreaterThan(100);
    }
    expect((await fetch(`${host.url}/pane/assets/msal-browser.min.js`).then((r) => r.text()))).toContain('createNestablePublicClientApplication');
  });

  it('serves nothing outside its allow-list and Office.js folder', async () => {
    for (const p of ['assets/index.html', 'assets/..%2F..%2Fpackage.json', 'office/..%2F..%2F..%2Fpackage.json', 'office/%2Fetc%2Fpasswd']) {
      expect((await fetch(`${host.url}/pane/${p}`)).status, p).toBe(404);
    }
  });

  it('publishes what the page needs to sign in, and no secret', async () => {
    const res = await fetch(`${host.url}/pane/config`);
    const body = (await res.json()) as Record<string, string>;
    expect(body).toEqual({ tenantId: TENANT, clientId: CLIENT, authority: `${graph.origin}/${TENANT}`, scope: `${API_URI}/access_as_user`, supportMailbox: MAILBOX });
  });
});

describe('GET /api/pane/ticket', () => {
  it('answers 401 without a token, with a forged one, and with a token for another API', async () => {
    const none = await getTicket(null, ticketMessage.immutable);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect((await getTicket('eyJhbGciOiJub25lIn0.eyJvaWQiOiJ4In0.', ticketMessage.immutable)).status).toBe(401);
    const graphAudience = await graph.entra.sign({ aud: 'https://graph.microsoft.com', iss: `${graph.origin}/${TENANT}/v2.0`, tid: TENANT, oid: AGENT.aadObjectId, scp: 'access_as_user' });
    expect((await getTicket(graphAudience, ticketMessage.immutable)).status).toBe(401);
  });

  it('shows an agent the ticket of the open message (by its REST id) with the actions the card would offer', async () => {
    await seedTicket();
    const res = await getTicket(await token(AGENT.email), ticketMessage.rest, `&mailbox=${MAILBOX}`);
    expect(res.status).toBe(200);
    const view = (await res.json()) as Extract<PaneView, { kind: 'ticket' }>;
    expect(view.kind).toBe('ticket');
    expect(view.ticket).toMatchObject({ id: 'T-pane', category: 'bug-report', language: 'de', status: 'open', assignee: null });
    expect(view.ticket.customer).toMatchObject({ plan: 'premium-yearly', accountState: 'active', store: 'App Store (ios)', renewalDate: '2026-10-06' });
    expect(view.ticket.customer.errors[0]!.link).toBe('https://sentry.example/issues/1');
    expect(view.viewer).toEqual({ name: AGENT.name, onRoster: true, role: 'agent' });
    expect(view.actions.map((a) => a.verb)).toEqual(['claim']);
  });

  it('shows a colleague who can open the mailbox but is not on the roster the read-only view', async () => {
    const res = await getTicket(await token(PLAYGROUND_OUTSIDER.email), ticketMessage.immutable);
    const view = (await res.json()) as Extract<PaneView, { kind: 'ticket' }>;
    expect(res.status).toBe(200);
    expect(view.viewer.onRoster).toBe(false);
    expect(view.actions).toEqual([]);
  });

  it('answers 403 to someone who cannot open the support mailbox, revealing nothing', async () => {
    const res = await getTicket(await token(NO_MAILBOX_COLLEAGUE.email), ticketMessage.immutable);
    expect(res.status).toBe(403);
    const text = await res.text();
    expect(text).not.toContain('T-pane');
    expect(text).toContain('support mailbox');
  });

  it('says why a message is not a ticket: skipped auto-reply, not processed yet, another mailbox', async () => {
    await store.putMessageRecord({ messageId: autoReply, outcome: 'skipped', reason: 'auto-submitted (auto-replied)', at: new Date().toISOString() });
    const lead = await token(LEAD.email);
    const skipped = (await (await getTicket(lead, autoReply)).json()) as Extract<PaneView, { kind: 'not-a-ticket' }>;
    expect(skipped).toMatchObject({ kind: 'not-a-ticket', reason: 'skipped' });
    expect(skipped.message).toContain('auto-submitted');
    expect(await (await getTicket(lead, plainMessage)).json()).toMatchObject({ kind: 'not-a-ticket', reason: 'not-processed' });
    expect(await (await getTicket(lead, plainMessage, '&mailbox=lena.keller%40studyflash.test')).json()).toMatchObject({ kind: 'not-a-ticket', reason: 'other-mailbox' });
  });

  it('answers 400 for a malformed message id and 404 for one that is not in the mailbox', async () => {
    const lead = await token(LEAD.email);
    expect((await getTicket(lead, 'not an id!')).status).toBe(400);
    expect((await getTicket(lead, 'AAMkAGI2bm90LWEtbWVzc2FnZS1pZA')).status).toBe(404);
  });
});

describe('POST /api/pane/actions (the card’s use case and authorisation)', () => {
  it('answers 401 without a token', async () => {
    expect((await post(null, { verb: 'claim', ticketId: 'T-pane' })).status).toBe(401);
  });

  it('refuses a colleague who is not on the roster with 403 and changes nothing', async () => {
    const res = await post(await token(PLAYGROUND_OUTSIDER.email), { verb: 'claim', ticketId: 'T-pane' });
    expect(res.status).toBe(403);
    expect((await store.get('T-pane'))!.assignee).toBeNull();
  });

  it('refuses someone without mailbox access with 403 before anything else', async () => {
    expect((await post(await token(NO_MAILBOX_COLLEAGUE.email), { verb: 'claim', ticketId: 'T-pane' })).status).toBe(403);
  });

  it('lets an agent claim: the ticket is theirs and the Teams card is updated', async () => {
    const before = cards.published.length;
    const res = await post(await token(AGENT.email), { verb: 'claim', ticketId: 'T-pane' });
    expect(res.status).toBe(200);
    const view = (await res.json()) as Extract<PaneView, { kind: 'ticket' }>;
    expect(view.ticket.assignee).toEqual({ aadObjectId: AGENT.aadObjectId, name: AGENT.name });
    expect(view.notice).toBe('You own this ticket now.');
    expect(view.actions.map((a) => a.verb)).toEqual(['release', 'recategorize', 'resolve', 'approve']);
    expect(cards.published.length).toBe(before + 1);
    expect((await store.get('T-pane'))!.audit.at(-1)).toMatchObject({ action: 'claimed', by: { aadObjectId: AGENT.aadObjectId } });
  });

  it('refuses another agent’s claim with the card’s reason (409)', async () => {
    const res = await post(await token(OTHER_AGENT.email), { verb: 'claim', ticketId: 'T-pane' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { message: string }).message).toBe(`Already claimed by ${AGENT.name}.`);
  });

  it('refuses verbs the pane does not offer and malformed bodies with 400', async () => {
    const t = await token(AGENT.email);
    expect((await post(t, { verb: 'saveDraft', ticketId: 'T-pane', draft: 'x' })).status).toBe(400);
    expect((await post(t, { verb: 'delete', ticketId: 'T-pane' })).status).toBe(400);
    expect((await post(t, { ticketId: 'T-pane' })).status).toBe(400);
    expect((await post(t, { verb: 'claim', ticketId: 'T-missing' })).status).toBe(404);
  });

  it('approves the Outlook draft as it is (a text in the body is ignored) and queues the send', async () => {
    const res = await post(await token(AGENT.email), { verb: 'approve', ticketId: 'T-pane', draft: 'text from elsewhere' });
    expect(res.status).toBe(200);
    const after = (await store.get('T-pane'))!;
    expect(after.status).toBe('sending');
    expect(after.draft).not.toBe('text from elsewhere');
    expect(sendQueue.jobs.at(-1)).toMatchObject({ ticketId: 'T-pane', requestedBy: { aadObjectId: AGENT.aadObjectId } });
  });
});
