// Phase "burst": how fast the webhook acknowledges while a burst of Graph change notifications
// arrives. The local Functions host runs in its own process (the real notifications function and
// services from its environment); the Inbox subscription is created through the product's own
// ensureSubscription against the mock Graph, which validates the host's URL like Graph does — so
// the burst carries a valid clientState and a subscription id the webhook knows, and every
// notification is really enqueued on Azurite (counted afterwards). autocannon fires the burst,
// one notification per POST, with a fixed number of connections, after a short warm-up.
// The floor (a bare server answering 202) and the durable floor (a bare server that writes the
// notifications to a queue with the product's group commit before its 202) take the same load in
// the same run. On a small shared machine one burst's p99 swings by a factor of two either way, so
// host and floors take turns, `rounds` bursts each, and the figures are the median round's p99 of each.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { QueueClient } from '@azure/storage-queue';
import { createServices } from '../../../functions/app.js';
import { createLogger } from '../../../shared/log.js';
import { ensureSubscription } from '../../../shared/tickets/subscription.js';
import { cpuMsOf, notificationBody, peakRssMbOf, round, roundSummary, summarize, type Summary } from '../measure.js';
import { runId, type BenchWorld } from '../world.js';

const HOST_CHILD = fileURLToPath(new URL('../host-child.ts', import.meta.url));
const FLOOR_CHILD = fileURLToPath(new URL('../floor-child.ts', import.meta.url));
const DURABLE_FLOOR_CHILD = fileURLToPath(new URL('../durable-floor-child.ts', import.meta.url));

export interface BurstOptions {
  notifications: number;
  connections: number;
  warmup: number;
  /** Bursts against the host and the floor, taking turns (median p99 of each is reported). */
  rounds: number;
  /** Write a V8 CPU profile of the host process into this directory. */
  profileDir?: string;
}

export interface BurstResult {
  notifications: number;
  connections: number;
  rounds: number;
  /** All host acknowledgements of all rounds; `p99` is replaced by the median round's p99. */
  ackMs: Summary;
  /** p99 of each round, host and floor, in the order they ran. */
  roundP99Ms: { host: number[]; floor: number[]; durableFloor: number[] };
  /** autocannon's own percentile (ms, integer resolution) as a cross-check. */
  autocannonP99Ms: number;
  requestsPerSecond: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Work items found on the queue afterwards (warm-up included). */
  enqueued: number;
  /** Queue messages holding them (concurrent notifications share one: group commit). */
  queueMessages: number;
  expectedEnqueued: number;
  hostPeakRssMb: number | null;
  /** CPU milliseconds per notification during the burst: the host process, Azurite, and this process (autocannon). */
  cpuMsPerNotification: { host: number | null; azurite: number | null; bench: number };
  subscriptionAction: string;
  /** The same load against a bare Node HTTP server answering 202 (floor-child.ts), in the same run. */
  floor: { ackMs: Summary; requestsPerSecond: number; non2xx: number; errors: number };
  /** Host p99 / floor p99. */
  ackP99VsFloor: number;
  /** The same load against a bare server that acknowledges after the same group-committed queue write (durable-floor-child.ts). */
  durableFloor: { ackMs: Summary; requestsPerSecond: number; non2xx: number; errors: number };
  /** Host p99 / durable floor p99: what the product adds on top of the durable write. */
  ackP99VsDurableFloor: number;
  /** Durable floor p99 / floor p99: what the durable write alone costs. */
  durableFloorVsFloor: number;
}

