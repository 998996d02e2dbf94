// The mock through the official SDK (client credentials against the mock's token endpoint):
// users and folders, paging, $select/$filter/$orderby, PATCH, categories, createReply threading,
// send, sendMail, immutable vs REST ids, $batch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageIterator, type Client, type PageCollection } from '@microsoft/microsoft-graph-client';
import type { MockGraph } from './server.js';
import { mime, sdkClient, startTestGraph } from './testkit.js';

const IMMUTABLE = { Prefer: 'IdType="ImmutableId"' };
let graph: MockGraph;
let client: Client;
let me: string;

type Msg = Record<string, unknown> & { id: string };

async function customerMail(n: number, extra: Partial<Parameters<typeof mime>[0]> = {}): Promise<string> {
  const raw = await mime({
    from: { name: `Kunde ${n}`, address: `kunde${n}@example.com` },
    to: 'support@studyflash.test',
    subject: `Frage ${n}`,
    text: `Hallo, ich habe eine Frage Nummer ${n}.`,
    messageId: `<q${n}-${Math.random().toString(36).slice(2)}@example.com>`,
    ...extra,
  });
  return (await graph.deliver(raw)).id;
}

beforeAll(async () => {
  graph = await startTestGraph({ limits: false });
  client = sdkClient(graph);
  me = `/users/${graph.mailbox}`;
});
afterAll(async () => {
  await graph.close();
});

