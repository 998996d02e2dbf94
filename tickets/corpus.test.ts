// The sample corpus is what the offline classifier is trained and measured on, and what the
// local world is seeded with: these tests keep it well-formed, labelled, varied and consistent
// with the customer accounts in dev/data/customers.json.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser, type ParsedMail } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CATEGORIES, LANGUAGES } from '../shared/domain.js';
import { loadCustomers, type Customer } from '../dev/data/customers.js';

const dir = path.dirname(fileURLToPath(import.meta.url));

const LabelSchema = z
  .object({
    file: z.string().regex(/^[a-z]{2}-\d{3}-[a-z0-9-]+\.eml$/),
    language: z.enum(LANGUAGES),
    category: z.enum(CATEGORIES),
    notes: z.string().optional(),
    followUpOf: z.string().optional(),
    autoReply: z.literal(true).optional(),
  })
  .strict();
type Label = z.infer<typeof LabelSchema>;

interface Sample {
  label: Label;
  mail: ParsedMail;
}

const ATTRIBUTION = [
  /^Am .+ schrieb .+:$/,
  /^Le .+ a écrit :$/,
  /^On .+ wrote:$/,
  /^Op .+ schreef .+:$/,
  /^Il giorno .+ ha scritto:$/,
  /^El .+ escribió:$/,
  /^Em .+ escreveu:$/,
  /^W dniu .+ pisze:$/,
  /^Den .+ skrev .+:$/,
  /^-----(Ursprüngliche Nachricht|Original Message)-----$/,
];

/** The customer's own newest text: quoted history removed. */
function newestText(text: string): string {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (ATTRIBUTION.some((re) => re.test(line.trim()))) break;
    if (!line.startsWith('>')) out.push(line);
  }
  return out.join('\n');
}

function sentences(text: string): Set<string> {
  return new Set(
    newestText(text)
      .split(/(?<=[.!?…])\s+|\n+/)
      .map((s) => s.toLowerCase().replace(/\s+/g, ' ').trim())
      .filter((s) => s.split(' ').length >= 5),
  );
}

/** Sentences (five words or more) two mails have in common, ignoring quoted history. */
function sharedSentences(a: string, b: string): string[] {
  const sb = sentences(b);
  return [...sentences(a)].filter((s) => sb.has(s));
}

const contentType = (m: ParsedMail): string => (m.headers.get('content-type') as { value?: string } | undefined)?.value ?? '';

const headerText = (m: ParsedMail, name: string): string => {
  const v = m.headers.get(name);
  return typeof v === 'string' ? v : '';
};

const samples = new Map<string, Sample>();
let emlFiles: string[] = [];
let labels: Label[] = [];
let customers: Customer[] = [];

beforeAll(async () => {
  emlFiles = (await readdir(dir)).filter((f) => f.endsWith('.eml')).sort();
  const lines = (await readFile(path.join(dir, 'labels.jsonl'), 'utf8')).split('\n').filter((l) => l.trim());
  labels = lines.map((l) => LabelSchema.parse(JSON.parse(l)));
  for (const label of labels) {
    if (!emlFiles.includes(label.file)) continue;
    samples.set(label.file, { label, mail: await simpleParser(await readFile(path.join(dir, label.file))) });
  }
  customers = await loadCustomers();
});

