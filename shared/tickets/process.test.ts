import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { analysisFor, createTestPipeline, failOn, type TestPipeline } from '../testing/index.js';
import { processTicket, ticketIdFor, type ProcessContext } from './process.js';

const customer = { name: 'Anna Muster', address: 'anna@example.test' };
let n = 0;
function ctx(queueMessageId = `q-${++n}`, extra: Partial<ProcessContext> = {}): ProcessContext {
  return { invocationId: `inv-${++n}`, queueMessageId, ...extra };
}

function deliver(p: TestPipeline, extra: Parameters<TestPipeline['mailbox']['deliver']>[0] | object = {}): string {
  return p.mailbox.deliver({ from: customer, subject: 'App stürzt ab', text: 'Die App stürzt beim Hochladen ab.', ...extra });
}

/** Everything the pipeline left behind, for "exactly one of each" assertions. */
function effects(p: TestPipeline) {
  return {
    tickets: [...p.store.tickets.values()],
    drafts: p.mailbox.drafts(),
    cardPosts: p.cards.posts(),
    categoryPatches: p.mailbox.calls.setCategories ?? 0,
  };
}

describe('processTicket: a new customer mail', () => {
  it('becomes one ticket with categories, a threaded reply draft and one card', async () => {
    const p = createTestPipeline();
    p.analyzer.script(() => analysisFor('bug-report', { confidence: 0.92, language: 'de' }));
    const id = deliver(p);

    const result = await processTicket(p.deps, { messageId: id }, ctx());

    const mail = p.mailbox.messages.get(id)!;
    expect(result).toEqual({ outcome: 'ticket', ticketId: ticketIdFor(mail) });
    const { tickets, drafts, cardPosts } = effects(p);
    expect(tickets).toHaveLength(1);
    const t = tickets[0]!;
    expect(t).toMatchObject({ messageId: id, conversationId: mail.conversationId, category: 'bug-report', needsTriage: false, status: 'assigned', language: 'de', messageCount: 1, pass: null });
    expect(t.assignee?.aadObjectId).toBe('agent-bug');
    expect(mail.categories).toEqual(['bug-report', 'high-confidence', 'ai-processed']);
    expect(p.mailbox.masterCategories).toEqual(new Set(['bug-report', 'refund-request', 'product-question', 'other', 'needs-triage', 'high-confidence', 'ai-processed']));
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({ messageId: t.draftMessageId, inReplyTo: mail.internetMessageId, conversationId: mail.conversationId });
    expect(drafts[0]!.htmlBody).toContain('<p>Hallo,</p>');
    expect(t.draftForMessageId).toBe(id);
    expect(cardPosts).toHaveLength(1);
    expect(t.cardActivityId).toBe(cardPosts[0]!.ref.activityId);
    expect(cardPosts[0]!.status).toBe('assigned');
    expect(await p.store.getMessageRecord(id)).toMatchObject({ outcome: 'ticket', ticketId: t.id });
    expect(t.timings.map((s) => s.step)).toEqual(expect.arrayContaining(['fetch', 'enrichment', 'analysis', 'route', 'categories', 'draft', 'card', 'total']));
  });

  it('holds an injection mail for a human even at confidence 0.99, and stores why on the ticket', async () => {
    const p = createTestPipeline();
    p.analyzer.script(() => ({ ...analysisFor('other', { confidence: 0.99, language: 'de' }), injectionDetected: true }));
    const id = deliver(p);
    await processTicket(p.deps, { messageId: id }, ctx());
    const t = [...p.store.tickets.values()][0]!;
    expect(t).toMatchObject({ needsTriage: true, assignee: null, triageReasons: ['the mail contains instructions aimed at the AI'] });
    expect(t.suggestedAssignee).not.toBeNull();
    expect(p.mailbox.messages.get(id)!.categories).toContain('needs-triage');
  });

  it('stores no triage reasons on a ticket that is auto-routed', async () => {
    const p = createTestPipeline();
    p.analyzer.script(() => analysisFor('bug-report', { confidence: 0.92, language: 'de' }));
    await processTicket(p.deps, { messageId: deliver(p) }, ctx());
    expect([...p.store.tickets.values()][0]!.triageReasons).toEqual([]);
  });

  it('gives the analysis the draft stage of enrichment (account, errors) and stores the complete facts on the ticket', async () => {
    const p = createTestPipeline();
    const base = { email: customer.address, sources: { account: { status: 'ok' as const }, sentry: { status: 'ok' as const }, posthog: { status: 'skipped' as const, detail: 'not awaited for the draft' } } };
    const draft = { ...base, account: { plan: 'premium-yearly', platform: 'ios' } };
    const complete = { ...draft, sources: { ...base.sources, posthog: { status: 'ok' as const } }, recordings: { count: 1, links: ['https://posthog.example/r/1'] } };
    let seen: unknown;
    p.analyzer.script(async (input) => {
      seen = await input.enrichment;
      return analysisFor('refund-request', { confidence: 0.9, language: 'de' });
    });
    const deps = { ...p.deps, enricher: { enrich: async () => complete, enrichStaged: () => ({ draft: Promise.resolve(draft), complete: new Promise<typeof complete>((r) => setTimeout(() => r(complete), 30)) }) } };
    await processTicket(deps, { messageId: deliver(p) }, ctx());
    expect(seen).toEqual(draft);
    expect([...p.store.tickets.values()][0]!.enrichment).toEqual(complete);
  });

  it('uses four mailbox calls on the common path (get, master categories, categories, createReply)', async () => {
    const p = createTestPipeline();
    const id = deliver(p);
    await processTicket(p.deps, { messageId: id }, ctx());
    expect(p.mailbox.calls).toEqual({ getMessage: 1, ensureMasterCategories: 1, setCategories: 1, createReplyDraft: 1 });
  });

  it('when the master categories cannot be created (no MailboxSettings permission), the ticket still gets its categories', async () => {
    const p = createTestPipeline();
    failOn(p.mailbox, 'ensureMasterCategories', 'before', 1, () => new AppError('forbidden', 'graph: 403 ErrorAccessDenied', { status: 403 }));
    const id = deliver(p);
    expect((await processTicket(p.deps, { messageId: id }, ctx())).outcome).toBe('ticket');
    expect(p.mailbox.messages.get(id)!.categories).toEqual(['product-question', 'high-confidence', 'ai-processed']);
  });

  it('replies to the Reply-To address when the mail names one', async () => {
    const p = createTestPipeline();
    const id = deliver(p, { replyTo: [{ address: 'anna.private@example.test' }] });
    await processTicket(p.deps, { messageId: id }, ctx());
    expect(p.mailbox.drafts()[0]!.to).toEqual([{ address: 'anna.private@example.test' }]);
  });

  it('keeps categories the team set on the message and replaces only ours', async () => {
    const p = createTestPipeline();
    const id = deliver(p, { categories: ['VIP'] });
    await processTicket(p.deps, { messageId: id }, ctx());
    expect(p.mailbox.messages.get(id)!.categories).toEqual(['VIP', 'product-question', 'high-confidence', 'ai-processed']);
  });
});

