// The card-action use cases: claim, release, saveDraft, approve, reassign, refresh.
// Each reads the ticket, asks authorize() with the clicking user's roster entry, changes the
// ticket under its ETag (a lost race re-reads and decides again, so two agents claiming at once
// end with one owner and a clear "already claimed by …" for the other), then updates the shared
// card. Approve only saves the text and queues the send: the click answers at once and the
// sendReply queue function does the slow Graph send.
import { z } from 'zod';
import type { AuditEntry, Person, Ticket } from '../domain.js';
import { ConcurrencyError } from '../ports.js';
import type { Mailbox, Roster, RosterMember, SendQueue, TicketCards, TicketStore } from '../ports.js';
import { normalizeError } from '../errors.js';
import type { Logger } from '../log.js';
import { authorize, CARD_VERBS } from './authorize.js';
import type { CardVerb } from './authorize.js';
import { draftToHtml } from './draft.js';

/** What a card action may carry: the card's `data` merged with its inputs (`draft`, `assignee`). */
export const cardActionData = z.object({
  ticketId: z.string().min(1).max(200),
  draft: z.string().max(100_000).optional(),
  assignee: z.string().max(200).optional(),
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

const MAX_ATTEMPTS = 4;

class Refusal extends Error {
  override name = 'Refusal';
}

function person(m: RosterMember): Person {
  return { aadObjectId: m.aadObjectId, name: m.name };
}

/**
 * Re-reads the ticket and applies `change` until the store accepts it under the read ETag.
 * `change` decides again on every attempt (it may throw Refusal) and returns the new ticket,
 * or null for "nothing to change".
 */
async function mutate(store: TicketStore, id: string, change: (t: Ticket) => Ticket | null): Promise<{ before: Ticket; after: Ticket; changed: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const before = await store.get(id);
    if (!before) throw new Refusal('This ticket no longer exists.');
    const next = change(before);
    if (!next) return { before, after: before, changed: false };
    try {
      return { before, after: await store.update(next), changed: true };
    } catch (err) {
      if (!(err instanceof ConcurrencyError) || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}

/** Posts or updates the shared card and remembers where it lives; a card failure never undoes the action. */
export async function publishCard(deps: Pick<TeamsDeps, 'store' | 'cards' | 'log'>, ticket: Ticket): Promise<Ticket> {
  try {
    const ref = await deps.cards.publish(ticket);
    if (!ref || (ref.conversationId === ticket.cardConversationId && ref.activityId === ticket.cardActivityId)) return ticket;
    const { after } = await mutate(deps.store, ticket.id, (t) => ({ ...t, cardConversationId: ref.conversationId, cardActivityId: ref.activityId }));
    return after;
  } catch (err) {
    deps.log.warn('card update failed', { ticketId: ticket.id, err: normalizeError(err, 'teams') });
    return ticket;
  }
}

function withAudit(t: Ticket, entry: Omit<AuditEntry, 'at'>, now: Date): Ticket {
  const at = now.toISOString();
  return { ...t, audit: [...t.audit, { at, ...entry }], updatedAt: at };
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
  try {
    switch (verb) {
      case 'refresh': {
        const t = await deps.store.get(data.ticketId);
        if (!t) throw new Refusal('This ticket no longer exists.');
        return { kind: 'card', ticket: t, viewer: member };
      }
      case 'claim': {
        let notice: string | undefined;
        const r = await mutate(deps.store, data.ticketId, (t) => {
          const d = decide(t);
          if (d.noop) { notice = d.noop; return null; }
          const m = member as RosterMember;
          const takeover = t.assignee && t.assignee.aadObjectId !== m.aadObjectId ? `took over from ${t.assignee.name}` : undefined;
          return withAudit({ ...t, assignee: person(m), status: t.status === 'open' ? 'assigned' : t.status }, { action: 'claimed', by: person(m), detail: takeover }, now());
        });
        return await done(r, notice ?? 'You own this ticket now.');
      }
      case 'release': {
        const r = await mutate(deps.store, data.ticketId, (t) => {
          decide(t);
          const m = member as RosterMember;
          return withAudit({ ...t, assignee: null, status: t.status === 'assigned' ? 'open' : t.status }, { action: 'released', by: person(m), detail: t.assignee?.name }, now());
        });
        return await done(r, 'Released: anyone on the team can claim it now.');
      }
      case 'reassign': {
        const target = members.find((m) => m.aadObjectId === data.assignee) ?? null;
        let notice: string | undefined;
        const r = await mutate(deps.store, data.ticketId, (t) => {
          const d = decide(t, target);
          if (d.noop) { notice = d.noop; return null; }
          const to = target as RosterMember;
          return withAudit({ ...t, assignee: person(to), status: t.status === 'open' ? 'assigned' : t.status }, { action: 'reassigned', by: person(member as RosterMember), detail: `to ${to.name}` }, now());
        });
        return await done(r, notice ?? `Assigned to ${target?.name}.`);
      }
      case 'saveDraft': {
        const text = requireText(data.draft);
        const current = await deps.store.get(data.ticketId);
        if (!current) throw new Refusal('This ticket no longer exists.');
        decide(current);
        await deps.mailbox.updateDraft(current.draftMessageId as string, draftToHtml(text));
        const r = await mutate(deps.store, data.ticketId, (t) => {
          decide(t);
          return withAudit({ ...t, draft: text, lastError: null }, { action: 'draft-saved', by: person(member as RosterMember) }, now());
        });
        return await done(r, 'Draft saved in Outlook.');
      }
      case 'approve':
        return await approve(deps, data, member, decide, now, log);
    }
  } catch (err) {
    if (err instanceof Refusal) return { kind: 'refused', message: err.message };
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
  const locked = await mutate(deps.store, data.ticketId, (t) => {
    decide(t);
    previous = t.status;
    savedText = t.draft;
    const by = person(member as RosterMember);
    return withAudit({ ...t, status: 'sending', assignee: t.assignee ?? by, draft: text ?? t.draft, lastError: null }, { action: 'approved', by }, now());
  });
  const ticket = locked.after;
  const by = person(member as RosterMember); // authorized above: a roster member
  try {
    // An unchanged text is already in the Outlook draft (and edits made in Outlook itself survive).
    if (text !== undefined && text !== savedText) await deps.mailbox.updateDraft(ticket.draftMessageId as string, draftToHtml(text));
    await deps.sendQueue.enqueue({ ticketId: ticket.id, requestedBy: by, requestedAt: now().toISOString() });
  } catch (err) {
    const e = normalizeError(err, 'graph');
    log.warn('approve could not hand over the send', { err: e });
    const reason = text !== undefined ? `Saving the reply into the Outlook draft failed (${e.message}). Nothing was sent.` : `Queueing the send failed (${e.message}). Nothing was sent.`;
    const back = await mutate(deps.store, ticket.id, (t) => (t.status === 'sending' ? { ...t, status: previous, lastError: reason } : null));
    const shown = await publishCard(deps, back.after);
    return { kind: 'card', ticket: shown, viewer: member, notice: reason };
  }
  const shown = await publishCard(deps, ticket);
  log.info('reply approved; send queued', { by: by.aadObjectId });
  return { kind: 'card', ticket: shown, viewer: member, notice: 'Approved: the reply is being sent from the support mailbox.' };
}
