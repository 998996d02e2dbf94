// How a message record looks on the wire: Graph's property names, the id form the caller asked for
// (Prefer IdType), the body format (Prefer outlook.body-content-type) and $select — with
// internetMessageHeaders and uniqueBody only when selected, as in Graph.
import { immutableId } from './ids.js';
import { bodyPreview, convertBody } from './mime.js';
import type { Header, MailboxStore, MessageRecord } from './store.js';

export const MESSAGE_PROPERTIES = [
  'id', 'createdDateTime', 'lastModifiedDateTime', 'changeKey', 'categories', 'receivedDateTime', 'sentDateTime',
  'hasAttachments', 'internetMessageId', 'subject', 'bodyPreview', 'importance', 'parentFolderId', 'conversationId',
  'conversationIndex', 'isDeliveryReceiptRequested', 'isReadReceiptRequested', 'isRead', 'isDraft', 'webLink',
  'inferenceClassification', 'body', 'sender', 'from', 'toRecipients', 'ccRecipients', 'bccRecipients', 'replyTo',
  'flag', 'uniqueBody', 'internetMessageHeaders',
] as const;
export type MessageProperty = (typeof MESSAGE_PROPERTIES)[number];
const ONLY_WHEN_SELECTED: ReadonlySet<MessageProperty> = new Set(['uniqueBody', 'internetMessageHeaders']);

export interface RenderContext {
  store: MailboxStore;
  origin: string;
  immutable: boolean;
  bodyType?: 'html' | 'text';
  select?: readonly string[];
}

/** Headers a draft would be sent with; Exchange composes the real ones at send time. */
function draftHeaders(m: MessageRecord): Header[] {
  const fmt = (rs: MessageRecord['toRecipients']): string => rs.map((r) => `${r.emailAddress.name} <${r.emailAddress.address}>`).join(', ');
  const h: Header[] = [];
  if (m.from) h.push({ name: 'From', value: fmt([m.from]) });
  if (m.toRecipients.length) h.push({ name: 'To', value: fmt(m.toRecipients) });
  if (m.ccRecipients.length) h.push({ name: 'CC', value: fmt(m.ccRecipients) });
  h.push({ name: 'Subject', value: m.subject }, { name: 'Thread-Index', value: m.conversationIndex }, { name: 'Message-ID', value: m.internetMessageId });
  if (m.inReplyTo) h.push({ name: 'In-Reply-To', value: m.inReplyTo });
  if (m.references.length) h.push({ name: 'References', value: m.references.join(' ') });
  h.push({ name: 'MIME-Version', value: '1.0' }, { name: 'Content-Type', value: m.body.contentType === 'html' ? 'text/html; charset="utf-8"' : 'text/plain; charset="utf-8"' });
  return h;
}

/**
 * The part of our own mail that is new: an Outlook reply body (createReply, the view's replies)
 * marks where the quoted original starts with <div id="appendonsend">; the rest is the reply.
 */
function ownPart(body: MessageRecord['body']): MessageRecord['body'] {
  if (body.contentType !== 'html') return body;
  const at = body.content.search(/<div id="appendonsend">/i);
  if (at < 0) return body;
  const lead = body.content.slice(0, at).replace(/^[\s\S]*<body[^>]*>/i, '');
  return { contentType: 'html', content: `<html><body>${lead}</body></html>` };
}

const previews = new WeakMap<MessageRecord, { changeKey: string; text: string }>();
function cachedPreview(m: MessageRecord): string {
  const hit = previews.get(m);
  if (hit && hit.changeKey === m.changeKey) return hit.text;
  const text = bodyPreview(m.body);
  previews.set(m, { changeKey: m.changeKey, text });
  return text;
}

function property(m: MessageRecord, p: MessageProperty, ctx: RenderContext): unknown {
  switch (p) {
    case 'id': return ctx.store.idOf(m, ctx.immutable);
    case 'createdDateTime': return m.createdDateTime;
    case 'lastModifiedDateTime': return m.lastModifiedDateTime;
    case 'changeKey': return m.changeKey;
    case 'categories': return [...m.categories];
    case 'receivedDateTime': return m.receivedDateTime;
    case 'sentDateTime': return m.sentDateTime;
    case 'hasAttachments': return m.attachments.some((a) => !a.isInline);
    case 'internetMessageId': return m.internetMessageId;
    case 'subject': return m.subject;
    case 'bodyPreview': return cachedPreview(m);
    case 'importance': return m.importance;
    case 'parentFolderId': return ctx.store.folderId(m.folder);
    case 'conversationId': return m.conversationId;
    case 'conversationIndex': return m.conversationIndex;
    case 'isDeliveryReceiptRequested': return false;
    case 'isReadReceiptRequested': return false;
    case 'isRead': return m.isRead;
    case 'isDraft': return m.isDraft;
    case 'webLink': return `${ctx.origin}/_mock/message/${immutableId(m.key)}`;
    case 'inferenceClassification': return m.inferenceClassification;
    case 'body': return ctx.bodyType ? convertBody(m.body, ctx.bodyType) : { ...m.body };
    case 'sender': return m.sender;
    case 'from': return m.from;
    case 'toRecipients': return m.toRecipients;
    case 'ccRecipients': return m.ccRecipients;
    case 'bccRecipients': return m.bccRecipients;
    case 'replyTo': return m.replyTo;
    case 'flag': return { ...m.flag };
    case 'uniqueBody': {
      const unique = m.uniqueBody ?? ownPart(m.body);
      return ctx.bodyType ? convertBody(unique, ctx.bodyType) : { ...unique };
    }
    case 'internetMessageHeaders': return m.internetMessageHeaders ?? draftHeaders(m);
  }
}

const DEFAULT_PROPERTIES = MESSAGE_PROPERTIES.filter((p) => !ONLY_WHEN_SELECTED.has(p));

export function renderMessage(m: MessageRecord, ctx: RenderContext): Record<string, unknown> {
  const props = ctx.select?.length
    ? (['id', ...ctx.select.filter((p) => p !== 'id')] as MessageProperty[])
    : DEFAULT_PROPERTIES;
  const out: Record<string, unknown> = { '@odata.etag': `W/"${m.changeKey}"` };
  for (const p of props) out[p] = property(m, p, ctx);
  return out;
}
