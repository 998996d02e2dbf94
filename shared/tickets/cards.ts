// A TicketCards implementation that records what would be posted to Teams and answers with
// synthetic card references. Used until (or where) the Teams bot is not configured; the card
// "updates in place" like the bot's: one reference per ticket.
import type { Ticket } from '../domain.js';
import type { CardRef, TicketCards } from '../ports.js';

export interface RecordedCard {
  ticketId: string;
  ref: CardRef;
  kind: 'post' | 'update';
  status: Ticket['status'];
  at: string;
}

export class RecordingTicketCards implements TicketCards {
  readonly published: RecordedCard[] = [];
  private readonly refs = new Map<string, CardRef>();
  private n = 0;

  constructor(private readonly conversationId = 'recorded:support-channel') {}

  async publish(ticket: Ticket): Promise<CardRef | null> {
    const known = ticket.cardActivityId && ticket.cardConversationId ? { conversationId: ticket.cardConversationId, activityId: ticket.cardActivityId } : null;
    const ref = known ?? { conversationId: this.conversationId, activityId: `recorded-${++this.n}` };
    this.refs.set(ticket.id, ref);
    this.published.push({ ticketId: ticket.id, ref, kind: known ? 'update' : 'post', status: ticket.status, at: new Date().toISOString() });
    return ref;
  }

  /** Cards posted (not updates) for a ticket: exactly one per ticket when all is well. */
  posts(ticketId?: string): RecordedCard[] {
    return this.published.filter((c) => c.kind === 'post' && (ticketId === undefined || c.ticketId === ticketId));
  }
}