describe('auth and errors', () => {
  it('answers 401 with Graph error shape when the bearer token is missing', async () => {
    const res = await fetch(`${graph.url}${me}/messages`);
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('InvalidAuthenticationToken');
    expect(body.error.message).toMatch(/empty/);
  });

  it('refuses a client-credentials token request for a scope other than .default', async () => {
    const res = await fetch(`${graph.origin}/${graph.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'x', client_secret: 'y', scope: 'Mail.Read' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_scope');
  });

  it('answers unknown segments, /me and unknown users with Graph errors', async () => {
    await expect(client.api('/me/messages').get()).rejects.toMatchObject({ statusCode: 400 });
    await expect(client.api('/users/nobody@studyflash.test/messages').get()).rejects.toMatchObject({ statusCode: 404, code: 'ErrorInvalidUser' });
    await expect(client.api(`${me}/nonsense`).get()).rejects.toMatchObject({ statusCode: 400, code: 'BadRequest' });
  });

  it('does not count token or /_mock calls as API requests', async () => {
    graph.resetStats();
    await client.api(`${me}`).get();
    await fetch(`${graph.origin}/_mock/stats`);
    const s = graph.stats();
    expect(s.requests).toBe(1);
    expect(s.byRoute['GET /users/{user}']).toBe(1);
  });
});

describe('users and folders', () => {
  it('finds the mailbox by UPN and by its id, and the well-known folders by name and id', async () => {
    const byUpn = (await client.api(me).get()) as { id: string; mail: string };
    const byId = (await client.api(`/users/${byUpn.id}`).get()) as { mail: string };
    expect(byId.mail).toBe(graph.mailbox);
    const inbox = (await client.api(`${me}/mailFolders/inbox`).get()) as { id: string; displayName: string };
    expect(inbox.displayName).toBe('Inbox');
    const again = (await client.api(`/users/${byUpn.id}/mailFolders/${inbox.id}`).get()) as { displayName: string };
    expect(again.displayName).toBe('Inbox');
    const all = (await client.api(`${me}/mailFolders`).get()) as { value: Array<{ displayName: string }> };
    expect(all.value.map((f) => f.displayName)).toEqual(['Inbox', 'Drafts', 'Sent Items', 'Deleted Items', 'Junk Email']);
  });
});

describe('listing messages', () => {
  beforeAll(async () => {
    for (let i = 0; i < 23; i++) await customerMail(i);
  });

  it('pages with absolute https nextLinks that PageIterator follows', async () => {
    const first = (await client.api(`${me}/mailFolders('Inbox')/messages`).top(10).select('id,subject').get()) as PageCollection;
    expect(first['@odata.nextLink']).toMatch(new RegExp(`^${graph.url.replace(/\./g, '\\.')}/`));
    const seen: string[] = [];
    await new PageIterator(client, first, (m: Msg) => {
      seen.push(m.id);
      return true;
    }).iterate();
    expect(seen.length).toBeGreaterThanOrEqual(23);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('returns internetMessageHeaders and uniqueBody only when selected', async () => {
    const plain = (await client.api(`${me}/messages`).top(1).get()) as { value: Msg[] };
    expect(plain.value[0]).not.toHaveProperty('internetMessageHeaders');
    expect(plain.value[0]).not.toHaveProperty('uniqueBody');
    expect(plain.value[0]).toHaveProperty('bodyPreview');
    const sel = (await client.api(`${me}/messages`).top(1).select('internetMessageHeaders,uniqueBody').get()) as { value: Msg[] };
    expect(Object.keys(sel.value[0]!).sort()).toEqual(['@odata.etag', 'id', 'internetMessageHeaders', 'uniqueBody']);
    expect(sel.value[0]!.internetMessageHeaders).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Subject' })]));
  });

  it('converts the body to text on Prefer outlook.body-content-type="text"', async () => {
    const id = (await graph.deliver(await mime({ from: 'h@example.com', to: 'support@studyflash.test', subject: 'HTML', html: '<p>Hallo <b>Welt</b></p>' }))).id;
    const html = (await client.api(`${me}/messages/${id}`).select('body').get()) as { body: { contentType: string } };
    expect(html.body.contentType).toBe('html');
    const text = (await client.api(`${me}/messages/${id}`).select('body').header('Prefer', 'outlook.body-content-type="text"').get()) as { body: { contentType: string; content: string } };
    expect(text.body).toEqual({ contentType: 'text', content: 'Hallo Welt' });
  });

  it('refuses to $select a property messages do not have', async () => {
    await expect(client.api(`${me}/messages`).select('subjekt').get()).rejects.toMatchObject({ statusCode: 400 });
  });

  it('filters by conversationId, internetMessageId, isDraft, receivedDateTime and categories, combined with and', async () => {
    const id = await customerMail(100, { subject: 'Rückerstattung bitte', messageId: '<refund-100@example.com>' });
    const m = (await client.api(`${me}/messages/${id}`).headers(IMMUTABLE).get()) as Msg & { conversationId: string };
    await client.api(`${me}/messages/${id}`).patch({ categories: ['refund-request'] });

    const q = async (filter: string): Promise<string[]> =>
      ((await client.api(`${me}/messages`).headers(IMMUTABLE).filter(filter).top(100).get()) as { value: Msg[] }).value.map((x) => x.id);
    expect(await q(`conversationId eq '${m.conversationId}'`)).toEqual([id]);
    expect(await q(`internetMessageId eq '<refund-100@example.com>'`)).toEqual([id]);
    expect(await q(`categories/any(c:c eq 'refund-request')`)).toEqual([id]);
    expect(await q(`isDraft eq false and categories/any(c:c eq 'refund-request') and receivedDateTime ge 2000-01-01T00:00:00Z`)).toEqual([id]);
    expect(await q(`receivedDateTime gt 2999-01-01T00:00:00Z`)).toEqual([]);
    expect((await q('isDraft eq false')).length).toBeGreaterThan(20);
  });

  it('orders by receivedDateTime ascending or descending', async () => {
    const asc = ((await client.api(`${me}/messages`).orderby('receivedDateTime asc').top(100).select('receivedDateTime').get()) as { value: Array<{ receivedDateTime: string }> }).value.map((x) => x.receivedDateTime);
    expect(asc).toEqual([...asc].sort());
    const desc = ((await client.api(`${me}/messages`).orderby('receivedDateTime desc').top(100).select('receivedDateTime').get()) as { value: Array<{ receivedDateTime: string }> }).value.map((x) => x.receivedDateTime);
    expect(desc).toEqual([...desc].sort().reverse());
  });

  it('answers a malformed $filter with 400', async () => {
    await expect(client.api(`${me}/messages`).filter("subject eq 'unterminated").get()).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe('updating and deleting', () => {
  it('replaces the whole categories list on PATCH', async () => {
    const id = await customerMail(200);
    await client.api(`${me}/messages/${id}`).patch({ categories: ['bug-report', 'ai-processed'] });
    await client.api(`${me}/messages/${id}`).patch({ categories: ['needs-triage'] });
    const m = (await client.api(`${me}/messages/${id}`).select('categories').get()) as { categories: string[] };
    expect(m.categories).toEqual(['needs-triage']);
  });

  it('refuses body or subject changes on a received message, and unknown properties', async () => {
    const id = await customerMail(201);
    await expect(client.api(`${me}/messages/${id}`).patch({ subject: 'x' })).rejects.toMatchObject({ statusCode: 400, code: 'ErrorInvalidPropertyUpdateSentMessage' });
    await expect(client.api(`${me}/messages/${id}`).patch({ colour: 'x' })).rejects.toMatchObject({ statusCode: 400 });
  });

  it('moves a deleted message to Deleted Items: the immutable id still resolves, the REST id does not', async () => {
    const immutable = await customerMail(202);
    const rest = ((await client.api(`${me}/messages/${immutable}`).get()) as Msg).id;
    expect(rest).not.toBe(immutable);
    await client.api(`${me}/messages/${rest}`).delete();
    const moved = (await client.api(`${me}/messages/${immutable}`).headers(IMMUTABLE).get()) as Msg & { parentFolderId: string };
    expect(moved.id).toBe(immutable);
    const deleted = (await client.api(`${me}/mailFolders/deleteditems`).get()) as { id: string };
    expect(moved.parentFolderId).toBe(deleted.id);
    await expect(client.api(`${me}/messages/${rest}`).get()).rejects.toMatchObject({ statusCode: 404, code: 'ErrorItemNotFound' });
    await client.api(`${me}/messages/${immutable}`).delete();
    await expect(client.api(`${me}/messages/${immutable}`).get()).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('master categories', () => {
  it('creates categories with a colour preset, refuses duplicates and bad colours, deletes', async () => {
    const created = (await client.api(`${me}/outlook/masterCategories`).post({ displayName: 'bug-report', color: 'preset0' })) as { id: string; color: string };
    expect(created.color).toBe('preset0');
    await expect(client.api(`${me}/outlook/masterCategories`).post({ displayName: 'Bug-Report', color: 'preset1' })).rejects.toMatchObject({ statusCode: 409 });
    await expect(client.api(`${me}/outlook/masterCategories`).post({ displayName: 'x', color: 'preset25' })).rejects.toMatchObject({ statusCode: 400 });
    const list = (await client.api(`${me}/outlook/masterCategories`).get()) as { value: Array<{ displayName: string }> };
    expect(list.value.map((c) => c.displayName)).toContain('bug-report');
    await client.api(`${me}/outlook/masterCategories/${created.id}`).delete();
    await expect(client.api(`${me}/outlook/masterCategories/${created.id}`).get()).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('replying', () => {
  it('creates a threaded reply draft whose $value carries In-Reply-To and References, and keeps them after send', async () => {
    const id = await customerMail(300, {
      messageId: '<orig-300@example.com>',
      references: ['<root-299@example.com>'],
      inReplyTo: '<root-299@example.com>',
      replyTo: 'billing-contact@example.com',
      subject: 'Doppelte Abbuchung',
    });
    const original = (await client.api(`${me}/messages/${id}`).headers(IMMUTABLE).get()) as Msg & { conversationId: string };
    const draft = (await client.api(`${me}/messages/${id}/createReply`).headers(IMMUTABLE).post({ comment: 'Danke, wir prüfen das.' })) as Msg & Record<string, unknown>;
    expect(draft).toMatchObject({
      isDraft: true,
      subject: 'RE: Doppelte Abbuchung',
      conversationId: original.conversationId,
      toRecipients: [{ emailAddress: { address: 'billing-contact@example.com' } }],
    });
    const drafts = (await client.api(`${me}/mailFolders/drafts`).get()) as { id: string };
    expect(draft.parentFolderId).toBe(drafts.id);
    expect((draft.body as { content: string }).content).toContain('Danke, wir prüfen das.');
    expect((draft.body as { content: string }).content).toContain('Nummer 300');

    const draftMime = (await client.api(`${me}/messages/${draft.id}/$value`).get()) as string;
    expect(draftMime).toMatch(/^In-Reply-To: <orig-300@example\.com>$/m);
    expect(draftMime).toMatch(/^References: <root-299@example\.com> <orig-300@example\.com>$/m);
    expect(draftMime).toMatch(/^MIME-Version: 1\.0$/m);

    await client.api(`${me}/messages/${draft.id}`).patch({ body: { contentType: 'html', content: '<p>Neue Antwort</p>' } });
    const before = graph.stats().byStatus['202'] ?? 0;
    await client.api(`${me}/messages/${draft.id}/send`).post(null);
    expect(graph.stats().byStatus['202']).toBe(before + 1);
    const sent = (await client.api(`${me}/messages/${draft.id}`).headers(IMMUTABLE).get()) as Msg & Record<string, unknown>;
    const sentItems = (await client.api(`${me}/mailFolders/sentitems`).get()) as { id: string };
    expect(sent).toMatchObject({ id: draft.id, isDraft: false, parentFolderId: sentItems.id });
    expect(sent.sentDateTime).toEqual(expect.any(String));
    const sentMime = (await client.api(`${me}/messages/${draft.id}/$value`).get()) as string;
    expect(sentMime).toMatch(/^In-Reply-To: <orig-300@example\.com>$/m);
    expect(sentMime).toContain('Neue Antwort');
    expect(graph.outbound().at(-1)).toMatchObject({ to: ['billing-contact@example.com'], subject: 'RE: Doppelte Abbuchung' });

    await expect(client.api(`${me}/messages/${draft.id}/send`).post(null)).rejects.toMatchObject({ statusCode: 400 });
  });

  it('refuses createReply with both a comment and a message body', async () => {
    const id = await customerMail(301);
    await expect(client.api(`${me}/messages/${id}/createReply`).post({ comment: 'a', message: { body: { contentType: 'text', content: 'b' } } }))
      .rejects.toMatchObject({ statusCode: 400 });
  });

  it('replies to all other recipients with createReplyAll, never to the mailbox itself', async () => {
    const id = await customerMail(302, { cc: ['teacher@school.example', 'support@studyflash.test'] });
    const draft = (await client.api(`${me}/messages/${id}/createReplyAll`).post({})) as { toRecipients: unknown[]; ccRecipients: Array<{ emailAddress: { address: string } }> };
    expect(draft.ccRecipients.map((r) => r.emailAddress.address)).toEqual(['teacher@school.example']);
  });

  it('sends a new mail with sendMail into Sent Items', async () => {
    await client.api(`${me}/sendMail`).post({ message: { subject: 'Hinweis', body: { contentType: 'Text', content: 'x' }, toRecipients: [{ emailAddress: { address: 'a@example.com' } }] } });
    const sent = (await client.api(`${me}/mailFolders/sentitems/messages`).filter("subject eq 'Hinweis'").get()) as { value: unknown[] };
    expect(sent.value).toHaveLength(1);
    await expect(client.api(`${me}/sendMail`).post({ message: { subject: 'kein Empfänger' } })).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe('$batch', () => {
  it('runs items, orders dependsOn and answers a failed dependency with 424', async () => {
    const id = await customerMail(400);
    const res = (await client.api('/$batch').post({
      requests: [
        { id: '1', method: 'PATCH', url: `${me}/messages/${id}`, headers: { 'content-type': 'application/json' }, body: { categories: ['other'] } },
        { id: '2', method: 'GET', url: `${me}/messages/${id}?$select=categories`, dependsOn: ['1'] },
        { id: '3', method: 'GET', url: `${me}/messages/AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0AAAAAAAAAAAAAAAAAAAAAAA` },
        { id: '4', method: 'GET', url: `${me}`, dependsOn: ['3'] },
      ],
    })) as { responses: Array<{ id: string; status: number; body: Record<string, unknown> }> };
    const by = Object.fromEntries(res.responses.map((r) => [r.id, r]));
    expect(by['1']!.status).toBe(200);
    expect(by['2']!.body.categories).toEqual(['other']);
    expect(by['3']!.status).toBe(404);
    expect(by['4']!.status).toBe(424);
  });

  it('refuses more than 20 items and duplicate ids with 400', async () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: me }));
    await expect(client.api('/$batch').post({ requests: many })).rejects.toMatchObject({ statusCode: 400 });
    await expect(client.api('/$batch').post({ requests: [{ id: 'a', method: 'GET', url: me }, { id: 'a', method: 'GET', url: me }] })).rejects.toMatchObject({ statusCode: 400 });
  });
});
