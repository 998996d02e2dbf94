// The mock mailbox's Outlook view (/_mock/) in a real browser, as someone trying the product uses it:
// the AI reply draft is edited and sent, the customer's mail is opened, re-categorized, flagged
// complete and moved to Junk Email. The mock Graph has Inbox, Sent Items and Junk Email
// subscriptions to a local webhook; the test checks the notifications Graph would have sent and
// where each message ends up, and that none of it counted as the app's own Graph traffic.
// Screenshots go to test-artifacts/. The browser is chosen by ./chromium.ts.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import type { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchOptions } from './chromium.js';
import type { MockGraph } from '../../dev/graph/server.js';
import { inMinutes, sdkClient, startReceiver, startTestGraph, type Receiver } from '../../dev/graph/testkit.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const HOSTILE = path.join(ROOT, 'test/fixtures/hostile/html-script-onerror.eml');
const H = { Prefer: 'IdType="ImmutableId"' };

type Note = { subscriptionId: string; changeType: string; resourceData: { id: string } };
type Msg = { id: string; subject: string; categories: string[]; flag: { flagStatus: string }; isRead: boolean; isDraft: boolean; parentFolderId: string; uniqueBody: { content: string } };

let graph: MockGraph;
let client: Client;
let hook: Receiver;
let context: BrowserContext | undefined;
let profile = '';
let me = '';
const subs: Record<'inbox' | 'sent' | 'junk', string> = { inbox: '', sent: '', junk: '' };

async function subscribe(folder: string, changeType: string): Promise<string> {
  const s = (await client.api('/subscriptions').headers(H).post({
    changeType, notificationUrl: hook.url, resource: `users/${graph.mailbox}/mailFolders('${folder}')/messages`, expirationDateTime: inMinutes(60), clientState: 'outlook-view-test',
  })) as { id: string };
  return s.id;
}

function received(): Array<[string, string, string]> {
  const name = (sid: string): string => Object.entries(subs).find(([, v]) => v === sid)?.[0] ?? sid;
  return (hook.items() as unknown as Note[]).map((n) => [name(n.subscriptionId), n.changeType, n.resourceData.id]);
}

beforeAll(async () => {
  graph = await startTestGraph({ notificationBatchMs: 20 });
  client = sdkClient(graph);
  me = `/users/${graph.mailbox}`;
  hook = await startReceiver();
  subs.inbox = await subscribe('Inbox', 'created,updated,deleted');
  subs.sent = await subscribe('SentItems', 'created');
  subs.junk = await subscribe('junkemail', 'created');
  profile = mkdtempSync(path.join(os.tmpdir(), 'outlook-view-'));
  context = await chromium.launchPersistentContext(profile, {
    ...(await launchOptions()),
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 800 },
  });
}, 120_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await graph?.idle();
  await graph?.close();
  await hook?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
}, 60_000);

