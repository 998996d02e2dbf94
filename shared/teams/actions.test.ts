// Card actions: every verb for every role, races under ETags, double approve, send failure and retry.
import { describe, expect, it } from 'vitest';
import type { Ticket } from '../domain.js';
import { AppError } from '../errors.js';
import type { RosterMember } from '../ports.js';
import { failOn, InMemoryTicketStore } from '../testing/index.js';
import { handleCardAction } from './actions.js';
import type { Actor, ActionOutcome, CardActionData } from './actions.js';
import type { CardVerb } from './authorize.js';
import { sendReply } from './send-reply.js';
import { AGENT_A, AGENT_B, LEAD, OUTSIDER, teamsWorld } from './testing.js';
import type { TeamsWorld } from './testing.js';

const actor = (m: { aadObjectId: string; name: string }): Actor => ({ aadObjectId: m.aadObjectId, name: m.name });
/** A ticket someone claimed (a person holds it). */
const owner = (m: RosterMember): Partial<Ticket> => ({ status: 'assigned', assignee: { aadObjectId: m.aadObjectId, name: m.name }, audit: [{ at: '2026-11-25T09:30:00.000Z', action: 'claimed', by: { aadObjectId: m.aadObjectId, name: m.name } }] });
/** A ticket routing assigned to an agent; nobody has acted on it yet. */
const routed = (m: RosterMember): Partial<Ticket> => ({ status: 'assigned', assignee: { aadObjectId: m.aadObjectId, name: m.name } });

/** Everything a refused action must leave alone. */
async function snapshot(w: TeamsWorld) {
  return { ticket: await w.store.get(w.ticket.id), writes: w.store.writes.length, draftHtml: w.mailbox.messages.get(w.ticket.draftMessageId!)?.htmlBody, jobs: w.sendQueue.jobs.length, cards: w.cards.published.length };
}

type Row = {
  verb: CardVerb;
  who: 'agent' | 'lead' | 'outsider';
  state: string;
  setup: Partial<Ticket>;
  data?: Omit<CardActionData, 'ticketId'>;
  as: { aadObjectId: string; name: string };
} & ({ expect: 'refused'; reason: RegExp } | { expect: 'applied'; check: (t: Ticket, w: TeamsWorld) => void });

