import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween, calendar, isBusinessTime, isWorkingDay, parseTargets, parseWorkingHours } from './business.js';

const zurich = calendar({ hours: 'Mon-Fri 08:00-18:00', zone: 'Europe/Zurich', holidays: '2026-12-25, 2026-12-28' });
const always = calendar({ hours: 'Mon-Sun 00:00-24:00', zone: 'Europe/Zurich' });
const at = (iso: string) => new Date(iso);

describe('business time', () => {
  it('counts a Friday-evening mail from Monday 08:00 local time', () => {
    // Fri 2026-11-27 17:00 Zurich (UTC+1) = 16:00Z; 4 h target: 1 h on Friday, 3 h on Monday.
    expect(addBusinessMinutes(zurich, at('2026-11-27T16:00:00Z'), 240).toISOString()).toBe('2026-11-30T10:00:00.000Z');
  });

  it('starts a mail that arrives on Saturday at the next working window', () => {
    expect(addBusinessMinutes(zurich, at('2026-11-28T10:00:00Z'), 30).toISOString()).toBe('2026-11-30T07:30:00.000Z');
    expect(isBusinessTime(zurich, at('2026-11-28T10:00:00Z'))).toBe(false);
  });

  it('skips holidays and counts the minutes between two instants across them', () => {
    // Thu 2026-12-24 17:00 local; Fri 25th and Mon 28th are holidays; 2 h → Tue 29th 09:00 local.
    const due = addBusinessMinutes(zurich, at('2026-12-24T16:00:00Z'), 120);
    expect(due.toISOString()).toBe('2026-12-29T08:00:00.000Z');
    expect(businessMinutesBetween(zurich, at('2026-12-24T16:00:00Z'), due)).toBe(120);
    expect(isWorkingDay(zurich, '2026-12-25')).toBe(false);
    expect(isWorkingDay(zurich, '2026-12-29')).toBe(true);
  });

  it('moves the window with the clock when daylight saving time ends', () => {
    // Sun 2026-10-25 Europe/Zurich falls back from UTC+2 to UTC+1. Friday 17:30 local is 15:30Z;
    // 30 minutes on Friday, 30 on Monday from 08:00 local, which is now 07:00Z.
    expect(addBusinessMinutes(zurich, at('2026-10-23T15:30:00Z'), 60).toISOString()).toBe('2026-10-26T07:30:00.000Z');
    expect(isBusinessTime(zurich, at('2026-10-26T06:30:00Z'))).toBe(false);
    expect(isBusinessTime(zurich, at('2026-10-23T06:30:00Z'))).toBe(true);
  });

  it('counts real elapsed minutes on a DST day when the calendar is always open', () => {
    // 2026-03-29 has 23 hours in Zurich: midnight to midnight is 1380 minutes.
    expect(businessMinutesBetween(always, at('2026-03-28T23:00:00Z'), at('2026-03-29T22:00:00Z'))).toBe(1380);
    expect(businessMinutesBetween(always, at('2026-10-24T22:00:00Z'), at('2026-10-25T23:00:00Z'))).toBe(1500);
    expect(addBusinessMinutes(always, at('2026-03-29T00:30:00Z'), 60).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('gives zero minutes for an answer outside business hours before the window opens', () => {
    expect(businessMinutesBetween(zurich, at('2026-11-28T10:00:00Z'), at('2026-11-29T10:00:00Z'))).toBe(0);
    expect(businessMinutesBetween(zurich, at('2026-11-30T08:00:00Z'), at('2026-11-30T07:00:00Z'))).toBe(0);
  });
});

describe('business time settings', () => {
  it('reads day ranges, lists, wrapping ranges and 24:00', () => {
    expect([...parseWorkingHours('Mon-Fri 08:00-18:00').days]).toEqual([1, 2, 3, 4, 5]);
    expect([...parseWorkingHours('Sun-Tue 09:00-17:30').days].sort()).toEqual([1, 2, 7]);
    expect(parseWorkingHours('Mon,Wed 00:00-24:00')).toMatchObject({ startMinute: 0, endMinute: 1440 });
  });

  it('refuses a window that ends before it starts, and unknown days', () => {
    expect(() => parseWorkingHours('Mon-Fri 18:00-08:00')).toThrow(/end after it starts/);
    expect(() => parseWorkingHours('Mo-Fr 08:00-18:00')).toThrow(/weekday/);
  });

  it('reads targets in hours or minutes and keeps defaults for categories left out', () => {
    expect(parseTargets('other=2m,bug-report=1.5h')).toEqual({ 'refund-request': 240, 'bug-report': 90, 'product-question': 480, other: 2 });
    expect(() => parseTargets('billing=4h')).toThrow(/not a category/);
    expect(() => parseTargets('other=0m')).toThrow(/more than zero/);
  });

  it('refuses an unknown time zone', () => {
    expect(() => calendar({ hours: 'Mon-Fri 08:00-18:00', zone: 'Europe/Zürich' })).toThrow(/IANA/);
  });
});
