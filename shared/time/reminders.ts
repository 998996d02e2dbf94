// First-response reminders: a reply in the ticket card's thread that @mentions the assignee (the
// leads when nobody holds the ticket), once when the target is approaching and once when it has
// passed, only inside business hours.
//
// At most once per threshold per ticket, whatever runs in parallel or restarts:
//   1. claim   — the reminder is added to the ticket under its ETag, tagged with this run's id. Two
//                runs racing both try; the store accepts one write, the other re-reads, sees the
//                claim and does nothing. A later run, after a restart, sees it too.
//   2. post    — only the run whose claim was written posts the reply.
//   3. confirm — `sentAt` is set; if Teams refused the post (an HTTP error answer), the claim is
//                withdrawn so a later run tries again.
// A run that dies between 1 and 3, or a post whose outcome is unknown (the connection broke),
// leaves the claim without `sentAt`: that reminder is never retried, because it may have been
// posted. Losing one reminder in that rare case is preferred to posting it twice.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Person, Reminder, ReminderThreshold, Ticket, TicketStatus } from '../domain.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Roster, TicketCards, TicketStore } from '../ports.js';
import { updateTicket } from '../tickets/ticket.js';
import { isBusinessTime } from './business.js';
import { dueAt, type ServiceClock } from './service.js';

/** Unanswered work that can still be answered. */
export const REMINDABLE: readonly TicketStatus[] = ['open', 'assigned', 'send-failed', 'failed'];

export interface ReminderDeps {
  store: TicketStore;
  cards: TicketCards;
  roster: Roster;
  clock: ServiceClock;
  log: Logger;
  now?: () => Date;
  /** Identifies this run's claims (a fresh id per run by default). */
  runId?: string;
}

export interface ReminderOutcome {
  outsideHours: boolean;
  checked: number;
  posted: { ticketId: string; threshold: ReminderThreshold }[];
  failed: { ticketId: string; threshold: ReminderThreshold; reason: string }[];
}

/** The threshold the ticket has reached and not yet been reminded of, if any ("late" wins). */
export function dueThreshold(clock: ServiceClock, t: Ticket, now: Date): ReminderThreshold | null {
  if (t.firstResponseAt || !t.firstResponseDueAt || !REMINDABLE.includes(t.status)) return null;
  const has = (th: ReminderThreshold) => t.reminders.some((r) => r.threshold === th);
  if (now.getTime() >= Date.parse(t.firstResponseDueAt)) return has('late') ? null : 'late';
  if (now.getTime() >= dueAt(clock, t, clock.approachingShare).getTime()) return has('approaching') || has('late') ? null : 'approaching';
  return null;
}

function reminderText(clock: ServiceClock, t: Ticket, threshold: ReminderThreshold, now: Date): string {
  const due = DateTime.fromISO(t.firstResponseDueAt!, { zone: clock.calendar.zone });
  const dueText = due.toFormat('ccc HH:mm');
  const mins = Math.abs(Math.round((due.toMillis() - now.getTime()) / 60_000));
  const span = mins < 1 ? 'under a minute' : `${mins} min`;
  const subject = (t.subject || '(no subject)').replace(/[<>]/g, '').slice(0, 120);
  return threshold === 'late'
    ? `🔴 The first reply to "${subject}" is late: it was due ${dueText} (${span} ago). Please answer or hand it on.`
    : `⏰ The first reply to "${subject}" is due ${dueText} (in ${span}).`;
}

/** Did Teams answer the post with an error (so it was not posted)? Unknown outcomes count as maybe posted. */
function refused(err: unknown): boolean {
  if (err instanceof AppError) return err.opts.status !== undefined || err.opts.code === 'ECONNREFUSED' || err.kind === 'not-found' || err.kind === 'forbidden' || err.kind === 'unauthorized' || err.kind === 'invalid-input';
  const s = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === 'number';
}

export async function runReminders(deps: ReminderDeps): Promise<ReminderOutcome> {
  const now = (deps.now ?? (() => new Date()))();
  const run = deps.runId ?? randomUUID();
  const out: ReminderOutcome = { outsideHours: false, checked: 0, posted: [], failed: [] };
  if (!isBusinessTime(deps.clock.calendar, now)) return { ...out, outsideHours: true };
  const tickets = await deps.store.list({ statuses: REMINDABLE });
  let leads: Person[] | null = null;
  for (const listed of tickets) {
    out.checked++;
    const threshold = dueThreshold(deps.clock, listed, now);
    if (!threshold || !listed.cardConversationId) continue;
    // 1. claim under the ETag (decided again on a fresh read if another writer got there first)
    const claim: Reminder = { threshold, at: now.toISOString(), run, sentAt: null };
    const claimed = await updateTicket(deps.store, listed.id, (t) => (dueThreshold(deps.clock, t, now) === threshold ? { ...t, reminders: [...t.reminders, claim] } : null), { current: listed });
    if (!claimed.changed) continue;
    const ticket = claimed.after;
    // 2. post
    leads ??= (await deps.roster.members()).filter((m) => m.role === 'lead').map((m) => ({ aadObjectId: m.aadObjectId, name: m.name }));
    const mentions = ticket.assignee ? [ticket.assignee] : leads;
    try {
      await deps.cards.replyInThread(ticket, { text: reminderText(deps.clock, ticket, threshold, now), mentions });
    } catch (err) {
      const reason = (err as Error).message;
      out.failed.push({ ticketId: ticket.id, threshold, reason });
      if (refused(err)) {
        deps.log.warn('Teams refused the reminder; a later run tries again', { ticketId: ticket.id, threshold, reason });
        await updateTicket(deps.store, ticket.id, (t) => ({ ...t, reminders: t.reminders.filter((r) => !(r.threshold === threshold && r.run === run)) }));
      } else {
        deps.log.warn('reminder outcome unknown; it is not retried to avoid a double post', { ticketId: ticket.id, threshold, reason });
      }
      continue;
    }
    // 3. confirm
    const confirmed = await updateTicket(deps.store, ticket.id, (t) => ({ ...t, reminders: t.reminders.map((r) => (r.threshold === threshold && r.run === run ? { ...r, sentAt: new Date().toISOString() } : r)) }));
    out.posted.push({ ticketId: ticket.id, threshold });
    deps.log.info('first-response reminder posted', { ticketId: ticket.id, threshold, mentions: mentions.length });
    // The card turns red once late.
    if (threshold === 'late') {
      try {
        await deps.cards.publish(confirmed.after);
      } catch (err) {
        deps.log.warn('could not refresh the late card', { ticketId: ticket.id, err });
      }
    }
  }
  return out;
}