const ROWS: Row[] = [
  // claim
  { verb: 'claim', who: 'agent', state: 'unassigned', setup: {}, as: AGENT_A, expect: 'applied', check: (t) => { expect(t.assignee?.aadObjectId).toBe(AGENT_A.aadObjectId); expect(t.status).toBe('assigned'); } },
  { verb: 'claim', who: 'agent', state: "someone else's", setup: owner(AGENT_B), as: AGENT_A, expect: 'refused', reason: new RegExp(`Already claimed by ${AGENT_B.name}`) },
  { verb: 'claim', who: 'agent', state: 'auto-assigned (nobody claimed yet)', setup: routed(AGENT_B), as: AGENT_A, expect: 'applied', check: (t) => expect(t.assignee?.aadObjectId).toBe(AGENT_A.aadObjectId) },
  { verb: 'claim', who: 'lead', state: "an agent's", setup: owner(AGENT_B), as: LEAD, expect: 'applied', check: (t) => { expect(t.assignee?.aadObjectId).toBe(LEAD.aadObjectId); expect(t.audit.at(-1)?.detail).toMatch(/took over/); } },
  { verb: 'claim', who: 'outsider', state: 'unassigned', setup: {}, as: OUTSIDER, expect: 'refused', reason: /not on the support roster/ },
  // release
  { verb: 'release', who: 'agent', state: 'own', setup: owner(AGENT_A), as: AGENT_A, expect: 'applied', check: (t) => { expect(t.assignee).toBeNull(); expect(t.status).toBe('open'); } },
  { verb: 'release', who: 'agent', state: "someone else's", setup: owner(AGENT_B), as: AGENT_A, expect: 'refused', reason: /Only .* or a lead can release/ },
  { verb: 'release', who: 'lead', state: "an agent's", setup: owner(AGENT_B), as: LEAD, expect: 'applied', check: (t) => expect(t.assignee).toBeNull() },
  { verb: 'release', who: 'outsider', state: "an agent's", setup: owner(AGENT_A), as: OUTSIDER, expect: 'refused', reason: /not on the support roster/ },
  // saveDraft
  { verb: 'saveDraft', who: 'agent', state: 'own', setup: owner(AGENT_A), data: { draft: 'Hallo Jana,\nneuer <b>Text</b>' }, as: AGENT_A, expect: 'applied', check: (t, w) => { expect(t.draft).toBe('Hallo Jana,\nneuer <b>Text</b>'); expect(w.mailbox.messages.get(t.draftMessageId!)?.htmlBody).toContain('Hallo Jana,<br>neuer &lt;b&gt;Text&lt;/b&gt;'); } },
  { verb: 'saveDraft', who: 'agent', state: 'unassigned', setup: {}, data: { draft: 'x' }, as: AGENT_A, expect: 'refused', reason: /Claim the ticket first/ },
  { verb: 'saveDraft', who: 'lead', state: "an agent's", setup: owner(AGENT_B), data: { draft: 'Lead text' }, as: LEAD, expect: 'applied', check: (t) => expect(t.draft).toBe('Lead text') },
  { verb: 'saveDraft', who: 'outsider', state: "an agent's", setup: owner(AGENT_A), data: { draft: 'evil' }, as: OUTSIDER, expect: 'refused', reason: /not on the support roster/ },
  // approve
  { verb: 'approve', who: 'agent', state: 'own', setup: owner(AGENT_A), data: { draft: 'Final text' }, as: AGENT_A, expect: 'applied', check: (t, w) => { expect(t.status).toBe('sending'); expect(w.sendQueue.jobs).toEqual([expect.objectContaining({ ticketId: t.id, requestedBy: { aadObjectId: AGENT_A.aadObjectId, name: AGENT_A.name } })]); expect(w.mailbox.messages.get(t.draftMessageId!)?.htmlBody).toContain('Final text'); } },
  { verb: 'approve', who: 'agent', state: "someone else's", setup: owner(AGENT_B), data: { draft: 'x' }, as: AGENT_A, expect: 'refused', reason: new RegExp(`Only ${AGENT_B.name} \\(the assignee\\) or a lead can send`) },
  { verb: 'approve', who: 'lead', state: "an agent's", setup: owner(AGENT_B), data: { draft: 'Lead sends' }, as: LEAD, expect: 'applied', check: (t, w) => { expect(t.status).toBe('sending'); expect(w.sendQueue.jobs).toHaveLength(1); } },
  { verb: 'approve', who: 'outsider', state: "an agent's", setup: owner(AGENT_A), data: { draft: 'should not be sent' }, as: OUTSIDER, expect: 'refused', reason: /not on the support roster/ },
  // reassign
  { verb: 'reassign', who: 'agent', state: 'own', setup: owner(AGENT_A), data: { assignee: AGENT_B.aadObjectId }, as: AGENT_A, expect: 'refused', reason: /Only a lead can reassign/ },
  { verb: 'reassign', who: 'lead', state: "an agent's", setup: owner(AGENT_A), data: { assignee: AGENT_B.aadObjectId }, as: LEAD, expect: 'applied', check: (t) => { expect(t.assignee?.aadObjectId).toBe(AGENT_B.aadObjectId); expect(t.audit.at(-1)).toMatchObject({ action: 'reassigned', by: { aadObjectId: LEAD.aadObjectId } }); } },
  { verb: 'reassign', who: 'lead', state: 'unassigned, to someone off the roster', setup: {}, data: { assignee: OUTSIDER.aadObjectId }, as: LEAD, expect: 'refused', reason: /Pick someone from the support roster/ },
  { verb: 'reassign', who: 'lead', state: 'unassigned, to a lead', setup: {}, data: { assignee: LEAD.aadObjectId }, as: LEAD, expect: 'refused', reason: /not an agent/ },
  { verb: 'reassign', who: 'outsider', state: "an agent's", setup: owner(AGENT_A), data: { assignee: OUTSIDER.aadObjectId }, as: OUTSIDER, expect: 'refused', reason: /not on the support roster/ },
  // recategorize
  { verb: 'recategorize', who: 'agent', state: 'own', setup: owner(AGENT_A), data: { category: 'refund-request' }, as: AGENT_A, expect: 'applied', check: (t, w) => { expect(t.category).toBe('refund-request'); expect(t.corrections).toEqual([expect.objectContaining({ from: 'bug-report', to: 'refund-request', via: 'card', by: { aadObjectId: AGENT_A.aadObjectId, name: AGENT_A.name } })]); expect(t.assignee?.aadObjectId).toBe(AGENT_A.aadObjectId); expect(w.mailbox.messages.get(t.messageId)?.categories).toContain('refund-request'); } },
  { verb: 'recategorize', who: 'agent', state: "someone else's", setup: owner(AGENT_B), data: { category: 'other' }, as: AGENT_A, expect: 'refused', reason: new RegExp(`Only ${AGENT_B.name} \\(the assignee\\) or a lead can recategorize`) },
  { verb: 'recategorize', who: 'lead', state: 'unassigned', setup: {}, data: { category: 'refund-request' }, as: LEAD, expect: 'applied', check: (t) => { expect(t.category).toBe('refund-request'); expect(t.assignee).not.toBeNull(); expect(t.audit.at(-1)?.detail).toMatch(/bug-report → refund-request \(card\); routed to/); } },
  { verb: 'recategorize', who: 'lead', state: 'unassigned, to no category', setup: {}, data: { category: 'billing' }, as: LEAD, expect: 'refused', reason: /Pick one of the categories/ },
  { verb: 'recategorize', who: 'outsider', state: "an agent's", setup: owner(AGENT_A), data: { category: 'other' }, as: OUTSIDER, expect: 'refused', reason: /not on the support roster/ },
  // resolve
  { verb: 'resolve', who: 'agent', state: 'own', setup: owner(AGENT_A), data: { reason: 'duplicate' }, as: AGENT_A, expect: 'applied', check: (t, w) => { expect(t).toMatchObject({ status: 'resolved', resolution: { reason: 'duplicate', via: 'card', by: { aadObjectId: AGENT_A.aadObjectId } }, draftMessageId: null }); expect(w.mailbox.messages.get(t.messageId)).toMatchObject({ flag: { status: 'complete' }, isRead: true }); } },
  { verb: 'resolve', who: 'agent', state: "someone else's", setup: owner(AGENT_B), data: { reason: 'spam' }, as: AGENT_A, expect: 'refused', reason: new RegExp(`Only ${AGENT_B.name} \\(the assignee\\) or a lead can resolve`) },
  { verb: 'resolve', who: 'agent', state: 'unassigned', setup: {}, data: { reason: 'spam' }, as: AGENT_A, expect: 'refused', reason: /Claim the ticket first/ },
  { verb: 'resolve', who: 'lead', state: "an agent's", setup: owner(AGENT_A), data: { reason: 'spam' }, as: LEAD, expect: 'applied', check: (t, w) => { expect(t.resolution?.reason).toBe('spam'); expect(w.mailbox.messages.get(t.messageId)?.folder).toBe('junkemail'); } },
  { verb: 'resolve', who: 'lead', state: "an agent's, with no reason", setup: owner(AGENT_A), data: {}, as: LEAD, expect: 'refused', reason: /Pick a reason/ },
  { verb: 'resolve', who: 'outsider', state: "an agent's", setup: owner(AGENT_A), data: { reason: 'spam' }, as: OUTSIDER, expect: 'refused', reason: /not on the support roster/ },
  // reopen
  { verb: 'reopen', who: 'agent', state: "someone else's resolved", setup: { ...owner(AGENT_B), status: 'resolved', resolution: { reason: 'no-reply-needed', by: null, via: 'outlook', at: '2026-11-25T09:40:00.000Z' } }, as: AGENT_A, expect: 'applied', check: (t) => expect(t).toMatchObject({ status: 'assigned', resolution: null, assignee: { aadObjectId: AGENT_B.aadObjectId } }) },
  { verb: 'reopen', who: 'agent', state: 'an open', setup: owner(AGENT_A), as: AGENT_A, expect: 'refused', reason: /cannot be done in the ticket's current state/ },
  { verb: 'reopen', who: 'outsider', state: 'a sent', setup: { ...owner(AGENT_A), status: 'sent' }, as: OUTSIDER, expect: 'refused', reason: /not on the support roster/ },
];

describe('card actions by role', () => {
  for (const row of ROWS) {
    it(`${row.verb} by ${row.who} on ${row.state} ticket: ${row.expect === 'applied' ? 'applied and the card updated' : 'refused, nothing changes'}`, async () => {
      const w = await teamsWorld(row.setup);
      const before = await snapshot(w);
      const out = await handleCardAction(w.deps, row.verb, { ticketId: w.ticket.id, ...row.data }, actor(row.as));
      if (row.expect === 'refused') {
        expect(out).toEqual({ kind: 'refused', message: expect.stringMatching(row.reason) });
        expect(await snapshot(w)).toEqual(before);
      } else {
        expect(out.kind).toBe('card');
        const t = (await w.store.get(w.ticket.id))!;
        row.check(t, w);
        expect(w.cards.published.at(-1)).toMatchObject({ ticketId: t.id });
      }
    });
  }

  for (const who of [AGENT_A, LEAD, OUTSIDER]) {
    it(`refresh by ${who.name} returns their view and changes nothing`, async () => {
      const w = await teamsWorld(owner(AGENT_B));
      const before = await snapshot(w);
      const out = await handleCardAction(w.deps, 'refresh', { ticketId: w.ticket.id }, actor(who));
      expect(out).toMatchObject({ kind: 'card', viewer: who === OUTSIDER ? null : { aadObjectId: who.aadObjectId } });
      expect(await snapshot(w)).toEqual(before);
    });
  }

  it('an unknown ticket id is refused with a clear message', async () => {
    const w = await teamsWorld();
    expect(await handleCardAction(w.deps, 'claim', { ticketId: 'nope' }, actor(AGENT_A))).toEqual({ kind: 'refused', message: 'This ticket no longer exists.' });
  });

  it('an empty reply is neither saved nor sent', async () => {
    const w = await teamsWorld(owner(AGENT_A));
    const before = await snapshot(w);
    const out = await handleCardAction(w.deps, 'approve', { ticketId: w.ticket.id, draft: '   ' }, actor(AGENT_A));
    expect(out).toEqual({ kind: 'refused', message: expect.stringMatching(/empty/) });
    expect(await snapshot(w)).toEqual(before);
  });

  it('nothing can change while the reply is being sent or after it was sent', async () => {
    for (const status of ['sending', 'sent'] as const) {
      const w = await teamsWorld({ ...owner(AGENT_A), status });
      for (const verb of ['claim', 'release', 'saveDraft', 'approve'] as const) {
        const out = await handleCardAction(w.deps, verb, { ticketId: w.ticket.id, draft: 'x' }, actor(LEAD));
        expect(out.kind, `${verb} on ${status}`).toBe('refused');
      }
      expect(w.sendQueue.jobs).toHaveLength(0);
    }
  });
});

/** A store whose first `n` reads wait for each other, so concurrent actions really read the same version. */
class GatedStore extends InMemoryTicketStore {
  private waiting: (() => void)[] = [];
  constructor(private gate: number) {
    super();
  }
  override async get(id: string): Promise<Ticket | null> {
    const t = await super.get(id);
    if (this.gate > 0) {
      this.gate--;
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        if (this.gate === 0) for (const r of this.waiting.splice(0)) r();
      });
    }
    return t;
  }
}

