// seedTickets() delivers sample mails over SMTP exactly as written: checked against a throwaway
// smtp-server on a free port.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './support/ports.js';
import { listSampleTickets, seedTickets, TICKETS_DIR } from './seed-tickets.js';

interface Received {
  from: string;
  to: string[];
  data: Buffer;
}

const servers: SMTPServer[] = [];

async function startMailbox(): Promise<{ port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        received.push({ from, to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks) });
        cb();
      });
    },
  });
  servers.push(server);
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { port, received };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
});

describe('seedTickets', () => {
  it('delivers the first three sample tickets byte-identical to the mailbox, with the sender as envelope from', async () => {
    const { port, received } = await startMailbox();
    const progress: number[] = [];
    const sent = await seedTickets({ host: '127.0.0.1', port, count: 3, onProgress: (done) => progress.push(done) });

    expect(sent).toHaveLength(3);
    expect(received).toHaveLength(3);
    expect(progress).toEqual([1, 2, 3]);
    for (const [i, s] of sent.entries()) {
      const original = await readFile(s.file);
      expect(received[i]?.data.equals(original), path.basename(s.file)).toBe(true);
      expect(received[i]?.to).toEqual(['support@studyflash.test']);
      expect(received[i]?.from).toBe(s.envelopeFrom);
      expect(original.toString('latin1')).toContain(s.envelopeFrom);
    }
  });

  it('sends explicit files to the configured mailbox, binary attachments and 8-bit text untouched', async () => {
    const { port, received } = await startMailbox();
    const files = ['de-003-pdf-upload-haengt.eml', 'fr-012-lien-connexion-expire.eml', 'it-004-candidatura-stage-marketing.eml'].map((f) => path.join(TICKETS_DIR, f));
    await seedTickets({ host: '127.0.0.1', port, files, mailbox: 'helpdesk@studyflash.test' });
    expect(received.map((r) => r.to[0])).toEqual(['helpdesk@studyflash.test', 'helpdesk@studyflash.test', 'helpdesk@studyflash.test']);
    for (const [i, f] of files.entries()) expect(received[i]?.data.equals(await readFile(f)), f).toBe(true);
  });

  it('orders the samples by when they were written, so every follow-up comes after its original', async () => {
    const order = (await listSampleTickets()).map((f) => path.basename(f));
    const labels = (await readFile(path.join(TICKETS_DIR, 'labels.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { file: string; followUpOf?: string });
    expect(order).toHaveLength(labels.length);
    const followUps = labels.filter((l) => l.followUpOf);
    expect(followUps.length).toBeGreaterThan(0);
    for (const l of followUps) expect(order.indexOf(l.file), l.file).toBeGreaterThan(order.indexOf(l.followUpOf ?? ''));
  });

  it('says clearly that no mailbox is running when nothing listens on the port', async () => {
    const port = await freePort();
    await expect(seedTickets({ host: '127.0.0.1', port, count: 1 })).rejects.toThrow(/No mailbox is listening on smtp:\/\/127\.0\.0\.1:\d+.*npm start/);
  });
});
