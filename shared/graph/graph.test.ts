// The Graph adapters (official SDK + @azure/identity client credentials) against the mock Graph.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockGraph, type MockGraph } from '../../dev/graph/server.js';
import { loadConfig } from '../config.js';
import { AppError } from '../errors.js';
import { createGraphAdapters, type GraphAdapters } from './index.js';

let seq = 0;
function mime(opts: { from?: string; subject?: string; html?: string; text?: string; headers?: string[]; messageId?: string; inReplyTo?: string } = {}): { raw: string; messageId: string } {
  const messageId = opts.messageId ?? `<graph-test-${process.pid}-${++seq}@customer.test>`;
  const lines = [
    `From: ${opts.from ?? 'Anna Muster <anna@customer.test>'}`,
    'To: Studyflash Support <support@studyflash.test>',
    `Subject: ${opts.subject ?? 'Karteikarten werden nicht generiert'}`,
    `Message-ID: ${messageId}`,
    'Date: Wed, 25 Nov 2026 09:00:00 +0000',
    ...(opts.inReplyTo ? [`In-Reply-To: ${opts.inReplyTo}`, `References: ${opts.inReplyTo}`] : []),
    ...(opts.headers ?? []),
    'MIME-Version: 1.0',
  ];
  if (opts.html) lines.push('Content-Type: text/html; charset=utf-8', '', opts.html);
  else lines.push('Content-Type: text/plain; charset=utf-8', '', opts.text ?? 'Hallo, beim Hochladen meiner PDF passiert nichts.');
  return { raw: lines.join('\r\n'), messageId };
}

