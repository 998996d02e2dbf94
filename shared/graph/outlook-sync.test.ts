// The Mailbox port's Outlook-sync methods, one contract for both implementations: the Graph adapter
// against the mock Graph (Outlook's actions made through Graph with the SDK, as the mailbox's Outlook
// would), and the in-memory FakeMailbox (its outlook* actions). Both must answer the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { MockGraph } from '../../dev/graph/server.js';
import { mime, sdkClient, startTestGraph } from '../../dev/graph/testkit.js';
import { loadConfig } from '../config.js';
import type { Mailbox } from '../ports.js';
import { FakeMailbox } from '../testing/fake-mailbox.js';
import { createGraphAdapters } from './index.js';

/** What an agent does in Outlook, per implementation. */
interface World {
  mailbox: Mailbox;
  deliver(subject: string, text: string): Promise<string>;
  outlookSendDraft(draftId: string, newText: string): Promise<void>;
  outlookReply(messageId: string, text: string): Promise<string>;
  outlookSetCategories(id: string, categories: string[]): Promise<void>;
  outlookFlagComplete(id: string): Promise<void>;
  outlookMarkRead(id: string): Promise<void>;
  outlookMove(id: string, folder: 'junkemail' | 'inbox'): Promise<void>;
  outlookDelete(id: string): Promise<void>;
  /** Graph requests (or fake calls) made by the app so far */
  requests(): number;
  close(): Promise<void>;
}

async function graphWorld(): Promise<World> {
  const graph: MockGraph = await startTestGraph({ limits: false });
  const config = loadConfig({ APP_ENV: 'test', GRAPH_BASE_URL: graph.url, GRAPH_AUTHORITY_HOST: graph.origin, GRAPH_CLIENT_SECRET: 'test-secret', GRAPH_TENANT_ID: graph.tenantId, SUPPORT_MAILBOX: graph.mailbox });
  let n = 0;
  const { mailbox } = createGraphAdapters(config, { onRequest: () => n++ });
  const outlook: Client = sdkClient(graph);
  const me = `/users/${graph.mailbox}`;
  const H = { Prefer: 'IdType="ImmutableId"' };
  return {
    mailbox,
    async deliver(subject, text) {
      return (await graph.deliver(await mime({ from: 'Anna Muster <anna@customer.test>', to: graph.mailbox, subject, text }))).id;
    },
    async outlookSendDraft(draftId, newText) {
      // The agent replaces the reply text above the quoted mail, then sends.
      const d = (await outlook.api(`${me}/messages/${draftId}`).headers(H).select('body').get()) as { body: { content: string } };
      const html = d.body.content.replace(/(<body[^>]*>)[\s\S]*?(<div id="appendonsend">)/i, `$1<div>${newText}</div>$2`);
      await outlook.api(`${me}/messages/${draftId}`).headers(H).patch({ body: { contentType: 'html', content: html } });
      await outlook.api(`${me}/messages/${draftId}/send`).headers(H).post(null);
    },
    async outlookReply(messageId, text) {
      const d = (await outlook.api(`${me}/messages/${messageId}/createReply`).headers(H).post({ comment: text })) as { id: string };
      await outlook.api(`${me}/messages/${d.id}/send`).headers(H).post(null);
      return d.id;
    },
    async outlookSetCategories(id, categories) {
      await outlook.api(`${me}/messages/${id}`).headers(H).patch({ categories });
    },
    async outlookFlagComplete(id) {
      await outlook.api(`${me}/messages/${id}`).headers(H).patch({ flag: { flagStatus: 'complete' } });
    },
    async outlookMarkRead(id) {
      await outlook.api(`${me}/messages/${id}`).headers(H).patch({ isRead: true });
    },
    async outlookMove(id, folder) {
      await outlook.api(`${me}/messages/${id}/move`).headers(H).post({ destinationId: folder });
    },
    async outlookDelete(id) {
      await outlook.api(`${me}/messages/${id}`).headers(H).delete();
    },
    requests: () => n,
    close: () => graph.close(),
  };
}

