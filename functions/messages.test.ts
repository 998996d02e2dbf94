// POST /api/messages end to end through the Functions shim and botbuilder's CloudAdapter, with a
// fake Bot Connector standing in for Teams: installation, proactive card, card actions by role,
// double approve, the sendReply queue function, "use this channel", and auth.
import azf from '@azure/functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotGateway } from '../bot/gateway.js';
import { startFakeConnector } from '../bot/fake-connector.js';
import type { FakeConnector } from '../bot/fake-connector.js';
import { createTeamsCards, TEAMS_STATE, teamsBotFor } from '../bot/index.js';
import { createServices } from './app.js';
import type { Services } from './app.js';
import { loadConfig } from '../shared/config.js';
import { StaticRoster } from '../shared/roster.js';
import { publishCard } from '../shared/teams/actions.js';
import { ticketFixture, AGENT_A, AGENT_B, LEAD, OUTSIDER } from '../shared/teams/testing.js';
import { FakeMailbox, FakeSubscriptions, InMemorySendQueue, InMemoryTicketStore, InMemoryWorkQueue, ScriptedAnalyzer, StaticEnricher, TEST_ROSTER } from '../shared/testing/index.js';
import { messagesHandler } from './messages.js';
import { sendReplyHandler } from './sendReply.js';

const { HttpRequest, InvocationContext } = azf;
const TEAM = 'team-1';
const CHANNEL = '19:triage@thread.tacv2';
const TENANT = 'tenant-1';
const mri = (aad: string) => `29:${aad}-mri`;

let connector: FakeConnector;
let services: Services;
let store: InMemoryTicketStore;
let mailbox: FakeMailbox;
let sendQueue: InMemorySendQueue;

const ctx = (meta: Record<string, unknown> = {}) => new InvocationContext({ invocationId: 'inv', functionName: 'messages', triggerMetadata: meta, logHandler: () => {} });

function activity(over: Record<string, unknown>): Record<string, unknown> {
  return {
    channelId: 'msteams',
    id: `act-${Math.random().toString(36).slice(2)}`,
    serviceUrl: connector.url,
    recipient: { id: '28:bot', name: 'Studyflash Support' },
    conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true, tenantId: TENANT },
    channelData: { team: { id: TEAM }, channel: { id: CHANNEL }, tenant: { id: TENANT } },
    ...over,
  };
}

async function post(body: unknown, headers: Record<string, string> = {}) {
  const handler = messagesHandler(() => teamsBotFor(services));
  const res = await handler(new HttpRequest({ method: 'POST', url: 'http://localhost/api/messages', body: { string: JSON.stringify(body) }, headers: { 'content-type': 'application/json', ...headers } }), ctx());
  return res;
}

async function invoke(verb: string, data: Record<string, unknown>, user: { aadObjectId: string; name: string }, conversationId = CHANNEL) {
  const res = await post(activity({
    type: 'invoke',
    name: 'adaptiveCard/action',
    from: { id: mri(user.aadObjectId), name: user.name, aadObjectId: user.aadObjectId },
    conversation: { id: conversationId, conversationType: 'channel', isGroup: true, tenantId: TENANT },
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  }));
  return { status: res.status, body: res.jsonBody as { statusCode: number; type: string; value: unknown } };
}

const puts = () => connector.calls.filter((c) => c.method === 'PUT');
const cardOf = (call: { body: Record<string, unknown> | null }) => JSON.stringify(((call.body?.attachments ?? (call.body?.activity as { attachments?: unknown })?.attachments) as { content: unknown }[])[0]?.content);

beforeAll(async () => {
  connector = await startFakeConnector({
    teamId: TEAM,
    channels: [{ id: TEAM, name: 'General' }, { id: CHANNEL, name: 'Support triage' }],
    members: TEST_ROSTER.map((m) => ({ id: mri(m.aadObjectId), aadObjectId: m.aadObjectId, name: m.name })),
  });
  const config = loadConfig({ APP_ENV: 'test' });
  store = new InMemoryTicketStore();
  mailbox = new FakeMailbox();
  sendQueue = new InMemorySendQueue();
  // Wired as the composition root should: cards come from the bot (cardsFactory).
  services = createServices(config, {
    mailbox, store, sendQueue,
    subscriptions: new FakeSubscriptions(), queue: new InMemoryWorkQueue(), analyzer: new ScriptedAnalyzer(), enricher: new StaticEnricher(),
    roster: new StaticRoster(TEST_ROSTER),
    cardsFactory: createTeamsCards,
  });
});

