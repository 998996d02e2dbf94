// The triage pipeline end to end on real pieces: the mock Graph (HTTPS, SDK, client credentials),
// Azurite (tables + queues), the local Functions host serving the pipeline's functions, and the
// offline analyzer. Mail in → notification → queue → processTicket → categories, a threaded draft,
// a ticket; plus follow-ups, duplicated and dropped notifications, lifecycle events, and the
// number of Graph requests one ticket costs.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockGraph, type MockGraph } from '../dev/graph/server.js';
import { startHost, type Host } from '../dev/host/host.js';
import { startAzurite, type Azurite } from '../dev/support/azurite.js';
import { REPO_ROOT } from '../dev/support/cert.js';
import { freePort } from '../dev/support/ports.js';
import { lifecycleHandler } from '../functions/lifecycle.js';
import { notificationsHandler } from '../functions/notifications.js';
import { processTicketHandler } from '../functions/processTicket.js';
import type { FunctionDef } from '../functions/table.js';
import { getTicketHandler, listTicketsHandler } from '../functions/tickets.js';
import { createServices, type Services } from '../functions/app.js';
import { loadConfig } from '../shared/config.js';
import { createGraphClient } from '../shared/graph/index.js';
import type { MessageRecord } from '../shared/ports.js';
import { setLogSink } from '../shared/log.js';
import { RecordingTicketCards } from '../shared/tickets/cards.js';
import { reconcile } from '../shared/tickets/reconcile.js';
import { readSubscriptionState } from '../shared/tickets/subscription.js';
import { StaticEnricher } from '../shared/testing/index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(probe: () => Promise<T | undefined | null>, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== null) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

