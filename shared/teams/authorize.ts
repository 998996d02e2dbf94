// Who may do what with a ticket from its card (docs/architecture.md#ticket-lifecycle). Decided on the server from the
// clicking user's aadObjectId looked up in the roster and from the ticket's current state —
// never from anything the card sends. Outsiders can do nothing; agents claim unassigned tickets
// and act on their own; leads can do everything.
import type { Person, Ticket, TicketStatus } from '../domain.js';
import { frozenMessage, MOVE_FROM } from '../tickets/ticket.js';
import type { RosterMember } from '../ports.js';

export const CARD_VERBS = ['claim', 'release', 'saveDraft', 'approve', 'reassign', 'refresh', 'recategorize', 'resolve', 'reopen'] as const;
export type CardVerb = (typeof CARD_VERBS)[number];

export type Decision = { ok: true; noop?: string } | { ok: false; reason: string };

const allow: Decision = { ok: true };
const refuse = (reason: string): Decision => ({ ok: false, reason });

function sameUser(a: Person | null, b: Person): boolean {
  return !!a && a.aadObjectId === b.aadObjectId;
}

/**
 * Whether a person holds the ticket: someone claimed it or a lead assigned it (since the last
 * release). An assignment made by routing alone is a suggestion any agent may take over, so a
 * ticket does not wait for an auto-assignee who is away.
 */
export function heldByPerson(ticket: Ticket): boolean {
  for (let i = ticket.audit.length - 1; i >= 0; i--) {
    const action = ticket.audit[i]!.action;
    if (action === 'released') return false;
    if (action === 'claimed' || action === 'reassigned') return true;
  }
  return false;
}

/**
 * Whether a category change routes the ticket again: nobody holds it and it still waits for a
 * reply. An answered, closed or failed ticket keeps who worked on it (and counts in nobody's load).
 */
export function routesAgain(ticket: Ticket): boolean {
  return (ticket.status === 'open' || ticket.status === 'assigned' || ticket.status === 'send-failed') && !heldByPerson(ticket);
}

/**
 * The decision for one click. `member` is the roster entry of the clicking user (null = not on
 * the roster). `target` is the reassign choice, already looked up in the roster (null = unknown).
 */
export function authorize(verb: CardVerb, member: RosterMember | null, ticket: Ticket, target?: RosterMember | null): Decision {
  if (verb === 'refresh') return allow; // changes nothing; outsiders get the read-only view
  if (!member) return refuse('You are not on the support roster, so you cannot change tickets. Ask a support lead to add you.');
  // Whether the ticket's state allows the move is the lifecycle's call (shared/tickets/ticket.ts);
  // asking it here too lets the card offer only what would work.
  const frozen = stateRefusal(verb, ticket);
  if (frozen) return refuse(frozen);
  const isLead = member.role === 'lead';
  const owns = sameUser(ticket.assignee, member);
  switch (verb) {
    case 'claim':
      if (owns) return { ok: true, noop: 'You already own this ticket.' };
      if (isLead || !ticket.assignee || !heldByPerson(ticket)) return allow;
      return refuse(`Already claimed by ${ticket.assignee.name}.`);
    case 'release':
      if (!ticket.assignee) return refuse('Nobody owns this ticket, so there is nothing to release.');
      if (owns || isLead) return allow;
      return refuse(`Only ${ticket.assignee.name} or a lead can release this ticket.`);
    case 'saveDraft':
    case 'approve':
      if (!ticket.draftMessageId) return refuse('This ticket has no reply draft in Outlook yet.');
      if (owns || isLead) return allow;
      return refuse(ticket.assignee ? `Only ${ticket.assignee.name} (the assignee) or a lead can ${verb === 'approve' ? 'send' : 'edit'} this reply.` : 'Claim the ticket first.');
    case 'reassign':
      if (!isLead) return refuse('Only a lead can reassign tickets.');
      if (!target) return refuse('Pick someone from the support roster to assign this ticket to.');
      if (target.role !== 'agent') return refuse(`${target.name} is not an agent; tickets can only be assigned to agents.`);
      if (sameUser(ticket.assignee, target)) return { ok: true, noop: `${target.name} already owns this ticket.` };
      return allow;
    case 'recategorize':
    case 'resolve':
      if (owns || isLead) return allow;
      return refuse(ticket.assignee ? `Only ${ticket.assignee.name} (the assignee) or a lead can ${verb === 'resolve' ? 'resolve' : 'recategorize'} this ticket.` : `Claim the ticket first, or ask a lead to ${verb === 'resolve' ? 'resolve' : 'recategorize'} it.`);
    case 'reopen':
      return allow;
  }
}

/** The lifecycle's refusal for a verb in the ticket's current state, if any. */
function stateRefusal(verb: Exclude<CardVerb, 'refresh'>, ticket: Ticket): string | null {
  const statuses: readonly TicketStatus[] = MOVE_FROM[verb];
  return statuses.includes(ticket.status) ? null : frozenMessage(ticket);
}

/** The verbs a card should offer this viewer (the server checks again on every click). */
export function allowedVerbs(member: RosterMember | null, ticket: Ticket): Set<CardVerb> {
  const out = new Set<CardVerb>();
  for (const verb of CARD_VERBS) {
    // reassign is offered when the lead could reassign to some agent
    const probe = verb === 'reassign' && member?.role === 'lead' ? { ...member, role: 'agent' as const, aadObjectId: '\u0000probe' } : undefined;
    const d = authorize(verb, member, ticket, probe);
    if (d.ok && !d.noop) out.add(verb);
  }
  return out;
}
