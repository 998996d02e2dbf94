// The first-response line on the ticket card: due time in the business time zone, red once late,
// the outcome once answered.
import { describe, expect, it } from 'vitest';
import { TEST_ROSTER } from '../shared/testing/index.js';
import { ticketFixture } from '../shared/teams/testing.js';
import { loadConfig, ConfigError } from '../shared/config.js';
import { renderTicketCard, type CardContext } from './cards.js';

const ctx = (now: string): CardContext => ({ viewer: null, roster: TEST_ROSTER, userIds: {}, timeZone: 'Europe/Zurich', now: new Date(now) });
const dueBlock = (card: Record<string, unknown>) => (card.body as { items?: { text?: string; color?: string }[]; style?: string }[]).find((b) => b.items?.[0]?.text?.includes('First reply') || b.items?.[0]?.text?.includes('LATE'));

describe('the first-response line on the card', () => {
  const t = ticketFixture({ firstResponseDueAt: '2026-11-25T13:00:00.000Z' });

  it('shows the due time in the business time zone while on time', () => {
    const block = dueBlock(renderTicketCard(t, ctx('2026-11-25T12:00:00Z')))!;
    expect(block.items![0]!.text).toBe('First reply due Wed 25 Nov 14:00 GMT+1');
    expect(block.style).toBe('default');
  });

  it('turns red once the due time has passed', () => {
    const block = dueBlock(renderTicketCard(t, ctx('2026-11-25T13:00:00Z')))!;
    expect(block.items![0]!.text).toBe('⚠ LATE: the first reply was due Wed 25 Nov 14:00 GMT+1');
    expect(block.style).toBe('attention');
    expect(block.items![0]!.color).toBe('Attention');
  });

  it('shows how long the answer took once answered', () => {
    const answered = { ...t, status: 'sent' as const, firstResponseAt: '2026-11-25T14:00:00.000Z', firstResponseBusinessMinutes: 300, sentAt: '2026-11-25T14:00:00.000Z' };
    expect(dueBlock(renderTicketCard(answered, ctx('2026-11-26T12:00:00Z')))!.items![0]!.text).toBe('First reply sent after 300 business min · after the target');
  });
});

describe('service target settings', () => {
  it('names the bad setting with a readable reason', () => {
    expect(() => loadConfig({ SLA_TARGETS: 'billing=4h' })).toThrow(ConfigError);
    expect(() => loadConfig({ SLA_TARGETS: 'billing=4h' })).toThrow(/SLA_TARGETS: "billing" is not a category/);
    expect(() => loadConfig({ BUSINESS_TIMEZONE: 'Mars/Base' })).toThrow(/BUSINESS_TIMEZONE: not an IANA time zone/);
    expect(() => loadConfig({ HOLIDAYS: '2026-02-30' })).toThrow(/HOLIDAYS/);
    expect(loadConfig({ HOLIDAYS: '2026-12-25 2026-12-26', SLA_TARGETS: 'other=2m' })).toMatchObject({ holidays: ['2026-12-25', '2026-12-26'], serviceTargets: { other: 2, 'refund-request': 240 } });
  });
});
