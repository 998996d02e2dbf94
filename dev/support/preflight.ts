// Before `npm start` starts anything: every port the world will listen on must be free. A busy
// port is named with the child that needs it and the setting that moves it, so a person sees the
// fix at once instead of a child that fails (or, like the Playground, quietly listens elsewhere)
// ninety seconds later.
import net from 'node:net';

export interface PortNeed {
  /** What listens there, as a person reads it ("Functions host"). */
  what: string;
  port: number;
  /** The environment variable that moves it. */
  setting: string;
}

export interface BusyPort extends PortNeed {
  /** EADDRINUSE, EACCES, … */
  code: string;
}

/** Resolves null when the port can be bound on every interface, else the bind error's code. */
export function portProblem(port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'EUNKNOWN'));
    // No host: the wildcard address, which conflicts with a listener on any local address.
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(null)));
  });
}

/** The needs that cannot be met: busy ports, and two needs sharing one port. */
export async function busyPorts(needs: PortNeed[]): Promise<BusyPort[]> {
  const busy: BusyPort[] = [];
  const seen = new Map<number, PortNeed>();
  for (const need of needs) {
    const first = seen.get(need.port);
    if (first) {
      busy.push({ ...need, code: `also set for ${first.what} (${first.setting})` });
      continue;
    }
    seen.set(need.port, need);
    const code = await portProblem(need.port);
    if (code) busy.push({ ...need, code });
  }
  return busy;
}

export function describeBusy(busy: BusyPort[]): string {
  const reason = (b: BusyPort) => (b.code === 'EADDRINUSE' ? 'is in use by another process' : b.code === 'EACCES' ? 'may not be opened by this user' : b.code);
  return [
    `npm start: ${busy.length === 1 ? 'a port the world needs is' : `${busy.length} ports the world needs are`} not available; nothing was started.`,
    ...busy.map((b) => `  port ${b.port} (${b.what}) ${reason(b)} — set ${b.setting} to another port`),
  ].join('\n');
}
