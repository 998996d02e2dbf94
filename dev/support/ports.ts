// Free TCP ports for tests and the local world.
//
// A port found free is handed to a child process that binds it a moment later. A port the kernel
// picks for listen(0) comes from the ephemeral range, which every outgoing connection on the
// machine also draws from — in that moment one of them (or another test's listen(0)) can take it,
// and the child then fails to bind or, worse, a probe talks to somebody else's server. So ports are
// picked at random from below the ephemeral range, checked by binding, and never handed out twice
// by one process. Where the range cannot be read (not Linux) the kernel's choice is used.
import { readFileSync } from 'node:fs';
import net from 'node:net';

const handedOut = new Set<number>();

/** The lowest port of the kernel's ephemeral range, or null when it cannot be read. */
function ephemeralLow(): number | null {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) ? low : null;
  } catch {
    return null;
  }
}

function tryListen(port: number, host: string): Promise<number | null> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.unref();
    s.once('error', () => resolve(null));
    s.listen({ port, host, exclusive: true }, () => {
      const { port: got } = s.address() as net.AddressInfo;
      s.close(() => resolve(got));
    });
  });
}

const PICK_FROM = 20_000;

export async function freePort(host = '127.0.0.1'): Promise<number> {
  const low = ephemeralLow();
  if (low !== null && low - PICK_FROM >= 1_000) {
    for (let i = 0; i < 50; i++) {
      const port = PICK_FROM + Math.floor(Math.random() * (low - PICK_FROM));
      if (handedOut.has(port)) continue;
      if ((await tryListen(port, host)) !== null) {
        handedOut.add(port);
        return port;
      }
    }
  }
  for (;;) {
    const port = await tryListen(0, host);
    if (port === null) throw new Error(`no free TCP port on ${host}`);
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}
