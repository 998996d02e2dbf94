// With TEAMS_CHANNEL_ID configured (required in production), an installation in another team
// neither moves the ticket cards nor posts any there, and the bot says so in that team.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../shared/config.js';
import type { CardRef } from '../shared/ports.js';
import { StaticRoster } from '../shared/roster.js';
import { ticketFixture } from '../shared/teams/testing.js';
import { FakeMailbox, InMemorySendQueue, InMemoryTicketStore, silentLogger, TEST_ROSTER } from '../shared/testing/index.js';
import { createBotEvents } from './events.js';
import type { BotGateway, ChannelTarget } from './gateway.js';
import { NOT_THE_SUPPORT_CHANNEL } from './support-channel.js';
import { STATE } from './ticket-cards.js';

const SUPPORT = { team: 'team-support', channel: '19:support@thread.tacv2' };
const target = (teamId: string, channelId: string): ChannelTarget => ({ serviceUrl: 'https://smba.example/teams/', tenantId: 'tenant-1', teamId, channelId, botId: '28:bot' });

function setup(env: Record<string, string>) {
  const posted: ChannelTarget[] = [];
  const gateway: BotGateway = {
    authEnabled: false,
    handleRequest: () => Promise.reject(new Error('not used')),
    postCard: (t): Promise<CardRef> => {
      posted.push(t);
      return Promise.resolve({ conversationId: `${t.channelId};messageid=${posted.length}`, activityId: String(posted.length) });
    },
    updateCard: () => Promise.resolve(),
    replyInThread: () => Promise.resolve(null),
  };
  const store = new InMemoryTicketStore();
  const events = createBotEvents({
    config: loadConfig({ APP_ENV: 'test', ...env }),
    store, mailbox: new FakeMailbox(), sendQueue: new InMemorySendQueue(), roster: new StaticRoster(TEST_ROSTER), gateway, log: silentLogger,
  });
  return { events, store, posted };
}

describe('the support channel when TEAMS_CHANNEL_ID is configured', () => {
  for (const [what, env] of [
    ['with TEAMS_TEAM_ID', { TEAMS_CHANNEL_ID: SUPPORT.channel, TEAMS_TEAM_ID: SUPPORT.team }],
    ['without TEAMS_TEAM_ID (told by the team\'s channel list)', { TEAMS_CHANNEL_ID: SUPPORT.channel }],
  ] as const) {
    it(`an installation in another team stores nothing and posts no card there (${what})`, async () => {
      const { events, store, posted } = setup(env);
      await store.create(ticketFixture());
      await events.installed({ target: target('team-other', '19:other@thread.tacv2'), channels: [{ id: '19:other@thread.tacv2' }].map((c) => ({ ...c, name: 'General' })), members: [], local: false });
      expect(posted).toEqual([]);
      expect(await store.getState(STATE.channel)).toBeNull();
      expect(await store.getState(STATE.team)).toBeNull();

      await events.installed({ target: target(SUPPORT.team, '19:general@thread.tacv2'), channels: [{ id: '19:general@thread.tacv2', name: 'General' }, { id: SUPPORT.channel, name: 'Support triage' }], members: [], local: false });
      expect(posted.map((t) => t.channelId)).toEqual([SUPPORT.channel]);
    });
  }

  it('answers in another channel that it is not the support channel', async () => {
    const { events } = setup({ TEAMS_CHANNEL_ID: SUPPORT.channel, TEAMS_TEAM_ID: SUPPORT.team });
    const user = { id: '29:x', aadObjectId: TEST_ROSTER[0]!.aadObjectId, name: TEST_ROSTER[0]!.name };
    expect(await events.message({ text: 'hello', user, target: target('team-other', '19:other@thread.tacv2') })).toBe(NOT_THE_SUPPORT_CHANNEL);
    expect(await events.message({ text: 'hello', user, target: target(SUPPORT.team, SUPPORT.channel) })).toMatch(/one card per support ticket/);
  });

  it('without TEAMS_CHANNEL_ID (local world only) the installation still chooses the channel', async () => {
    const { events, store, posted } = setup({});
    await store.create(ticketFixture());
    await events.installed({ target: target('team-other', '19:other@thread.tacv2'), channels: [], members: [], local: false });
    expect(posted.map((t) => t.channelId)).toEqual(['19:other@thread.tacv2']);
  });
});