describe('processTicket: skips, recording why', () => {
  const cases: [string, object, RegExp][] = [
    ['our own mail', { from: { address: 'support@studyflash.test' } }, /own mail/],
    ['an out-of-office reply', { headers: { 'auto-submitted': 'auto-replied' } }, /auto-submitted/],
    ['a bounce', { from: { address: 'MAILER-DAEMON@mx.example.test' }, subject: 'Undeliverable: Ihre Anfrage' }, /bounce|automatic/],
    ['mail already ai-processed', { categories: ['other', 'ai-processed'] }, /already ai-processed/],
    ['a draft', { isDraft: true }, /draft/],
    ['caught in a forwarding loop', { headers: { received: Array.from({ length: 40 }, (_, i) => `from relay${i}.example.test by mx.example.test`).join('\n') } }, /mail loop/],
  ];
  for (const [what, mail, reason] of cases) {
    it(`when the message is ${what}, no ticket, no write to the mailbox, and the reason is recorded`, async () => {
      const p = createTestPipeline();
      const id = deliver(p, mail);
      const result = await processTicket(p.deps, { messageId: id }, ctx());
      expect(result).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(reason) });
      expect(p.store.tickets.size).toBe(0);
      expect(p.mailbox.calls).toEqual({ getMessage: 1 });
      expect((await p.store.getMessageRecord(id))?.reason).toMatch(reason);
    });
  }

  it('a duplicate delivery that reads the record before the other pass wrote it still does not skip the mail as "already ai-processed"', async () => {
    const p = createTestPipeline();
    p.analyzer.script(() => analysisFor('refund-request', { confidence: 0.9 }));
    const id = deliver(p);
    // Pass B reads "no record" first; pass A then runs completely (record, categories, ticket) before B fetches the mail.
    const realGet = p.store.getMessageRecord.bind(p.store);
    let first = true;
    p.store.getMessageRecord = async (messageId: string) => {
      if (first) {
        first = false;
        const seen = await realGet(messageId);
        await processTicket({ ...p.deps }, { messageId: id }, ctx('q-A'));
        return seen;
      }
      return realGet(messageId);
    };
    const b = await processTicket(p.deps, { messageId: id }, ctx('q-B'));
    expect(b.outcome).not.toBe('skipped');
    expect((await realGet(id))?.outcome).toBe('ticket');
    expect(p.store.tickets.size).toBe(1);
    expect(p.mailbox.drafts()).toHaveLength(1);
  });

  it('when the message was deleted before processing, it is skipped instead of failing', async () => {
    const p = createTestPipeline();
    const result = await processTicket(p.deps, { messageId: 'AAMk-gone' }, ctx());
    expect(result).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/no longer exists/) });
  });
});

