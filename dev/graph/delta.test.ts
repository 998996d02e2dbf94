// Delta rounds over the Inbox through the SDK: pages of Prefer odata.maxpagesize, a deltaLink at
// the end, only changes in the next round (created/updated), @removed for deleted or moved-out mail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageIterator, type Client, type PageCollection } from '@microsoft/microsoft-graph-client';
import type { MockGraph } from './server.js';
import { mime, sdkClient, startTestGraph } from './testkit.js';

const HEADERS = { Prefer: 'IdType="ImmutableId", odata.maxpagesize=3' };
let graph: MockGraph;
let client: Client;
let inboxDelta: string;

type Item = { id: string; subject?: string; '@removed'?: { reason: string } };

async function deliver(n: number): Promise<string> {
  return (await graph.deliver(await mime({ from: `k${n}@example.com`, to: 'support@studyflash.test', subject: `Mail ${n}`, text: `Text ${n}` }))).id;
}

/** One full round: follows nextLinks with PageIterator, returns the items and the deltaLink. */
async function round(url: string): Promise<{ items: Item[]; deltaLink: string }> {
  const first = (await client.api(url).headers(HEADERS).get()) as PageCollection;
  const items: Item[] = [];
  const it = new PageIterator(client, first, (m: Item) => {
    items.push(m);
    return true;
  }, { headers: HEADERS });
  await it.iterate();
  const deltaLink = it.getDeltaLink();
  if (!deltaLink) throw new Error('round ended without a deltaLink');
  return { items, deltaLink };
}

beforeAll(async () => {
  graph = await startTestGraph({ limits: false });
  client = sdkClient(graph);
  inboxDelta = `/users/${graph.mailbox}/mailFolders('Inbox')/messages/delta`;
});
afterAll(async () => {
  await graph.close();
});

describe('delta query', () => {
  it('returns every message of the folder in the first round, in pages, and then only changes', async () => {
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push(await deliver(i));

    const first = (await client.api(inboxDelta).headers(HEADERS).get()) as PageCollection;
    expect(first.value).toHaveLength(3);
    expect(first['@odata.nextLink']).toMatch(/^https:\/\/localhost:\d+\/v1\.0\/.*\$skiptoken=/);

    const r1 = await round(inboxDelta);
    expect(r1.items.map((m) => m.id).sort()).toEqual([...ids].sort());
    expect(r1.deltaLink).toMatch(/\$deltatoken=/);

    // Nothing happened: an empty round.
    const r2 = await round(r1.deltaLink);
    expect(r2.items).toEqual([]);

    // One new, one changed, one deleted (moved to Deleted Items), one moved to Drafts.
    const added = await deliver(99);
    await client.api(`/users/${graph.mailbox}/messages/${ids[1]}`).patch({ isRead: true });
    await client.api(`/users/${graph.mailbox}/messages/${ids[2]}`).delete();
    await client.api(`/users/${graph.mailbox}/messages/${ids[3]}/move`).post({ destinationId: 'drafts' });

    const r3 = await round(r2.deltaLink);
    const byId = new Map(r3.items.map((m) => [m.id, m]));
    expect(byId.get(added)?.subject).toBe('Mail 99');
    expect(byId.get(ids[1]!)?.['@removed']).toBeUndefined();
    expect(byId.get(ids[2]!)?.['@removed']).toEqual({ reason: 'deleted' });
    expect(byId.get(ids[3]!)?.['@removed']).toEqual({ reason: 'deleted' });
    expect(r3.items).toHaveLength(4);

    const r4 = await round(r3.deltaLink);
    expect(r4.items).toEqual([]);
  });

  it('does not skip a change that happens while a round is paging; it comes in the next round', async () => {
    const start = await round(inboxDelta);
    const a = await deliver(200);
    await deliver(201);
    await deliver(202);
    await deliver(203);
    const firstPage = (await client.api(start.deltaLink).headers(HEADERS).get()) as PageCollection;
    expect(firstPage['@odata.nextLink']).toBeDefined();
    await client.api(`/users/${graph.mailbox}/messages/${a}`).patch({ categories: ['other'] });
    const late = await deliver(204);
    const seen: Item[] = [...(firstPage.value as Item[])];
    const it = new PageIterator(client, firstPage, (m: Item) => {
      seen.push(m);
      return true;
    }, { headers: HEADERS });
    await it.iterate();
    const next = await round(it.getDeltaLink()!);
    expect([...seen, ...next.items].map((m) => m.id)).toEqual(expect.arrayContaining([a, late]));
    expect(next.items.map((m) => m.id)).toContain(late);
  });

  it('answers a token from a lost sync state with 410 SyncStateNotFound', async () => {
    const r = await round(inboxDelta);
    await fetch(`${graph.origin}/_mock/reset-sync`, { method: 'POST' });
    await expect(client.api(r.deltaLink).get()).rejects.toMatchObject({ statusCode: 410, code: 'SyncStateNotFound' });
  });

  it('accepts only receivedDateTime in a delta $filter', async () => {
    await expect(client.api(inboxDelta).filter("subject eq 'x'").get()).rejects.toMatchObject({ statusCode: 400 });
    const r = (await client.api(inboxDelta).filter('receivedDateTime ge 2999-01-01T00:00:00Z').get()) as PageCollection;
    expect(r.value).toEqual([]);
  });
});
