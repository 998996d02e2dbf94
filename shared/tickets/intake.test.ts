import { describe, expect, it } from 'vitest';
import { FakeMailbox, FakeSubscriptions, InMemoryTicketStore, InMemoryWorkQueue, silentLogger } from '../testing/index.js';
import { handleLifecycle, handleNotifications, SubscriptionRegistry, type IntakeDeps, type LifecycleDeps } from './intake.js';
import { SENT_ITEMS_WATCH, SUBSCRIPTION_STATE_KEY, type SubscriptionState } from './subscription.js';

const SECRET = 'client-state-for-tests-0123456789';
const q = (params: Record<string, string> = {}) => new URLSearchParams(params);

async function setup() {
  const store = new InMemoryTicketStore();
  const subscriptions = new FakeSubscriptions();
  const queue = new InMemoryWorkQueue();
  const mailbox = new FakeMailbox();
  const settings = { mailbox: mailbox.address, notificationUrl: 'https://fn.test/api/notifications', lifecycleUrl: 'https://fn.test/api/lifecycle', clientState: SECRET, lifetimeMinutes: 4200 };
  const sub = await subscriptions.create({ resource: `users/${mailbox.address}/mailFolders('Inbox')/messages`, notificationUrl: settings.notificationUrl, clientState: SECRET, expirationDateTime: new Date(Date.now() + 4200 * 60_000).toISOString() });
  await store.putState<SubscriptionState>(SUBSCRIPTION_STATE_KEY, {
    current: { id: sub.id, resource: sub.resource, notificationUrl: sub.notificationUrl, expirationDateTime: sub.expirationDateTime, renewedAt: new Date().toISOString() },
    knownIds: [sub.id],
  });
  subscriptions.calls.create = 0;
  const registry = new SubscriptionRegistry(store, subscriptions);
  const intake: IntakeDeps = { queue, registry, clientState: SECRET, log: silentLogger };
  const lifecycle: LifecycleDeps = { ...intake, subscriptions, store, mailbox, settings, reconcile: { backfillHours: 24 }, registry };
  return { store, subscriptions, queue, mailbox, sub, intake, lifecycle };
}

function notification(subscriptionId: string, messageId: string, clientState: string | null = SECRET, extra: object = {}) {
  return {
    subscriptionId,
    clientState,
    changeType: 'created',
    resource: `Users/u/Messages/${messageId}`,
    tenantId: 'tenant-1',
    resourceData: { '@odata.type': '#Microsoft.Graph.Message', '@odata.id': `Users/u/Messages/${messageId}`, id: messageId },
    ...extra,
  };
}

