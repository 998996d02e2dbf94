// The ticket card: views by role, no template leftovers, neutralised mail text, size limits.
import * as AC from 'adaptivecards';
import { describe, expect, it } from 'vitest';
import type { Ticket } from '../shared/domain.js';
import type { RosterMember } from '../shared/ports.js';
import { TEST_ROSTER } from '../shared/testing/index.js';
import { AGENT_A, AGENT_B, LEAD, ticketFixture } from '../shared/teams/testing.js';
import { CARD_MAX_BYTES, cardBytes, renderTicketCard } from './cards.js';
import type { AdaptiveCard, CardContext } from './cards.js';

const ctx = (viewer: RosterMember | null, over: Partial<CardContext> = {}): CardContext => ({ viewer, roster: TEST_ROSTER, userIds: {}, ...over });
/** Claimed by `m` (a person holds it). */
const assigned = (m: RosterMember): Partial<Ticket> => ({ status: 'assigned', assignee: { aadObjectId: m.aadObjectId, name: m.name }, draftMessageId: 'AAMkDRAFT1', audit: [{ at: '2026-11-25T09:30:00.000Z', action: 'claimed', by: { aadObjectId: m.aadObjectId, name: m.name } }] });

/** Every object in the card, depth first. */
function walk(node: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) node.forEach((n) => walk(n, out));
  else if (node && typeof node === 'object') {
    out.push(node as Record<string, unknown>);
    Object.values(node).forEach((v) => walk(v, out));
  }
  return out;
}
const executes = (card: AdaptiveCard) => walk(card).filter((n) => n.type === 'Action.Execute' && n !== (card.refresh as Record<string, unknown>)?.action);
const verbs = (card: AdaptiveCard) => executes(card).map((a) => a.verb).sort();
const byId = (card: AdaptiveCard, id: string) => walk(card).find((n) => n.id === id);

/** The official Adaptive Cards parser must accept the card without warnings. */
function parseProblems(card: AdaptiveCard): string[] {
  const c = new AC.AdaptiveCard();
  const sc = new AC.SerializationContext();
  c.parse(card, sc);
  return Array.from({ length: sc.eventCount }, (_, i) => sc.getEventAt(i).message);
}

