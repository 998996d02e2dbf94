// The read-only HTML view and the JSON helpers under /_mock (no auth).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockGraph } from './server.js';
import { mime, startTestGraph } from './testkit.js';

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
    expect(page.text).toContain('<iframe sandbox=""');
    expect(page.text).not.toContain('<script>');
    expect(page.text).toContain('&lt;script&gt;alert(2)');
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
    expect(sent.text).toContain('To: kim@example.com');
    const page = await html(`/_mock/message/${draft.id}`);
    expect(page.text).toMatch(/<td>In-Reply-To<\/td>/);
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
