// The chaos run: the whole local world (Azurite, mock Graph with faults, enrichment stand-ins, the
// Functions host as a real child process) with the Claude analyzer talking to a fake Messages API
// that answers a share of calls 529 overloaded, a stand-in Bot Connector that records every card,
// sample mails sent over SMTP, the Functions host killed with SIGKILL mid-way and started again
// (with `hosts: 2`, two hosts behind the world's front door share the work as two Azure instances
// would, and the second one is the one killed) —
// then, once everything is quiet, proof from the outside that nothing was lost, doubled or sent:
// every mail is exactly one ticket (follow-ups join theirs, skips carry a reason), one reply draft
// per ticket in its conversation, its categories on the message, exactly one card, nothing in Sent
// Items, and nothing in a poison queue without a visible reason in GET /api/tickets.
// Meanwhile people work on a share of the triaged tickets in Outlook (outlook.ts): they send the AI
// draft as it is or edited, write their own reply, change a category, flag complete, move to Junk
// or just read — and every such action must reach its ticket exactly once (the reconcile timer
// catching what dropped notifications missed), with nothing sent twice and no stale AI draft left.
// runChaos() is used by test/chaos/chaos.test.ts (small) and test/chaos/chaos.ts (npm run chaos).
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { QueueServiceClient } from '@azure/storage-queue';
import { z } from 'zod';
import { startFakeConnector, type FakeConnector } from '../../bot/fake-connector.js';
import { startFakeAnthropic, type FakeAnthropic } from '../../dev/fake-anthropic/server.js';
import { listSampleTickets, seedTickets, TICKETS_DIR } from '../../dev/seed-tickets.js';
import { startWorld, type World } from '../../dev/world.js';
import type { MessageRecord } from '../../shared/ports.js';
import { TableTicketStore } from '../../shared/storage/tables.js';
import { answeredConversations, checkOutlookActions, closedTickets, OutlookActor, ProofTicket } from './outlook.js';

