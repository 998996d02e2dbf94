import { describe, expect, it } from 'vitest';
import type { Ticket } from '../domain.js';
import { AppError } from '../errors.js';
import { handleCardAction } from '../teams/actions.js';
import { sendReply } from '../teams/send-reply.js';
import { createTestPipeline, InMemorySendQueue, InMemoryWorkQueue, analysisFor, silentLogger, TEST_ROSTER, type TestPipeline } from '../testing/index.js';
import { draftToHtml } from '../teams/draft.js';
import { readLoad } from './load.js';
import { syncOutlookChange, type OutlookSyncDeps } from './outlook-sync.js';
import { processTicket } from './process.js';
import { reconcile } from './reconcile.js';
import { FakeSubscriptions } from '../testing/index.js';

const customer = { name: 'Jana Muster', address: 'jana.muster@example.ch' };
const LEAD = TEST_ROSTER.find((m) => m.role === 'lead')!;
const SOPHIE = TEST_ROSTER.find((m) => m.aadObjectId === 'agent-pq')!;
let n = 0;

interface World extends TestPipeline {
  sync: OutlookSyncDeps;
  ticket: () => Promise<Ticket>;
  messageId: string;
}

async function world(category: Parameters<typeof analysisFor>[0] = 'product-question', confidence = 0.9): Promise<World> {
  const p = createTestPipeline();
  p.analyzer.script(() => ({ ...analysisFor(category), confidence, draft: 'Hallo Jana,\n\nso exportierst du deine Karten: Einstellungen → Export.\n\nViele Grüße\nStudyflash Support' }));
  const messageId = p.mailbox.deliver({ from: customer, subject: 'Export?', text: 'Wie exportiere ich meine Karten?' });
  const out = await processTicket(p.deps, { messageId }, { invocationId: `inv-${++n}` });
  if (out.outcome !== 'ticket') throw new Error(`expected a ticket, got ${out.outcome}`);
  const sync: OutlookSyncDeps = { store: p.store, mailbox: p.mailbox, cards: p.cards, roster: p.roster, log: silentLogger };
  return { ...p, sync, messageId, ticket: async () => (await p.store.get(out.ticketId))! };
}

const sentChange = (messageId: string) => ({ messageId, change: { folder: 'sentitems' as const, type: 'created' as const } });
const inboxChange = (messageId: string, type: 'updated' | 'deleted' = 'updated') => ({ messageId, change: { folder: 'inbox' as const, type } });

