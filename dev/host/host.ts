// The local Functions host (Core Tools cannot be installed here): serves one function table —
// HTTP routes, storage-queue triggers polled from Azurite, timer triggers — with the runtime's
// semantics from host.json. dev/host/main.ts runs it for the local world; tests start it with
// their own table.
import path from 'node:path';
import { QueueServiceClient } from '@azure/storage-queue';
import type { FunctionDef } from '../../functions/table.js';
import { createLogger, type Logger } from '../../shared/log.js';
import { REPO_ROOT } from '../support/cert.js';
import { startHttpServer } from './http.js';
import { QueueListener } from './queues.js';
import { readHostJson, resolveAppSettings, type HostSettings, type QueueSettings } from './settings.js';
import { ListenerLock } from './singleton.js';
import { TimerRunner } from './timers.js';

export interface HostOptions {
  functions: readonly FunctionDef[];
  /** 0 = any free port. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  hostname?: string;
  /** Storage for queue triggers (Azurite locally); required when the table has queue functions. */
  storageConnection?: string;
  /** host.json settings or its path; default the repository's host.json. */
  hostJson?: HostSettings | string;
  /** Overrides of host.json `extensions.queues` (tests use short visibility timeouts). */
  queues?: Partial<QueueSettings>;
  /** How long a fetched message stays invisible while its function runs; the runtime uses 10 minutes. */
  queueLeaseMs?: number;
  /** First polling delay when a queue is empty (the runtime's minimum is 100 ms). */
  minPollMs?: number;
  /**
   * Timers as singletons across host processes (needs storageConnection): hosts with the same
   * hostId run each timer on one of them at a time, under a blob lease as the runtime does.
   * Without it every host runs its own timers (a single host, unit tests).
   */
  singleton?: { hostId: string; recoveryPollMs?: number };
  /** Where %SETTING% references come from; default process.env. */
  env?: Record<string, string | undefined>;
  log?: Logger;
}

export interface Host {
  /** Base URL including the route prefix, e.g. http://localhost:7071/api */
  url: string;
  port: number;
  /** What is served, one line per function (for the start banner). */
  describe(): string[];
  /** Stops triggers, lets running invocations finish for up to graceMs, closes the server. */
  stop(graceMs?: number): Promise<void>;
}

export async function startHost(opts: HostOptions): Promise<Host> {
  const log = opts.log ?? createLogger('host');
  const env = opts.env ?? process.env;
  const settings = typeof opts.hostJson === 'object' ? opts.hostJson : readHostJson(opts.hostJson ?? path.join(REPO_ROOT, 'host.json'));
  const queueSettings: QueueSettings = { ...settings.queues, ...opts.queues };
  if (opts.queues?.batchSize !== undefined && opts.queues.newBatchThreshold === undefined) {
    queueSettings.newBatchThreshold = Math.min(settings.queues.newBatchThreshold, Math.floor(queueSettings.batchSize / 2));
  }

  const names = new Set<string>();
  for (const f of opts.functions) {
    if (names.has(f.name.toLowerCase())) throw new Error(`function "${f.name}" is defined twice`);
    names.add(f.name.toLowerCase());
  }
  const resolve = (f: FunctionDef, value: string) => {
    try {
      return resolveAppSettings(value, env);
    } catch (e) {
      throw new Error(`function "${f.name}": ${(e as Error).message}`);
    }
  };

  const http = opts.functions.filter((f): f is Extract<FunctionDef, { kind: 'http' }> => f.kind === 'http');
  const listeners: QueueListener[] = [];
  const timers = new Map<string, TimerRunner>();
  const locks = new Map<string, ListenerLock>();
  const lines: string[] = [];
  let service: QueueServiceClient | undefined;

  for (const f of opts.functions) {
    switch (f.kind) {
      case 'http':
        break;
      case 'queue': {
        if (!opts.storageConnection) throw new Error(`function "${f.name}" is a queue trigger but no storage connection was given`);
        service ??= QueueServiceClient.fromConnectionString(opts.storageConnection);
        const queueName = resolve(f, f.queueName);
        listeners.push(
          new QueueListener({
            fn: { name: f.name, queueName, handler: f.handler },
            service,
            settings: queueSettings,
            leaseMs: opts.queueLeaseMs ?? 10 * 60_000,
            log,
            minPollMs: opts.minPollMs,
          }),
        );
        lines.push(`${f.name}: [queueTrigger] ${queueName}`);
        break;
      }
      case 'timer': {
        const schedule = resolve(f, f.schedule);
        let runner: TimerRunner;
        try {
          runner = new TimerRunner({ name: f.name, schedule, runOnStartup: f.runOnStartup, handler: f.handler }, log);
        } catch (e) {
          throw new Error(`function "${f.name}": ${(e as Error).message}`);
        }
        timers.set(f.name.toLowerCase(), runner);
        if (opts.singleton && opts.storageConnection) {
          locks.set(f.name.toLowerCase(), new ListenerLock({ storageConnection: opts.storageConnection, hostId: opts.singleton.hostId, functionName: f.name, recoveryPollMs: opts.singleton.recoveryPollMs, log }));
        }
        lines.push(`${f.name}: [timerTrigger] ${runner.description}${f.runOnStartup ? ' (runOnStartup)' : ''}${locks.has(f.name.toLowerCase()) ? ' (singleton)' : ''}`);
        break;
      }
    }
  }

  let accepting = true;
  const server = await startHttpServer({
    functions: http,
    routePrefix: settings.routePrefix,
    port: opts.port ?? 0,
    host: opts.hostname ?? '127.0.0.1',
    log,
    isAccepting: () => accepting,
    adminInvoke: async (name) => {
      const t = timers.get(name.toLowerCase());
      if (!t) return 'not-found';
      void t.runNow();
      return 'started';
    },
  });
  lines.unshift(...http.map((f) => `${f.name}: [${f.methods.join(',')}] ${server.url}/${f.route}`));

  for (const l of listeners) l.start();
  for (const [name, t] of timers) {
    const lock = locks.get(name);
    if (lock) lock.start(() => t.start(), () => void t.stop(0));
    else t.start();
  }

  let stopping: Promise<void> | undefined;
  return {
    url: server.url,
    port: server.port,
    describe: () => [...lines],
    stop: (graceMs = 5000) =>
      (stopping ??= (async () => {
        accepting = false;
        await Promise.all([...listeners.map((l) => l.stop(graceMs)), ...[...timers.values()].map((t) => t.stop(graceMs)), server.close(graceMs)]);
        // After the timers stopped: another host may take the schedule over at once.
        await Promise.all([...locks.values()].map((l) => l.stop()));
      })()),
  };
}
