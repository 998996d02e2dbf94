// The ticket's lifecycle, in one place: the only constructors of a Ticket, the pure transitions
// between its statuses (each returns the next ticket with its audit entry, or refuses an illegal
// move with a TransitionError), and ONE update loop that reads, applies a transition and writes
// under the ETag, retrying a lost race with one bounded policy. Nothing else writes `status`.
//
//   processing ─settle─▶ open ⇄ assigned ─approve─▶ sending ─markSent─▶ sent ─reopen/customer─▶ open|assigned
//        │                 │        │                   └─markSendFailed─▶ send-failed ─approve─▶ sending
//        └─fail─▶ failed   └────────┴─ markSent (Outlook) ─▶ sent      any open state ─resolve─▶ resolved
//
// Who may do a thing (roster roles) is decided in shared/teams/authorize.ts; whether the ticket's
// state allows it is decided here, for every caller alike (card, pane, Outlook sync, pipeline).
import { AppError } from '../errors.js';
import type { AuditEntry, Category, Correction, DraftUse, Person, Resolution, ResolutionReason, Surface, Ticket, TicketStatus } from '../domain.js';
import { ConcurrencyError, type TicketStore } from '../ports.js';
import { adjustLoad, loadDelta, OPEN_STATUSES } from './load.js';

export { OPEN_STATUSES };

/** A move the ticket's state does not allow; `message` is written for the person who tried it. */
export class TransitionError extends Error {
  override name = 'TransitionError';
  constructor(
    readonly transition: string,
    readonly from: TicketStatus,
    message: string,
  ) {
    super(message);
  }
}

export class TicketNotFound extends Error {
  override name = 'TicketNotFound';
  constructor(readonly ticketId: string) {
    super('This ticket no longer exists.');
  }
}

/** Statuses in which agents work on the ticket (claim, edit, approve, recategorize, resolve). */
const WORKABLE: readonly TicketStatus[] = ['open', 'assigned', 'send-failed', 'failed'];

/**
 * The statuses each move a person makes (card, pane, Outlook) is legal from: the transitions below
 * refuse anything else, and the card's authorisation reads the same table to offer only what works.
 */
export const MOVE_FROM = {
  claim: WORKABLE,
  release: WORKABLE,
  reassign: WORKABLE,
  saveDraft: WORKABLE,
  approve: ['open', 'assigned', 'send-failed'],
  recategorize: [...WORKABLE, 'sent', 'resolved'],
  resolve: [...WORKABLE, 'sent'],
  reopen: ['sent', 'resolved'],
} as const satisfies Record<string, readonly TicketStatus[]>;
export type PersonMove = keyof typeof MOVE_FROM;
// ---------- constructors ----------

/** What a ticket has not done yet when it is made: no reply, no resolution, no corrections, no reminders. */
function nothingYet(): Pick<Ticket, 'timings' | 'sentAt' | 'sentMessageId' | 'repliedVia' | 'draftUse' | 'firstResponseAt' | 'firstResponseDueAt' | 'firstResponseBusinessMinutes' | 'reminders' | 'resolution' | 'corrections'> {
  return {
    timings: [],
    sentAt: null,
    sentMessageId: null,
    repliedVia: null,
    draftUse: null,
    firstResponseAt: null,
    firstResponseDueAt: null,
    firstResponseBusinessMinutes: null,
    reminders: [],
    resolution: null,
    corrections: [],
  };
}

export interface NewTicketInput {
  id: string;
  messageId: string;
  internetMessageId: string;
  conversationId: string;
  from: Ticket['from'];
  subject: string;
  receivedAt: string;
  language: string;
  category: Category;
  confidence: number;
  needsTriage: boolean;
  triageReasons: string[];
  assignee: Person | null;
  suggestedAssignee: Person | null;
  team: Ticket['team'];
  summary: string;
  translatedSubject: string;
  translatedBody: string;
  latestText: string;
  draft: string;
  enrichment: Ticket['enrichment'];
  analyzer: Ticket['analyzer'];
  usage: Ticket['usage'];
  notes: string[];
  createdDetail: string;
  pass: Ticket['pass'];
}

