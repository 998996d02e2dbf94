// Ports: every outside system the use cases talk to, as a small interface.
// Real adapters (Graph SDK, Anthropic, Azure Storage, botbuilder) and local/in-memory ones
// implement these; use cases in shared/ only ever see these types.
import type { Address, Analysis, Category, EnrichmentFacts, FlagStatus, InboundMail, Person, Ticket, TicketStatus } from './domain.js';

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
  /** What a changed message carries now, as far as the round reported it (Graph may send only the changed properties). */
  states?: Record<string, { categories?: string[]; flagStatus?: FlagStatus }>;
  /**
   * conversationId per changed id, when the delta page carried it (best effort: Graph may send an
   * updated item with only the properties that changed).
   */
  conversationIds?: Record<string, string>;
}

/** The mailbox folders the Outlook sync tells apart, by Graph's well-known names. */
export type MailFolder = 'inbox' | 'drafts' | 'sentitems' | 'junkemail' | 'deleteditems';

/** Outlook's follow-up flag (Graph followupFlag); `completedAt` is UTC ISO when the flag is complete. */
export interface MessageFlag {
  status: 'notFlagged' | 'flagged' | 'complete';
  completedAt?: string;
}

/** What the Outlook sync compares on a message: one cheap GET with $select (no body unless asked). */
export interface MessageState {
  messageId: string;
  conversationId?: string;
  internetMessageId?: string;
  categories: string[];
  flag: MessageFlag;
  isRead: boolean;
  isDraft: boolean;
  /** the well-known folder the message is in; 'other' for any other folder (a child folder, Archive…) */
  folder: MailFolder | 'other';
  parentFolderId?: string;
  /** Exchange's version stamp: it changes with every change of the message (also its `@odata.etag`). */
  changeKey?: string;
  receivedAt?: string;
  sentAt?: string;
  /** The message's own text as plain text (Graph `uniqueBody`: a reply without the quoted mail); only when asked. */
  text?: string;
}

/** What `deleteDraftIfUnsent` found: deleted it, found it sent (no longer a draft), or found nothing. */
export type DraftDeletion = 'deleted' | 'not-a-draft' | 'missing';

export interface Mailbox {
  /** The shared mailbox address (UPN) this adapter works on. */
  readonly address: string;
  getMessage(id: string): Promise<MailboxMessage>;
  /** Returns the version written (the response's `@odata.etag`), or null when Graph did not say. */
  setCategories(id: string, categories: string[]): Promise<string | null>;
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
  /** Whether the message (by immutable id) still is an unsent draft. */
  isDraft(id: string): Promise<boolean | null>;
  /** One full delta round over the Inbox (follows nextLinks) starting from `deltaLink` or from scratch. */
  inboxDelta(deltaLink: string | null): Promise<DeltaPage>;

  // ----- Outlook sync (what agents do in Outlook, read back; what the cards do, written to Outlook) -----
  /**
   * Categories, flag, isRead, folder, conversation and changeKey in one GET with $select; with
   * `{ text: true }` also the message's own text (one more property, same request). null when the
   * message is gone (deleted for good).
   */
  getMessageState(id: string, opts?: { text?: boolean }): Promise<MessageState | null>;
  /** One full delta round over Sent Items, like `inboxDelta` (a reply sent from Outlook appears here). */
  sentItemsDelta(deltaLink: string | null): Promise<DeltaPage>;
  /** Sent Items messages of a conversation, newest first (one GET with $filter and $select). */
  findSentInConversation(conversationId: string, opts?: { text?: boolean }): Promise<MessageState[]>;
  /** Flags the message complete and marks it read in one PATCH; returns the changeKey it now has. */
  completeAndMarkRead(id: string): Promise<{ changeKey: string | null }>;
  /** Moves the message to Junk Email (its immutable id stays); returns the changeKey it now has. */
  moveToJunk(id: string): Promise<{ changeKey: string | null }>;
  /**
   * Deletes a draft only while it is still unsent (one GET, then the DELETE): an AI draft an agent
   * has sent from Outlook meanwhile is left alone ('not-a-draft').
   */
  deleteDraftIfUnsent(draftId: string): Promise<DraftDeletion>;
  /** Clears the flag (a ticket reopened from the card). */
  clearFlag(id: string): Promise<void>;
  /** Moves the message back to the Inbox (a ticket resolved as spam, reopened from the card). */
  moveToInbox(id: string): Promise<void>;
}

/** Graph change-notification change types. */
export type ChangeType = 'created' | 'updated' | 'deleted';

export interface Subscription {
  id: string;
  resource: string;
  /** comma-separated, as Graph answers it (e.g. "created,updated") */
  changeType?: string;
  expirationDateTime: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string | null;
  clientState?: string | null;
}

export interface Subscriptions {
  list(): Promise<Subscription[]>;
  /** `changeTypes` defaults to ['created']. */
  create(input: { resource: string; notificationUrl: string; lifecycleNotificationUrl?: string; clientState: string; expirationDateTime: string; changeTypes?: readonly ChangeType[] }): Promise<Subscription>;
  renew(id: string, expirationDateTime: string): Promise<Subscription>;
  remove(id: string): Promise<void>;
}

// ---------- Analysis ----------
export interface AnalyzeInput {
  mail: InboundMail;
  /** Enrichment, started in parallel: the Claude call awaits it for the account facts a draft may use, the offline analyzer for its templates. */
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
  /**
   * The same lookup in two stages: `draft` as soon as the facts a reply draft may use are known
   * (account and recent errors; recordings then show as not awaited), `complete` with everything.
   */
  enrichStaged?(email: string): { draft: Promise<EnrichmentFacts>; complete: Promise<EnrichmentFacts> };
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
  /** `reply`: a message in Sent Items already matched to its ticket (sent from the card or Outlook); `draft`: a ticket's AI draft. */
  outcome: 'ticket' | 'follow-up' | 'skipped' | 'processing' | 'failed' | 'reply' | 'draft';
  ticketId?: string;
  reason?: string;
  /**
   * The message's version after the pipeline's own category write (the PATCH response's
   * `@odata.etag`): an `updated` notification naming this version is that write coming back.
   */
  writtenEtag?: string;
  at: string;
}

// ---------- Work queue (Azure Storage queue) ----------
export interface QueueMessage {
  messageId: string;
  /**
   * Absent: a new message in the Inbox (the pipeline). Present: a change seen in Outlook for the
   * Outlook sync — an Inbox message updated or removed, or a message created in Sent Items.
   */
  change?: {
    folder: 'inbox' | 'sentitems' | 'drafts';
    type: ChangeType;
    /** The version the notification names (its resourceData `@odata.etag`), when it named one. */
    etag?: string;
  };
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
