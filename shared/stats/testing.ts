// Test helpers: a ticket store wrapped like the composition root wraps it (service times, then
// stats rows), and tickets made by the real lifecycle transitions at chosen times.
import type { Category, DraftUse, Person, ResolutionReason, Ticket } from '../domain.js';
import { InMemoryTicketStore } from '../testing/memory-store.js';
import type { TicketStore } from '../ports.js';
import { approve, claim, markSent, newTicket, reassign, recategorize, resolve, settle, updateTicket, writeTicket } from '../tickets/ticket.js';
import { calendar, parseTargets } from '../time/business.js';
import { withServiceTimes, type ServiceClock } from '../time/service.js';
import { InMemoryStatsIndex, withStatsIndex } from './store.js';

export const TEST_CLOCK: ServiceClock = {
  calendar: calendar({ hours: 'Mon-Fri 08:00-18:00', zone: 'Europe/Zurich' }),
  targets: parseTargets(''),
  approachingShare: 0.75,
};

export function wrappedStore(clock: ServiceClock = TEST_CLOCK): { store: TicketStore; raw: InMemoryTicketStore; index: InMemoryStatsIndex } {
  const raw = new InMemoryTicketStore();
  const index = new InMemoryStatsIndex();
  return { raw, index, store: withStatsIndex(withServiceTimes(raw, clock), index, clock.calendar.zone) };
}

export interface TicketStory {
  id: string;
  receivedAt: string;
  category: Category;
  language: string;
  /** Auto-assigned to this person (confident); absent = needs triage. */
  routedTo?: Person;
  reassignTo?: { to: Person; by: Person; at: string };
  recategorize?: { to: Category; by: Person; at: string };
  claim?: { by: Person; at: string };
  reply?: { via: 'card' | 'outlook'; by: Person; at: string; draftUse: DraftUse };
  resolve?: { reason: ResolutionReason; by: Person; at: string };
}

/** Creates the ticket and plays its story through the lifecycle transitions. */
export async function playStory(store: TicketStore, s: TicketStory): Promise<Ticket> {
  const created = newTicket(
    {
      id: s.id,
      messageId: `msg-${s.id}`,
      internetMessageId: `<${s.id}@customer.test>`,
      conversationId: `conv-${s.id}`,
      from: { name: 'Customer', address: `${s.id.toLowerCase()}@customer.test` },
      subject: `Question ${s.id}`,
      receivedAt: s.receivedAt,
      language: s.language,
      category: s.category,
      confidence: s.routedTo ? 0.9 : 0.5,
      needsTriage: !s.routedTo,
      triageReasons: [],
      assignee: s.routedTo ?? null,
      suggestedAssignee: s.routedTo ?? null,
      team: 'general',
      summary: `Summary ${s.id}`,
      translatedSubject: `Question ${s.id}`,
      translatedBody: 'Body',
      latestText: 'Body',
      draft: 'Hello, here is the answer.',
      enrichment: null,
      analyzer: 'offline',
      usage: null,
      notes: [],
      createdDetail: s.routedTo ? `assigned to ${s.routedTo.name}` : 'needs triage',
      pass: null,
    },
    s.receivedAt,
  );
  await writeTicket(store, s.id, () => ({ ...settle(created), draftMessageId: `draft-${s.id}`, cardConversationId: `chan;messageid=${s.id}`, cardActivityId: s.id }));
  const step = (f: (t: Ticket) => Ticket) => updateTicket(store, s.id, f);
  if (s.claim) await step((t) => claim(t, s.claim!.by, s.claim!.at));
  if (s.reassignTo) await step((t) => reassign(t, s.reassignTo!.to, s.reassignTo!.by, s.reassignTo!.at));
  if (s.recategorize) await step((t) => recategorize(t, s.recategorize!.to, s.recategorize!.by, 'card', s.recategorize!.at));
  if (s.reply) {
    const r = s.reply;
    if (r.via === 'card') await step((t) => approve(t, r.by, undefined, r.at));
    await step((t) => markSent(t, { via: r.via, by: r.by, messageId: `sent-${s.id}`, draftUse: r.draftUse }, r.at));
  }
  if (s.resolve) await step((t) => resolve(t, s.resolve!.reason, s.resolve!.by, 'card', s.resolve!.at));
  return (await store.get(s.id))!;
}