async function racingWorld(over: Partial<Ticket>): Promise<TeamsWorld> {
  const w = await teamsWorld(over);
  const gated = new GatedStore(2);
  await gated.create({ ...(await w.store.get(w.ticket.id))!, etag: undefined });
  return { ...w, store: gated, deps: { ...w.deps, store: gated } };
}

describe('races', () => {
  it('two agents claiming at once: exactly one owns the ticket, the other is told who', async () => {
    const w = await racingWorld({});
    const [a, b] = await Promise.all([
      handleCardAction(w.deps, 'claim', { ticketId: w.ticket.id }, actor(AGENT_A)),
      handleCardAction(w.deps, 'claim', { ticketId: w.ticket.id }, actor(AGENT_B)),
    ]);
    const outcomes = [a, b];
    const won = outcomes.filter((o) => o.kind === 'card');
    const lost = outcomes.filter((o): o is Extract<ActionOutcome, { kind: 'refused' }> => o.kind === 'refused');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const t = (await w.store.get(w.ticket.id))!;
    expect(lost[0]!.message).toBe(`Already claimed by ${t.assignee!.name}.`);
    expect(t.audit.filter((e) => e.action === 'claimed')).toHaveLength(1);
  });

  it('approve clicked twice at once queues exactly one send', async () => {
    const w = await racingWorld(owner(AGENT_A));
    const outs = await Promise.all([
      handleCardAction(w.deps, 'approve', { ticketId: w.ticket.id, draft: 'Einmal senden' }, actor(AGENT_A)),
      handleCardAction(w.deps, 'approve', { ticketId: w.ticket.id, draft: 'Einmal senden' }, actor(AGENT_A)),
    ]);
    expect(outs.map((o) => o.kind).sort()).toEqual(['card', 'refused']);
    expect(w.sendQueue.jobs).toHaveLength(1);
  });
});