describe('ticket card views', () => {
  it('the shared card of an open ticket offers Claim and "Show my actions" but no editor', () => {
    const card = renderTicketCard(ticketFixture({ draftMessageId: 'AAMkDRAFT1' }), ctx(null));
    expect(card.version).toBe('1.5');
    expect(verbs(card)).toEqual(['claim', 'refresh']);
    expect(byId(card, 'draft')).toBeUndefined();
    expect(parseProblems(card)).toEqual([]);
  });

  it('the assignee sees the draft editor (input id "draft") with Approve, Save draft, Release, Category and Resolve', () => {
    const t = ticketFixture(assigned(AGENT_A));
    const card = renderTicketCard(t, ctx(AGENT_A));
    expect(verbs(card)).toEqual(['approve', 'recategorize', 'release', 'resolve', 'saveDraft']);
    expect(byId(card, 'category')).toMatchObject({ type: 'Input.ChoiceSet', value: t.category });
    expect((byId(card, 'reason') as { choices: { value: string }[] }).choices.map((c) => c.value)).toEqual(['no-reply-needed', 'spam', 'duplicate']);
    expect(byId(card, 'draft')).toMatchObject({ type: 'Input.Text', isMultiline: true, value: t.draft });
    expect(parseProblems(card)).toEqual([]);
  });

  it('a lead sees Reassign with a choice set (id "assignee") of the roster agents', () => {
    const card = renderTicketCard(ticketFixture(assigned(AGENT_A)), ctx(LEAD));
    expect(verbs(card)).toEqual(['approve', 'claim', 'reassign', 'recategorize', 'release', 'resolve', 'saveDraft']);
    const choices = byId(card, 'assignee') as { type: string; choices: { value: string }[] };
    expect(choices.type).toBe('Input.ChoiceSet');
    expect(choices.choices.map((c) => c.value)).toEqual(TEST_ROSTER.filter((m) => m.role === 'agent').map((m) => m.aadObjectId));
    expect(parseProblems(card)).toEqual([]);
  });

  it('an answered ticket shows who replied from Outlook and how much of the AI draft was kept, its corrections, and offers Reopen', () => {
    const t = ticketFixture({
      ...assigned(AGENT_A),
      status: 'sent',
      sentAt: '2026-11-25T10:00:00.000Z',
      repliedVia: 'outlook',
      draftUse: 'edited',
      audit: [{ at: '2026-11-25T10:00:00.000Z', action: 'sent', by: { aadObjectId: AGENT_A.aadObjectId, name: AGENT_A.name } }],
      corrections: [{ field: 'category', from: 'refund-request', to: 'bug-report', by: { aadObjectId: AGENT_A.aadObjectId, name: AGENT_A.name }, via: 'outlook', at: '2026-11-25T09:30:00.000Z' }],
    });
    const card = renderTicketCard(t, ctx(AGENT_B));
    const text = JSON.stringify(card);
    expect(text).toContain(`Sent from Outlook by ${AGENT_A.name} · the AI draft, edited`);
    expect(text).toContain(`Category corrected Refund request → Bug report by ${AGENT_A.name} in Outlook`);
    expect(verbs(card)).toEqual(['reopen']);
    expect(verbs(renderTicketCard(t, ctx(AGENT_A)))).toEqual(['recategorize', 'reopen', 'resolve']);
    expect(verbs(renderTicketCard(t, ctx(null)))).toEqual(['reopen']);
    expect(parseProblems(card)).toEqual([]);
  });

  it('after a reply from Outlook (Send As: nobody known) the draft reads as the AI draft, not as a missing one, and the history names no empty person', () => {
    const sent = { status: 'sent' as const, sentAt: '2026-11-25T10:00:00.000Z', repliedVia: 'outlook' as const, draftMessageId: null, sentMessageId: 'AAMkSENT1' };
    const audit = [{ at: '2026-11-25T10:00:00.000Z', action: 'sent' as const, detail: 'from Outlook: an own reply' }];
    const own = JSON.stringify(renderTicketCard(ticketFixture({ ...sent, draftUse: 'none', audit }), ctx(null)));
    expect(own).toContain('AI draft · ');
    expect(own).toContain('The reply was written in Outlook (it is in Sent Items)');
    expect(own).not.toContain('No reply draft in Outlook yet');
    expect(own).toContain('Sent — from Outlook: an own reply');
    expect(own).not.toContain('Sent by —');
    const asIs = JSON.stringify(renderTicketCard(ticketFixture({ ...sent, draftUse: 'unchanged', audit }), ctx(null)));
    expect(asIs).toContain('Sent from Outlook as it is.');
    const resolved = JSON.stringify(renderTicketCard(ticketFixture({ status: 'resolved', draftMessageId: null, resolution: { reason: 'spam', by: null, via: 'outlook', at: '2026-11-25T10:00:00.000Z' } }), ctx(null)));
    expect(resolved).toContain('Resolved without a reply; the AI draft was removed from Drafts.');
  });

  it('another agent sees no buttons on a ticket someone owns; an outsider sees none at all', () => {
    expect(verbs(renderTicketCard(ticketFixture(assigned(AGENT_A)), ctx(AGENT_B)))).toEqual([]);
    expect(verbs(renderTicketCard(ticketFixture({ draftMessageId: 'AAMkDRAFT1' }), ctx(null)))).toContain('claim'); // shared card
    const outsiderView = renderTicketCard(ticketFixture(assigned(AGENT_A)), { ...ctx(null), viewer: null });
    expect(verbs(outsiderView)).toEqual(['refresh']);
  });

  it('a ticket only routed to an agent (nobody claimed it) still offers Claim on the shared card; a claimed one does not', () => {
    const routed = ticketFixture({ status: 'assigned', assignee: { aadObjectId: AGENT_A.aadObjectId, name: AGENT_A.name }, draftMessageId: 'AAMkDRAFT1' });
    expect(verbs(renderTicketCard(routed, ctx(null)))).toEqual(['claim', 'refresh']);
    expect(verbs(renderTicketCard(ticketFixture(assigned(AGENT_A)), ctx(null)))).toEqual(['refresh']);
  });

  it('every Execute action carries data.ticketId', () => {
    for (const viewer of [null, AGENT_A, LEAD]) {
      const card = renderTicketCard(ticketFixture({ ...assigned(AGENT_A), id: 'T-42' }), ctx(viewer));
      for (const a of [...executes(card), (card.refresh as { action: Record<string, unknown> }).action]) expect(a.data).toEqual({ ticketId: 'T-42' });
    }
  });

  it('refresh lists at most 60 known Teams user ids: the assignee and leads first', () => {
    const big: RosterMember[] = [LEAD, ...Array.from({ length: 99 }, (_, i) => ({ ...AGENT_B, aadObjectId: `agent-${i}`, name: `Agent ${i}` })), AGENT_A];
    const userIds = Object.fromEntries(big.map((m) => [m.aadObjectId, `29:${m.aadObjectId}`]));
    const card = renderTicketCard(ticketFixture(assigned(AGENT_A)), { viewer: null, roster: big, userIds });
    const ids = (card.refresh as { userIds: string[] }).userIds;
    expect(ids).toHaveLength(60);
    expect(ids.slice(0, 2)).toEqual([`29:${AGENT_A.aadObjectId}`, `29:${LEAD.aadObjectId}`]);
    expect(card.refresh).toMatchObject({ action: { type: 'Action.Execute', verb: 'refresh' } });
  });

  it('without known Teams user ids, refresh leaves userIds out (Teams then refreshes small teams for everyone)', () => {
    const card = renderTicketCard(ticketFixture(), ctx(null));
    expect(card.refresh).not.toHaveProperty('userIds');
  });

  it('a send failure shows the reason and a Retry send button on the shared card', () => {
    const card = renderTicketCard(ticketFixture({ ...assigned(AGENT_A), status: 'send-failed', lastError: 'Sending failed: graph: 403 ErrorAccessDenied.' }), ctx(null));
    const json = JSON.stringify(card);
    expect(json).toContain('403 ErrorAccessDenied');
    expect(executes(card).find((a) => a.verb === 'approve')).toMatchObject({ title: 'Retry send' });
  });

  it('a follow-up shows how many messages the customer sent', () => {
    expect(JSON.stringify(renderTicketCard(ticketFixture({ messageCount: 3 }), ctx(null)))).toContain('3 messages from the customer');
  });

  it('shows the audit trail with who and when', () => {
    const t = ticketFixture({ audit: [{ at: '2026-11-25T10:00:00.000Z', action: 'claimed', by: { aadObjectId: 'a', name: 'Jan de Vries' } }, { at: '2026-11-25T10:05:00.000Z', action: 'sent', by: { aadObjectId: 'a', name: 'Jan de Vries' } }] });
    const json = JSON.stringify(renderTicketCard(t, ctx(null)));
    expect(json).toContain('2026-11-25 10:00 UTC · Claimed by Jan de Vries');
    expect(json).toContain('2026-11-25 10:05 UTC · Sent by Jan de Vries');
  });
});

