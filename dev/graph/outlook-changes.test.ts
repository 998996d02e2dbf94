// What an Outlook-side change looks like to an app through the SDK: folder subscriptions on Inbox
// (created, updated) and Sent Items (created), and the delta of each folder, for PATCH (categories,
// flag, isRead), sending (draft /send, createReply + send, sendMail), move to Junk Email and delete.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PageIterator, type Client, type PageCollection } from '@microsoft/microsoft-graph-client';
import type { MockGraph } from './server.js';
import { inMinutes, mime, sdkClient, startReceiver, startTestGraph, type Receiver } from './testkit.js';

const IMMUTABLE = { Prefer: 'IdType="ImmutableId"' };
const DELTA_HEADERS = { Prefer: 'IdType="ImmutableId", odata.maxpagesize=50' };
let graph: MockGraph;
let client: Client;
let hook: Receiver;
let me: string;

type Note = { changeType: string; subscriptionId: string; resourceData: { id: string; '@odata.etag': string } };
type DeltaItem = { id: string; '@removed'?: { reason: string }; categories?: string[]; flag?: Record<string, unknown>; isRead?: boolean; parentFolderId?: string; changeKey?: string };
type Msg = { id: string; changeKey: string; categories: string[]; isRead: boolean; parentFolderId: string; conversationId: string; flag: Record<string, unknown>; isDraft: boolean };

async function deliver(subject: string): Promise<string> {
  return (await graph.deliver(await mime({ from: 'Kunde <kunde@example.com>', to: 'support@studyflash.test', subject, text: 'Hallo, bitte helfen.' }))).id;
}

async function subscribe(folder: string, changeType: string): Promise<string> {
  const sub = (await client.api('/subscriptions').headers(IMMUTABLE).post({
    changeType, notificationUrl: hook.url, resource: `users/${graph.userId}/mailFolders('${folder}')/messages`, expirationDateTime: inMinutes(60), clientState: 'state',
  })) as { id: string };
  return sub.id;
}

/** One full delta round of a folder (from scratch or a deltaLink): items and the next deltaLink. */
async function round(url: string): Promise<{ items: DeltaItem[]; deltaLink: string }> {
  const first = (await client.api(url).headers(DELTA_HEADERS).get()) as PageCollection;
  const items: DeltaItem[] = [];
  const it = new PageIterator(client, first, (m: DeltaItem) => {
    items.push(m);
    return true;
  }, { headers: DELTA_HEADERS });
  await it.iterate();
  return { items, deltaLink: it.getDeltaLink()! };
}
const deltaOf = (folder: string): string => `${me}/mailFolders('${folder}')/messages/delta?$select=categories,flag,isRead,parentFolderId,changeKey,conversationId`;

async function get(id: string): Promise<Msg> {
  return (await client.api(`${me}/messages/${id}`).headers(IMMUTABLE).get()) as Msg;
}

/** Notifications received since `from`, as [subscription, changeType, id] triples. */
function notes(from = 0): Array<[string, string, string]> {
  return (hook.items().slice(from) as unknown as Note[]).map((n) => [n.subscriptionId, n.changeType, n.resourceData.id]);
}

let inboxSub: string;
let sentSub: string;
let junkSub: string;

beforeAll(async () => {
  graph = await startTestGraph({ limits: false, notificationBatchMs: 20 });
  client = sdkClient(graph);
  me = `/users/${graph.mailbox}`;
});
afterAll(async () => {
  await graph.close();
});
beforeEach(async () => {
  hook = await startReceiver();
  graph.setFaults('');
  inboxSub = await subscribe('Inbox', 'created,updated');
  sentSub = await subscribe('SentItems', 'created');
  junkSub = await subscribe('junkemail', 'created');
});
afterEach(async () => {
  for (const s of graph.subscriptions()) await client.api(`/subscriptions/${s.id}`).delete();
  await graph.idle();
  await hook.close();
});

