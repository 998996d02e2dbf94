// The product's vocabulary: closed unions and the shapes that cross module boundaries.
// Domain code imports no SDK; adapters translate to and from these types.

export const CATEGORIES = ['bug-report', 'refund-request', 'product-question', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Outlook category names the support team already uses (docs/architecture.md#roster-and-outlook-categories). */
export const OUTLOOK_CATEGORIES = [
  ...CATEGORIES,
  'needs-triage',
  'high-confidence',
  'ai-processed',
] as const;
export type OutlookCategory = (typeof OUTLOOK_CATEGORIES)[number];

/** The languages the offline analyzer and reply templates know (ISO 639-1). */
export const LANGUAGES = ['de', 'fr', 'nl', 'it', 'es', 'en', 'pt', 'pl', 'sv'] as const;
export type Language = (typeof LANGUAGES)[number];

export const TEAMS = ['engineering', 'billing', 'product', 'general'] as const;
export type Team = (typeof TEAMS)[number];

/** Which team owns a category by default. */
export const TEAM_FOR_CATEGORY: Record<Category, Team> = {
  'bug-report': 'engineering',
  'refund-request': 'billing',
  'product-question': 'product',
  other: 'general',
};

export const TICKET_STATUSES = [
  'processing', // message fetched, analysis/write-back in progress
  'open', // triaged, draft ready, nobody assigned
  'assigned', // an agent owns it
  'sending', // approve accepted on the card, send in flight
  'sent', // a reply went out from the shared mailbox (card or Outlook)
  'resolved', // closed, see `resolution`
  'send-failed', // Graph refused the send; retry from the card
  'failed', // processing gave up (poison) – visible reason in `lastError`
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Where a person acted on a ticket: the Teams card (or the Outlook pane, which uses the card's verbs) or Outlook itself. */
export type Surface = 'card' | 'outlook';

/** How much of the AI draft the sent reply kept (see shared/tickets/draft-use.ts for the thresholds). */
export const DRAFT_USES = ['unchanged', 'edited', 'rewritten', 'none'] as const;
export type DraftUse = (typeof DRAFT_USES)[number];

export const RESOLUTION_REASONS = ['answered', 'no-reply-needed', 'spam', 'duplicate'] as const;
export type ResolutionReason = (typeof RESOLUTION_REASONS)[number];

export interface Resolution {
  reason: ResolutionReason;
  by: Person | null;
  via: Surface | 'auto';
  at: string;
}

export type FlagStatus = 'notFlagged' | 'flagged' | 'complete';

export interface OutlookPending {
  category?: Category;
  flag?: FlagStatus;
  /** The mail is on its way back to the Inbox (a reopened spam ticket leaves Junk Email). */
  folder?: 'inbox';
  at: string;
}

/** A human correction of the AI's category, kept for measuring and learning. */
export interface Correction {
  field: 'category';
  from: Category;
  to: Category;
  by: Person | null;
  via: Surface;
  at: string;
}

/** A first-response reminder posted in the card's thread (see shared/time/reminders.ts). */
export const REMINDER_THRESHOLDS = ['approaching', 'late'] as const;
export type ReminderThreshold = (typeof REMINDER_THRESHOLDS)[number];

export interface Reminder {
  threshold: ReminderThreshold;
  /** When the reminder was claimed for posting (under the ticket's ETag). */
  at: string;
  /** The timer run that claimed it. */
  run: string;
  /** When Teams accepted the post; null while posting, or forever if the run died mid-post. */
  sentAt: string | null;
}

export interface Person {
  aadObjectId: string;
  name: string;
}

export interface Address {
  name?: string;
  address: string;
}

/** A customer mail as the pipeline needs it, independent of Graph or MIME. */
export interface InboundMail {
  messageId: string; // mailbox id (Graph immutable id) or file name for the CLI
  internetMessageId?: string;
  conversationId?: string;
  from: Address;
  replyTo?: Address[];
  to?: Address[];
  subject: string;
  /** Plain text of the body (HTML already converted). */
  text: string;
  /** Text unique to this message when the server knows it (Graph uniqueBody). */
  uniqueText?: string;
  receivedAt?: string;
  headers?: Record<string, string>; // lower-case names
  categories?: string[];
  hasAttachments?: boolean;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens?: number;
  cacheCreationInputTokens?: number;
  calls: number;
}

/** What the analyzer (Claude or offline) says about one mail. */
export interface Analysis {
  language: string; // ISO 639-1, 'und' when unknown
  category: Category;
  confidence: number; // [0,1]
  summary: string; // one line, English
  translatedSubject: string; // English
  translatedBody: string; // English
  suggestedTeam: Team;
  draft: string; // reply in the customer's language, plain text
  analyzer: 'claude' | 'offline';
  /** Set when the analyzer could not do its job fully; the ticket goes to needs-triage. */
  degraded?: string;
  /** The mail holds instructions aimed at the AI (a signal for the triage policy, never a verdict here). */
  injectionDetected?: boolean;
  /** Why the analyzer asks for a human look, when it does (signal for the triage policy). */
  needsHuman?: string;
  notes: string[];
  usage?: TokenUsage;
}

export interface EnrichmentFacts {
  email: string;
  account?: {
    name?: string;
    plan?: string;
    status?: string;
    signupDate?: string;
    country?: string;
    platform?: string;
    renewalDate?: string;
    [k: string]: unknown;
  } | null;
  errors?: { title: string; count: number; lastSeen: string; link: string }[];
  recordings?: { count: number; links: string[] };
  /** Per source: ok / skipped (not configured) / failed (with reason). */
  sources: Record<'account' | 'sentry' | 'posthog', { status: 'ok' | 'skipped' | 'failed' | 'not-found'; detail?: string; ms?: number }>;
}

export interface AuditEntry {
  at: string; // ISO time
  action:
    | 'created'
    | 'claimed'
    | 'released'
    | 'reassigned'
    | 'draft-saved'
    | 'approved'
    | 'approve-undone'
    | 'sent'
    | 'replied-again'
    | 'send-failed'
    | 'recategorized'
    | 'resolved'
    | 'reopened'
    | 'draft-deleted'
    | 'follow-up'
    | 'failed';
  by?: Person;
  detail?: string;
  /** The Graph message (or other change) that caused this entry: a redelivered change is recognised by it. */
  ref?: string;
}

export interface StepTiming {
  step: string;
  ms: number;
}

/**
 * The pipeline pass in progress for one message of a ticket: a lease (one invocation at a time
 * writes back) and the markers that make a crashed pass resumable without doing a step twice.
 */
export interface TicketPass {
  messageId: string;
  /** Invocation holding the pass; another may take over once `leaseUntil` has passed. */
  owner: string;
  leaseUntil: string;
  startedAt: string;
  /** From this time on a createReply may have happened for this pass (check Drafts on resume). */
  draftStartedAt?: string;
  /** The previous pass's unsent draft, deleted once the new draft is recorded. */
  staleDraftId?: string;
  /** The message is older than the one the current draft answers (deliveries raced): keep that draft. */
  keepDraft?: boolean;
}

export interface Ticket {
  id: string;
  messageId: string; // first message's Graph id
  internetMessageId: string;
  conversationId: string;
  from: Address;
  subject: string;
  receivedAt: string;
  language: string;
  category: Category;
  confidence: number;
  needsTriage: boolean;
  /** Why a human must look first (shared/triage/policy.ts); empty when auto-routed, absent on older tickets. */
  triageReasons?: string[];
  status: TicketStatus;
  assignee: Person | null;
  suggestedAssignee: Person | null;
  team: Team;
  summary: string;
  translatedSubject: string;
  translatedBody: string;
  latestText: string;
  draft: string;
  draftMessageId: string | null;
  /** Graph id of the message the current draft replies to. */
  draftForMessageId: string | null;
  cardConversationId: string | null;
  cardActivityId: string | null;
  messageIds: string[];
  messageCount: number;
  enrichment: EnrichmentFacts | null;
  analyzer: 'claude' | 'offline';
  usage: TokenUsage | null;
  notes: string[];
  audit: AuditEntry[];
  timings: StepTiming[];
  sentAt: string | null;
  sentMessageId: string | null;
  /** The analyzer's draft for the current message, as written; `draft` is what agents made of it. */
  aiDraft: string;
  /** How the (last) reply went out, and how much of the AI draft it kept. */
  repliedVia: Surface | null;
  draftUse: DraftUse | null;
  /** The first reply from the mailbox (card or Outlook); set once. */
  firstResponseAt: string | null;
  /** When the first reply is due: the category's target in business time after `receivedAt`; fixed once answered. */
  firstResponseDueAt: string | null;
  /** Business minutes from `receivedAt` to `firstResponseAt`. */
  firstResponseBusinessMinutes: number | null;
  /** First-response reminders posted in the card's thread, at most one per threshold. */
  reminders: Reminder[];
  resolution: Resolution | null;
  corrections: Correction[];
  /**
   * Outlook writes the product has made but may not have seen land yet (a category from the card,
   * a cleared flag): the Outlook sync ignores older values of these fields meanwhile, so the
   * product's own writes are never read back as a person's change.
   */
  outlookPending?: OutlookPending | null;
  /** Customer messages already announced in the card's thread ("Customer replied: …"). */
  threadNotices?: string[];
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  /** Set while a processing pass is writing back; null/absent when idle. */
  pass?: TicketPass | null;
  /** Concurrency token from the store (ETag); opaque to the domain. */
  etag?: string;
}
