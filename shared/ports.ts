// Ports: every outside system the use cases talk to, as a small interface.
// Real adapters (Graph SDK, Anthropic, Azure Storage, botbuilder) and local/in-memory ones
// implement these; use cases in shared/ only ever see these types.
import type { Address, Analysis, Category, EnrichmentFacts, InboundMail, Person, Ticket, TicketStatus } from './domain.js';

// ---------- Mailbox (Microsoft Graph) ----------
export interface MailboxMessage extends InboundMail {
  isDraft: boolean;
  parentFolderId?: string;
  categories: string[];
}

export interface DeltaPage {
  /** ids of messages added or changed in the folder since the last round */
  changed: string[];
  removed: string[];
  /** store this and pass it back next round */
  deltaLink: string;
  /** receivedDateTime per changed id, when the adapter knows it (first-sync backfill cut-off). */
  receivedAt?: Record<string, string>;
}

export interface Mailbox {
  /** The shared mailbox address (UPN) this adapter works on. */
  readonly address: string;
  getMessage(id: string): Promise<MailboxMessage>;
  setCategories(id: string, categories: string[]): Promise<void>;
  /** Make sure the master categories exist with their colours (idempotent). */
  ensureMasterCategories(names: readonly string[]): Promise<void>;
  /**
   * A draft in Drafts replying to `inReplyToInternetMessageId` in `conversationId`, if one exists
   * already (a createReply that happened although its call failed). `createdSince` lets an adapter
   * whose drafts carry no In-Reply-To header yet match by creation time instead.
   */
  findReplyDraft(conversationId: string, inReplyToInternetMessageId: string, createdSince?: string): Promise<string | null>;
  /** createReply carrying the body (and recipients, when given) in one call; returns the draft id. */
  createReplyDraft(messageId: string, htmlBody: string, opts?: { to?: Address[] }): Promise<string>;
  /** Deletes an unsent draft (a follow-up's new draft replaces the previous one); a missing draft is fine. */
  deleteDraft(draftId: string): Promise<void>;
  updateDraft(draftId: string, htmlBody: string): Promise<void>;
  /** POST …/send; the draft moves to Sent Items (same immutable id). */
  sendDraft(draftId: string): Promise<void>;
  /** Flags the message complete and marks it read, in one PATCH (a ticket resolved from the card). */
  completeMessage(id: string): Promise<void>;
  /** Moves the message to Junk Email (resolved as spam). */
  moveToJunk(id: string): Promise<void>;
  /** Whether the message (by immutable id) still is an unsent draft. */
  isDraft(id: string): Promise<boolean | null>;
  /** One full delta round over the Inbox (follows nextLinks) starting from `deltaLink` or from scratch. */
  inboxDelta(deltaLink: string | null): Promise<DeltaPage>;
}

export interface Subscription {
  id: string;
  resource: string;
  expirationDateTime: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string | null;
  clientState?: string | null;
}

export interface Subscriptions {
  list(): Promise<Subscription[]>;
  create(input: { resource: string; notificationUrl: string; lifecycleNotificationUrl?: string; clientState: string; expirationDateTime: string }): Promise<Subscription>;
  renew(id: string, expirationDateTime: string): Promise<Subscription>;
  remove(id: string): Promise<void>;
}

// ---------- Analysis ----------
export interface AnalyzeInput {
  mail: InboundMail;
  /** Enrichment runs in parallel; an analyzer may await it (offline templates) or ignore it (Claude). */
  enrichment?: Promise<EnrichmentFacts | null>;
  /** 'draft-only' for follow-ups: category etc. may be recomputed but the ticket keeps its identity. */
  mode: 'full' | 'draft-only';
}

export interface Analyzer {
  readonly name: 'claude' | 'offline';
  analyze(input: AnalyzeInput): Promise<Analysis>;
}

// ---------- Enrichment ----------
export interface Enricher {
  enrich(email: string): Promise<EnrichmentFacts>;
}