describe('a property change in Outlook (PATCH)', () => {
  it('fires updated on the Inbox subscription for categories, flag and isRead, each with a new changeKey, and shows in the Inbox delta', async () => {
    const id = await deliver('Rückerstattung');
    const start = await round(deltaOf('Inbox'));
    await graph.idle();
    const before = hook.items().length;
    const keys = [(await get(id)).changeKey];
    for (const patch of [{ categories: ['bug-report'] }, { flag: { flagStatus: 'complete' } }, { isRead: true }]) {
      const res = (await client.api(`${me}/messages/${id}`).headers(IMMUTABLE).patch(patch)) as Msg & { '@odata.etag': string };
      expect(keys).not.toContain(res.changeKey);
      expect(res['@odata.etag']).toBe(`W/"${res.changeKey}"`);
      keys.push(res.changeKey);
    }
    await hook.waitFor(() => hook.items().length >= before + 3);
    await graph.idle();
    expect(notes(before)).toEqual([[inboxSub, 'updated', id], [inboxSub, 'updated', id], [inboxSub, 'updated', id]]);
    // Each notification carries the etag of its change (POSTs may arrive in any order, as with Graph).
    expect(hook.items().slice(before).map((n) => (n as unknown as Note).resourceData['@odata.etag']).sort()).toEqual(keys.slice(1).map((k) => `W/"${k}"`).sort());

    const next = await round(start.deltaLink);
    expect(next.items).toHaveLength(1);
    expect(next.items[0]).toMatchObject({ id, categories: ['bug-report'], isRead: true, changeKey: keys.at(-1), flag: { flagStatus: 'complete' } });
  });

  it('answers the flag in Graph\'s followupFlag shape: completedDateTime stamped on complete, dates cleared by notFlagged, a due date needs a start', async () => {
    const id = await deliver('Flaggen');
    expect((await get(id)).flag).toEqual({ flagStatus: 'notFlagged' });
    await client.api(`${me}/messages/${id}`).patch({ flag: { flagStatus: 'flagged', startDateTime: { dateTime: '2026-12-01T08:00:00', timeZone: 'UTC' }, dueDateTime: { dateTime: '2026-12-02T08:00:00', timeZone: 'UTC' } } });
    const done = (await get(id)).flag as { flagStatus: string; completedDateTime: { dateTime: string; timeZone: string }; dueDateTime: unknown };
    expect(done).toMatchObject({ flagStatus: 'flagged', dueDateTime: { dateTime: '2026-12-02T08:00:00', timeZone: 'UTC' } });
    await client.api(`${me}/messages/${id}`).patch({ flag: { flagStatus: 'complete' } });
    const completed = (await get(id)).flag as typeof done;
    expect(completed.flagStatus).toBe('complete');
    expect(completed.completedDateTime.timeZone).toBe('UTC');
    expect(completed.completedDateTime.dateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}$/);
    expect(completed.dueDateTime).toEqual({ dateTime: '2026-12-02T08:00:00', timeZone: 'UTC' });
    await client.api(`${me}/messages/${id}`).patch({ flag: { flagStatus: 'notFlagged' } });
    expect((await get(id)).flag).toEqual({ flagStatus: 'notFlagged' });
    await expect(client.api(`${me}/messages/${id}`).patch({ flag: { flagStatus: 'flagged', dueDateTime: { dateTime: '2026-12-02T08:00:00', timeZone: 'UTC' } } }))
      .rejects.toMatchObject({ statusCode: 400 });
    // Filtering on the flag works like any other property.
    await client.api(`${me}/messages/${id}`).patch({ flag: { flagStatus: 'complete' } });
    const found = (await client.api(`${me}/mailFolders/inbox/messages`).headers(IMMUTABLE).filter("flag/flagStatus eq 'complete'").select('id').get()) as { value: Msg[] };
    expect(found.value.map((m) => m.id)).toContain(id);
  });
});

describe('sending', () => {
  it('files a sent draft in Sent Items under the same immutable id: created on Sent Items, in the Sent Items delta, gone from the Drafts delta', async () => {
    const inbound = await deliver('Frage zum Abo');
    const sentStart = await round(deltaOf('SentItems'));
    const draftsStart = await round(deltaOf('Drafts'));
    const draft = (await client.api(`${me}/messages/${inbound}/createReply`).headers(IMMUTABLE).post({ comment: 'Gerne helfen wir.' })) as Msg;
    await graph.idle();
    const before = hook.items().length;
    await client.api(`${me}/messages/${draft.id}/send`).post(null);
    await hook.waitFor(() => hook.items().length > before);
    await graph.idle();
    expect(notes(before)).toEqual([[sentSub, 'created', draft.id]]);

    const sent = await get(draft.id);
    expect(sent).toMatchObject({ isDraft: false, conversationId: (await get(inbound)).conversationId });
    const folders = (await client.api(`${me}/mailFolders/sentitems`).get()) as { id: string };
    expect(sent.parentFolderId).toBe(folders.id);

    const sentRound = await round(sentStart.deltaLink);
    expect(sentRound.items.map((i) => [i.id, i['@removed'] ?? null])).toEqual([[draft.id, null]]);
    const draftsRound = await round(draftsStart.deltaLink);
    expect(draftsRound.items).toEqual([{ '@odata.type': '#microsoft.graph.message', id: draft.id, '@removed': { reason: 'deleted' } }]);
  });

  it('announces sendMail with saveToSentItems in Sent Items, and a sendMail with saveToSentItems false nowhere', async () => {
    const before = hook.items().length;
    await client.api(`${me}/sendMail`).post({ message: { subject: 'Kopie', body: { contentType: 'text', content: 'x' }, toRecipients: [{ emailAddress: { address: 'kunde@example.com' } }] } });
    await client.api(`${me}/sendMail`).post({ message: { subject: 'Ohne Kopie', body: { contentType: 'text', content: 'x' }, toRecipients: [{ emailAddress: { address: 'kunde@example.com' } }] }, saveToSentItems: false });
    await hook.waitFor(() => hook.items().length > before);
    await graph.idle();
    const created = notes(before);
    expect(created).toHaveLength(1);
    expect(created[0]!.slice(0, 2)).toEqual([sentSub, 'created']);
    expect((await get(created[0]![2])).isDraft).toBe(false);
    expect(graph.outbound().slice(-2).map((o) => o.subject)).toEqual(['Kopie', 'Ohne Kopie']);
  });
});

