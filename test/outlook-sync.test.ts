// A ticket's life from Outlook and Teams alike, through the real HTTP surfaces: the mock Graph over
// HTTPS (the product talks to it with the Graph SDK and client credentials; a person acts through
// the mock's Outlook routes, /_mock/outlook/v1.0 with X-Mock-Outlook: 1, which change the mailbox
// and fire the notifications exactly as the same Graph calls do), Azurite (tables + queues), the
// local Functions host serving notifications → processTicket (new mail and Outlook changes),
// sendReply, messages (the bot endpoint; cards go to a stand-in Bot Connector) and tickets.
// What a person does in Outlook reaches /api/tickets and the card; what they do on the card
// reaches Outlook, read back through Graph.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { QueueServiceClient } from '@azure/storage-queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, type FakeConnector } from '../bot/fake-connector.js';
import { createTeamsCards, teamsBotFor } from '../bot/index.js';
import { startMockGraph, type MockGraph } from '../dev/graph/server.js';
import { startHost, type Host } from '../dev/host/host.js';
import { startAzurite, type Azurite } from '../dev/support/azurite.js';
import { REPO_ROOT } from '../dev/support/cert.js';
import { freePort } from '../dev/support/ports.js';
import { lifecycleHandler } from '../functions/lifecycle.js';
import { messagesHandler } from '../functions/messages.js';
import { notificationsHandler } from '../functions/notifications.js';
import { processTicketHandler } from '../functions/processTicket.js';
import { sendReplyHandler } from '../functions/sendReply.js';
import type { FunctionDef } from '../functions/table.js';
import { getTicketHandler, listTicketsHandler } from '../functions/tickets.js';
import { createServices, type Services } from '../functions/app.js';
import { loadConfig } from '../shared/config.js';
import type { Ticket } from '../shared/domain.js';
import { createGraphClient } from '../shared/graph/index.js';
import { setLogSink } from '../shared/log.js';
import type { RosterMember } from '../shared/ports.js';
import { StaticEnricher } from '../shared/testing/index.js';
import { reconcile } from '../shared/tickets/reconcile.js';
import { cardInvoke } from './security/teams-kit.js';

const CHANNEL = '19:outlook-sync@thread.tacv2';
const TEAM = 'team-outlook-sync';
const TENANT = '00000000-0000-0000-0000-000000000001';
const CARD_REPLY = 'application/vnd.microsoft.card.adaptive';
const MESSAGE_REPLY = 'application/vnd.microsoft.activity.message';
const IMMUTABLE = 'IdType="ImmutableId"';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

type Json = Record<string, unknown>;
type GraphMessage = { id: string; conversationId: string; categories: string[]; isRead: boolean; isDraft: boolean; parentFolderId: string; flag: { flagStatus: string }; body: { contentType: string; content: string } };
type TicketView = Ticket & { id: string };

let az: Azurite;
let graph: MockGraph;
let host: Host;
let connector: FakeConnector;
let services: Services;
let folders: Record<'inbox' | 'drafts' | 'sentitems' | 'junkemail', string>;
let lead: RosterMember;
let agents: RosterMember[];
const outsider = { aadObjectId: randomUUID(), name: 'Mallory Outsider' };