export interface ChaosOptions {
  /** Sample mails to send (the 100 samples repeat with fresh Message-IDs); default 200. */
  mails?: number;
  /** MOCK_GRAPH_FAULTS for the mock Graph. */
  faults?: string;
  /** Share of LLM calls the fake Messages API answers 529. */
  overloadRate?: number;
  /** Kill the Functions host once this share of the mails has an outcome; default 0.3. */
  killAt?: number;
  /** Functions hosts sharing the work, like Azure instances (default 1); the last one is killed. */
  hosts?: number;
  /** The whole run after the world is up ends by then, quiet or not; default 10 minutes. */
  deadlineMs?: number;
  /** The world must have stayed unchanged this long to count as quiet (longer than a reconcile period). */
  quietMs?: number;
  seed?: number;
  /** Outlook actions on triaged tickets (send the draft, edit it, own reply, category, flag, Junk, read); default max(7, 12 % of the mails). */
  outlookActions?: number;
  /** Ends the run early (Ctrl-C): waiting stops, the world is stopped and cleaned up. */
  signal?: AbortSignal;
  /** Progress lines for a person watching. */
  log?: (line: string) => void;
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface ChaosReport {
  ok: boolean;
  checks: Check[];
  /** Every violation found, one line each (what, which mail or ticket). */
  problems: string[];
  figures: Record<string, number | string>;
}

const LabelSchema = z.object({ file: z.string(), followUpOf: z.string().optional(), autoReply: z.boolean().optional() }).passthrough();
type Label = z.infer<typeof LabelSchema>;

const MessageSchema = z.object({ id: z.string(), internetMessageId: z.string().nullish(), conversationId: z.string().nullish(), categories: z.array(z.string()).default([]), folder: z.string().optional() }).passthrough();
type MockMessage = z.infer<typeof MessageSchema>;

const TicketSummary = z
  .object({
    id: z.string(),
    messageId: z.string(),
    conversationId: z.string(),
    category: z.string(),
    needsTriage: z.boolean(),
    status: z.string(),
    draftMessageId: z.string().nullable(),
    cardActivityId: z.string().nullable(),
    lastError: z.string().nullable(),
  })
  .passthrough();
const TicketDetail = TicketSummary.extend({ messageIds: z.array(z.string()), draft: z.string() });
type TicketDetail = z.infer<typeof TicketDetail>;

interface SentMail {
  /** file as sent (round prefix + sample name) */
  name: string;
  sample: string;
  round: number;
  internetMessageId: string;
  label: Label;
  expectSkip: boolean;
  /** internetMessageId of the original when this is a follow-up whose original was sent in this run */
  followUpOf?: string;
}

const DEFAULTS = { mails: 200, faults: 'drop=0.2,duplicate=0.2,error=0.05,throttle=0.1', overloadRate: 0.25, killAt: 0.3, hosts: 1, deadlineMs: 600_000, quietMs: 20_000 } as const;

function headerBlockEnd(raw: Buffer): number {
  const text = raw.toString('latin1');
  const m = /\r?\n\r?\n/.exec(text);
  return m ? m.index : text.length;
}

/** Message-ID of a raw mail, normalised (no brackets, lower case). */
function messageIdOf(raw: Buffer): string {
  const head = raw.subarray(0, headerBlockEnd(raw)).toString('latin1').replace(/\r?\n[ \t]+/g, ' ');
  return norm(/^message-id:\s*(\S+)/im.exec(head)?.[1] ?? '');
}

const norm = (id: string | null | undefined) => (id ?? '').trim().replace(/^<|>$/g, '').toLowerCase();

/** Round r ≥ 1 gets fresh ids: every <local@host> in Message-ID, In-Reply-To and References becomes <local.rN@host>. */
function withRound(raw: Buffer, round: number): Buffer {
  if (round === 0) return raw;
  const end = headerBlockEnd(raw);
  const head = raw.subarray(0, end).toString('latin1');
  const lines = head.split(/(\r?\n)/);
  let inIdHeader = false;
  const out = lines.map((line) => {
    if (/^\r?\n$/.test(line)) return line;
    if (/^[ \t]/.test(line)) return inIdHeader ? line.replace(/<([^<>@\s]+)@/g, `<$1.r${round}@`) : line;
    inIdHeader = /^(message-id|in-reply-to|references)\s*:/i.test(line);
    return inIdHeader ? line.replace(/<([^<>@\s]+)@/g, `<$1.r${round}@`) : line;
  });
  return Buffer.concat([Buffer.from(out.join(''), 'latin1'), raw.subarray(end)]);
}

function headerValue(raw: Buffer, name: string): string | undefined {
  const head = raw.subarray(0, headerBlockEnd(raw)).toString('latin1').replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim();
}

class HttpStatusError extends Error {
  constructor(readonly status: number, readonly retryAfterSec: number | null, message: string) {
    super(message);
  }
}

/** GET JSON over https trusting the world's certificate (the chaos CLI runs without NODE_EXTRA_CA_CERTS). */
function getJson(url: string, ca: string, headers: Record<string, string> = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca, timeout: 30_000, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        const after = Number(res.headers['retry-after']);
        if (status >= 400) return reject(new HttpStatusError(status, Number.isFinite(after) ? after : null, `GET ${url}: ${status} ${text.slice(0, 200)}`));
        try {
          resolve(JSON.parse(text));
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: timeout`)));
    req.on('error', reject);
  });
}

/** POST JSON over https to the mock's admin routes (trusting the world's certificate). */
function postJson(url: string, ca: string, body: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = https.request(url, { method: 'POST', ca, timeout: 30_000, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => ((res.statusCode ?? 0) >= 400 ? reject(new Error(`POST ${url}: ${res.statusCode}`)) : resolve()));
    });
    req.on('timeout', () => req.destroy(new Error(`POST ${url}: timeout`)));
    req.on('error', reject);
    req.end(data);
  });
}

async function getHttpJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${(await res.text()).slice(0, 200)}`);
  return res.json();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FINAL: ReadonlySet<MessageRecord['outcome']> = new Set(['ticket', 'follow-up', 'skipped', 'failed']);

export async function runChaos(options: ChaosOptions = {}): Promise<ChaosReport> {
  const o = { ...DEFAULTS, ...options };
  const log = o.log ?? (() => {});
  const started = Date.now();
  const figures: ChaosReport['figures'] = { mails: o.mails, faults: o.faults, overloadRate: o.overloadRate, hosts: o.hosts };
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'chaos-'));
  let connector: FakeConnector | undefined;
  let fake: FakeAnthropic | undefined;
  let world: World | undefined;
  let report: ChaosReport | undefined;
  let pids: { name: string; pid: number }[] = [];
  try {
    // ---------- the mails: samples in send order, repeated with fresh ids ----------
    const labels = new Map<string, Label>();
    for (const line of (await readFile(path.join(TICKETS_DIR, 'labels.jsonl'), 'utf8')).split('\n').filter((l) => l.trim())) {
      const l = LabelSchema.parse(JSON.parse(line));
      labels.set(l.file, l);
    }
    const samples = await listSampleTickets();
    const sent: SentMail[] = [];
    const files: string[] = [];
    for (let i = 0; i < o.mails; i++) {
      const round = Math.floor(i / samples.length);
      const file = samples[i % samples.length]!;
      const sample = path.basename(file);
      const raw = withRound(await readFile(file), round);
      const name = `r${round}-${sample}`;
      const out = path.join(tmp, name);
      await writeFile(out, raw);
      files.push(out);
      const label = labels.get(sample) ?? { file: sample };
      const precedence = headerValue(raw, 'precedence') ?? '';
      const original = label.followUpOf ? sent.find((s) => s.round === round && s.sample === label.followUpOf) : undefined;
      sent.push({
        name, sample, round, label,
        internetMessageId: messageIdOf(raw),
        expectSkip: label.autoReply === true || /^(bulk|junk|list)$/i.test(precedence),
        followUpOf: original && !label.autoReply ? original.internetMessageId : undefined,
      });
    }
    if (new Set(sent.map((s) => s.internetMessageId)).size !== sent.length) throw new Error('chaos: two mails share a Message-ID; the round rewrite is broken');

    // ---------- the world ----------
    fake = await startFakeAnthropic({ overloadRate: o.overloadRate, seed: o.seed ?? 7 });
    connector = await startFakeConnector({ teamId: 'chaos-team', channels: [], members: [] });
    log(`starting the world (faults ${o.faults}, LLM overload ${Math.round(o.overloadRate * 100)} %)…`);
    world = await startWorld({
      signal: o.signal,
      hosts: o.hosts,
      playground: false,
      quiet: true,
      onUnexpectedExit: (child, info) => log(`world: ${child} exited unexpectedly (${info.signal ?? `code ${info.code}`})`),
      env: {
        MOCK_GRAPH_FAULTS: o.faults,
        ...(o.seed !== undefined ? { MOCK_GRAPH_SEED: String(o.seed) } : {}),
        ANTHROPIC_API_KEY: 'sk-ant-chaos-run',
        ANTHROPIC_BASE_URL: fake.url,
        TEAMS_SERVICE_URL: connector.url,
        // After a crash, what the dead host held comes back after this (the host renews it while working).
        HOST_QUEUE_LEASE_SECONDS: '20',
        // The world's demo targets (minutes) would add reminder posts to the channel; chaos counts its calls.
        SLA_TARGETS: 'refund-request=24h,bug-report=24h,product-question=24h,other=24h',
        DIGEST_TIME: 'off',
        LOG_LEVEL: 'warn',
      },
    });
    const w = world;
    const ca = readFileSync(w.certPath, 'utf8');
    const graphOrigin = w.urls.authority;
    const store = new TableTicketStore(w.storageConnection, w.env.TABLE_PREFIX ?? 'Studyflash');
    const queues = QueueServiceClient.fromConnectionString(w.storageConnection);
    const queueName = w.env.QUEUE_NAME ?? 'tickets';
    const worldUp = Date.now();
    figures.worldStartSeconds = Math.round((worldUp - started) / 100) / 10;
    const deadline = worldUp + o.deadlineMs;
    const running = () => Date.now() < deadline && !o.signal?.aborted;

    const mockMessages = async (folder: string): Promise<MockMessage[]> =>
      z.object({ value: z.array(MessageSchema) }).parse(await getJson(`${graphOrigin}/_mock/messages?folder=${folder}`, ca)).value;
    // The proof reads the mailbox the way a client does: Graph with paging. The mock's faults and
    // limits apply to these calls too, so 429/5xx are retried (Retry-After honoured, bounded).
    const graphFolder = async (folder: string): Promise<MockMessage[]> => {
      const out: MockMessage[] = [];
      let url: string | undefined = `${w.urls.graph}/users/${encodeURIComponent(w.env.SUPPORT_MAILBOX ?? 'support@studyflash.test')}/mailFolders/${folder}/messages?$select=id,internetMessageId,conversationId,categories&$top=100`;
      while (url) {
        let page: unknown;
        for (let attempt = 1; ; attempt++) {
          try {
            page = await getJson(url, ca, { authorization: 'Bearer chaos-verifier', prefer: 'IdType="ImmutableId"' });
            break;
          } catch (err) {
            const retry = err instanceof HttpStatusError && (err.status === 429 || err.status >= 500) && attempt < 12;
            if (!retry) throw err;
            await sleep(Math.min(5, err.retryAfterSec ?? 0.5) * 1000);
          }
        }
        const p = z.object({ value: z.array(MessageSchema), '@odata.nextLink': z.string().optional() }).parse(page);
        out.push(...p.value);
        url = p['@odata.nextLink'];
      }
      return out;
    };
    // Received mail, wherever an agent put it (Junk Email included).
    const receivedByImid = async () => new Map([...(await mockMessages('inbox')), ...(await mockMessages('junkemail'))].map((m) => [norm(m.internetMessageId), m]));
    const records = async (ids: string[]) => new Map(await Promise.all(ids.map(async (id) => [id, await store.getMessageRecord(id).catch(() => null)] as const)));
    const queueDepth = async (name: string) => {
      try {
        return (await queues.getQueueClient(name).getProperties()).approximateMessagesCount ?? 0;
      } catch {
        return 0; // not created yet
      }
    };

    // ---------- people in Outlook, on triaged tickets, from now until their share is done ----------
    const followedUp = new Set(sent.flatMap((s) => (s.followUpOf ? [s.followUpOf, s.internetMessageId] : [])));
    const known = new Set(sent.map((s) => s.internetMessageId));
    const actor = new OutlookActor({
      graphOrigin,
      ca,
      mailbox: w.env.SUPPORT_MAILBOX ?? 'support@studyflash.test',
      functionsUrl: w.urls.functions,
      count: o.outlookActions ?? Math.max(7, Math.round(o.mails * 0.12)),
      standalone: (imid) => known.has(imid) && !followedUp.has(imid) && !sent.some((s) => s.internetMessageId === imid && s.label.followUpOf),
      processed: async (id) => {
        const r = await store.getMessageRecord(id).catch(() => null);
        return r?.outcome === 'ticket';
      },
      unnoticed: async (act) => {
        await postJson(`${graphOrigin}/_mock/faults`, ca, { spec: 'drop=1' });
        try {
          return await act();
        } finally {
          await sleep(1500); // longer than the mock's notification batching: this action's notifications are dropped
          await postJson(`${graphOrigin}/_mock/faults`, ca, { spec: o.faults });
        }
      },
    });
    const acting = (async () => {
      while (!actor.done && running()) {
        await sleep(1500);
        await actor.step().catch((err: unknown) => log(`outlook actor: ${err instanceof Error ? err.message : String(err)}`));
      }
    })();

    // ---------- send, and kill the host mid-way ----------
    const smtpPort = Number(new URL(w.urls.smtp).port);
    log(`sending ${o.mails} mails over SMTP to ${w.urls.smtp}…`);
    const sending = seedTickets({ host: '127.0.0.1', port: smtpPort, files });
    const killWhen = Math.max(1, Math.floor(o.mails * o.killAt));
    let killed = false;
    let sendError: unknown;
    let sendDone = false;
    void sending.then(() => (sendDone = true), (err: unknown) => {
      sendError = err;
      sendDone = true;
    });
    while (!killed && running()) {
      await sleep(1000);
      const inbox = await receivedByImid();
      const recs = await records([...inbox.values()].map((m) => m.id));
      const done = [...recs.values()].filter((r) => r && FINAL.has(r.outcome)).length;
      if (done >= killWhen) {
        const victim = w.hostNames.length - 1;
        log(`${done} of ${o.mails} mails have an outcome: killing the Functions host ${w.hostNames[victim]} (SIGKILL)…`);
        const t0 = Date.now();
        await w.restartHost('SIGKILL', victim);
        figures.hostKilledAfterOutcomes = done;
        figures.hostRestartSeconds = Math.round((Date.now() - t0) / 100) / 10;
        killed = true;
      }
    }
    while (!sendDone && running()) await sleep(500);
    if (sendError) throw sendError instanceof Error ? sendError : new Error(String(sendError));
    if (o.signal?.aborted) throw new Error('chaos run stopped');
    figures.sendSeconds = Math.round((Date.now() - worldUp) / 100) / 10;
    await acting;
    figures.outlookActions = actor.actions.length;
    figures.outlookActionsUnnoticed = actor.actions.filter((a) => a.unnoticed).length;
    figures.outlookActionsDoneSeconds = Math.round((Date.now() - worldUp) / 100) / 10;

    // ---------- wait until quiet ----------
    log('waiting until the world is quiet (reconcile picks up dropped notifications)…');
    let lastFingerprint = '';
    let quietSince = Date.now();
    let quiet = false;
    while (running()) {
      await sleep(3000);
      const inbox = await receivedByImid();
      const recs = await records([...inbox.values()].map((m) => m.id));
      const finals = [...recs.values()].filter((r) => r && FINAL.has(r.outcome)).length;
      const depth = await queueDepth(queueName);
      const drafts = (await mockMessages('drafts')).length;
      const posts = connector.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations').length;
      // Outlook actions show only in the tickets (and Sent Items): they must have settled too.
      const ticketStates = z.object({ tickets: z.array(z.object({ id: z.string(), status: z.string(), category: z.string(), draftMessageId: z.string().nullable() }).passthrough()) }).parse(await getHttpJson(`${w.urls.functions}/tickets?limit=1000`));
      const states = ticketStates.tickets.map((t) => `${t.id}:${t.status}:${t.category}:${t.draftMessageId ?? ''}`).sort().join(',');
      const sentCount = (await mockMessages('sentitems')).length;
      const fingerprint = `${inbox.size}|${finals}|${depth}|${drafts}|${posts}|${connector.calls.length}|${sentCount}|${states}`;
      if (fingerprint !== lastFingerprint) {
        lastFingerprint = fingerprint;
        quietSince = Date.now();
        log(`  inbox ${inbox.size}/${o.mails} · outcomes ${finals} · queue ${depth} · drafts ${drafts} · cards ${posts}`);
      }
      if (inbox.size >= o.mails && finals >= inbox.size && depth === 0 && Date.now() - quietSince >= o.quietMs) {
        quiet = true;
        break;
      }
    }
    figures.quietAfterSeconds = Math.round((Date.now() - worldUp) / 100) / 10;

    // ---------- proof ----------
    const problems: string[] = [];
    const checks: Check[] = [];
    const check = (name: string, bad: string[], total: number, what: string) => {
      checks.push({ name, ok: bad.length === 0, detail: bad.length === 0 ? `${total} ${what}` : `${bad.length} of ${total} ${what} wrong` });
      problems.push(...bad.map((b) => `${name}: ${b}`));
    };
    checks.push({ name: 'the world went quiet before the deadline', ok: quiet, detail: quiet ? `after ${figures.quietAfterSeconds} s` : `not quiet after ${Math.round(o.deadlineMs / 1000)} s` });
    if (!quiet) problems.push(`not quiet within ${Math.round(o.deadlineMs / 1000)} s`);
    checks.push({ name: 'the Functions host was killed mid-way and restarted', ok: killed, detail: killed ? `SIGKILL after ${figures.hostKilledAfterOutcomes} outcomes` : 'never killed' });
    if (!killed) problems.push('the host was never killed');

    // the chaos that actually happened
    const stats = z.record(z.string(), z.unknown()).parse(await getJson(`${graphOrigin}/_mock/stats`, ca));
    const n = (v: unknown) => (typeof v === 'number' ? v : 0);
    const faults = (stats.faults ?? {}) as Record<string, unknown>;
    const byStatus = (stats.byStatus ?? {}) as Record<string, unknown>;
    figures.graphRequests = n(stats.requests);
    figures.graph429 = n(byStatus['429']);
    figures.graph5xx = Object.entries(byStatus).filter(([k]) => k.startsWith('5')).reduce((s, [, v]) => s + n(v), 0);
    figures.graphFaultsInjected = n(faults.error) + n(faults.throttle);
    // Across every host: the mock counts requests in flight for the mailbox, whoever sends them.
    figures.graphPeakConcurrency = n(stats.peakConcurrency);
    figures.graphConcurrency429 = n(((stats.throttledBy ?? {}) as Record<string, unknown>).concurrency);
    if (o.hosts > 1) figures.requestsPerHost = Object.entries(w.requestsPerHost()).map(([h, c]) => `${h}:${c}`).join(' ');
    figures.notificationsDropped = n(stats.notificationsDropped);
    figures.notificationsDuplicated = n(stats.notificationsDuplicated);
    const llm = fake.stats();
    figures.llmCalls = llm.calls;
    figures.llmOverloaded529 = llm.overloaded;

    const inbox = new Map([...(await graphFolder('inbox')), ...(await graphFolder('junkemail'))].map((m) => [norm(m.internetMessageId), m]));
    const drafts = await graphFolder('drafts');
    const sentItems = await graphFolder('sentitems');
    const outbound = z.object({ value: z.array(z.unknown()) }).parse(await getJson(`${graphOrigin}/_mock/outbound`, ca)).value;
    const list = z.object({ count: z.number(), tickets: z.array(TicketSummary) }).parse(await getHttpJson(`${w.urls.functions}/tickets?limit=1000`));
    const tickets: TicketDetail[] = [];
    for (const t of list.tickets) tickets.push(TicketDetail.parse(await getHttpJson(`${w.urls.functions}/tickets/${encodeURIComponent(t.id)}`)));
    const recs = await records([...inbox.values()].map((m) => m.id));
    const ticketOf = new Map<string, TicketDetail[]>();
    for (const t of tickets) for (const id of t.messageIds) ticketOf.set(id, [...(ticketOf.get(id) ?? []), t]);

    // 1. every mail arrived and has exactly one outcome; each thread is exactly one ticket
    const lost: string[] = [];
    const wrongOutcome: string[] = [];
    const followUps: string[] = [];
    /** Thread root (internetMessageId) → Graph ids of the thread's mails that should be in its ticket. */
    const threads = new Map<string, string[]>();
    const rootOf = (s: SentMail): string => {
      let cur = s;
      for (let i = 0; i < 20 && cur.followUpOf; i++) cur = sent.find((x) => x.internetMessageId === cur.followUpOf) ?? cur;
      return cur.internetMessageId;
    };
    for (const s of sent) {
      const m = inbox.get(s.internetMessageId);
      if (!m) {
        lost.push(`${s.name}: not in the Inbox`);
        continue;
      }
      const rec = recs.get(m.id) ?? null;
      const owners = ticketOf.get(m.id) ?? [];
      if (!rec || !FINAL.has(rec.outcome)) {
        lost.push(`${s.name}: no outcome (record ${rec?.outcome ?? 'none'})`);
        continue;
      }
      if (rec.outcome === 'failed') continue; // judged with the poison queue below
      if (s.expectSkip) {
        if (rec.outcome !== 'skipped' || !rec.reason) wrongOutcome.push(`${s.name}: expected a recorded skip, got ${rec.outcome}`);
        if (owners.length) wrongOutcome.push(`${s.name}: skipped mail is part of ticket ${owners.map((t) => t.id).join(', ')}`);
        continue;
      }
      if (rec.outcome === 'skipped') {
        wrongOutcome.push(`${s.name}: skipped (${rec.reason ?? 'no reason'}) but it is a customer request`);
        continue;
      }
      if (owners.length !== 1) wrongOutcome.push(`${s.name}: in ${owners.length} tickets`);
      const root = rootOf(s);
      threads.set(root, [...(threads.get(root) ?? []), m.id]);
    }
    // A follow-up may be processed before its original (notifications drop and reorder): then the
    // follow-up opened the ticket and the original joined it. Either way, one thread = one ticket
    // holding exactly the thread's mails.
    for (const [root, ids] of threads) {
      const owners = [...new Set(ids.flatMap((id) => (ticketOf.get(id) ?? []).map((t) => t.id)))];
      const t = tickets.find((x) => x.id === owners[0]);
      const name = sent.find((x) => x.internetMessageId === root)?.name ?? root;
      if (owners.length !== 1 || !t) followUps.push(`thread of ${name}: spread over ${owners.length} tickets`);
      else if (t.messageIds.length !== ids.length || !ids.every((id) => t.messageIds.includes(id))) followUps.push(`thread of ${name}: ticket ${t.id} holds ${t.messageIds.length} mails, the thread has ${ids.length}`);
    }
    check('every mail reached the mailbox and has an outcome', lost, sent.length, 'mails');
    check('each mail is one ticket, a follow-up in its ticket, or a skip with its reason', wrongOutcome, sent.length, 'mails');
    check('each thread is one ticket; follow-ups joined it', followUps, threads.size, 'threads');

    // 2. one ticket per conversation
    const perConversation = new Map<string, string[]>();
    for (const t of tickets) perConversation.set(t.conversationId, [...(perConversation.get(t.conversationId) ?? []), t.id]);
    check('exactly one ticket per conversation', [...perConversation].filter(([, ids]) => ids.length > 1).map(([c, ids]) => `conversation ${c.slice(0, 24)}…: tickets ${ids.join(', ')}`), tickets.length, 'tickets');

    // 3. one draft per ticket, in its conversation (tickets answered or closed in Outlook: none, see below)
    const live = tickets.filter((t) => t.status !== 'failed');
    const closedInOutlook = closedTickets(actor.actions);
    const draftProblems: string[] = [];
    for (const t of live.filter((x) => !closedInOutlook.has(x.id))) {
      const inConv = drafts.filter((d) => d.conversationId === t.conversationId);
      if (inConv.length !== 1) draftProblems.push(`${t.id}: ${inConv.length} drafts in its conversation`);
      else if (inConv[0]!.id !== t.draftMessageId) draftProblems.push(`${t.id}: the draft in Outlook is not the ticket's draft`);
    }
    const orphans = drafts.filter((d) => !tickets.some((t) => t.conversationId === d.conversationId));
    draftProblems.push(...orphans.map((d) => `draft ${d.id.slice(0, 16)}… belongs to no ticket`));
    check('exactly one reply draft per ticket, in its conversation', draftProblems, live.length - closedInOutlook.size, 'tickets');

    // 4. categories on every message of a ticket
    const catProblems: string[] = [];
    for (const t of live) {
      for (const id of t.messageIds) {
        const m = [...inbox.values()].find((x) => x.id === id);
        const want = [t.category, t.needsTriage ? 'needs-triage' : 'high-confidence', 'ai-processed'];
        const missing = want.filter((c) => !m?.categories.includes(c));
        if (missing.length) catProblems.push(`${t.id} message ${id.slice(-12)}: missing ${missing.join(', ')}`);
      }
    }
    check('each ticket message carries its Outlook categories', catProblems, live.reduce((n, t) => n + t.messageIds.length, 0), 'messages');

    // 5. exactly one card per ticket
    const posts = connector.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations');
    const postsFor = new Map<string, number>();
    for (const p of posts) {
      const id = /"ticketId":"(T-[A-Za-z0-9-]+)"/.exec(JSON.stringify(p.body))?.[1] ?? '(none)';
      postsFor.set(id, (postsFor.get(id) ?? 0) + 1);
    }
    const cardProblems: string[] = [];
    for (const t of live) {
      const n = postsFor.get(t.id) ?? 0;
      if (n !== 1) cardProblems.push(`${t.id}: ${n} cards posted`);
      if (!t.cardActivityId) cardProblems.push(`${t.id}: no card reference on the ticket`);
    }
    for (const [id, n] of postsFor) if (!tickets.some((t) => t.id === id)) cardProblems.push(`${n} card(s) for ${id}, which is no ticket`);
    check('exactly one card per ticket in the channel', cardProblems, live.length, 'tickets');
    figures.cardPosts = posts.length;
    figures.cardUpdates = connector.calls.filter((c) => c.method === 'PUT').length;

    // 6. nothing sent without an approval, except the replies agents sent from Outlook (one each)
    const answered = answeredConversations(actor.actions);
    const sentProblems = [
      ...sentItems.filter((m) => !answered.has(m.conversationId ?? '')).map((m) => `in Sent Items outside the conversations answered from Outlook: ${m.id.slice(0, 16)}…`),
      ...(outbound.length !== answered.size ? [`${outbound.length} mail(s) left the mailbox, ${answered.size} replies were sent from Outlook`] : []),
    ];
    check('nothing was sent to a customer but the replies sent from Outlook (no approvals were given)', sentProblems, answered.size, 'sent mails');

    // 6b. the Outlook actions: each reached its ticket exactly once
    const actionProblems = [...actor.errors.map((e) => `could not act in Outlook: ${e}`)];
    if (actor.actions.length < (o.outlookActions ?? Math.max(7, Math.round(o.mails * 0.12)))) actionProblems.push(`only ${actor.actions.length} Outlook actions were made (not enough triaged tickets before the deadline)`);
    check('the planned Outlook actions were made on triaged tickets', actionProblems, actor.actions.length, 'Outlook actions');
    const proofTickets = tickets.map((t) => ProofTicket.parse(t));
    const cardUpdates = connector.calls.filter((c) => c.method === 'PUT').map((c) => JSON.stringify(c.body));
    for (const c of checkOutlookActions({ actions: actor.actions, tickets: proofTickets, drafts, sentItems, cardUpdates }).checks) check(c.name, c.bad, c.total, c.what);
    figures.outlookByKind = [...new Set(actor.actions.map((a) => a.kind))].map((k) => `${k}:${actor.actions.filter((a) => a.kind === k).length}`).join(' ');

    // 7. poison queues: every message there has a visible reason
    const poisonProblems: string[] = [];
    let poisoned = 0;
    for (const name of [`${queueName}-poison`, `${w.env.SEND_QUEUE_NAME ?? 'sends'}-poison`]) {
      const q = queues.getQueueClient(name);
      if (!(await q.exists())) continue;
      const got = await q.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 600 });
      for (const msg of got.receivedMessageItems) {
        poisoned++;
        let body: unknown;
        try {
          body = JSON.parse(Buffer.from(msg.messageText, 'base64').toString('utf8'));
        } catch {
          body = null;
        }
        const id = z.object({ messageId: z.string() }).safeParse(body);
        if (!id.success) {
          poisonProblems.push(`${name}: a message that is not a {messageId}`);
          continue;
        }
        const owner = (ticketOf.get(id.data.messageId) ?? []).concat(list.tickets.filter((t) => t.messageId === id.data.messageId) as TicketDetail[]);
        const visible = owner.some((t) => t.status === 'failed' && !!t.lastError) || list.tickets.some((t) => t.status === 'failed' && !!t.lastError && t.messageId === id.data.messageId);
        if (!visible) poisonProblems.push(`${name}: ${id.data.messageId.slice(-16)} has no failed ticket with lastError in GET /api/tickets`);
      }
    }
    const failedWithoutReason = list.tickets.filter((t) => t.status === 'failed' && !t.lastError).map((t) => `${t.id}: failed without lastError`);
    check('poison queues hold nothing without a visible reason', [...poisonProblems, ...failedWithoutReason], poisoned, 'poisoned messages');
    figures.poisoned = poisoned;
    figures.failedTickets = list.tickets.filter((t) => t.status === 'failed').length;
    figures.tickets = tickets.length;
    figures.followUps = tickets.reduce((n, t) => n + t.messageIds.length - 1, 0);
    figures.skipped = [...recs.values()].filter((r) => r?.outcome === 'skipped').length;
    figures.needsTriage = tickets.filter((t) => t.needsTriage).length;

    pids = w.processes();
    report = { ok: false, checks, problems, figures };
  } finally {
    await world?.stop().catch(() => undefined);
    await connector?.close().catch(() => undefined);
    await fake?.close().catch(() => undefined);
    await rm(tmp, { recursive: true, force: true });
  }
  // Every child the world started must be gone (a SIGKILLed host included).
  const alive = pids.filter((p) => {
    try {
      process.kill(p.pid, 0);
      return true;
    } catch {
      return false;
    }
  });
  report.checks.push({ name: 'every process the run started is gone', ok: alive.length === 0, detail: alive.length ? `still running: ${alive.map((p) => `${p.name} (${p.pid})`).join(', ')}` : `${pids.length} processes stopped` });
  report.problems.push(...alive.map((p) => `left running: ${p.name} (pid ${p.pid})`));
  report.figures.totalSeconds = Math.round((Date.now() - started) / 100) / 10;
  report.ok = report.checks.every((c) => c.ok);
  return report;
}

/** The summary table for people (and the test's failure message). */
export function formatReport(r: ChaosReport): string {
  const width = Math.max(...r.checks.map((c) => c.name.length));
  const lines = [
    `chaos run: ${r.figures.mails} mails · Graph faults ${r.figures.faults} · LLM 529 rate ${r.figures.overloadRate}`,
    '',
    ...r.checks.map((c) => `${c.ok ? 'PASS' : 'FAIL'}  ${c.name.padEnd(width)}  ${c.detail}`),
    '',
    'figures: ' + Object.entries(r.figures).filter(([k]) => !['mails', 'faults', 'overloadRate'].includes(k)).map(([k, v]) => `${k}=${v}`).join(' · '),
  ];
  if (r.problems.length) lines.push('', `problems (${r.problems.length}):`, ...r.problems.slice(0, 60).map((p) => `  - ${p}`), ...(r.problems.length > 60 ? [`  … ${r.problems.length - 60} more`] : []));
  return lines.join('\n');
}