describe('approve → send', () => {
  async function deliverSends(w: TeamsWorld) {
    const results = [];
    for (const job of w.sendQueue.jobs.splice(0)) results.push(await sendReply({ store: w.store, mailbox: w.mailbox, cards: w.cards, log: w.deps.log, now: w.deps.now }, job));
    return results;
  }
  const sent = (w: TeamsWorld) => [...w.mailbox.messages.values()].filter((m) => m.folder === 'sentitems');

  it('an approve with the text unchanged sends the Outlook draft as it is: one Graph call, no PATCH, no look-up', async () => {
    const w = await teamsWorld(owner(AGENT_A));
    const before = { ...w.mailbox.calls };
    await handleCardAction(w.deps, 'approve', { ticketId: w.ticket.id, draft: w.ticket.draft }, actor(AGENT_A));
    expect(await deliverSends(w)).toEqual(['sent']);
    expect((w.mailbox.calls.updateDraft ?? 0) - (before.updateDraft ?? 0)).toBe(0);
    expect((w.mailbox.calls.isDraft ?? 0) - (before.isDraft ?? 0)).toBe(0);
    expect((w.mailbox.calls.sendDraft ?? 0) - (before.sendDraft ?? 0)).toBe(1);
  });

  it('approve twice (second click after the first) sends the reply exactly once, with the approved text', async () => {
    const w = await teamsWorld(owner(AGENT_A));
    const first = await handleCardAction(w.deps, 'approve', { ticketId: w.ticket.id, draft: 'Hallo Jana, behoben.' }, actor(AGENT_A));
    const second = await handleCardAction(w.deps, 'approve', { ticketId: w.ticket.id, draft: 'Hallo Jana, behoben.' }, actor(AGENT_A));
    expect(first.kind).toBe('card');
    expect(second).toEqual({ kind: 'refused', message: expect.stringMatching(/being sent/) });
    expect(await deliverSends(w)).toEqual(['sent']);
    expect(sent(w)).toHaveLength(1);
    expect(sent(w)[0]!.htmlBody).toContain('Hallo Jana, behoben.');
    const t = (await w.store.get(w.ticket.id))!;
    expect(t).toMatchObject({ status: 'sent', sentMessageId: w.ticket.draftMessageId, lastError: null });
    expect(t.audit.at(-1)).toMatchObject({ action: 'sent', by: { aadObjectId: AGENT_A.aadObjectId } });
    // and a click after sending is refused too
    expect(await handleCardAction(w.deps, 'approve', { ticketId: w.ticket.id }, actor(AGENT_A))).toEqual({ kind: 'refused', message: expect.stringMatching(/answered/) });
  });

  it('a redelivered send job does not send a second mail', async () => {
    const w = await teamsWorld(owner(AGENT_A));
    await handleCardAction(w.deps, 'approve', { ticketId: w.ticket.id, draft: 'Text' }, actor(AGENT_A));
    const job = w.sendQueue.jobs[0]!;
    w.sendQueue.jobs.push(structuredClone(job));
    expect(await deliverSends(w)).toEqual(['sent', 'already-sent']);
    expect(w.mailbox.calls.sendDraft).toBe(1);
  });

  it('a draft already sent from Outlook is recorded as sent without sending again', async () => {
    const w = await teamsWorld(owner(AGENT_A));
    await handleCardAction(w.deps, 'approve', { ticketId: w.ticket.id }, actor(AGENT_A));
    await w.mailbox.sendDraft(w.ticket.draftMessageId!); // someone pressed Send in Outlook meanwhile
    expect(await deliverSends(w)).toEqual(['already-sent']);
    // ours was refused by Graph (not a draft any more); the one from Outlook is the only send
    expect(w.mailbox.calls.sendDraft).toBe(2);
    expect([...w.mailbox.messages.values()].filter((m) => m.folder === 'sentitems')).toHaveLength(1);
    expect((await w.store.get(w.ticket.id))!.status).toBe('sent');
  });

  it('a Graph send failure shows on the ticket, keeps the draft, and Retry sends it', async () => {
    const w = await teamsWorld(owner(AGENT_A));
    await handleCardAction(w.deps, 'approve', { ticketId: w.ticket.id, draft: 'Hallo Jana, erledigt.' }, actor(AGENT_A));
    const restore = failOn(w.mailbox, 'sendDraft', 'before', 1, () => new AppError('forbidden', 'graph: 403 ErrorAccessDenied Access is denied.', { status: 403 }));
    expect(await deliverSends(w)).toEqual(['send-failed']);
    restore();
    let t = (await w.store.get(w.ticket.id))!;
    expect(t.status).toBe('send-failed');
    expect(t.lastError).toMatch(/Sending failed: graph: 403 ErrorAccessDenied.*still in Outlook/);
    expect(w.mailbox.messages.get(t.draftMessageId!)).toMatchObject({ isDraft: true, folder: 'drafts' });
    expect(w.cards.published.at(-1)).toMatchObject({ status: 'send-failed' });

    const retry = await handleCardAction(w.deps, 'approve', { ticketId: w.ticket.id }, actor(AGENT_A)); // Retry carries no text
    expect(retry.kind).toBe('card');
    expect(await deliverSends(w)).toEqual(['sent']);
    t = (await w.store.get(w.ticket.id))!;
    expect(t).toMatchObject({ status: 'sent', lastError: null });
    expect(sent(w)).toHaveLength(1);
    expect(sent(w)[0]!.htmlBody).toContain('Hallo Jana, erledigt.');
  });

  it('when saving the text into Outlook fails, nothing is queued and the ticket says why', async () => {
    const w = await teamsWorld(owner(AGENT_A));
    failOn(w.mailbox, 'updateDraft', 'before', 1, () => new AppError('unavailable', 'graph: 503 ServiceUnavailable', { status: 503 }));
    const out = await handleCardAction(w.deps, 'approve', { ticketId: w.ticket.id, draft: 'Neuer Text' }, actor(AGENT_A));
    expect(out).toMatchObject({ kind: 'card', notice: expect.stringMatching(/Saving the reply .* failed .*Nothing was sent/) });
    expect(w.sendQueue.jobs).toHaveLength(0);
    const t = (await w.store.get(w.ticket.id))!;
    expect(t).toMatchObject({ status: 'assigned', draft: 'Neuer Text', lastError: expect.stringMatching(/Nothing was sent/) });
  });

  it('a draft that vanished from Outlook is retried by the queue, then reported on the card', async () => {
    const w = await teamsWorld(owner(AGENT_A));
    await handleCardAction(w.deps, 'approve', { ticketId: w.ticket.id }, actor(AGENT_A));
    const job = w.sendQueue.jobs[0]!;
    w.mailbox.messages.delete(w.ticket.draftMessageId!);
    const deps = { store: w.store, mailbox: w.mailbox, cards: w.cards, log: w.deps.log };
    await expect(sendReply(deps, job, 1)).rejects.toThrow(/not found/);
    expect(await sendReply(deps, job, 3)).toBe('send-failed');
    expect((await w.store.get(w.ticket.id))!.lastError).toMatch(/no longer in Outlook/);
  });
});
