// The floor of the webhook figure: a bare Node HTTP server that reads each request body and answers
// 202, nothing else — what an acknowledgement costs on this machine under the same load.
//   node --import tsx test/bench/floor-child.ts     Prints `BENCH_FLOOR_READY <url>`; SIGTERM stops it.
import http from 'node:http';
import { listenAndAnnounce } from './child-server.js';

const server = http.createServer((req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => {
    res.writeHead(202, { 'content-length': '0' });
    res.end();
  });
});
listenAndAnnounce(server, 'BENCH_FLOOR_READY');