describe('moving and deleting', () => {
  it('moves to Junk Email as a delete from the Inbox and a create in Junk Email (delta @removed in the Inbox, the message in the Junk Email delta)', async () => {
    // A whole-mailbox subscription hears both halves of the move as well.
    const wide = (await client.api('/subscriptions').headers(IMMUTABLE).post({
      changeType: 'deleted,created', notificationUrl: hook.url, resource: `users/${graph.userId}/messages`, expirationDateTime: inMinutes(60),
    })) as { id: string };
    const inboxDeleted = await subscribe('Inbox', 'deleted');
    const id = await deliver('Gewinnspiel!!!');
    const inboxStart = await round(deltaOf('Inbox'));
    const junkStart = await round(deltaOf('JunkEmail'));
    await hook.waitFor(() => notes().some(([s, c, i]) => s === inboxSub && c === 'created' && i === id));
    await graph.idle();
    const before = hook.items().length;

    const moved = (await client.api(`${me}/messages/${id}/move`).headers(IMMUTABLE).post({ destinationId: 'junkemail' })) as Msg;
    expect(moved.id).toBe(id);
    const junk = (await client.api(`${me}/mailFolders/junkemail`).get()) as { id: string; displayName: string };
    expect(junk.displayName).toBe('Junk Email');
    expect(moved.parentFolderId).toBe(junk.id);
    await hook.waitFor(() => hook.items().length >= before + 4);
    await graph.idle();
    expect(notes(before).sort()).toEqual([[inboxDeleted, 'deleted', id], [junkSub, 'created', id], [wide.id, 'created', id], [wide.id, 'deleted', id]].sort());

    expect((await round(inboxStart.deltaLink)).items).toEqual([{ '@odata.type': '#microsoft.graph.message', id, '@removed': { reason: 'deleted' } }]);
    expect((await round(junkStart.deltaLink)).items.map((i) => [i.id, i.parentFolderId])).toEqual([[id, junk.id]]);
  });

  it('deletes to Deleted Items (deleted on the Inbox, @removed in its delta) and for good from there', async () => {
    const inboxDeleted = await subscribe('Inbox', 'deleted');
    const binDeleted = await subscribe('deleteditems', 'deleted');
    const id = await deliver('Bitte löschen');
    const start = await round(deltaOf('Inbox'));
    await graph.idle();
    const before = hook.items().length;
    await client.api(`${me}/messages/${id}`).delete();
    expect((await get(id)).parentFolderId).toBe(((await client.api(`${me}/mailFolders/deleteditems`).get()) as { id: string }).id);
    await client.api(`${me}/messages/${id}`).delete();
    await expect(get(id)).rejects.toMatchObject({ statusCode: 404 });
    await hook.waitFor(() => hook.items().length >= before + 2);
    await graph.idle();
    expect(notes(before)).toEqual([[inboxDeleted, 'deleted', id], [binDeleted, 'deleted', id]]);
    expect((await round(start.deltaLink)).items).toEqual([{ '@odata.type': '#microsoft.graph.message', id, '@removed': { reason: 'deleted' } }]);
  });
});

describe('faults on Outlook-side notifications', () => {
  it('drops and duplicates updated and Sent Items notifications like any other; the delta still has every change', async () => {
    const id = await deliver('Chaos');
    const start = await round(deltaOf('Inbox'));
    await graph.idle();
    const before = hook.items().length;
    graph.setFaults('drop=1');
    await client.api(`${me}/messages/${id}`).patch({ categories: ['refund-request'] });
    await graph.idle();
    expect(hook.items().length).toBe(before);
    expect(graph.stats().notificationsDropped).toBeGreaterThanOrEqual(1);
    graph.setFaults('duplicate=1');
    const draft = (await client.api(`${me}/messages/${id}/createReply`).headers(IMMUTABLE).post({ comment: 'Antwort' })) as Msg;
    await client.api(`${me}/messages/${draft.id}/send`).post(null);
    await hook.waitFor(() => notes(before).filter(([s]) => s === sentSub).length === 2);
    await graph.idle();
    graph.setFaults('');
    expect(notes(before).filter(([s]) => s === sentSub)).toEqual([[sentSub, 'created', draft.id], [sentSub, 'created', draft.id]]);
    const changed = await round(start.deltaLink);
    expect(changed.items.map((i) => [i.id, i.categories])).toEqual([[id, ['refund-request']]]);
  });
});
