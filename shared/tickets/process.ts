// processTicket: one mailbox message through the pipeline (docs/architecture.md#flow-notification--card).
// fetch → skip what is not a customer request → thread (follow-ups join their ticket) →
// enrichment → analysis (started together; the draft waits for the account facts) → triage policy
// and routing → write back (categories, reply draft) → card → record.
//
// Graph delivers at least once, delta overlaps notifications and queue messages come back after
// a crash, so every step is idempotent and resumable from stored state:
// - the ticket id is derived from the conversation, so a second ticket cannot be inserted (409);
// - a message record says which messages are done (or skipped, and why);
// - the ticket's `pass` is a lease (one invocation writes back at a time, ETag-guarded) and
//   remembers when a createReply may have happened, so a resumed pass looks in Drafts first
//   instead of creating a second draft — the common path never pays for that lookup;
// - categories are compared with what the fetched message already carries before a PATCH.
import { createHash } from 'node:crypto';
import { OUTLOOK_CATEGORIES, type Analysis, type EnrichmentFacts, type Person, type StepTiming, type Ticket, type TicketPass, type TokenUsage } from '../domain.js';
import { AppError, normalizeError } from '../errors.js';
import { createLogger, type Logger } from '../log.js';
import { skipReason } from '../mail/auto.js';
import { cleanBody } from '../mail/clean.js';
import { md } from '../teams/text.js';
import { captureError } from '../observability.js';
import type { Analyzer, Enricher, Mailbox, MailboxMessage, MessageRecord, Roster, TicketCards, TicketStore } from '../ports.js';
import { triagePolicy } from '../triage/policy.js';
import { boundedForAnalysis } from './anomalies.js';
import { draftToHtml } from './draft.js';
import { adjustLoad, reserve } from './load.js';
import { categoriesFor } from './outlook-categories.js';
import { route, type RoutingDecision } from './routing.js';
import { customerReplied, fail, newTicket, placeholderTicket, settle, TicketNotFound, updateTicket, writeTicket } from './ticket.js';

export interface ProcessDeps {
  mailbox: Mailbox;
  store: TicketStore;
  analyzer: Analyzer;
  enricher: Enricher;
  cards: TicketCards;
  roster: Roster;
  settings: {
    confidenceThreshold: number;
    /** How long a pass holds its ticket before another invocation may take over (default 2 min). */
    leaseMs?: number;
    /** How long a follow-up waits for another message's pass on the same ticket (default 20 s). */
    busyWaitMs?: number;
  };
  log?: Logger;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

export interface ProcessContext {
  invocationId: string;
  /**
   * The queue message's id: the same on every redelivery of that message, so a retry after a
   * crash resumes its own pass at once, while a duplicate queue message waits for it.
   */
  queueMessageId?: string;
  /** Queue delivery attempt (1-based) and the host's limit; on the last attempt a failure is recorded. */
  dequeueCount?: number;
  maxDequeueCount?: number;
}

export type ProcessOutcome =
  | { outcome: 'ticket' | 'follow-up'; ticketId: string }
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'duplicate'; previous: MessageRecord['outcome']; ticketId?: string }
  | { outcome: 'in-progress'; ticketId: string };

const FINAL_OUTCOMES: readonly MessageRecord['outcome'][] = ['ticket', 'follow-up', 'skipped'];
const DEFAULT_LEASE_MS = 120_000;
const DEFAULT_BUSY_WAIT_MS = 20_000;
const BUSY_POLL_MS = 1_000;

export { categoriesFor };

