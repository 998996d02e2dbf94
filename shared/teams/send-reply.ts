// The send half of approve, run from the send queue: send the Outlook draft from the shared
// mailbox, mark the ticket sent and update its card. Idempotent: a redelivered job, or a draft
// that someone already sent from Outlook, ends as 'sent' without a second mail. A Graph failure
// ends as 'send-failed' with the reason on the card and a Retry; the draft stays in Outlook.
import { z } from 'zod';
import type { Ticket } from '../domain.js';
import type { Mailbox, SendJob, TicketCards, TicketStore } from '../ports.js';
import { AppError, normalizeError } from '../errors.js';
import type { Logger } from '../log.js';
import { publishCard } from './actions.js';
import { draftUse } from '../tickets/draft-use.js';
import * as life from '../tickets/ticket.js';

export const sendJobSchema = z.object({
  ticketId: z.string().min(1),
  requestedBy: z.object({ aadObjectId: z.string(), name: z.string() }),
  requestedAt: z.string(),
});

export interface SendReplyDeps {
  store: TicketStore;
  mailbox: Mailbox;
  cards: TicketCards;
  log: Logger;
  now?: () => Date;
}

export type SendOutcome = 'sent' | 'already-sent' | 'send-failed' | 'skipped';

/** How many deliveries may find the draft missing before we give up (it may just be moving to Sent Items). */
export const MISSING_DRAFT_ATTEMPTS = 3;

export async function sendReply(deps: SendReplyDeps, job: SendJob, attempt = 1): Promise<SendOutcome> {
  const log = deps.log.child({ ticketId: job.ticketId });
  const now = () => (deps.now ? deps.now() : new Date());
  const ticket = await deps.store.get(job.ticketId);
  if (!ticket) {
    log.warn('send job for an unknown ticket dropped');
    return 'skipped';
  }
  if (ticket.status === 'sent') {
    await publishCard(deps, ticket); // a redelivery: make sure the card shows it
    return 'already-sent';
  }
  if (ticket.status !== 'sending') {
    log.info('send job ignored; ticket is not waiting to be sent', { status: ticket.status });
    return 'skipped';
  }
  const draftId = ticket.draftMessageId;
  if (!draftId) return fail(ticket, 'The ticket has no Outlook draft to send.');

  // A redelivered job may follow a send that happened before a crash: look first. The first
  // delivery sends straight away (one Graph request) and only looks when the send is refused.
  if (attempt > 1) {
    const settled = await settledByDraftState(await lookUp());
    if (settled) return settled;
  }
  try {
    await deps.mailbox.sendDraft(draftId);
  } catch (err) {
    const e = normalizeError(err, 'graph');
    log.warn('sending the draft failed', { err: e });
    if (e.kind === 'not-found' || e.kind === 'invalid-input') {
      // Sent from Outlook meanwhile, or deleted there: say which, not just "failed".
      const state = await lookUp().catch(() => undefined);
      if (state !== undefined) {
        const settled = await settledByDraftState(state);
        if (settled) return settled;
      }
    }
    return fail(ticket, `Sending failed: ${e.message}. The draft is still in Outlook.`);
  }
  return markSent(ticket, 'sent');

  async function lookUp(): Promise<boolean | null> {
    try {
      return await deps.mailbox.isDraft(draftId as string);
    } catch (err) {
      throw normalizeError(err, 'graph'); // transient lookups: let the queue retry
    }
  }

  /** What the draft's state says about this job; undefined = still a draft, go on and send. */
  async function settledByDraftState(isDraft: boolean | null): Promise<SendOutcome | undefined> {
    if (isDraft === false) return markSent(ticket as Ticket, 'already-sent', 'was already sent (from Outlook or an earlier attempt)');
    if (isDraft === null) {
      if (attempt < MISSING_DRAFT_ATTEMPTS) throw new AppError('unavailable', 'graph: the draft was not found; retrying in case it is moving to Sent Items');
      return fail(ticket as Ticket, 'The draft is no longer in Outlook (deleted?). Nothing was sent; write a new reply in Outlook.');
    }
    return undefined;
  }

  async function markSent(t: Ticket, outcome: 'sent' | 'already-sent', detail?: string): Promise<SendOutcome> {
    const after = await change(t.id, (cur) => {
      if (cur.status !== 'sending') return null; // already sent (a redelivery), or answered from Outlook meanwhile
      return life.markSent(cur, { via: 'card', by: job.requestedBy, messageId: draftId as string, draftUse: draftUse(cur.aiDraft, cur.draft), ...(detail ? { detail } : {}) }, now().toISOString());
    });
    log.info('reply sent', { outcome });
    await publishCard(deps, after);
    return outcome;
  }

  async function fail(t: Ticket, reason: string): Promise<SendOutcome> {
    const after = await change(t.id, (cur) => (cur.status === 'sending' ? life.markSendFailed(cur, reason, job.requestedBy, now().toISOString()) : null));
    await publishCard(deps, after);
    return 'send-failed';
  }

  async function change(id: string, fn: (t: Ticket) => Ticket | null): Promise<Ticket> {
    try {
      return (await life.updateTicket(deps.store, id, fn)).after;
    } catch (err) {
      if (err instanceof life.TicketNotFound) throw new AppError('not-found', `ticket ${id} vanished while sending`);
      throw err;
    }
  }
}
