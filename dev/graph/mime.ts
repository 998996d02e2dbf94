// RFC 5322 in and out. Inbound: parse raw mail (mailparser) into the fields Exchange surfaces.
// Outbound: compose drafts and sent mail with nodemailer's MailComposer so `$value` carries real
// Message-ID / In-Reply-To / References headers. Also the body helpers (preview, unique part,
// html↔text) and Outlook's conversation index.
import { randomBytes, randomUUID } from 'node:crypto';
import { convert as htmlToTextLib } from 'html-to-text';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { conversationIdFromGuid, graphDate, newInternetMessageId } from './ids.js';
import type { Attachment, Header, ItemBody, MessageRecord, Recipient, MailboxStore } from './store.js';

// ----- body helpers -----
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function htmlToText(html: string): string {
  try {
    return htmlToTextLib(html, { wordwrap: false, selectors: [{ selector: 'img', format: 'skip' }, { selector: 'a', options: { ignoreHref: true } }] });
  } catch {
    // Pathological markup (tens of thousands of nested elements) overflows the converter's
    // recursion; Exchange still accepts such mail, so fall back to stripping the tags.
    return html.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  }
}

export function textToHtml(text: string): string {
  return `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><div>${escapeHtml(text).replace(/\r?\n/g, '<br>\n')}</div></body></html>`;
}

export function bodyText(body: ItemBody): string {
  return body.contentType === 'html' ? htmlToText(body.content) : body.content;
}

export function convertBody(body: ItemBody, to: 'html' | 'text'): ItemBody {
  if (body.contentType === to) return body;
  return to === 'text' ? { contentType: 'text', content: htmlToText(body.content) } : { contentType: 'html', content: textToHtml(body.content) };
}

export function bodyPreview(body: ItemBody): string {
  return bodyText(body).replace(/\s+/g, ' ').trim().slice(0, 255);
}

// Where quoted history starts, in the languages of this mailbox (best effort, like Exchange's own).
const QUOTE_HEADERS: RegExp[] = [
  /^(on|am|le|op|il|el|em|den|dne|w dniu)\s.{4,200}(wrote|schrieb|a écrit|schreef|ha scritto|escribió|escreveu|skrev|napsal|napisał)\s?.{0,80}:\s*$/i,
  /^-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|oorspronkelijk bericht|messaggio originale|mensaje original|mensagem original)\s*-{2,}/i,
  /^_{10,}\s*$/,
];
const OUTLOOK_FROM = /^\*?(from|von|de|van|da|od|fra)\s?:\*?\s.+/i;
const OUTLOOK_NEXT = /^\*?(sent|gesendet|envoyé|verzonden|inviato|enviado|date|datum|data|to|an|à|aan|a|para|subject|betreff|objet|onderwerp|oggetto|asunto)\s?:/i;

export function uniqueText(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const joined = `${line} ${(lines[i + 1] ?? '').trim()}`;
    if (QUOTE_HEADERS.some((r) => r.test(line) || (i + 1 < lines.length && /^(on|am|le|op|il|el|em)\s/i.test(line) && r.test(joined)))) { end = i; break; }
    if (OUTLOOK_FROM.test(line) && OUTLOOK_NEXT.test((lines[i + 1] ?? '').trim())) { end = i; break; }
  }
  return lines.slice(0, end).filter((l) => !l.startsWith('>')).join('\n').replace(/\s+$/, '');
}

export function uniqueBodyOf(body: ItemBody): ItemBody {
  const text = uniqueText(bodyText(body));
  return body.contentType === 'html' ? { contentType: 'html', content: textToHtml(text) } : { contentType: 'text', content: text };
}

// ----- conversation index (Outlook Thread-Index: 22-byte header + 5 bytes per reply) -----
export function newConversationIndex(): Buffer {
  const ft = BigInt(Date.now()) * 10000n + 116444736000000000n; // FILETIME
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(ft);
  return Buffer.concat([Buffer.from([0x01]), time.subarray(1, 6), Buffer.from(randomUUID().replace(/-/g, ''), 'hex')]);
}

export function childConversationIndex(parentBase64: string): Buffer {
  return Buffer.concat([Buffer.from(parentBase64, 'base64'), randomBytes(5)]);
}

export function conversationIdOfIndex(index: Buffer): string {
  return conversationIdFromGuid(index.subarray(6, 22));
}

/** Thread position of a message that replies to `refs` (or starts a thread), as Exchange assigns it. */
export function threadPosition(store: MailboxStore, refs: readonly string[], threadIndexHeader?: string): { conversationId: string; conversationIndex: string } {
  const parent = store.findThread(refs);
  if (parent) return { conversationId: parent.conversationId, conversationIndex: childConversationIndex(parent.conversationIndex).toString('base64') };
  const fromHeader = threadIndexHeader ? Buffer.from(threadIndexHeader, 'base64') : null;
  const index = fromHeader && fromHeader.length >= 22 && (fromHeader.length - 22) % 5 === 0 ? fromHeader : newConversationIndex();
  return { conversationId: conversationIdOfIndex(index), conversationIndex: index.toString('base64') };
}

// ----- headers -----
export function unfoldHeaderLine(line: string): Header {
  const i = line.indexOf(':');
  return { name: line.slice(0, i).trim(), value: line.slice(i + 1).replace(/\r?\n[ \t]+/g, ' ').trim() };
}

