// POST /api/messages authentication through the real handler: with BOT_APP_ID configured, anything
// without a valid Bot Framework token is turned away before the bot's handlers run and changes
// nothing; in the local world (no app id) activities are accepted; production refuses to run with
// authentication off. functions/messages.test.ts covers the missing-token case and the gateway's
// own production guard; this adds forged tokens, other schemes, auth-off behaviour and the config.
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../shared/config.js';
import type { Ticket } from '../../shared/domain.js';
import { CARD_REPLY, startTeamsWorld, TENANT, type TeamsWorld } from './teams-kit.js';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const now = () => Math.floor(Date.now() / 1000);
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

function signed(payload: Record<string, unknown>): string {
  const head = b64({ alg: 'RS256', typ: 'JWT', kid: 'not-a-microsoft-key' });
  const body = b64(payload);
  return `${head}.${body}.${createSign('RSA-SHA256').update(`${head}.${body}`).sign(privateKey).toString('base64url')}`;
}

describe('with BOT_APP_ID configured', () => {
  let teams: TeamsWorld;
  let ticket: Ticket;
  let lead: { aadObjectId: string; name: string };

  beforeAll(async () => {
    // Posting the pipeline's card would need a token from Entra (unreachable offline): cards are
    // recorded instead; the clicks below never get far enough to need the connector.
    teams = await startTeamsWorld({ BOT_APP_ID: APP_ID, BOT_APP_PASSWORD: 'security-suite-password', BOT_TENANT_ID: TENANT }, { cards: 'recorded' });
    ticket = await teams.ticketFromMail();
    lead = (await teams.world.services.roster.members()).find((m) => m.role === 'lead')!;
  });
  afterAll(async () => {
    await teams?.close();
  });

  const bfClaims = () => ({ iss: 'https://api.botframework.com', aud: APP_ID, exp: now() + 3600, nbf: now() - 60, serviceurl: 'https://smba.trafficmanager.net/teams/' });
  // 401 where the token is refused on its own; where botbuilder must first fetch Microsoft's
  // signing keys (unreachable offline) it fails closed with a 5xx — in Azure that is a 401.
  const cases: [string, () => Record<string, string>, 'unauthorized' | 'refused'][] = [
    ['no Authorization header', () => ({}), 'unauthorized'],
    ['a Basic credential', () => ({ authorization: `Basic ${Buffer.from(`${APP_ID}:password`).toString('base64')}` }), 'unauthorized'],
    ['a bearer value that is not a JWT', () => ({ authorization: 'Bearer not-a-token' }), 'unauthorized'],
    ['a token from a foreign issuer', () => ({ authorization: `Bearer ${signed({ ...bfClaims(), iss: 'https://evil.example' })}` }), 'unauthorized'],
    ['an expired token', () => ({ authorization: `Bearer ${signed({ ...bfClaims(), iss: 'https://evil.example', exp: now() - 3600 })}` }), 'unauthorized'],
    ['an unsigned token (alg none) claiming the Bot Framework issuer', () => ({ authorization: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(bfClaims())}.` }), 'refused'],
    ['a token signed with a key that is not Microsoft\'s', () => ({ authorization: `Bearer ${signed(bfClaims())}` }), 'refused'],
  ];
  for (const [what, headers, expected] of cases) {
    it(`a card click with ${what} is ${expected === 'unauthorized' ? 'answered 401' : 'refused'} before the bot runs, and nothing changes`, async () => {
      const before = await teams.world.store.get(ticket.id);
      const reached = teams.eventsReached();
      const { status, reply } = await teams.invoke('reassign', { ticketId: ticket.id, assignee: lead.aadObjectId }, lead, ticket, { headers: headers() });
      if (expected === 'unauthorized') expect(status).toBe(401);
      else expect(status === 401 || status >= 500).toBe(true);
      expect(JSON.stringify(reply ?? '')).not.toMatch(/stack|at .*\.ts:\d+/);
      expect(teams.eventsReached()).toBe(reached);
      expect(await teams.world.store.get(ticket.id)).toEqual(before);
    });
  }

  it('a message activity without a token is answered 401 as well', async () => {
    const reached = teams.eventsReached();
    const res = await teams.post(JSON.stringify({ type: 'message', text: 'use this channel', channelId: 'msteams', serviceUrl: teams.connector.url, from: { id: '29:x', aadObjectId: lead.aadObjectId }, recipient: { id: `28:${APP_ID}` }, conversation: { id: 'c' }, id: 'a1' }));
    expect(res.status).toBe(401);
    expect(teams.eventsReached()).toBe(reached);
  });
});

describe('in the local world (no BOT_APP_ID: authentication off)', () => {
  let teams: TeamsWorld;
  beforeAll(async () => {
    teams = await startTeamsWorld();
  });
  afterAll(async () => {
    await teams?.close();
  });

  it('accepts an unauthenticated card click and applies it', async () => {
    const t = await teams.ticketFromMail();
    const roster = await teams.world.services.roster.members();
    const lead = roster.find((m) => m.role === 'lead')!;
    const agent = roster.find((m) => m.role === 'agent' && m.aadObjectId !== t.assignee?.aadObjectId)!;
    const { status, reply } = await teams.invoke('reassign', { ticketId: t.id, assignee: agent.aadObjectId }, lead, t);
    expect(status).toBe(200);
    expect(reply.type).toBe(CARD_REPLY);
    expect((await teams.world.store.get(t.id))!.assignee?.aadObjectId).toBe(agent.aadObjectId);
  });
});

describe('production configuration', () => {
  const production = {
    APP_ENV: 'production',
    GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0',
    GRAPH_CLIENT_SECRET: 'x',
    GRAPH_CLIENT_STATE: randomUUID(),
    GRAPH_GATE: 'storage',
    NOTIFICATION_URL: 'https://studyflash-support.azurewebsites.net/api/notifications',
    LIFECYCLE_URL: 'https://studyflash-support.azurewebsites.net/api/lifecycle',
    STORAGE_CONNECTION: 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=eA==;EndpointSuffix=core.windows.net',
    BOT_APP_ID: APP_ID,
    BOT_APP_PASSWORD: 'x',
    BOT_TENANT_ID: TENANT,
    TEAMS_CHANNEL_ID: '19:support-triage@thread.tacv2',
  };

  it('loads when the bot is configured (the control case)', () => {
    expect(loadConfig(production).botAppId).toBe(APP_ID);
  });

  it('refuses to load with bot authentication off (no BOT_APP_ID)', () => {
    const { BOT_APP_ID: _id, ...withoutBot } = production;
    expect(() => loadConfig(withoutBot)).toThrow(ConfigError);
    expect(() => loadConfig(withoutBot)).toThrow(/BOT_APP_ID: required in production/);
  });

  it('refuses a bot app id without its secret', () => {
    const { BOT_APP_PASSWORD: _p, ...withoutSecret } = production;
    expect(() => loadConfig(withoutSecret)).toThrow(/BOT_APP_PASSWORD/);
  });
});