function fakeWorld(): World {
  const mailbox = new FakeMailbox();
  return {
    mailbox,
    deliver: async (subject, text) => mailbox.deliver({ from: { name: 'Anna Muster', address: 'anna@customer.test' }, subject, text }),
    outlookSendDraft: async (draftId, newText) => mailbox.outlookSendDraft(draftId, `<div>${newText}</div>`),
    outlookReply: async (messageId, text) => mailbox.outlookReply(messageId, text),
    outlookSetCategories: async (id, categories) => mailbox.outlookSetCategories(id, categories),
    outlookFlagComplete: async (id) => mailbox.outlookFlag(id, 'complete'),
    outlookMarkRead: async (id) => mailbox.outlookMarkRead(id),
    outlookMove: async (id, folder) => mailbox.outlookMove(id, folder),
    outlookDelete: async (id) => mailbox.outlookDelete(id),
    requests: () => mailbox.totalCalls,
    close: async () => undefined,
  };
}

const CUSTOMER_TEXT = 'beim Hochladen meiner PDF passiert nichts';

describe.each([
  ['the Graph adapter against the mock Graph', graphWorld],
  ['the in-memory fake', async () => fakeWorld()],
])('Outlook sync through %s', (_name, make) => {
  let w: World;
  beforeAll(async () => {
    w = await make();
  });
  afterAll(async () => {
    await w?.close();
  });

  it('reads a message\'s categories, flag, read state, folder and changeKey in one request', async () => {
    const id = await w.deliver('PDF', `Hallo, ${CUSTOMER_TEXT}.`);
    await w.mailbox.getMessageState(id); // first use may resolve folder ids once per process
    const before = w.requests();
    const s = await w.mailbox.getMessageState(id);
    expect(w.requests() - before).toBe(1);
    expect(s).toMatchObject({ messageId: id, categories: [], flag: { status: 'notFlagged' }, isRead: false, isDraft: false, folder: 'inbox' });
    expect(s!.conversationId).toBeTruthy();
    expect(s!.changeKey).toBeTruthy();
    expect(s!.text).toBeUndefined();
    expect((await w.mailbox.getMessageState(id, { text: true }))!.text).toContain(CUSTOMER_TEXT);
  });

  it('sees a category an agent changes in Outlook, with a new changeKey, and the change in the Inbox delta', async () => {
    const id = await w.deliver('Refund', 'Ich möchte mein Geld zurück.');
    await w.mailbox.setCategories(id, ['refund-request', 'ai-processed']);
    const ours = await w.mailbox.getMessageState(id);
    const round = await w.mailbox.inboxDelta(null);
    // The write's answer names the version it produced: the one the notification of it names.
    const written = await w.mailbox.setCategories(id, ['refund-request', 'ai-processed']);
    const again = await w.mailbox.getMessageState(id);
    expect(written).toBe(`W/"${again!.changeKey}"`);
    await w.outlookSetCategories(id, ['bug-report', 'ai-processed']);
    const theirs = await w.mailbox.getMessageState(id);
    expect(theirs!.categories).toEqual(['bug-report', 'ai-processed']);
    expect(theirs!.changeKey).not.toBe(ours!.changeKey);
    expect(`W/"${theirs!.changeKey}"`).not.toBe(written);
    const next = await w.mailbox.inboxDelta(round.deltaLink);
    expect(next.changed).toEqual([id]);
    expect(next.removed).toEqual([]);
  });

  it('sees an agent\'s read, flag complete, move to Junk and back, and delete in Outlook, each in the right folder\'s delta', async () => {
    const id = await w.deliver('Spam?', 'Billige Uhren');
    const inbox = await w.mailbox.inboxDelta(null);
    await w.outlookMarkRead(id);
    await w.outlookFlagComplete(id);
    const flagged = await w.mailbox.getMessageState(id);
    expect(flagged).toMatchObject({ isRead: true, flag: { status: 'complete' }, folder: 'inbox' });
    expect(flagged!.flag.completedAt).toBeTruthy();
    const afterFlag = await w.mailbox.inboxDelta(inbox.deltaLink);
    expect(afterFlag).toMatchObject({ changed: [id], removed: [] });

    await w.outlookMove(id, 'junkemail');
    expect((await w.mailbox.getMessageState(id))!.folder).toBe('junkemail');
    const afterJunk = await w.mailbox.inboxDelta(afterFlag.deltaLink);
    expect(afterJunk).toMatchObject({ changed: [], removed: [id] });

    await w.outlookMove(id, 'inbox'); // "Not junk"
    const back = await w.mailbox.inboxDelta(afterJunk.deltaLink);
    expect(back).toMatchObject({ changed: [id], removed: [] });

    await w.outlookDelete(id);
    expect((await w.mailbox.getMessageState(id))!.folder).toBe('deleteditems');
    expect(await w.mailbox.inboxDelta(back.deltaLink)).toMatchObject({ changed: [], removed: [id] });
    await w.outlookDelete(id); // from Deleted Items: gone for good
    expect(await w.mailbox.getMessageState(id)).toBeNull();
  });

  it('flags complete and marks read in one request, returning the changeKey the message now has', async () => {
    const id = await w.deliver('Danke', 'Danke, hat geklappt!');
    const before = w.requests();
    const { changeKey } = await w.mailbox.completeAndMarkRead(id);
    expect(w.requests() - before).toBe(1);
    const s = await w.mailbox.getMessageState(id);
    expect(s).toMatchObject({ isRead: true, flag: { status: 'complete' }, changeKey });
    expect(Date.parse(s!.flag.completedAt!)).not.toBeNaN();
  });

  it('moves to Junk Email under the same id: the Inbox delta has it removed', async () => {
    const id = await w.deliver('Gewinn', 'Sie haben gewonnen!');
    const round = await w.mailbox.inboxDelta(null);
    const { changeKey } = await w.mailbox.moveToJunk(id);
    expect(await w.mailbox.getMessageState(id)).toMatchObject({ messageId: id, folder: 'junkemail', changeKey });
    const next = await w.mailbox.inboxDelta(round.deltaLink);
    expect(next.removed).toEqual([id]);
    expect(next.changed).toEqual([]);
  });

  it('finds the AI draft an agent edited and sent from Outlook in the Sent Items delta and by conversation, with only the reply\'s own text', async () => {
    const id = await w.deliver('PDF Upload', `Hallo, ${CUSTOMER_TEXT}.`);
    const conversationId = (await w.mailbox.getMessageState(id))!.conversationId!;
    const draftId = await w.mailbox.createReplyDraft(id, '<p>Hallo Anna, bitte lade die App neu.</p>');
    const sentRound = await w.mailbox.sentItemsDelta(null);
    await w.outlookSendDraft(draftId, 'Hallo Anna, bitte lade die App neu und melde dich.');

    const next = await w.mailbox.sentItemsDelta(sentRound.deltaLink);
    expect(next.changed).toEqual([draftId]);
    expect(next.conversationIds?.[draftId]).toBe(conversationId);
    const sent = await w.mailbox.findSentInConversation(conversationId, { text: true });
    expect(sent.map((m) => [m.messageId, m.folder, m.isDraft])).toEqual([[draftId, 'sentitems', false]]);
    expect(sent[0]!.text).toContain('bitte lade die App neu und melde dich');
    expect(sent[0]!.text).not.toContain(CUSTOMER_TEXT);
    expect(sent[0]!.sentAt).toBeTruthy();

    // The sent reply is no longer a draft: deleting "the stale draft" leaves it alone.
    expect(await w.mailbox.deleteDraftIfUnsent(draftId)).toBe('not-a-draft');
    expect((await w.mailbox.getMessageState(draftId))!.folder).toBe('sentitems');
  });

  it('lists an agent\'s own reply next to an earlier one, newest first', async () => {
    const id = await w.deliver('Abo', 'Wie kündige ich?');
    const conversationId = (await w.mailbox.getMessageState(id))!.conversationId!;
    const first = await w.outlookReply(id, 'Erste Antwort');
    await new Promise((r) => setTimeout(r, 1100)); // sentDateTime has seconds precision
    const second = await w.outlookReply(id, 'Zweite Antwort');
    const sent = await w.mailbox.findSentInConversation(conversationId, { text: true });
    expect(sent.map((m) => m.messageId)).toEqual([second, first]);
    expect(sent[0]!.text).toContain('Zweite Antwort');
    expect(await w.mailbox.findSentInConversation('no-such-conversation')).toEqual([]);
  });

  it('deletes a draft that is still unsent, and reports a missing one', async () => {
    const id = await w.deliver('Frage', 'Eine Frage');
    const draftId = await w.mailbox.createReplyDraft(id, '<p>Antwort</p>');
    const drafts = await w.mailbox.sentItemsDelta(null);
    expect(await w.mailbox.deleteDraftIfUnsent(draftId)).toBe('deleted');
    expect((await w.mailbox.getMessageState(draftId))?.folder ?? 'gone').not.toBe('drafts');
    expect((await w.mailbox.sentItemsDelta(drafts.deltaLink)).changed).toEqual([]);
    const unknown = w.mailbox instanceof FakeMailbox ? 'AAMkNOPE' : id.slice(0, -6) + (id.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
    expect(await w.mailbox.deleteDraftIfUnsent(unknown)).toBe('missing');
    expect(await w.mailbox.getMessageState(unknown)).toBeNull();
  });
});
