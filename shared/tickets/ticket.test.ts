import { describe, expect, it } from 'vitest';
import { TICKET_STATUSES, type Person, type Ticket, type TicketStatus } from '../domain.js';
import { ticketFixture } from '../teams/testing.js';
import { InMemoryTicketStore } from '../testing/index.js';
import { ConcurrencyError } from '../ports.js';
import * as life from './ticket.js';
import { readLoad } from './load.js';

const AT = '2026-11-26T10:00:00.000Z';
const ANA: Person = { aadObjectId: 'aad-ana', name: 'Ana' };
const BEN: Person = { aadObjectId: 'aad-ben', name: 'Ben' };

/** A ticket in `status`, with an assignee and an Outlook draft, as the transitions expect to find it. */
function inStatus(status: TicketStatus, over: Partial<Ticket> = {}): Ticket {
  return ticketFixture({ status, assignee: status === 'open' ? null : ANA, draftMessageId: 'AAMkDRAFT1', ...over });
}

type Move = { name: string; apply: (t: Ticket) => Ticket; legal: readonly TicketStatus[]; to?: (from: TicketStatus) => TicketStatus };

const MOVES: Move[] = [
  { name: 'claim', apply: (t) => life.claim(t, BEN, AT), legal: ['open', 'assigned', 'send-failed', 'failed'], to: (f) => (f === 'open' ? 'assigned' : f) },
  { name: 'release', apply: (t) => life.release({ ...t, assignee: ANA }, ANA, AT), legal: ['open', 'assigned', 'send-failed', 'failed'], to: (f) => (f === 'assigned' || f === 'open' ? 'open' : f) },
  { name: 'reassign', apply: (t) => life.reassign(t, BEN, ANA, AT), legal: ['open', 'assigned', 'send-failed', 'failed'], to: (f) => (f === 'open' ? 'assigned' : f) },
  { name: 'saveDraft', apply: (t) => life.saveDraft(t, 'Neu', ANA, AT), legal: ['open', 'assigned', 'send-failed', 'failed'], to: (f) => f },
  { name: 'approve', apply: (t) => life.approve(t, ANA, undefined, AT), legal: ['open', 'assigned', 'send-failed'], to: () => 'sending' },
  { name: 'undoApprove', apply: (t) => life.undoApprove(t, 'assigned', 'queue down', AT), legal: ['sending'], to: () => 'assigned' },
  { name: 'markSent (card)', apply: (t) => life.markSent(t, { via: 'card', by: ANA, messageId: 'AAMkDRAFT1', draftUse: 'unchanged' }, AT), legal: ['sending'], to: () => 'sent' },
  {
    name: 'markSent (outlook)',
    apply: (t) => life.markSent(t, { via: 'outlook', by: null, messageId: 'AAMkSENT9', draftUse: 'edited' }, AT),
    legal: ['open', 'assigned', 'send-failed', 'failed', 'sending', 'sent', 'resolved'],
    to: (f) => (f === 'sent' || f === 'resolved' ? f : 'sent'),
  },
  { name: 'markSendFailed', apply: (t) => life.markSendFailed(t, 'Graph 503', ANA, AT), legal: ['sending'], to: () => 'send-failed' },
  { name: 'recategorize', apply: (t) => life.recategorize(t, 'refund-request', ANA, 'card', AT), legal: ['open', 'assigned', 'send-failed', 'failed', 'sent', 'resolved'], to: (f) => f },
  { name: 'resolve', apply: (t) => life.resolve(t, 'duplicate', ANA, 'card', AT), legal: ['open', 'assigned', 'send-failed', 'failed', 'sent', 'resolved'], to: () => 'resolved' },
  { name: 'reopen', apply: (t) => life.reopen(t, ANA, AT), legal: ['sent', 'resolved'], to: () => 'assigned' },
];

