// Builds the sample corpus from the hand-written mails in tickets/src/mails/*.ts:
//   tickets/*.eml, tickets/labels.jsonl and dev/data/customers.json.
// Run: npx tsx tickets/src/build.ts   (deterministic: same input, same bytes)
// The texts are data; this file only adds what a mail client would add (headers, MIME
// structure, quoted history, attachments), so every mail stays distinct natural text.
import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { PNG } from 'pngjs';
import type { Language } from '../../shared/domain.js';
import type { AccountSpec, AttachmentSpec, LanguageSet, MailSpec, Mailer } from './spec.js';
import { de } from './mails/de.js';
import { fr } from './mails/fr.js';
import { nl } from './mails/nl.js';
import { it } from './mails/it.js';
import { es } from './mails/es.js';
import { en } from './mails/en.js';
import { pt, pl, sv } from './mails/more.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ticketsDir = path.resolve(here, '..');
const customersPath = path.resolve(here, '../../dev/data/customers.json');
const SUPPORT = { name: 'Studyflash Support', address: 'support@studyflash.test' };

const sets: LanguageSet[] = [de, fr, nl, it, es, en, pt, pl, sv];

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

interface Built {
  spec: MailSpec;
  language: Language;
  file: string;
  messageId: string;
  date: ParsedDate;
}

interface ParsedDate {
  utc: Date;
  offset: string; // +0100
  local: { y: number; mo: number; d: number; h: number; mi: number; wd: number };
}

function parseDate(s: string): ParsedDate {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(s);
  if (!m) throw new Error(`bad date ${s}`);
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const sign = m[6] === '-' ? -1 : 1;
  const offMin = sign * (Number(m[7]) * 60 + Number(m[8]));
  const utc = new Date(Date.UTC(y, mo - 1, d, h, mi) - offMin * 60_000);
  const wd = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
  return { utc, offset: `${m[6]}${m[7]}${m[8]}`, local: { y, mo, d, h, mi, wd } };
}

function addMinutes(p: ParsedDate, minutes: number, offset = '+0100'): ParsedDate {
  const sign = offset.startsWith('-') ? -1 : 1;
  const offMin = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5)));
  const utc = new Date(p.utc.getTime() + minutes * 60_000);
  const l = new Date(utc.getTime() + offMin * 60_000);
  return {
    utc,
    offset,
    local: { y: l.getUTCFullYear(), mo: l.getUTCMonth() + 1, d: l.getUTCDate(), h: l.getUTCHours(), mi: l.getUTCMinutes(), wd: l.getUTCDay() },
  };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function rfc5322Date(p: ParsedDate): string {
  const l = p.local;
  return `${DAYS[l.wd]}, ${l.d} ${MONTHS[l.mo - 1]} ${l.y} ${pad(l.h)}:${pad(l.mi)}:${pad((l.d * 7 + l.mi) % 60)} ${p.offset}`;
}