// ---------- Ticket store (Azure Tables) ----------
export class ConcurrencyError extends Error {
  override name = 'ConcurrencyError';
}

export interface TicketStore {
  get(id: string): Promise<Ticket | null>;
  findByConversation(conversationId: string): Promise<Ticket | null>;
  findByMessage(messageId: string): Promise<Ticket | null>;
  /** Newest first; `statuses` narrows to tickets in those states (e.g. open work for load balancing). */
  list(filter?: { statuses?: readonly TicketStatus[] }): Promise<Ticket[]>;
  /** Open work per assignee (aadObjectId → tickets in `statuses`), read without loading tickets. */
  loadByAssignee(statuses: readonly TicketStatus[]): Promise<Map<string, number>>;
  /** Inserts; throws ConcurrencyError when a ticket with that id exists. Returns it with its etag. */
  create(ticket: Ticket): Promise<Ticket>;
  /** Replaces if the etag still matches; throws ConcurrencyError otherwise. */
  update(ticket: Ticket): Promise<Ticket>;
  /** Per-message processing records (dedupe, skips with reasons). */
  getMessageRecord(messageId: string): Promise<MessageRecord | null>;
  putMessageRecord(record: MessageRecord): Promise<void>;
  /** Small key/value state: delta links, channel reference, subscription bookkeeping. */
  getState<T>(key: string): Promise<T | null>;
  putState<T>(key: string, value: T): Promise<void>;
  /** State that several writers change (the routing load): read with its ETag… */
  getVersioned<T>(key: string): Promise<{ value: T; etag: string } | null>;
  /** …and written only if unchanged since (`etag` null: only if absent); ConcurrencyError otherwise. Returns the new etag. */
  putVersioned<T>(key: string, value: T, etag: string | null): Promise<string>;
}

export interface MessageRecord {
  messageId: string;
  outcome: 'ticket' | 'follow-up' | 'skipped' | 'processing' | 'failed';
  ticketId?: string;
  reason?: string;
  at: string;
}

// ---------- Work queue (Azure Storage queue) ----------
export interface QueueMessage {
  messageId: string;
  /** where it came from: notification, delta reconcile, lifecycle, manual */
  source?: 'notification' | 'reconcile' | 'lifecycle' | 'manual';
}

export interface WorkQueue {
  enqueue(message: QueueMessage): Promise<void>;
  enqueueMany(messages: QueueMessage[]): Promise<void>;
}

/** Approve hands the (slow) Graph send to a queue so the card click answers at once. */
export interface SendJob {
  ticketId: string;
  requestedBy: Person;
  /** the approved text, already saved into the Outlook draft before enqueueing */
  requestedAt: string;
}

export interface SendQueue {
  enqueue(job: SendJob): Promise<void>;
}

// ---------- Teams (the bot implements this) ----------
export interface CardRef {
  conversationId: string;
  activityId: string;
}

/** A short message in a ticket card's thread; each person in `mentions` is @mentioned (and notified). */
export interface ThreadMessage {
  text: string;
  mentions?: Person[];
}

export interface TicketCards {
  /** Posts the ticket's card to the support channel, or updates it in place when it has one. */
  publish(ticket: Ticket): Promise<CardRef | null>;
  /**
   * Replies in the thread of the ticket's card (the mentions go first, then the text). Returns the
   * reply's activity id, or null when the ticket has no card or no channel is known. Throws when
   * Teams refuses the post.
   */
  replyInThread(ticket: Ticket, message: ThreadMessage): Promise<string | null>;
  /** Posts a card as a new thread in the support channel (the daily digest); null when no channel is known. */
  postToChannel(card: Record<string, unknown>): Promise<CardRef | null>;
}

// ---------- Roster ----------
export interface RosterMember extends Person {
  email: string;
  role: 'agent' | 'lead';
  categories: Category[];
}

export interface Roster {
  members(): Promise<RosterMember[]>;
}
