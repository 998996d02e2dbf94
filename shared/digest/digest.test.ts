import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { playStory, TEST_CLOCK, wrappedStore } from '../stats/testing.js';
import { RecordingTicketCards } from '../tickets/cards.js';
import { silentLogger } from '../testing/index.js';
import { AppError } from '../errors.js';
import { CHART_MAX_BYTES, DIGEST_MAX_BYTES } from './card.js';
import { digestData, postDailyDigest, postDigestNow, type DigestDeps } from './digest.js';

const A = { aadObjectId: 'agent-a', name: 'Anna' };
// Friday 2026-12-04 09:00 in Zurich (08:00Z).
const NOW = new Date('2026-12-04T08:00:00Z');

async function history(openTickets = 3) {
  const w = wrappedStore();
  // Yesterday (Thu 3 Dec): two tickets answered after 30 and 90 business minutes.
  await playStory(w.store, { id: 'Y1', receivedAt: '2026-12-03T08:00:00Z', category: 'bug-report', language: 'de', routedTo: A, reply: { via: 'card', by: A, at: '2026-12-03T08:30:00Z', draftUse: 'unchanged' } });
  await playStory(w.store, { id: 'Y2', receivedAt: '2026-12-03T09:00:00Z', category: 'refund-request', language: 'fr', routedTo: A, reply: { via: 'outlook', by: A, at: '2026-12-03T10:30:00Z', draftUse: 'edited' } });
  // Monday: one answered ticket (in the 7 days, not yesterday).
  await playStory(w.store, { id: 'M1', receivedAt: '2026-11-30T08:00:00Z', category: 'other', language: 'en', routedTo: A, reply: { via: 'card', by: A, at: '2026-11-30T09:00:00Z', draftUse: 'rewritten' } });
  // Open work: the oldest is unclaimed and late, then assigned and late, then unclaimed not late.
  await playStory(w.store, { id: 'O-late-unclaimed', receivedAt: '2026-12-01T08:00:00Z', category: 'refund-request', language: 'de' });
  await playStory(w.store, { id: 'O-late-assigned', receivedAt: '2026-12-02T08:00:00Z', category: 'bug-report', language: 'en', routedTo: A });
  for (let i = 0; i < openTickets - 2; i++) {
    await playStory(w.store, { id: `O-new-${String(i).padStart(2, '0')}`, receivedAt: new Date(Date.parse('2026-12-04T07:00:00Z') + i * 60_000).toISOString(), category: 'product-question', language: 'it' });
  }
  const cards = new RecordingTicketCards('19:support@thread.tacv2');
  const deps = (now = NOW, over: Partial<DigestDeps> = {}): DigestDeps => ({ store: w.store, statsIndex: w.index, cards, clock: TEST_CLOCK, log: silentLogger, digestTime: '08:30', now: () => now, ...over });
  return { ...w, cards, deps };
}

