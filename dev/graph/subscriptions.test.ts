// Subscriptions through the SDK against a real local webhook: validation handshake (and its
// failures), notification payloads, batching, retries, lifecycle events, expiry and renewal.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { MockGraph } from './server.js';
import { inMinutes, mime, sdkClient, startReceiver, startTestGraph, type Receiver } from './testkit.js';

let graph: MockGraph;
let client: Client;
let hook: Receiver;
const CLIENT_STATE = 'local-client-state-0123456789abcdef';
const IMMUTABLE = { Prefer: 'IdType="ImmutableId"' };

type Sub = { id: string; expirationDateTime: string; resource: string; clientState: string };

function subscribe(extra: Record<string, unknown> = {}): Promise<Sub> {
  return client.api('/subscriptions').headers(IMMUTABLE).post({
    changeType: 'created',
    notificationUrl: hook.url,
    resource: `users/${graph.mailbox}/mailFolders('Inbox')/messages`,
    expirationDateTime: inMinutes(60),
    clientState: CLIENT_STATE,
    ...extra,
  }) as Promise<Sub>;
}

async function deliver(subject: string): Promise<string> {
  return (await graph.deliver(await mime({ from: 'kunde@example.com', to: 'support@studyflash.test', subject, text: 'Hallo' }))).id;
}

beforeAll(async () => {
  graph = await startTestGraph({
    limits: false,
    notificationBatchMs: 100,
    validationTimeoutMs: 5000,
    notificationRetry: { attempts: 4, baseDelayMs: 20, maxDelayMs: 100, timeoutMs: 5000 },
  });
  client = sdkClient(graph);
});
afterAll(async () => {
  await graph.close();
});
beforeEach(async () => {
  hook = await startReceiver();
  graph.setFaults('');
});
afterEach(async () => {
  for (const s of graph.subscriptions()) await client.api(`/subscriptions/${s.id}`).delete();
  await graph.idle();
  await hook.close();
});

