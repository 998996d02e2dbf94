// What the Outlook pane shows for one message: the ticket as the card shows it (status, category,
// confidence, language, assignee, summary, translation, customer facts, history, corrections) and
// the actions this viewer may take — derived from the same authorisation as the card — or why the
// message is not a ticket. Plain JSON; the page renders it with textContent only.
import { z } from 'zod';
import type { AuditEntry, EnrichmentFacts, Person, Ticket } from '../domain.js';
import { CATEGORIES } from '../domain.js';
import type { RosterMember } from '../ports.js';
import { allowedVerbs } from '../teams/authorize.js';

/**
 * The card verbs the pane offers, in display order, with the inputs each needs. Verbs the card
 * use case does not know (yet) are never offered: allowedVerbs() decides. `approve` in the pane
 * sends the Outlook draft as it is (the agent edits it in Outlook itself), so it carries no text.
 */
export const PANE_VERBS = ['claim', 'release', 'recategorize', 'resolve', 'reopen', 'approve'] as const;
export type PaneVerb = (typeof PANE_VERBS)[number];

export type PaneInput =
  | { id: 'category'; kind: 'choice'; label: string; choices: { value: string; title: string }[] }
  | { id: 'reason'; kind: 'text'; label: string };

export interface PaneAction {
  verb: PaneVerb;
  label: string;
  inputs: PaneInput[];
}

const LABELS: Record<PaneVerb, string> = {
  claim: 'Claim',
  release: 'Release',
  recategorize: 'Change category',
  resolve: 'Resolve without reply',
  reopen: 'Reopen',
  approve: 'Send the Outlook draft as it is',
};

function inputsFor(verb: PaneVerb): PaneInput[] {
  switch (verb) {
    case 'recategorize':
      return [{ id: 'category', kind: 'choice', label: 'New category', choices: CATEGORIES.map((c) => ({ value: c, title: c })) }];
    case 'resolve':
      return [{ id: 'reason', kind: 'text', label: 'Why no reply is needed' }];
    case 'claim':
    case 'release':
    case 'reopen':
    case 'approve':
      return [];
  }
}

export interface Viewer {
  name: string;
  onRoster: boolean;
  role: RosterMember['role'] | null;
}

export function viewerOf(member: RosterMember | null, fallbackName: string): Viewer {
  return member ? { name: member.name, onRoster: true, role: member.role } : { name: fallbackName, onRoster: false, role: null };
}

/** The actions for this viewer on this ticket (empty off the roster: the read-only view). */
export function paneActions(member: RosterMember | null, ticket: Ticket): PaneAction[] {
  // allowedVerbs knows the card's verbs, whichever they are; the pane keeps the ones it can render.
  const allowed = new Set<string>(allowedVerbs(member, ticket));
  return PANE_VERBS.filter((v) => allowed.has(v)).map((verb) => ({ verb, label: LABELS[verb], inputs: inputsFor(verb) }));
}

// Lifecycle fields that newer tickets carry (resolution, corrections, how the reply went out).
// Read defensively: a ticket stored before they existed simply has none.
const personShape = z.object({ aadObjectId: z.string(), name: z.string() }).partial().passthrough();
const lifecycleExtras = z.object({
  repliedVia: z.string().nullish().catch(null),
  draftUse: z.string().nullish().catch(null),
  resolution: z.object({ reason: z.string().nullish(), by: personShape.nullish(), via: z.string().nullish(), at: z.string().nullish() }).passthrough().nullish().catch(null),
  corrections: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown(), by: personShape.nullish(), via: z.string().nullish(), at: z.string().nullish() }).passthrough()).nullish().catch(null),
});

export interface PaneCorrection {
  field: string;
  from: string;
  to: string;
  by: string | null;
  via: string | null;
  at: string | null;
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

const STORES: Record<string, string> = { ios: 'App Store', android: 'Google Play', web: 'Web' };

export interface PaneCustomer {
  email: string;
  name: string | null;
  plan: string | null;
  accountState: string | null;
  store: string | null;
  renewalDate: string | null;
  signupDate: string | null;
  country: string | null;
  errors: { title: string; count: number; lastSeen: string; link: string }[];
  recordings: { count: number; links: string[] };
  sources: EnrichmentFacts['sources'] | null;
}

function customerOf(t: Ticket): PaneCustomer {
  const e = t.enrichment;
  const a = e?.account ?? null;
  const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
  const platform = str(a?.platform);
  return {
    email: e?.email ?? t.from.address,
    name: str(a?.name),
    plan: str(a?.plan),
    accountState: str(a?.status),
    store: platform ? `${STORES[platform.toLowerCase()] ?? platform} (${platform})` : null,
    renewalDate: str(a?.renewalDate),
    signupDate: str(a?.signupDate),
    country: str(a?.country),
    errors: (e?.errors ?? []).slice(0, 10),
    recordings: { count: e?.recordings?.count ?? 0, links: (e?.recordings?.links ?? []).slice(0, 10) },
    sources: e?.sources ?? null,
  };
}

export interface PaneTicket {
  id: string;
  subject: string;
  from: Ticket['from'];
  receivedAt: string;
  status: string;
  category: string;
  confidence: number;
  needsTriage: boolean;
  language: string;
  assignee: Person | null;
  suggestedAssignee: Person | null;
  summary: string;
  translatedSubject: string;
  translatedBody: string;
  draft: string;
  hasDraft: boolean;
  lastError: string | null;
  messageCount: number;
  customer: PaneCustomer;
  history: AuditEntry[];
  corrections: PaneCorrection[];
  resolution: { reason: string; by: string | null; via: string | null; at: string | null } | null;
  repliedVia: string | null;
  draftUse: string | null;
}

export function paneTicket(t: Ticket): PaneTicket {
  const x = lifecycleExtras.safeParse(t);
  const extras = x.success ? x.data : {};
  return {
    id: t.id,
    subject: t.subject,
    from: t.from,
    receivedAt: t.receivedAt,
    status: t.status,
    category: t.category,
    confidence: t.confidence,
    needsTriage: t.needsTriage,
    language: t.language,
    assignee: t.assignee,
    suggestedAssignee: t.suggestedAssignee,
    summary: t.summary,
    translatedSubject: t.translatedSubject,
    translatedBody: t.translatedBody,
    draft: t.draft,
    hasDraft: !!t.draftMessageId,
    lastError: t.lastError,
    messageCount: t.messageCount,
    customer: customerOf(t),
    history: t.audit.slice(-30),
    corrections: (extras.corrections ?? []).map((c) => ({ field: c.field, from: text(c.from), to: text(c.to), by: c.by?.name ?? null, via: c.via ?? null, at: c.at ?? null })),
    resolution: extras.resolution ? { reason: extras.resolution.reason ?? '', by: extras.resolution.by?.name ?? null, via: extras.resolution.via ?? null, at: extras.resolution.at ?? null } : null,
    repliedVia: extras.repliedVia ?? null,
    draftUse: extras.draftUse ?? null,
  };
}

export type NotATicketReason = 'skipped' | 'own-mail' | 'draft' | 'not-processed' | 'processing' | 'other-mailbox';

export type PaneView =
  | { kind: 'ticket'; ticket: PaneTicket; viewer: Viewer; actions: PaneAction[]; notice?: string; matchedBy: 'message' | 'conversation' }
  | { kind: 'not-a-ticket'; reason: NotATicketReason; message: string; viewer: Viewer };