describe('the mock mailbox\'s Outlook view (browser)', () => {
  it('sends the edited AI draft, re-categorizes, flags complete and moves to Junk Email, each with Graph\'s notifications', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // What the product has done by the time an agent opens Outlook: categories and an AI reply draft.
    for (const [displayName, color] of [['refund-request', 'preset1'], ['bug-report', 'preset0'], ['ai-processed', 'preset8']]) {
      await client.api(`${me}/outlook/masterCategories`).post({ displayName, color });
    }
    const { id } = await graph.deliver(readFileSync(HOSTILE));
    await client.api(`${me}/messages/${id}`).headers(H).patch({ categories: ['refund-request', 'ai-processed'] });
    const draft = (await client.api(`${me}/messages/${id}/createReply`).headers(H).post({ message: { body: { contentType: 'html', content: '<p>Hi Tom, thanks for the report.</p>' } } })) as Msg;
    await hook.waitFor(() => received().some(([s, c, i]) => s === 'inbox' && c === 'created' && i === id));
    await graph.idle();
    const appRequests = graph.stats().requests;
    const seen = hook.items().length;

    const page: Page = await context!.newPage();
    const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `outlook-view-${name}.png`), fullPage: true });

    // 1. Drafts → open the AI draft, edit it, send it.
    await page.goto(`${graph.origin}/_mock/folder/drafts`);
    await page.getByRole('link', { name: 'RE: Quiz freezes' }).click();
    const editor = page.locator('#draft-text');
    await expect.poll(() => editor.inputValue()).toContain('Hi Tom, thanks for the report.');
    await editor.fill('Hi Tom,\n\nthanks for the report, an update that fixes the quiz is on its way.\n\nStudyflash Support');
    await shot('draft');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.waitForURL('**/_mock/folder/sentitems');
    await expect.poll(() => page.locator('table.list').innerText()).toContain('RE: Quiz freezes');
    await shot('sent-items');

    // 2. Inbox → open the customer's mail (Outlook marks it read), change its category, flag it complete.
    await page.goto(`${graph.origin}/_mock/folder/inbox`);
    await shot('inbox');
    await page.getByRole('link', { name: 'Quiz freezes' }).click();
    await page.waitForURL(`**/_mock/message/${id}`);
    // Hostile mail is shown sanitized in a sandboxed frame without scripts.
    const frame = page.locator('iframe.mail-html');
    expect(await frame.getAttribute('sandbox')).toBe('');
    const srcdoc = (await frame.getAttribute('srcdoc')) ?? '';
    expect(srcdoc).toContain('the quiz screen freezes');
    expect(srcdoc).not.toMatch(/<script|onerror|onload|javascript:|tracker\.example|<iframe|<form/i);
    await page.getByText('Categorize', { exact: true }).click();
    await page.getByRole('checkbox', { name: 'refund-request' }).uncheck();
    await page.getByRole('checkbox', { name: 'bug-report' }).check();
    await page.getByRole('button', { name: 'Apply categories' }).click();
    await expect.poll(() => page.locator('#categories').innerText()).toMatch(/bug-report[\s\S]*ai-processed|ai-processed[\s\S]*bug-report/);
    expect(await page.locator('#categories').innerText()).not.toContain('refund-request');
    await page.getByRole('button', { name: 'Mark complete' }).click();
    await expect.poll(() => page.locator('.meta').innerText()).toContain('Completed');
    await shot('message');

    // 3. Move to Junk Email: the view goes back to the Inbox, and Junk Email has it.
    await page.getByRole('button', { name: 'Move to Junk' }).click();
    await page.waitForURL('**/_mock/folder/inbox');
    expect(await page.locator('table.list').innerText()).not.toContain('Quiz freezes');
    await page.locator('nav a[data-folder="junkemail"]').click();
    await expect.poll(() => page.locator('table.list').innerText()).toContain('Quiz freezes');
    await shot('junk');

    // The notifications Graph would send: the draft created in Sent Items; on the Inbox the read,
    // the category and the flag as updates, then the move as deleted; created in Junk Email.
    await hook.waitFor(() => received().slice(seen).some(([s]) => s === 'junk'));
    await graph.idle();
    const after = received().slice(seen);
    expect(after.filter(([s]) => s === 'sent')).toEqual([['sent', 'created', draft.id]]);
    expect(after.filter(([s]) => s === 'junk')).toEqual([['junk', 'created', id]]);
    expect(after.filter(([s]) => s === 'inbox')).toEqual([['inbox', 'updated', id], ['inbox', 'updated', id], ['inbox', 'updated', id], ['inbox', 'deleted', id]]);

    // Where everything is now, read through Graph.
    const junk = (await client.api(`${me}/mailFolders/junkemail`).get()) as { id: string };
    const sentFolder = (await client.api(`${me}/mailFolders/sentitems`).get()) as { id: string };
    const mail = (await client.api(`${me}/messages/${id}`).headers(H).get()) as Msg;
    expect(mail).toMatchObject({ parentFolderId: junk.id, categories: ['bug-report', 'ai-processed'], isRead: true, flag: { flagStatus: 'complete' } });
    const sent = (await client.api(`${me}/messages/${draft.id}`).headers(H).select('id,isDraft,parentFolderId,uniqueBody').get()) as Msg;
    expect(sent).toMatchObject({ isDraft: false, parentFolderId: sentFolder.id });
    expect(sent.uniqueBody.content).toContain('an update that fixes the quiz is on its way');
    expect(graph.messages('drafts')).toEqual([]);
    expect(graph.outbound().map((o) => o.to)).toEqual([['tom.baker@example.co.uk']]);
    // Outlook's actions are not the app's Graph traffic.
    expect(graph.stats().outlookRequests).toBeGreaterThanOrEqual(7);
    expect(graph.stats().requests).toBe(appRequests + 4); // this test's own SDK reads above
  }, 120_000);

  it('replies by hand from a received mail; the reply lands in Sent Items in the same conversation', async () => {
    const page: Page = await context!.newPage();
    const raw = ['From: Lea <lea@example.test>', 'To: support@studyflash.test', 'Subject: Passwort vergessen', 'Message-ID: <view-reply-1@example.test>', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', 'Wie setze ich mein Passwort zurück?'].join('\r\n');
    const { id } = await graph.deliver(raw);
    const seen = hook.items().length;
    await page.goto(`${graph.origin}/_mock/message/${id}`);
    await page.getByRole('button', { name: 'Reply', exact: true }).click();
    await page.locator('#reply-text').fill('Hallo Lea, unter Einstellungen → Konto → Passwort zurücksetzen.');
    await page.screenshot({ path: path.join(ARTIFACTS, 'outlook-view-reply.png'), fullPage: true });
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.waitForURL('**/_mock/folder/sentitems');
    await hook.waitFor(() => received().slice(seen).some(([s]) => s === 'sent'));
    await graph.idle();
    const sentNote = received().slice(seen).filter(([s]) => s === 'sent');
    expect(sentNote).toHaveLength(1);
    const original = (await client.api(`${me}/messages/${id}`).headers(H).select('conversationId').get()) as { conversationId: string };
    const reply = (await client.api(`${me}/messages/${sentNote[0]![2]}`).headers(H).select('conversationId,subject,uniqueBody,toRecipients').get()) as { conversationId: string; subject: string; uniqueBody: { content: string }; toRecipients: Array<{ emailAddress: { address: string } }> };
    expect(reply.conversationId).toBe(original.conversationId);
    expect(reply.subject).toBe('RE: Passwort vergessen');
    expect(reply.toRecipients.map((r) => r.emailAddress.address)).toEqual(['lea@example.test']);
    expect(reply.uniqueBody.content).toContain('Passwort zurücksetzen');
  }, 60_000);
});