describe('ticket card content', () => {
  it('missing fields never leave a literal ${…} in the card', () => {
    const bare = ticketFixture({ from: { address: 'x@example.com' }, subject: '', summary: '', translatedSubject: '', translatedBody: '', latestText: '', draft: '', language: 'und', suggestedAssignee: null, enrichment: null, audit: [], draftMessageId: null, receivedAt: '' });
    for (const viewer of [null, AGENT_A, LEAD]) {
      const card = renderTicketCard(bare, ctx(viewer));
      expect(JSON.stringify(card)).not.toContain('${');
      expect(parseProblems(card)).toEqual([]);
    }
  });

  it('customer facts, recent errors with links and the recordings link are shown', () => {
    const t = ticketFixture({
      enrichment: {
        email: 'jana.muster@example.ch',
        account: { plan: 'premium', signupDate: '2025-09-01T00:00:00Z', status: 'active' },
        errors: [{ title: 'TypeError: quiz is undefined', count: 12, lastSeen: '2026-11-25T08:00:00Z', link: 'https://sentry.io/organizations/studyflash/issues/1/' }],
        recordings: { count: 2, links: ['https://eu.posthog.com/replay/abc'] },
        sources: { account: { status: 'ok' }, sentry: { status: 'ok' }, posthog: { status: 'failed', detail: 'timeout' } },
      },
    });
    const json = JSON.stringify(renderTicketCard(t, ctx(null)));
    expect(json).toContain('"title":"Plan","value":"premium"');
    expect(json).toContain('"title":"Signed up","value":"2025-09-01"');
    expect(json).toContain('[TypeError: quiz is undefined](https://sentry.io/organizations/studyflash/issues/1/) — 12×');
    expect(json).toContain('[2 session recordings](https://eu.posthog.com/replay/abc)');
    expect(json).toContain('posthog: unavailable (timeout)');
  });

  it('links, markdown and template expressions from a mail are neutralised', () => {
    const evil = 'Click [here](https://evil.example/pay) or www.evil.example **now** ${$root.ticketId} <at>Lena</at>';
    const t = ticketFixture({ subject: evil, summary: evil, translatedBody: evil, latestText: evil, from: { name: '[Support](https://evil.example)', address: 'a@example.com' }, enrichment: { email: 'a@example.com', errors: [{ title: evil, count: 1, lastSeen: '', link: 'javascript:alert(1)' }], sources: { account: { status: 'ok' }, sentry: { status: 'ok' }, posthog: { status: 'ok' } } } });
    const card = renderTicketCard(t, ctx(null));
    const json = JSON.stringify(card);
    expect(json).not.toContain('https://evil');
    expect(json).not.toContain('](http');
    expect(json).not.toContain('www.evil');
    expect(json).not.toContain('${');
    expect(json).not.toContain('javascript:');
    // markdown is only rendered in TextBlocks and FactSets: there it must arrive escaped
    const markdownTexts = walk(card).flatMap((n) => (n.type === 'TextBlock' ? [String(n.text)] : n.type === 'FactSet' ? (n.facts as { value: string }[]).map((f) => f.value) : []));
    expect(markdownTexts.filter((x) => x.includes('now'))).not.toHaveLength(0);
    for (const x of markdownTexts) expect(x).not.toMatch(/(?<!\\)(\*\*|\[|<at>)/);
  });

  it('very long mails and drafts are cut so the card stays under 25 KB, with a note', () => {
    const long = 'Lorem ipsum dolor sit amet, äöü 😀 '.repeat(8000); // ~280 KB
    const t = ticketFixture({ ...assigned(AGENT_A), translatedBody: long, latestText: long, summary: long, subject: long, draft: long, audit: Array.from({ length: 200 }, (_, i) => ({ at: '2026-11-25T10:00:00.000Z', action: 'draft-saved' as const, by: { aadObjectId: 'a', name: `Agent ${i}` } })) });
    for (const viewer of [null, AGENT_A, LEAD]) {
      const card = renderTicketCard(t, ctx(viewer));
      expect(cardBytes(card)).toBeLessThanOrEqual(CARD_MAX_BYTES);
      expect(JSON.stringify(card)).toContain('Shortened for Teams');
    }
    // the draft is too long to edit safely on the card: no editor (a cut text must never overwrite Outlook's)
    const mine = renderTicketCard(t, ctx(AGENT_A));
    expect(byId(mine, 'draft')).toBeUndefined();
    expect(JSON.stringify(mine)).toContain('too long to edit on the card');
    expect(verbs(mine)).toContain('approve');
  });

  it('a typical ticket card is small', () => {
    const bytes = cardBytes(renderTicketCard(ticketFixture(assigned(AGENT_A)), ctx(LEAD)));
    expect(bytes).toBeLessThan(10_000);
  });
});

describe('ticket card: why a human must look', () => {
  const texts = (card: AdaptiveCard) => walk(card).filter((n) => n.type === 'TextBlock').map((n) => String(n.text));

  it('shows the triage reasons of a held ticket', () => {
    const card = renderTicketCard(ticketFixture({ needsTriage: true, triageReasons: ['the mail contains instructions aimed at the AI', 'confidence 0.62 below 0.75'] }), ctx(null));
    expect(texts(card).join('\n')).toContain('Needs a human look: the mail contains instructions aimed at the AI · confidence 0.62 below 0.75');
    expect(parseProblems(card)).toEqual([]);
  });

  it('shows no reasons block on an auto-routed ticket or one stored before reasons existed', () => {
    for (const t of [ticketFixture({ needsTriage: false, triageReasons: [] }), ticketFixture({ needsTriage: true })]) {
      expect(texts(renderTicketCard(t, ctx(null))).join('\n')).not.toContain('Needs a human look');
    }
  });
});