describe('creating a subscription', () => {
  it('validates the endpoint with a URL-encoded token and returns the subscription', async () => {
    const sub = await subscribe();
    expect(hook.validations).toHaveLength(1);
    expect(hook.validations[0]).toMatch(/^Validation: .+ Request-Id: /);
    expect(sub).toMatchObject({ changeType: 'created', clientState: CLIENT_STATE, notificationUrl: hook.url, includeResourceData: false, lifecycleNotificationUrl: null });
    const listed = (await client.api('/subscriptions').get()) as { value: Sub[] };
    expect(listed.value.map((s) => s.id)).toEqual([sub.id]);
    expect(((await client.api(`/subscriptions/${sub.id}`).get()) as Sub).id).toBe(sub.id);
  });

  it.each([
    ['wrong-token', /must respond|exactly match/],
    ['json-token', /exactly match/],
    ['status-500', /must respond with 200/],
  ] as const)('fails with 400 ValidationError and creates nothing when the endpoint answers %s', async (mode, message) => {
    hook.validationMode = mode;
    await expect(subscribe()).rejects.toMatchObject({ statusCode: 400, code: 'ValidationError', message: expect.stringMatching(message) });
    expect(graph.subscriptions()).toEqual([]);
  });

  it('fails with 400 ValidationError when the endpoint does not answer in time', async () => {
    const quick = await startTestGraph({ validationTimeoutMs: 200 });
    try {
      hook.validationMode = 'hang';
      await expect(sdkClient(quick).api('/subscriptions').post({
        changeType: 'created', notificationUrl: hook.url, resource: `users/${quick.mailbox}/messages`, expirationDateTime: inMinutes(60),
      })).rejects.toMatchObject({ statusCode: 400, code: 'ValidationError', message: expect.stringMatching(/timed out/) });
      expect(quick.subscriptions()).toEqual([]);
    } finally {
      await quick.close();
    }
  });

  it('validates the lifecycle URL too', async () => {
    await subscribe({ lifecycleNotificationUrl: hook.url.replace('notifications', 'lifecycle') });
    expect(hook.validations).toHaveLength(2);
  });

  it('refuses a second subscription for the same resource and change type with 409', async () => {
    await subscribe();
    await expect(subscribe()).rejects.toMatchObject({ statusCode: 409 });
    await expect(subscribe({ resource: `users/${graph.userId}/mailfolders/inbox/messages` })).rejects.toMatchObject({ statusCode: 409 });
  });

  it('refuses an expiry beyond the maximum and a plain-http endpoint that is not local', async () => {
    await expect(subscribe({ expirationDateTime: inMinutes(10_081) })).rejects.toMatchObject({ statusCode: 400, message: expect.stringMatching(/10080 minutes/) });
    await expect(subscribe({ notificationUrl: 'http://example.com/hook' })).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe('notifications', () => {
  it('posts Graph-shaped created notifications for new Inbox mail, several per POST', async () => {
    // A long batching window that flushes at 3 items: exactly one POST, whatever the machine's speed.
    const batching = await startTestGraph({ notificationBatchMs: 60_000, notificationMaxBatch: 3 });
    try {
      const sub = (await sdkClient(batching).api('/subscriptions').headers(IMMUTABLE).post({
        changeType: 'created', notificationUrl: hook.url, resource: `users/${batching.mailbox}/mailFolders('Inbox')/messages`,
        expirationDateTime: inMinutes(60), clientState: CLIENT_STATE,
      })) as Sub;
      const ids: string[] = [];
      for (const subject of ['eins', 'zwei', 'drei']) {
        ids.push((await batching.deliver(await mime({ from: 'kunde@example.com', to: 'support@studyflash.test', subject, text: 'Hallo' }))).id);
      }
      await batching.idle();
      expect(hook.posts).toHaveLength(1);
      expect(hook.posts[0]!.url).toContain('code=abc');
      const items = hook.items();
      expect(items.map((i) => (i.resourceData as { id: string }).id)).toEqual(ids);
      expect(items[0]).toMatchObject({
        subscriptionId: sub.id,
        clientState: CLIENT_STATE,
        changeType: 'created',
        tenantId: batching.tenantId,
        resource: `Users/${batching.userId}/Messages/${ids[0]}`,
        subscriptionExpirationDateTime: expect.stringMatching(/\.\d{7}\+00:00$/),
        resourceData: { '@odata.type': '#Microsoft.Graph.Message', '@odata.id': `Users/${batching.userId}/Messages/${ids[0]}`, '@odata.etag': expect.stringMatching(/^W\//), id: ids[0] },
      });
    } finally {
      await batching.close();
    }
  });

  it('does not notify a created-only Inbox subscription about drafts or updates', async () => {
    await subscribe();
    const id = await deliver('eins');
    await client.api(`/users/${graph.mailbox}/messages/${id}/createReply`).post({});
    await client.api(`/users/${graph.mailbox}/messages/${id}`).patch({ categories: ['other'] });
    await graph.idle();
    expect(hook.items()).toHaveLength(1);
  });

  it('tells a whole-mailbox subscription about drafts (created) and category changes (updated)', async () => {
    await subscribe({ resource: `users/${graph.userId}/messages`, changeType: 'created,updated' });
    const id = await deliver('eins');
    await graph.idle();
    const draft = (await client.api(`/users/${graph.mailbox}/messages/${id}/createReply`).headers(IMMUTABLE).post({})) as { id: string };
    await graph.idle();
    await client.api(`/users/${graph.mailbox}/messages/${id}`).patch({ categories: ['other'] });
    await graph.idle();
    expect(hook.items().map((i) => [i.changeType, (i.resourceData as { id: string }).id])).toEqual([['created', id], ['created', draft.id], ['updated', id]]);
  });

  it('retries with backoff when the endpoint fails and delivers in the end', async () => {
    await subscribe();
    hook.failNext = 2;
    await deliver('eins');
    await graph.idle();
    expect(hook.items()).toHaveLength(1);
    expect(graph.stats().notificationPostFailures).toBeGreaterThanOrEqual(2);
  });

  it('gives up after the configured attempts', async () => {
    await subscribe();
    graph.resetStats();
    hook.failNext = 10;
    await deliver('eins');
    await graph.idle();
    expect(hook.items()).toHaveLength(0);
    expect(graph.stats()).toMatchObject({ notificationPosts: 4, notificationsDiscarded: 1 });
  });

  it('drops or duplicates notifications as the faults say', async () => {
    await subscribe();
    graph.setFaults('drop=1');
    await deliver('eins');
    await graph.idle();
    expect(hook.items()).toHaveLength(0);
    graph.setFaults('duplicate=1');
    const id = await deliver('zwei');
    await graph.idle();
    expect(hook.items().map((i) => (i.resourceData as { id: string }).id)).toEqual([id, id]);
    expect(hook.posts).toHaveLength(2);
  });
});

describe('lifecycle, renewal and expiry', () => {
  it('sends lifecycle events to the lifecycle URL; subscriptionRemoved ends the subscription', async () => {
    const sub = await subscribe({ lifecycleNotificationUrl: hook.url });
    for (const event of ['reauthorizationRequired', 'missed']) {
      const res = await fetch(`${graph.origin}/_mock/lifecycle`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ subscriptionId: sub.id, event }) });
      expect(res.status).toBe(202);
    }
    expect(graph.subscriptions()[0]!.reauthorizationRequired).toBe(true);
    await client.api(`/subscriptions/${sub.id}/reauthorize`).post(null);
    expect(graph.subscriptions()[0]!.reauthorizationRequired).toBe(false);
    graph.triggerLifecycle(sub.id, 'subscriptionRemoved');
    await graph.idle();
    expect(hook.items().map((i) => i.lifecycleEvent)).toEqual(['reauthorizationRequired', 'missed', 'subscriptionRemoved']);
    expect(hook.items()[0]).toMatchObject({ subscriptionId: sub.id, clientState: CLIENT_STATE, tenantId: graph.tenantId });
    expect(hook.items()[0]).not.toHaveProperty('resource');
    await expect(client.api(`/subscriptions/${sub.id}`).get()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('renews with PATCH and refuses a lifecycle URL change', async () => {
    const sub = await subscribe();
    const later = inMinutes(2000);
    const renewed = (await client.api(`/subscriptions/${sub.id}`).patch({ expirationDateTime: later })) as Sub;
    expect(Date.parse(renewed.expirationDateTime)).toBe(Date.parse(later));
    await expect(client.api(`/subscriptions/${sub.id}`).patch({ lifecycleNotificationUrl: hook.url })).rejects.toMatchObject({ statusCode: 400 });
  });

  it('stops delivering once a subscription has expired, and renewing it then gives 404', async () => {
    const sub = await subscribe();
    graph.expireSubscription(sub.id);
    await deliver('eins');
    await graph.idle();
    expect(hook.items()).toHaveLength(0);
    await expect(client.api(`/subscriptions/${sub.id}`).patch({ expirationDateTime: inMinutes(100) })).rejects.toMatchObject({ statusCode: 404 });
  });

  it('raises a lifetime shorter than 45 minutes to 45 minutes', async () => {
    const sub = await subscribe({ expirationDateTime: inMinutes(5) });
    expect(Date.parse(sub.expirationDateTime) - Date.now()).toBeGreaterThan(44 * 60_000);
  });
});