describe('Graph adapters against the mock Graph', () => {
  let graph: MockGraph;
  let g: GraphAdapters;
  const ops: string[] = [];
  let endpoint: http.Server;
  let endpointUrl: string;

  beforeAll(async () => {
    graph = await startMockGraph({ port: 0, smtpPort: null });
    const config = loadConfig({ APP_ENV: 'test', GRAPH_BASE_URL: graph.url, GRAPH_AUTHORITY_HOST: graph.origin, GRAPH_CLIENT_SECRET: 'test-secret', GRAPH_TENANT_ID: graph.tenantId, SUPPORT_MAILBOX: graph.mailbox });
    g = createGraphAdapters(config, { onRequest: (op) => ops.push(op) });
    // A webhook that answers the validation handshake, for subscription creation.
    endpoint = http.createServer((req, res) => {
      const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('validationToken');
      req.resume();
      res.writeHead(token === null ? 202 : 200, { 'content-type': 'text/plain' }).end(token ?? '');
    });
    await new Promise<void>((r) => endpoint.listen(0, '127.0.0.1', r));
    endpointUrl = `http://localhost:${(endpoint.address() as AddressInfo).port}/api/notifications`;
  });
  afterAll(async () => {
    await graph?.close();
    await new Promise((r) => endpoint?.close(r));
  });

  it('authenticates with client credentials through the mock token endpoint', async () => {
    const { id } = await graph.deliver(mime().raw);
    await g.mailbox.getMessage(id);
    expect(graph.stats().tokenRequests).toBeGreaterThanOrEqual(1);
  });

  it('reads a message with immutable id, headers, and HTML turned into text', async () => {
    const m = mime({ html: '<html><body><p>Hallo <b>Team</b>,</p><p>die App stürzt ab.</p></body></html>', headers: ['X-Custom: yes'] });
    const { id } = await graph.deliver(m.raw);
    const msg = await g.mailbox.getMessage(id);
    expect(msg).toMatchObject({ messageId: id, internetMessageId: m.messageId, from: { address: 'anna@customer.test', name: 'Anna Muster' }, subject: 'Karteikarten werden nicht generiert', isDraft: false, categories: [] });
    expect(msg.text).toContain('Hallo Team');
    expect(msg.text).not.toContain('<p>');
    expect(msg.headers?.['x-custom']).toBe('yes');
    expect(msg.headers?.['message-id']).toBe(m.messageId);
    expect(msg.conversationId).toBeTruthy();
  });

  it('keeps one line per occurrence of a repeated header (hop counting for mail loops)', async () => {
    const received = Array.from({ length: 30 }, (_, i) => `Received: from relay${i}.example.test by mx${i}.example.test; Wed, 25 Nov 2026 09:00:${String(i).padStart(2, '0')} +0000`);
    const { id } = await graph.deliver(mime({ headers: received }).raw);
    const msg = await g.mailbox.getMessage(id);
    expect(msg.headers?.received?.split('\n')).toHaveLength(30);
  });

  it('answers an unknown message id with a not-found AppError', async () => {
    const { id } = await graph.deliver(mime().raw);
    const unknown = id.slice(0, -6) + (id.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
    await expect(g.mailbox.getMessage(unknown)).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('sets categories and creates the master categories once per process', async () => {
    const { id } = await graph.deliver(mime().raw);
    const names = ['bug-report', 'refund-request', 'product-question', 'other', 'needs-triage', 'high-confidence', 'ai-processed'] as const;
    ops.length = 0;
    await g.mailbox.ensureMasterCategories(names);
    await g.mailbox.ensureMasterCategories(names);
    expect(ops.filter((o) => o === 'masterCategories').length).toBe(1 + names.length);
    await g.mailbox.setCategories(id, ['bug-report', 'high-confidence', 'ai-processed']);
    expect((await g.mailbox.getMessage(id)).categories).toEqual(['bug-report', 'high-confidence', 'ai-processed']);
  });

  it('creates a threaded reply draft with its body in one call; $value carries In-Reply-To and References', async () => {
    const m = mime();
    const { id } = await graph.deliver(m.raw);
    const original = await g.mailbox.getMessage(id);
    ops.length = 0;
    const draftId = await g.mailbox.createReplyDraft(id, '<p>Hallo Anna, danke!</p>');
    expect(ops).toEqual(['createReply']);
    const draft = graph.messages('drafts').find((d) => d.id === draftId)!;
    expect(draft).toMatchObject({ isDraft: true, conversationId: original.conversationId });
    expect(JSON.stringify(draft.body)).toContain('Hallo Anna, danke!');
    const value = await (g.requester.client.api(`/users/${graph.mailbox}/messages/${draftId}/$value`).header('Prefer', 'IdType="ImmutableId"').getStream() as Promise<NodeJS.ReadableStream>);
    let raw = '';
    for await (const chunk of value) raw += Buffer.from(chunk as Uint8Array).toString('utf8');
    expect(raw).toMatch(new RegExp(`^In-Reply-To: ${m.messageId}`, 'mi'));
    expect(raw).toMatch(new RegExp(`^References: .*${m.messageId}`, 'mi'));
    expect(await g.mailbox.findReplyDraft(original.conversationId!, m.messageId)).toBe(draftId);
    expect(await g.mailbox.isDraft(draftId)).toBe(true);
    await g.mailbox.deleteDraft(draftId);
    expect(graph.messages('drafts').map((d) => d.id)).not.toContain(draftId);
  });

  it('does not retry createReply when the response is lost, and the draft is then found', async () => {
    const m = mime();
    const { id } = await graph.deliver(m.raw);
    const original = await g.mailbox.getMessage(id);
    graph.setFaults('lost=1');
    try {
      await expect(g.mailbox.createReplyDraft(id, '<p>x</p>')).rejects.toBeInstanceOf(AppError);
    } finally {
      graph.setFaults('');
    }
    const drafts = graph.messages('drafts').filter((d) => d.conversationId === original.conversationId);
    expect(drafts).toHaveLength(1);
    expect(await g.mailbox.findReplyDraft(original.conversationId!, m.messageId)).toBe(drafts[0]!.id);
  });

  it('retries a throttled read after Graph\'s Retry-After, up to maxRetries, then fails as throttled', async () => {
    const config = loadConfig({ APP_ENV: 'test', GRAPH_BASE_URL: graph.url, GRAPH_AUTHORITY_HOST: graph.origin, GRAPH_CLIENT_SECRET: 'test-secret', GRAPH_TENANT_ID: graph.tenantId, SUPPORT_MAILBOX: graph.mailbox });
    const once = createGraphAdapters(config, { policy: { maxRetries: 1 } });
    const { id } = await graph.deliver(mime().raw);
    await once.mailbox.getMessage(id); // token fetched
    graph.resetStats();
    graph.setFaults('throttle=1');
    try {
      await expect(once.mailbox.getMessage(id)).rejects.toMatchObject({ kind: 'throttled' });
    } finally {
      graph.setFaults('');
    }
    expect(graph.stats().faults.throttle).toBe(2);
  });

  it('replies to the Reply-To address when asked', async () => {
    const { id } = await graph.deliver(mime({ headers: ['Reply-To: anna.private@customer.test'] }).raw);
    const draftId = await g.mailbox.createReplyDraft(id, '<p>x</p>', { to: [{ address: 'anna.private@customer.test' }] });
    const draft = graph.messages('drafts').find((d) => d.id === draftId)!;
    expect(JSON.stringify(draft.toRecipients)).toContain('anna.private@customer.test');
  });

  it('walks Inbox delta rounds: a full round, then only what is new', async () => {
    const first = await g.mailbox.inboxDelta(null);
    expect(first.changed.length).toBeGreaterThan(0);
    expect(first.deltaLink).toMatch(/^https:\/\/localhost:\d+\/v1\.0\/.*deltatoken/);
    const { id } = await graph.deliver(mime().raw);
    const second = await g.mailbox.inboxDelta(first.deltaLink);
    expect(second.changed).toEqual([id]);
    expect(second.receivedAt?.[id]).toBeTruthy();
  });

  it('keeps at most four requests in flight, so the mailbox never throttles it', async () => {
    const { id } = await graph.deliver(mime().raw);
    graph.resetStats();
    await Promise.all(Array.from({ length: 16 }, () => g.mailbox.getMessage(id)));
    expect(graph.stats().throttled).toBe(0);
    expect(graph.stats().peakConcurrency).toBeLessThanOrEqual(4);
  });

  it('creates, lists, renews and removes the Inbox subscription', async () => {
    const expires = new Date(Date.now() + 60 * 60_000).toISOString();
    const sub = await g.subscriptions.create({ resource: `users/${graph.mailbox}/mailFolders('Inbox')/messages`, changeTypes: ['created'], notificationUrl: endpointUrl, lifecycleNotificationUrl: endpointUrl, clientState: 'client-state-0123456789abcdef', expirationDateTime: expires });
    expect(sub.id).toBeTruthy();
    expect((await g.subscriptions.list()).map((s) => s.id)).toContain(sub.id);
    const later = new Date(Date.now() + 120 * 60_000).toISOString();
    const renewed = await g.subscriptions.renew(sub.id, later);
    expect(Date.parse(renewed.expirationDateTime)).toBeGreaterThan(Date.parse(expires));
    await g.subscriptions.remove(sub.id);
    await expect(g.subscriptions.renew(sub.id, later)).rejects.toMatchObject({ kind: 'not-found' });
  });
});