beforeAll(async () => {
  setLogSink(() => {});
  [az, graph, connector] = await Promise.all([
    startAzurite(),
    startMockGraph({ port: 0, smtpPort: null, notificationBatchMs: 20 }),
    startFakeConnector({ teamId: TEAM, channels: [{ id: CHANNEL, name: 'Support' }], members: [] }),
  ]);
  const port = await freePort();
  const config = loadConfig({
    APP_ENV: 'test',
    LOG_LEVEL: 'info',
    GRAPH_BASE_URL: graph.url,
    GRAPH_AUTHORITY_HOST: graph.origin,
    GRAPH_CLIENT_SECRET: 'outlook-sync-secret',
    GRAPH_TENANT_ID: graph.tenantId,
    SUPPORT_MAILBOX: graph.mailbox,
    STORAGE_CONNECTION: az.connectionString,
    QUEUE_NAME: 'tickets-sync',
    SEND_QUEUE_NAME: 'send-sync',
    TABLE_PREFIX: 'Sync',
    NOTIFICATION_URL: `http://localhost:${port}/api/notifications`,
    LIFECYCLE_URL: `http://localhost:${port}/api/lifecycle`,
    ROSTER_PATH: path.join(REPO_ROOT, 'dev', 'roster.json'),
    TEAMS_SERVICE_URL: connector.url,
    TEAMS_CHANNEL_ID: CHANNEL,
    TEAMS_TEAM_ID: TEAM,
    BOT_TENANT_ID: TENANT,
  });
  services = createServices(config, { enricher: new StaticEnricher(), cardsFactory: createTeamsCards });
  const functions: FunctionDef[] = [
    { kind: 'http', name: 'notifications', route: 'notifications', methods: ['POST'], authLevel: 'anonymous', handler: notificationsHandler(() => services) },
    { kind: 'http', name: 'lifecycle', route: 'lifecycle', methods: ['POST'], authLevel: 'anonymous', handler: lifecycleHandler(() => services) },
    { kind: 'queue', name: 'processTicket', queueName: config.queueName, handler: processTicketHandler(() => services) },
    { kind: 'queue', name: 'sendReply', queueName: config.sendQueueName, handler: sendReplyHandler(() => services) },
    { kind: 'http', name: 'messages', route: 'messages', methods: ['POST'], authLevel: 'anonymous', handler: messagesHandler(() => teamsBotFor(services)) },
    { kind: 'http', name: 'tickets', route: 'tickets', methods: ['GET'], authLevel: 'function', handler: listTicketsHandler(() => services) },
    { kind: 'http', name: 'ticket', route: 'tickets/{id}', methods: ['GET'], authLevel: 'function', handler: getTicketHandler(() => services) },
  ];
  host = await startHost({ functions, port, storageConnection: az.connectionString, env: {}, minPollMs: 50, queues: { maxPollingInterval: 200 } });
  // The timer's first run: the Inbox, Sent Items and Drafts subscriptions + master categories.
  await reconcile(services.reconcileDeps());
  const roster = await services.roster.members();
  lead = roster.find((m) => m.role === 'lead')!;
  agents = roster.filter((m) => m.role === 'agent');
  const folderId = async (name: string) => ((await sdk().api(`/users/${graph.mailbox}/mailFolders/${name}`).get()) as { id: string }).id;
  folders = { inbox: await folderId('inbox'), drafts: await folderId('drafts'), sentitems: await folderId('sentitems'), junkemail: await folderId('junkemail') };
});

afterAll(async () => {
  await host?.stop(2000);
  await graph?.close();
  await connector?.close();
  await az?.stop();
});

// ---------- the three surfaces ----------

const sdk = () => createGraphClient(services.config);

/** A message read through Graph, as the product would (immutable ids). */
async function graphMessage(id: string): Promise<GraphMessage | null> {
  try {
    return (await sdk().api(`/users/${graph.mailbox}/messages/${id}`).header('Prefer', IMMUTABLE).select('id,conversationId,categories,isRead,isDraft,parentFolderId,flag,body').get()) as GraphMessage;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return null;
    throw err;
  }
}

/** The conversation's messages in one folder, read through Graph. */
async function inFolder(folder: keyof typeof folders, conversationId: string): Promise<GraphMessage[]> {
  const page = (await sdk().api(`/users/${graph.mailbox}/mailFolders/${folder}/messages`).header('Prefer', IMMUTABLE).select('id,conversationId,isDraft,parentFolderId,categories').top(200).get()) as { value: GraphMessage[] };
  return page.value.filter((m) => m.conversationId === conversationId);
}

