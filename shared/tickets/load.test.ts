import { describe, expect, it } from 'vitest';
import { createTestPipeline, analysisFor } from '../testing/index.js';
import { readLoad, rebuildLoad } from './load.js';
import { processTicket } from './process.js';

describe('routing load under bursts', () => {
  it('ten simultaneous tickets of one category spread over its agents as they would one by one', async () => {
    const p = createTestPipeline();
    p.analyzer.script(async () => {
      await new Promise((r) => setTimeout(r, 5)); // all ten are analysed before any is stored
      return { ...analysisFor('product-question'), confidence: 0.95 };
    });
    const ids = Array.from({ length: 10 }, (_, i) => p.mailbox.deliver({ from: { address: `s${i}@example.test` }, subject: `Frage ${i}`, text: 'Wie geht das?' }));
    await Promise.all(ids.map((messageId, i) => processTicket(p.deps, { messageId }, { invocationId: `inv-${i}` })));
    const perAgent = new Map<string, number>();
    for (const t of p.store.tickets.values()) perAgent.set(t.assignee!.aadObjectId, (perAgent.get(t.assignee!.aadObjectId) ?? 0) + 1);
    // product-question is taken by agent-pq and agent-refund (the test roster): five each.
    expect(perAgent).toEqual(new Map([['agent-pq', 5], ['agent-refund', 5]]));
    expect(await readLoad(p.store)).toEqual(perAgent);
  });

  it('the reconcile rebuilds a counter that drifted (a crash between a ticket write and its count)', async () => {
    const p = createTestPipeline();
    const id = p.mailbox.deliver({ from: { address: 'a@example.test' }, subject: 'x', text: 'Wie geht das?' });
    await processTicket(p.deps, { messageId: id }, { invocationId: 'inv' });
    await p.store.putVersioned('routing-load', { 'agent-pq': 7 }, (await p.store.getVersioned('routing-load'))!.etag);
    expect(await rebuildLoad(p.store)).toEqual(new Map([['agent-pq', 1]]));
    expect(await readLoad(p.store)).toEqual(new Map([['agent-pq', 1]]));
  });
});