describe('processTicket: follow-ups in a conversation', () => {
  it('updates the ticket, replaces the draft and updates the card instead of a second ticket', async () => {
    const p = createTestPipeline();
    const first = deliver(p, { conversationId: 'CONV-A' });
    await processTicket(p.deps, { messageId: first }, ctx());
    const before = [...p.store.tickets.values()][0]!;
    p.analyzer.script((input) => analysisFor('refund-request', { draft: `Antwort (${input.mode})`, confidence: 0.99 }));

    const second = deliver(p, { conversationId: 'CONV-A', subject: 'RE: App stürzt ab', text: 'Immer noch kaputt.', uniqueText: 'Immer noch kaputt.' });
    const result = await processTicket(p.deps, { messageId: second }, ctx());

    expect(result).toEqual({ outcome: 'follow-up', ticketId: before.id });
    const { tickets, drafts, cardPosts } = effects(p);
    expect(tickets).toHaveLength(1);
    const t = tickets[0]!;
    expect(t).toMatchObject({ messageCount: 2, messageIds: [first, second], latestText: 'Immer noch kaputt.', draft: 'Antwort (draft-only)', category: before.category, assignee: before.assignee });
    expect(p.analyzer.inputs.at(-1)!.mode).toBe('draft-only');
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({ messageId: t.draftMessageId, inReplyTo: p.mailbox.messages.get(second)!.internetMessageId });
    expect(cardPosts).toHaveLength(1);
    expect(p.cards.published.filter((c) => c.kind === 'update')).toHaveLength(1);
    expect(p.mailbox.messages.get(second)!.categories).toEqual([before.category, 'high-confidence', 'ai-processed']);
    expect(t.audit.map((a) => a.action)).toEqual(['created', 'follow-up']);
    expect(await p.store.getMessageRecord(second)).toMatchObject({ outcome: 'follow-up', ticketId: t.id });
    // The conversation rises in the channel: one reply in the card's thread, the assignee mentioned.
    expect(p.cards.replies).toEqual([expect.objectContaining({ ticketId: t.id, text: 'Customer replied: Immer noch kaputt.', mentions: t.assignee ? [t.assignee.aadObjectId] : [] })]);
    expect(t.threadNotices).toEqual([second]);
  });

  it('announces a follow-up once, even when its delivery repeats, and never the mail that opened the ticket', async () => {
    const p = createTestPipeline();
    const first = deliver(p, { conversationId: 'CONV-N' });
    await processTicket(p.deps, { messageId: first }, ctx());
    expect(p.cards.replies).toHaveLength(0);
    const second = deliver(p, { conversationId: 'CONV-N', subject: 'RE: App stürzt ab', text: '[Link](https://evil.test) *still* broken', uniqueText: '[Link](https://evil.test) *still* broken' });
    await processTicket(p.deps, { messageId: second }, ctx());
    await p.store.putMessageRecord({ messageId: second, outcome: 'processing', at: new Date().toISOString() }); // as if the record write was lost
    await processTicket(p.deps, { messageId: second }, ctx());
    expect(p.cards.replies).toHaveLength(1);
    expect(p.cards.replies[0]!.text).not.toContain('https://evil.test');
    expect(p.cards.replies[0]!.text).toContain('\\*still\\*');
  });

  it('does not delete a draft that was already sent, and reopens the ticket', async () => {
    const p = createTestPipeline();
    const first = deliver(p, { conversationId: 'CONV-B' });
    await processTicket(p.deps, { messageId: first }, ctx());
    const t0 = [...p.store.tickets.values()][0]!;
    await p.mailbox.sendDraft(t0.draftMessageId!);
    await p.store.update({ ...t0, status: 'sent', sentMessageId: t0.draftMessageId, sentAt: new Date().toISOString() });

    const second = deliver(p, { conversationId: 'CONV-B' });
    await processTicket(p.deps, { messageId: second }, ctx());

    const t = [...p.store.tickets.values()][0]!;
    expect(p.mailbox.messages.get(t0.draftMessageId!)?.folder).toBe('sentitems');
    expect(t.status).toBe('assigned');
    expect(p.mailbox.calls.deleteDraft ?? 0).toBe(0);
  });

  it('reopening a resolved ticket unflags the mail that closed it in Outlook, or takes it out of Junk Email', async () => {
    for (const reason of ['no-reply-needed', 'spam'] as const) {
      const p = createTestPipeline();
      const conversationId = `CONV-R-${reason}`;
      const first = deliver(p, { conversationId });
      await processTicket(p.deps, { messageId: first }, ctx());
      const t0 = [...p.store.tickets.values()][0]!;
      if (reason === 'spam') await p.mailbox.moveToJunk(first);
      else await p.mailbox.completeAndMarkRead(first);
      const at = new Date().toISOString();
      await p.store.update({ ...t0, status: 'resolved', resolution: { reason, by: null, via: 'outlook', at }, audit: [...t0.audit, { at, action: 'resolved', detail: reason, ref: first }] });

      const second = deliver(p, { conversationId });
      await processTicket(p.deps, { messageId: second }, ctx());

      const t = [...p.store.tickets.values()][0]!;
      expect(t).toMatchObject({ status: t0.assignee ? 'assigned' : 'open', resolution: null });
      const m = p.mailbox.messages.get(first)!;
      expect([m.folder, m.flag.status], reason).toEqual(['inbox', 'notFlagged']);
    }
  });
});

