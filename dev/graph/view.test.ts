// The Outlook view and the JSON helpers under /_mock (no auth): pages, safe mail rendering, and the
// view's Graph path (the same routes as /v1.0, not counted as the app's requests).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockGraph } from './server.js';
import { inMinutes, mime, sdkClient, startReceiver, startTestGraph } from './testkit.js';
import { safeMailHtml } from './view.js';

let graph: MockGraph;
const AUTH = { authorization: 'Bearer t', 'content-type': 'application/json' };

beforeAll(async () => {
  graph = await startTestGraph({ limits: false });
});
afterAll(async () => {
  await graph.close();
});

async function html(path: string): Promise<{ type: string | null; text: string }> {
  const res = await fetch(`${graph.origin}${path}`);
  expect(res.status).toBe(200);
  return { type: res.headers.get('content-type'), text: await res.text() };
}

describe('mailbox view', () => {
  it('lists Inbox mail with categories as chips in the master colour, escaping everything', async () => {
    await fetch(`${graph.url}/users/${graph.mailbox}/outlook/masterCategories`, { method: 'POST', headers: AUTH, body: JSON.stringify({ displayName: 'bug-report', color: 'preset0' }) });
    const { id } = await graph.deliver(await mime({
      from: '"Eve <script>" <eve@example.com>', to: 'support@studyflash.test', subject: 'Hilfe <script>alert(1)</script> ä',
      html: '<p>Body</p><script>alert(2)</script>',
    }));
    await fetch(`${graph.url}/users/${graph.mailbox}/messages/${id}`, { method: 'PATCH', headers: AUTH, body: JSON.stringify({ categories: ['bug-report', 'unbekannt'] }) });

    const inbox = await html('/_mock/');
    expect(inbox.type).toBe('text/html; charset=utf-8');
    expect(inbox.text).toContain('Hilfe &lt;script&gt;alert(1)&lt;/script&gt; ä');
    expect(inbox.text).not.toContain('<script>');
    expect(inbox.text).toMatch(/<span class="chip" style="background:#e81123;[^"]*"[^>]*>bug-report<\/span>/);
    expect(inbox.text).toMatch(/<span class="chip" style="background:transparent;[^"]*"[^>]*>unbekannt<\/span>/);

    const page = await html(`/_mock/message/${id}`);
    expect(page.text).toMatch(/<iframe class="mail-html"[^>]* sandbox=""/);
    expect(page.text).not.toContain('<script>');
    expect(page.text).toContain('Body');
    expect(page.text).not.toContain('alert(2)'); // sanitized away, not just escaped
    expect(page.text).toMatch(/<td>Message-ID<\/td>/);
  });

  it('shows drafts and sent items with their recipients', async () => {
    const { id } = await graph.deliver(await mime({ from: 'kim@example.com', to: 'support@studyflash.test', subject: 'Frage', text: 'x' }));
    const draft = (await (await fetch(`${graph.url}/users/${graph.mailbox}/messages/${id}/createReply`, { method: 'POST', headers: { ...AUTH, Prefer: 'IdType="ImmutableId"' }, body: '{}' })).json()) as { id: string };
    const drafts = await html('/_mock/folder/drafts');
    expect(drafts.text).toContain('RE: Frage');
    expect(drafts.text).toContain('Draft');
    await fetch(`${graph.url}/users/${graph.mailbox}/messages/${draft.id}/send`, { method: 'POST', headers: { authorization: 'Bearer t' } });
    const sent = await html('/_mock/folder/sentitems');
    expect(sent.text).toContain('RE: Frage');
    expect(sent.text).toMatch(/<th>To<\/th>[\s\S]*<td>kim@example.com<\/td>/);
    const page = await html(`/_mock/message/${draft.id}`);
    expect(page.text).toMatch(/<td>In-Reply-To<\/td>/);
  });
});

