// The floor of the webhook figure: a bare Node HTTP server that reads each request body and answers
// 202, nothing else — what an acknowledgement costs on this machine under the same load.
//   node --import tsx test/bench/floor-child.ts     Prints `BENCH_FLOOR_READY <url>`; SIGTERM stops it.
import http from 'node:http';

const server = http.createServer((req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => {
    res.writeHead(202, { 'content-length': '0' });
    res.end();
  });
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as import('node:net').AddressInfo;
  process.stdout.write(`BENCH_FLOOR_READY http://127.0.0.1:${port}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