describe('processTicket: duplicates and crashes', () => {
  it('when the same message is delivered twice, the second delivery changes nothing', async () => {
    const p = createTestPipeline();
    const id = deliver(p);
    await processTicket(p.deps, { messageId: id }, ctx());
    const calls = { ...p.mailbox.calls };

    const again = await processTicket(p.deps, { messageId: id }, ctx());

    expect(again).toMatchObject({ outcome: 'duplicate', previous: 'ticket' });
    expect(p.mailbox.calls).toEqual(calls);
    const e = effects(p);
    expect([e.tickets.length, e.drafts.length, e.cardPosts.length, e.categoryPatches]).toEqual([1, 1, 1, 1]);
  });

  it('when two deliveries of the same message run at once, there is one ticket, one draft, one card', async () => {
    const p = createTestPipeline();
    const id = deliver(p);
    const results = await Promise.all([processTicket(p.deps, { messageId: id }, ctx()), processTicket(p.deps, { messageId: id }, ctx())]);
    // The second finds the first still at work (in-progress) or already done (ticket); never a second ticket.
    expect(results.map((r) => r.outcome)).toContain('ticket');
    for (const r of results) expect(['in-progress', 'ticket']).toContain(r.outcome);
    const e = effects(p);
    expect([e.tickets.length, e.drafts.length, e.cardPosts.length]).toEqual([1, 1, 1]);
  });

  it('when two mails of one conversation arrive at once, the later joins the first as a follow-up', async () => {
    const p = createTestPipeline();
    const a = deliver(p, { conversationId: 'CONV-C' });
    const b = deliver(p, { conversationId: 'CONV-C' });
    await Promise.all([processTicket(p.deps, { messageId: a }, ctx()), processTicket(p.deps, { messageId: b }, ctx())]);
    const e = effects(p);
    expect(e.tickets).toHaveLength(1);
    expect(e.tickets[0]!.messageCount).toBe(2);
    expect(e.drafts).toHaveLength(1);
    expect(e.cardPosts).toHaveLength(1);
  });

  // Each crash point: the step fails (or the process dies) there; the queue redelivers the same message.
  const crashes: [string, (p: TestPipeline) => void][] = [
    ['before the categories are set', (p) => failOn(p.mailbox, 'setCategories', 'before')],
    ['after the categories are set', (p) => failOn(p.mailbox, 'setCategories', 'after')],
    ['before createReply', (p) => failOn(p.mailbox, 'createReplyDraft', 'before')],
    ['after createReply, before the draft id is stored', (p) => failOn(p.store, 'update', 'before')],
    ['before the card is posted', (p) => failOn(p.cards, 'publish', 'before')],
    [
      'after the ticket is done, before the message record',
      (p) => {
        // The first record write ("processing") succeeds; the final one fails.
        const original = p.store.putMessageRecord.bind(p.store);
        let calls = 0;
        p.store.putMessageRecord = async (r) => {
          if (++calls === 2) throw new Error('storage down');
          return original(r);
        };
      },
    ],
  ];
  for (const [where, crash] of crashes) {
    it(`a crash ${where} followed by redelivery yields exactly one ticket, draft, card and category set`, async () => {
      const p = createTestPipeline();
      const id = deliver(p);
      crash(p);
      const queueMessageId = 'q-crash';

      await expect(processTicket(p.deps, { messageId: id }, ctx(queueMessageId))).rejects.toThrow();
      const result = await processTicket(p.deps, { messageId: id }, ctx(queueMessageId));

      expect(result.outcome).toBe('ticket');
      const e = effects(p);
      expect(e.tickets).toHaveLength(1);
      expect(e.drafts).toHaveLength(1);
      expect(e.cardPosts).toHaveLength(1);
      expect(p.mailbox.messages.get(id)!.categories).toEqual(['product-question', 'high-confidence', 'ai-processed']);
      expect(e.tickets[0]!.draftMessageId).toBe(e.drafts[0]!.messageId);
      expect(e.tickets[0]!.pass).toBeNull();
      expect((await p.store.getMessageRecord(id))?.outcome).toBe('ticket');
    });
  }

  it('when createReply happened but its call failed, the draft is found instead of created twice', async () => {
    const p = createTestPipeline();
    const id = deliver(p);
    failOn(p.mailbox, 'createReplyDraft', 'after', 1, () => new AppError('unavailable', 'graph: 503 ServiceUnavailable', { status: 503 }));

    const result = await processTicket(p.deps, { messageId: id }, ctx());

    expect(result.outcome).toBe('ticket');
    expect(p.mailbox.drafts()).toHaveLength(1);
    expect(p.mailbox.calls.findReplyDraft).toBe(1);
    expect([...p.store.tickets.values()][0]!.draftMessageId).toBe(p.mailbox.drafts()[0]!.messageId);
  });

  it('when createReply is refused with a 4xx, nothing is looked up and the error surfaces', async () => {
    const p = createTestPipeline();
    const id = deliver(p);
    failOn(p.mailbox, 'createReplyDraft', 'before', 1, () => new AppError('forbidden', 'graph: 403 ErrorAccessDenied', { status: 403 }));
    await expect(processTicket(p.deps, { messageId: id }, ctx())).rejects.toThrow(/403/);
    expect(p.mailbox.calls.findReplyDraft ?? 0).toBe(0);
  });

  it('a duplicate queue message waits for the pass it finds in progress instead of doing the work again', async () => {
    const p = createTestPipeline();
    const id = deliver(p);
    failOn(p.cards, 'publish', 'before');
    await expect(processTicket(p.deps, { messageId: id }, ctx('q-original'))).rejects.toThrow();

    const other = await processTicket(p.deps, { messageId: id }, ctx('q-duplicate'));
    expect(other.outcome).toBe('in-progress');
    expect((await processTicket(p.deps, { messageId: id }, ctx('q-original'))).outcome).toBe('ticket');
    expect(p.cards.posts()).toHaveLength(1);
  });

  it('a pass whose lease ran out is taken over by another delivery', async () => {
    let now = Date.parse('2026-11-25T10:00:00Z');
    const p = createTestPipeline({ now: () => new Date(now) });
    const id = deliver(p);
    failOn(p.cards, 'publish', 'before');
    await expect(processTicket(p.deps, { messageId: id }, ctx('q-dead'))).rejects.toThrow();
    now += 10 * 60_000;
    expect((await processTicket(p.deps, { messageId: id }, ctx('q-reconcile'))).outcome).toBe('ticket');
    expect(p.mailbox.drafts()).toHaveLength(1);
  });
});

