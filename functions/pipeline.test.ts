// The pipeline's thin function handlers: parsing and mapping around the use cases.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import azf from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../dev/support/cert.js';
import { createServices, type Services } from './app.js';
import { loadConfig } from '../shared/config.js';
import { createTestPipeline, FakeSubscriptions, InMemorySendQueue, InMemoryWorkQueue } from '../shared/testing/index.js';
import { listTicketsHandler, getTicketHandler } from './tickets.js';
import { notificationsHandler } from './notifications.js';
import { processTicketHandler } from './processTicket.js';
import { azureTimerOptions, FUNCTIONS } from './table.js';

const { HttpRequest, InvocationContext } = azf;

function testServices(): { services: Services; pipeline: ReturnType<typeof createTestPipeline>; queue: InMemoryWorkQueue } {
  const pipeline = createTestPipeline();
  const queue = new InMemoryWorkQueue();
  const config = loadConfig({ APP_ENV: 'test', GRAPH_STATIC_TOKEN: 'x' });
  const services = createServices(config, {
    mailbox: pipeline.mailbox,
    subscriptions: new FakeSubscriptions(),
    store: pipeline.store,
    queue,
    sendQueue: new InMemorySendQueue(),
    analyzer: pipeline.analyzer,
    enricher: pipeline.enricher,
    cards: pipeline.cards,
    roster: pipeline.roster,
  });
  return { services, pipeline, queue };
}

const ctx = (triggerMetadata: Record<string, unknown> = {}) => new InvocationContext({ invocationId: 'inv-1', functionName: 'processTicket', triggerMetadata, logHandler: () => {} });

describe('function table', () => {
  it('serves the pipeline: webhook, lifecycle, queue trigger, timer, tickets, enrich, sidebar', () => {
    const byName = Object.fromEntries(FUNCTIONS.map((f) => [f.name, f]));
    expect(byName.notifications).toMatchObject({ kind: 'http', route: 'notifications', methods: ['POST'], authLevel: 'anonymous' });
    expect(byName.lifecycle).toMatchObject({ kind: 'http', route: 'lifecycle', methods: ['POST'], authLevel: 'anonymous' });
    expect(byName.processTicket).toMatchObject({ kind: 'queue', queueName: '%QUEUE_NAME%' });
    expect(byName.reconcile).toMatchObject({ kind: 'timer', schedule: '%RECONCILE_SCHEDULE%', runOnStartup: true });
    expect(byName.tickets).toMatchObject({ kind: 'http', route: 'tickets', authLevel: 'function' });
    expect(byName.ticket).toMatchObject({ kind: 'http', route: 'tickets/{id}', authLevel: 'function' });
    expect(byName.enrich).toMatchObject({ kind: 'http', route: 'enrich' });
    expect(byName.sidebar).toMatchObject({ kind: 'http', route: 'sidebar' });
  });

  it('timers run on startup only in the local host: Azure registers them without runOnStartup', () => {
    const timers = FUNCTIONS.filter((f) => f.kind === 'timer');
    expect(timers.length).toBeGreaterThan(0);
    for (const t of timers) expect(azureTimerOptions(t)).toEqual({ schedule: t.schedule, runOnStartup: false });
    const entry = readFileSync(path.join(REPO_ROOT, 'functions', 'index.ts'), 'utf8');
    expect(entry).toContain('app.timer(f.name, { ...azureTimerOptions(f),');
  });

  it("QUEUE_MAX_DEQUEUE_COUNT's default is host.json's maxDequeueCount (the attempt that records a failure)", () => {
    const hostJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'host.json'), 'utf8')) as { extensions: { queues: { maxDequeueCount: number } } };
    expect(loadConfig({}).queueMaxDequeueCount).toBe(hostJson.extensions.queues.maxDequeueCount);
  });
});

describe('processTicket queue trigger', () => {
  it('runs the message through the pipeline', async () => {
    const { services, pipeline } = testServices();
    const id = pipeline.mailbox.deliver({ from: { address: 'a@example.test' }, subject: 'Frage', text: 'Wie geht das?' });
    await processTicketHandler(() => services)({ messageId: id, source: 'notification' }, ctx({ id: 'q-1', dequeueCount: 1 }));
    expect(pipeline.store.tickets.size).toBe(1);
  });

  it('drops a message that is not a {messageId} instead of retrying it forever', async () => {
    const { services, pipeline } = testServices();
    await expect(processTicketHandler(() => services)({ hello: 'world' }, ctx())).resolves.toBeUndefined();
    await expect(processTicketHandler(() => services)('not json', ctx())).resolves.toBeUndefined();
    expect(pipeline.mailbox.totalCalls).toBe(0);
  });

  it('on the last attempt marks the ticket failed, then rethrows so the host moves the message to poison', async () => {
    const { services, pipeline } = testServices();
    const id = pipeline.mailbox.deliver({ from: { address: 'a@example.test' } });
    pipeline.mailbox.setCategories = async () => Promise.reject(new Error('graph down'));
    await expect(processTicketHandler(() => services)({ messageId: id }, ctx({ id: 'q-1', dequeueCount: services.config.queueMaxDequeueCount }))).rejects.toThrow(/graph down/);
    expect([...pipeline.store.tickets.values()][0]).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/graph down/) });
  });
});

describe('HTTP handlers', () => {
  it('the webhook echoes the validation token as text/plain', async () => {
    const { services } = testServices();
    const res = await notificationsHandler(() => services)(new HttpRequest({ method: 'POST', url: 'http://localhost/api/notifications?validationToken=a%20b%2Bc', body: { string: '' } }), ctx());
    expect(res).toMatchObject({ status: 200, body: 'a b+c', headers: { 'content-type': 'text/plain; charset=utf-8' } });
  });

  it('the webhook refuses a malformed body with 400', async () => {
    const { services, queue } = testServices();
    const res = await notificationsHandler(() => services)(new HttpRequest({ method: 'POST', url: 'http://localhost/api/notifications', body: { string: '<xml/>' } }), ctx());
    expect(res.status).toBe(400);
    expect(queue.messages).toHaveLength(0);
  });

  it('GET /api/tickets refuses an unknown status filter, and /api/tickets/{id} a malformed id', async () => {
    const { services } = testServices();
    expect((await listTicketsHandler(() => services)(new HttpRequest({ method: 'GET', url: 'http://localhost/api/tickets?status=bogus' }), ctx())).status).toBe(400);
    expect((await getTicketHandler(() => services)(new HttpRequest({ method: 'GET', url: 'http://localhost/api/tickets/x', params: { id: '../etc' } }), ctx())).status).toBe(400);
    expect((await getTicketHandler(() => services)(new HttpRequest({ method: 'GET', url: 'http://localhost/api/tickets/T-1', params: { id: 'T-1' } }), ctx())).status).toBe(404);
  });
});