/** A person in Outlook: the mock's Outlook routes, the calls the /_mock/ view makes. */
async function outlook(method: string, pathAndQuery: string, body?: unknown): Promise<Json | null> {
  const res = await fetch(`${graph.origin}/_mock/outlook/v1.0/users/${graph.mailbox}${pathAndQuery}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-mock-outlook': '1', prefer: IMMUTABLE },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`Outlook ${method} ${pathAndQuery}: ${res.status} ${text}`);
  return text ? (JSON.parse(text) as Json) : null;
}

async function api(id: string): Promise<TicketView> {
  const res = await fetch(`${host.url}/tickets/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as TicketView;
}

/** Waits until GET /api/tickets/{id} shows what `ok` wants. */
function ticketWhen(id: string, ok: (t: TicketView) => boolean, what: string): Promise<TicketView> {
  return until(async () => {
    const t = await api(id);
    return ok(t) ? t : undefined;
  }, `ticket ${id}: ${what}`);
}

/** An Action.Execute click on the ticket's card, POSTed to the host's /api/messages. */
async function click(verb: string, data: Json, user: { aadObjectId: string; name: string }, t: Ticket): Promise<{ type: string; value: unknown }> {
  const activity = cardInvoke({ verb, data: { ticketId: t.id, ...data }, user, conversationId: t.cardConversationId, serviceUrl: connector.url, tenantId: TENANT, teamId: TEAM, channelId: CHANNEL });
  const res = await fetch(`${host.url}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { statusCode: number; type: string; value: unknown };
  expect(body.statusCode).toBe(200);
  return body;
}

/** The card as the channel shows it after its last update: the last body Teams got for the ticket's activity. */
function cardText(t: Ticket): string {
  const last = connector.calls.filter((c) => c.method === 'PUT' && c.path.endsWith(`/activities/${t.cardActivityId}`)).at(-1);
  return last ? JSON.stringify(last.body) : '';
}

/**
 * Every notification Graph has to send is delivered and every queue message (new mail, Outlook
 * changes, sends) is handled: the host deletes a message only once its function succeeded.
 */
async function settled(): Promise<void> {
  await graph.idle();
  const queues = QueueServiceClient.fromConnectionString(az.connectionString);
  for (const name of [services.config.queueName, services.config.sendQueueName]) {
    const q = queues.getQueueClient(name);
    await until(async () => (!(await q.exists()) || ((await q.getProperties()).approximateMessagesCount ?? 0) === 0 ? true : undefined), `queue ${name} drained`);
  }
}

// ---------- tickets from mail ----------

let seq = 0;
function mail(opts: { subject?: string; text?: string; inReplyTo?: string } = {}): { raw: string; messageId: string } {
  const messageId = `<sync-${process.pid}-${++seq}-${randomUUID().slice(0, 8)}@customer.test>`;
  const raw = [
    'From: Lukas Brunner <lukas.brunner@customer.test>',
    'To: Studyflash Support <support@studyflash.test>',
    `Subject: ${opts.subject ?? `Upload funktioniert nicht (${seq})`}`,
    `Message-ID: ${messageId}`,
    'Date: Wed, 25 Nov 2026 09:00:00 +0000',
    ...(opts.inReplyTo ? [`In-Reply-To: ${opts.inReplyTo}`, `References: ${opts.inReplyTo}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    opts.text ?? 'Hallo Studyflash-Team,\r\n\r\nwenn ich eine PDF hochlade, erscheint eine Fehlermeldung und es werden keine Karteikarten erstellt. Die App stürzt danach ab.\r\n\r\nViele Grüße\r\nLukas',
  ].join('\r\n');
  return { raw, messageId };
}

/** Mail in → notification → processTicket → a ticket with categories, an AI draft in Drafts and a card. */
async function ticketFromMail(opts: Parameters<typeof mail>[0] = {}): Promise<TicketView & { internetId: string }> {
  const m = mail(opts);
  const { id } = await graph.deliver(m.raw);
  const rec = await until(async () => {
    const r = await services.store.getMessageRecord(id);
    return r?.outcome === 'ticket' ? r : undefined;
  }, `message ${id} → ticket`);
  const t = await ticketWhen(rec.ticketId!, (x) => !!x.cardActivityId && !!x.draftMessageId && (x.status === 'open' || x.status === 'assigned'), 'triaged with a draft and a card');
  return { ...t, internetId: m.messageId };
}

/** A ticket held by `owner` (claimed on the card, so another agent cannot take it over). */
async function heldBy(owner: RosterMember): Promise<TicketView & { internetId: string }> {
  const t = await ticketFromMail();
  if (t.assignee?.aadObjectId === owner.aadObjectId) expect((await click('release', {}, owner, t)).type).toBe(CARD_REPLY);
  expect((await click('claim', {}, owner, t)).type).toBe(CARD_REPLY);
  return { ...(await api(t.id)), internetId: t.internetId };
}

// ---------- the tests ----------

describe('Outlook → ticket', () => {
  it('mail in becomes a ticket whose category the product wrote into Outlook without reading it back as a correction', async () => {
    const t = await ticketFromMail();
    expect(t).toMatchObject({ category: 'bug-report', repliedVia: null, draftUse: null, resolution: null });
    const msg = (await graphMessage(t.messageId))!;
    expect(msg.categories).toEqual(expect.arrayContaining(['bug-report', 'ai-processed']));
    expect((await graphMessage(t.draftMessageId!))!.isDraft).toBe(true);
    // The product's own PATCH of categories fired an Inbox "updated" notification like any other.
    await settled();
    expect((await api(t.id)).corrections).toEqual([]);
  });

  it('the AI draft sent from Outlook as it is: sent via outlook, unchanged, no draft left, the card says so', async () => {
    const t = await ticketFromMail();
    await outlook('POST', `/messages/${t.draftMessageId}/send`);
    const after = await ticketWhen(t.id, (x) => x.status === 'sent' && !x.draftMessageId, 'sent, no AI draft left');
    expect(after).toMatchObject({ repliedVia: 'outlook', draftUse: 'unchanged', draftMessageId: null });
    expect(after.firstResponseAt).toBeTruthy();
    expect(await inFolder('drafts', t.conversationId)).toEqual([]);
    expect((await inFolder('sentitems', t.conversationId)).map((m) => m.id)).toEqual([t.draftMessageId]);
    await until(async () => cardText(after).includes('Sent from Outlook'), 'the card shows "Sent from Outlook"');
    expect(cardText(after)).toContain('the AI draft unchanged');
  });

  it('the AI draft edited in Outlook, then sent: draftUse edited', async () => {
    const t = await ticketFromMail();
    const draft = (await graphMessage(t.draftMessageId!))!;
    // The agent adds a sentence at the top of the draft, as the view's editor writes it.
    const edited = draft.body.content.replace(/<body[^>]*>/i, (b) => `${b}<div>Kurzer Nachtrag: bitte aktualisiere die App auf die neueste Version.</div>`);
    expect(edited).not.toBe(draft.body.content);
    await outlook('PATCH', `/messages/${t.draftMessageId}`, { body: { contentType: 'html', content: edited } });
    await outlook('POST', `/messages/${t.draftMessageId}/send`);
    const after = await ticketWhen(t.id, (x) => x.status === 'sent' && !x.draftMessageId, 'sent, no AI draft left');
    expect(after).toMatchObject({ repliedVia: 'outlook', draftUse: 'edited', draftMessageId: null });
    expect(await inFolder('drafts', t.conversationId)).toEqual([]);
  });

  it("an agent's own reply from Outlook: sent via outlook, draftUse none, and the unsent AI draft is deleted (the audit says so)", async () => {
    const t = await ticketFromMail();
    const own = (await outlook('POST', `/messages/${t.messageId}/createReply`, { comment: 'Hallo Lukas, wir haben den Fehler gefunden und beheben ihn heute noch. Liebe Grüsse, Jan' }))!;
    await outlook('POST', `/messages/${String(own.id)}/send`);
    const after = await ticketWhen(t.id, (x) => x.status === 'sent' && !x.draftMessageId, 'sent, no AI draft left');
    expect(after).toMatchObject({ repliedVia: 'outlook', draftUse: 'none', draftMessageId: null });
    expect(after.audit.map((a) => `${a.action} ${a.detail ?? ''}`).join('\n')).toMatch(/draft.*(deleted|removed)|deleted.*draft/i);
    expect(await inFolder('drafts', t.conversationId)).toEqual([]);
    // DELETE moves a message to Deleted Items, as in Outlook.
    expect((await graphMessage(t.draftMessageId!))?.parentFolderId).not.toBe(folders.drafts);
    expect((await inFolder('sentitems', t.conversationId)).map((m) => m.id)).toEqual([own.id]);
  });

  it('a category changed in Outlook is a correction; the product\'s tidy-up of the categories is not a second one', async () => {
    const t = await ticketFromMail();
    await outlook('PATCH', `/messages/${t.messageId}`, { categories: ['refund-request', 'ai-processed'] });
    const after = await ticketWhen(t.id, (x) => x.category === 'refund-request', 'category follows Outlook');
    expect(after.corrections).toEqual([expect.objectContaining({ field: 'category', from: 'bug-report', to: 'refund-request', via: 'outlook', by: null })]);
    await until(async () => cardText(after).includes('Category corrected'), 'the card shows the correction');
    // Nobody held it: routed again for the new category, to someone who takes refund requests.
    const roster = await services.roster.members();
    if (after.assignee) expect(roster.find((m) => m.aadObjectId === after.assignee!.aadObjectId)!.categories).toContain('refund-request');
    await settled();
    expect((await api(t.id)).corrections).toHaveLength(1);
  });

  it('flagged complete in Outlook → resolved via outlook, the AI draft gone', async () => {
    const t = await ticketFromMail();
    await outlook('PATCH', `/messages/${t.messageId}`, { flag: { flagStatus: 'complete' } });
    const after = await ticketWhen(t.id, (x) => x.status === 'resolved' && !x.draftMessageId, 'resolved, the AI draft deleted');
    expect(after.resolution).toMatchObject({ reason: 'no-reply-needed', via: 'outlook' });
    expect(await inFolder('drafts', t.conversationId)).toEqual([]);
  });

  it('moved to Junk Email in Outlook → resolved as spam', async () => {
    const t = await ticketFromMail();
    await outlook('POST', `/messages/${t.messageId}/move`, { destinationId: 'junkemail' });
    const after = await ticketWhen(t.id, (x) => x.status === 'resolved' && !x.draftMessageId, 'resolved, the AI draft deleted');
    expect(after.resolution).toMatchObject({ reason: 'spam', via: 'outlook' });
    expect(await inFolder('drafts', t.conversationId)).toEqual([]);
  });
});

describe('Teams → Outlook: card verbs over the bot endpoint', () => {
  it('resolve: the outsider and another agent are refused and nothing changes; the owner resolves, Outlook shows it flagged complete and read, the AI draft gone', async () => {
    const [owner, other] = agents as [RosterMember, RosterMember];
    const t = await heldBy(owner);
    const before = await api(t.id);
    for (const who of [outsider, other]) {
      const r = await click('resolve', { reason: 'no-reply-needed' }, who, t);
      expect(r.type, who.name).toBe(MESSAGE_REPLY);
    }
    expect(await api(t.id)).toEqual(before);
    expect((await graphMessage(t.messageId))!.flag.flagStatus).not.toBe('complete');

    expect((await click('resolve', { reason: 'no-reply-needed' }, owner, t)).type).toBe(CARD_REPLY);
    const after = await api(t.id);
    expect(after).toMatchObject({ status: 'resolved', resolution: { reason: 'no-reply-needed', via: 'card', by: { aadObjectId: owner.aadObjectId } } });
    const msg = (await graphMessage(t.messageId))!;
    expect(msg).toMatchObject({ isRead: true, flag: { flagStatus: 'complete' }, parentFolderId: folders.inbox });
    expect(await inFolder('drafts', t.conversationId)).toEqual([]);
    // The flag the card wrote comes back as an Inbox notification: still one resolution, by the card.
    await settled();
    expect((await api(t.id)).resolution).toMatchObject({ via: 'card' });
  });

  it('resolve as spam moves the mail to Junk Email; reopen (anyone on the roster) brings it back to the Inbox for the same assignee', async () => {
    const [owner, other] = agents as [RosterMember, RosterMember];
    const t = await heldBy(owner);
    expect((await click('resolve', { reason: 'spam' }, owner, t)).type).toBe(CARD_REPLY);
    expect(await api(t.id)).toMatchObject({ status: 'resolved', resolution: { reason: 'spam', via: 'card' } });
    expect((await graphMessage(t.messageId))!.parentFolderId).toBe(folders.junkemail);

    expect((await click('reopen', {}, outsider, t)).type).toBe(MESSAGE_REPLY);
    expect((await api(t.id)).status).toBe('resolved');
    expect((await click('reopen', {}, other, t)).type).toBe(CARD_REPLY);
    const after = await api(t.id);
    expect(after).toMatchObject({ status: 'assigned', resolution: null, assignee: { aadObjectId: owner.aadObjectId } });
    const msg = (await graphMessage(t.messageId))!;
    expect(msg.parentFolderId).toBe(folders.inbox);
    expect(msg.flag.flagStatus).not.toBe('complete');
    // Outlook's notifications of the move back do not close it again.
    await settled();
    expect((await api(t.id)).status).toBe('assigned');
  });

  it('reopen after a flag complete in Outlook clears the flag, and the sync does not resolve it again', async () => {
    const owner = agents[0]!;
    const t = await heldBy(owner);
    await outlook('PATCH', `/messages/${t.messageId}`, { flag: { flagStatus: 'complete' } });
    await ticketWhen(t.id, (x) => x.status === 'resolved', 'resolved in Outlook');
    expect((await click('reopen', {}, lead, t)).type).toBe(CARD_REPLY);
    expect((await graphMessage(t.messageId))!.flag.flagStatus).toBe('notFlagged');
    await settled();
    expect((await api(t.id)).status).toBe('assigned');
  });

  it('recategorize: outsider and another agent refused; the owner\'s change reaches the Outlook categories and is one correction via card', async () => {
    const [owner, other] = agents as [RosterMember, RosterMember];
    const t = await heldBy(owner);
    for (const who of [outsider, other]) expect((await click('recategorize', { category: 'refund-request' }, who, t)).type, who.name).toBe(MESSAGE_REPLY);
    expect((await api(t.id)).category).toBe('bug-report');
    expect((await graphMessage(t.messageId))!.categories).toContain('bug-report');

    expect((await click('recategorize', { category: 'refund-request' }, owner, t)).type).toBe(CARD_REPLY);
    const after = await api(t.id);
    expect(after).toMatchObject({ category: 'refund-request', assignee: { aadObjectId: owner.aadObjectId } });
    expect(after.corrections).toEqual([expect.objectContaining({ from: 'bug-report', to: 'refund-request', via: 'card', by: { aadObjectId: owner.aadObjectId, name: owner.name } })]);
    const cats = (await graphMessage(t.messageId))!.categories;
    expect(cats).toContain('refund-request');
    expect(cats).not.toContain('bug-report');
    // The product's own write comes back as an Inbox "updated": no second correction.
    await settled();
    expect((await api(t.id)).corrections).toHaveLength(1);
  });

  it('approve on the card after a reply from Outlook is refused; Sent Items holds exactly one reply', async () => {
    const owner = agents[0]!;
    const t = await heldBy(owner);
    const own = (await outlook('POST', `/messages/${t.messageId}/createReply`, { comment: 'Hallo Lukas, erledigt. Gruss, Jan' }))!;
    await outlook('POST', `/messages/${String(own.id)}/send`);
    await ticketWhen(t.id, (x) => x.status === 'sent', 'sent from Outlook');
    const r = await click('approve', { draft: 'Hallo Lukas, hier die Antwort vom Team.' }, owner, t);
    expect(r.type).toBe(MESSAGE_REPLY);
    expect(String(r.value)).toMatch(/answered from Outlook; nothing was sent from here/);
    await settled(); // a send job, had one been queued, has run by now
    expect((await api(t.id)).status).toBe('sent');
    expect(await inFolder('sentitems', t.conversationId)).toHaveLength(1);
  });
});

describe('customer follow-ups', () => {
  it('a follow-up after `resolved` reopens the ticket for the same assignee with a fresh draft', async () => {
    const owner = agents[1]!;
    const t = await heldBy(owner);
    expect((await click('resolve', { reason: 'no-reply-needed' }, owner, t)).type).toBe(CARD_REPLY);
    await ticketWhen(t.id, (x) => x.status === 'resolved', 'resolved');

    const reply = mail({ subject: 'RE: Upload funktioniert nicht', text: 'Es geht leider doch nicht, auch mit einer kleinen Datei.', inReplyTo: t.internetId });
    const { id } = await graph.deliver(reply.raw);
    const after = await ticketWhen(t.id, (x) => x.messageIds.includes(id) && !x.pass && x.status !== 'resolved', 'reopened by the follow-up');
    expect(after).toMatchObject({ status: 'assigned', resolution: null, messageCount: 2, assignee: { aadObjectId: owner.aadObjectId } });
    expect(after.draftMessageId).toBeTruthy();
    expect((await inFolder('drafts', t.conversationId)).map((m) => m.id)).toEqual([after.draftMessageId]);
  });

  it('a ticket closed in Outlook and reopened by a follow-up stays open when an agent then opens the original mail', async () => {
    const owner = agents[0]!;
    const t = await heldBy(owner);
    await outlook('PATCH', `/messages/${t.messageId}`, { flag: { flagStatus: 'complete' } });
    await ticketWhen(t.id, (x) => x.status === 'resolved', 'resolved in Outlook');
    const reply = mail({ subject: 'RE: Upload funktioniert nicht', text: 'Leider klappt es immer noch nicht.', inReplyTo: t.internetId });
    const { id } = await graph.deliver(reply.raw);
    await ticketWhen(t.id, (x) => x.messageIds.includes(id) && !x.pass && x.status === 'assigned', 'reopened by the follow-up');
    await settled();
    // Outlook follows the reopen, as for reopen on the card: the mail that closed it is unflagged.
    expect((await graphMessage(t.messageId))!.flag.flagStatus).toBe('notFlagged');
    // Reading the conversation in Outlook touches the original mail (isRead → an Inbox "updated").
    await outlook('PATCH', `/messages/${t.messageId}`, { isRead: false });
    await outlook('PATCH', `/messages/${t.messageId}`, { isRead: true });
    await settled();
    expect((await api(t.id)).status).toBe('assigned');
  });
});
