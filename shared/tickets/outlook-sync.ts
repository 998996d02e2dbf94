// Outlook → ticket: what a person does to a ticket's mail in Outlook reaches the ticket and its
// card. Driven by change notifications (Inbox created/updated/deleted, Sent Items created) with
// the delta reconcile as the safety net; every change is judged by the message's current state,
// so duplicates, replays and the product's own writes change nothing.
//
// - A reply in Sent Items in a ticket's conversation (the AI draft sent from Outlook as it is or
//   edited, or an agent's own reply) → `sent`, repliedVia 'outlook', draftUse; an AI draft still
//   in Drafts is deleted so nobody sends a second reply; a card approve is refused from then on.
// - A ticket category changed on the message → the ticket follows, a correction is recorded, and a
//   ticket nobody holds is routed again. The product's own category writes are recognised (the
//   message then carries the ticket's category, or a write still in flight: `outlookPending`).
// - Flagged complete → `resolved` (answered / no-reply-needed); moved to Junk Email → resolved as spam.
//
// Cost: an Inbox change of a message that is no ticket's costs no Graph request (its message
// record says so), nor does the notification of the pipeline's own category write (it names the
// version the pipeline wrote, kept in the message record); any other change of a ticket's message
// costs one GET with $select; a Sent Items message one GET.
import { CATEGORIES, type Category, type Person, type Ticket } from '../domain.js';
import { AppError, normalizeError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Mailbox, MessageState, QueueMessage, Roster, TicketCards, TicketStore } from '../ports.js';
import { publishCard, removeStaleDraft } from '../teams/actions.js';
import { correctCategory } from './correct-category.js';
import { draftUse } from './draft-use.js';
import { categoriesFor } from './outlook-categories.js';
import * as life from './ticket.js';

export interface OutlookSyncDeps {
  store: TicketStore;
  mailbox: Mailbox;
  cards: TicketCards;
  roster: Roster;
  log: Logger;
  now?: () => Date;
}

export type OutlookChange = Required<Pick<QueueMessage, 'messageId' | 'change'>>;

export type SyncOutcome =
  | { outcome: 'applied'; ticketId: string; what: string[] }
  | { outcome: 'unchanged'; ticketId: string }
  | { outcome: 'ignored'; reason: string };

/** How long the sync trusts that a write of the product's own is still on its way to Outlook. */
export const PENDING_WRITE_MS = 10 * 60_000;

/** A draft leaving Drafts matters only while agents work on the ticket (the product's own deletes follow a reply or a resolve). */
const WORKING: readonly Ticket['status'][] = ['open', 'assigned', 'send-failed', 'failed'];

export async function syncOutlookChange(deps: OutlookSyncDeps, c: OutlookChange): Promise<SyncOutcome> {
  const log = deps.log.child({ messageId: c.messageId, folder: c.change.folder, change: c.change.type });
  let out: SyncOutcome;
  try {
    switch (c.change.folder) {
      case 'sentitems':
        out = await replySent(deps, c.messageId, log);
        break;
      case 'drafts':
        out = await draftLeftDrafts(deps, c.messageId);
        break;
      case 'inbox':
        out = await inboxChanged(deps, c.messageId, log, c.change.etag);
        break;
    }
  } catch (err) {
    if (!(err instanceof life.TransitionError)) throw err;
    // Still being triaged, or a reply is being sent: the queue brings the change back in a moment.
    if (err.from === 'processing' || err.from === 'sending') throw new AppError('unavailable', `ticket is ${err.from}; the Outlook change is retried`);
    out = { outcome: 'ignored', reason: err.message };
  }
  if (out.outcome === 'applied') log.info('outlook change applied to the ticket', { ticketId: out.ticketId, what: out.what });
  return out;
}

// ---------- a reply left the mailbox ----------