/** A ticket being triaged: status `processing` until its first pass settles it. */
export function newTicket(input: NewTicketInput, at: string): Ticket {
  const { createdDetail, ...rest } = input;
  return {
    ...rest,
    status: 'processing',
    aiDraft: input.draft,
    draftMessageId: null,
    draftForMessageId: null,
    cardConversationId: null,
    cardActivityId: null,
    messageIds: [input.messageId],
    messageCount: 1,
    audit: [{ at, action: 'created', detail: createdDetail }],
    ...nothingYet(),
    lastError: null,
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * Makes a message visible that could not even be read: a failed ticket with no messages, which a
 * later successful attempt replaces with the real ticket.
 */
export function placeholderTicket(
  input: { id: string; messageId: string; mail?: { internetMessageId?: string; conversationId?: string; from: Ticket['from']; subject: string; receivedAt?: string }; reason: string },
  at: string,
): Ticket {
  const { mail, reason } = input;
  return {
    id: input.id,
    messageId: input.messageId,
    internetMessageId: mail?.internetMessageId ?? '',
    conversationId: mail?.conversationId ?? '',
    from: mail?.from ?? { address: '' },
    subject: mail?.subject ?? '(message could not be processed)',
    receivedAt: mail?.receivedAt ?? at,
    language: 'und',
    category: 'other',
    confidence: 0,
    needsTriage: true,
    triageReasons: [`processing failed: ${reason}`],
    status: 'failed',
    assignee: null,
    suggestedAssignee: null,
    team: 'general',
    summary: 'Processing failed; see lastError. The mail is untouched in the Inbox.',
    translatedSubject: '',
    translatedBody: '',
    latestText: '',
    draft: '',
    aiDraft: '',
    draftMessageId: null,
    draftForMessageId: null,
    cardConversationId: null,
    cardActivityId: null,
    messageIds: [],
    messageCount: 0,
    enrichment: null,
    analyzer: 'offline',
    usage: null,
    notes: [`processing of message ${input.messageId} failed: ${reason}`],
    audit: [{ at, action: 'failed', detail: reason }],
    ...nothingYet(),
    lastError: reason,
    createdAt: at,
    updatedAt: at,
    pass: null,
  };
}

/** A stored ticket written before a field existed gets the field's neutral value. */
export function upgradeTicket(t: Ticket): Ticket {
  const stored = t as Partial<Ticket> & Ticket;
  return {
    ...t,
    aiDraft: stored.aiDraft ?? t.draft,
    repliedVia: stored.repliedVia ?? null,
    draftUse: stored.draftUse ?? null,
    firstResponseAt: stored.firstResponseAt ?? (t.status === 'sent' ? t.sentAt : null),
    firstResponseDueAt: stored.firstResponseDueAt ?? null,
    firstResponseBusinessMinutes: stored.firstResponseBusinessMinutes ?? null,
    reminders: stored.reminders ?? [],
    resolution: stored.resolution ?? null,
    corrections: stored.corrections ?? [],
  };
}

// ---------- transitions (pure) ----------

function entry(t: Ticket, e: Omit<AuditEntry, 'at'>, at: string): Ticket {
  return { ...t, audit: [...t.audit, { at, ...e }], updatedAt: at };
}

function refuseUnless(t: Ticket, transition: string, allowed: readonly TicketStatus[]): void {
  if (allowed.includes(t.status)) return;
  throw new TransitionError(transition, t.status, frozenMessage(t));
}

/** Why nothing can change now, in the words a person on the card or in the pane reads. */
export function frozenMessage(t: Ticket): string {
  switch (t.status) {
    case 'processing':
      return 'This ticket is still being triaged; try again in a moment.';
    case 'sending': {
      const by = lastBy(t, 'approved');
      return `The reply is being sent${by ? ` (approved by ${by})` : ''}; nothing can change now.`;
    }
    case 'sent':
      return t.repliedVia === 'outlook'
        ? `This ticket was answered from Outlook${lastBy(t, 'sent') ? ` by ${lastBy(t, 'sent')}` : ''}; nothing was sent from here. Reopen it to work on it again.`
        : `This ticket is answered${lastBy(t, 'sent') ? ` (sent by ${lastBy(t, 'sent')})` : ''}; reopen it to work on it again.`;
    case 'resolved':
      return `This ticket is resolved (${t.resolution?.reason ?? 'closed'}${t.resolution?.by ? ` by ${t.resolution.by.name}` : ''}); reopen it to work on it again.`;
    case 'open':
    case 'assigned':
    case 'send-failed':
    case 'failed':
      return 'This cannot be done in the ticket\'s current state.';
  }
}

function lastBy(t: Ticket, action: AuditEntry['action']): string | undefined {
  for (let i = t.audit.length - 1; i >= 0; i--) if (t.audit[i]!.action === action) return t.audit[i]!.by?.name;
  return undefined;
}

/** Open ⇄ assigned follows the assignee; other statuses keep theirs. */
function withAssignee(t: Ticket, assignee: Person | null): Ticket {
  const status: TicketStatus = t.status === 'open' && assignee ? 'assigned' : t.status === 'assigned' && !assignee ? 'open' : t.status;
  return { ...t, assignee, status };
}

export function claim(t: Ticket, by: Person, at: string): Ticket {
  refuseUnless(t, 'claim', MOVE_FROM.claim);
  const takeover = t.assignee && t.assignee.aadObjectId !== by.aadObjectId ? `took over from ${t.assignee.name}` : undefined;
  return entry(withAssignee(t, by), { action: 'claimed', by, detail: takeover }, at);
}

export function release(t: Ticket, by: Person, at: string): Ticket {
  refuseUnless(t, 'release', MOVE_FROM.release);
  if (!t.assignee) throw new TransitionError('release', t.status, 'Nobody owns this ticket, so there is nothing to release.');
  return entry(withAssignee(t, null), { action: 'released', by, detail: t.assignee.name }, at);
}

export function reassign(t: Ticket, to: Person, by: Person, at: string): Ticket {
  refuseUnless(t, 'reassign', MOVE_FROM.reassign);
  return entry(withAssignee(t, to), { action: 'reassigned', by, detail: `to ${to.name}` }, at);
}

export function saveDraft(t: Ticket, text: string, by: Person, at: string): Ticket {
  refuseUnless(t, 'saveDraft', MOVE_FROM.saveDraft);
  if (!t.draftMessageId) throw new TransitionError('saveDraft', t.status, 'This ticket has no reply draft in Outlook yet.');
  return entry({ ...t, draft: text, lastError: null }, { action: 'draft-saved', by }, at);
}

/** Locks the ticket into `sending`; the approver owns it from now on if nobody did. */
export function approve(t: Ticket, by: Person, text: string | undefined, at: string): Ticket {
  refuseUnless(t, 'approve', MOVE_FROM.approve);
  if (!t.draftMessageId) throw new TransitionError('approve', t.status, 'This ticket has no reply draft in Outlook yet.');
  return entry({ ...t, status: 'sending', assignee: t.assignee ?? by, draft: text ?? t.draft, lastError: null }, { action: 'approved', by }, at);
}

/** Saving or queueing the approved reply failed: back to where it was, with the reason shown. */
export function undoApprove(t: Ticket, back: TicketStatus, reason: string, at: string): Ticket {
  refuseUnless(t, 'undoApprove', ['sending']);
  const status: TicketStatus = back === 'send-failed' ? 'send-failed' : t.assignee ? 'assigned' : 'open';
  return entry({ ...t, status, lastError: reason }, { action: 'approve-undone', detail: reason }, at);
}

export interface SentReply {
  via: Surface;
  by: Person | null;
  /** Graph id of the reply in Sent Items. */
  messageId: string;
  draftUse: DraftUse;
  detail?: string;
}

/** How the audit names a reply sent from Outlook, by how much of the AI draft it kept. */
const OUTLOOK_REPLY: Record<DraftUse, string> = {
  unchanged: 'the AI draft unchanged',
  edited: 'the AI draft, edited',
  rewritten: 'a rewrite of the AI draft',
  none: 'an own reply',
};

/**
 * A reply left the mailbox. From the card the ticket was `sending`; from Outlook it may have been
 * in any working state (or already sent: a second reply is recorded, status unchanged). A
 * redelivered change for the same reply changes nothing (returns the ticket as it is).
 */
export function markSent(t: Ticket, reply: SentReply, at: string): Ticket {
  if (t.sentMessageId === reply.messageId || t.audit.some((a) => (a.action === 'sent' || a.action === 'replied-again') && a.ref === reply.messageId)) return t;
  if (reply.via === 'card') refuseUnless(t, 'markSent', ['sending']);
  else refuseUnless(t, 'markSent', ['open', 'assigned', 'send-failed', 'failed', 'sending', 'sent', 'resolved']);
  if (t.status === 'sent' || t.status === 'resolved') {
    return entry({ ...t, repliedVia: reply.via, draftUse: reply.draftUse }, { action: 'replied-again', by: reply.by ?? undefined, detail: `another reply from ${reply.via === 'outlook' ? 'Outlook' : 'the card'}`, ref: reply.messageId }, at);
  }
  const next: Ticket = {
    ...t,
    status: 'sent',
    sentAt: at,
    sentMessageId: reply.messageId,
    repliedVia: reply.via,
    draftUse: reply.draftUse,
    firstResponseAt: t.firstResponseAt ?? at,
    assignee: t.assignee ?? reply.by,
    lastError: null,
  };
  return entry(next, { action: 'sent', by: reply.by ?? undefined, detail: reply.detail ?? (reply.via === 'outlook' ? `from Outlook: ${OUTLOOK_REPLY[reply.draftUse]}` : undefined), ref: reply.messageId }, at);
}

export function markSendFailed(t: Ticket, reason: string, by: Person | null, at: string): Ticket {
  refuseUnless(t, 'markSendFailed', ['sending']);
  return entry({ ...t, status: 'send-failed', lastError: reason }, { action: 'send-failed', by: by ?? undefined, detail: reason }, at);
}

export interface Reroute {
  assignee: Person | null;
  suggestedAssignee: Person | null;
}

/**
 * A person corrects the AI's category. The correction is recorded (from the AI's or the last
 * category); `reroute`, when given, is the routing for the new category (only for tickets nobody holds).
 */
export function recategorize(t: Ticket, to: Category, by: Person | null, via: Surface, at: string, reroute?: Reroute, ref?: string): Ticket {
  refuseUnless(t, 'recategorize', MOVE_FROM.recategorize);
  if (t.category === to) return t;
  const correction: Correction = { field: 'category', from: t.category, to, by, via, at };
  let next: Ticket = { ...t, category: to, corrections: [...t.corrections, correction] };
  if (reroute) next = { ...withAssignee(next, reroute.assignee), suggestedAssignee: reroute.suggestedAssignee };
  const moved = reroute && reroute.assignee?.aadObjectId !== t.assignee?.aadObjectId ? `; routed to ${reroute.assignee?.name ?? 'nobody (needs triage)'}` : '';
  return entry(next, { action: 'recategorized', by: by ?? undefined, detail: `${t.category} → ${to} (${via})${moved}`, ref }, at);
}

/** Closes the ticket. Resolving an answered ticket means `answered`; an open one, any other reason. */
export function resolve(t: Ticket, reason: ResolutionReason, by: Person | null, via: Resolution['via'], at: string, ref?: string): Ticket {
  if (t.status === 'resolved') return t;
  refuseUnless(t, 'resolve', MOVE_FROM.resolve);
  const r: ResolutionReason = t.status === 'sent' && reason === 'no-reply-needed' ? 'answered' : reason;
  return entry({ ...t, status: 'resolved', resolution: { reason: r, by, via, at } }, { action: 'resolved', by: by ?? undefined, detail: `${r} (${via})`, ref }, at);
}

/** Back to work for the same assignee. */
export function reopen(t: Ticket, by: Person | null, at: string, detail?: string): Ticket {
  refuseUnless(t, 'reopen', MOVE_FROM.reopen);
  return entry({ ...t, status: t.assignee ? 'assigned' : 'open', resolution: null, lastError: null }, { action: 'reopened', by: by ?? undefined, detail }, at);
}

/** The AI draft was deleted from Drafts (a reply went out another way, or the ticket was closed). */
export function draftDeleted(t: Ticket, why: string, at: string): Ticket {
  if (!t.draftMessageId) return t;
  return entry({ ...t, draftMessageId: null }, { action: 'draft-deleted', detail: `${t.draftMessageId}: ${why}` }, at);
}

/**
 * The AI draft left Drafts without a reply in the mailbox's Sent Items: deleted by someone, or sent
 * from an agent's own mailbox (whose Sent Items the product cannot see). The ticket says which it
 * knows and what to do; it does not guess that a reply went out.
 */
export function draftLeft(t: Ticket, how: 'deleted' | 'vanished', at: string): Ticket {
  if (!t.draftMessageId) return t;
  const note =
    how === 'deleted'
      ? 'The AI draft was deleted in Outlook. Write a reply in Outlook, or resolve the ticket if none is needed.'
      : "The AI draft left Drafts but no reply is in the support mailbox's Sent Items. If it was sent from someone's own mailbox, resolve this ticket; otherwise write a new reply in Outlook.";
  return entry({ ...t, draftMessageId: null, lastError: note }, { action: 'draft-deleted', detail: `${t.draftMessageId}: ${how === 'deleted' ? 'deleted in Outlook' : 'left Drafts, no copy in Sent Items'}` }, at);
}

export interface FollowUpInput {
  messageId: string;
  latestText?: string;
  translatedBody?: string;
  draft?: string;
  enrichment: Ticket['enrichment'];
  usage: Ticket['usage'];
  notes: string[];
  pass: Ticket['pass'];
  /** The mail is older than the ticket's origin (deliveries raced): it becomes the origin. */
  origin?: { internetMessageId: string; subject: string; receivedAt: string };
}

/**
 * The customer wrote again in the conversation. The ticket keeps its identity, category and
 * assignee; text, draft and facts move on. A sent or resolved ticket reopens when the pass settles.
 */
export function customerReplied(t: Ticket, f: FollowUpInput, at: string): Ticket {
  const base: Ticket = {
    ...t,
    messageIds: [...t.messageIds, f.messageId],
    messageCount: t.messageCount + 1,
    enrichment: f.enrichment ?? t.enrichment,
    usage: f.usage,
    notes: [...t.notes, ...f.notes],
    lastError: null,
    pass: f.pass,
  };
  const e = { action: 'follow-up' as const, detail: `message ${t.messageCount + 1} in the conversation`, ref: f.messageId };
  if (f.origin) return entry({ ...base, messageId: f.messageId, ...f.origin }, e, at);
  const draft = f.draft || t.draft;
  return entry({ ...base, latestText: f.latestText ?? t.latestText, translatedBody: f.translatedBody || t.translatedBody, draft, aiDraft: f.draft || t.aiDraft }, e, at);
}

/**
 * A pipeline pass is done: a new ticket opens (or is assigned); a follow-up reopens a sent,
 * resolved or failed ticket for the same assignee; in-flight work keeps its state.
 */
export function settle(t: Ticket): Ticket {
  switch (t.status) {
    case 'assigned':
    case 'open':
    case 'sending':
      return { ...t, pass: null };
    case 'processing':
    case 'sent':
    case 'resolved':
    case 'send-failed':
    case 'failed':
      return { ...t, status: t.assignee ? 'assigned' : 'open', resolution: null, pass: null };
  }
}

/** The last delivery attempt of a message failed: the ticket shows why; only its first message fails it. */
export function fail(t: Ticket, messageId: string, reason: string, at: string): Ticket {
  const isFirst = t.messageId === messageId || t.messageIds.length === 0;
  return entry(
    {
      ...t,
      status: isFirst ? 'failed' : t.status,
      lastError: reason,
      notes: [...t.notes, `processing of message ${messageId} failed: ${reason}`],
      // Leave the pass to be taken over if someone retries the message by hand.
      pass: t.pass && { ...t.pass, leaseUntil: at },
    },
    { action: 'failed', detail: reason },
    at,
  );
}

// ---------- the one update loop ----------

/** One bounded policy for every read-modify-write of a ticket. */
export const UPDATE_POLICY = { attempts: 8, baseDelayMs: 4, maxDelayMs: 250 } as const;

/** The first conflict re-reads at once (the usual case: one other writer); later ones back off with jitter. */
export const backoffMs = (attempt: number): number => (attempt <= 1 ? 0 : Math.min(UPDATE_POLICY.maxDelayMs, UPDATE_POLICY.baseDelayMs * 2 ** attempt) * (0.5 + Math.random() / 2));

export const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface Updated {
  before: Ticket;
  after: Ticket;
  changed: boolean;
}

export interface WriteOptions {
  /** A fresh read to decide on first (saves one read); later attempts re-read. */
  current?: Ticket | null;
  /**
   * This person's open-work slot was reserved already by routing (see load.ts): do not count it
   * twice. A function when the reservation is made inside `change` (read after it ran).
   */
  reserved?: string | null | (() => string | null);
}

/**
 * The one update loop. Reads the ticket (null when absent), lets `change` decide — it decides again
 * on every attempt, may throw (a TransitionError, a refusal) and returns the next ticket, or null /
 * the same object for "nothing to do" — then writes under the read ETag (an insert when absent); a
 * lost race re-reads and decides again, bounded by UPDATE_POLICY. The routing load follows.
 */
export async function writeTicket(
  store: TicketStore,
  id: string,
  change: (t: Ticket | null) => Ticket | null | Promise<Ticket | null>,
  opts: WriteOptions = {},
): Promise<{ before: Ticket | null; after: Ticket | null; changed: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const before = attempt === 1 && opts.current !== undefined ? opts.current : await store.get(id);
    const next = await change(before);
    if (!next || next === before) return { before, after: before, changed: false };
    try {
      const after = before ? await store.update({ ...next, createdAt: before.createdAt, etag: before.etag }) : await store.create(next);
      const delta = loadDelta(before, after);
      const reserved = typeof opts.reserved === 'function' ? opts.reserved() : opts.reserved;
      if (reserved && delta[reserved]) delta[reserved]! -= 1;
      await adjustLoad(store, delta);
      return { before, after, changed: true };
    } catch (err) {
      if (!(err instanceof ConcurrencyError)) throw err;
      if (attempt >= UPDATE_POLICY.attempts) throw new AppError('unavailable', `ticket ${id}: gave up after ${attempt} concurrent changes; try again`);
      const wait = backoffMs(attempt);
      if (wait > 0) await pause(wait);
    }
  }
}

/** writeTicket for a ticket that must exist (TicketNotFound otherwise). */
export async function updateTicket(store: TicketStore, id: string, change: (t: Ticket) => Ticket | null | Promise<Ticket | null>, opts: WriteOptions = {}): Promise<Updated> {
  const r = await writeTicket(
    store,
    id,
    (t) => {
      if (!t) throw new TicketNotFound(id);
      return change(t);
    },
    opts,
  );
  return r as Updated;
}

/** Inserts a new ticket (ConcurrencyError when one with its id exists); the load counts its assignee. */
export async function createTicket(store: TicketStore, t: Ticket): Promise<Ticket> {
  const saved = await store.create(t);
  await adjustLoad(store, loadDelta(null, saved));
  return saved;
}
