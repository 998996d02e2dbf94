// The service clock: first-response targets in business time, applied to every ticket write.
// `withServiceTimes` wraps the TicketStore so whatever path writes a ticket (pipeline, card,
// Outlook sync, pane) leaves it with its due time and, once answered, its business minutes —
// without any of those paths knowing about targets. The values are pure functions of the ticket
// (receivedAt, category, firstResponseAt) and the configuration, so applying them twice is harmless.
import type { Config } from '../config.js';
import type { Ticket } from '../domain.js';
import type { TicketStore } from '../ports.js';
import { addBusinessMinutes, businessMinutesBetween, type BusinessCalendar, type ServiceTargets } from './business.js';

export interface ServiceClock {
  calendar: BusinessCalendar;
  targets: ServiceTargets;
  /** Share of the target (0–1) after which the "approaching" reminder is due. */
  approachingShare: number;
}

export function serviceClockFrom(config: Pick<Config, 'serviceTargets' | 'businessHours' | 'businessTimezone' | 'holidays' | 'reminderApproachingPercent'>): ServiceClock {
  return {
    calendar: { ...config.businessHours, zone: config.businessTimezone, holidays: new Set(config.holidays) },
    targets: config.serviceTargets,
    approachingShare: config.reminderApproachingPercent / 100,
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** When the first reply to `t` is due under the clock (from the time the mail arrived). */
export function dueAt(clock: ServiceClock, t: Pick<Ticket, 'receivedAt' | 'category'>, share = 1): Date {
  return addBusinessMinutes(clock.calendar, new Date(t.receivedAt), clock.targets[t.category] * share);
}

/**
 * The ticket with its service times: the due time follows the category until the first reply
 * (a corrected category gets its own target), then stays; the business minutes are set once.
 */
export function applyServiceTimes(clock: ServiceClock, t: Ticket): Ticket {
  if (!t.receivedAt || Number.isNaN(Date.parse(t.receivedAt))) return t;
  const answered = t.firstResponseAt !== null;
  const firstResponseDueAt = answered && t.firstResponseDueAt ? t.firstResponseDueAt : dueAt(clock, t).toISOString();
  const firstResponseBusinessMinutes =
    answered && t.firstResponseBusinessMinutes === null
      ? round1(businessMinutesBetween(clock.calendar, new Date(t.receivedAt), new Date(t.firstResponseAt!)))
      : answered
        ? t.firstResponseBusinessMinutes
        : null;
  if (firstResponseDueAt === t.firstResponseDueAt && firstResponseBusinessMinutes === t.firstResponseBusinessMinutes) return t;
  return { ...t, firstResponseDueAt, firstResponseBusinessMinutes };
}

/** Whether the first reply came inside the target (null while unanswered). */
export function answeredInTime(t: Pick<Ticket, 'firstResponseAt' | 'firstResponseDueAt'>): boolean | null {
  if (!t.firstResponseAt || !t.firstResponseDueAt) return null;
  return Date.parse(t.firstResponseAt) <= Date.parse(t.firstResponseDueAt);
}

/** The store with the service clock applied to every ticket it writes. */
export function withServiceTimes(store: TicketStore, clock: ServiceClock): TicketStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'create') return (t: Ticket) => target.create(applyServiceTimes(clock, t));
      if (prop === 'update') return (t: Ticket) => target.update(applyServiceTimes(clock, t));
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