async function replySent(deps: OutlookSyncDeps, id: string, log: Logger): Promise<SyncOutcome> {
  const rec = await deps.store.getMessageRecord(id);
  if (rec?.outcome === 'reply') return { outcome: 'unchanged', ticketId: rec.ticketId ?? '' };
  if (rec && rec.outcome !== 'draft') return { outcome: 'ignored', reason: `a ${rec.outcome} message, not a reply` };
  let msg;
  try {
    msg = await deps.mailbox.getMessage(id);
  } catch (err) {
    if (normalizeError(err, 'graph').kind === 'not-found') return { outcome: 'ignored', reason: 'the sent message is gone' };
    throw err;
  }
  if (msg.isDraft || !msg.conversationId) return { outcome: 'ignored', reason: 'not a sent message in a conversation' };
  const ticket = await deps.store.findByConversation(msg.conversationId);
  if (!ticket) return { outcome: 'ignored', reason: 'no ticket in this conversation' };
  const now = (deps.now?.() ?? new Date()).toISOString();

  // The card's own send: sendReply marks it (a send still in flight is left to it). An Outlook reply
  // already on the ticket comes back here only while its stale AI draft could not be deleted.
  const draftLeftBehind = ticket.repliedVia === 'outlook' && !!ticket.draftMessageId && ticket.draftMessageId !== id;
  if (ticket.sentMessageId === id && !draftLeftBehind) return recordReply(deps, id, ticket.id, { outcome: 'unchanged', ticketId: ticket.id });
  if (ticket.status === 'sending' && ticket.draftMessageId === id) return { outcome: 'ignored', reason: 'the card is sending this reply' };

  const by = await senderOnRoster(deps, msg.from.address, msg.headers?.sender);
  const use = draftUse(ticket.aiDraft, msg.uniqueText ?? msg.text);
  // One write: the reply is recorded and, when it was the AI draft itself, the draft is no longer one.
  const r = await life.updateTicket(deps.store, ticket.id, (t) => {
    const sent = life.markSent(t, { via: 'outlook', by, messageId: id, draftUse: use }, now);
    return sent.draftMessageId === id ? { ...sent, draftMessageId: null } : sent;
  });
  let after = r.after;
  let draftFailed = false;
  // The AI draft, if this reply was not it, would be a second reply one click away.
  if (after.draftMessageId && after.draftMessageId !== id) ({ ticket: after, failed: draftFailed } = await removeStaleDraft(deps, after, 'a reply was sent from Outlook', log));
  if (r.changed || after !== r.before) await publishCard(deps, after);
  // Not recorded as done: the queue brings the change back and the retry deletes the draft.
  if (draftFailed) throw new AppError('unavailable', 'the stale AI draft could not be deleted; the Outlook change is retried');
  return recordReply(deps, id, ticket.id, r.changed ? { outcome: 'applied', ticketId: ticket.id, what: [`sent from Outlook (${use})`] } : { outcome: 'unchanged', ticketId: ticket.id });
}

async function recordReply(deps: OutlookSyncDeps, id: string, ticketId: string, out: SyncOutcome): Promise<SyncOutcome> {
  await deps.store.putMessageRecord({ messageId: id, outcome: 'reply', ticketId, at: new Date().toISOString() });
  return out;
}

/** With Send on Behalf the sender is the agent; with Send As it is the mailbox (nobody known). */
async function senderOnRoster(deps: OutlookSyncDeps, from: string, sender: string | undefined): Promise<Person | null> {
  const addresses = [sender, from].filter((a): a is string => !!a).map((a) => a.toLowerCase());
  const m = (await deps.roster.members()).find((x) => addresses.some((a) => a.includes(x.email.toLowerCase())));
  return m ? { aadObjectId: m.aadObjectId, name: m.name } : null;
}

// ---------- the AI draft left Drafts ----------

/**
 * Sent from the shared mailbox, it shows in Sent Items (that path handles it). Deleted, it is in
 * Deleted Items. Gone for good: sent from an agent's own mailbox without MessageCopyForSentAsEnabled
 * (or purged) — the ticket says so instead of guessing.
 */
async function draftLeftDrafts(deps: OutlookSyncDeps, id: string): Promise<SyncOutcome> {
  const rec = await deps.store.getMessageRecord(id);
  if (rec?.outcome !== 'draft' || !rec.ticketId) return { outcome: 'ignored', reason: 'not an AI draft' };
  const ticket = await deps.store.get(rec.ticketId);
  if (!ticket || ticket.draftMessageId !== id) return { outcome: 'ignored', reason: 'not the ticket\'s current draft' };
  const state = await deps.mailbox.getMessageState(id);
  if (state && (state.folder === 'sentitems' || state.folder === 'drafts')) return { outcome: 'unchanged', ticketId: ticket.id };
  const how = state ? 'deleted' : 'vanished';
  const r = await life.updateTicket(deps.store, ticket.id, (t) => (t.draftMessageId === id && WORKING.includes(t.status) ? life.draftLeft(t, how, new Date().toISOString()) : null));
  if (!r.changed) return { outcome: 'unchanged', ticketId: ticket.id };
  await publishCard(deps, r.after);
  return { outcome: 'applied', ticketId: ticket.id, what: [`AI draft ${how === 'deleted' ? 'deleted in Outlook' : 'left Drafts without a copy in Sent Items'}`] };
}

// ---------- a ticket's message changed in the Inbox (or left it) ----------