describe('ticket lifecycle transitions', () => {
  const rows = MOVES.flatMap((m) => TICKET_STATUSES.map((from) => ({ move: m, from, legal: m.legal.includes(from) })));

  it.each(rows.map((r) => [r.move.name, r.from, r.legal ? 'legal' : 'refused', r] as const))('%s from %s is %s', (_n, from, _l, r) => {
    const before = inStatus(from);
    if (!r.legal) {
      expect(() => r.move.apply(before)).toThrow(life.TransitionError);
      return;
    }
    const after = r.move.apply(before);
    expect(after.status).toBe(r.move.to!(from));
    // A real change leaves an audit entry; the input ticket is never mutated.
    if (after !== before) expect(after.audit.length).toBe(before.audit.length + 1);
    expect(before.status).toBe(from);
  });

  it('a refused move says why in words a person reads, e.g. an approve after a reply from Outlook', () => {
    const t = inStatus('sent', { repliedVia: 'outlook' });
    expect(() => life.approve(t, ANA, undefined, AT)).toThrow(/answered from Outlook.*nothing was sent from here/);
  });

  it('a reply from Outlook records how it went out, how much of the draft it kept, and the first response time once', () => {
    const t = life.markSent(inStatus('assigned'), { via: 'outlook', by: BEN, messageId: 'AAMkSENT9', draftUse: 'edited' }, AT);
    expect(t).toMatchObject({ status: 'sent', repliedVia: 'outlook', draftUse: 'edited', sentMessageId: 'AAMkSENT9', firstResponseAt: AT });
    const again = life.markSent(t, { via: 'outlook', by: BEN, messageId: 'AAMkSENT9', draftUse: 'edited' }, '2026-11-26T11:00:00.000Z');
    expect(again).toBe(t); // the same reply seen twice changes nothing
    const second = life.markSent(t, { via: 'outlook', by: BEN, messageId: 'AAMkSENT10', draftUse: 'none' }, '2026-11-26T12:00:00.000Z');
    expect(second).toMatchObject({ status: 'sent', firstResponseAt: AT, sentMessageId: 'AAMkSENT9' });
    expect(second.audit.at(-1)).toMatchObject({ action: 'replied-again', ref: 'AAMkSENT10' });
  });

  it('recategorize records every correction with who and where, and a same-category move is no change', () => {
    const t = life.recategorize(inStatus('open', { category: 'bug-report' }), 'refund-request', null, 'outlook', AT, { assignee: BEN, suggestedAssignee: BEN });
    expect(t.corrections).toEqual([{ field: 'category', from: 'bug-report', to: 'refund-request', by: null, via: 'outlook', at: AT }]);
    expect(t).toMatchObject({ category: 'refund-request', assignee: BEN, status: 'assigned' });
    expect(life.recategorize(t, 'refund-request', ANA, 'card', AT)).toBe(t);
  });

  it('resolving an answered ticket means answered; resolving twice changes nothing; reopen clears the resolution', () => {
    const sent = inStatus('sent');
    const r = life.resolve(sent, 'no-reply-needed', null, 'outlook', AT);
    expect(r.resolution).toEqual({ reason: 'answered', by: null, via: 'outlook', at: AT });
    expect(life.resolve(r, 'spam', ANA, 'card', AT)).toBe(r);
    expect(life.reopen(r, ANA, AT)).toMatchObject({ status: 'assigned', resolution: null });
  });

  it('a customer reply reopens a resolved ticket for the same assignee when its pass settles', () => {
    const resolved = life.resolve(inStatus('assigned'), 'no-reply-needed', ANA, 'card', AT);
    const replied = life.customerReplied(resolved, { messageId: 'AAMkMSG2', latestText: 'Doch noch eine Frage', draft: 'Antwort', enrichment: null, usage: null, notes: [], pass: null }, AT);
    expect(replied.status).toBe('resolved');
    expect(life.settle(replied)).toMatchObject({ status: 'assigned', assignee: ANA, resolution: null, aiDraft: 'Antwort' });
  });

  it('fail marks the ticket failed only for its first message', () => {
    expect(life.fail(inStatus('assigned'), 'AAMkMSG1', 'boom', AT).status).toBe('failed');
    expect(life.fail(inStatus('assigned', { messageIds: ['AAMkMSG1', 'AAMkMSG2'] }), 'AAMkMSG2', 'boom', AT).status).toBe('assigned');
  });
});

describe('the one update loop', () => {
  it('re-reads and decides again when another writer won the race, and the load follows the assignee', async () => {
    const store = new InMemoryTicketStore();
    await life.createTicket(store, inStatus('open'));
    let calls = 0;
    const r = await life.updateTicket(store, 'T-1', (t) => {
      calls++;
      if (calls === 1) void store.update({ ...t, notes: ['someone else wrote first'] }); // lands before our write
      return life.claim(t, ANA, AT);
    });
    expect(calls).toBe(2);
    expect(r.after).toMatchObject({ status: 'assigned', assignee: ANA, notes: ['someone else wrote first'] });
    expect(await readLoad(store)).toEqual(new Map([['aad-ana', 1]]));
    await life.updateTicket(store, 'T-1', (t) => life.resolve(t, 'spam', ANA, 'card', AT));
    expect(await readLoad(store)).toEqual(new Map([['aad-ana', 0]]));
  });

  it('gives up after its bounded attempts with a retryable error', async () => {
    const store = new InMemoryTicketStore();
    await life.createTicket(store, inStatus('open'));
    const failing = Object.assign(Object.create(store) as InMemoryTicketStore, { update: async () => Promise.reject(new ConcurrencyError('always stale')) });
    await expect(life.updateTicket(failing, 'T-1', (t) => life.claim(t, ANA, AT))).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('a missing ticket is TicketNotFound; a refused move writes nothing', async () => {
    const store = new InMemoryTicketStore();
    await expect(life.updateTicket(store, 'nope', (t) => t)).rejects.toBeInstanceOf(life.TicketNotFound);
    await life.createTicket(store, inStatus('sent'));
    const writes = store.writes.length;
    await expect(life.updateTicket(store, 'T-1', (t) => life.approve(t, ANA, undefined, AT))).rejects.toBeInstanceOf(life.TransitionError);
    expect(store.writes.length).toBe(writes);
  });
});
