// The Azure Tables ticket store and the storage queues against Azurite.
import { QueueClient } from '@azure/storage-queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type Azurite } from '../../dev/support/azurite.js';
import type { Ticket } from '../domain.js';
import { ConcurrencyError } from '../ports.js';
import { decodeQueueMessage, StorageWorkQueue } from './queue.js';
import { MAX_TEXT, TableTicketStore } from './tables.js';
import { ticketFixture } from '../teams/testing.js';

function ticket(id: string, extra: Partial<Ticket> = {}): Ticket {
  const now = new Date().toISOString();
  return ticketFixture({ id, messageId: `msg-${id}`, messageIds: [`msg-${id}`], conversationId: `conv-${id}`, receivedAt: now, createdAt: now, updatedAt: now, ...extra });
}

describe('TableTicketStore on Azurite', () => {
  let az: Azurite;
  let store: TableTicketStore;
  let seq = 0;
  const prefix = () => `T${process.pid}x${++seq}`;

  beforeAll(async () => {
    az = await startAzurite();
    store = new TableTicketStore(az.connectionString, prefix());
  });
  afterAll(async () => {
    await az?.stop();
  });

  it('creates a ticket and reads it back with an etag', async () => {
    const created = await store.create(ticket('T-a'));
    expect(created.etag).toMatch(/^W\/"/);
    const read = await store.get('T-a');
    expect(read).toEqual(created);
  });

  it('refuses a second ticket with the same id (ConcurrencyError)', async () => {
    await store.create(ticket('T-dup'));
    await expect(store.create(ticket('T-dup'))).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('an update with a stale etag fails with ConcurrencyError and changes nothing', async () => {
    const t = await store.create(ticket('T-race'));
    const agentA = await store.update({ ...t, status: 'assigned', assignee: { aadObjectId: 'a', name: 'A' } });
    await expect(store.update({ ...t, assignee: { aadObjectId: 'b', name: 'B' } })).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await store.get('T-race'))?.assignee?.aadObjectId).toBe('a');
    expect(agentA.etag).not.toBe(t.etag);
  });

  it('stores a ticket with very long texts by trimming them and splitting the document', async () => {
    const long = 'ä'.repeat(200_000);
    const t = await store.create(ticket('T-big', { latestText: long, translatedBody: long, draft: long, notes: Array.from({ length: 500 }, (_, i) => `note ${i}`) }));
    const read = (await store.get('T-big'))!;
    expect(read.latestText.length).toBe(MAX_TEXT);
    expect(read.latestText.endsWith('[… truncated]')).toBe(true);
    expect(read.notes).toHaveLength(50);
    expect(read.etag).toBe(t.etag);
  });

  it('finds tickets by conversation and by message, and lists by status', async () => {
    await store.create(ticket('T-find', { status: 'assigned' }));
    expect((await store.findByConversation('conv-T-find'))?.id).toBe('T-find');
    expect((await store.findByMessage('msg-T-find'))?.id).toBe('T-find');
    const assigned = await store.list({ statuses: ['assigned'] });
    expect(assigned.every((t) => t.status === 'assigned')).toBe(true);
    expect(assigned.map((t) => t.id)).toContain('T-find');
  });

  it('counts open work per assignee from the index columns alone', async () => {
    const own = new TableTicketStore(az.connectionString, prefix());
    const jan = { aadObjectId: 'jan', name: 'Jan' };
    const eva = { aadObjectId: 'eva', name: 'Eva' };
    await own.create(ticket('L1', { status: 'assigned', assignee: jan }));
    await own.create(ticket('L2', { status: 'sending', assignee: jan }));
    await own.create(ticket('L3', { status: 'sent', assignee: jan }));
    await own.create(ticket('L4', { status: 'assigned', assignee: eva }));
    await own.create(ticket('L5', { status: 'open', assignee: null }));
    const load = await own.loadByAssignee(['open', 'assigned', 'sending']);
    expect(Object.fromEntries(load)).toEqual({ jan: 2, eva: 1 });
  });

  it('keeps message records keyed by Graph ids with characters row keys forbid', async () => {
    const id = 'AAMkAD/with+slash#and?query==';
    await store.putMessageRecord({ messageId: id, outcome: 'skipped', reason: 'auto-submitted', at: '2026-11-25T10:00:00Z' });
    expect(await store.getMessageRecord(id)).toEqual({ messageId: id, outcome: 'skipped', reason: 'auto-submitted', at: '2026-11-25T10:00:00Z' });
    expect(await store.getMessageRecord('unknown')).toBeNull();
  });

  it('keeps small state values', async () => {
    await store.putState('inbox-delta', 'https://graph/delta?$deltatoken=abc');
    expect(await store.getState('inbox-delta')).toBe('https://graph/delta?$deltatoken=abc');
    expect(await store.getState('nothing')).toBeNull();
  });

  it('enqueues base64-encoded JSON, as the Functions queue trigger expects', async () => {
    const name = `q-${process.pid}-${++seq}`;
    const queue = new StorageWorkQueue(az.connectionString, name);
    await queue.enqueueMany([{ messageId: 'm1', source: 'notification' }, { messageId: 'm2' }]);
    const { receivedMessageItems } = await new QueueClient(az.connectionString, name).receiveMessages({ numberOfMessages: 10 });
    expect(receivedMessageItems.map((m) => m.messageText)).toEqual(expect.arrayContaining([Buffer.from('{"messageId":"m1","source":"notification"}').toString('base64')]));
    expect(receivedMessageItems.map((m) => decodeQueueMessage(m.messageText))).toEqual(expect.arrayContaining([{ messageId: 'm1', source: 'notification' }, { messageId: 'm2' }]));
  });
});
