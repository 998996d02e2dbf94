// The durable floor of the webhook figure: a bare Node HTTP server that reads each request body,
// writes its notifications to a Storage queue with the product's own group commit
// (CoalescingWorkQueue over StorageWorkQueue, the webhook's intake path) and answers 202 once the
// write has succeeded — what a durable acknowledgement costs on this machine without the Functions
// host, the request model or the webhook's checks. Host p99 over this floor's p99 is what the
// product adds on top of the durable write; this floor over the bare floor is what the write adds.
//   node --import tsx test/bench/durable-floor-child.ts     (env: DURABLE_FLOOR_CONNECTION, DURABLE_FLOOR_QUEUE)
// Prints `BENCH_DURABLE_FLOOR_READY <url>`; SIGTERM stops it.
import http from 'node:http';
import { listenAndAnnounce } from './child-server.js';
import { CoalescingWorkQueue } from '../../shared/storage/coalesce.js';
import { StorageWorkQueue } from '../../shared/storage/queue.js';

const connection = process.env.DURABLE_FLOOR_CONNECTION;
const queueName = process.env.DURABLE_FLOOR_QUEUE;
if (!connection || !queueName) {
  process.stderr.write('DURABLE_FLOOR_CONNECTION and DURABLE_FLOOR_QUEUE are required\n');
  process.exit(2);
}
const queue = new CoalescingWorkQueue(new StorageWorkQueue(connection, queueName));

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let items: { messageId: string }[];
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { value?: { resourceData?: { id?: string } }[] };
      items = (body.value ?? []).map((v) => ({ messageId: String(v.resourceData?.id ?? '') }));
    } catch {
      res.writeHead(400, { 'content-length': '0' }).end();
      return;
    }
    queue.enqueueMany(items).then(
      () => res.writeHead(202, { 'content-length': '0' }).end(),
      () => res.writeHead(503, { 'content-length': '0' }).end(),
    );
  });
});
listenAndAnnounce(server, 'BENCH_DURABLE_FLOOR_READY');