/** One ticket per conversation: the id is derived from it, so duplicates collide on insert. */
export function ticketIdFor(mail: Pick<MailboxMessage, 'conversationId' | 'internetMessageId' | 'messageId'>): string {
  const key = mail.conversationId || mail.internetMessageId || mail.messageId;
  return `T-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

/** Id of the placeholder that makes a message visible when it could not even be read. */
export function placeholderIdFor(messageId: string): string {
  return `T-m${createHash('sha256').update(messageId).digest('hex').slice(0, 15)}`;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function addUsage(a: TokenUsage | null, b: TokenUsage | undefined): TokenUsage | null {
  if (!b) return a;
  if (!a) return { ...b };
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadInputTokens: (a.cacheReadInputTokens ?? 0) + (b.cacheReadInputTokens ?? 0),
    cacheCreationInputTokens: (a.cacheCreationInputTokens ?? 0) + (b.cacheCreationInputTokens ?? 0),
    calls: a.calls + b.calls,
  };
}

class LeaseLost extends Error {
  override name = 'LeaseLost';
}

interface Triage {
  analysis: Analysis;
  enrichment: EnrichmentFacts | null;
  notes: string[];
}

interface Claimed {
  ticket: Ticket;
  /** The pass was started by an earlier invocation (a createReply may have happened). */
  resumed: boolean;
  kind: 'ticket' | 'follow-up';
}

/** Runs one message through the pipeline; safe to call any number of times for the same message. */
export async function processTicket(deps: ProcessDeps, input: { messageId: string }, ctx: ProcessContext): Promise<ProcessOutcome> {
  const pass = new Pass(deps, input.messageId, ctx);
  try {
    return await pass.run();
  } catch (err) {
    if (err instanceof LeaseLost) return { outcome: 'in-progress', ticketId: pass.ticketId ?? '' };
    const lastAttempt = ctx.dequeueCount !== undefined && ctx.maxDequeueCount !== undefined && ctx.dequeueCount >= ctx.maxDequeueCount;
    pass.log.error('processing failed', { err, dequeueCount: ctx.dequeueCount, lastAttempt });
    if (lastAttempt || (err instanceof AppError && !err.retryable)) {
      captureError(err, { ticketId: pass.ticketId, step: 'processTicket', invocationId: ctx.invocationId, messageId: input.messageId });
    }
    if (lastAttempt) await recordFailure(deps, input.messageId, pass.mail, err).catch((e: unknown) => pass.log.error('could not record the failure', { err: e }));
    throw err;
  }
}

class Pass {
  readonly log: Logger;
  mail: MailboxMessage | undefined;
  ticketId: string | undefined;
  private readonly timings: StepTiming[] = [];
  private readonly started: number;
  private triage: Triage | null = null;

  constructor(
    private readonly deps: ProcessDeps,
    private readonly messageId: string,
    private readonly ctx: ProcessContext,
  ) {
    this.log = (deps.log ?? createLogger('tickets.process')).child({ messageId, invocationId: ctx.invocationId });
    this.started = Date.now();
    this.owner = ctx.queueMessageId ?? ctx.invocationId;
  }

  /** Who holds the pass (see ProcessContext.queueMessageId). */
  private readonly owner: string;
  /** The message's version after this pass's category write; kept in its record for the Outlook sync. */
  private writtenEtag: string | null = null;

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private async timed<T>(step: string, work: () => Promise<T>): Promise<T> {
    const t0 = Date.now();
    try {
      return await work();
    } finally {
      this.timings.push({ step, ms: Date.now() - t0 });
    }
  }

  async run(): Promise<ProcessOutcome> {
    const { store } = this.deps;
    const record = await store.getMessageRecord(this.messageId);
    if (record && FINAL_OUTCOMES.includes(record.outcome)) return { outcome: 'duplicate', previous: record.outcome, ticketId: record.ticketId };

    const mail = await this.fetch();
    if (!mail) return this.skip('message no longer exists (deleted or moved out of reach)');
    this.mail = mail;
    const reason = this.whyNotATicket(mail) ?? (await this.markedByAnotherPass(mail, record));
    if (reason) return this.skip(reason);
    if (!record) await this.record('processing');

    const claimed = await this.claim(mail);
    if ('outcome' in claimed) return claimed;
    let ticket = claimed.ticket;
    this.ticketId = ticket.id;

    this.writtenEtag = await this.timed('categories', () => this.writeCategories(ticket, mail));
    ticket = await this.timed('draft', () => this.writeDraft(ticket, mail, claimed.resumed));
    ticket = await this.publishCard(ticket);
    if (claimed.kind === 'follow-up') ticket = await this.announceFollowUp(ticket, mail);
    await this.record(claimed.kind, ticket.id);
    this.log.info('message processed', { ticketId: ticket.id, kind: claimed.kind, status: ticket.status, ms: Date.now() - this.started });
    return { outcome: claimed.kind, ticketId: ticket.id };
  }

  /**
   * A customer's reply brings the conversation back to the top of the channel: a short reply in the
   * card's thread, @mentioning the assignee. Once per message (remembered on the ticket; a crash
   * between posting and remembering can repeat it). A failed notice never fails the pass.
   */
  private async announceFollowUp(ticket: Ticket, mail: MailboxMessage): Promise<Ticket> {
    if (ticket.threadNotices?.includes(this.messageId) || ticket.messageId === this.messageId) return ticket;
    const line = cleanBody(mail.uniqueText ?? mail.text).split('\n').find((l) => l.trim()) ?? '';
    const quote = line.length > 140 ? `${line.slice(0, 140).trimEnd()}…` : line;
    const text = `Customer replied${ticket.status === 'assigned' || ticket.status === 'open' ? '' : ` (${ticket.status})`}: ${md(quote) || '(no text)'}`;
    try {
      await this.deps.cards.replyInThread(ticket, { text, mentions: ticket.assignee ? [ticket.assignee] : [] });
    } catch (err) {
      this.log.warn('could not post the follow-up notice in the card thread', { err: normalizeError(err, 'teams') });
      return ticket;
    }
    const id = this.messageId;
    const r = await updateTicket(this.deps.store, ticket.id, (t) => (t.threadNotices?.includes(id) ? null : { ...t, threadNotices: [...(t.threadNotices ?? []).slice(-49), id] }));
    return r.after;
  }

  // ---- 1. fetch and skip ----

  private async fetch(): Promise<MailboxMessage | null> {
    try {
      return await this.timed('fetch', () => this.deps.mailbox.getMessage(this.messageId));
    } catch (err) {
      if (err instanceof AppError && err.kind === 'not-found') return null;
      throw err;
    }
  }

  private whyNotATicket(mail: MailboxMessage): string | null {
    if (mail.isDraft) return 'a draft, not received mail';
    return skipReason(mail, this.deps.mailbox.address);
  }

  /**
   * Our own mark on a message nobody of ours is working on: processed before (e.g. by an earlier
   * deployment) — skip. But a concurrent pass (a duplicate delivery) writes its record before it
   * sets the categories, so the record read at the start may simply be too old: read it again,
   * and never skip a message a ticket already holds.
   */
  private async markedByAnotherPass(mail: MailboxMessage, record: MessageRecord | null): Promise<string | null> {
    if (record || !mail.categories.includes('ai-processed')) return null;
    const [fresh, holder] = await Promise.all([this.deps.store.getMessageRecord(this.messageId), this.deps.store.findByMessage(this.messageId)]);
    return fresh || holder ? null : 'already ai-processed';
  }

  private async skip(reason: string): Promise<ProcessOutcome> {
    await this.record('skipped', undefined, reason);
    this.log.info('message skipped', { reason });
    return { outcome: 'skipped', reason };
  }

  private record(outcome: MessageRecord['outcome'], ticketId?: string, reason?: string): Promise<void> {
    const rec: MessageRecord = { messageId: this.messageId, outcome, at: this.now().toISOString() };
    if (ticketId) rec.ticketId = ticketId;
    if (reason) rec.reason = reason;
    if (this.writtenEtag && (outcome === 'ticket' || outcome === 'follow-up')) rec.writtenEtag = this.writtenEtag;
    return this.deps.store.putMessageRecord(rec);
  }

  // ---- 2. thread: new ticket, follow-up, or resume ----

  private newPass(): TicketPass {
    const now = this.now();
    return {
      messageId: this.messageId,
      owner: this.owner,
      startedAt: now.toISOString(),
      leaseUntil: new Date(now.getTime() + (this.deps.settings.leaseMs ?? DEFAULT_LEASE_MS)).toISOString(),
      // Written with the ticket, before createReply can happen: a crash after this point makes the
      // next attempt look for the draft first.
      draftStartedAt: now.toISOString(),
    };
  }

  private leaseAlive(p: TicketPass): boolean {
    return Date.parse(p.leaseUntil) > this.now().getTime();
  }

  private async claim(mail: MailboxMessage): Promise<Claimed | ProcessOutcome> {
    const { store } = this.deps;
    const id = ticketIdFor(mail);
    this.ticketId = id;
    const busyUntil = Date.now() + (this.deps.settings.busyWaitMs ?? DEFAULT_BUSY_WAIT_MS);
    for (;;) {
      let result: Claimed | ProcessOutcome | 'busy' = 'busy';
      const written = await writeTicket(
        store,
        id,
        async (existing) => {
          if (!existing || existing.messageIds.length === 0) {
            // New ticket (or the placeholder of a failed first attempt): one routing reservation per pass.
            const ticket = await this.timed('route', () => this.newTicket(id, mail, existing));
            result = { ticket, resumed: false, kind: 'ticket' };
            return ticket;
          }
          const kind = existing.messageId === this.messageId ? 'ticket' : 'follow-up';
          if (existing.messageIds.includes(this.messageId)) {
            const p = existing.pass;
            if (!p || p.messageId !== this.messageId) {
              // This message's pass finished (or a later message's pass superseded it): only the
              // per-message parts may be missing.
              result = { outcome: kind, ticketId: existing.id };
              return null;
            }
            if (p.owner !== this.owner && this.leaseAlive(p)) {
              result = { outcome: 'in-progress', ticketId: existing.id };
              return null;
            }
            result = { ticket: existing, resumed: true, kind };
            return { ...existing, pass: this.renewed(p) };
          }
          // A follow-up in the ticket's conversation: one pass per ticket at a time.
          if (existing.pass && existing.pass.owner !== this.owner && this.leaseAlive(existing.pass)) {
            result = 'busy';
            return null;
          }
          const triage = await this.analyze(mail, 'draft-only');
          result = { ticket: existing, resumed: false, kind: 'follow-up' };
          return this.followUp(existing, mail, triage);
        },
        { reserved: () => this.reservation?.aadObjectId ?? null },
      );
      const outcome = result as Claimed | ProcessOutcome | 'busy';
      if (this.reservation && !(outcome !== 'busy' && 'ticket' in outcome && outcome.kind === 'ticket' && !outcome.resumed && written.changed)) {
        // Another message of the conversation opened the ticket: give the reserved slot back.
        await adjustLoad(store, { [this.reservation.aadObjectId]: -1 });
        this.reservation = null;
      }
      if (outcome === 'busy') {
        if (Date.now() >= busyUntil) throw new AppError('unavailable', `ticket ${id} is busy with another message; retry later`);
        await (this.deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))))(BUSY_POLL_MS);
        continue;
      }
      if ('outcome' in outcome) {
        if ((outcome.outcome === 'ticket' || outcome.outcome === 'follow-up') && written.after) {
          this.writtenEtag = await this.writeCategories(written.after, mail);
          await this.record(outcome.outcome, written.after.id);
        }
        return outcome;
      }
      if (outcome.resumed) this.log.info('resuming an interrupted pass', { ticketId: id, since: outcome.ticket.pass?.startedAt });
      this.reservation = null;
      return { ...outcome, ticket: written.after as Ticket };
    }
  }

  private renewed(p: TicketPass): TicketPass {
    return { ...p, owner: this.owner, leaseUntil: new Date(this.now().getTime() + (this.deps.settings.leaseMs ?? DEFAULT_LEASE_MS)).toISOString() };
  }

  // ---- 3. enrichment and analysis: started together, the analysis awaits the facts for its draft ----

  private async analyze(mail: MailboxMessage, mode: 'full' | 'draft-only'): Promise<Triage> {
    if (this.triage) return this.triage;
    const notes: string[] = [];
    // The draft needs only the account and error facts; recordings may still be on their way.
    const staged = this.deps.enricher.enrichStaged?.(mail.from.address);
    const draftFacts = staged ? staged.draft.catch((): null => null) : undefined;
    const enrichment = this.timed('enrichment', () => staged?.complete ?? this.deps.enricher.enrich(mail.from.address)).catch((err: unknown): null => {
      const e = normalizeError(err, 'enrichment');
      notes.push(`enrichment failed: ${e.message}`);
      this.log.warn('enrichment failed', { err: e });
      return null;
    });
    const analysis = this.timed('analysis', () => this.deps.analyzer.analyze({ mail: boundedForAnalysis(mail), enrichment: draftFacts ?? enrichment, mode })).catch((err: unknown): Analysis => {
      const e = normalizeError(err, 'analysis');
      this.log.warn('analysis failed; the ticket goes to needs-triage', { err: e });
      return {
        language: 'und',
        category: 'other',
        confidence: 0,
        summary: mail.subject,
        translatedSubject: mail.subject,
        translatedBody: '',
        suggestedTeam: 'general',
        draft: '',
        analyzer: this.deps.analyzer.name,
        degraded: `analysis failed: ${e.message}`,
        notes: [`analysis failed (${e.kind}); no draft was written — please triage by hand`],
      };
    });
    const [facts, result] = await Promise.all([enrichment, analysis]);
    for (const [source, s] of Object.entries(facts?.sources ?? {})) if (s.status === 'failed') notes.push(`enrichment ${source} failed${s.detail ? `: ${s.detail}` : ''}`);
    this.triage = { analysis: result, enrichment: facts, notes };
    return this.triage;
  }

  // ---- 4. routing and the ticket ----

  /** The person routing reserved a slot for in this pass (see load.ts); released if no ticket results. */
  private reservation: Person | null = null;
  private decision: RoutingDecision | null = null;

  private async newTicket(id: string, mail: MailboxMessage, previous: Ticket | null): Promise<Ticket> {
    const { analysis, enrichment, notes } = await this.analyze(mail, 'full');
    if (!this.decision) {
      const members = await this.deps.roster.members();
      const threshold = this.deps.settings.confidenceThreshold;
      const picked = await reserve(this.deps.store, (load) => {
        const decision = route(analysis, members, load, triagePolicy(analysis, mail, threshold));
        return { decision, reserved: decision.assignee };
      });
      this.decision = picked.decision;
      this.reservation = picked.reserved;
    }
    const decision = this.decision;
    const now = this.now().toISOString();
    const ticket = newTicket(
      {
        id,
        messageId: this.messageId,
        internetMessageId: mail.internetMessageId ?? '',
        conversationId: mail.conversationId ?? '',
        from: mail.from,
        subject: mail.subject,
        receivedAt: mail.receivedAt ?? now,
        language: analysis.language,
        category: analysis.category,
        confidence: analysis.confidence,
        needsTriage: decision.needsTriage,
        triageReasons: decision.reasons,
        assignee: decision.assignee,
        suggestedAssignee: decision.suggestedAssignee,
        team: analysis.suggestedTeam,
        summary: analysis.summary,
        translatedSubject: analysis.translatedSubject,
        translatedBody: analysis.translatedBody,
        latestText: mail.uniqueText ?? mail.text,
        draft: analysis.draft,
        enrichment,
        analyzer: analysis.analyzer,
        usage: analysis.usage ?? null,
        notes: [...analysis.notes, ...notes, `routing: ${decision.reason}`],
        createdDetail: decision.assignee ? `assigned to ${decision.assignee.name}` : 'needs triage',
        pass: this.newPass(),
      },
      now,
    );
    return previous ? { ...ticket, createdAt: previous.createdAt } : ticket;
  }

  /** A follow-up keeps the ticket's identity, category and assignee; text, draft and facts move on. */
  private followUp(t: Ticket, mail: MailboxMessage, { analysis, enrichment, notes }: Triage): Ticket {
    const now = this.now().toISOString();
    // Deliveries can race: a reply may have opened the ticket before the mail it answers. The
    // earlier mail then becomes the ticket's origin, and the draft keeps answering the newest one.
    const older = !!mail.receivedAt && Date.parse(mail.receivedAt) < Date.parse(t.receivedAt);
    return customerReplied(
      t,
      {
        messageId: this.messageId,
        enrichment,
        usage: addUsage(t.usage, analysis.usage),
        notes: [...analysis.notes, ...notes],
        ...(older
          ? { origin: { internetMessageId: mail.internetMessageId ?? t.internetMessageId, subject: mail.subject, receivedAt: mail.receivedAt as string }, pass: { ...this.newPass(), keepDraft: true } }
          : { latestText: mail.uniqueText ?? mail.text, translatedBody: analysis.translatedBody, draft: analysis.draft, pass: this.newPass() }),
      },
      now,
    );
  }

  /** Writes under our lease; on a concurrent change (e.g. an agent claimed) re-reads and re-applies. */
  private async mutate(ticket: Ticket, change: (t: Ticket) => Ticket): Promise<Ticket> {
    const r = await updateTicket(
      this.deps.store,
      ticket.id,
      (current) => {
        if (current.pass?.owner !== this.owner || current.pass.messageId !== this.messageId) throw new LeaseLost(`ticket ${ticket.id} was taken over`);
        const next = change(current);
        return { ...next, updatedAt: this.now().toISOString(), pass: next.pass && this.renewed(next.pass) };
      },
      { current: ticket },
    ).catch((err: unknown) => {
      if (err instanceof TicketNotFound) throw new LeaseLost(`ticket ${ticket.id} disappeared`);
      throw err;
    });
    return r.after;
  }

  // ---- 5. write back into the mailbox ----

  /** Returns the message's version after the write (null when nothing was written or Graph did not say). */
  private async writeCategories(ticket: Ticket, mail: MailboxMessage): Promise<string | null> {
    // Once per process in the adapter; the call here keeps the use case correct on its own. Colours
    // are a nicety (needs MailboxSettings.ReadWrite): without them Outlook shows the names uncoloured.
    await this.deps.mailbox.ensureMasterCategories(OUTLOOK_CATEGORIES).catch((err: unknown) => this.log.warn('could not ensure the master categories', { err }));
    const wanted = categoriesFor(ticket, mail.categories);
    return sameSet(wanted, mail.categories) ? null : this.deps.mailbox.setCategories(mail.messageId, wanted);
  }

  private async writeDraft(ticket: Ticket, mail: MailboxMessage, resumed: boolean): Promise<Ticket> {
    if (ticket.draftForMessageId === this.messageId && ticket.draftMessageId) return ticket;
    if (ticket.pass?.keepDraft && ticket.draftMessageId) return ticket;
    if (!ticket.draft.trim()) return ticket; // analysis produced none (degraded): nothing to write
    const since = ticket.pass?.draftStartedAt;
    let draftId: string | null = null;
    if (resumed && since) draftId = await this.existingDraft(mail, since);
    draftId ??= await this.createReply(mail, draftToHtml(ticket.draft), since);
    const newDraft = draftId;
    // The Outlook sync finds the ticket of a draft that leaves Drafts by this record.
    await this.deps.store.putMessageRecord({ messageId: newDraft, outcome: 'draft', ticketId: ticket.id, at: this.now().toISOString() });
    return this.mutate(ticket, (t) => {
      // The previous pass's draft is replaced, unless it is being (or was) sent.
      const stale = t.draftMessageId && t.draftMessageId !== newDraft && t.status !== 'sending' && t.status !== 'sent' && t.sentMessageId !== t.draftMessageId ? t.draftMessageId : undefined;
      return { ...t, draftMessageId: newDraft, draftForMessageId: this.messageId, pass: t.pass && { ...t.pass, staleDraftId: stale } };
    });
  }

  private async existingDraft(mail: MailboxMessage, since: string): Promise<string | null> {
    if (!mail.conversationId || !mail.internetMessageId) return null;
    const found = await this.deps.mailbox.findReplyDraft(mail.conversationId, mail.internetMessageId, since);
    if (found) this.log.info('found the draft of an interrupted attempt', { draftId: found });
    return found;
  }

  /** createReply is not idempotent: when its outcome is unknown, look before anyone tries again. */
  private async createReply(mail: MailboxMessage, html: string, since: string | undefined): Promise<string> {
    try {
      return await this.deps.mailbox.createReplyDraft(mail.messageId, html, mail.replyTo?.length ? { to: mail.replyTo } : {});
    } catch (err) {
      const e = normalizeError(err, 'graph');
      // A 4xx (429 included) means Graph did not create anything.
      if (e.opts.status !== undefined && e.opts.status >= 400 && e.opts.status < 500 && e.opts.status !== 408) throw e;
      const found = since ? await this.existingDraft(mail, since) : null;
      if (found) return found;
      throw e;
    }
  }

  // ---- 6. the Teams card, and done ----

  private async publishCard(ticket: Ticket): Promise<Ticket> {
    const stale = ticket.pass?.staleDraftId;
    if (stale) await this.deps.mailbox.deleteDraft(stale);
    if (ticket.status === 'resolved') await reopenInOutlook(this.deps.mailbox, ticket, this.log);
    const t0 = Date.now();
    const settled: Ticket = settle(ticket);
    const ref = await this.deps.cards.publish(settled);
    this.timings.push({ step: 'card', ms: Date.now() - t0 }, { step: 'total', ms: Date.now() - this.started });
    settled.timings = [...this.timings];
    return this.mutate(ticket, (t) => ({
      ...settle(t),
      cardConversationId: ref?.conversationId ?? t.cardConversationId,
      cardActivityId: ref?.activityId ?? t.cardActivityId,
      timings: settled.timings,
      pass: null,
    }));
  }
}

/**
 * The customer wrote to a resolved ticket, which this pass reopens: Outlook follows, as for reopen
 * on the card — the message that closed it is unflagged, or taken out of Junk Email. Otherwise its
 * old "complete" flag would read as a fresh "resolved in Outlook" the next time anyone touches the
 * mail (opening it fires an Inbox update). Written before the ticket settles, so the sync sees the
 * ticket still resolved until the flag is gone. A Graph failure is logged; the ticket reopens anyway.
 */
async function reopenInOutlook(mailbox: ProcessDeps['mailbox'], t: Ticket, log: Logger): Promise<void> {
  if (!t.resolution || t.resolution.via === 'auto') return;
  const closedBy = [...t.audit].reverse().find((a) => a.action === 'resolved')?.ref;
  const id = closedBy && t.messageIds.includes(closedBy) ? closedBy : t.messageId;
  try {
    if (t.resolution.reason === 'spam') await mailbox.moveToInbox(id);
    else await mailbox.clearFlag(id);
  } catch (err) {
    log.warn('could not reopen the message in Outlook', { err: normalizeError(err, 'graph') });
  }
}

/**
 * The last delivery attempt failed: make it visible. The ticket (or, when the message could not
 * even be read, a placeholder) shows the error in GET /api/tickets; the message record says why.
 */
export async function recordFailure(deps: Pick<ProcessDeps, 'store' | 'now'>, messageId: string, mail: MailboxMessage | undefined, err: unknown): Promise<string> {
  const { store } = deps;
  const reason = normalizeError(err, 'processing').message;
  const now = (deps.now?.() ?? new Date()).toISOString();
  const id = mail ? ticketIdFor(mail) : placeholderIdFor(messageId);
  await writeTicket(store, id, (existing) => (existing ? fail(existing, messageId, reason, now) : placeholderTicket({ id, messageId, mail, reason }, now)));
  await store.putMessageRecord({ messageId, outcome: 'failed', ticketId: id, reason, at: now });
  return id;
}
