// The local Functions host against Azurite, with a test-only function table.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QueueClient } from '@azure/storage-queue';
import type { FunctionDef } from '../../functions/table.js';
import { createLogger, type Level } from '../../shared/log.js';
import { startAzurite, type Azurite } from '../support/azurite.js';
import { startHost, type Host, type HostOptions } from './host.js';
import type { HostSettings } from './settings.js';

const HOST_JSON: HostSettings = {
  routePrefix: 'api',
  queues: { batchSize: 4, newBatchThreshold: 0, maxDequeueCount: 3, visibilityTimeout: 0, maxPollingInterval: 200, messageEncoding: 'base64' },
};

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('local Functions host', () => {
  let az: Azurite;
  const hosts: Host[] = [];
  const logs: { level: Level; line: string }[] = [];
  const log = createLogger('host-test');
  let queueSeq = 0;

  beforeAll(async () => {
    az = await startAzurite();
    const { setLogSink } = await import('../../shared/log.js');
    setLogSink((line, level) => logs.push({ level, line }));
  });
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((h) => h.stop(1000)));
  });
  afterAll(async () => {
    await az?.stop();
  });

  async function host(functions: FunctionDef[], extra: Partial<HostOptions> = {}): Promise<Host> {
    const h = await startHost({ functions, port: 0, storageConnection: az.connectionString, hostJson: HOST_JSON, minPollMs: 50, log, env: {}, ...extra });
    hosts.push(h);
    return h;
  }

  async function newQueue(): Promise<{ name: string; client: QueueClient; poison: QueueClient }> {
    const name = `work-${process.pid}-${++queueSeq}`;
    const client = new QueueClient(az.connectionString, name);
    await client.create();
    return { name, client, poison: new QueueClient(az.connectionString, `${name}-poison`) };
  }

  describe('HTTP', () => {
    const echo: FunctionDef = {
      kind: 'http',
      name: 'echo',
      route: 'tickets/{id}',
      methods: ['GET', 'POST'],
      authLevel: 'function',
      handler: async (req, ctx) => ({
        status: 201,
        headers: { 'x-invocation': ctx.invocationId },
        jsonBody: { id: req.params.id, q: req.query.get('q'), method: req.method, body: req.method === 'POST' ? await req.json() : null, header: req.headers.get('x-custom'), fn: ctx.functionName },
      }),
    };
    const boom: FunctionDef = {
      kind: 'http',
      name: 'boom',
      route: 'boom',
      methods: ['GET'],
      authLevel: 'anonymous',
      handler: async () => {
        throw new Error('handler exploded');
      },
    };
    const text: FunctionDef = { kind: 'http', name: 'text', route: 'text', methods: ['GET'], authLevel: 'anonymous', handler: async () => ({ body: 'plain words', headers: { 'content-type': 'text/plain' } }) };

    it('routes to the function with params, query, headers and JSON body, and maps status, headers and jsonBody back', async () => {
      const h = await host([echo]);
      const res = await fetch(`${h.url}/tickets/t-42?q=refund`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-custom': 'yes' }, body: JSON.stringify({ a: 1 }) });
      expect(res.status).toBe(201);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(res.headers.get('x-invocation')).toMatch(/^[0-9a-f-]{36}$/);
      expect(await res.json()).toEqual({ id: 't-42', q: 'refund', method: 'POST', body: { a: 1 }, header: 'yes', fn: 'echo' });
    });

    it('accepts function-level routes without a key, as Core Tools does', async () => {
      const h = await host([echo]);
      expect((await fetch(`${h.url}/tickets/1`)).status).toBe(201);
    });

    it('answers 404 for unknown routes and for methods the function does not take', async () => {
      const h = await host([echo]);
      expect((await fetch(`${h.url}/nothing-here`)).status).toBe(404);
      expect((await fetch(`${h.url}/tickets/1`, { method: 'DELETE' })).status).toBe(404);
      expect((await fetch(`${h.url.replace(/\/api$/, '')}/tickets/1`)).status).toBe(404);
    });

    it('answers 500 with a JSON error when a function throws, and keeps serving', async () => {
      const h = await host([boom, text]);
      const res = await fetch(`${h.url}/boom`);
      expect(res.status).toBe(500);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('FunctionInvocationFailed');
      expect(body.error.message).not.toContain('exploded');
      const ok = await fetch(`${h.url}/text`);
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe('plain words');
      expect(logs.some((l) => l.level === 'error' && l.line.includes('"function":"boom"') && l.line.includes('handler exploded'))).toBe(true);
    });
  });

  describe('queue triggers', () => {
    it('passes a base64 JSON message parsed, with trigger metadata, and deletes it on success', async () => {
      const q = await newQueue();
      const seen: { message: unknown; meta: Record<string, unknown> }[] = [];
      await host([{ kind: 'queue', name: 'work', queueName: '%WORK_QUEUE%', handler: async (message, ctx) => void seen.push({ message, meta: ctx.triggerMetadata ?? {} }) }], { env: { WORK_QUEUE: q.name } });
      const sent = await q.client.sendMessage(b64(JSON.stringify({ messageId: 'AAMk-1' })));
      await until(() => seen[0], 'the function to run');
      expect(seen[0]!.message).toEqual({ messageId: 'AAMk-1' });
      expect(seen[0]!.meta).toMatchObject({ id: sent.messageId, dequeueCount: 1, queueTrigger: '{"messageId":"AAMk-1"}' });
      expect(typeof seen[0]!.meta.popReceipt).toBe('string');
      expect(typeof seen[0]!.meta.insertionTime).toBe('string');
      await until(async () => ((await q.client.getProperties()).approximateMessagesCount === 0 ? true : undefined), 'the message to be deleted');
    });

    it('retries a failing message with a growing dequeueCount, then moves it to <queue>-poison unchanged', async () => {
      const q = await newQueue();
      const counts: number[] = [];
      await host([
        {
          kind: 'queue',
          name: 'flaky',
          queueName: q.name,
          handler: async (_m, ctx) => {
            counts.push(Number(ctx.triggerMetadata?.dequeueCount));
            throw new Error('downstream unavailable');
          },
        },
      ]);
      const raw = b64('{"messageId":"AAMk-poison"}');
      await q.client.sendMessage(raw);
      const poisoned = await until(async () => {
        if (!(await q.poison.exists())) return undefined;
        const r = await q.poison.peekMessages({ numberOfMessages: 1 });
        return r.peekedMessageItems[0];
      }, 'the poison queue to receive the message');
      expect(counts).toEqual([1, 2, 3]);
      expect(poisoned.messageText).toBe(raw);
      expect((await q.client.peekMessages({ numberOfMessages: 1 })).peekedMessageItems).toHaveLength(0);
    });

    it('runs a message again after a failure once visibilityTimeout has passed, and deletes it when it then succeeds', async () => {
      const q = await newQueue();
      const attempts: number[] = [];
      await host(
        [
          {
            kind: 'queue',
            name: 'second-time-lucky',
            queueName: q.name,
            handler: async (_m, ctx) => {
              attempts.push(Number(ctx.triggerMetadata?.dequeueCount));
              if (attempts.length === 1) throw new Error('first attempt fails');
            },
          },
        ],
        { queues: { visibilityTimeout: 1000 } },
      );
      await q.client.sendMessage(b64('"hello"'));
      await until(() => (attempts.length === 2 ? true : undefined), 'the retry');
      expect(attempts).toEqual([1, 2]);
      await until(async () => ((await q.client.getProperties()).approximateMessagesCount === 0 ? true : undefined), 'the message to be deleted');
      expect(await q.poison.exists()).toBe(false);
    });

    it('moves a message that is not valid base64 to the poison queue without running the function', async () => {
      const q = await newQueue();
      let ran = 0;
      await host([{ kind: 'queue', name: 'strict', queueName: q.name, handler: async () => void ran++ }]);
      await q.client.sendMessage('{"not":"base64"}');
      const poisoned = await until(async () => ((await q.poison.exists()) ? (await q.poison.peekMessages()).peekedMessageItems[0] : undefined), 'the poison queue');
      expect(poisoned.messageText).toBe('{"not":"base64"}');
      expect(ran).toBe(0);
    });

    it('runs at most batchSize + newBatchThreshold messages at once and processes all of them', async () => {
      const q = await newQueue();
      let running = 0;
      let peak = 0;
      let done = 0;
      await host(
        [
          {
            kind: 'queue',
            name: 'bounded',
            queueName: q.name,
            handler: async () => {
              peak = Math.max(peak, ++running);
              await sleep(150);
              running--;
              done++;
            },
          },
        ],
        { queues: { batchSize: 2, newBatchThreshold: 1 } },
      );
      await Promise.all(Array.from({ length: 9 }, (_, i) => q.client.sendMessage(b64(`{"n":${i}}`))));
      await until(() => (done === 9 ? true : undefined), 'all messages');
      expect(peak).toBeGreaterThan(1);
      expect(peak).toBeLessThanOrEqual(3);
    });

    it('lets a message a stopped host was still running reappear after its lease, with the next dequeueCount', async () => {
      const q = await newQueue();
      let release: () => void = () => {};
      const stuck = new Promise<void>((r) => (release = r));
      let started = false;
      const first = await startHost({
        functions: [{ kind: 'queue', name: 'slow', queueName: q.name, handler: async () => ((started = true), stuck) }],
        port: 0,
        storageConnection: az.connectionString,
        hostJson: HOST_JSON,
        queueLeaseMs: 1000,
        minPollMs: 50,
        log,
        env: {},
      });
      await q.client.sendMessage(b64('{"messageId":"m-crash"}'));
      await until(() => (started ? true : undefined), 'the first run');
      await first.stop(0);
      const counts: number[] = [];
      await host([{ kind: 'queue', name: 'slow', queueName: q.name, handler: async (_m, ctx) => void counts.push(Number(ctx.triggerMetadata?.dequeueCount)) }]);
      await until(() => counts[0], 'the second host to get the message');
      expect(counts).toEqual([2]);
      release();
    });
  });

  describe('timer triggers', () => {
    it('runs on startup without isPastDue, then on schedule, never overlapping itself', async () => {
      let running = 0;
      let overlapped = false;
      const calls: boolean[] = [];
      const h = await host([
        {
          kind: 'timer',
          name: 'reconcile',
          schedule: '%TICK%',
          runOnStartup: true,
          handler: async (timer) => {
            if (running > 0) overlapped = true;
            running++;
            calls.push(timer.isPastDue);
            await sleep(1500);
            running--;
          },
        },
      ], { env: { TICK: '*/1 * * * * *' } });
      expect(h.describe()).toContain('reconcile: [timerTrigger] */1 * * * * * (runOnStartup)');
      await until(() => (calls.length >= 3 ? true : undefined), 'three runs');
      expect(calls[0]).toBe(false);
      expect(overlapped).toBe(false);
    });

    it('two hosts with the same host id run a timer on one of them; the other takes over when that host stops', async () => {
      const runsBy: string[] = [];
      const timer = (who: string): FunctionDef => ({ kind: 'timer', name: 'reconcile', schedule: '*/1 * * * * *', runOnStartup: true, handler: async () => void runsBy.push(who) });
      const singleton = { hostId: `t-${Date.now().toString(36)}`, recoveryPollMs: 200 };
      const a = await host([timer('a')], { singleton });
      await until(() => (runsBy.length >= 1 ? true : undefined), 'the first run');
      const b = await host([timer('b')], { singleton });
      expect(b.describe()).toContain('reconcile: [timerTrigger] */1 * * * * * (runOnStartup) (singleton)');
      await until(() => (runsBy.length >= 4 ? true : undefined), 'runs while both hosts live');
      expect(new Set(runsBy)).toEqual(new Set(['a']));
      await a.stop(1000);
      const before = runsBy.length;
      await until(() => (runsBy.slice(before).includes('b') ? true : undefined), 'the second host to take the schedule over');
      // runOnStartup fires when the listener starts on the new holder, as in Azure.
      expect(runsBy.slice(before).every((w) => w === 'b')).toBe(true);
    });

    it('refuses to start with a schedule the runtime would reject', async () => {
      await expect(host([{ kind: 'timer', name: 'bad', schedule: '*/5 * * * *', runOnStartup: false, handler: async () => {} }])).rejects.toThrow(/"bad".*6 fields/);
    });

    it('can be run once on demand through the admin endpoint', async () => {
      let runs = 0;
      const h = await host([{ kind: 'timer', name: 'monthly', schedule: '0 0 0 1 * *', runOnStartup: false, handler: async () => void runs++ }]);
      const res = await fetch(`${h.url.replace(/\/api$/, '')}/admin/functions/monthly`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"input":""}' });
      expect(res.status).toBe(202);
      await until(() => (runs === 1 ? true : undefined), 'the on-demand run');
    });
  });
});
