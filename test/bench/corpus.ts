// The benchmark's mail: the 100 sample tickets (tickets/*.eml), parsed once, split into the ones
// that become tickets and the ones the pipeline skips (auto-replies, bulk), and turned into as
// many distinct new conversations as a phase needs (fresh Message-ID, no threading headers).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { listSampleTickets } from '../../dev/seed-tickets.js';
import type { InboundMail } from '../../shared/domain.js';
import { skipReason } from '../../shared/mail/auto.js';
import { parseEml } from '../../shared/mail/parse.js';

export interface Sample {
  file: string;
  raw: Buffer;
  mail: InboundMail;
  /** Why the pipeline will not make a ticket of it, or null. */
  skip: string | null;
}

export async function loadSamples(mailbox: string): Promise<Sample[]> {
  const files = await listSampleTickets();
  return Promise.all(
    files.map(async (file) => {
      const raw = await readFile(file);
      const mail = await parseEml(raw, path.basename(file));
      return { file: path.basename(file), raw, mail, skip: skipReason(mail, mailbox) };
    }),
  );
}

const THREADING = /^(message-id|in-reply-to|references|thread-index|thread-topic)$/i;

/**
 * The sample as a new conversation: its own Message-ID and no In-Reply-To / References /
 * Thread-Index, so the mailbox threads it alone. Body bytes are untouched.
 */
export function asNewConversation(raw: Buffer, messageId: string): Buffer {
  const text = raw.toString('latin1');
  const m = /\r?\n\r?\n/.exec(text);
  const headerEnd = m ? m.index : text.length;
  const eol = m && m[0].startsWith('\r') ? '\r\n' : '\n';
  const lines = text.slice(0, headerEnd).split(/\r?\n/);
  const kept: string[] = [];
  let dropping = false;
  for (const line of lines) {
    if (/^[ \t]/.test(line)) {
      if (!dropping) kept.push(line); // a folded continuation of the previous header
      continue;
    }
    const name = line.slice(0, Math.max(0, line.indexOf(':'))).trim();
    dropping = THREADING.test(name);
    if (!dropping) kept.push(line);
  }
  kept.push(`Message-ID: <${messageId}>`);
  return Buffer.concat([Buffer.from(kept.join(eol), 'latin1'), Buffer.from(text.slice(headerEnd), 'latin1')]);
}

/** `count` mails cycling through the ticket-making samples, each a new conversation. */
export function backlogMails(samples: readonly Sample[], count: number, tag: string): { sample: Sample; raw: Buffer }[] {
  const usable = samples.filter((s) => !s.skip);
  if (usable.length === 0) throw new Error('no sample ticket would become a ticket');
  return Array.from({ length: count }, (_, i) => {
    const sample = usable[i % usable.length]!;
    return { sample, raw: asNewConversation(sample.raw, `bench-${tag}-${i}@bench.studyflash.test`) };
  });
}
