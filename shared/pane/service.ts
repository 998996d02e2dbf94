// The Outlook pane's use cases. Every request: validated token → the message (or the ticket's
// first message) read on-behalf-of the agent, so Exchange decides whether they may see it → the
// roster entry by `oid`, exactly as the card uses `from.aadObjectId` → the ticket view, or the
// card's own action use case (same authorisation, same transitions, same card update).
import { z } from 'zod';
import type { Ticket } from '../domain.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { RosterMember } from '../ports.js';
import { cardActionData, cardVerb, handleCardAction, type TeamsDeps } from '../teams/actions.js';
import type { DelegatedMessage, DelegatedReader, PaneIdentity } from './auth.js';
import { paneActions, paneTicket, viewerOf, type NotATicketReason, type PaneView } from './view.js';

export interface PaneDeps extends TeamsDeps {
  reader: DelegatedReader;
  supportMailbox: string;
  log: Logger;
}

async function rosterEntry(deps: PaneDeps, identity: PaneIdentity): Promise<RosterMember | null> {
  const members = await deps.roster.members();
  return members.find((m) => m.aadObjectId === identity.oid) ?? null;
}

function ticketView(ticket: Ticket, member: RosterMember | null, identity: PaneIdentity, matchedBy: 'message' | 'conversation', notice?: string): PaneView {
  return { kind: 'ticket', ticket: paneTicket(ticket), viewer: viewerOf(member, identity.name), actions: paneActions(member, ticket), matchedBy, ...(notice ? { notice } : {}) };
}

function notATicket(reason: NotATicketReason, message: string, member: RosterMember | null, identity: PaneIdentity): PaneView {
  return { kind: 'not-a-ticket', reason, message, viewer: viewerOf(member, identity.name) };
}

/** The pane's view for the message open in Outlook (`messageId` = Graph REST id from Office.js). */
export async function viewForMessage(deps: PaneDeps, identity: PaneIdentity, messageId: string, mailbox?: string): Promise<PaneView> {
  const member = await rosterEntry(deps, identity);
  if (mailbox && mailbox.toLowerCase() !== deps.supportMailbox.toLowerCase()) {
    return notATicket('other-mailbox', `This message is in ${mailbox}, not in the support mailbox ${deps.supportMailbox}; only support mail has tickets.`, member, identity);
  }
  // Proof of access first: nothing about a ticket is revealed for mail the agent cannot open.
  const message = await deps.reader.readMessage(identity, messageId);
  const ticket = await deps.store.findByMessage(message.id);
  if (ticket) return ticketView(ticket, member, identity, 'message');
  return await whyNoTicket(deps, message, member, identity);
}

async function whyNoTicket(deps: PaneDeps, message: DelegatedMessage, member: RosterMember | null, identity: PaneIdentity): Promise<PaneView> {
  const record = await deps.store.getMessageRecord(message.id);
  if (record?.outcome === 'skipped') {
    const own = /^own mail/i.test(record.reason ?? '');
    return notATicket(own ? 'own-mail' : 'skipped', own ? 'This is our own mail, sent from the support mailbox: it is not a ticket.' : `Not a ticket: the triage skipped this message (${record.reason ?? 'no reason recorded'}).`, member, identity);
  }
  if (message.isDraft) return notATicket('draft', 'This is an unsent draft in the support mailbox, not a ticket.', member, identity);
  if (message.from.toLowerCase() === deps.supportMailbox.toLowerCase()) {
    const thread = message.conversationId ? await deps.store.findByConversation(message.conversationId) : null;
    return notATicket('own-mail', `This is our own mail, sent from the support mailbox${thread ? ` (a reply in the thread of ticket ${thread.id}, “${thread.subject}”)` : ''}: it is not a ticket.`, member, identity);
  }
  if (record?.outcome === 'processing' || record?.outcome === 'ticket' || record?.outcome === 'follow-up') {
    return notATicket('processing', 'The triage is working on this message right now; open the pane again in a moment.', member, identity);
  }
  // A follow-up not processed yet still belongs to its conversation's ticket.
  const thread = message.conversationId ? await deps.store.findByConversation(message.conversationId) : null;
  if (thread) return ticketView(thread, member, identity, 'conversation', 'This newer message of the thread has not been triaged yet; the ticket below is the conversation’s.');
  return notATicket('not-processed', 'Not a ticket (yet): the triage has not processed this message. New mail usually appears within a minute.', member, identity);
}

/** `{ verb, ticketId, …inputs }` — the card's verbs and inputs. */
export const paneActionBody = z.object({ verb: z.string().min(1).max(40), ticketId: z.string().min(1).max(200) }).passthrough();
export type PaneActionBody = z.infer<typeof paneActionBody>;

export type PaneActionResult = { kind: 'done'; view: PaneView } | { kind: 'refused'; status: 403 | 409; message: string };

export async function actFromPane(deps: PaneDeps, identity: PaneIdentity, body: PaneActionBody): Promise<PaneActionResult> {
  const verb = cardVerb.safeParse(body.verb);
  // The pane has no editor: the agent edits the reply in Outlook, and `approve` sends that draft as it is.
  if (!verb.success || verb.data === 'saveDraft') throw new AppError('invalid-input', `"${body.verb.slice(0, 40)}" is not an action the pane offers`);
  const { verb: _verb, ...inputs } = body;
  if (verb.data === 'approve') delete (inputs as Record<string, unknown>).draft;
  const data = cardActionData.safeParse(inputs);
  if (!data.success) throw new AppError('invalid-input', data.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));

  const ticket = await deps.store.get(data.data.ticketId);
  if (!ticket) throw new AppError('not-found', 'This ticket no longer exists.');
  await deps.reader.readMessage(identity, ticket.messageId);
  const member = await rosterEntry(deps, identity);
  if (!member) return { kind: 'refused', status: 403, message: 'You are not on the support roster, so you cannot change tickets. Ask a support lead to add you.' };

  const outcome = await handleCardAction(deps, verb.data, data.data, { aadObjectId: identity.oid, name: member.name });
  switch (outcome.kind) {
    case 'refused':
      return { kind: 'refused', status: 409, message: outcome.message };
    case 'card':
      deps.log.info('pane action', { verb: verb.data, ticketId: outcome.ticket.id, by: identity.oid });
      return { kind: 'done', view: ticketView(outcome.ticket, member, identity, 'message', outcome.notice) };
  }
}

