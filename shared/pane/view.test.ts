// The pane's view of a ticket: the card's authorisation decides the actions; lifecycle fields that
// newer tickets carry (resolution, corrections, how the reply went out) show when present and
// never break an older or odd ticket.
import { describe, expect, it } from 'vitest';
import type { Ticket } from '../domain.js';
import { AGENT_A, AGENT_B, LEAD, ticketFixture } from '../teams/testing.js';
import { paneActions, paneTicket, viewerOf } from './view.js';

const claimed = (): Ticket => ticketFixture({
  status: 'assigned', assignee: { aadObjectId: AGENT_A.aadObjectId, name: AGENT_A.name }, draftMessageId: 'AAMkDRAFT',
  audit: [{ at: '2026-11-25T09:00:00.000Z', action: 'claimed', by: { aadObjectId: AGENT_A.aadObjectId, name: AGENT_A.name } }],
});

describe('pane actions', () => {
  it('offers an agent Claim on an open ticket, and the owner Release and Send', () => {
    expect(paneActions(AGENT_A, ticketFixture({ status: 'open', draftMessageId: 'AAMkDRAFT' })).map((a) => a.verb)).toEqual(['claim']);
    expect(paneActions(AGENT_A, claimed()).map((a) => a.verb)).toEqual(['release', 'recategorize', 'resolve', 'approve']);
  });

  it('offers another agent nothing on a ticket someone holds, a lead what the card allows a lead', () => {
    expect(paneActions(AGENT_B, claimed())).toEqual([]);
    expect(paneActions(LEAD, claimed()).map((a) => a.verb)).toEqual(['claim', 'release', 'recategorize', 'resolve', 'approve']);
  });

  it('offers nothing to someone off the roster (the read-only view) or on a ticket being sent', () => {
    expect(paneActions(null, ticketFixture({ status: 'open' }))).toEqual([]);
    expect(paneActions(AGENT_A, { ...claimed(), status: 'sending' })).toEqual([]);
    expect(viewerOf(null, 'Max Extern')).toEqual({ name: 'Max Extern', onRoster: false, role: null });
  });
});

describe('pane ticket', () => {
  it('shows the customer facts with the store the customer bought through', () => {
    const t = paneTicket(ticketFixture({ enrichment: { email: 'x@example.ch', account: { plan: 'premium-yearly', status: 'active', platform: 'android', renewalDate: '2027-01-01' }, sources: { account: { status: 'ok' }, sentry: { status: 'skipped' }, posthog: { status: 'skipped' } } } }));
    expect(t.customer).toMatchObject({ plan: 'premium-yearly', accountState: 'active', store: 'Google Play (android)', renewalDate: '2027-01-01', errors: [], recordings: { count: 0, links: [] } });
  });

  it('shows resolution, corrections and how the reply went out when the ticket has them', () => {
    const withLifecycle = {
      ...ticketFixture(), status: 'resolved', repliedVia: 'outlook', draftUse: 'edited',
      resolution: { reason: 'Customer solved it', by: { aadObjectId: LEAD.aadObjectId, name: LEAD.name }, via: 'teams', at: '2026-11-26T10:00:00Z' },
      corrections: [{ field: 'category', from: 'bug-report', to: 'product-question', by: { aadObjectId: LEAD.aadObjectId, name: LEAD.name }, via: 'outlook', at: '2026-11-26T09:00:00Z' }],
    } as unknown as Ticket;
    const t = paneTicket(withLifecycle);
    expect(t.status).toBe('resolved');
    expect(t.resolution).toEqual({ reason: 'Customer solved it', by: LEAD.name, via: 'teams', at: '2026-11-26T10:00:00Z' });
    expect(t.corrections).toEqual([{ field: 'category', from: 'bug-report', to: 'product-question', by: LEAD.name, via: 'outlook', at: '2026-11-26T09:00:00Z' }]);
    expect([t.repliedVia, t.draftUse]).toEqual(['outlook', 'edited']);
  });

  it('shows none of them for a ticket stored before they existed, or with malformed ones', () => {
    expect(paneTicket(ticketFixture())).toMatchObject({ resolution: null, corrections: [], repliedVia: null, draftUse: null });
    const odd = { ...ticketFixture(), resolution: 'yes', corrections: 'many', repliedVia: 42 } as unknown as Ticket;
    expect(paneTicket(odd)).toMatchObject({ resolution: null, corrections: [], repliedVia: null });
  });
});