describe('the Outlook view', () => {
  it('lists the five folders in Outlook\'s order and offers the actions on a received mail', async () => {
    const { id } = await graph.deliver(await mime({ from: 'kim@example.com', to: 'support@studyflash.test', subject: 'Aktionen', text: 'x' }));
    const page = await html(`/_mock/message/${id}`);
    const folders = [...page.text.matchAll(/data-folder="(\w+)"><span>([^<]+)</g)].map((m) => m[2]);
    expect(folders).toEqual(['Inbox', 'Drafts', 'Sent Items', 'Junk Email', 'Deleted Items']);
    for (const action of ['open-reply', 'flag', 'move', 'delete']) expect(page.text).toContain(`data-action="${action}"`);
    expect(page.text).toContain('data-to="junkemail"');
    expect(page.text).toContain('<script src="/_mock/outlook.js"></script>');
    const res = await fetch(`${graph.origin}/_mock/message/${id}`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const script = await fetch(`${graph.origin}/_mock/outlook.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain("'x-mock-outlook': '1'");
  });

  it('renders hostile mail sanitized in a sandboxed frame: no scripts, handlers, javascript: links, forms, frames or remote images', async () => {
    const { id } = await graph.deliver(readFileSync(new URL('../../test/fixtures/hostile/html-script-onerror.eml', import.meta.url)));
    const page = await html(`/_mock/message/${id}`);
    const srcdoc = /<iframe class="mail-html"[^>]* sandbox=""[^>]*srcdoc="([^"]*)"/.exec(page.text)?.[1] ?? '';
    const doc = srcdoc.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    expect(doc).toContain('the quiz screen freezes');
    expect(doc).not.toMatch(/<script|onerror|onload|javascript:|tracker\.example|evil\.example|<iframe|<form|<input|<style>body\{background|@import/i);
    expect(doc).toContain("default-src 'none'");
    expect(safeMailHtml('<p>ok<img src="data:image/png;base64,AAAA"><img src="x"><a href="https://studyflash.test/help">help</a></p>'))
      .toBe('<p>ok<img src="data:image/png;base64,AAAA" /><a href="https://studyflash.test/help">help</a></p>');
  });

  it('runs the view\'s actions through the Graph routes: same notification as Graph, not counted as the app\'s requests, refused without its header', async () => {
    const hook = await startReceiver();
    const client = sdkClient(graph);
    const sub = (await client.api('/subscriptions').headers({ Prefer: 'IdType="ImmutableId"' }).post({
      changeType: 'updated', notificationUrl: hook.url, resource: `users/${graph.mailbox}/mailFolders('inbox')/messages`, expirationDateTime: inMinutes(60),
    })) as { id: string };
    try {
      const { id } = await graph.deliver(await mime({ from: 'kim@example.com', to: 'support@studyflash.test', subject: 'Outlook', text: 'x' }));
      const path = `${graph.origin}/_mock/outlook/v1.0/users/${encodeURIComponent(graph.mailbox)}/messages/${id}`;
      const body = JSON.stringify({ categories: ['bug-report'] });
      const refused = await fetch(path, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body });
      expect(refused.status).toBe(403);
      const before = graph.stats();
      const res = await fetch(path, { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-mock-outlook': '1', prefer: 'IdType="ImmutableId"' }, body });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { id: string; categories: string[] })).toMatchObject({ id, categories: ['bug-report'] });
      await hook.waitFor(() => hook.items().length === 1);
      expect(hook.items()[0]).toMatchObject({ subscriptionId: sub.id, changeType: 'updated', resourceData: { id } });
      const after = graph.stats();
      expect(after.requests).toBe(before.requests);
      expect(after.outlookRequests).toBe(before.outlookRequests + 1);
      // Only mailbox routes: the view cannot touch subscriptions.
      expect((await fetch(`${graph.origin}/_mock/outlook/v1.0/subscriptions`, { headers: { 'x-mock-outlook': '1' } })).status).toBe(403);
    } finally {
      await client.api(`/subscriptions/${sub.id}`).delete();
      await graph.idle();
      await hook.close();
    }
  });
});

describe('JSON helpers', () => {
  it('delivers raw MIME, lists messages and reports stats without auth', async () => {
    const raw = (await mime({ from: 'r@example.com', to: 'support@studyflash.test', subject: 'Roh', text: 'x' })).toString();
    const res = await fetch(`${graph.origin}/_mock/deliver`, { method: 'POST', headers: { 'content-type': 'message/rfc822' }, body: raw });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const list = (await (await fetch(`${graph.origin}/_mock/messages?folder=inbox`)).json()) as { value: Array<{ id: string; subject: string }> };
    expect(list.value.find((m) => m.id === id)?.subject).toBe('Roh');
    const stats = (await (await fetch(`${graph.origin}/_mock/stats`)).json()) as { requests: number };
    expect(stats.requests).toBeGreaterThan(0);
    expect((await fetch(`${graph.origin}/_mock/lifecycle`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(400);
  });
});
