// Business time: which instants count towards a first-response target, and arithmetic on them.
// Working windows are wall-clock times in the business time zone ("Mon-Fri 08:00-18:00" in
// Europe/Zurich), so a DST change moves the window with the clock; minutes inside a window are
// real elapsed minutes (an always-open calendar's DST day has 23 or 25 hours). All zone and DST
// handling is luxon's (IANA data from the runtime's Intl); no offset arithmetic here.
import { DateTime, IANAZone } from 'luxon';
import { CATEGORIES, type Category } from '../domain.js';

const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export interface WorkingHours {
  /** ISO weekdays (1 = Monday … 7 = Sunday) that have a working window. */
  days: ReadonlySet<number>;
  /** Minutes after local midnight; `endMinute` may be 1440 (24:00). */
  startMinute: number;
  endMinute: number;
}

export interface BusinessCalendar extends WorkingHours {
  zone: string;
  /** Local dates (YYYY-MM-DD) without a working window. */
  holidays: ReadonlySet<string>;
}

/** Minutes of first-response target per category. */
export type ServiceTargets = Record<Category, number>;

export const DEFAULT_TARGETS = 'refund-request=4h,bug-report=8h,product-question=8h,other=24h';

function clock(text: string, what: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) throw new Error(`${what} "${text}" is not a time like 08:00`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) throw new Error(`${what} "${text}" is not a time of day (00:00–24:00)`);
  return h * 60 + min;
}

function dayIndex(name: string): number {
  const i = DAY_NAMES.indexOf(name.toLowerCase().slice(0, 3) as (typeof DAY_NAMES)[number]);
  if (i < 0 || name.length < 3) throw new Error(`"${name}" is not a weekday (Mon … Sun)`);
  return i + 1;
}

/**
 * "Mon-Fri 08:00-18:00", "Mon,Wed,Fri 09:00-17:30", "Mon-Sun 00:00-24:00" (always). A range may
 * wrap ("Sun-Thu"). One window per working day.
 */
export function parseWorkingHours(text: string): WorkingHours {
  const m = /^\s*([A-Za-z,\s-]+?)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$/.exec(text);
  if (!m) throw new Error(`"${text}" is not like "Mon-Fri 08:00-18:00"`);
  const days = new Set<number>();
  for (const part of m[1]!.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [a, b] = part.split('-').map((s) => s.trim());
    const from = dayIndex(a!);
    const to = b === undefined ? from : dayIndex(b);
    for (let d = from; ; d = (d % 7) + 1) {
      days.add(d);
      if (d === to) break;
    }
  }
  const startMinute = clock(m[2]!, 'start');
  const endMinute = clock(m[3]!, 'end');
  if (endMinute <= startMinute) throw new Error(`"${text}": the window must end after it starts (use 24:00 for midnight)`);
  return { days, startMinute, endMinute };
}

/** "refund-request=4h,other=30m": hours or minutes per category; unnamed categories keep the default. */
export function parseTargets(text: string, defaults: string = DEFAULT_TARGETS): ServiceTargets {
  const read = (s: string): Partial<ServiceTargets> => {
    const out: Partial<ServiceTargets> = {};
    for (const part of s.split(',').map((p) => p.trim()).filter(Boolean)) {
      const m = /^([a-z-]+)\s*=\s*(\d+(?:\.\d+)?)\s*(h|m|min)$/i.exec(part);
      if (!m) throw new Error(`"${part}" is not like category=4h or category=30m`);
      const category = m[1]!.toLowerCase() as Category;
      if (!CATEGORIES.includes(category)) throw new Error(`"${m[1]}" is not a category (${CATEGORIES.join(', ')})`);
      const minutes = Number(m[2]) * (m[3]!.toLowerCase() === 'h' ? 60 : 1);
      if (!(minutes > 0)) throw new Error(`"${part}": the target must be more than zero`);
      out[category] = minutes;
    }
    return out;
  };
  return { ...(read(defaults) as ServiceTargets), ...read(text) };
}

