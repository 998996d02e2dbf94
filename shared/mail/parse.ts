// Turns raw RFC 5322 bytes (.eml files, Graph's MIME `$value`) into an InboundMail, and HTML bodies
// into plain text. Best effort by design: malformed input yields an empty mail, never an exception,
// so one broken message cannot stop a batch or the pipeline.
import { convert, type HtmlToTextOptions } from 'html-to-text';
// mailparser loads with the first .eml parsed (the CLI, the mock's intake), not with the Functions host.
import type { AddressObject, HeaderValue, ParsedMail } from 'mailparser';
import type { Address, InboundMail } from '../domain.js';

const HTML_OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    // Images are tracking pixels or decoration; scripts and styles are never text.
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'head', format: 'skip' },
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    // Quoted history keeps its "> " so the cleaner can recognise it.
    { selector: 'blockquote', options: { trimEmptyLines: true } },
  ],
};

/** Plain text of an HTML body (Graph bodies, HTML-only mails). */
export function htmlToPlain(html: string): string {
  try {
    return convert(html, HTML_OPTIONS)
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  } catch {
    // html-to-text is lenient; this only guards pathological input.
    return html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  }
}

function firstAddress(value: AddressObject | AddressObject[] | undefined): Address | undefined {
  const list = allAddresses(value);
  return list[0];
}

function allAddresses(value: AddressObject | AddressObject[] | undefined): Address[] {
  if (!value) return [];
  const objects = Array.isArray(value) ? value : [value];
  const out: Address[] = [];
  for (const o of objects) {
    for (const a of o.value) {
      const members = a.group && a.group.length ? a.group : [a];
      for (const m of members) {
        if (!m.address) continue;
        out.push(m.name ? { name: m.name, address: m.address.toLowerCase() } : { address: m.address.toLowerCase() });
      }
    }
  }
  return out;
}

function headerText(value: HeaderValue): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  // A header that occurs several times (Received, …) keeps one line per occurrence.
  if (Array.isArray(value)) return value.map((v) => headerText(v)).join(value.every((v) => typeof v === 'string') ? '\n' : ', ');
  if ('text' in value && typeof value.text === 'string') return value.text; // AddressObject
  if ('value' in value && typeof value.value === 'string') {
    const params = 'params' in value && value.params ? Object.entries(value.params).map(([k, v]) => `; ${k}=${v}`) : [];
    return value.value + params.join('');
  }
  return '';
}

function headerRecord(parsed: ParsedMail): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of parsed.headers) out[key.toLowerCase()] = headerText(value);
  return out;
}

function emptyMail(fileName?: string): InboundMail {
  return { messageId: fileName ?? 'unparseable', from: { address: '' }, subject: '', text: '', headers: {}, hasAttachments: false };
}

export async function parseEml(raw: Buffer, fileName?: string): Promise<InboundMail> {
  let parsed: ParsedMail;
  try {
    const { simpleParser } = await import('mailparser');
    parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  } catch {
    return emptyMail(fileName);
  }
  try {
    const headers = headerRecord(parsed);
    // mailparser fills `text` from HTML-only mails with its own converter (keeping link targets
    // and tracking URLs); ours drops them and marks blockquotes, which the cleaner relies on.
    const plain = parsed.html ? htmlToPlain(parsed.html) : (parsed.text ?? '');
    const references = Array.isArray(parsed.references) ? parsed.references : parsed.references ? [parsed.references] : [];
    const internetMessageId = parsed.messageId?.trim() || undefined;
    const mail: InboundMail = {
      messageId: fileName ?? internetMessageId ?? 'unknown',
      from: firstAddress(parsed.from) ?? { address: '' },
      subject: parsed.subject ?? '',
      text: plain.replace(/\r\n?/g, '\n'),
      headers,
      hasAttachments: parsed.attachments.some((a) => a.contentDisposition !== 'inline' || !a.related),
    };
    if (internetMessageId) mail.internetMessageId = internetMessageId;
    // The thread root is what a mailbox would group the conversation by.
    const root = references[0] ?? parsed.inReplyTo ?? internetMessageId;
    if (root) mail.conversationId = root;
    const replyTo = allAddresses(parsed.replyTo);
    if (replyTo.length) mail.replyTo = replyTo;
    const to = allAddresses(parsed.to);
    if (to.length) mail.to = to;
    if (parsed.date && !Number.isNaN(parsed.date.getTime())) mail.receivedAt = parsed.date.toISOString();
    return mail;
  } catch {
    return emptyMail(fileName);
  }
}