/** The attribution line a client in that language writes above quoted history. */
function attribution(lang: Language, p: ParsedDate, who: string): string {
  const { y, mo, d, h, mi, wd } = p.local;
  const t = `${pad(h)}:${pad(mi)}`;
  switch (lang) {
    case 'de':
      return `Am ${pad(d)}.${pad(mo)}.${y} um ${t} schrieb ${who}:`;
    case 'fr': {
      const days = ['dim.', 'lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.'];
      const months = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
      return `Le ${days[wd]} ${d} ${months[mo - 1]} ${y} à ${t}, ${who} a écrit :`;
    }
    case 'nl': {
      const days = ['zo', 'ma', 'di', 'wo', 'do', 'vr', 'za'];
      const months = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
      return `Op ${days[wd]} ${d} ${months[mo - 1]} ${y} om ${t} schreef ${who}:`;
    }
    case 'it': {
      const days = ['dom', 'lun', 'mar', 'mer', 'gio', 'ven', 'sab'];
      const months = ['gen', 'feb', 'mar', 'apr', 'mag', 'giu', 'lug', 'ago', 'set', 'ott', 'nov', 'dic'];
      return `Il giorno ${days[wd]} ${d} ${months[mo - 1]} ${y} alle ore ${t} ${who} ha scritto:`;
    }
    case 'es': {
      const days = ['dom', 'lun', 'mar', 'mié', 'jue', 'vie', 'sáb'];
      const months = ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sept', 'oct', 'nov', 'dic'];
      return `El ${days[wd]}, ${d} ${months[mo - 1]} ${y} a las ${t}, ${who.replace(/<(.+)>/, '(<$1>)')} escribió:`;
    }
    case 'en':
      return `On ${DAYS[wd]}, ${d} ${MONTHS[mo - 1]} ${y} at ${t}, ${who} wrote:`;
    case 'pt': {
      const days = ['dom.', 'seg.', 'ter.', 'qua.', 'qui.', 'sex.', 'sáb.'];
      const months = ['jan.', 'fev.', 'mar.', 'abr.', 'mai.', 'jun.', 'jul.', 'ago.', 'set.', 'out.', 'nov.', 'dez.'];
      return `Em ${days[wd]}, ${d} de ${months[mo - 1]} de ${y} às ${t}, ${who} escreveu:`;
    }
    case 'pl':
      return `W dniu ${d}.${pad(mo)}.${y} o ${t}, ${who} pisze:`;
    case 'sv': {
      const days = ['sön', 'mån', 'tis', 'ons', 'tors', 'fre', 'lör'];
      const months = ['jan.', 'feb.', 'mars', 'apr.', 'maj', 'juni', 'juli', 'aug.', 'sep.', 'okt.', 'nov.', 'dec.'];
      return `Den ${days[wd]} ${d} ${months[mo - 1]} ${y} kl ${t} skrev ${who}:`;
    }
  }
}

function outlookHeaderBlock(lang: Language, p: ParsedDate, from: string, to: string, subject: string): string {
  const { y, mo, d, h, mi, wd } = p.local;
  if (lang === 'de') {
    const days = ['Sonntag', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'];
    const months = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];
    return `-----Ursprüngliche Nachricht-----\nVon: ${from}\nGesendet: ${days[wd]}, ${d}. ${months[mo - 1]} ${y} ${pad(h)}:${pad(mi)}\nAn: ${to}\nBetreff: ${subject}`;
  }
  const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return `-----Original Message-----\nFrom: ${from}\nSent: ${days[wd]}, ${months[mo - 1]} ${d}, ${y} ${pad(h)}:${pad(mi)}\nTo: ${to}\nSubject: ${subject}`;
}

const quote = (text: string): string =>
  text
    .replace(/\n+$/, '')
    .split('\n')
    .map((l) => (l.startsWith('>') ? `>${l}` : l === '' ? '>' : `> ${l}`))
    .join('\n');

function domainOf(email: string): string {
  return email.split('@')[1] ?? 'mail.test';
}

function messageIdFor(spec: MailSpec): string {
  const h = sha(`msgid:${spec.slug}`);
  const dom = domainOf(spec.from[1]);
  switch (spec.mailer) {
    case 'gmail':
    case 'android':
      return `<CA${Buffer.from(h, 'hex').toString('base64').replace(/[+/=]/g, '').slice(0, 40)}@mail.${dom}>`;
    case 'apple':
    case 'iphone':
      return `<${uuid(h).toUpperCase()}@${dom}>`;
    case 'outlook':
    case 'exchange': {
      const pfx = ['AM0', 'DB9', 'VI1', 'AS8', 'PA4', 'GV1', 'DU0'][Number.parseInt(h.slice(0, 2), 16) % 7];
      const d = Number.parseInt(h[2] ?? '0', 16) % 8;
      const host = `${pfx}PR0${d}MB${String(Number.parseInt(h.slice(3, 7), 16) % 10000).padStart(4, '0')}`;
      return `<${host}${h.slice(7, 39).toUpperCase()}@${host}.eurprd0${d}.prod.mail.test>`;
    }
    case 'thunderbird':
      return `<${uuid(h)}@${dom}>`;
    case 'webmail':
      return `<${h.slice(0, 32)}@webmail.${dom}>`;
  }
}

