// Card actions authorized by role, through the real POST /api/messages handler (Functions shim →
// botbuilder CloudAdapter → bot events → shared/teams use cases) on tickets the production pipeline
// made from real mail in the mock Graph, with the real roster (dev/roster.json) and a stand-in Bot
// Connector. Every verb × every role (the ticket's owner, another agent, a lead, an outsider): the
// expected outcome, and for a refusal proof that nothing changed — ticket, Outlook draft, send
// queue, Sent Items, the channel card. shared/teams/actions.test.ts covers the same matrix on the
// use case with in-memory fakes; this is the same promise from the HTTP edge inward.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../shared/domain.js';
import type { RosterMember } from '../../shared/ports.js';
import type { CardVerb } from '../../shared/teams/authorize.js';
import type { PipelineWorld } from './harness.js';
import { CARD_REPLY, MESSAGE_REPLY, startTeamsWorld, type TeamsWorld } from './teams-kit.js';

type Role = 'owner' | 'other agent' | 'lead' | 'outsider';
type Expect = 'applied' | 'refused' | 'no-op';

let teams: TeamsWorld;
let world: PipelineWorld;
let people: Record<Role, { aadObjectId: string; name: string }>;
let spareAgent: RosterMember;

beforeAll(async () => {
  teams = await startTeamsWorld();
  world = teams.world;
  const roster = await world.services.roster.members();
  const agents = roster.filter((m) => m.role === 'agent');
  const lead = roster.find((m) => m.role === 'lead')!;
  expect(agents.length).toBeGreaterThanOrEqual(3);
  people = { owner: agents[0]!, 'other agent': agents[1]!, lead, outsider: { aadObjectId: randomUUID(), name: 'Mallory Outsider' } };
  spareAgent = agents[2]!;
});

afterAll(async () => {
  await teams?.close();
});

/**
 * A fresh ticket from a real mail, held by the owner agent: they claimed it on the card (a ticket
 * only routed to an agent may still be taken by any agent — shared/teams/authorize.ts heldByPerson).
 */
async function ownedTicket(): Promise<Ticket> {
  const t = await teams.ticketFromMail();
  expect(t.draftMessageId, 'the pipeline wrote a draft').toBeTruthy();
  expect(t.cardActivityId, 'the pipeline posted a card').toBeTruthy();
  const owner = people.owner;
  if (t.assignee?.aadObjectId === owner.aadObjectId) expect((await teams.invoke('release', { ticketId: t.id }, owner, t)).reply.type).toBe(CARD_REPLY);
  expect((await teams.invoke('claim', { ticketId: t.id }, owner, t)).reply.type).toBe(CARD_REPLY);
  const held = (await world.store.get(t.id))!;
  expect(held.assignee?.aadObjectId).toBe(owner.aadObjectId);
  return held;
}

const invoke = (verb: string, data: Record<string, unknown>, user: { aadObjectId: string; name: string }, t: Ticket) => teams.invoke(verb, data, user, t);

function draftBody(id: string | null): string {
  const d = world.graph.messages('drafts').find((m) => m.id === id) as { body?: { content?: string } } | undefined;
  return d?.body?.content ?? '(no draft)';
}

/** Everything a refused click must leave alone. */
async function snapshot(t: Ticket) {
  return {
    ticket: await world.store.get(t.id),
    draft: draftBody(t.draftMessageId),
    sendJobs: world.sendQueue.jobs.length,
    sent: world.graph.messages('sentitems').length,
    cardUpdates: teams.connector.calls.filter((c) => c.method === 'PUT').length,
  };
}

interface Row {
  verb: CardVerb;
  role: Role;
  expect: Expect;
  data?: (t: Ticket) => Record<string, unknown>;
  check?: (before: Ticket, after: Ticket) => void;
}

