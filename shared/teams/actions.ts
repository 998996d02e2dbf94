// The card-action use cases: claim, release, saveDraft, approve, reassign, refresh, recategorize,
// resolve, reopen. Each asks authorize() with the clicking user's roster entry, applies one
// lifecycle transition under the ticket's ETag (shared/tickets/ticket.ts; a lost race re-reads
// and decides again, so two agents claiming at once end with one owner and a clear "already
// claimed by …" for the other), carries the change into Outlook where it belongs (categories,
// flag, Junk, the draft), then updates the shared card. Approve only saves the text and queues the
// send: the click answers at once and the sendReply queue function does the slow Graph send.
// The Outlook pane uses these same verbs and the same authorisation.
import { z } from 'zod';
import { CATEGORIES, type Category, type Person, type Ticket } from '../domain.js';
import type { Mailbox, Roster, RosterMember, SendQueue, TicketCards, TicketStore } from '../ports.js';
import { normalizeError } from '../errors.js';
import type { Logger } from '../log.js';
import { correctCategory } from '../tickets/correct-category.js';
import { categoriesFor } from '../tickets/outlook-categories.js';
import * as life from '../tickets/ticket.js';
import { authorize, CARD_VERBS } from './authorize.js';
import type { CardVerb } from './authorize.js';
import { draftToHtml } from './draft.js';

/** Reasons a person may give on the card (`answered` is what resolving an answered ticket means). */
export const CARD_RESOLUTIONS = ['no-reply-needed', 'spam', 'duplicate'] as const;

/** What a card action may carry: the card's `data` merged with its inputs (`draft`, `assignee`). */
export const cardActionData = z.object({
  ticketId: z.string().min(1).max(200),
  draft: z.string().max(100_000).optional(),
  assignee: z.string().max(200).optional(),
  category: z.string().max(100).optional(),
  reason: z.string().max(100).optional(),
});
export type CardActionData = z.infer<typeof cardActionData>;

export const cardVerb = z.enum(CARD_VERBS);

/** The clicking user as the channel reports them; only aadObjectId counts for authorization. */
export interface Actor {
  aadObjectId: string | null;
  name: string;
}

export interface TeamsDeps {
  store: TicketStore;
  mailbox: Mailbox;
  sendQueue: SendQueue;
  roster: Roster;
  cards: TicketCards;
  log: Logger;
  now?: () => Date;
}

export type ActionOutcome =
  /** Show this ticket to the clicking user in their own view, with an optional notice. */
  | { kind: 'card'; ticket: Ticket; viewer: RosterMember | null; notice?: string }
  /** Nothing changed; tell the user why. */
  | { kind: 'refused'; message: string };

class Refusal extends Error {
  override name = 'Refusal';
}

function person(m: RosterMember): Person {
  return { aadObjectId: m.aadObjectId, name: m.name };
}

/** Posts or updates the shared card and remembers where it lives; a card failure never undoes the action. */
export async function publishCard(deps: Pick<TeamsDeps, 'store' | 'cards' | 'log'>, ticket: Ticket): Promise<Ticket> {
  try {
    const ref = await deps.cards.publish(ticket);
    if (!ref || (ref.conversationId === ticket.cardConversationId && ref.activityId === ticket.cardActivityId)) return ticket;
    const { after } = await life.updateTicket(deps.store, ticket.id, (t) => ({ ...t, cardConversationId: ref.conversationId, cardActivityId: ref.activityId }));
    return after;
  } catch (err) {
    deps.log.warn('card update failed', { ticketId: ticket.id, err: normalizeError(err, 'teams') });
    return ticket;
  }
}

