import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotGateway } from '../../bot/gateway.js';
import { startFakeConnector, type FakeConnector } from '../../bot/fake-connector.js';
import { ChannelTicketCards, TEAMS_STATE } from '../../bot/index.js';
import { AppError } from '../errors.js';
import { StaticRoster } from '../roster.js';
import { playStory, TEST_CLOCK, wrappedStore } from '../stats/testing.js';
import { RecordingTicketCards } from '../tickets/cards.js';
import { silentLogger, TEST_ROSTER } from '../testing/index.js';
import type { ThreadMessage, TicketCards, TicketStore } from '../ports.js';
import type { Ticket } from '../domain.js';
import { runReminders, type ReminderDeps } from './reminders.js';

const AGENT = { aadObjectId: 'agent-bug', name: 'Jan Bugs' };
const LEAD = TEST_ROSTER.find((m) => m.role === 'lead')!;
// Mon 2026-11-30 08:00 Zurich (07:00Z); a refund request has a 4 h target: approaching at 3 h
// (10:00Z), due 11:00Z.
const RECEIVED = '2026-11-30T07:00:00Z';
const at = (iso: string) => () => new Date(iso);

async function world(opts: { assigned?: boolean } = {}) {
  const w = wrappedStore();
  await playStory(w.store, { id: 'T1', receivedAt: RECEIVED, category: 'refund-request', language: 'de', routedTo: opts.assigned === false ? undefined : AGENT });
  const cards = new RecordingTicketCards();
  const deps = (now: string, over: Partial<ReminderDeps> = {}): ReminderDeps => ({ store: w.store, cards, roster: new StaticRoster(TEST_ROSTER), clock: TEST_CLOCK, log: silentLogger, now: at(now), ...over });
  return { ...w, cards, deps };
}

describe('first-response reminders', () => {
  it('posts nothing before 75 % of the target, then "approaching" once, then "late" once', async () => {
    const { cards, deps, store } = await world();
    expect((await runReminders(deps('2026-11-30T09:59:00Z'))).posted).toEqual([]);
    expect((await runReminders(deps('2026-11-30T10:00:00Z'))).posted).toEqual([{ ticketId: 'T1', threshold: 'approaching' }]);
    expect((await runReminders(deps('2026-11-30T10:30:00Z'))).posted).toEqual([]);
    expect((await runReminders(deps('2026-11-30T11:00:00Z'))).posted).toEqual([{ ticketId: 'T1', threshold: 'late' }]);
    expect((await runReminders(deps('2026-11-30T12:00:00Z'))).posted).toEqual([]);
    expect(cards.replies.map((r) => [r.mentions, /late/.test(r.text)])).toEqual([[['agent-bug'], false], [['agent-bug'], true]]);
    const t = (await store.get('T1'))!;
    expect(t.reminders.map((r) => [r.threshold, r.at, !!r.sentAt])).toEqual([['approaching', '2026-11-30T10:00:00.000Z', true], ['late', '2026-11-30T11:00:00.000Z', true]]);
    // the late reminder refreshed the card (it shows the ticket as late)
    expect(cards.published.at(-1)?.ticketId).toBe('T1');
  });

  it('posts each threshold once when overlapping timer runs race, and not again after a restart', async () => {
    const { cards, deps } = await world();
    const runs = await Promise.all(Array.from({ length: 5 }, (_, i) => runReminders(deps('2026-11-30T10:05:00Z', { runId: `run-${i}` }))));
    expect(runs.flatMap((r) => r.posted)).toHaveLength(1);
    expect(cards.replies).toHaveLength(1);
    // a restarted host (new run id, nothing in memory) finds the reminder on the ticket
    expect((await runReminders(deps('2026-11-30T10:06:00Z', { runId: 'after-restart' }))).posted).toEqual([]);
    const late = await Promise.all(Array.from({ length: 3 }, (_, i) => runReminders(deps('2026-11-30T11:01:00Z', { runId: `late-${i}` }))));
    expect(late.flatMap((r) => r.posted)).toEqual([{ ticketId: 'T1', threshold: 'late' }]);
    expect(cards.replies).toHaveLength(2);
  });

  it('mentions the leads when nobody holds the ticket', async () => {
    const { cards, deps } = await world({ assigned: false });
    await runReminders(deps('2026-11-30T11:30:00Z'));
    expect(cards.replies).toHaveLength(1);
    expect(cards.replies[0]!.mentions).toEqual([LEAD.aadObjectId]);
  });

  it('stays quiet outside business hours and for answered tickets', async () => {
    const { cards, deps, store } = await world();
    const evening = await runReminders(deps('2026-11-30T18:30:00Z'));
    expect(evening.outsideHours).toBe(true);
    await playStory(store, { id: 'T2', receivedAt: RECEIVED, category: 'refund-request', language: 'de', routedTo: AGENT, reply: { via: 'outlook', by: AGENT, at: '2026-11-30T08:00:00Z', draftUse: 'edited' } });
    await runReminders(deps('2026-12-01T08:00:00Z'));
    expect(cards.replies.map((r) => r.ticketId)).toEqual(['T1']);
  });

  it('withdraws the claim when Teams refuses the post, so a later run tries again', async () => {
    const { cards, deps, store } = await world();
    const refusing: TicketCards = { ...cards, publish: (t) => cards.publish(t), postToChannel: (c) => cards.postToChannel(c), replyInThread: async () => { throw new AppError('throttled', 'teams: 429', { status: 429 }); } };
    const first = await runReminders(deps('2026-11-30T10:00:00Z', { cards: refusing }));
    expect(first.failed).toHaveLength(1);
    expect((await store.get('T1'))!.reminders).toEqual([]);
    expect((await runReminders(deps('2026-11-30T10:02:00Z'))).posted).toHaveLength(1);
  });

  it('never reposts a reminder whose post may have gone out (the run died or the connection broke)', async () => {
    const { cards, deps, store } = await world();
    const broken: TicketCards = { ...cards, publish: (t) => cards.publish(t), postToChannel: (c) => cards.postToChannel(c), replyInThread: async () => { throw new AppError('timeout', 'teams: timed out'); } };
    await runReminders(deps('2026-11-30T10:00:00Z', { cards: broken }));
    const t = (await store.get('T1'))!;
    expect(t.reminders).toMatchObject([{ threshold: 'approaching', sentAt: null }]);
    expect((await runReminders(deps('2026-11-30T10:30:00Z'))).posted).toEqual([]);
    expect(cards.replies).toHaveLength(0);
  });
});

