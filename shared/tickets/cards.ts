// A TicketCards implementation that records what would be posted to Teams and answers with
// synthetic card references. Used until (or where) the Teams bot is not configured; the card
// "updates in place" like the bot's: one reference per ticket.
import type { Ticket } from '../domain.js';
import type { CardRef, ThreadMessage, TicketCards } from '../ports.js';

export interface RecordedCard {
  ticketId: string;
  ref: CardRef;
  kind: 'post' | 'update';
  status: Ticket['status'];
  at: string;
}

export interface RecordedReply {
  ticketId: string;
  conversationId: string;
  text: string;
  mentions: string[];
  at: string;
}

export class RecordingTicketCards implements TicketCards {
  readonly published: RecordedCard[] = [];
  readonly replies: RecordedReply[] = [];
  readonly channelPosts: Record<string, unknown>[] = [];
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

  async replyInThread(ticket: Ticket, message: ThreadMessage): Promise<string | null> {
    if (!ticket.cardConversationId) return null;
    this.replies.push({ ticketId: ticket.id, conversationId: ticket.cardConversationId, text: message.text, mentions: (message.mentions ?? []).map((m) => m.aadObjectId), at: new Date().toISOString() });
    return `reply-${this.replies.length}`;
  }

  async postToChannel(card: Record<string, unknown>): Promise<CardRef | null> {
    this.channelPosts.push(card);
    return { conversationId: `${this.conversationId};messageid=post-${this.channelPosts.length}`, activityId: `post-${this.channelPosts.length}` };
  }

  /** Cards posted (not updates) for a ticket: exactly one per ticket when all is well. */
  posts(ticketId?: string): RecordedCard[] {
    return this.published.filter((c) => c.kind === 'post' && (ticketId === undefined || c.ticketId === ticketId));
  }
}