describe('the daily digest', () => {
  it('holds the open queue, what needs attention oldest first, and the figures of yesterday and the week', async () => {
    const { store, index } = await history();
    const d = await digestData({ store, statsIndex: index, clock: TEST_CLOCK }, NOW);
    expect(d.date).toBe('2026-12-04');
    expect(d.open).toEqual({ total: 3, byStatus: { open: 2, assigned: 1 }, byCategory: { 'refund-request': 1, 'bug-report': 1, 'product-question': 1 }, byLanguage: { de: 1, en: 1, it: 1 } });
    expect(d.attention.map((a) => [a.id, a.late, a.unclaimed])).toEqual([['O-late-unclaimed', true, true], ['O-late-assigned', true, false], ['O-new-00', false, true]]);
    expect(d.yesterday).toMatchObject({ from: '2026-12-03', tickets: 2, firstResponseBusinessMinutes: { p50: 30, p90: 90 } });
    expect(d.lastWeek).toMatchObject({ from: '2026-11-27', to: '2026-12-03', tickets: 5, firstResponseBusinessMinutes: { answered: 3 } });
    expect(d.chart).toHaveLength(14);
    expect(d.chart.at(-1)).toEqual({ day: '2026-12-03', byCategory: { 'bug-report': 1, 'refund-request': 1, 'product-question': 0, other: 0 }, firstResponseP50: 30 });
  });

  it('posts one full-width card with links to the cards, under the size limit, with the chart as a PNG', async () => {
    const { cards, deps } = await history(30);
    const r = await postDigestNow(deps());
    expect(r.ref).not.toBeNull();
    const card = cards.channelPosts[0]! as { version: string; msteams: unknown; body: { type: string; text?: string; url?: string }[] };
    expect(card.version).toBe('1.5');
    expect(card.msteams).toEqual({ width: 'Full' });
    const text = JSON.stringify(card.body.filter((b) => b.type !== 'Image'));
    expect(text).toContain('Support digest · Friday 4 December');
    expect(text).toContain('30 open tickets');
    expect(text).toContain('https://teams.microsoft.com/l/message/chan/O-late-unclaimed?parentMessageId=O-late-unclaimed');
    expect(text).toContain('…and 20 more.');
    expect((text.match(/🔴 Late|🟡 Unclaimed/g) ?? []).length).toBe(10);
    expect(text).toContain('Times in Europe/Zurich');
    expect(r.bytes).toBeLessThanOrEqual(DIGEST_MAX_BYTES);
    const image = card.body.find((b) => b.type === 'Image')!;
    const png = Buffer.from(image.url!.replace(/^data:image\/png;base64,/, ''), 'base64');
    expect(png.length).toBe(r.chartBytes);
    expect(png.length).toBeLessThanOrEqual(CHART_MAX_BYTES);
    const decoded = PNG.sync.read(png);
    expect(decoded.width).toBeLessThanOrEqual(1024);
    expect(decoded.height).toBeGreaterThan(100);
    // the chart is not blank: several distinct colours were drawn
    const colours = new Set<number>();
    for (let i = 0; i < decoded.data.length; i += 4 * 97) colours.add(decoded.data.readUInt32BE(i));
    expect(colours.size).toBeGreaterThan(4);
  }, 30_000);

  it('posts the scheduled digest once per working day, only after the configured time', async () => {
    const { cards, deps } = await history();
    expect(await postDailyDigest(deps(new Date('2026-12-04T07:00:00Z')))).toBe('not-due'); // 08:00 local
    const runs = await Promise.all(Array.from({ length: 4 }, () => postDailyDigest(deps(new Date('2026-12-04T07:45:00Z')))));
    expect(runs.filter((r) => r === 'posted')).toHaveLength(1);
    expect(await postDailyDigest(deps(new Date('2026-12-04T15:00:00Z')))).toBe('already');
    expect(await postDailyDigest(deps(new Date('2026-12-05T09:00:00Z')))).toBe('not-due'); // Saturday
    expect(await postDailyDigest(deps(new Date('2026-12-04T09:00:00Z'), { digestTime: 'off' }))).toBe('not-due');
    expect(cards.channelPosts).toHaveLength(1);
  }, 30_000);

  it('tries again on the next run when the digest could not be built or Teams refused it', async () => {
    const { cards, deps, index } = await history();
    const at = new Date('2026-12-04T08:00:00Z');
    const broken = { ...index, requests: index.requests, put: index.put.bind(index), days: async () => { throw new Error('storage unavailable'); } };
    expect(await postDailyDigest(deps(at, { statsIndex: broken }))).toBe('failed');
    const refusing = { ...cards, publish: cards.publish.bind(cards), replyInThread: cards.replyInThread.bind(cards), postToChannel: async () => { throw new AppError('throttled', 'teams: 429', { status: 429 }); } };
    expect(await postDailyDigest(deps(at, { cards: refusing }))).toBe('failed');
    expect(await postDailyDigest(deps(at))).toBe('posted');
    expect(cards.channelPosts).toHaveLength(1);
  }, 30_000);

  it('says why there is no chart when the last 14 days had no tickets', async () => {
    const w = wrappedStore();
    const cards = new RecordingTicketCards();
    await postDigestNow({ store: w.store, statsIndex: w.index, cards, clock: TEST_CLOCK, log: silentLogger, digestTime: '08:30', now: () => NOW });
    const body = (cards.channelPosts[0] as { body: { type: string; text?: string }[] }).body;
    expect(body.some((b) => b.type === 'Image')).toBe(false);
    expect(body.at(-1)!.text).toBe('No new tickets in the 14 days before today, so no chart yet.');
    expect(JSON.stringify(body)).toContain('Nothing is unclaimed or late.');
  });
});