describe('sample ticket corpus', () => {
  it('holds exactly 100 mails, each labelled once and every label naming an existing mail', () => {
    expect(emlFiles).toHaveLength(100);
    expect(labels.map((l) => l.file).sort()).toEqual(emlFiles);
  });

  it('names each file after its labelled language', () => {
    for (const l of labels) expect(l.file.slice(0, 2), l.file).toBe(l.language);
  });

  it('parses every mail with the headers a mailbox needs (Message-ID, From, Date, To the support mailbox, MIME-Version)', () => {
    for (const [file, { mail }] of samples) {
      expect(mail.messageId, file).toMatch(/^<[^<>@\s]+@[^<>@\s]+>$/);
      expect(mail.from?.value[0]?.address, file).toMatch(/@/);
      expect(mail.date, file).toBeInstanceOf(Date);
      expect(Number.isNaN(mail.date?.getTime()), file).toBe(false);
      expect(mail.headers.get('mime-version'), file).toBe('1.0');
      const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
      expect(to.flatMap((a) => a.value.map((v) => v.address)), file).toContain('support@studyflash.test');
      expect((mail.text ?? '').trim().length, file).toBeGreaterThan(0);
    }
  });

  it('gives every mail a unique Message-ID', () => {
    const ids = [...samples.values()].map((s) => s.mail.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('ends every line with CRLF, as RFC 5322 requires (SMTP would rewrite bare LFs)', async () => {
    for (const file of emlFiles) {
      const raw = await readFile(path.join(dir, file), 'latin1');
      expect(raw.match(/(?<!\r)\n/g) ?? [], file).toEqual([]);
    }
  });

  it('declares a charset on every text part', async () => {
    for (const file of emlFiles) {
      const raw = await readFile(path.join(dir, file), 'latin1');
      const textTypes = raw.match(/^Content-Type: text\/[a-z]+;?[^\r\n]*/gim) ?? [];
      expect(textTypes.length, file).toBeGreaterThan(0);
      for (const t of textTypes) expect(t, file).toMatch(/charset=/i);
    }
  });

  it('covers at least 7 languages, German the most common', () => {
    const perLang = new Map<string, number>();
    for (const l of labels) perLang.set(l.language, (perLang.get(l.language) ?? 0) + 1);
    expect(perLang.size).toBeGreaterThanOrEqual(7);
    const [top] = [...perLang].sort((a, b) => b[1] - a[1]);
    expect(top?.[0]).toBe('de');
  });

  it('has every category in at least 5 languages', () => {
    for (const c of CATEGORIES) {
      const langs = new Set(labels.filter((l) => l.category === c).map((l) => l.language));
      expect(langs.size, c).toBeGreaterThanOrEqual(5);
    }
  });

  it('threads every follow-up onto an existing sample: its References carry that sample’s Message-ID', () => {
    const followUps = labels.filter((l) => l.followUpOf);
    expect(followUps.length).toBeGreaterThanOrEqual(8);
    for (const l of followUps) {
      const original = samples.get(l.followUpOf ?? '');
      expect(original, `${l.file} → ${l.followUpOf}`).toBeDefined();
      const mail = samples.get(l.file)?.mail;
      const refs = mail?.references === undefined ? [] : Array.isArray(mail.references) ? mail.references : [mail.references];
      expect(refs, l.file).toContain(original?.mail.messageId);
      expect(mail?.inReplyTo, l.file).toBeTruthy();
      // a follow-up is written later than what it answers
      expect(mail?.date?.getTime() ?? 0, l.file).toBeGreaterThan(original?.mail.date?.getTime() ?? Infinity);
    }
  });

  it('marks auto-replies in their headers and labels them "other"', () => {
    const autos = labels.filter((l) => l.autoReply);
    expect(autos.length).toBeGreaterThanOrEqual(2);
    for (const l of autos) {
      expect(l.category, l.file).toBe('other');
      expect(l.notes, l.file).toMatch(/auto-reply/);
      expect(headerText(samples.get(l.file)!.mail, 'auto-submitted'), l.file).toBe('auto-replied');
    }
    for (const [file, { mail, label }] of samples) {
      if (headerText(mail, 'auto-submitted')) expect(label.autoReply, file).toBe(true);
    }
  });

  it('has the variety of a real inbox: HTML-only, multipart/alternative, attachments, quoted history', () => {
    const all = [...samples.values()].map((s) => s.mail);
    expect(all.filter((m) => contentType(m) === 'text/html').length).toBeGreaterThanOrEqual(3);
    expect(all.filter((m) => contentType(m) === 'multipart/alternative').length).toBeGreaterThanOrEqual(10);
    expect(all.filter((m) => contentType(m) === 'text/plain').length).toBeGreaterThanOrEqual(10);
    expect(all.filter((m) => m.attachments.some((a) => a.contentType === 'image/png')).length).toBeGreaterThanOrEqual(3);
    expect(all.filter((m) => m.attachments.some((a) => a.contentType === 'application/pdf')).length).toBeGreaterThanOrEqual(1);
    expect(all.filter((m) => (m.text ?? '').split('\n').some((l) => l.startsWith('> '))).length).toBeGreaterThanOrEqual(5);
  });

  it('has no near-duplicates: no two mails share more than two identical sentences of their own text', () => {
    const texts = [...samples].map(([file, s]) => [file, s.mail.text ?? ''] as const);
    const offenders: string[] = [];
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const shared = sharedSentences(texts[i]![1], texts[j]![1]);
        if (shared.length > 2) offenders.push(`${texts[i]![0]} ~ ${texts[j]![0]}: ${shared.join(' | ')}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the near-duplicate check sees templated sentences but not quoted history', () => {
    const templated = 'Hello there.\nThe app crashes when I open the quiz.\nI already reinstalled it twice today.\nPlease help me before my exam next week.';
    const other = 'Hi!\nThe app crashes when I open the quiz.\nI already reinstalled it twice today.\nPlease help me before my exam next week.\nThanks';
    expect(sharedSentences(templated, other)).toHaveLength(3);
    const quoting = `New question about invoices for my company please.\n\nOn Mon, 2 Mar 2026 at 08:14, A <a@example.com> wrote:\n${templated.split('\n').map((l) => `> ${l}`).join('\n')}`;
    expect(sharedSentences(templated, quoting)).toEqual([]);
  });
});

describe('customer accounts behind the samples', () => {
  const senderOf = (s: Sample): string => (s.mail.from?.value[0]?.address ?? '').toLowerCase();

  it('has an account for every sender that is not an auto-reply or labelled "no account"', () => {
    const emails = new Set(customers.map((c) => c.email.toLowerCase()));
    for (const [file, s] of samples) {
      if (s.label.autoReply) continue;
      if (s.label.notes?.includes('no account')) expect(emails.has(senderOf(s)), file).toBe(false);
      else expect(emails.has(senderOf(s)), `${file}: ${senderOf(s)}`).toBe(true);
    }
  });

  it('lists each account once and only for people who wrote in', () => {
    const emails = customers.map((c) => c.email.toLowerCase());
    expect(new Set(emails).size).toBe(emails.length);
    const senders = new Set([...samples.values()].map(senderOf));
    for (const e of emails) expect(senders.has(e), e).toBe(true);
  });

  it('makes refund askers paying (or formerly paying) customers', () => {
    const byEmail = new Map(customers.map((c) => [c.email.toLowerCase(), c]));
    for (const [file, s] of samples) {
      if (s.label.category !== 'refund-request') continue;
      const c = byEmail.get(senderOf(s));
      expect(c, file).toBeDefined();
      expect(c?.plan, file).not.toBe('free');
    }
  });

  it('gives bug reporters matching Sentry issues', () => {
    const byEmail = new Map(customers.map((c) => [c.email.toLowerCase(), c]));
    for (const [file, s] of samples) {
      if (s.label.category !== 'bug-report') continue;
      const c = byEmail.get(senderOf(s));
      expect(c?.sentryIssues.length ?? 0, file).toBeGreaterThan(0);
      expect(Math.min(...(c?.sentryIssues ?? []).map((i) => i.lastSeenDaysAgo)), file).toBeLessThanOrEqual(14);
    }
  });

  it('keeps renewal dates for live subscriptions only, never before signup', () => {
    for (const c of customers) {
      if (c.renewalDate) expect(c.renewalDate >= c.signupDate, c.email).toBe(true);
      if (c.plan !== 'free' && (c.status === 'active' || c.status === 'trial')) expect(c.renewalDate, c.email).toBeDefined();
    }
  });
});
