// The processTicket queue function fans a group-committed {batch} out into one message per mail,
// so each mail is retried and poisoned on its own.
import azf from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../shared/config.js';
import { StaticRoster } from '../shared/roster.js';
import { FakeMailbox, FakeSubscriptions, InMemorySendQueue, InMemoryTicketStore, InMemoryWorkQueue, RecordingTicketCards, ScriptedAnalyzer, StaticEnricher, TEST_ROSTER } from '../shared/testing/index.js';
import { createServices } from './app.js';
import { processTicketHandler } from './processTicket.js';

const { InvocationContext } = azf;

describe('processTicket queue function', () => {
  it('fans a batch message out into one queue message per mail and processes none of them itself', async () => {
    const queue = new InMemoryWorkQueue();
    const mailbox = new FakeMailbox();
    const services = createServices(loadConfig({ APP_ENV: 'test' }), {
      mailbox, queue, store: new InMemoryTicketStore(), sendQueue: new InMemorySendQueue(), subscriptions: new FakeSubscriptions(),
      analyzer: new ScriptedAnalyzer(), enricher: new StaticEnricher(), roster: new StaticRoster(TEST_ROSTER), cards: new RecordingTicketCards(),
    });
    const batch = [{ messageId: 'AAMk-1', source: 'notification' as const }, { messageId: 'AAMk-2', source: 'notification' as const }];
    await processTicketHandler(() => services)({ batch }, new InvocationContext({ invocationId: 'inv-1', functionName: 'processTicket', logHandler: () => {} }));
    expect(queue.messages).toEqual(batch);
  });
});