afterAll(async () => {
  await connector?.close();
});

describe('POST /api/messages with a fake Teams connector', () => {
  let ticketId = '';

  it('installation in a team stores the channel and the members\' Teams ids', async () => {
    const res = await post(activity({ type: 'installationUpdate', action: 'add', from: { id: mri(LEAD.aadObjectId), aadObjectId: LEAD.aadObjectId } }));
    expect(res.status).toBe(200);
    expect(await store.getState(TEAMS_STATE.channel)).toEqual({ serviceUrl: connector.url, tenantId: TENANT, teamId: TEAM, channelId: CHANNEL, botId: '28:bot' });
    expect(await store.getState(TEAMS_STATE.users)).toMatchObject({ [AGENT_A.aadObjectId]: mri(AGENT_A.aadObjectId), [LEAD.aadObjectId]: mri(LEAD.aadObjectId) });
  });

  it('a new ticket is posted proactively as one card in that channel', async () => {
    const msg = mailbox.deliver({ from: { name: 'Jana', address: 'jana.muster@example.ch' }, subject: 'Quiz lädt nicht', text: 'Hallo', internetMessageId: '<h01@customer.test>' });
    const draftId = await mailbox.createReplyDraft(msg, '<p>Hallo Jana</p>');
    const created = await store.create(ticketFixture({ id: 'T-100', messageId: msg, draftMessageId: draftId }));
    const t = await publishCard({ store, cards: services.cards, log: services.log }, created);
    ticketId = t.id;
    const posts = connector.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toMatchObject({ isGroup: true, channelData: { channel: { id: CHANNEL } } });
    expect(cardOf(posts[0]!)).toContain('Quiz lädt nicht');
    expect(t.cardConversationId).toMatch(new RegExp(`^${CHANNEL};messageid=\\d+$`));
    expect(t.cardActivityId).toBe(t.cardConversationId!.split('=')[1]);
    // refresh targets the Teams ids learned at installation
    expect(cardOf(posts[0]!)).toContain(mri(LEAD.aadObjectId));
  });

  it('an outsider\'s claim answers 200 with a refusal and changes nothing', async () => {
    const before = await store.get(ticketId);
    const r = await invoke('claim', { ticketId }, OUTSIDER);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: expect.stringMatching(/not on the support roster/) });
    expect(await store.get(ticketId)).toEqual(before);
    expect(puts()).toHaveLength(0);
  });

  it('an agent claims: 200 with their own view (editor + Approve), and the shared card is updated in place', async () => {
    const t0 = (await store.get(ticketId))!;
    const r = await invoke('claim', { ticketId }, AGENT_A, t0.cardConversationId!);
    expect(r.status).toBe(200);
    expect(r.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const view = JSON.stringify(r.body.value);
    expect(view).toContain('"id":"draft"');
    expect(view).toContain('"verb":"approve"');
    expect((await store.get(ticketId))!.assignee?.aadObjectId).toBe(AGENT_A.aadObjectId);
    expect(puts()).toHaveLength(1);
    expect(puts()[0]!.path).toBe(`/v3/conversations/${t0.cardConversationId}/activities/${t0.cardActivityId}`);
    expect(cardOf(puts()[0]!)).toContain(AGENT_A.name);
  });

  it('another agent cannot claim or reassign; the lead reassigns', async () => {
    expect((await invoke('claim', { ticketId }, AGENT_B)).body.value).toBe(`Already claimed by ${AGENT_A.name}.`);
    expect((await invoke('reassign', { ticketId, assignee: AGENT_B.aadObjectId }, AGENT_A)).body.value).toMatch(/Only a lead/);
    expect((await store.get(ticketId))!.assignee?.aadObjectId).toBe(AGENT_A.aadObjectId);
    const r = await invoke('reassign', { ticketId, assignee: AGENT_B.aadObjectId }, LEAD);
    expect(r.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect((await store.get(ticketId))!.assignee?.aadObjectId).toBe(AGENT_B.aadObjectId);
  });

  it('approve clicked twice queues one send; the sendReply function sends once and marks the card sent', async () => {
    expect((await invoke('approve', { ticketId, draft: 'should not be sent' }, OUTSIDER)).body.type).toBe('application/vnd.microsoft.activity.message');
    const first = await invoke('approve', { ticketId, draft: 'Hallo Jana, das ist behoben. chk-1' }, AGENT_B);
    const second = await invoke('approve', { ticketId, draft: 'Hallo Jana, das ist behoben. chk-1' }, AGENT_B);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(second.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: expect.stringMatching(/being sent/) });
    expect(sendQueue.jobs).toHaveLength(1);

    const handler = sendReplyHandler(() => services);
    for (const job of [...sendQueue.jobs, ...sendQueue.jobs]) await handler(job, ctx({ dequeueCount: 1 })); // redelivered too
    const sent = [...mailbox.messages.values()].filter((m) => m.folder === 'sentitems');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.htmlBody).toContain('chk-1');
    expect(sent[0]!.htmlBody).not.toContain('should not be sent');
    const t = (await store.get(ticketId))!;
    expect(t.status).toBe('sent');
    expect(cardOf(puts().at(-1)!)).toContain('Sent ✓');
  });

  it('malformed card data and unknown verbs answer 200 with a clear message', async () => {
    expect((await invoke('approve', {}, AGENT_A)).body).toMatchObject({ statusCode: 200, value: expect.stringMatching(/no ticket id/) });
    expect((await invoke('delete', { ticketId }, LEAD)).body).toMatchObject({ statusCode: 200, value: expect.stringMatching(/not known/) });
  });

  it('"use this channel": a lead moves new cards there; an agent is refused', async () => {
    const other = '19:other@thread.tacv2';
    const say = (user: typeof LEAD, text: string) => post(activity({
      type: 'message', text: `<at>Studyflash Support</at> ${text}`,
      entities: [{ type: 'mention', text: '<at>Studyflash Support</at>', mentioned: { id: '28:bot', name: 'Studyflash Support' } }],
      from: { id: mri(user.aadObjectId), name: user.name, aadObjectId: user.aadObjectId },
      conversation: { id: `${other};messageid=77`, conversationType: 'channel', isGroup: true, tenantId: TENANT },
      channelData: { team: { id: TEAM }, channel: { id: other }, tenant: { id: TENANT } },
    }));
    await say(AGENT_A, 'use this channel');
    expect((await store.getState<{ channelId: string }>(TEAMS_STATE.channel))!.channelId).toBe(CHANNEL);
    await say(LEAD, 'use this channel');
    expect((await store.getState<{ channelId: string }>(TEAMS_STATE.channel))!.channelId).toBe(other);
    const replies = connector.calls.filter((c) => c.method === 'POST' && c.path.includes(`/activities`)).map((c) => String(c.body?.text));
    expect(replies.some((t) => /Only a support lead/.test(t))).toBe(true);
    expect(replies.some((t) => /new ticket cards will be posted in this channel/.test(t))).toBe(true);
  });

  it('the connector was never called on a route Teams does not have', () => {
    expect(connector.unexpected).toEqual([]);
  });
});

