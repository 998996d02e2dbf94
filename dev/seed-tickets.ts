// Delivers the sample tickets (tickets/*.eml) into the running local mailbox over SMTP, byte for
// byte, in the order they were written (Date header), so follow-ups arrive after their originals.
//   npm run seed-tickets -- [N]        (SMTP_HOST, SMTP_PORT, SUPPORT_MAILBOX override the defaults)
// seedTickets() is the same thing for tests and the benchmark.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import cliProgress from 'cli-progress';
import nodemailer from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import { z } from 'zod';
import { useLocalWorld } from '../shared/cli/world-env.js';
import { AppError } from '../shared/errors.js';

export const TICKETS_DIR = fileURLToPath(new URL('../tickets/', import.meta.url));
export const DEFAULT_MAILBOX = 'support@studyflash.test';

export interface SeedOptions {
  host: string;
  port: number;
  /** Envelope recipient; the shared mailbox. */
  mailbox?: string;
  /** Explicit .eml paths (absolute or relative to cwd); default: every sample ticket in send order. */
  files?: string[];
  /** Send only the first N of `files`. */
  count?: number;
  onProgress?: (done: number, total: number, file: string) => void;
}

export interface SeededMail {
  file: string;
  envelopeFrom: string;
  bytes: number;
}

interface RawMail {
  file: string;
  raw: Buffer;
  from: string;
  date: number;
}

/** The header block, unfolded, as name → first value (lower-case names). */
function headersOf(raw: Buffer): Map<string, string> {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const block = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const out = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    if (!out.has(name)) out.set(name, line.slice(i + 1).trim());
  }
  return out;
}

async function readMail(file: string): Promise<RawMail> {
  const raw = await readFile(file);
  const h = headersOf(raw);
  const parsed = addressparser(h.get('from') ?? '', { flatten: true });
  const from = parsed.find((a) => a.address)?.address ?? '';
  const date = Date.parse(h.get('date') ?? '');
  return { file, raw, from, date: Number.isNaN(date) ? Number.MAX_SAFE_INTEGER : date };
}

/** The sample tickets in the order they were written: by Date header, then file name. */
export async function listSampleTickets(dir: string = TICKETS_DIR): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.eml')).map((f) => path.join(dir, f));
  const mails = await Promise.all(files.map(readMail));
  return mails.sort((a, b) => a.date - b.date || a.file.localeCompare(b.file)).map((m) => m.file);
}

function isRefused(err: unknown): boolean {
  const e = err as { code?: unknown; errno?: unknown; message?: unknown; cause?: unknown };
  const text = [e.code, e.errno, e.message].map(String).join(' ');
  return /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENOTFOUND/.test(text) || (e.cause !== undefined && isRefused(e.cause));
}

/** Sends each file's bytes unchanged to the mailbox over one SMTP connection. */
export async function seedTickets(opts: SeedOptions): Promise<SeededMail[]> {
  const mailbox = opts.mailbox ?? DEFAULT_MAILBOX;
  const all = opts.files ? opts.files.map((f) => path.resolve(f)) : await listSampleTickets();
  const chosen = opts.count === undefined ? all : all.slice(0, Math.max(0, opts.count));
  const transport = nodemailer.createTransport({
    host: opts.host,
    port: opts.port,
    secure: false,
    ignoreTLS: true, // the local mailbox speaks plain SMTP
    pool: true,
    maxConnections: 1, // one connection keeps the send order
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 30_000,
  });
  const where = `smtp://${opts.host}:${opts.port}`;
  try {
    try {
      await transport.verify();
    } catch (err) {
      if (isRefused(err)) {
        throw new AppError('unavailable', `No mailbox is listening on ${where}. Start the local world with \`npm start\` (or point SMTP_HOST / SMTP_PORT at a running one).`, { service: 'smtp', cause: err });
      }
      throw new AppError('unavailable', `The mailbox at ${where} did not accept an SMTP session: ${(err as Error).message}`, { service: 'smtp', cause: err });
    }
    const sent: SeededMail[] = [];
    for (const file of chosen) {
      const mail = await readMail(file);
      if (!mail.from) throw new AppError('invalid-input', `${path.basename(file)} has no sender address in its From header`, { service: 'seed' });
      try {
        await transport.sendMail({ envelope: { from: mail.from, to: [mailbox] }, raw: mail.raw });
      } catch (err) {
        throw new AppError('upstream', `The mailbox at ${where} refused ${path.basename(file)}: ${(err as Error).message}`, { service: 'smtp', cause: err });
      }
      sent.push({ file, envelopeFrom: mail.from, bytes: mail.raw.length });
      opts.onProgress?.(sent.length, chosen.length, file);
    }
    return sent;
  } finally {
    transport.close();
  }
}

const CliEnv = z.object({
  SMTP_HOST: z.string().min(1).default('localhost'),
  SMTP_PORT: z.coerce.number().int().min(1).max(65_535).default(2525),
  SUPPORT_MAILBOX: z.string().email().default(DEFAULT_MAILBOX),
});

async function main(argv: string[]): Promise<void> {
  const arg = argv.find((a) => !a.startsWith('-'));
  const count = arg === undefined ? undefined : Number(arg);
  if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
    throw new AppError('invalid-input', `N must be a positive whole number, got "${arg}". Usage: npm run seed-tickets -- [N]`);
  }
  const env = CliEnv.parse(process.env);
  const total = Math.min(count ?? Number.POSITIVE_INFINITY, (await listSampleTickets()).length);
  const bar = new cliProgress.SingleBar(
    { format: 'seeding tickets |{bar}| {value}/{total} {file}', hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { file: '' });
  try {
    await seedTickets({
      host: env.SMTP_HOST,
      port: env.SMTP_PORT,
      mailbox: env.SUPPORT_MAILBOX,
      count,
      onProgress: (done, _total, file) => bar.update(done, { file: path.basename(file) }),
    });
  } finally {
    bar.stop();
  }
  console.log(`delivered ${total} sample tickets to ${env.SUPPORT_MAILBOX} via smtp://${env.SMTP_HOST}:${env.SMTP_PORT}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const ranInWorld = await useLocalWorld('seed-tickets', { own: ['SMTP_HOST', 'SMTP_PORT'] });
  if (ranInWorld !== null) process.exitCode = ranInWorld;
  else main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
}