describe('a thread reply on the wire', () => {
  let connector: FakeConnector;
  beforeAll(async () => {
    connector = await startFakeConnector({ teamId: 'team-1', channels: [{ id: 'chan-1', name: 'Support' }], members: [] });
  });
  afterAll(() => connector.close());

  it('posts into the card thread with mention entities whose text appears in the message', async () => {
    const { store } = wrappedStore();
    await (store as TicketStore).putState(TEAMS_STATE.channel, { serviceUrl: connector.url, tenantId: 'tenant-1', teamId: 'team-1', channelId: 'chan-1', botId: '28:bot' });
    await (store as TicketStore).putState(TEAMS_STATE.users, { 'agent-bug': '29:agent-bug-mri' });
    const cards = new ChannelTicketCards({
      config: { teamsServiceUrl: connector.url } as never,
      store,
      roster: new StaticRoster(TEST_ROSTER),
      gateway: createBotGateway({ appEnv: 'test' }, { log: silentLogger }),
      log: silentLogger,
    });
    const ticket = { id: 'T1', cardConversationId: 'chan-1;messageid=1001', cardActivityId: '1001' } as Ticket;
    const msg: ThreadMessage = { text: 'The first reply is due at 12:00.', mentions: [{ aadObjectId: 'agent-bug', name: 'Jan <Bugs>' }, LEAD] };
    expect(await cards.replyInThread(ticket, msg)).toBeTruthy();
    const call = connector.calls.find((c) => c.method === 'POST' && c.path.startsWith('/v3/conversations/chan-1;messageid=1001/activities'))!;
    expect(call).toBeDefined();
    const body = call.body as { text: string; entities: { type: string; text: string; mentioned: { id: string; name: string } }[] };
    expect(body.entities.map((e) => e.mentioned.id)).toEqual(['29:agent-bug-mri', LEAD.aadObjectId]);
    for (const e of body.entities) expect(body.text).toContain(e.text);
    expect(body.entities[0]!.text).toBe('<at>Jan &lt;Bugs&gt;</at>');
    expect(await cards.replyInThread({ ...ticket, cardConversationId: null }, msg)).toBeNull();
  });
});