function uuid(h: string): string {
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const supportReplyId = (slug: string): string => `<${sha(`support:${slug}`).slice(0, 24)}.reply@studyflash.test>`;

const MAILER_HEADERS: Record<Mailer, Record<string, string>> = {
  gmail: {},
  android: { 'X-Mailer': 'Samsung Email' },
  apple: { 'X-Mailer': 'Apple Mail (2.3826.500.181.1.5)' },
  iphone: { 'X-Mailer': 'iPhone Mail (22D82)' },
  outlook: { 'X-Mailer': 'Microsoft Outlook 16.0', 'X-MS-Has-Attach': '' },
  exchange: {},
  thunderbird: { 'User-Agent': 'Mozilla Thunderbird' },
  webmail: { 'User-Agent': 'Roundcube Webmail/1.6.9' },
};

const BOUNDARY_STYLE: Record<Mailer, (h: string, part: string) => string> = {
  gmail: (h, p) => `000000000000${h.slice(0, 14)}${p}`,
  android: (h, p) => `--_com.samsung.android.email_${h.slice(0, 15)}_${p}`,
  apple: (h, p) => `Apple-Mail=_${uuid(h).toUpperCase()}${p === '1' ? '' : `-${p}`}`,
  iphone: (h, p) => `Apple-Mail-${uuid(h).toUpperCase()}${p === '1' ? '' : `-${p}`}`,
  outlook: (h, p) => `_00${p}_${h.slice(0, 28).toUpperCase()}_`,
  exchange: (h, p) => `_00${p}_${h.slice(2, 30).toUpperCase()}_`,
  thunderbird: (h, p) => `------------${h.slice(0, 24)}${p}`,
  webmail: (h, p) => `=_${h.slice(0, 32)}${p}`,
};

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Paragraphs as <div>s, runs of '>' lines as (nested) blockquotes, like webmail clients do. */
function htmlBlocks(text: string, sep: string): string {
  const lines = text.replace(/\n+$/, '').split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    if ((lines[i] ?? '').startsWith('>')) {
      const inner: string[] = [];
      while (i < lines.length && (lines[i] ?? '').startsWith('>')) inner.push((lines[i++] ?? '').replace(/^> ?/, ''));
      out.push(`<blockquote style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">${htmlBlocks(inner.join('\n'), sep)}</blockquote>`);
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && !(lines[i] ?? '').startsWith('>')) para.push(lines[i++] ?? '');
    for (const p of para.join('\n').split(/\n{2,}/)) {
      const t = p.replace(/^\n+|\n+$/g, '');
      if (t) out.push(`<div>${t.split('\n').map(escapeHtml).join('<br>')}</div>`);
    }
  }
  return out.join(sep);
}

/** What a client sends as the HTML alternative of a plain text it composed. */
function htmlFromText(text: string, mailer: Mailer): string {
  const inner = htmlBlocks(text, mailer === 'gmail' ? '<div><br></div>' : '<br>');
  switch (mailer) {
    case 'gmail':
      return `<div dir="ltr">${inner}</div>\n`;
    case 'apple':
    case 'iphone':
      return `<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body dir="auto">${inner}</body></html>\n`;
    case 'outlook':
    case 'exchange':
      return `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><style><!--p.MsoNormal{margin:0cm;font-size:11.0pt;font-family:"Calibri",sans-serif;}--></style></head><body link="#0563C1"><div class="WordSection1">${inner}</div></body></html>\n`;
    case 'android':
    case 'thunderbird':
    case 'webmail':
      return `<html><body>${inner}</body></html>\n`;
  }
}

