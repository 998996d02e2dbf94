// The tail every benchmark child server shares: listen on a free port, print `<TAG> <url>` for the
// bench to read, and close on SIGTERM / SIGINT.
import type http from 'node:http';

export function listenAndAnnounce(server: http.Server, tag: string): void {
  server.keepAliveTimeout = 5000;
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as import('node:net').AddressInfo;
    process.stdout.write(`${tag} http://127.0.0.1:${port}\n`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
