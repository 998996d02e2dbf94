import { describe, expect, it } from 'vitest';
import { createTestPipeline, FakeSubscriptions, InMemoryWorkQueue, silentLogger } from '../testing/index.js';
import { processTicket } from './process.js';
import { DELTA_STATE_KEY, reconcile, type ReconcileDeps } from './reconcile.js';
import { SUBSCRIPTION_STATE_KEY, type SubscriptionState } from './subscription.js';

const LIFETIME_MIN = 4200;

function setup(now = () => new Date()) {
  const pipeline = createTestPipeline();
  const subscriptions = new FakeSubscriptions();
  const queue = new InMemoryWorkQueue();
  const deps: ReconcileDeps = {
    mailbox: pipeline.mailbox,
    store: pipeline.store,
    queue,
    subscriptions,
    settings: { mailbox: pipeline.mailbox.address, notificationUrl: 'https://fn.test/api/notifications', lifecycleUrl: 'https://fn.test/api/lifecycle', clientState: 'client-state-for-tests-0123456789', lifetimeMinutes: LIFETIME_MIN },
    reconcile: { backfillHours: 24 },
    log: silentLogger,
    now,
  };
  const deliver = () => pipeline.mailbox.deliver({ from: { address: 'kim@example.test' }, subject: 'Frage', text: 'Wie kündige ich?', receivedAt: now().toISOString() });
  return { pipeline, subscriptions, queue, deps, deliver };
}

describe('reconcile: the subscription', () => {
  it('creates the Inbox subscription on the first run and remembers it', async () => {
    const { deps, subscriptions, pipeline } = setup();
    const r = await reconcile(deps);
    expect(r.subscription).toBe('created');
    const [sub] = [...subscriptions.subs.values()];
    expect(sub).toMatchObject({ resource: "users/support@studyflash.test/mailFolders('Inbox')/messages", notificationUrl: 'https://fn.test/api/notifications', lifecycleNotificationUrl: 'https://fn.test/api/lifecycle' });
    expect((await pipeline.store.getState<SubscriptionState>(SUBSCRIPTION_STATE_KEY))?.knownIds).toEqual([sub!.id]);
  });

  it('keeps a subscription with more than half its lifetime left', async () => {
    const { deps, subscriptions } = setup();
    await reconcile(deps);
    expect((await reconcile(deps)).subscription).toBe('kept');
    expect(subscriptions.calls.renew ?? 0).toBe(0);
  });

  it('renews once half the lifetime has passed', async () => {
    let t = Date.parse('2026-11-25T10:00:00Z');
    const { deps, subscriptions } = setup(() => new Date(t));
    await reconcile(deps);
    t += (LIFETIME_MIN / 2) * 60_000 + 1;
    expect((await reconcile(deps)).subscription).toBe('renewed');
    const [sub] = [...subscriptions.subs.values()];
    expect(Date.parse(sub!.expirationDateTime)).toBe(t + LIFETIME_MIN * 60_000);
  });

  it('recreates a subscription that disappeared behind its back', async () => {
    const { deps, subscriptions } = setup();
    await reconcile(deps);
    subscriptions.subs.clear();
    expect((await reconcile(deps)).subscription).toBe('created');
    expect(subscriptions.subs.size).toBe(3); // Inbox, Sent Items, Drafts
  });

  it('still catches up on mail when the subscription cannot be made', async () => {
    const { deps, subscriptions, queue, deliver } = setup();
    subscriptions.create = async () => Promise.reject(new Error('validation failed'));
    const id = deliver();
    const r = await reconcile(deps);
    expect(r.subscription).toBe('failed');
    expect(queue.messages.map((m) => m.messageId)).toEqual([id]);
  });
});

describe('reconcile: dropped notifications', () => {
  it('enqueues mail whose notification was dropped, and nothing that was processed', async () => {
    const { deps, queue, deliver, pipeline } = setup();
    await reconcile(deps);
    const notified = deliver();
    await processTicket(pipeline.deps, { messageId: notified }, { invocationId: 'i1' });
    const dropped = deliver();

    const r = await reconcile(deps);

    expect(r.fullSync).toBe(false);
    expect(queue.messages).toEqual([{ messageId: dropped, source: 'reconcile' }]);
  });

  it('after the dropped mail is processed, the next round enqueues nothing', async () => {
    const { deps, queue, deliver, pipeline } = setup();
    await reconcile(deps);
    deliver();
    await reconcile(deps);
    for (const m of queue.drain()) await processTicket(pipeline.deps, m, { invocationId: 'x' });
    await reconcile(deps);
    expect(queue.messages).toHaveLength(0);
    expect(pipeline.store.tickets.size).toBe(1);
  });

  it('a message left "processing" by a dead pass is enqueued again once stale', async () => {
    let t = Date.parse('2026-11-25T10:00:00Z');
    const { deps, queue, deliver, pipeline } = setup(() => new Date(t));
    const id = deliver();
    await pipeline.store.putMessageRecord({ messageId: id, outcome: 'processing', at: new Date(t).toISOString() });
    await reconcile(deps);
    expect(queue.drain()).toHaveLength(0);
    pipeline.mailbox.deliver({ messageId: id, from: { address: 'kim@example.test' } }); // touched again
    t += 11 * 60_000;
    await reconcile(deps);
    expect(queue.drain().map((m) => m.messageId)).toEqual([id]);
  });

  it('when the delta token expired, starts over with a full sync', async () => {
    const { deps, queue, deliver, pipeline } = setup();
    const a = deliver();
    await reconcile(deps);
    queue.drain();
    const b = deliver();
    pipeline.mailbox.expireDeltaLinks();
    const r = await reconcile(deps);
    expect(r.fullSync).toBe(true);
    expect(queue.messages.map((m) => m.messageId).sort()).toEqual([a, b].sort());
    expect(await pipeline.store.getState(DELTA_STATE_KEY)).toMatch(/^fake-delta:1:/);
  });

  it('on the first full sync, old mail outside the backfill window is left alone', async () => {
    const { deps, queue, pipeline } = setup();
    pipeline.mailbox.deliver({ from: { address: 'old@example.test' }, receivedAt: '2020-01-01T00:00:00Z' });
    const fresh = pipeline.mailbox.deliver({ from: { address: 'new@example.test' }, receivedAt: new Date().toISOString() });
    await reconcile(deps);
    expect(queue.messages.map((m) => m.messageId)).toEqual([fresh]);
  });

  it('ensures the master categories, so the first ticket does not pay for it', async () => {
    const { deps, pipeline } = setup();
    await reconcile(deps);
    expect(pipeline.mailbox.masterCategories.size).toBe(7);
  });
});
