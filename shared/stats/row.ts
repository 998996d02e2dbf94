// One small row per ticket, keyed by the local day the ticket was created: everything the team's
// numbers need and nothing else. The stats read only the rows of the days asked for (one table
// partition per day), never the ticket documents, so a month costs the same at 1,000 tickets or
// at 1,000,000.
import type { Category, DraftUse, Ticket, TicketStatus } from '../domain.js';
import { localDate } from '../time/business.js';
import { answeredInTime } from '../time/service.js';

export interface StatsRow {
  id: string;
  /** Local date (business time zone) of `createdAt`: the row's partition. */
  day: string;
  createdAt: string;
  status: TicketStatus;
  /** The category now (after any human correction). */
  category: Category;
  /** The category the analyzer gave (what auto-routing acted on). */
  aiCategory: Category;
  language: string;
  needsTriage: boolean;
  /** Auto-assigned by routing: confident and not flagged for triage. */
  routed: boolean;
  /** A person changed the category at least once. */
  corrected: boolean;
  /** Reassigned to someone else at least once. */
  reassigned: boolean;
  /** Null while unanswered. */
  firstResponseBusinessMinutes: number | null;
  withinTarget: boolean | null;
  draftUse: DraftUse | null;
  /** Resolved for a reason other than "answered", with no reply sent. */
  resolvedWithoutReply: boolean;
}

export function statsRowOf(t: Ticket, zone: string): StatsRow {
  const categoryCorrections = t.corrections.filter((c) => c.field === 'category');
  return {
    id: t.id,
    day: localDate({ zone }, t.createdAt),
    createdAt: t.createdAt,
    status: t.status,
    category: t.category,
    aiCategory: categoryCorrections[0]?.from ?? t.category,
    language: t.language,
    needsTriage: t.needsTriage,
    routed: !t.needsTriage && t.status !== 'failed' && t.messageCount > 0,
    corrected: categoryCorrections.length > 0,
    reassigned: t.audit.some((a) => a.action === 'reassigned'),
    firstResponseBusinessMinutes: t.firstResponseAt ? t.firstResponseBusinessMinutes : null,
    withinTarget: answeredInTime(t),
    draftUse: t.firstResponseAt ? t.draftUse : null,
    resolvedWithoutReply: t.status === 'resolved' && t.resolution?.reason !== 'answered' && !t.firstResponseAt,
  };
}