async function startHostChild(env: Record<string, string>, onClose: (step: () => Promise<unknown>) => void, profileDir?: string, file = HOST_CHILD, ready = /^BENCH_HOST_READY (\S+)/): Promise<{ child: ChildProcess; url: string }> {
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', file], { env: { ...process.env, ...env, FUNCTIONS_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  onClose(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
  });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-4000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the Functions host did not start within 60 s: ${stderr.slice(-800)}`)), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the Functions host exited (${code}) before it was ready: ${stderr.slice(-800)}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = ready.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return { child, url };
}

/** Reads every message once (invisible meanwhile) and counts the work items they carry. */
async function countQueuedItems(queue: QueueClient): Promise<{ items: number; messages: number }> {
  let items = 0;
  let messages = 0;
  for (;;) {
    const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 600 });
    if (receivedMessageItems.length === 0) return { items, messages };
    for (const m of receivedMessageItems) {
      messages++;
      const body = JSON.parse(Buffer.from(m.messageText, 'base64').toString('utf8')) as { batch?: unknown[] };
      items += Array.isArray(body.batch) ? body.batch.length : 1;
    }
  }
}

export async function runBurstPhase(world: BenchWorld, o: BurstOptions): Promise<BurstResult> {
  const graph = await world.graph({});
  const id = runId();
  const names = { graph, queueName: `bench-burst-${id}`, tablePrefix: `BenchW${id}` };
  // The host learns its public URL only once it listens; the subscription is made afterwards.
  const { child, url } = await startHostChild(world.env(names), world.onClose, o.profileDir);
  const notificationUrl = `${url}/notifications`;
  const config = world.config({ ...names, extra: { NOTIFICATION_URL: notificationUrl, LIFECYCLE_URL: `${url}/lifecycle` } });
  const services = createServices(config, {});
  const { action, subscription } = await ensureSubscription({ ...services.reconcileDeps(), log: createLogger('bench.subscription') });

  const queue = new QueueClient(config.storageConnection, config.queueName);
  await queue.createIfNotExists();
  const body = notificationBody({ subscriptionId: subscription.id, clientState: config.graphClientState, tenantId: graph.tenantId, userId: graph.userId, messageId: 'bench-[<id>]' });
  const fire = (amount: number, onLatency?: (ms: number) => void, url = notificationUrl) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        { url, method: 'POST', headers: { 'content-type': 'application/json' }, body, idReplacement: true, amount, connections: o.connections, timeout: 10 },
        (err, result) => (err ? reject(err) : resolve(result)),
      );
      if (onLatency) instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => status < 300 && onLatency(ms));
    });

  // The floor: the same load, the same way, against a server that only answers 202.
  const floorServer = await startHostChild({}, world.onClose, undefined, FLOOR_CHILD, /^BENCH_FLOOR_READY (\S+)/);
  const floorUrl = `${floorServer.url}/notifications`;
  const durableFloorQueue = `bench-floor-${id}`;
  const durableFloorServer = await startHostChild(
    { DURABLE_FLOOR_CONNECTION: config.storageConnection, DURABLE_FLOOR_QUEUE: durableFloorQueue },
    world.onClose,
    undefined,
    DURABLE_FLOOR_CHILD,
    /^BENCH_DURABLE_FLOOR_READY (\S+)/,
  );
  const durableFloorUrl = `${durableFloorServer.url}/notifications`;
  if (o.warmup > 0) {
    await fire(o.warmup);
    await fire(o.warmup, undefined, floorUrl);
    await fire(o.warmup, undefined, durableFloorUrl);
  }
  const latencies: number[] = [];
  const floorLatencies: number[] = [];
  const durableFloorLatencies: number[] = [];
  const roundP99Ms = { host: [] as number[], floor: [] as number[], durableFloor: [] as number[] };
  const azuritePid = world.azurite.process.pid;
  const cpu0 = { host: child.pid ? cpuMsOf(child.pid) : null, bench: process.cpuUsage() };
  const azuriteCpu = () => (azuritePid ? cpuMsOf(azuritePid) : null);
  let cpuBench = 0;
  let cpuAzurite: number | null = 0;
  let result: autocannon.Result | null = null;
  let floorResult: autocannon.Result | null = null;
  let durableFloorResult: autocannon.Result | null = null;
  for (let r = 0; r < o.rounds; r++) {
    const round: number[] = [];
    const b0 = process.cpuUsage();
    const a0 = azuriteCpu();
    result = await fire(o.notifications, (ms) => round.push(ms));
    const a1 = azuriteCpu();
    cpuAzurite = cpuAzurite === null || a0 === null || a1 === null ? null : cpuAzurite + (a1 - a0);
    const used = process.cpuUsage(b0);
    cpuBench += (used.user + used.system) / 1000;
    latencies.push(...round);
    roundP99Ms.host.push(round2(summarize(round).p99));
    const floorRound: number[] = [];
    floorResult = await fire(o.notifications, (ms) => floorRound.push(ms), floorUrl);
    floorLatencies.push(...floorRound);
    roundP99Ms.floor.push(round2(summarize(floorRound).p99));
    const durableFloorRound: number[] = [];
    durableFloorResult = await fire(o.notifications, (ms) => durableFloorRound.push(ms), durableFloorUrl);
    durableFloorLatencies.push(...durableFloorRound);
    roundP99Ms.durableFloor.push(round2(summarize(durableFloorRound).p99));
  }
  floorServer.child.kill('SIGTERM');
  durableFloorServer.child.kill('SIGTERM');
  // Host CPU counts only its own rounds (it idles while the floors run); Azurite's is summed over
  // the host's rounds (the durable floor writes to it too).
  const total = o.notifications * o.rounds;
  const perNotification = (before: number | null, after: number | null) => (before === null || after === null ? null : round((after - before) / total, 2));
  const cpuMsPerNotification = {
    host: perNotification(cpu0.host, child.pid ? cpuMsOf(child.pid) : null),
    azurite: cpuAzurite === null ? null : round(cpuAzurite / total, 2),
    bench: round(cpuBench / total, 2),
  };
  const hostPeakRssMb = child.pid ? peakRssMbOf(child.pid) : null;

  // Every accepted notification is a work item on the queue (warm-up included), alone or in a
  // group-committed batch message; count the items.
  const { items: enqueued, messages: queueMessages } = await countQueuedItems(queue);

  const hostP99 = median(roundP99Ms.host);
  const floorP99 = median(roundP99Ms.floor);
  const durableFloorP99 = median(roundP99Ms.durableFloor);
  const ackMs = { ...roundSummary(summarize(latencies), 2), p99: hostP99 };
  const floorAck = { ...roundSummary(summarize(floorLatencies), 2), p99: floorP99 };
  const durableFloorAck = { ...roundSummary(summarize(durableFloorLatencies), 2), p99: durableFloorP99 };
  const last = result!;
  const lastFloor = floorResult!;
  const lastDurableFloor = durableFloorResult!;
  return {
    notifications: o.notifications,
    connections: o.connections,
    rounds: o.rounds,
    ackMs,
    roundP99Ms,
    autocannonP99Ms: last.latency.p99,
    requestsPerSecond: round(last.requests.total / Math.max(0.001, last.duration), 0),
    non2xx: last.non2xx,
    errors: last.errors,
    timeouts: last.timeouts,
    enqueued,
    queueMessages,
    expectedEnqueued: total + o.warmup,
    hostPeakRssMb,
    cpuMsPerNotification,
    subscriptionAction: action,
    floor: { ackMs: floorAck, requestsPerSecond: round(lastFloor.requests.total / Math.max(0.001, lastFloor.duration), 0), non2xx: lastFloor.non2xx, errors: lastFloor.errors },
    ackP99VsFloor: round(ackMs.p99 / Math.max(0.01, floorAck.p99), 2),
    durableFloor: {
      ackMs: durableFloorAck,
      requestsPerSecond: round(lastDurableFloor.requests.total / Math.max(0.001, lastDurableFloor.duration), 0),
      non2xx: lastDurableFloor.non2xx,
      errors: lastDurableFloor.errors,
    },
    ackP99VsDurableFloor: round(ackMs.p99 / Math.max(0.01, durableFloorAck.p99), 2),
    durableFloorVsFloor: round(durableFloorAck.p99 / Math.max(0.01, floorAck.p99), 2),
  };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : round2((sorted[mid - 1]! + sorted[mid]!) / 2);
}