describe('POST /api/notifications', () => {
  it('answers the validation handshake with the decoded token as text/plain', async () => {
    const { intake, queue } = await setup();
    const token = 'Validation: Token with spaces & symbols <>';
    const res = await handleNotifications(intake, '', new URLSearchParams(`validationToken=${encodeURIComponent(token)}`));
    expect(res).toEqual({ status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: token });
    expect(queue.messages).toHaveLength(0);
  });

  it('enqueues one {messageId} per valid notification and acknowledges with 202', async () => {
    const { intake, queue, sub } = await setup();
    const res = await handleNotifications(intake, JSON.stringify({ value: [notification(sub.id, 'AAMk-1'), notification(sub.id, 'AAMk-2')] }), q());
    expect(res.status).toBe(202);
    expect(queue.messages).toEqual([
      { messageId: 'AAMk-1', source: 'notification' },
      { messageId: 'AAMk-2', source: 'notification' },
    ]);
  });

  it('when the clientState is wrong, nothing is enqueued and the request is refused', async () => {
    const { intake, queue, sub, subscriptions } = await setup();
    const res = await handleNotifications(intake, JSON.stringify({ value: [notification(sub.id, 'AAMk-1', 'forged-state-0123456789abcdef0')] }), q());
    expect(res.status).toBe(403);
    expect(queue.messages).toHaveLength(0);
    expect(subscriptions.calls.list ?? 0).toBe(0);
  });

  it('when the clientState is missing, nothing is enqueued', async () => {
    const { intake, queue, sub } = await setup();
    const res = await handleNotifications(intake, JSON.stringify({ value: [notification(sub.id, 'AAMk-1', null)] }), q());
    expect(res.status).toBe(403);
    expect(queue.messages).toHaveLength(0);
  });

  it('in a mixed batch only the genuine items are enqueued', async () => {
    const { intake, queue, sub } = await setup();
    const res = await handleNotifications(intake, JSON.stringify({ value: [notification(sub.id, 'AAMk-ok'), notification(sub.id, 'AAMk-forged', 'nope')] }), q());
    expect(res.status).toBe(202);
    expect(queue.messages.map((m) => m.messageId)).toEqual(['AAMk-ok']);
  });

  it('when the subscription id is unknown to us and to Graph, nothing is enqueued', async () => {
    const { intake, queue } = await setup();
    const res = await handleNotifications(intake, JSON.stringify({ value: [notification('sub-unknown', 'AAMk-1')] }), q());
    expect(res.status).toBe(202);
    expect(queue.messages).toHaveLength(0);
  });

  it('accepts an id it has not recorded yet when Graph lists it as live, asking Graph only once', async () => {
    const { intake, queue, subscriptions } = await setup();
    const other = await subscriptions.create({ resource: 'users/x/messages', notificationUrl: 'https://fn.test/api/notifications', clientState: SECRET, expirationDateTime: new Date(Date.now() + 3_600_000).toISOString() });
    subscriptions.calls.list = 0;
    await handleNotifications(intake, JSON.stringify({ value: [notification(other.id, 'AAMk-1')] }), q());
    await handleNotifications(intake, JSON.stringify({ value: [notification(other.id, 'AAMk-2')] }), q());
    expect(queue.messages.map((m) => m.messageId)).toEqual(['AAMk-1', 'AAMk-2']);
    expect(subscriptions.calls.list).toBe(1);
  });

  it('refuses items from another tenant when a tenant is configured', async () => {
    const { intake, queue, sub } = await setup();
    const res = await handleNotifications({ ...intake, tenantId: 'tenant-1' }, JSON.stringify({ value: [notification(sub.id, 'AAMk-1', SECRET, { tenantId: 'tenant-evil' })] }), q());
    expect(res.status).toBe(202);
    expect(queue.messages).toHaveLength(0);
  });

  const malformed: [string, string][] = [
    ['not JSON', '{"value": ['],
    ['JSON without value', '{"hello":1}'],
    ['an empty value array', '{"value":[]}'],
    ['items without a subscriptionId', '{"value":[{"clientState":"x"}]}'],
    ['a string', '"value"'],
    ['an empty body', ''],
  ];
  for (const [what, body] of malformed) {
    it(`a body that is ${what} gets 400 and nothing is enqueued`, async () => {
      const { intake, queue } = await setup();
      const res = await handleNotifications(intake, body, q());
      expect(res.status).toBe(400);
      expect(queue.messages).toHaveLength(0);
    });
  }

  it('the same message notified twice in one POST is enqueued once; across POSTs processing dedupes', async () => {
    const { intake, queue, sub } = await setup();
    await handleNotifications(intake, JSON.stringify({ value: [notification(sub.id, 'AAMk-1'), notification(sub.id, 'AAMk-1')] }), q());
    expect(queue.messages).toHaveLength(1);
  });

  it('hands Inbox updates and removals to the Outlook sync and ignores lifecycle items', async () => {
    const { intake, queue, sub } = await setup();
    await handleNotifications(
      intake,
      JSON.stringify({ value: [notification(sub.id, 'AAMk-1', SECRET, { changeType: 'updated' }), notification(sub.id, 'AAMk-2', SECRET, { changeType: 'deleted' }), { subscriptionId: sub.id, clientState: SECRET, lifecycleEvent: 'missed' }] }),
      q(),
    );
    expect(queue.messages).toEqual([
      { messageId: 'AAMk-1', source: 'notification', change: { folder: 'inbox', type: 'updated' } },
      { messageId: 'AAMk-2', source: 'notification', change: { folder: 'inbox', type: 'deleted' } },
    ]);
  });

  it('an Inbox update carries the version it names (resourceData @odata.etag) to the sync; a malformed one is left out', async () => {
    const { intake, queue, sub } = await setup();
    const withTag = (id: string, tag: unknown) => {
      const n = notification(sub.id, id, SECRET, { changeType: 'updated' });
      return { ...n, resourceData: { ...n.resourceData, '@odata.etag': tag } };
    };
    await handleNotifications(intake, JSON.stringify({ value: [withTag('AAMk-1', 'W/"CQAAABYAAAB"'), withTag('AAMk-2', 42), withTag('AAMk-3', 'x'.repeat(500))] }), q());
    expect(queue.messages).toEqual([
      { messageId: 'AAMk-1', source: 'notification', change: { folder: 'inbox', type: 'updated', etag: 'W/"CQAAABYAAAB"' } },
      { messageId: 'AAMk-2', source: 'notification', change: { folder: 'inbox', type: 'updated' } },
      { messageId: 'AAMk-3', source: 'notification', change: { folder: 'inbox', type: 'updated' } },
    ]);
  });

  it('a message created in Sent Items goes to the Outlook sync, not to the pipeline', async () => {
    const { intake, queue, store, subscriptions, mailbox } = await setup();
    const sent = await subscriptions.create({ resource: `users/${mailbox.address}/mailFolders('SentItems')/messages`, changeTypes: ['created'], notificationUrl: 'https://fn.test/api/notifications', clientState: SECRET, expirationDateTime: new Date(Date.now() + 60_000).toISOString() });
    await store.putState<SubscriptionState>(SENT_ITEMS_WATCH.stateKey, { current: null, knownIds: [sent.id] });
    const res = await handleNotifications(intake, JSON.stringify({ value: [notification(sent.id, 'AAMk-SENT')] }), q());
    expect(res.status).toBe(202);
    expect(queue.messages).toEqual([{ messageId: 'AAMk-SENT', source: 'notification', change: { folder: 'sentitems', type: 'created' } }]);
  });

  it('when the queue is down, answers 503 so that Graph delivers again', async () => {
    const { intake, sub } = await setup();
    const res = await handleNotifications({ ...intake, queue: { enqueue: async () => {}, enqueueMany: async () => Promise.reject(new Error('queue down')) } }, JSON.stringify({ value: [notification(sub.id, 'AAMk-1')] }), q());
    expect(res.status).toBe(503);
  });
});