describe('bot authentication', () => {
  it('with an app id configured, a request without a Bot Framework token is rejected with 401', async () => {
    const gateway = createBotGateway({ appEnv: 'production', botAppId: '11111111-2222-3333-4444-555555555555', botAppPassword: 'secret', botTenantId: 'tenant-1' });
    const handler = messagesHandler(() => ({ gateway, events: teamsBotFor(services).events }));
    const before = await store.get('T-100');
    const res = await handler(new HttpRequest({ method: 'POST', url: 'http://localhost/api/messages', body: { string: JSON.stringify(activity({ type: 'invoke', name: 'adaptiveCard/action', from: { id: 'x', aadObjectId: LEAD.aadObjectId }, value: { action: { type: 'Action.Execute', verb: 'release', data: { ticketId: 'T-100' } } } })) }, headers: { 'content-type': 'application/json' } }), ctx());
    expect(res.status).toBe(401);
    expect(await store.get('T-100')).toEqual(before);
  });

  it('refuses to start without an app id in production', () => {
    expect(() => createBotGateway({ appEnv: 'production' })).toThrow(/BOT_APP_ID is not set.*Refusing to start in production/);
  });

  it('a body that is not JSON is a 400', async () => {
    const res = await messagesHandler(() => teamsBotFor(services))(new HttpRequest({ method: 'POST', url: 'http://localhost/api/messages', body: { string: 'not json' } }), ctx());
    expect(res.status).toBe(400);
  });
});