const nonce = () => `sec-${randomUUID().slice(0, 8)}`;
const ROWS: Row[] = [
  { verb: 'claim', role: 'owner', expect: 'no-op' },
  { verb: 'claim', role: 'other agent', expect: 'refused' },
  { verb: 'claim', role: 'lead', expect: 'applied', check: (_b, a) => expect(a.assignee?.aadObjectId).toBe(people.lead.aadObjectId) },
  { verb: 'claim', role: 'outsider', expect: 'refused' },
  { verb: 'release', role: 'owner', expect: 'applied', check: (_b, a) => expect([a.assignee, a.status]).toEqual([null, 'open']) },
  { verb: 'release', role: 'other agent', expect: 'refused' },
  { verb: 'release', role: 'lead', expect: 'applied', check: (_b, a) => expect(a.assignee).toBeNull() },
  { verb: 'release', role: 'outsider', expect: 'refused' },
  ...(['owner', 'other agent', 'lead', 'outsider'] as const).map((role): Row => {
    const text = nonce();
    const allowed = role === 'owner' || role === 'lead';
    return {
      verb: 'saveDraft', role, expect: allowed ? 'applied' : 'refused', data: () => ({ draft: `Hallo Jana, ${text}` }),
      check: (_b, a) => {
        expect(a.draft).toContain(text);
        expect(draftBody(a.draftMessageId)).toContain(text);
      },
    };
  }),
  ...(['owner', 'other agent', 'lead', 'outsider'] as const).map((role): Row => {
    const text = nonce();
    const allowed = role === 'owner' || role === 'lead';
    return {
      verb: 'approve', role, expect: allowed ? 'applied' : 'refused', data: () => ({ draft: `Hallo Jana, ${text}` }),
      check: (_b, a) => {
        expect(a.status).toBe('sending');
        expect(world.sendQueue.jobs.filter((j) => j.ticketId === a.id)).toHaveLength(1);
        expect(draftBody(a.draftMessageId)).toContain(text);
      },
    };
  }),
  ...(['owner', 'other agent', 'lead', 'outsider'] as const).map((role): Row => ({
    verb: 'reassign', role, expect: role === 'lead' ? 'applied' : 'refused', data: () => ({ assignee: spareAgent.aadObjectId }),
    check: (_b, a) => expect(a.assignee?.aadObjectId).toBe(spareAgent.aadObjectId),
  })),
  ...(['owner', 'other agent', 'lead', 'outsider'] as const).map((role): Row => ({ verb: 'refresh', role, expect: 'no-op' })),
];

/** Verbs offered on the card the clicking user got back. */
function verbsOf(card: unknown): Set<string> {
  return new Set([...JSON.stringify(card).matchAll(/"verb":"([a-zA-Z]+)"/g)].map((m) => m[1]!));
}

describe('card actions by verb × role through POST /api/messages', () => {
  it('covers every verb for every role', () => {
    expect(ROWS).toHaveLength(24);
  });

  for (const row of ROWS) {
    it(`${row.verb} by ${row.role} on an agent's ticket: ${row.expect}`, async () => {
      const t = await ownedTicket();
      const before = await snapshot(t);
      const { status, reply } = await invoke(row.verb, { ticketId: t.id, ...(row.data?.(t) ?? {}) }, people[row.role], t);
      expect(status).toBe(200);
      expect(reply.statusCode).toBe(200);
      const after = await snapshot(t);
      switch (row.expect) {
        case 'refused':
          expect(reply.type).toBe(MESSAGE_REPLY);
          expect(String(reply.value)).toMatch(/\w/);
          expect(after).toEqual(before);
          break;
        case 'no-op':
          expect(reply.type).toBe(CARD_REPLY);
          expect(after).toEqual(before);
          break;
        case 'applied':
          expect(reply.type).toBe(CARD_REPLY);
          row.check!(before.ticket!, after.ticket!);
          expect(after.cardUpdates, 'the shared card is updated in place').toBeGreaterThan(before.cardUpdates);
          expect(after.sent, 'approve queues the send; nothing leaves before the send job runs').toBe(before.sent);
          break;
      }
    });
  }

  it('each viewer gets only the buttons of their role on refresh', async () => {
    const t = await ownedTicket();
    const views = {} as Record<Role, Set<string>>;
    for (const role of Object.keys(people) as Role[]) views[role] = verbsOf((await invoke('refresh', { ticketId: t.id }, people[role], t)).reply.value);
    expect(views.owner.has('approve') && views.owner.has('saveDraft')).toBe(true);
    expect(views.lead.has('reassign')).toBe(true);
    for (const role of ['other agent', 'outsider'] as const) {
      for (const verb of ['approve', 'saveDraft', 'reassign', 'release']) expect(views[role].has(verb), `${role} sees ${verb}`).toBe(false);
    }
    expect(views.outsider.has('claim')).toBe(false);
  });
});

describe('card data cannot grant rights', () => {
  it('role, assignee or approval fields smuggled into card data are ignored', async () => {
    const t = await ownedTicket();
    const before = await snapshot(t);
    const forged = { ticketId: t.id, role: 'lead', isLead: true, assignee: people['other agent'].aadObjectId, approvedBy: people.lead.aadObjectId, draft: 'forged' };
    for (const verb of ['reassign', 'approve', 'saveDraft', 'release'] as const) {
      const { reply } = await invoke(verb, forged, people['other agent'], t);
      expect(reply.type, verb).toBe(MESSAGE_REPLY);
    }
    expect(await snapshot(t)).toEqual(before);
  });

  it('a click without an Entra object id is treated as an outsider', async () => {
    const t = await ownedTicket();
    const before = await snapshot(t);
    const { reply } = await invoke('approve', { ticketId: t.id, draft: 'no identity' }, { aadObjectId: '', name: people.lead.name }, t);
    expect(reply.type).toBe(MESSAGE_REPLY);
    expect(await snapshot(t)).toEqual(before);
  });

  it('the stand-in connector saw no call Teams does not have', () => {
    expect(teams.connector.unexpected).toEqual([]);
  });
});
