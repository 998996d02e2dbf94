// Group commit of the webhook's queue writes: a lone item is written as itself, items arriving
// during a write share the next one, every caller learns when (and whether) its items were written.
import { describe, expect, it } from 'vitest';
import type { QueueMessage } from '../ports.js';
import { CoalescingWorkQueue, MAX_BATCH, type QueueBatch } from './coalesce.js';

function gatedSink() {
  const written: (QueueMessage | QueueBatch)[] = [];
  const gates: { open: () => void; fail: (e: Error) => void }[] = [];
  return {
    written,
    gates,
    send: (m: QueueMessage | QueueBatch) =>
      new Promise<void>((resolve, reject) => {
        gates.push({
          open: () => {
            written.push(m);
            resolve();
          },
          fail: reject,
        });
      }),
  };
}

const tick = () => new Promise((r) => setImmediate(r));
const msg = (id: string): QueueMessage => ({ messageId: id, source: 'notification' });

describe('CoalescingWorkQueue', () => {
  it('writes a lone item as a plain message and the items that arrive meanwhile as one batch', async () => {
    const sink = gatedSink();
    const q = new CoalescingWorkQueue(sink);
    const first = q.enqueueMany([msg('a')]);
    await tick();
    const later = [q.enqueue(msg('b')), q.enqueueMany([msg('c'), msg('d')])];
    expect(sink.gates).toHaveLength(1);
    sink.gates[0]!.open();
    await first;
    await tick();
    expect(sink.gates).toHaveLength(2);
    sink.gates[1]!.open();
    await Promise.all(later);
    expect(sink.written).toEqual([msg('a'), { batch: [msg('b'), msg('c'), msg('d')] }]);
  });

  it('fails only the callers whose write failed, and keeps writing for the others', async () => {
    const sink = gatedSink();
    const q = new CoalescingWorkQueue(sink);
    const first = q.enqueue(msg('a'));
    await tick();
    const second = q.enqueue(msg('b'));
    sink.gates[0]!.fail(new Error('storage down'));
    await expect(first).rejects.toThrow('storage down');
    await tick();
    sink.gates[1]!.open();
    await expect(second).resolves.toBeUndefined();
    expect(sink.written).toEqual([msg('b')]);
  });

  it(`splits more than ${MAX_BATCH} waiting items into several batch messages`, async () => {
    const sink = gatedSink();
    const q = new CoalescingWorkQueue(sink);
    const first = q.enqueue(msg('first'));
    await tick();
    const many = q.enqueueMany(Array.from({ length: MAX_BATCH + 5 }, (_, i) => msg(`m${i}`)));
    sink.gates[0]!.open();
    await first;
    for (let i = 1; i <= 2; i++) {
      await tick();
      sink.gates[i]!.open();
    }
    await many;
    expect(sink.written.slice(1).map((m) => ('batch' in m ? m.batch.length : 1))).toEqual([MAX_BATCH, 5]);
  });
});