export async function handleCardAction(deps: TeamsDeps, verb: CardVerb, data: CardActionData, actor: Actor): Promise<ActionOutcome> {
  const members = await deps.roster.members();
  const member = members.find((m) => m.aadObjectId === actor.aadObjectId) ?? null;
  const log = deps.log.child({ ticketId: data.ticketId, verb });
  const now = () => (deps.now ? deps.now() : new Date());
  const decide = (t: Ticket, target?: RosterMember | null) => {
    const d = authorize(verb, member, t, target);
    if (!d.ok) throw new Refusal(d.reason);
    return d;
  };
  const at = () => now().toISOString();
  /** Authorise, then apply one transition under the ETag; both decided again on every attempt. */
  const apply = (id: string, transition: (t: Ticket, by: Person) => Ticket, target?: RosterMember | null) =>
    life.updateTicket(deps.store, id, (t) => {
      const d = decide(t, target);
      if (d.noop) {
        notice = d.noop;
        return null;
      }
      return transition(t, person(member as RosterMember));
    });
  let notice: string | undefined;
  try {
    switch (verb) {
      case 'refresh': {
        const t = await deps.store.get(data.ticketId);
        if (!t) throw new Refusal('This ticket no longer exists.');
        return { kind: 'card', ticket: t, viewer: member };
      }
      case 'claim':
        return await done(await apply(data.ticketId, (t, by) => life.claim(t, by, at())), notice ?? 'You own this ticket now.');
      case 'release':
        return await done(await apply(data.ticketId, (t, by) => life.release(t, by, at())), 'Released: anyone on the team can claim it now.');
      case 'reassign': {
        const target = members.find((m) => m.aadObjectId === data.assignee) ?? null;
        const r = await apply(data.ticketId, (t, by) => life.reassign(t, person(target as RosterMember), by, at()), target);
        return await done(r, notice ?? `Assigned to ${target?.name}.`);
      }
      case 'saveDraft': {
        const text = requireText(data.draft);
        const current = await deps.store.get(data.ticketId);
        if (!current) throw new Refusal('This ticket no longer exists.');
        decide(current);
        await deps.mailbox.updateDraft(current.draftMessageId as string, draftToHtml(text));
        return await done(await apply(data.ticketId, (t, by) => life.saveDraft(t, text, by, at())), 'Draft saved in Outlook.');
      }
      case 'approve':
        return await approve(deps, data, member, decide, now, log);
      case 'recategorize':
        return await recategorize(deps, data, member, members, decide, at, log);
      case 'resolve':
        return await resolve(deps, data, member, decide, at, log);
      case 'reopen': {
        const r = await apply(data.ticketId, (t, by) => ({
          ...life.reopen(t, by, at()),
          outlookPending: { flag: 'notFlagged', ...(t.resolution?.reason === 'spam' ? { folder: 'inbox' as const } : {}), at: at() },
        }));
        // Outlook follows: the mail back in the Inbox, unflagged, so it does not read as closed again.
        await writeOutlook(deps, r.after, log, async (mb, t) => {
          const state = await mb.getMessageState(t.messageId);
          if (state?.folder === 'junkemail') await mb.moveToInbox(t.messageId);
          if (state && state.flag.status === 'complete') await mb.clearFlag(t.messageId);
        });
        return await done(r, 'Reopened.');
      }
    }
  } catch (err) {
    if (err instanceof Refusal || err instanceof life.TransitionError || err instanceof life.TicketNotFound) return { kind: 'refused', message: err.message };
    const e = normalizeError(err, 'tickets');
    log.error('card action failed', { err: e });
    return { kind: 'refused', message: `That did not work: ${e.message}. Nothing was sent; please try again.` };
  }

  async function done(r: { after: Ticket; changed: boolean }, notice: string): Promise<ActionOutcome> {
    const ticket = r.changed ? await publishCard(deps, r.after) : r.after;
    if (r.changed) log.info('card action applied', { by: member?.aadObjectId, status: ticket.status });
    return { kind: 'card', ticket, viewer: member, notice };
  }
}

function requireText(draft: string | undefined): string {
  const text = (draft ?? '').trim();
  if (!text) throw new Refusal('The reply is empty; write something before saving or sending.');
  return draft as string;
}

/**
 * Approve: lock the ticket into 'sending' under its ETag (so a second click or a second agent
 * is refused), save the edited text into the Outlook draft, queue the send, answer at once.
 * If saving or queueing fails, the lock is undone and the error shows on the card.
 * Without a `draft` value (Retry, or a draft too long for the card) the Outlook draft is sent as it is.
 */
async function approve(
  deps: TeamsDeps,
  data: CardActionData,
  member: RosterMember | null,
  decide: (t: Ticket) => unknown,
  now: () => Date,
  log: Logger,
): Promise<ActionOutcome> {
  const text = data.draft === undefined ? undefined : requireText(data.draft);
  let previous: Ticket['status'] = 'assigned';
  let savedText: string | undefined;
  const locked = await life.updateTicket(deps.store, data.ticketId, (t) => {
    decide(t);
    previous = t.status;
    savedText = t.draft;
    return life.approve(t, person(member as RosterMember), text, now().toISOString());
  });
  const by = person(member as RosterMember); // authorized above: a roster member
  const ticket = locked.after;
  try {
    // An unchanged text is already in the Outlook draft (and edits made in Outlook itself survive).
    if (text !== undefined && text !== savedText) await deps.mailbox.updateDraft(ticket.draftMessageId as string, draftToHtml(text));
    await deps.sendQueue.enqueue({ ticketId: ticket.id, requestedBy: by, requestedAt: now().toISOString() });
  } catch (err) {
    const e = normalizeError(err, 'graph');
    log.warn('approve could not hand over the send', { err: e });
    const reason = text !== undefined ? `Saving the reply into the Outlook draft failed (${e.message}). Nothing was sent.` : `Queueing the send failed (${e.message}). Nothing was sent.`;
    const back = await life.updateTicket(deps.store, ticket.id, (t) => (t.status === 'sending' ? life.undoApprove(t, previous, reason, now().toISOString()) : null));
    const shown = await publishCard(deps, back.after);
    return { kind: 'card', ticket: shown, viewer: member, notice: reason };
  }
  const shown = await publishCard(deps, ticket);
  log.info('reply approved; send queued', { by: by.aadObjectId });
  return { kind: 'card', ticket: shown, viewer: member, notice: 'Approved: the reply is being sent from the support mailbox.' };
}

function parseCategory(value: string | undefined): Category {
  const c = CATEGORIES.find((x) => x === value);
  if (!c) throw new Refusal(`Pick one of the categories: ${CATEGORIES.join(', ')}.`);
  return c;
}