export function parseHolidays(text: string): Set<string> {
  const out = new Set<string>();
  for (const d of text.split(/[,\s]+/).filter(Boolean)) {
    const dt = DateTime.fromISO(d, { zone: 'utc' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || !dt.isValid) throw new Error(`"${d}" is not a date like 2026-12-25`);
    out.add(d);
  }
  return out;
}

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

export function calendar(input: { hours: string; zone: string; holidays?: string }): BusinessCalendar {
  if (!isValidZone(input.zone)) throw new Error(`"${input.zone}" is not an IANA time zone (e.g. Europe/Zurich)`);
  return { ...parseWorkingHours(input.hours), zone: input.zone, holidays: parseHolidays(input.holidays ?? '') };
}

/** A calendar must have a working minute somewhere, or no deadline could ever be reached. */
const SEARCH_DAYS = 3 * 366;

interface Window {
  start: number; // epoch ms
  end: number;
}

/** The working window of the local day `day` (a DateTime at local midnight), or null. */
function windowOf(cal: BusinessCalendar, day: DateTime): Window | null {
  if (!cal.days.has(day.weekday) || cal.holidays.has(day.toISODate()!)) return null;
  const at = (minute: number) =>
    minute >= 1440 ? day.plus({ days: 1 }).startOf('day') : day.set({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 });
  return { start: at(cal.startMinute).toMillis(), end: at(cal.endMinute).toMillis() };
}

/** Windows from the local day of `from` onwards (the first may already have ended). */
function* windows(cal: BusinessCalendar, from: number): Generator<Window> {
  let day = DateTime.fromMillis(from, { zone: cal.zone }).startOf('day');
  for (let i = 0; i < SEARCH_DAYS; i++, day = day.plus({ days: 1 }).startOf('day')) {
    const w = windowOf(cal, day);
    if (w) yield w;
  }
  throw new Error('business calendar: no working time within three years (check BUSINESS_HOURS and HOLIDAYS)');
}

export function isBusinessTime(cal: BusinessCalendar, at: Date): boolean {
  const day = DateTime.fromJSDate(at, { zone: cal.zone }).startOf('day');
  const w = windowOf(cal, day);
  const t = at.getTime();
  return !!w && t >= w.start && t < w.end;
}

/** The instant `minutes` business minutes after `start` (a start outside hours begins at the next window). */
export function addBusinessMinutes(cal: BusinessCalendar, start: Date, minutes: number): Date {
  let left = minutes * 60_000;
  const t0 = start.getTime();
  for (const w of windows(cal, t0)) {
    const from = Math.max(w.start, t0);
    if (from >= w.end) continue;
    if (from + left <= w.end) return new Date(from + left);
    left -= w.end - from;
  }
  throw new Error('unreachable');
}

/** Business minutes between two instants (0 when `end` is not after `start`). */
export function businessMinutesBetween(cal: BusinessCalendar, start: Date, end: Date): number {
  const t0 = start.getTime();
  const t1 = end.getTime();
  if (t1 <= t0) return 0;
  let ms = 0;
  for (const w of windows(cal, t0)) {
    if (w.start >= t1) break;
    const from = Math.max(w.start, t0);
    const to = Math.min(w.end, t1);
    if (to > from) ms += to - from;
  }
  return ms / 60_000;
}

/** The local date (YYYY-MM-DD) of an instant in the calendar's zone. */
export function localDate(cal: Pick<BusinessCalendar, 'zone'>, at: Date | string): string {
  const dt = typeof at === 'string' ? DateTime.fromISO(at, { zone: cal.zone }) : DateTime.fromJSDate(at, { zone: cal.zone });
  return dt.toISODate()!;
}

/** Whether a local date has a working window (weekday and not a holiday). */
export function isWorkingDay(cal: BusinessCalendar, date: string): boolean {
  const day = DateTime.fromISO(date, { zone: cal.zone }).startOf('day');
  return windowOf(cal, day) !== null;
}

/** Minutes after local midnight of an instant. */
export function localMinuteOfDay(cal: Pick<BusinessCalendar, 'zone'>, at: Date): number {
  const dt = DateTime.fromJSDate(at, { zone: cal.zone });
  return dt.hour * 60 + dt.minute;
}

/** Local dates from `from` to `to` inclusive. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let d = DateTime.fromISO(from, { zone: 'utc' });
  const end = DateTime.fromISO(to, { zone: 'utc' });
  while (d <= end && out.length < 3700) {
    out.push(d.toISODate()!);
    d = d.plus({ days: 1 });
  }
  return out;
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate()!;
}