describe('Outlook → ticket: replies sent from Outlook', () => {
  it('the AI draft sent unchanged from Outlook: sent via outlook, draft use unchanged, the card says so', async () => {
    const w = await world();
    const t = await w.ticket();
    w.mailbox.outlookSendDraft(t.draftMessageId!);
    // Nobody ever reads a sent ticket that still names the draft it sent as its draft.
    const written: Ticket[] = [];
    const update = w.store.update.bind(w.store);
    w.store.update = (x: Ticket) => (written.push(x), update(x));
    const out = await syncOutlookChange(w.sync, sentChange(t.draftMessageId!));
    expect(out).toMatchObject({ outcome: 'applied' });
    expect(written.filter((x) => x.status === 'sent' && x.draftMessageId)).toEqual([]);
    expect(await w.ticket()).toMatchObject({ status: 'sent', repliedVia: 'outlook', draftUse: 'unchanged', sentMessageId: t.draftMessageId, draftMessageId: null });
    expect(w.cards.published.at(-1)?.status).toBe('sent');
    // Seen again (a duplicate notification, the reconcile): nothing changes, no Graph call.
    const calls = w.mailbox.totalCalls;
    expect(await syncOutlookChange(w.sync, sentChange(t.draftMessageId!))).toMatchObject({ outcome: 'unchanged' });
    expect(w.mailbox.totalCalls).toBe(calls);
  });

  it('the AI draft edited in Outlook before sending counts as edited', async () => {
    const w = await world();
    const t = await w.ticket();
    w.mailbox.outlookSendDraft(t.draftMessageId!, draftToHtml('Hallo Jana,\n\nso exportierst du deine Karten: Einstellungen → Export → PDF.\n\nViele Grüße\nLea'));
    await syncOutlookChange(w.sync, sentChange(t.draftMessageId!));
    expect(await w.ticket()).toMatchObject({ status: 'sent', repliedVia: 'outlook', draftUse: 'edited' });
  });

  it("an agent's own reply: sent via outlook with draft use none, and the stale AI draft is deleted so nobody sends a second reply", async () => {
    const w = await world();
    const t = await w.ticket();
    const own = w.mailbox.outlookReply(w.messageId, 'Hi Jana, please send us a screenshot of the settings page.');
    await syncOutlookChange(w.sync, sentChange(own));
    const after = await w.ticket();
    expect(after).toMatchObject({ status: 'sent', repliedVia: 'outlook', draftUse: 'none', sentMessageId: own, draftMessageId: null });
    expect(w.mailbox.messages.get(t.draftMessageId!)?.folder).toBe('deleteditems');
    expect(after.audit.map((a) => a.action)).toContain('draft-deleted');
  });

  it('approve on the card after an Outlook reply is refused with a clear message and sends nothing', async () => {
    const w = await world();
    const t = await w.ticket();
    const own = w.mailbox.outlookReply(w.messageId, 'Answered by hand.');
    await syncOutlookChange(w.sync, sentChange(own));
    const sendQueue = new InMemorySendQueue();
    const out = await handleCardAction({ ...w.sync, sendQueue }, 'approve', { ticketId: t.id, draft: 'Noch eine Antwort' }, { aadObjectId: LEAD.aadObjectId, name: LEAD.name });
    expect(out).toEqual({ kind: 'refused', message: expect.stringMatching(/answered from Outlook.*nothing was sent/i) });
    expect(sendQueue.jobs).toHaveLength(0);
    expect([...w.mailbox.messages.values()].filter((m) => m.folder === 'sentitems')).toHaveLength(1);
  });

  it("the card's own send is recognised in Sent Items and not counted as an Outlook reply", async () => {
    const w = await world();
    const t = await w.ticket();
    const sendQueue = new InMemorySendQueue();
    await handleCardAction({ ...w.sync, sendQueue }, 'approve', { ticketId: t.id }, { aadObjectId: SOPHIE.aadObjectId, name: SOPHIE.name });
    // The notification for the sent draft may arrive while the send is still in flight…
    await sendReply({ ...w.sync }, sendQueue.jobs[0]!);
    expect(await syncOutlookChange(w.sync, sentChange(t.draftMessageId!))).toMatchObject({ outcome: 'unchanged' });
    expect(await w.ticket()).toMatchObject({ status: 'sent', repliedVia: 'card', draftUse: 'unchanged' });
  });

  it('the AI draft deleted in Outlook: the ticket says so and offers no approve; gone for good: it says it may have been sent elsewhere', async () => {
    const w = await world();
    const t = await w.ticket();
    w.mailbox.outlookDelete(t.draftMessageId!);
    const draftChange = { messageId: t.draftMessageId!, change: { folder: 'drafts' as const, type: 'deleted' as const } };
    expect(await syncOutlookChange(w.sync, draftChange)).toMatchObject({ outcome: 'applied' });
    expect(await w.ticket()).toMatchObject({ status: 'assigned', draftMessageId: null, lastError: expect.stringMatching(/deleted in Outlook/) });
    expect(await syncOutlookChange(w.sync, draftChange)).toMatchObject({ outcome: 'ignored' });

    const v = await world();
    const vt = await v.ticket();
    v.mailbox.messages.delete(vt.draftMessageId!); // sent from an agent's own mailbox: no copy here
    await syncOutlookChange(v.sync, { messageId: vt.draftMessageId!, change: { folder: 'drafts', type: 'deleted' } });
    expect(await v.ticket()).toMatchObject({ status: 'assigned', draftMessageId: null, lastError: expect.stringMatching(/no reply is in the support mailbox's Sent Items/) });
  });

  it('a sent mail in no ticket conversation is ignored', async () => {
    const w = await world();
    const other = w.mailbox.deliver({ from: { address: 'x@example.test' }, subject: 'x', text: 'x', conversationId: 'CONV-other' });
    const id = w.mailbox.outlookReply(other, 'hello');
    expect(await syncOutlookChange(w.sync, sentChange(id))).toMatchObject({ outcome: 'ignored' });
  });
});

describe('Outlook → ticket: categories, flag, Junk', () => {
  it('a category replaced in Outlook becomes a correction; an unclaimed ticket is routed again for it', async () => {
    const w = await world('product-question');
    const t = await w.ticket();
    expect(t.assignee?.aadObjectId).toBe('agent-pq');
    const msg = w.mailbox.messages.get(w.messageId)!;
    w.mailbox.outlookSetCategories(w.messageId, msg.categories.map((c) => (c === 'product-question' ? 'bug-report' : c)));
    expect(await syncOutlookChange(w.sync, inboxChange(w.messageId))).toMatchObject({ outcome: 'applied' });
    const after = await w.ticket();
    expect(after.category).toBe('bug-report');
    expect(after.corrections).toEqual([expect.objectContaining({ field: 'category', from: 'product-question', to: 'bug-report', by: null, via: 'outlook' })]);
    expect(after.assignee?.aadObjectId).toBe('agent-bug');
    expect(await readLoad(w.store)).toEqual(new Map([['agent-pq', 0], ['agent-bug', 1]]));
    // Seen again: no second correction.
    await syncOutlookChange(w.sync, inboxChange(w.messageId));
    expect((await w.ticket()).corrections).toHaveLength(1);
  });

  it('a category corrected after the reply went out is recorded but routes nobody: the ticket keeps its assignee, no load moves', async () => {
    for (const surface of ['outlook', 'card'] as const) {
      const w = await world('product-question');
      const t = await w.ticket();
      w.mailbox.outlookSendDraft(t.draftMessageId!);
      await syncOutlookChange(w.sync, sentChange(t.draftMessageId!));
      const loadBefore = await readLoad(w.store);
      if (surface === 'outlook') {
        const msg = w.mailbox.messages.get(w.messageId)!;
        w.mailbox.outlookSetCategories(w.messageId, msg.categories.map((c) => (c === 'product-question' ? 'bug-report' : c)));
        expect(await syncOutlookChange(w.sync, inboxChange(w.messageId))).toMatchObject({ outcome: 'applied' });
      } else {
        const out = await handleCardAction({ ...w.sync, sendQueue: new InMemorySendQueue() }, 'recategorize', { ticketId: t.id, category: 'bug-report' }, { aadObjectId: LEAD.aadObjectId, name: LEAD.name });
        expect(out.kind, surface).toBe('card');
      }
      const after = await w.ticket();
      expect(after, surface).toMatchObject({ status: 'sent', category: 'bug-report', assignee: { aadObjectId: 'agent-pq' } });
      expect(after.corrections, surface).toHaveLength(1);
      expect(await readLoad(w.store), surface).toEqual(loadBefore);
    }
  });

  it("the product's own category writes are never read back as corrections (pipeline and card recategorize)", async () => {
    const w = await world('refund-request');
    // The pipeline's write-back fired an update.
    expect(await syncOutlookChange(w.sync, inboxChange(w.messageId))).toMatchObject({ outcome: 'unchanged' });
    const t = await w.ticket();
    const sendQueue = new InMemorySendQueue();
    await handleCardAction({ ...w.sync, sendQueue }, 'recategorize', { ticketId: t.id, category: 'bug-report' }, { aadObjectId: LEAD.aadObjectId, name: LEAD.name });
    expect(w.mailbox.messages.get(w.messageId)!.categories).toContain('bug-report');
    expect(await syncOutlookChange(w.sync, inboxChange(w.messageId))).toMatchObject({ outcome: 'unchanged' });
    const after = await w.ticket();
    expect(after.corrections).toEqual([expect.objectContaining({ from: 'refund-request', to: 'bug-report', via: 'card', by: { aadObjectId: LEAD.aadObjectId, name: LEAD.name } })]);
    expect(after.outlookPending ?? null).toBeNull();
  });

  it("the notification of the pipeline's own category write names the version it wrote: recognised without a Graph request; a person's later change is read and applied", async () => {
    const w = await world('refund-request');
    const rec = await w.store.getMessageRecord(w.messageId);
    const ours = `W/"${w.mailbox.messages.get(w.messageId)!.changeKey}"`;
    expect(rec?.writtenEtag).toBe(ours);
    const calls = w.mailbox.totalCalls;
    const echo = { messageId: w.messageId, change: { folder: 'inbox' as const, type: 'updated' as const, etag: ours } };
    expect(await syncOutlookChange(w.sync, echo)).toMatchObject({ outcome: 'unchanged' });
    expect(await syncOutlookChange(w.sync, echo)).toMatchObject({ outcome: 'unchanged' }); // a duplicate too
    expect(w.mailbox.totalCalls).toBe(calls);
    // An agent replaces the category: a new version, so the sync reads the message and records the correction.
    w.mailbox.outlookSetCategories(w.messageId, ['bug-report', 'high-confidence', 'ai-processed']);
    const theirs = `W/"${w.mailbox.messages.get(w.messageId)!.changeKey}"`;
    expect(theirs).not.toBe(ours);
    expect(await syncOutlookChange(w.sync, { ...echo, change: { ...echo.change, etag: theirs } })).toMatchObject({ outcome: 'applied' });
    expect((await w.ticket()).corrections).toEqual([expect.objectContaining({ from: 'refund-request', to: 'bug-report', via: 'outlook' })]);
  });

  it('an update that still shows the old category while the card write is on its way is not a correction', async () => {
    const w = await world('refund-request');
    const t = await w.ticket();
    const failingWrite = Object.assign(Object.create(w.mailbox) as typeof w.mailbox, { setCategories: async () => Promise.reject(new Error('503')) });
    await handleCardAction({ ...w.sync, mailbox: failingWrite, sendQueue: new InMemorySendQueue() }, 'recategorize', { ticketId: t.id, category: 'bug-report' }, { aadObjectId: LEAD.aadObjectId, name: LEAD.name });
    w.mailbox.outlookMarkRead(w.messageId);
    expect(await syncOutlookChange(w.sync, inboxChange(w.messageId))).toMatchObject({ outcome: 'unchanged' });
    expect((await w.ticket()).category).toBe('bug-report');
  });

  it('a category changed while the card is sending the reply is retried a moment later, not lost', async () => {
    const w = await world('product-question');
    const t = await w.ticket();
    await w.store.update({ ...t, status: 'sending' });
    const msg = w.mailbox.messages.get(w.messageId)!;
    w.mailbox.outlookSetCategories(w.messageId, msg.categories.map((c) => (c === 'product-question' ? 'bug-report' : c)));
    await expect(syncOutlookChange(w.sync, inboxChange(w.messageId))).rejects.toMatchObject({ kind: 'unavailable' });
    const sending = (await w.ticket())!;
    await w.store.update({ ...sending, status: 'sent' });
    expect(await syncOutlookChange(w.sync, inboxChange(w.messageId))).toMatchObject({ outcome: 'applied' });
    expect((await w.ticket()).category).toBe('bug-report');
  });

  it('flagged complete in Outlook → resolved via outlook (no reply needed), the AI draft is deleted', async () => {
    const w = await world();
    const t = await w.ticket();
    w.mailbox.outlookFlag(w.messageId, 'complete');
    await syncOutlookChange(w.sync, inboxChange(w.messageId));
    const after = await w.ticket();
    expect(after).toMatchObject({ status: 'resolved', resolution: { reason: 'no-reply-needed', by: null, via: 'outlook' }, draftMessageId: null });
    expect(w.mailbox.messages.get(t.draftMessageId!)?.folder).toBe('deleteditems');
    expect(await readLoad(w.store)).toEqual(new Map([['agent-pq', 0]]));
  });

  it("the late notification of a resolve's flag leaves alone the draft a follow-up pass has just written", async () => {
    const w = await world();
    const t = await w.ticket();
    await handleCardAction({ ...w.sync, sendQueue: new InMemorySendQueue() }, 'resolve', { ticketId: t.id, reason: 'no-reply-needed' }, { aadObjectId: LEAD.aadObjectId, name: LEAD.name });
    // The customer wrote again: a pass holds the ticket (still resolved until it settles) and has written its draft.
    const fresh = await w.mailbox.createReplyDraft(w.messageId, draftToHtml('Hallo Jana, wir schauen nochmals.'), {});
    const now = Date.now();
    await w.store.update({ ...(await w.ticket()), draftMessageId: fresh, pass: { messageId: 'follow-up-1', owner: 'inv-follow-up', leaseUntil: new Date(now + 60_000).toISOString(), startedAt: new Date(now).toISOString() } });
    // Only now is the flag's change seen; the mail is still flagged (the pass clears it when it settles).
    await syncOutlookChange(w.sync, inboxChange(w.messageId));
    expect((await w.ticket()).draftMessageId).toBe(fresh);
    expect(w.mailbox.messages.get(fresh)?.folder).toBe('drafts');
  });

  it('a change read while a reopen is moving a spam ticket back from Junk Email does not close it again', async () => {
    const w = await world();
    const t = await w.ticket();
    const deps = { ...w.sync, sendQueue: new InMemorySendQueue() };
    const lead = { aadObjectId: LEAD.aadObjectId, name: LEAD.name };
    await handleCardAction(deps, 'resolve', { ticketId: t.id, reason: 'spam' }, lead);
    // The reopen writes the ticket first; its move back to the Inbox fails this time (Graph down).
    const move = w.mailbox.moveToInbox.bind(w.mailbox);
    w.mailbox.moveToInbox = () => Promise.reject(new AppError('unavailable', 'Graph is down'));
    await handleCardAction(deps, 'reopen', { ticketId: t.id }, lead);
    w.mailbox.moveToInbox = move;
    expect(w.mailbox.messages.get(w.messageId)?.folder).toBe('junkemail');
    // The notification of the earlier move to Junk is handled now: the mail is still there.
    await syncOutlookChange(w.sync, inboxChange(w.messageId, 'deleted'));
    expect(await w.ticket()).toMatchObject({ status: 'assigned', resolution: null });
  });

  it('moved to Junk Email → resolved as spam', async () => {
    const w = await world();
    w.mailbox.outlookMove(w.messageId, 'junkemail');
    await syncOutlookChange(w.sync, inboxChange(w.messageId, 'deleted'));
    expect(await w.ticket()).toMatchObject({ status: 'resolved', resolution: { reason: 'spam', via: 'outlook' } });
  });

  it('a read in Outlook changes nothing; a message that is no ticket costs no Graph request', async () => {
    const w = await world();
    w.mailbox.outlookMarkRead(w.messageId);
    expect(await syncOutlookChange(w.sync, inboxChange(w.messageId))).toMatchObject({ outcome: 'unchanged' });
    const calls = w.mailbox.totalCalls;
    const stranger = w.mailbox.deliver({ from: { address: 'x@example.test' }, subject: 'x', text: 'x' });
    expect(await syncOutlookChange(w.sync, inboxChange(stranger))).toMatchObject({ outcome: 'ignored' });
    expect(w.mailbox.totalCalls).toBe(calls);
  });
});

describe('Teams → Outlook and the reconcile safety net', () => {
  it('resolve as spam from the card moves the mail to Junk; reopen brings it back and clears the flag', async () => {
    const w = await world();
    const t = await w.ticket();
    const deps = { ...w.sync, sendQueue: new InMemorySendQueue() };
    const sophie = { aadObjectId: SOPHIE.aadObjectId, name: SOPHIE.name };
    await handleCardAction(deps, 'claim', { ticketId: t.id }, sophie);
    expect(await handleCardAction(deps, 'resolve', { ticketId: t.id, reason: 'spam' }, sophie)).toMatchObject({ kind: 'card', ticket: { status: 'resolved' } });
    expect(w.mailbox.messages.get(w.messageId)!.folder).toBe('junkemail');
    await syncOutlookChange(w.sync, inboxChange(w.messageId, 'deleted')); // the move's own notification
    await handleCardAction(deps, 'reopen', { ticketId: t.id }, sophie);
    expect(w.mailbox.messages.get(w.messageId)!.folder).toBe('inbox');
    await syncOutlookChange(w.sync, inboxChange(w.messageId));
    expect(await w.ticket()).toMatchObject({ status: 'assigned', resolution: null });
  });

  it('resolve with no reply needed flags the mail complete and read; the notification that follows changes nothing', async () => {
    const w = await world();
    const t = await w.ticket();
    const deps = { ...w.sync, sendQueue: new InMemorySendQueue() };
    await handleCardAction(deps, 'resolve', { ticketId: t.id, reason: 'no-reply-needed' }, { aadObjectId: LEAD.aadObjectId, name: LEAD.name });
    expect(w.mailbox.messages.get(w.messageId)).toMatchObject({ flag: { status: 'complete' }, isRead: true });
    expect(await syncOutlookChange(w.sync, inboxChange(w.messageId))).toMatchObject({ outcome: 'unchanged' });
    expect((await w.ticket()).resolution).toMatchObject({ reason: 'no-reply-needed', via: 'card' });
  });

  it('when every notification was dropped, the reconcile finds the Outlook reply, the correction and the flag', async () => {
    const w = await world('product-question');
    const queue = new InMemoryWorkQueue();
    const deps = {
      ...w.deps,
      queue,
      subscriptions: new FakeSubscriptions(),
      settings: { mailbox: w.mailbox.address, notificationUrl: 'https://fn.test/api/notifications', lifecycleUrl: 'https://fn.test/api/lifecycle', clientState: 'x'.repeat(32), lifetimeMinutes: 4200 },
      reconcile: { backfillHours: 24 * 365 },
      log: silentLogger,
    };
    await reconcile(deps); // first round: full sync
    queue.messages.length = 0;
    const second = w.mailbox.deliver({ from: { address: 'b@example.test' }, subject: 'Andere Frage', text: 'Noch was', conversationId: 'CONV-B' });
    await processTicket(w.deps, { messageId: second }, { invocationId: 'inv-b' });
    const msg = w.mailbox.messages.get(w.messageId)!;
    w.mailbox.outlookSetCategories(w.messageId, msg.categories.map((c) => (c === 'product-question' ? 'other' : c)));
    w.mailbox.outlookFlag(second, 'complete');
    const own = w.mailbox.outlookReply(w.messageId, 'Done by hand.');
    w.mailbox.outlookMarkRead(second); // noise: nothing to do for a read
    const r = await reconcile(deps);
    expect(r.outlookChanges).toBe(3);
    for (const m of queue.messages) await syncOutlookChange(w.sync, { messageId: m.messageId, change: m.change! });
    const first = await w.ticket();
    expect(first).toMatchObject({ category: 'other', status: 'sent', repliedVia: 'outlook', sentMessageId: own });
    expect((await w.store.findByMessage(second))?.status).toBe('resolved');
    // The next round finds nothing left to do.
    queue.messages.length = 0;
    expect((await reconcile(deps)).outlookChanges).toBe(0);
  });
});

describe('Outlook → ticket: a failed delete of the stale AI draft is retried, never left behind', () => {
  /** Graph fails the next `times` draft deletions with a 503, as a transient fault does. */
  function failDeletes(w: World, times: number): void {
    const real = w.mailbox.deleteDraftIfUnsent.bind(w.mailbox);
    let left = times;
    w.mailbox.deleteDraftIfUnsent = async (id: string) => {
      if (left-- > 0) throw new AppError('unavailable', 'graph: 503 ServiceUnavailable', { service: 'graph', status: 503 });
      return real(id);
    };
  }

  it("an agent's own reply whose stale-draft delete fails: the change fails (the queue retries), the retry deletes the draft, the reply counts once", async () => {
    const w = await world();
    const t = await w.ticket();
    failDeletes(w, 1);
    const own = w.mailbox.outlookReply(w.messageId, 'Hi Jana, please send us a screenshot of the settings page.');
    await expect(syncOutlookChange(w.sync, sentChange(own))).rejects.toMatchObject({ kind: 'unavailable' });
    // The reply is on the ticket already (and on its card); only the draft is left to delete.
    expect(await w.ticket()).toMatchObject({ status: 'sent', repliedVia: 'outlook', sentMessageId: own, draftMessageId: t.draftMessageId });
    expect(w.cards.published.at(-1)?.status).toBe('sent');
    await syncOutlookChange(w.sync, sentChange(own));
    const after = await w.ticket();
    expect(after).toMatchObject({ status: 'sent', draftMessageId: null });
    expect(w.mailbox.messages.get(t.draftMessageId!)?.folder).toBe('deleteditems');
    expect(after.audit.filter((a) => a.action === 'sent')).toHaveLength(1);
    expect(after.audit.filter((a) => a.action === 'replied-again')).toHaveLength(0);
    // Done now: seen again, nothing happens.
    expect(await syncOutlookChange(w.sync, sentChange(own))).toMatchObject({ outcome: 'unchanged' });
  });

  it('flagged complete while the stale-draft delete fails: resolved once, and the retry deletes the draft', async () => {
    const w = await world();
    const t = await w.ticket();
    failDeletes(w, 1);
    w.mailbox.outlookFlag(w.messageId, 'complete');
    await expect(syncOutlookChange(w.sync, inboxChange(w.messageId))).rejects.toMatchObject({ kind: 'unavailable' });
    expect(await w.ticket()).toMatchObject({ status: 'resolved', draftMessageId: t.draftMessageId });
    await syncOutlookChange(w.sync, inboxChange(w.messageId));
    const after = await w.ticket();
    expect(after).toMatchObject({ status: 'resolved', resolution: { reason: 'no-reply-needed', via: 'outlook' }, draftMessageId: null });
    expect(w.mailbox.messages.get(t.draftMessageId!)?.folder).toBe('deleteditems');
    expect(after.audit.filter((a) => a.action === 'resolved')).toHaveLength(1);
  });

  it('an AI draft someone sent from Outlook is not stale: no retry loop when it turns out not to be a draft', async () => {
    const w = await world();
    const t = await w.ticket();
    const own = w.mailbox.outlookReply(w.messageId, 'Answered by hand.');
    w.mailbox.outlookSendDraft(t.draftMessageId!); // a second reply: the AI draft too
    await syncOutlookChange(w.sync, sentChange(own));
    await syncOutlookChange(w.sync, sentChange(t.draftMessageId!));
    const after = await w.ticket();
    expect(after).toMatchObject({ status: 'sent', draftMessageId: null });
    expect(after.audit.filter((a) => a.action === 'replied-again')).toHaveLength(1);
  });
});
