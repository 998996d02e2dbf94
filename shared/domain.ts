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

export type TicketStatus =
  | 'processing' // message fetched, analysis/write-back in progress
  | 'open' // triaged, draft ready, nobody assigned
  | 'assigned' // an agent owns it
  | 'sending' // approve accepted, send in flight
  | 'sent' // reply sent from the shared mailbox
  | 'send-failed' // Graph refused the send; retry from the card
  | 'failed'; // processing gave up (poison) – visible reason in `notes`

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
  action: 'created' | 'claimed' | 'released' | 'reassigned' | 'draft-saved' | 'approved' | 'sent' | 'send-failed' | 'follow-up' | 'failed';
  by?: Person;
  detail?: string;
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
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  /** Set while a processing pass is writing back; null/absent when idle. */
  pass?: TicketPass | null;
  /** Concurrency token from the store (ETag); opaque to the domain. */
  etag?: string;
}
