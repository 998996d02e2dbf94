// Several local Functions hosts behind one port, as Azure runs several instances of one app
// (WORLD_HOSTS, dev/world.ts). With one host it listens on FUNCTIONS_PORT itself, as before; with
// more, each host gets a free port of its own and a round-robin proxy (proxy.ts) takes
// FUNCTIONS_PORT. What the hosts share is what Azure's instances share: the storage account
// (queues: each message goes to one host; timers: one host at a time, under a blob lease; the
// Graph gate: 4 concurrent requests per mailbox in all) and the mock Graph.
import { freePort } from '../support/ports.js';
import { startRoundRobinProxy, type RoundRobinProxy } from './proxy.js';

/** Every host of a world shares this id, so they share their timer locks. */
export const LOCAL_HOST_ID = 'studyflash-local';

export interface HostInstances {
  count: number;
  /** Child process names: host, host-2, host-3, … */
  names: string[];
  /** The port each host listens on. */
  ports: number[];
  /** Starts the proxy on FUNCTIONS_PORT when there is more than one host. */
  startFrontDoor(): Promise<void>;
  /** Requests the proxy forwarded per host (empty with one host). */
  requestsPerHost(): Record<string, number>;
  stop(): Promise<void>;
}

export async function planHostInstances(count: number, functionsPort: number): Promise<HostInstances> {
  if (!Number.isInteger(count) || count < 1 || count > 8) throw new Error(`WORLD_HOSTS must be 1 to 8, got ${count}`);
  const ports = count === 1 ? [functionsPort] : await Promise.all(Array.from({ length: count }, () => freePort()));
  const names = ports.map((_, i) => (i === 0 ? 'host' : `host-${i + 1}`));
  let proxy: RoundRobinProxy | undefined;
  return {
    count,
    names,
    ports,
    async startFrontDoor() {
      if (count === 1 || proxy) return;
      proxy = await startRoundRobinProxy({ port: functionsPort, targets: () => ports.map((p) => `http://127.0.0.1:${p}`) });
    },
    requestsPerHost: () => {
      const byOrigin = proxy?.counts() ?? {};
      return Object.fromEntries(ports.map((p, i) => [names[i]!, byOrigin[`http://127.0.0.1:${p}`] ?? 0]));
    },
    async stop() {
      await proxy?.close();
      proxy = undefined;
    },
  };
}
