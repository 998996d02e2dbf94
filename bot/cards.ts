// The ticket card: an Adaptive Card 1.5 built from bot/cards/ticket.json with
// adaptivecards-templating. Plain JSON in, plain JSON out (no SDK types), so any Teams SDK can
// send it. Mail-derived text is neutralised (no markdown, links or template expressions from a
// customer reach the card as such) and long texts are cut so the card stays under ~25 KB.
import { readFileSync } from 'node:fs';
import * as ACData from 'adaptivecards-templating';
import { DateTime } from 'luxon';
import type { Category, Ticket } from '../shared/domain.js';
import type { RosterMember } from '../shared/ports.js';
import { allowedVerbs, heldByPerson } from '../shared/teams/authorize.js';
import type { CardVerb } from '../shared/teams/authorize.js';

/** Design target: Teams rejects large payloads (documented 28–40 KB); stay well under. */
export const CARD_MAX_BYTES = 25_000;
/** Users whose card Teams refreshes automatically (Universal Actions limit). */
export const REFRESH_MAX_USERS = 60;

export type AdaptiveCard = Record<string, unknown>;

// A missing field must never show up as a literal "${field}" on a card.
ACData.GlobalSettings.getUndefinedFieldValueSubstitutionString = () => '';

const TEMPLATE = new ACData.Template(JSON.parse(readFileSync(new URL('./cards/ticket.json', import.meta.url), 'utf8')));

export interface CardContext {
  /** Whose view: null = the shared channel card everyone sees. */
  viewer: RosterMember | null;
  roster: RosterMember[];
  /** aadObjectId → Teams user id (MRI, `29:…`) for refresh.userIds; unknown users are left out. */
  userIds: Record<string, string>;
  /** A one-off message for the clicking user (result of their action). */
  notice?: string;
  /** Zone for the first-response due time (the business time zone); UTC when absent. */
  timeZone?: string;
  /** "Now" for deciding whether the ticket is late (the render time by default). */
  now?: Date;
}

const CATEGORY_LABEL: Record<Category, string> = {
  'bug-report': 'Bug report',
  'refund-request': 'Refund request',
  'product-question': 'Product question',
  other: 'Other',
};

const STATUS: Record<Ticket['status'], { label: string; color: string; style: string }> = {
  processing: { label: 'Processing', color: 'Default', style: 'emphasis' },
  open: { label: 'Open', color: 'Accent', style: 'emphasis' },
  assigned: { label: 'Assigned', color: 'Accent', style: 'accent' },
  sending: { label: 'Sending…', color: 'Warning', style: 'warning' },
  sent: { label: 'Sent ✓', color: 'Good', style: 'good' },
  resolved: { label: 'Resolved ✓', color: 'Good', style: 'good' },
  'send-failed': { label: 'Send failed', color: 'Attention', style: 'attention' },
  failed: { label: 'Needs manual handling', color: 'Attention', style: 'attention' },
};

const LANGUAGE_NAME: Record<string, string> = {
  de: 'German', fr: 'French', nl: 'Dutch', it: 'Italian', es: 'Spanish', en: 'English', pt: 'Portuguese', pl: 'Polish', sv: 'Swedish',
};

// ---------- neutralising untrusted text ----------
// Neutralising untrusted text lives in shared/teams/text.ts (thread replies and the digest use it too).
export { md, plain } from '../shared/teams/text.js';
import { md, plain } from '../shared/teams/text.js';

/** Only http(s) links from our own enrichment sources become clickable. */
function safeUrl(u: string | undefined): string | null {
  if (!u) return null;
  try {
    const url = new URL(u);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString().replace(/[()\s]/g, encodeURIComponent) : null;
  } catch {
    return null;
  }
}

function cut(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  return { text: `${text.slice(0, max).trimEnd()}…\n\n[Shortened for Teams: ${text.length - max} more characters — the full text is in Outlook.]`, cut: true };
}