describe('processTicket: routing', () => {
  it('below the confidence threshold the ticket needs triage, with a suggested assignee', async () => {
    const p = createTestPipeline();
    p.analyzer.script(() => analysisFor('refund-request', { confidence: 0.74 }));
    const id = deliver(p);
    await processTicket(p.deps, { messageId: id }, ctx());
    const t = [...p.store.tickets.values()][0]!;
    expect(t).toMatchObject({ needsTriage: true, assignee: null, status: 'open' });
    expect(['agent-refund', 'agent-other']).toContain(t.suggestedAssignee?.aadObjectId);
    expect(p.mailbox.messages.get(id)!.categories).toEqual(['refund-request', 'needs-triage', 'ai-processed']);
  });

  it('at the threshold the ticket is assigned', async () => {
    const p = createTestPipeline();
    p.analyzer.script(() => analysisFor('refund-request', { confidence: 0.75 }));
    await processTicket(p.deps, { messageId: deliver(p) }, ctx());
    expect([...p.store.tickets.values()][0]!).toMatchObject({ needsTriage: false, status: 'assigned' });
  });

  it('balances confident tickets among the agents who take the category', async () => {
    const p = createTestPipeline();
    p.analyzer.script(() => analysisFor('bug-report', { confidence: 0.9 }));
    for (let i = 0; i < 4; i++) await processTicket(p.deps, { messageId: deliver(p) }, ctx());
    const byAgent = new Map<string, number>();
    for (const t of p.store.tickets.values()) byAgent.set(t.assignee!.aadObjectId, (byAgent.get(t.assignee!.aadObjectId) ?? 0) + 1);
    expect(Object.fromEntries(byAgent)).toEqual({ 'agent-bug': 2, 'agent-pq': 2 });
  });

  it('when the analyzer reports itself degraded, the ticket needs triage even at high confidence', async () => {
    const p = createTestPipeline();
    p.analyzer.script(() => analysisFor('bug-report', { confidence: 0.99, degraded: 'Claude overloaded (529) after 2 retries' }));
    await processTicket(p.deps, { messageId: deliver(p) }, ctx());
    const t = [...p.store.tickets.values()][0]!;
    expect(t).toMatchObject({ needsTriage: true, assignee: null });
    expect(t.notes.join('\n')).toMatch(/degraded: Claude overloaded/);
  });

  it('when the analyzer throws, the ticket still completes as needs-triage without a draft', async () => {
    const p = createTestPipeline();
    p.analyzer.script(() => {
      throw new AppError('timeout', 'anthropic: timed out');
    });
    const id = deliver(p);
    expect((await processTicket(p.deps, { messageId: id }, ctx())).outcome).toBe('ticket');
    const t = [...p.store.tickets.values()][0]!;
    expect(t).toMatchObject({ needsTriage: true, category: 'other', status: 'open', draftMessageId: null });
    expect(p.mailbox.drafts()).toHaveLength(0);
    expect(p.cards.posts()).toHaveLength(1);
  });
});