export function headersOfRaw(raw: Buffer): Header[] {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const block = end === -1 ? text : text.slice(0, end);
  return block.split(/\r?\n(?![ \t])/).filter((l) => l.includes(':')).map(unfoldHeaderLine);
}

// ----- inbound -----
function recipients(a: AddressObject | AddressObject[] | undefined): Recipient[] {
  const list = a === undefined ? [] : Array.isArray(a) ? a : [a];
  const out: Recipient[] = [];
  for (const obj of list) {
    for (const v of obj.value) {
      const members = v.group ?? [v];
      for (const x of members) if (x.address) out.push({ emailAddress: { name: x.name || x.address, address: x.address } });
    }
  }
  return out;
}

function asList(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : v.split(/\s+/)).map((s) => s.trim()).filter(Boolean);
}

export type InboundFields = Omit<MessageRecord, 'key' | 'seq' | 'enteredSeq' | 'changeKey' | 'createdDateTime' | 'lastModifiedDateTime' | 'folder'>;

function importanceOf(p: ParsedMail): 'low' | 'normal' | 'high' {
  const imp = String(p.headers.get('importance') ?? '').toLowerCase();
  const prio = String(p.headers.get('x-priority') ?? '');
  if (imp === 'high' || /^[12]/.test(prio)) return 'high';
  if (imp === 'low' || /^[45]/.test(prio)) return 'low';
  return 'normal';
}

/** What Exchange makes of a raw mail delivered to the mailbox. */
export async function parseInbound(raw: Buffer, store: MailboxStore): Promise<InboundFields> {
  const p = await simpleParser(raw, { keepCidLinks: true });
  const html = typeof p.html === 'string' && p.html.trim() ? p.html : null;
  const body: ItemBody = html ? { contentType: 'html', content: html } : { contentType: 'text', content: p.text ?? '' };
  const references = asList(p.references);
  const inReplyTo = p.inReplyTo ? p.inReplyTo.trim() : null;
  const refs = inReplyTo && !references.includes(inReplyTo) ? [...references, inReplyTo] : references;
  const threadIndex = p.headers.get('thread-index');
  const from = recipients(p.from)[0] ?? null;
  const senderHeader = p.headers.get('sender') as AddressObject | undefined;
  const attachments: Attachment[] = p.attachments.map((a) => {
    const isInline = a.related || (a.contentDisposition === 'inline' && !!a.cid && !!html && html.includes(`cid:${a.cid}`));
    return { id: randomBytes(12).toString('base64url'), name: a.filename ?? 'attachment', contentType: a.contentType, size: a.size, isInline, contentId: a.cid ?? null, content: a.content };
  });
  const now = graphDate();
  return {
    receivedDateTime: now,
    sentDateTime: p.date ? graphDate(p.date) : now,
    internetMessageId: p.messageId ?? newInternetMessageId(),
    ...threadPosition(store, refs, typeof threadIndex === 'string' ? threadIndex : undefined),
    subject: p.subject ?? '',
    body,
    uniqueBody: uniqueBodyOf(body),
    from,
    sender: (senderHeader ? recipients(senderHeader)[0] : undefined) ?? from,
    toRecipients: recipients(p.to),
    ccRecipients: recipients(p.cc),
    bccRecipients: [],
    replyTo: recipients(p.replyTo),
    categories: [],
    isRead: false,
    isDraft: false,
    importance: importanceOf(p),
    flag: { flagStatus: 'notFlagged' },
    inferenceClassification: 'focused',
    internetMessageHeaders: p.headerLines.map((h) => unfoldHeaderLine(h.line)),
    inReplyTo,
    references,
    attachments,
    raw,
  };
}

// ----- outbound -----
function address(r: Recipient): Mail.Address {
  return { name: r.emailAddress.name, address: r.emailAddress.address };
}

/** The RFC 5322 form of a message created in the mailbox (draft or sent). */
export async function composeMime(m: MessageRecord): Promise<Buffer> {
  const opts: Mail.Options = {
    from: m.from ? address(m.from) : undefined,
    sender: m.sender && m.from && m.sender.emailAddress.address !== m.from.emailAddress.address ? address(m.sender) : undefined,
    to: m.toRecipients.map(address),
    cc: m.ccRecipients.length ? m.ccRecipients.map(address) : undefined,
    replyTo: m.replyTo.length ? m.replyTo.map(address) : undefined,
    subject: m.subject,
    messageId: m.internetMessageId,
    inReplyTo: m.inReplyTo ?? undefined,
    references: m.references.length ? m.references : undefined,
    date: new Date(m.sentDateTime ?? m.lastModifiedDateTime),
    headers: { 'Thread-Topic': m.subject.replace(/^(re|aw|fw|fwd|wg)\s*:\s*/i, ''), 'Thread-Index': m.conversationIndex },
    attachments: m.attachments.map((a) => ({ filename: a.name, content: a.content, contentType: a.contentType, cid: a.contentId ?? undefined, contentDisposition: a.isInline ? 'inline' as const : 'attachment' as const })),
  };
  if (m.body.contentType === 'html') {
    opts.html = m.body.content;
    opts.text = htmlToText(m.body.content);
  } else {
    opts.text = m.body.content;
  }
  return new MailComposer(opts).compile().build();
}