function when(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const AUDIT_VERB: Record<Ticket['audit'][number]['action'], string> = {
  created: 'Created',
  claimed: 'Claimed by',
  released: 'Released by',
  reassigned: 'Reassigned by',
  'draft-saved': 'Draft edited by',
  approved: 'Approved by',
  'approve-undone': 'Approve undone',
  sent: 'Sent by',
  'replied-again': 'Another reply by',
  'send-failed': 'Send failed (approved by',
  recategorized: 'Category changed by',
  resolved: 'Resolved by',
  reopened: 'Reopened by',
  'draft-deleted': 'AI draft deleted from Drafts',
  'follow-up': 'Follow-up from the customer',
  failed: 'Processing failed',
};

const RESOLUTION_LABEL: Record<NonNullable<Ticket['resolution']>['reason'], string> = {
  answered: 'answered',
  'no-reply-needed': 'no reply needed',
  spam: 'spam',
  duplicate: 'duplicate',
};

const DRAFT_USE_LABEL: Record<NonNullable<Ticket['draftUse']>, string> = {
  unchanged: 'the AI draft unchanged',
  edited: 'the AI draft, edited',
  rewritten: 'a rewrite of the AI draft',
  none: 'their own reply',
};

/** "Sent from Outlook by Lea · the AI draft, edited" — who replied, where, and how much of the draft it kept. */
function repliedLine(t: Ticket): string {
  if (!t.repliedVia || !t.sentAt) return '';
  const by = [...t.audit].reverse().find((a) => a.action === 'sent' || a.action === 'replied-again')?.by?.name;
  return `${t.repliedVia === 'outlook' ? 'Sent from Outlook' : 'Sent from Teams'}${by ? ` by ${md(by)}` : ''} · ${t.draftUse ? DRAFT_USE_LABEL[t.draftUse] : ''} · ${when(t.sentAt)}`;
}

/** A reply went out (the ticket may have been resolved since). */
function answered(t: Ticket): boolean {
  return t.status === 'sent' || (t.status === 'resolved' && !!t.sentAt);
}

/** The line under the draft: what became of it once it is no longer being worked on. */
function draftNoteFor(t: Ticket, editable: boolean, fits: boolean): string {
  if (!fits && editable) return 'This draft is too long to edit on the card. Edit it in Outlook; Approve sends the Outlook draft as it is.';
  if (answered(t)) {
    if (t.repliedVia !== 'outlook') return `Sent ${when(t.sentAt)} from the support mailbox.`;
    return t.draftUse === 'unchanged' ? 'Sent from Outlook as it is.' : 'The reply was written in Outlook (it is in Sent Items); this is the AI draft it started from.';
  }
  if (!t.draftMessageId) return t.status === 'resolved' ? 'Resolved without a reply; the AI draft was removed from Drafts.' : 'No reply draft in Outlook yet.';
  return '';
}

function localTime(iso: string, zone: string): string {
  const dt = DateTime.fromISO(iso, { zone });
  return dt.isValid ? dt.toFormat('ccc d LLL HH:mm ZZZZ') : iso;
}

/** The first-response line: due time while unanswered (late in red), the outcome once answered. */
function dueLine(t: Ticket, zone: string, now: Date): { text: string; late: boolean } | null {
  if (!t.firstResponseDueAt) return null;
  const due = Date.parse(t.firstResponseDueAt);
  if (t.firstResponseAt) {
    const inTime = Date.parse(t.firstResponseAt) <= due;
    const minutes = t.firstResponseBusinessMinutes === null ? '' : ` after ${Math.round(t.firstResponseBusinessMinutes)} business min`;
    return { text: `First reply sent${minutes} · ${inTime ? 'within target' : 'after the target'}`, late: false };
  }
  if (t.status === 'resolved' || t.status === 'processing') return null;
  const late = now.getTime() >= due;
  return { text: late ? `⚠ LATE: the first reply was due ${localTime(t.firstResponseDueAt, zone)}` : `First reply due ${localTime(t.firstResponseDueAt, zone)}`, late };
}

// ---------- view model ----------
interface Limits {
  body: number;
  draft: number;
  audit: number;
}
const LIMITS: Limits[] = [
  { body: 6000, draft: 8000, audit: 12 },
  { body: 3000, draft: 8000, audit: 8 },
  { body: 1500, draft: 4000, audit: 6 },
  { body: 600, draft: 2000, audit: 4 },
  { body: 200, draft: 600, audit: 2 },
];

function viewModel(ticket: Ticket, ctx: CardContext, limits: Limits): Record<string, unknown> {
  const status = STATUS[ticket.status];
  const personal = ctx.viewer ? allowedVerbs(ctx.viewer, ticket) : null;
  // The shared card offers only what is safe to show everyone; personal views come from refresh.
  const can: Record<Exclude<CardVerb, 'refresh'>, boolean> = personal
    ? {
        claim: personal.has('claim'),
        release: personal.has('release'),
        saveDraft: personal.has('saveDraft'),
        approve: personal.has('approve'),
        reassign: personal.has('reassign'),
        recategorize: personal.has('recategorize'),
        resolve: personal.has('resolve'),
        reopen: personal.has('reopen'),
      }
    : {
        claim: (!ticket.assignee || !heldByPerson(ticket)) && (ticket.status === 'open' || ticket.status === 'assigned' || ticket.status === 'failed' || ticket.status === 'send-failed'),
        release: false,
        saveDraft: false,
        approve: ticket.status === 'send-failed' && !!ticket.draftMessageId,
        reassign: false,
        recategorize: false,
        resolve: false,
        reopen: ticket.status === 'sent' || ticket.status === 'resolved',
      };

  const lang = ticket.language || 'und';
  const languageLabel = LANGUAGE_NAME[lang] ? `${LANGUAGE_NAME[lang]} (${lang})` : lang === 'und' ? 'Unknown' : lang;
  const confidencePct = Math.round(Math.max(0, Math.min(1, ticket.confidence || 0)) * 100);

  const acct = ticket.enrichment?.account ?? null;
  const facts: { title: string; value: string }[] = [{ title: 'Email', value: md(ticket.from.address) }];
  if (acct?.name) facts.push({ title: 'Name', value: md(String(acct.name)) });
  if (acct?.plan) facts.push({ title: 'Plan', value: md(String(acct.plan)) });
  if (acct?.status) facts.push({ title: 'Account', value: md(String(acct.status)) });
  if (acct?.signupDate) facts.push({ title: 'Signed up', value: md(String(acct.signupDate).slice(0, 10)) });
  if (acct?.renewalDate) facts.push({ title: 'Renews', value: md(String(acct.renewalDate).slice(0, 10)) });
  if (acct?.platform) facts.push({ title: 'Platform', value: md(String(acct.platform)) });
  if (acct?.country) facts.push({ title: 'Country', value: md(String(acct.country)) });
  if (ticket.enrichment && !acct) facts.push({ title: 'Account', value: 'no account found for this address' });

  const errors = (ticket.enrichment?.errors ?? []).slice(0, 5).map((e) => {
    const link = safeUrl(e.link);
    const title = md(e.title.slice(0, 160));
    return { text: `${link ? `[${title}](${link})` : title} — ${e.count}× · last ${md(when(e.lastSeen))}` };
  });
  const recLink = safeUrl(ticket.enrichment?.recordings?.links[0]);
  const recCount = ticket.enrichment?.recordings?.count ?? 0;
  const failedSources = Object.entries(ticket.enrichment?.sources ?? {})
    .filter(([, s]) => s.status === 'failed')
    .map(([name, s]) => `${name}: unavailable${s.detail ? ` (${md(s.detail.slice(0, 80))})` : ''}`);

  const body = cut(plain(ticket.translatedBody), limits.body);
  const original = cut(plain(ticket.latestText), limits.body);
  const draftFits = ticket.draft.length <= limits.draft;
  const editable = can.saveDraft || can.approve;
  const showEditor = editable && draftFits && !!ctx.viewer;
  const draftNote = draftNoteFor(ticket, editable, draftFits);
  const replied = repliedLine(ticket);
  const resolution = ticket.resolution
    ? `Resolved: ${RESOLUTION_LABEL[ticket.resolution.reason]}${ticket.resolution.by ? ` by ${md(ticket.resolution.by.name)}` : ''} ${ticket.resolution.via === 'outlook' ? 'in Outlook' : ticket.resolution.via === 'card' ? 'in Teams' : 'automatically'} · ${when(ticket.resolution.at)}`
    : '';
  const corrections = ticket.corrections.slice(-3).map((c) => ({
    text: `Category corrected ${CATEGORY_LABEL[c.from]} → ${CATEGORY_LABEL[c.to]}${c.by ? ` by ${md(c.by.name)}` : ''} ${c.via === 'outlook' ? 'in Outlook' : 'in Teams'} · ${when(c.at)}`,
  }));

  const audit = ticket.audit.slice(-limits.audit).map((a) => {
    // Without a person (Outlook's Send As, the sync) the entry reads "Sent — …", not "Sent by — …".
    const verb = a.by ? AUDIT_VERB[a.action] : AUDIT_VERB[a.action].replace(/ \(approved by$| by$/, '');
    const who = a.by ? ` ${md(a.by.name)}${a.action === 'send-failed' ? ')' : ''}` : '';
    const detail = a.detail && a.action !== 'send-failed' ? ` — ${md(a.detail.slice(0, 120))}` : '';
    return { text: `${when(a.at)} · ${verb}${who}${detail}` };
  });

  const due = dueLine(ticket, ctx.timeZone ?? 'UTC', ctx.now ?? new Date());
  const suggested = ticket.suggestedAssignee ? ` — suggested: ${md(ticket.suggestedAssignee.name)}` : '';
  const agents = ctx.roster.filter((m) => m.role === 'agent');
  const refreshUsers = [ticket.assignee?.aadObjectId, ...ctx.roster.filter((m) => m.role === 'lead').map((m) => m.aadObjectId), ...agents.map((m) => m.aadObjectId)]
    .filter((id): id is string => !!id)
    .map((id) => ctx.userIds[id])
    .filter((id): id is string => !!id);

  return {
    ticketId: ticket.id,
    subject: md((ticket.subject || '(no subject)').slice(0, 300)),
    fromLine: `From ${md(ticket.from.name ? `${ticket.from.name} <${ticket.from.address}>` : ticket.from.address)} · ${md(when(ticket.receivedAt))}`,
    headerStyle: status.style,
    categoryLabel: CATEGORY_LABEL[ticket.category] ?? ticket.category,
    confidenceText: `${confidencePct} %${ticket.needsTriage ? ' · needs triage' : ' · high'}`,
    confidenceColor: ticket.needsTriage ? 'Warning' : 'Good',
    languageLabel,
    statusLabel: status.label,
    statusColor: status.color,
    assigneeLabel: ticket.assignee ? md(ticket.assignee.name) : `Unassigned${suggested}`,
    hasTriageReasons: ticket.needsTriage && (ticket.triageReasons?.length ?? 0) > 0,
    triageReasonsText: `Needs a human look: ${(ticket.triageReasons ?? []).slice(0, 5).map((r) => md(r.slice(0, 200))).join(' · ')}`,
    hasDue: !!due,
    dueText: due?.text ?? '',
    dueStyle: due?.late ? 'attention' : 'default',
    dueColor: due?.late ? 'Attention' : 'Default',
    dueWeight: due?.late ? 'Bolder' : 'Default',
    hasNotice: !!ctx.notice,
    notice: md(ctx.notice),
    hasError: !!ticket.lastError,
    errorTitle: ticket.status === 'send-failed' ? 'The reply was not sent' : 'Something went wrong',
    errorText: `${md(ticket.lastError?.slice(0, 400))}${ticket.status === 'send-failed' ? ' Use Retry send to try again; the draft is still in Outlook.' : ''}`,
    hasFollowUp: ticket.messageCount > 1,
    followUpText: `Follow-up: ${ticket.messageCount} messages from the customer in this thread — the draft answers the newest.`,
    summary: plain(ticket.summary.slice(0, 1500)) || '(no summary)',
    hasCustomer: true,
    customerFacts: facts,
    hasErrors: errors.length > 0,
    errors,
    hasRecordings: recCount > 0,
    recordingsText: recLink ? `[${recCount} session recording${recCount === 1 ? '' : 's'}](${recLink})` : `${recCount} session recording${recCount === 1 ? '' : 's'}`,
    hasSourceNote: failedSources.length > 0,
    sourceNote: failedSources.join(' · '),
    hasTranslation: lang !== 'en' && !!ticket.translatedBody,
    translatedSubject: md(ticket.translatedSubject.slice(0, 300)),
    translatedBody: body.text,
    originalTitle: `Original (${lang})`,
    originalText: original.text || '(empty)',
    draftTitle: `${answered(ticket) ? (ticket.repliedVia === 'outlook' ? 'AI draft' : 'Reply') : 'Reply draft'} · ${languageLabel}`,
    showEditor,
    draftValue: showEditor ? ticket.draft : '',
    showDraftText: !showEditor && !!ticket.draft,
    draftText: cut(plain(ticket.draft), limits.draft).text,
    hasDraftNote: !!draftNote,
    draftNote,
    hasAudit: audit.length > 0,
    audit,
    can,
    approveTitle: ticket.status === 'send-failed' ? 'Retry send' : 'Approve & send',
    hasReplied: !!replied,
    repliedText: replied,
    hasResolution: !!resolution,
    resolutionText: resolution,
    hasCorrections: corrections.length > 0,
    corrections,
    categoryChoice: ticket.category,
    categoryChoices: Object.entries(CATEGORY_LABEL).map(([value, title]) => ({ title, value })),
    resolveChoices: [
      { title: 'No reply needed', value: 'no-reply-needed' },
      { title: 'Spam', value: 'spam' },
      { title: 'Duplicate', value: 'duplicate' },
    ],
    assigneeChoice: ticket.assignee?.aadObjectId ?? ticket.suggestedAssignee?.aadObjectId ?? '',
    agentChoices: agents.map((m) => ({ title: m.name, value: m.aadObjectId })),
    showRefresh: !ctx.viewer && ticket.status !== 'sent' && ticket.status !== 'resolved',
    refreshUserIds: [...new Set(refreshUsers)].slice(0, REFRESH_MAX_USERS),
  };
}

export function cardBytes(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/** Renders the ticket for one viewer (or the shared channel card), shrinking long texts until it fits. */
export function renderTicketCard(ticket: Ticket, ctx: CardContext): AdaptiveCard {
  let card: AdaptiveCard = {};
  for (const limits of LIMITS) {
    card = TEMPLATE.expand({ $root: viewModel(ticket, ctx, limits) }) as AdaptiveCard;
    const refresh = card.refresh as { userIds?: unknown[] } | undefined;
    // No known Teams user ids: leave userIds out, so small teams still auto-refresh for everyone.
    if (refresh && (!Array.isArray(refresh.userIds) || refresh.userIds.length === 0)) delete refresh.userIds;
    if (cardBytes(card) <= CARD_MAX_BYTES) return card;
  }
  return card; // the smallest limits: every long field is cut, so this stays far under the limit
}