describe('processTicket: mails that need a human look', () => {
  it('a very long mail goes to needs-triage and the analyzer sees only a bounded part of it', async () => {
    const p = createTestPipeline();
    p.analyzer.script(() => analysisFor('bug-report', { confidence: 0.97 }));
    await processTicket(p.deps, { messageId: deliver(p, { text: 'log line\n'.repeat(500_000) }) }, ctx());
    const t = [...p.store.tickets.values()][0]!;
    expect(t).toMatchObject({ needsTriage: true, assignee: null });
    expect(t.notes.join('\n')).toMatch(/very long mail/);
    expect(p.analyzer.inputs[0]!.mail.text.length).toBeLessThanOrEqual(50_000);
  });

  it('a mass mailing goes to needs-triage and the draft answers the sender only', async () => {
    const p = createTestPipeline();
    p.analyzer.script(() => analysisFor('other', { confidence: 0.97 }));
    const to = Array.from({ length: 3000 }, (_, i) => ({ address: `student${i}@uni.example.test` }));
    await processTicket(p.deps, { messageId: deliver(p, { to }) }, ctx());
    expect([...p.store.tickets.values()][0]).toMatchObject({ needsTriage: true, assignee: null });
    expect(p.mailbox.drafts()[0]!.to).toEqual([customer]);
  });
});