let seq = 0;
function mail(opts: { subject?: string; text?: string; headers?: string[]; inReplyTo?: string; references?: string } = {}): { raw: string; messageId: string } {
  const messageId = `<e2e-${process.pid}-${++seq}@customer.test>`;
  const raw = [
    'From: Lukas Brunner <lukas.brunner@customer.test>',
    'To: Studyflash Support <support@studyflash.test>',
    `Subject: ${opts.subject ?? `Upload funktioniert nicht (${seq})`}`,
    `Message-ID: ${messageId}`,
    'Date: Wed, 25 Nov 2026 09:00:00 +0000',
    ...(opts.inReplyTo ? [`In-Reply-To: ${opts.inReplyTo}`, `References: ${opts.references ?? opts.inReplyTo}`] : []),
    ...(opts.headers ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    opts.text ?? 'Hallo Studyflash-Team,\r\n\r\nwenn ich eine PDF hochlade, erscheint eine Fehlermeldung und es werden keine Karteikarten erstellt. Die App stürzt danach ab.\r\n\r\nViele Grüße\r\nLukas',
  ].join('\r\n');
  return { raw, messageId };
}

describe('triage pipeline on the local world', () => {
  let az: Azurite;
  let graph: MockGraph;
  let host: Host;
  let services: Services;
  const graphOps: string[] = [];
  const logs: string[] = [];

  beforeAll(async () => {
    setLogSink((line) => logs.push(line));
    [az, graph] = await Promise.all([startAzurite(), startMockGraph({ port: 0, smtpPort: null })]);
    const port = await freePort();
    const config = loadConfig({
      APP_ENV: 'test',
      LOG_LEVEL: 'info',
      GRAPH_BASE_URL: graph.url,
      GRAPH_AUTHORITY_HOST: graph.origin,
      GRAPH_CLIENT_SECRET: 'e2e-secret',
      GRAPH_TENANT_ID: graph.tenantId,
      SUPPORT_MAILBOX: graph.mailbox,
      STORAGE_CONNECTION: az.connectionString,
      QUEUE_NAME: 'tickets-e2e',
      TABLE_PREFIX: 'E2e',
      NOTIFICATION_URL: `http://localhost:${port}/api/notifications`,
      LIFECYCLE_URL: `http://localhost:${port}/api/lifecycle`,
      ROSTER_PATH: path.join(REPO_ROOT, 'dev', 'roster.json'),
    });
    services = createServices(config, { enricher: new StaticEnricher(), cards: new RecordingTicketCards(), onGraphRequest: (op) => graphOps.push(op) });
    const functions: FunctionDef[] = [
      { kind: 'http', name: 'notifications', route: 'notifications', methods: ['POST'], authLevel: 'anonymous', handler: notificationsHandler(() => services) },
      { kind: 'http', name: 'lifecycle', route: 'lifecycle', methods: ['POST'], authLevel: 'anonymous', handler: lifecycleHandler(() => services) },
      { kind: 'queue', name: 'processTicket', queueName: config.queueName, handler: processTicketHandler(() => services) },
      { kind: 'http', name: 'tickets', route: 'tickets', methods: ['GET'], authLevel: 'function', handler: listTicketsHandler(() => services) },
      { kind: 'http', name: 'ticket', route: 'tickets/{id}', methods: ['GET'], authLevel: 'function', handler: getTicketHandler(() => services) },
    ];
    host = await startHost({ functions, port, storageConnection: az.connectionString, env: {}, minPollMs: 50, queues: { maxPollingInterval: 200 } });
    // The timer's first run: subscription + master categories.
    await reconcile(services.reconcileDeps());
  });

  afterAll(async () => {
    await host?.stop(2000);
    await graph?.close();
    await az?.stop();
  });

  const record = (id: string, outcome: MessageRecord['outcome']) => until(async () => {
    const r = await services.store.getMessageRecord(id);
    return r?.outcome === outcome ? r : undefined;
  }, `message ${id} → ${outcome}`);

  async function draftValue(draftId: string): Promise<string> {
    const stream = (await createGraphClient(services.config).api(`/users/${graph.mailbox}/messages/${draftId}/$value`).header('Prefer', 'IdType="ImmutableId"').getStream()) as NodeJS.ReadableStream;
    let raw = '';
    for await (const chunk of stream) raw += Buffer.from(chunk as Uint8Array).toString('utf8');
    return raw;
  }

  it('subscribes to the Inbox on the first reconcile', async () => {
    const state = await readSubscriptionState(services.store);
    expect(graph.subscriptions().map((s) => s.id)).toContain(state.current?.id);
  });

  it('a new mail becomes one ticket: categories, a threaded reply draft, a card, in at most 4 Graph requests', async () => {
    await graph.idle();
    graph.resetStats();
    graphOps.length = 0;
    const m = mail();
    const { id } = await graph.deliver(m.raw);

    const rec = await record(id, 'ticket');

    const ticket = (await services.store.get(rec.ticketId!))!;
    expect(ticket).toMatchObject({ messageId: id, internetMessageId: m.messageId, category: 'bug-report', language: 'de', messageCount: 1, pass: null });
    expect(['assigned', 'open']).toContain(ticket.status);
    const inbox = graph.messages('inbox').find((x) => x.id === id)!;
    expect(inbox.categories).toEqual(expect.arrayContaining(['bug-report', 'ai-processed']));
    const draft = graph.messages('drafts').find((x) => x.id === ticket.draftMessageId)!;
    expect(draft).toMatchObject({ isDraft: true, conversationId: ticket.conversationId });
    const value = await draftValue(ticket.draftMessageId!);
    expect(value).toMatch(new RegExp(`^In-Reply-To: ${m.messageId}`, 'mi'));
    expect(value).toMatch(new RegExp(`^References: .*${m.messageId}`, 'mi'));
    expect((services.cards as RecordingTicketCards).posts(ticket.id)).toHaveLength(1);

    // Structural bound: GET message, PATCH categories, createReply (+ at most one lookup).
    expect(graph.stats().requests).toBeLessThanOrEqual(4);
    expect(graphOps.sort()).toEqual(['categories', 'createReply', 'message']);
  });

  it('GET /api/tickets and /api/tickets/{id} show the ticket state', async () => {
    const { id } = await graph.deliver(mail().raw);
    const rec = await record(id, 'ticket');
    const list = (await (await fetch(`${host.url}/tickets`)).json()) as { tickets: { id: string }[] };
    expect(list.tickets.map((t) => t.id)).toContain(rec.ticketId);
    const res = await fetch(`${host.url}/tickets/${rec.ticketId}`);
    expect(res.status).toBe(200);
    const one = (await res.json()) as Record<string, unknown>;
    for (const field of ['id', 'messageId', 'internetMessageId', 'conversationId', 'from', 'subject', 'language', 'category', 'confidence', 'needsTriage', 'status', 'assignee', 'suggestedAssignee', 'draftMessageId', 'cardConversationId', 'cardActivityId']) {
      expect(one).toHaveProperty(field);
    }
    expect((await fetch(`${host.url}/tickets/T-0000000000000000`)).status).toBe(404);
  });

  it('a follow-up in the thread joins its ticket with a new draft; no second ticket or card', async () => {
    const first = mail();
    const { id: firstId } = await graph.deliver(first.raw);
    const rec = await record(firstId, 'ticket');
    const before = (await services.store.get(rec.ticketId!))!;

    const reply = mail({ subject: 'RE: Upload funktioniert nicht', text: 'Es geht immer noch nicht, auch mit einer kleinen Datei.', inReplyTo: first.messageId });
    const { id: replyId } = await graph.deliver(reply.raw);
    await record(replyId, 'follow-up');

    const after = (await services.store.get(rec.ticketId!))!;
    expect(after).toMatchObject({ id: before.id, messageCount: 2, messageIds: [firstId, replyId], draftForMessageId: replyId });
    const drafts = graph.messages('drafts').filter((d) => d.conversationId === before.conversationId);
    expect(drafts.map((d) => d.id)).toEqual([after.draftMessageId]);
    expect(await draftValue(after.draftMessageId!)).toMatch(new RegExp(`^In-Reply-To: ${reply.messageId}`, 'mi'));
    expect((services.cards as RecordingTicketCards).posts(before.id)).toHaveLength(1);
    const tickets = await services.store.list();
    expect(tickets.filter((t) => t.conversationId === before.conversationId)).toHaveLength(1);
  });

  it('duplicated notifications still make exactly one ticket, one draft, one card', async () => {
    graph.setFaults('duplicate=1');
    try {
      const { id } = await graph.deliver(mail().raw);
      const rec = await record(id, 'ticket');
      await graph.idle();
      await sleep(500);
      const t = (await services.store.get(rec.ticketId!))!;
      expect(graph.messages('drafts').filter((d) => d.conversationId === t.conversationId)).toHaveLength(1);
      expect((services.cards as RecordingTicketCards).posts(t.id)).toHaveLength(1);
    } finally {
      graph.setFaults('');
    }
  });

  it('a mail whose notification was dropped is picked up by the delta reconcile', async () => {
    graph.setFaults('drop=1');
    let id: string;
    try {
      ({ id } = await graph.deliver(mail().raw));
      await graph.idle();
    } finally {
      graph.setFaults('');
    }
    expect(await services.store.getMessageRecord(id)).toBeNull();
    const r = await reconcile(services.reconcileDeps());
    expect(r.enqueued).toBeGreaterThanOrEqual(1);
    await record(id, 'ticket');
  });

  it('a "missed" lifecycle event triggers the reconcile by itself', async () => {
    graph.setFaults('drop=1');
    let id: string;
    try {
      ({ id } = await graph.deliver(mail().raw));
      await graph.idle();
    } finally {
      graph.setFaults('');
    }
    const sub = (await readSubscriptionState(services.store)).current!;
    graph.triggerLifecycle(sub.id, 'missed');
    await record(id, 'ticket');
  });

  it('an out-of-office reply is skipped with its reason and gets no draft', async () => {
    const { id } = await graph.deliver(mail({ subject: 'Automatische Antwort: Ihre Anfrage', headers: ['Auto-Submitted: auto-replied'] }).raw);
    const rec = await record(id, 'skipped');
    expect(rec.reason).toMatch(/auto-submitted/);
    expect(graph.messages('inbox').find((x) => x.id === id)!.categories).toEqual([]);
  });
});
