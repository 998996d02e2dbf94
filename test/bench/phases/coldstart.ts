// Phase "coldstart": how long the Functions host takes from process start to its first answered
// request, against a bare @azure/functions app (one function answering 200) served by the same
// local host and started the same way. Both are spawned alternately, `rounds` times each; the
// figure is the ratio of the medians. The time to the webhook's first answer (Graph's validation
// handshake, which builds the adapters) is reported beside it: a host that answers its first request
// early but the handshake late would fail Graph's 10 s validation window.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { round, summarize } from '../measure.js';
import { runId, type BenchWorld } from '../world.js';

const CHILDREN = {
  host: fileURLToPath(new URL('../host-child.ts', import.meta.url)),
  bare: fileURLToPath(new URL('../bare-host-child.ts', import.meta.url)),
};

export interface ColdStartResult {
  rounds: number;
  /** Median ms from spawn to the first 200 of GET /api/health. */
  hostMs: number;
  bareMs: number;
  hostRunsMs: number[];
  bareRunsMs: number[];
  /** Median ms from spawn to the host's answer to Graph's validation handshake on POST /api/notifications (loads the webhook's code and adapters). */
  hostFirstNotificationMs: number;
}

/** Spawns one child, waits for its first answered GET /api/health (then, optionally, the webhook's handshake), stops it; returns the ms. */
async function startToFirstAnswer(file: string, env: Record<string, string>, handshake?: (ms: number) => void): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', file], { env: { ...process.env, ...env, FUNCTIONS_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-2000)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${file} did not start within 120 s: ${stderr}`)), 120_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${file} exited (${code}) before it was ready: ${stderr}`));
      });
      createInterface({ input: child.stdout }).on('line', (line) => {
        const m = /^BENCH_HOST_READY (\S+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    for (;;) {
      const res = await fetch(`${url}/health`).catch(() => null);
      if (res) await res.arrayBuffer();
      if (res?.status === 200) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const healthMs = performance.now() - t0;
    if (handshake) {
      const res = await fetch(`${url}/notifications?validationToken=cold-start`, { method: 'POST' });
      const text = await res.text();
      if (res.status !== 200 || text !== 'cold-start') throw new Error(`the webhook answered the handshake with ${res.status} ${text.slice(0, 200)}`);
      handshake(performance.now() - t0);
    }
    return healthMs;
  } finally {
    child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(kill);
  }
}

export async function runColdStartPhase(world: BenchWorld, o: { rounds: number }): Promise<ColdStartResult> {
  const id = runId();
  const graph = await world.graph({});
  const env = world.env({ graph, queueName: `bench-cold-${id}`, tablePrefix: `BenchC${id}` });
  const hostRunsMs: number[] = [];
  const bareRunsMs: number[] = [];
  const handshakeMs: number[] = [];
  for (let i = 0; i < o.rounds; i++) {
    bareRunsMs.push(round(await startToFirstAnswer(CHILDREN.bare, env), 0));
    hostRunsMs.push(round(await startToFirstAnswer(CHILDREN.host, env, (ms) => handshakeMs.push(round(ms, 0))), 0));
  }
  return {
    rounds: o.rounds,
    hostMs: round(summarize(hostRunsMs).p50, 0),
    bareMs: round(summarize(bareRunsMs).p50, 0),
    hostRunsMs,
    bareRunsMs,
    hostFirstNotificationMs: round(summarize(handshakeMs).p50, 0),
  };
}