function pngFor(caption: string): Buffer {
  // A small fake phone screenshot: status bar, a card, a red error banner. Deterministic per caption.
  const w = 90;
  const hgt = 160;
  const png = new PNG({ width: w, height: hgt });
  const h = sha(caption);
  const accent = [Number.parseInt(h.slice(0, 2), 16), Number.parseInt(h.slice(2, 4), 16), Number.parseInt(h.slice(4, 6), 16)] as const;
  for (let y = 0; y < hgt; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      let c: readonly [number, number, number] = [246, 247, 251];
      if (y < 10) c = [30, 30, 30];
      else if (y > 30 && y < 100 && x > 8 && x < w - 8) c = [255, 255, 255];
      if (y > 40 && y < 44 && x > 14 && x < 14 + ((x * 7 + y) % 50)) c = accent;
      if (y > 120 && y < 140 && x > 6 && x < w - 6) c = [220, 53, 69];
      png.data[i] = c[0];
      png.data[i + 1] = c[1];
      png.data[i + 2] = c[2];
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png, { colorType: 2 });
}

function pdfFor(caption: string): Buffer {
  // Smallest well-formed PDF with one line of text; xref offsets computed so readers accept it.
  const text = caption.replace(/[()\\]/g, '');
  const stream = `BT /F1 14 Tf 72 760 Td (${text}) Tj ET`;
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${pad(o, 10)} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

function attachment(a: AttachmentSpec): Mail.Attachment {
  const content = a.kind === 'png' ? pngFor(a.caption) : pdfFor(a.caption);
  const contentType = a.kind === 'png' ? 'image/png' : 'application/pdf';
  return a.inline
    ? { filename: a.filename, content, contentType, cid: `${sha(a.filename).slice(0, 12)}@local`, contentDisposition: 'inline' }
    : { filename: a.filename, content, contentType };
}

function bodyTextOf(spec: MailSpec): string {
  if (spec.text !== undefined) return spec.text;
  if (spec.html && spec.html !== 'auto') {
    return spec.html
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|h\d|li)>/gi, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&nbsp;/g, ' ')
      .trim();
  }
  throw new Error(`${spec.slug}: no text`);
}

async function compose(b: Built, bySlug: Map<string, Built>): Promise<Buffer> {
  const { spec, language } = b;
  const headers: Record<string, string> = { ...MAILER_HEADERS[spec.mailer], ...spec.headers };
  if (spec.mailer === 'outlook' || spec.mailer === 'exchange') headers['Content-Language'] = `${language}-${language === 'en' ? 'GB' : language.toUpperCase()}`;
  if (spec.attachments?.length && 'X-MS-Has-Attach' in headers) headers['X-MS-Has-Attach'] = 'yes';
  if ('X-MS-Has-Attach' in headers && headers['X-MS-Has-Attach'] === '') delete headers['X-MS-Has-Attach'];
  let text = spec.text;
  let inReplyTo: string | undefined;
  let references: string[] | undefined;

  if (spec.followUp) {
    const orig = bySlug.get(spec.followUp.of);
    if (!orig) throw new Error(`${spec.slug}: follow-up of unknown ${spec.followUp.of}`);
    const origWho = `${orig.spec.from[0]} <${orig.spec.from[1]}>`;
    const origText = bodyTextOf(orig.spec);
    if (spec.followUp.via === 'self') {
      inReplyTo = orig.messageId;
      references = [orig.messageId];
      if (!spec.followUp.noQuote && text !== undefined) text = `${text.replace(/\n+$/, '')}\n\n${attribution(language, orig.date, origWho)}\n${quote(origText)}\n`;
    } else {
      const sid = supportReplyId(orig.spec.slug);
      inReplyTo = sid;
      references = [orig.messageId, sid];
      const sDate = addMinutes(orig.date, spec.followUp.supportAfterMinutes ?? 190);
      const agent = spec.followUp.supportAgent ?? 'Studyflash Support';
      const supportWho = `${agent} <${SUPPORT.address}>`;
      const reply = spec.followUp.supportReply ?? '';
      if (!spec.followUp.noQuote && text !== undefined) {
        if (spec.followUp.quoteStyle === 'outlook') {
          text = `${text.replace(/\n+$/, '')}\n\n${outlookHeaderBlock(language, sDate, supportWho, origWho, `Re: ${orig.spec.subject}`)}\n\n${reply.replace(/\n+$/, '')}\n\n${attribution(language, orig.date, origWho)}\n${quote(origText)}\n`;
        } else {
          const supportBlock = `${reply.replace(/\n+$/, '')}\n\n${attribution(language, orig.date, origWho)}\n${quote(origText)}`;
          text = `${text.replace(/\n+$/, '')}\n\n${attribution(language, sDate, supportWho)}\n${quote(supportBlock)}\n`;
        }
      }
    }
  }

  const html = spec.html === 'auto' ? (text !== undefined ? htmlFromText(text, spec.mailer) : undefined) : spec.html;
  const opts: Mail.Options = {
    from: { name: spec.from[0], address: spec.from[1] },
    to: spec.to ?? SUPPORT.address,
    cc: spec.cc,
    subject: spec.subject,
    messageId: b.messageId,
    inReplyTo,
    references,
    date: b.date.utc,
    headers,
    text,
    html,
    attachments: spec.attachments?.map(attachment),
  };
  let raw = (await new MailComposer(opts).compile().build()).toString('utf8');
  // Real clients write the sender's local offset; the composer writes UTC.
  raw = raw.replace(/^Date: .*$/m, `Date: ${rfc5322Date(b.date)}`);
  // Deterministic, client-shaped multipart boundaries (the composer's are random).
  const seen = new Map<string, string>();
  raw = raw.replace(/--_NmP-[0-9a-f]+-Part_(\d+)/g, (m, part: string) => {
    const known = seen.get(m);
    if (known) return known;
    const r = BOUNDARY_STYLE[spec.mailer](sha(`boundary:${spec.slug}`), part);
    seen.set(m, r);
    return r;
  });
  // RFC 5322 lines end in CRLF; the composer leaves the body's own newlines bare.
  return Buffer.from(raw.replace(/\r?\n/g, '\r\n'), 'utf8');
}

