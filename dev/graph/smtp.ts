// SMTP intake for the mailbox (as Exchange's front door): accepts mail for the mailbox's address
// only (others get 550), keeps the raw bytes and hands them to the same delivery path as deliver().
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface SmtpIntake {
  port: number;
  close(): Promise<void>;
}

export interface SmtpOptions {
  host: string;
  port: number;
  mailbox: string;
  deliver(raw: Buffer): Promise<{ id: string }>;
  onAccepted(): void;
  onRejected(): void;
  maxBytes?: number;
}

export async function startSmtp(opts: SmtpOptions): Promise<SmtpIntake> {
  const server = new SMTPServer({
    authOptional: true,
    // smtp-server's bundled certificate has expired; clients that see STARTTLS would try it and fail.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    banner: 'Microsoft ESMTP MAIL Service (mock Graph) ready',
    size: opts.maxBytes ?? 35 * 1024 * 1024,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      if (address.address.toLowerCase() !== opts.mailbox.toLowerCase()) {
        opts.onRejected();
        const err = new Error(`5.1.1 RESOLVER.ADR.RecipNotFound; not found: ${address.address}`) as Error & { responseCode: number };
        err.responseCode = 550;
        callback(err);
        return;
      }
      callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (e) => callback(e));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          const err = new Error('5.3.4 Message size exceeds fixed maximum message size') as Error & { responseCode: number };
          err.responseCode = 552;
          callback(err);
          return;
        }
        opts.deliver(Buffer.concat(chunks)).then(
          (r) => {
            opts.onAccepted();
            callback(null, `2.6.0 Queued mail for delivery (${r.id})`);
          },
          (e: unknown) => callback(e instanceof Error ? e : new Error(String(e))),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  server.on('error', () => undefined); // a broken client connection must not bring the world down
  return { port, close: () => new Promise<void>((r) => server.close(() => r())) };
}
