// The shared Graph gate against real Blob Storage semantics (Azurite): several gates — as several
// instances of the app would each have one — never run more calls at once than the mailbox's
// slots, a crashed holder's slot comes back when its lease runs out, and a slot is freed on error.
import { randomUUID } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type Azurite } from '../../dev/support/azurite.js';
import { SharedGate } from './shared-gate.js';
import { createGraphGate } from './index.js';
import { Semaphore } from './limit.js';

describe('shared Graph gate (blob-lease slots)', () => {
  let az: Azurite;
  beforeAll(async () => {
    az = await startAzurite();
  });
  afterAll(async () => {
    await az?.stop();
  });

  const gate = (mailbox: string, slots = 4) => new SharedGate({ connection: az.connectionString, mailbox, slots, minPollMs: 5, maxPollMs: 50 });

  it('two instances together never run more calls at once than the slots, and every call runs', async () => {
    const mailbox = `${randomUUID()}@example.test`;
    const instances = [gate(mailbox), gate(mailbox)];
    let active = 0;
    let peak = 0;
    let done = 0;
    const call = async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 15));
      active--;
      done++;
    };
    await Promise.all(instances.flatMap((g) => Array.from({ length: 24 }, () => g.run(call))));
    await Promise.all(instances.map((g) => g.drain()));
    expect(done).toBe(48);
    expect(peak).toBeLessThanOrEqual(4);
    expect(peak).toBeGreaterThan(1);
    const stats = instances.map((g) => g.stats());
    expect(stats.map((s) => s.runs)).toEqual([24, 24]);
    expect(stats.every((s) => s.held === 0)).toBe(true);
    // Both instances had slots at some point: the gate is shared, not owned by the first.
    expect(stats.every((s) => s.peakHeld >= 1)).toBe(true);
    // Each run ends in a release or hands its slot to the next waiting call of its instance.
    expect(stats.reduce((n, s) => n + s.releaseCalls + s.handOffs, 0)).toBe(48);
    expect(stats.reduce((n, s) => n + s.acquireCalls - s.acquireConflicts, 0)).toBe(stats.reduce((n, s) => n + s.releaseCalls, 0));
  });

  it('GRAPH_GATE chooses the gate: storage shares it between instances, process keeps it in memory', () => {
    const base = { storageConnection: az.connectionString, supportMailbox: 'support@example.test' };
    expect(createGraphGate({ ...base, graphGate: 'storage' }, 4)).toBeInstanceOf(SharedGate);
    expect(createGraphGate({ ...base, graphGate: 'process' }, 4)).toBeInstanceOf(Semaphore);
  });

  it('a different mailbox has its own slots', async () => {
    const a = gate(`${randomUUID()}@example.test`, 1);
    const b = gate(`${randomUUID()}@example.test`, 1);
    let release!: () => void;
    let held!: () => void;
    const holds = new Promise<void>((r) => (held = r));
    const holding = a.run(() => new Promise<void>((r) => { release = r; held(); }));
    await holds; // a really holds its mailbox's only slot before b asks for one
    await expect(b.run(async () => 'ran')).resolves.toBe('ran');
    release();
    await holding;
  });

  it('a failing call gives its slot back', async () => {
    const g = gate(`${randomUUID()}@example.test`, 1);
    await expect(g.run(async () => Promise.reject(new Error('graph said no')))).rejects.toThrow('graph said no');
    await expect(g.run(async () => 'next')).resolves.toBe('next');
    await g.drain();
    expect(g.stats().held).toBe(0);
  });

  it("a crashed holder's slot is free again once its lease runs out", async () => {
    const mailbox = `${randomUUID()}@example.test`;
    const g = gate(mailbox, 1);
    await g.run(async () => undefined); // creates the slot blob
    // Another instance takes the only slot and dies holding it: nobody releases the lease.
    const container = BlobServiceClient.fromConnectionString(az.connectionString).getContainerClient('graph-gate');
    const names: string[] = [];
    for await (const b of container.listBlobsFlat()) names.push(b.name);
    const mine = names.filter((n) => n.endsWith('/slot-0'));
    expect(mine.length).toBeGreaterThan(0);
    const crashed = await Promise.all(mine.map((n) => container.getBlockBlobClient(n).getBlobLeaseClient().acquireLease(15).catch(() => null)));
    expect(crashed.some((c) => c !== null)).toBe(true);
    const result = await g.run(async () => 'ran after the lease expired');
    expect(result).toBe('ran after the lease expired');
    expect(g.stats().acquireConflicts).toBeGreaterThan(0);
  }, 40_000);
});