async function main(): Promise<void> {
  const built: Built[] = [];
  const bySlug = new Map<string, Built>();
  for (const set of sets) {
    set.mails.forEach((spec, i) => {
      if (bySlug.has(spec.slug)) throw new Error(`duplicate slug ${spec.slug}`);
      const b: Built = {
        spec,
        language: set.language,
        file: `${set.language}-${pad(i + 1, 3)}-${spec.slug}.eml`,
        messageId: messageIdFor(spec),
        date: parseDate(spec.date),
      };
      built.push(b);
      bySlug.set(spec.slug, b);
    });
  }
  for (const f of await readdir(ticketsDir)) if (f.endsWith('.eml')) await rm(path.join(ticketsDir, f));

  const labels: string[] = [];
  for (const b of built) {
    await writeFile(path.join(ticketsDir, b.file), await compose(b, bySlug));
    const { spec } = b;
    const noteParts = [spec.notes, spec.autoReply ? 'auto-reply' : undefined, spec.account === null ? 'no account' : undefined].filter(Boolean);
    const label = {
      file: b.file,
      language: b.language,
      category: spec.category,
      ...(noteParts.length ? { notes: noteParts.join('; ') } : {}),
      ...(spec.followUp ? { followUpOf: bySlug.get(spec.followUp.of)?.file } : {}),
      ...(spec.autoReply ? { autoReply: true } : {}),
    };
    labels.push(JSON.stringify(label));
  }
  await writeFile(path.join(ticketsDir, 'labels.jsonl'), labels.join('\n') + '\n');

  const customers: Array<{ email: string; name: string } & Required<Pick<AccountSpec, 'sentryIssues'>> & AccountSpec> = [];
  const seenEmails = new Set<string>();
  for (const b of built) {
    const email = b.spec.from[1].toLowerCase();
    if (!b.spec.account || seenEmails.has(email)) continue;
    seenEmails.add(email);
    const { sentryIssues = [], ...rest } = b.spec.account;
    customers.push({ email, name: b.spec.from[0], ...rest, sentryIssues });
  }
  await mkdir(path.dirname(customersPath), { recursive: true });
  await writeFile(customersPath, JSON.stringify({ customers }, null, 2) + '\n');
  console.log(`wrote ${built.length} mails, ${customers.length} customers`);
}

await main();