async function inboxChanged(deps: OutlookSyncDeps, id: string, log: Logger, etag: string | undefined): Promise<SyncOutcome> {
  const rec = await deps.store.getMessageRecord(id);
  if (!rec?.ticketId || (rec.outcome !== 'ticket' && rec.outcome !== 'follow-up')) return { outcome: 'ignored', reason: 'not a ticket message' };
  // The notification names the very version the pipeline wrote: its own category write, nothing to
  // read. (Whether Graph's notification etag always equals the PATCH response's is not documented;
  // when they differ this costs the read below, and the state check decides as for any change.)
  if (etag && rec.writtenEtag === etag) return { outcome: 'unchanged', ticketId: rec.ticketId };
  const ticket = await deps.store.get(rec.ticketId);
  if (!ticket) return { outcome: 'ignored', reason: 'the ticket is gone' };
  const state = await deps.mailbox.getMessageState(id);
  if (!state) return { outcome: 'ignored', reason: 'the message is gone (deleted for good)' };
  const now = deps.now?.() ?? new Date();
  const what: string[] = [];
  let current = ticket;

  const to = categoryChange(current, state, now);
  if (to) {
    current = await applyCorrection(deps, current, to, state, now.toISOString());
    what.push(`category ${ticket.category} → ${to}`);
  } else if (landed(current, state)) {
    current = (await life.updateTicket(deps.store, current.id, (t) => (t.outlookPending ? { ...t, outlookPending: null } : null))).after;
  }

  // A state that still shows what a reopen is undoing (Junk Email, the complete flag) is not a new close.
  const closing = state.folder === 'junkemail' && !pendingFolder(current, now) ? 'spam' : state.flag.status === 'complete' && !pendingFlag(current, now) ? 'no-reply-needed' : null;
  if (closing && current.status !== 'resolved' && current.status !== 'processing' && current.status !== 'sending') {
    const r = await life.updateTicket(deps.store, current.id, (t) =>
      t.status === 'resolved' || t.status === 'processing' || t.status === 'sending' ? null : life.resolve(t, closing, null, 'outlook', now.toISOString(), id),
    );
    if (r.changed) {
      current = r.after;
      what.push(`resolved in Outlook (${current.resolution?.reason ?? closing})`);
    }
  }
  // A ticket closed in Outlook keeps no AI draft — also when an earlier attempt could not delete it.
  // Not while a pass holds the ticket: that is the customer writing again, and the draft is the
  // pass's new one (the pass reopens the ticket and clears the flag; this change may be late news).
  let draftFailed = false;
  if (closing && current.status === 'resolved' && current.draftMessageId && !current.pass) {
    const d = await removeStaleDraft(deps, current, 'the ticket was resolved in Outlook', log);
    draftFailed = d.failed;
    if (d.ticket !== current && !what.length) what.push('stale AI draft deleted');
    current = d.ticket;
  }
  if (what.length) await publishCard(deps, current);
  // The queue brings the change back; the retry deletes the draft.
  if (draftFailed) throw new AppError('unavailable', 'the stale AI draft could not be deleted; the Outlook change is retried');
  if (!what.length) return { outcome: 'unchanged', ticketId: ticket.id };
  return { outcome: 'applied', ticketId: ticket.id, what };
}

function pendingFresh(t: Ticket, now: Date): boolean {
  return !!t.outlookPending && now.getTime() - Date.parse(t.outlookPending.at) < PENDING_WRITE_MS;
}

function pendingFlag(t: Ticket, now: Date): boolean {
  return pendingFresh(t, now) && t.outlookPending?.flag === 'notFlagged';
}

function pendingFolder(t: Ticket, now: Date): boolean {
  return pendingFresh(t, now) && t.outlookPending?.folder === 'inbox';
}

/** The product's pending writes are visible now: the message shows what was written. */
function landed(t: Ticket, state: MessageState): boolean {
  const p = t.outlookPending;
  if (!p) return false;
  return (p.category === undefined || state.categories.includes(p.category)) && (p.flag === undefined || state.flag.status === p.flag) && (p.folder === undefined || state.folder === p.folder);
}

/**
 * The category a person chose in Outlook, or null for "no correction": the message carries exactly
 * one ticket category other than the ticket's (or the ticket's plus exactly one other, when the
 * person added one without removing ours). No ticket category at all, or several, decides nothing.
 */
export function categoryChange(t: Ticket, state: MessageState, now: Date): Category | null {
  const onMessage = CATEGORIES.filter((c) => state.categories.includes(c));
  if (pendingFresh(t, now) && t.outlookPending?.category !== undefined && !onMessage.includes(t.outlookPending.category)) return null; // our write is still on its way
  const others = onMessage.filter((c) => c !== t.category);
  if (others.length !== 1 || onMessage.length > 2) return null;
  return others[0]!;
}

async function applyCorrection(deps: OutlookSyncDeps, ticket: Ticket, to: Category, state: MessageState, at: string): Promise<Ticket> {
  const r = await correctCategory(deps.store, await deps.roster.members(), ticket, { to, by: null, via: 'outlook', at });
  // Tidy the message's categories to the product's set (the person's category replaces ours).
  const wanted = categoriesFor(r.after, state.categories);
  if (!(wanted.length === state.categories.length && wanted.every((c) => state.categories.includes(c)))) {
    await deps.mailbox.setCategories(state.messageId, wanted).catch((err: unknown) => deps.log.warn('could not tidy the Outlook categories', { err: normalizeError(err, 'graph') }));
  }
  return r.after;
}