describe('POST /api/lifecycle', () => {
  const event = (subscriptionId: string, lifecycleEvent: string, clientState = SECRET) => JSON.stringify({ value: [{ subscriptionId, clientState, lifecycleEvent, tenantId: 't', subscriptionExpirationDateTime: new Date().toISOString() }] });

  it('answers the validation handshake', async () => {
    const { lifecycle } = await setup();
    expect(await handleLifecycle(lifecycle, '', q({ validationToken: 'abc' }))).toMatchObject({ status: 200, body: 'abc' });
  });

  it('reauthorizationRequired renews the subscription', async () => {
    const { lifecycle, subscriptions, sub } = await setup();
    const before = subscriptions.subs.get(sub.id)!.expirationDateTime;
    await new Promise((r) => setTimeout(r, 5));
    const res = await handleLifecycle(lifecycle, event(sub.id, 'reauthorizationRequired'), q());
    expect(res.status).toBe(202);
    expect(subscriptions.calls.renew).toBe(1);
    expect(Date.parse(subscriptions.subs.get(sub.id)!.expirationDateTime)).toBeGreaterThan(Date.parse(before));
  });

  it('subscriptionRemoved recreates the subscription, then reconciles the Inbox', async () => {
    const { lifecycle, subscriptions, sub, mailbox, queue, store } = await setup();
    subscriptions.subs.delete(sub.id);
    const missedMail = mailbox.deliver({ from: { address: 'a@example.test' }, receivedAt: new Date().toISOString() });
    const res = await handleLifecycle(lifecycle, event(sub.id, 'subscriptionRemoved'), q());
    expect(res.status).toBe(202);
    // The Inbox subscription again, and the reconcile that follows adds the Sent Items and Drafts ones.
    expect(subscriptions.calls.create).toBe(3);
    expect([...subscriptions.subs.values()].map((s) => s.resource).sort()).toEqual(['Drafts', 'Inbox', 'SentItems'].map((f) => `users/${mailbox.address}/mailFolders('${f}')/messages`));
    const state = await store.getState<SubscriptionState>(SUBSCRIPTION_STATE_KEY);
    expect(state?.knownIds).toHaveLength(2);
    expect(queue.messages).toEqual([{ messageId: missedMail, source: 'reconcile' }]);
  });

  it('missed reconciles the Inbox', async () => {
    const { lifecycle, sub, mailbox, queue } = await setup();
    const id = mailbox.deliver({ from: { address: 'a@example.test' }, receivedAt: new Date().toISOString() });
    expect((await handleLifecycle(lifecycle, event(sub.id, 'missed'), q())).status).toBe(202);
    expect(queue.messages.map((m) => m.messageId)).toEqual([id]);
  });

  it('a lifecycle event with a forged clientState changes nothing', async () => {
    const { lifecycle, subscriptions, sub } = await setup();
    const res = await handleLifecycle(lifecycle, event(sub.id, 'subscriptionRemoved', 'forged-forged-forged-forged'), q());
    expect(res.status).toBe(403);
    expect(subscriptions.calls.create ?? 0).toBe(0);
    expect(subscriptions.calls.renew ?? 0).toBe(0);
  });

  it('a malformed lifecycle body gets 400', async () => {
    const { lifecycle } = await setup();
    expect((await handleLifecycle(lifecycle, 'nope', q())).status).toBe(400);
  });
});
