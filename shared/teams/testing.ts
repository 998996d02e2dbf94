// Test fixtures for the Teams use cases: a triaged ticket with an Outlook reply draft in a fake
// mailbox, and the in-memory ports around it. Used by unit tests only.
import type { Ticket } from '../domain.js';
import { newTicket, settle } from '../tickets/ticket.js';
import { StaticRoster } from '../roster.js';
import { FakeMailbox, InMemorySendQueue, InMemoryTicketStore, RecordingTicketCards, TEST_ROSTER, silentLogger } from '../testing/index.js';
import type { TeamsDeps } from './actions.js';

export const LEAD = TEST_ROSTER.find((m) => m.role === 'lead')!;
export const AGENTS = TEST_ROSTER.filter((m) => m.role === 'agent');
export const [AGENT_A, AGENT_B] = AGENTS as [(typeof AGENTS)[number], (typeof AGENTS)[number]];
export const OUTSIDER = { aadObjectId: 'not-on-roster', name: 'Mallory' };

export function ticketFixture(over: Partial<Ticket> = {}): Ticket {
  const now = '2026-11-25T09:00:00.000Z';
  // Made by the lifecycle's own constructor and settled as a finished pass would leave it.
  const made = settle(
    newTicket(
      {
        id: 'T-1',
        messageId: 'AAMkMSG1',
        internetMessageId: '<m1@customer.test>',
        conversationId: 'CONV1',
        from: { name: 'Jana Muster', address: 'jana.muster@example.ch' },
        subject: 'Quiz lädt nicht',
        receivedAt: now,
        language: 'de',
        category: 'bug-report',
        confidence: 0.62,
        needsTriage: true,
        triageReasons: [],
        assignee: null,
        suggestedAssignee: { aadObjectId: AGENT_A.aadObjectId, name: AGENT_A.name },
        team: 'engineering',
        summary: 'Quiz mode shows a blank screen on iPhone since this morning.',
        translatedSubject: 'Quiz does not load',
        translatedBody: 'Hello, since this morning quiz mode shows only a blank screen. iPhone 14.',
        latestText: 'Hallo, seit heute Morgen lädt der Quiz-Modus nicht mehr. iPhone 14.',
        draft: 'Hallo Jana,\n\ndanke für die Meldung.\n\nViele Grüße\nStudyflash Support',
        enrichment: null,
        analyzer: 'offline',
        usage: null,
        notes: [],
        createdDetail: 'needs triage',
        pass: null,
      },
      now,
    ),
  );
  return { ...made, draftForMessageId: 'AAMkMSG1', ...over };
}

export interface TeamsWorld {
  deps: TeamsDeps;
  store: InMemoryTicketStore;
  mailbox: FakeMailbox;
  sendQueue: InMemorySendQueue;
  cards: RecordingTicketCards;
  ticket: Ticket;
}

/** A ticket stored with a real reply draft in the fake mailbox. */
export async function teamsWorld(over: Partial<Ticket> = {}): Promise<TeamsWorld> {
  const store = new InMemoryTicketStore();
  const mailbox = new FakeMailbox();
  const sendQueue = new InMemorySendQueue();
  const cards = new RecordingTicketCards();
  const messageId = mailbox.deliver({ from: { name: 'Jana Muster', address: 'jana.muster@example.ch' }, subject: 'Quiz lädt nicht', text: 'Hallo…', internetMessageId: '<m1@customer.test>' });
  const draftMessageId = await mailbox.createReplyDraft(messageId, '<p>Hallo Jana</p>');
  const ticket = await store.create(ticketFixture({ messageId, draftMessageId, ...over }));
  const deps: TeamsDeps = { store, mailbox, sendQueue, roster: new StaticRoster(TEST_ROSTER), cards, log: silentLogger, now: () => new Date('2026-11-25T10:00:00.000Z') };
  return { deps, store, mailbox, sendQueue, cards, ticket };
}
