import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueClient } from '@azure/storage-queue';
import { TableClient } from '@azure/data-tables';
import { startAzurite, type Azurite } from './azurite.js';

describe('Azurite for tests', () => {
  let az: Azurite;
  beforeAll(async () => {
    az = await startAzurite();
  });
  afterAll(async () => {
    await az?.stop();
  });

  it('serves queues and tables on the ports it reports', async () => {
    const q = new QueueClient(az.connectionString, 'probe');
    await q.createIfNotExists();
    await q.sendMessage('hello');
    const got = await q.receiveMessages({ numberOfMessages: 1 });
    expect(got.receivedMessageItems[0]?.messageText).toBe('hello');
    const t = TableClient.fromConnectionString(az.connectionString, 'probe', { allowInsecureConnection: true });
    await t.createTable();
    await t.createEntity({ partitionKey: 'p', rowKey: 'r', x: 1 });
    expect((await t.getEntity<{ x: number }>('p', 'r')).x).toBe(1);
  });
});
