// Forged Graph change notifications against the real webhook: the function table's notifications
// and lifecycle entries served by the local Functions host over HTTP, with the production intake
// (clientState in constant time, subscription bookkeeping, tenant). Nothing forged is enqueued, and
// the host keeps answering — also after malformed and huge bodies.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHost, type Host } from '../../dev/host/host.js';
import { FUNCTIONS } from '../../functions/table.js';
import { setServices } from '../../functions/app.js';
import { SUBSCRIPTION_STATE_KEY, type SubscriptionState } from '../../shared/tickets/subscription.js';
import { startPipelineWorld, type PipelineWorld } from './harness.js';

const KNOWN_SUBSCRIPTION = randomUUID();
let world: PipelineWorld;
let host: Host;

beforeAll(async () => {
  world = await startPipelineWorld();
  setServices(world.services);
  const state: SubscriptionState = { current: null, knownIds: [KNOWN_SUBSCRIPTION] };
  await world.store.putState(SUBSCRIPTION_STATE_KEY, state);
  host = await startHost({ functions: FUNCTIONS.filter((f) => ['health', 'notifications', 'lifecycle'].includes(f.name)), port: 0, log: world.services.log });
});

afterAll(async () => {
  await host?.stop(1000);
  setServices(null);
  await world?.close();
});

beforeEach(() => {
  world.queue.drain();
});

interface Item {
  subscriptionId?: string;
  clientState?: string | null;
  tenantId?: string;
  changeType?: string;
  lifecycleEvent?: string;
  resourceData?: { id: string };
  resource?: string;
}

function item(over: Item = {}): Item {
  const id = over.resourceData?.id ?? `AAMk${randomUUID().replace(/-/g, '')}`;
  return {
    subscriptionId: KNOWN_SUBSCRIPTION,
    clientState: world.config.graphClientState,
    tenantId: world.config.graphTenantId,
    changeType: 'created',
    resource: `Users/${world.config.supportMailbox}/Messages/${id}`,
    resourceData: { id },
    ...over,
  };
}

async function post(route: string, body: string | Buffer, query = ''): Promise<{ status: number; text: string; type: string | null }> {
  const res = await fetch(`${host.url}/${route}${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}

const notify = (items: Item[]) => post('notifications', JSON.stringify({ value: items }));

async function healthy(): Promise<boolean> {
  return (await fetch(`${host.url}/health`)).status === 200;
}

describe('POST /api/notifications refuses forged notifications', () => {
  it('enqueues a genuine notification (the control case)', async () => {
    const genuine = item();
    const res = await notify([genuine]);
    expect(res.status).toBe(202);
    expect(world.queue.messages.map((m) => m.messageId)).toEqual([genuine.resourceData!.id]);
  });

  // Without the secret the whole POST is refused (403). With the right clientState the POST may come
  // from Graph itself — one POST can batch items of several subscriptions — so the batch is
  // acknowledged (202: a non-2xx would make Graph redeliver the genuine items for hours) and the
  // items of an unknown subscription or another tenant are dropped.
  const forged: [string, () => Item, number][] = [
    ['a wrong clientState', () => item({ clientState: 'forged-client-state-0123456789abcdef' }), 403],
    ['a clientState that differs only in case', () => item({ clientState: world.config.graphClientState.toUpperCase() }), 403],
    ['no clientState', () => item({ clientState: null }), 403],
    ['an unknown subscription id', () => item({ subscriptionId: randomUUID() }), 202],
    ['another tenant', () => item({ tenantId: '99999999-9999-9999-9999-999999999999' }), 202],
  ];
  for (const [what, make, status] of forged) {
    it(`enqueues nothing for ${what} and answers ${status}`, async () => {
      const res = await notify([make()]);
      expect(res.status).toBe(status);
      expect(world.queue.messages).toEqual([]);
    });
  }

  it('takes only the genuine items of a batch mixed with forged ones', async () => {
    const genuine = item();
    const res = await notify([item({ clientState: 'forged-client-state-0123456789abcdef' }), genuine, item({ subscriptionId: randomUUID() }), item({ tenantId: randomUUID() })]);
    expect(res.status).toBe(202);
    expect(world.queue.messages.map((m) => m.messageId)).toEqual([genuine.resourceData!.id]);
  });

  // Bodies are built lazily: the genuine parts need the world's clientState.
  const malformed: [string, () => string | Buffer][] = [
    ['a body that is not JSON', () => '{"value": [ {'],
    ['JSON of another shape', () => JSON.stringify({ notifications: [item()] })],
    ['an empty collection', () => JSON.stringify({ value: [] })],
    ['more than 1,000 items', () => JSON.stringify({ value: Array.from({ length: 1001 }, () => item()) })],
    ['an oversized resource id', () => JSON.stringify({ value: [item({ resourceData: { id: 'A'.repeat(100_000) } })] })],
    ['a 20 MB body', () => Buffer.concat([Buffer.from('{"value":[{"subscriptionId":"'), Buffer.alloc(20 * 1024 * 1024, 'x'), Buffer.from('"}]}')])],
    ['binary garbage', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
  ];
  for (const [what, body] of malformed) {
    it(`answers ${what} with 400, enqueues nothing and keeps serving`, async () => {
      const res = await post('notifications', body());
      expect(res.status).toBe(400);
      expect(world.queue.messages).toEqual([]);
      expect(await healthy()).toBe(true);
    });
  }

  it('echoes a validation token only as plain text (no reflected markup)', async () => {
    const token = '<script>alert(1)</script>';
    const res = await post('notifications', '', `?validationToken=${encodeURIComponent(token)}`);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/plain/);
    expect(res.text).toBe(token);
    expect(world.queue.messages).toEqual([]);
  });
});

describe('POST /api/lifecycle refuses forged lifecycle events', () => {
  it('refuses a forged subscriptionRemoved without touching subscriptions or reconciling', async () => {
    const before = world.graph.stats().requests;
    const res = await post('lifecycle', JSON.stringify({ value: [item({ clientState: 'forged-client-state-0123456789abcdef', lifecycleEvent: 'subscriptionRemoved' })] }));
    expect(res.status).toBe(403);
    expect(world.graph.stats().requests).toBe(before);
    expect(world.graph.subscriptions()).toEqual([]);
    expect(world.queue.messages).toEqual([]);
  });

  it('refuses a lifecycle event from another tenant', async () => {
    const before = world.graph.stats().requests;
    const res = await post('lifecycle', JSON.stringify({ value: [item({ tenantId: randomUUID(), lifecycleEvent: 'missed' })] }));
    expect(res.status).toBe(403);
    expect(world.graph.stats().requests).toBe(before);
  });
});