/**
 * Recategorize: the ticket's category follows the person, a correction is recorded, a ticket
 * nobody holds is routed again for the new category, and the Outlook message's categories follow
 * (written after the ticket, so the Outlook sync reads its own write back as "no change").
 */
async function recategorize(
  deps: TeamsDeps,
  data: CardActionData,
  member: RosterMember | null,
  members: readonly RosterMember[],
  decide: (t: Ticket) => { ok: true; noop?: string },
  at: () => string,
  log: Logger,
): Promise<ActionOutcome> {
  const to = parseCategory(data.category);
  const current = await deps.store.get(data.ticketId);
  if (!current) throw new Refusal('This ticket no longer exists.');
  decide(current);
  if (current.category === to) return { kind: 'card', ticket: current, viewer: member, notice: `The category already is ${to}.` };
  const r = await correctCategory(deps.store, members, current, { to, by: person(member as RosterMember), via: 'card', at: at() }, (t) => void decide(t));
  await writeOutlook(deps, r.after, log, async (mb, t) => {
    const state = await mb.getMessageState(t.messageId);
    if (state) await mb.setCategories(t.messageId, categoriesFor(t, state.categories));
  });
  return await doneWith(deps, member, r, `Category changed to ${to}${r.after.assignee && r.after.assignee.aadObjectId !== current.assignee?.aadObjectId ? `; routed to ${r.after.assignee.name}` : ''}.`, log);
}

/** Resolve: close the ticket; in Outlook the message is flagged complete and read (spam: moved to Junk), the unsent AI draft deleted. */
async function resolve(deps: TeamsDeps, data: CardActionData, member: RosterMember | null, decide: (t: Ticket) => unknown, at: () => string, log: Logger): Promise<ActionOutcome> {
  const reason = CARD_RESOLUTIONS.find((x) => x === data.reason);
  if (!reason) throw new Refusal(`Pick a reason: ${CARD_RESOLUTIONS.join(', ')}.`);
  const r = await life.updateTicket(deps.store, data.ticketId, (t) => {
    decide(t);
    return life.resolve(t, reason, person(member as RosterMember), 'card', at());
  });
  let ticket = r.after;
  await writeOutlook(deps, ticket, log, async (mb, t) => {
    if (reason === 'spam') await mb.moveToJunk(t.messageId);
    else await mb.completeAndMarkRead(t.messageId);
  });
  ticket = await deleteStaleDraft(deps, ticket, 'the ticket was resolved', log);
  return await doneWith(deps, member, { ...r, after: ticket }, `Resolved (${ticket.resolution?.reason ?? reason}).`, log);
}

/** The unsent AI draft of a ticket that needs no more reply goes, so nobody sends it by mistake. */
export async function deleteStaleDraft(deps: Pick<TeamsDeps, 'store' | 'mailbox' | 'log'>, ticket: Ticket, why: string, log: Logger): Promise<Ticket> {
  return (await removeStaleDraft(deps, ticket, why, log)).ticket;
}

/**
 * deleteStaleDraft that also says whether Graph failed: the draft may then still be in Drafts, one
 * click from a second reply, and a caller that can be retried (the Outlook sync's queue message)
 * fails so that the retry deletes it.
 */
export async function removeStaleDraft(deps: Pick<TeamsDeps, 'store' | 'mailbox' | 'log'>, ticket: Ticket, why: string, log: Logger): Promise<{ ticket: Ticket; failed: boolean }> {
  const draftId = ticket.draftMessageId;
  if (!draftId || ticket.sentMessageId === draftId) return { ticket, failed: false };
  try {
    // Only while unsent: an AI draft someone just sent from Outlook is their reply, not stale.
    if ((await deps.mailbox.deleteDraftIfUnsent(draftId)) === 'not-a-draft') return { ticket, failed: false };
    const { after } = await life.updateTicket(deps.store, ticket.id, (t) => (t.draftMessageId === draftId ? life.draftDeleted(t, why, new Date().toISOString()) : null));
    return { ticket: after, failed: false };
  } catch (err) {
    log.warn('could not delete the stale draft', { err: normalizeError(err, 'graph') });
    return { ticket, failed: true };
  }
}

/** Outlook follows the ticket; a Graph failure is logged and shown, the ticket change stands. */
async function writeOutlook(deps: TeamsDeps, ticket: Ticket, log: Logger, write: (mb: Mailbox, t: Ticket) => Promise<void>): Promise<void> {
  if (!ticket.messageId || ticket.messageIds.length === 0) return;
  try {
    await write(deps.mailbox, ticket);
  } catch (err) {
    log.warn('could not carry the change into Outlook', { err: normalizeError(err, 'graph') });
  }
}

async function doneWith(deps: TeamsDeps, member: RosterMember | null, r: { after: Ticket; changed: boolean }, notice: string, log: Logger): Promise<ActionOutcome> {
  const ticket = r.changed ? await publishCard(deps, r.after) : r.after;
  if (r.changed) log.info('card action applied', { by: member?.aadObjectId, status: ticket.status });
  return { kind: 'card', ticket, viewer: member, notice };
}