describe('processTicket: enrichment', () => {
  it('when enrichment fails, the ticket is still made and the failure is noted', async () => {
    const p = createTestPipeline({});
    p.deps.enricher = { enrich: async () => Promise.reject(new Error('accounts database unreachable')) };
    await processTicket(p.deps, { messageId: deliver(p) }, ctx());
    const t = [...p.store.tickets.values()][0]!;
    expect(t.enrichment).toBeNull();
    expect(t.notes.join('\n')).toMatch(/enrichment failed/);
    expect(t.status).toBe('assigned');
  });

  it('hands the enrichment to the analyzer as a promise (they run in parallel)', async () => {
    const p = createTestPipeline();
    await processTicket(p.deps, { messageId: deliver(p) }, ctx());
    await expect(p.analyzer.inputs[0]!.enrichment).resolves.toMatchObject({ email: customer.address });
  });
});

describe('processTicket: failures that keep failing', () => {
  it('on the last delivery attempt the ticket is marked failed with the error, visible in the store', async () => {
    const p = createTestPipeline();
    const id = deliver(p);
    failOn(p.cards, 'publish', 'before', 10, () => new Error('Bot Connector 502'));
    for (let attempt = 1; attempt <= 5; attempt++) {
      await expect(processTicket(p.deps, { messageId: id }, ctx('q-poison', { dequeueCount: attempt, maxDequeueCount: 5 }))).rejects.toThrow(/502/);
    }
    const t = [...p.store.tickets.values()][0]!;
    expect(t).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/Bot Connector 502/) });
    expect(await p.store.getMessageRecord(id)).toMatchObject({ outcome: 'failed', ticketId: t.id });
  });

  it('when the message cannot even be read, a placeholder ticket shows the failure', async () => {
    const p = createTestPipeline();
    failOn(p.mailbox, 'getMessage', 'before', 1, () => new AppError('unavailable', 'graph: 503 ServiceUnavailable', { status: 503 }));
    await expect(processTicket(p.deps, { messageId: 'AAMk-x' }, ctx('q', { dequeueCount: 5, maxDequeueCount: 5 }))).rejects.toThrow();
    const t = [...p.store.tickets.values()][0]!;
    expect(t).toMatchObject({ status: 'failed', messageId: 'AAMk-x', lastError: expect.stringMatching(/503/) });
  });

  it('a message that failed before can be processed again later, replacing its placeholder', async () => {
    const p = createTestPipeline();
    const id = deliver(p);
    failOn(p.analyzer, 'analyze', 'before', 1);
    failOn(p.mailbox, 'setCategories', 'before', 1, () => new Error('boom'));
    await expect(processTicket(p.deps, { messageId: id }, ctx('q1', { dequeueCount: 1, maxDequeueCount: 1 }))).rejects.toThrow();
    expect([...p.store.tickets.values()][0]!.status).toBe('failed');
    expect((await processTicket(p.deps, { messageId: id }, ctx('q2'))).outcome).toBe('ticket');
    const tickets = [...p.store.tickets.values()];
    expect(tickets).toHaveLength(1);
    expect(tickets[0]!.status).not.toBe('failed');
  });
});

describe('processTicket: deliveries that race', () => {
  it('when a reply is processed before the mail it answers, the earlier mail becomes the origin and the draft still answers the reply', async () => {
    const p = createTestPipeline();
    const original = deliver(p, { conversationId: 'CONV-R', subject: 'Karten weg', receivedAt: '2026-11-25T09:00:00Z' });
    const reply = deliver(p, { conversationId: 'CONV-R', subject: 'Re: Karten weg', receivedAt: '2026-11-25T09:30:00Z' });
    await processTicket(p.deps, { messageId: reply }, ctx());
    const draftBefore = [...p.store.tickets.values()][0]!.draftMessageId;

    expect((await processTicket(p.deps, { messageId: original }, ctx())).outcome).toBe('follow-up');

    const t = [...p.store.tickets.values()][0]!;
    expect(t).toMatchObject({ messageId: original, subject: 'Karten weg', receivedAt: '2026-11-25T09:00:00Z', messageCount: 2, draftMessageId: draftBefore, draftForMessageId: reply });
    expect(p.mailbox.drafts()).toHaveLength(1);
    expect(p.mailbox.messages.get(original)!.categories).toContain('ai-processed');
  });
});
