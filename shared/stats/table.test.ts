// The stats rows on Azurite: one partition per local day, and the day's rollup that answers a
// settled day with one small query.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type Azurite } from '../../dev/support/azurite.js';
import { TableStatsIndex } from './store.js';
import type { StatsRow } from './row.js';

const row = (id: string, day: string, over: Partial<StatsRow> = {}): StatsRow => ({
  id, day, createdAt: `${day}T09:00:00.000Z`, status: 'open', category: 'bug-report', aiCategory: 'bug-report', language: 'de',
  needsTriage: false, routed: true, corrected: false, reassigned: false, firstResponseBusinessMinutes: null, withinTarget: null, draftUse: null, resolvedWithoutReply: false, ...over,
});

describe('TableStatsIndex on Azurite', () => {
  let az: Azurite;
  beforeAll(async () => {
    az = await startAzurite();
  }, 60_000);
  afterAll(async () => {
    await az?.stop();
  });

  it('reads a settled day from its rollup in one request and rebuilds it after a change', async () => {
    const index = new TableStatsIndex(az.connectionString, `Stats${Date.now().toString(36)}`);
    const rows = Array.from({ length: 30 }, (_, i) => row(`T-${i}/x`, '2026-12-01', i % 3 === 0 ? { firstResponseBusinessMinutes: 12.5, withinTarget: true, draftUse: 'edited', status: 'sent', reassigned: true } : {}));
    for (const r of rows) await index.put(r);
    await index.put(row('T-other-day', '2026-12-02'));

    const first = await index.days(['2026-12-01']);
    expect(first.sort((a, b) => a.id.localeCompare(b.id))).toEqual([...rows].sort((a, b) => a.id.localeCompare(b.id)));

    const before = index.requests.reads;
    const again = await index.days(['2026-12-01']);
    expect(index.requests.reads - before).toBe(1);
    expect(again.sort((a, b) => a.id.localeCompare(b.id))).toEqual(first);

    await index.put({ ...rows[1]!, status: 'resolved', resolvedWithoutReply: true });
    const changed = await index.days(['2026-12-01']);
    expect(changed.find((r) => r.id === rows[1]!.id)).toMatchObject({ status: 'resolved', resolvedWithoutReply: true });
    expect(changed).toHaveLength(30);
    expect((await index.days(['2026-12-02', '2026-12-03'])).map((r) => r.id)).toEqual(['T-other-day']);
  }, 60_000);
});
