// Mail routes: users, well-known folders, messages (list/get/$select/$filter/$orderby/paging),
// PATCH, DELETE, move, createReply/createReplyAll, drafts, send, sendMail, $value, attachments.
import { z } from 'zod';
import { GraphError, badRequest, itemNotFound } from '../errors.js';
import { assertMailbox, apiBase, preferences, renderContext, type MockContext } from '../context.js';
import { graphDate, immutableId, newInternetMessageId } from '../ids.js';
import { childConversationIndex, composeMime, escapeHtml, headersOfRaw, newConversationIndex, conversationIdOfIndex, textToHtml } from '../mime.js';
import { compareBy, evaluate, filterProperties, parseFilter, parseIntParam, parseOrderBy, parseSelect } from '../odata.js';
import { MESSAGE_PROPERTIES, renderMessage } from '../render.js';
import type { ApiRequest, ApiResponse, Params, Router } from '../router.js';
import { WELL_KNOWN_FOLDERS, type DateTimeTimeZone, type Flag, type MessageRecord, type Recipient, type WellKnownFolder } from '../store.js';
import { DRAFT_ONLY, MessageInput, parseMessageInput, zodMessage } from './input.js';

const DEFAULT_PAGE = 10;
const MAX_PAGE = 1000;

function json(status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return { status, body, headers };
}

export function selectOf(req: ApiRequest): string[] | undefined {
  const s = req.query.get('$select');
  return s === null ? undefined : parseSelect(s, MESSAGE_PROPERTIES, 'message');
}

export function rejectUnsupported(req: ApiRequest, allowed: readonly string[]): void {
  for (const k of req.query.keys()) {
    if (k.startsWith('$') && !allowed.includes(k.toLowerCase())) {
      throw badRequest(`The query parameter '${k}' is not supported on this resource by the mock Graph.`);
    }
  }
}

function mailboxRecipient(ctx: MockContext): Recipient {
  return { emailAddress: { name: ctx.store.displayName, address: ctx.store.address } };
}

function isMailboxAddress(ctx: MockContext, r: Recipient): boolean {
  return r.emailAddress.address.toLowerCase() === ctx.store.address.toLowerCase();
}

/** A message addressed through /users/{u}/messages/{id} or /users/{u}/mailFolders/{f}/messages/{id}. */
function messageAt(ctx: MockContext, p: Params): MessageRecord {
  assertMailbox(ctx, p.user!);
  const m = ctx.store.get(p.id!);
  if (p.folder !== undefined && ctx.store.resolveFolder(p.folder) !== m.folder) throw itemNotFound();
  return m;
}

function listMessages(ctx: MockContext, req: ApiRequest, p: Params): ApiResponse {
  assertMailbox(ctx, p.user!);
  rejectUnsupported(req, ['$select', '$filter', '$orderby', '$top', '$skip', '$count']);
  const folder = p.folder !== undefined ? ctx.store.resolveFolder(p.folder) : undefined;
  const select = selectOf(req);
  const filterSrc = req.query.get('$filter');
  const filter = filterSrc ? parseFilter(filterSrc) : null;
  const order = parseOrderBy(req.query.get('$orderby') ?? 'receivedDateTime desc');
  const needed = parseSelect([...(filter ? filterProperties(filter) : []), ...order.map((o) => o.path[0]!)].join(','), MESSAGE_PROPERTIES, 'message');
  const prefs = preferences(req);
  const top = parseIntParam(req.query.get('$top'), '$top', MAX_PAGE) ?? Math.min(prefs.maxPageSize ?? DEFAULT_PAGE, MAX_PAGE);
  const skip = parseIntParam(req.query.get('$skip'), '$skip', Number.MAX_SAFE_INTEGER) ?? 0;
  // Filter and sort on the properties they name (with the caller's id form), then page and select.
  const full = renderContext(ctx, req, needed);
  const rows = ctx.store.list(folder)
    .sort((a, b) => a.seq - b.seq)
    .map((m) => ({ m, j: renderMessage(m, full) }))
    .filter((r) => !filter || evaluate(filter, r.j));
  const cmp = compareBy(order);
  rows.sort((a, b) => cmp(a.j, b.j));
  const page = rows.slice(skip, skip + top);
  const rc = renderContext(ctx, req, select);
  const scope = folder ? `users('${p.user}')/mailFolders('${p.folder}')/messages` : `users('${p.user}')/messages`;
  const body: Record<string, unknown> = { '@odata.context': `${apiBase(ctx)}/$metadata#${scope}${select ? `(${select.join(',')})` : ''}` };
  if (req.query.get('$count') === 'true') body['@odata.count'] = rows.length;
  body.value = page.map((r) => renderMessage(r.m, rc));
  if (skip + top < rows.length) {
    const q = new URLSearchParams(req.query);
    q.set('$top', String(top));
    q.set('$skip', String(skip + top));
    body['@odata.nextLink'] = `${apiBase(ctx)}${req.path}?${q.toString().replace(/%24/g, '$')}`;
  }
  return json(200, body);
}

function getMessage(ctx: MockContext, req: ApiRequest, p: Params): ApiResponse {
  rejectUnsupported(req, ['$select']);
  const m = messageAt(ctx, p);
  return json(200, { '@odata.context': `${apiBase(ctx)}/$metadata#users('${p.user}')/messages/$entity`, ...renderMessage(m, renderContext(ctx, req, selectOf(req))) });
}

/** Graph's time form inside dateTimeTimeZone: no offset, seven fractional digits. */
function utcDateTime(ms = Date.now()): DateTimeTimeZone {
  return { dateTime: new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000'), timeZone: 'UTC' };
}

/**
 * The flag after a PATCH: notFlagged clears every date; flagged drops the completion; complete
 * keeps the start/due dates and stamps completedDateTime when the caller gave none, as Outlook does.
 */
function nextFlag(current: Flag, input: NonNullable<MessageInput['flag']>): Flag {
  switch (input.flagStatus) {
    case 'notFlagged': return { flagStatus: 'notFlagged' };
    case 'flagged': {
      const start = input.startDateTime ?? current.startDateTime;
      const due = input.dueDateTime ?? current.dueDateTime;
      return { flagStatus: 'flagged', ...(start ? { startDateTime: start } : {}), ...(due ? { dueDateTime: due } : {}) };
    }
    case 'complete': {
      const start = input.startDateTime ?? current.startDateTime;
      const due = input.dueDateTime ?? current.dueDateTime;
      return { flagStatus: 'complete', completedDateTime: input.completedDateTime ?? utcDateTime(), ...(start ? { startDateTime: start } : {}), ...(due ? { dueDateTime: due } : {}) };
    }
  }
}

function applyInput(m: MessageRecord, input: MessageInput): void {
  if (input.subject !== undefined) m.subject = input.subject;
  if (input.body !== undefined) {
    m.body = input.body;
    m.uniqueBody = null;
  }
  if (input.toRecipients) m.toRecipients = input.toRecipients;
  if (input.ccRecipients) m.ccRecipients = input.ccRecipients;
  if (input.bccRecipients) m.bccRecipients = input.bccRecipients;
  if (input.replyTo) m.replyTo = input.replyTo;
  if (input.from) m.from = input.from;
  if (input.sender) m.sender = input.sender;
  if (input.categories) m.categories = [...new Set(input.categories)]; // replaces the whole list
  if (input.isRead !== undefined) m.isRead = input.isRead;
  if (input.importance) m.importance = input.importance;
  if (input.inferenceClassification) m.inferenceClassification = input.inferenceClassification;
  if (input.flag) m.flag = nextFlag(m.flag, input.flag);
  if (input.internetMessageId) m.internetMessageId = input.internetMessageId;
  if (input.attachments) m.attachments = [...m.attachments, ...input.attachments];
}

function patchMessage(ctx: MockContext, req: ApiRequest, p: Params): ApiResponse {
  const m = messageAt(ctx, p);
  const input = parseMessageInput(req.body);
  if (!m.isDraft) {
    const bad = DRAFT_ONLY.filter((k) => input[k] !== undefined);
    if (bad.length) throw new GraphError(400, 'ErrorInvalidPropertyUpdateSentMessage', `Update operation is invalid for property of a sent message (${bad.join(', ')}).`);
  }
  ctx.store.update(m, (x) => applyInput(x, input));
  return json(200, { '@odata.context': `${apiBase(ctx)}/$metadata#users('${p.user}')/messages/$entity`, ...renderMessage(m, renderContext(ctx, req)) });
}

function deleteMessage(ctx: MockContext, _req: ApiRequest, p: Params): ApiResponse {
  const m = messageAt(ctx, p);
  // Like Outlook: a delete moves to Deleted Items; deleting from there removes for good.
  if (m.folder === 'deleteditems') ctx.store.remove(m);
  else ctx.store.move(m, 'deleteditems');
  return { status: 204 };
}

const MoveBody = z.object({ destinationId: z.string().min(1) });
function moveMessage(ctx: MockContext, req: ApiRequest, p: Params): ApiResponse {
  const m = messageAt(ctx, p);
  const b = MoveBody.safeParse(req.body);
  if (!b.success) throw badRequest(`Invalid move: ${zodMessage(b.error)}`, 'ErrorInvalidRequest');
  ctx.store.move(m, ctx.store.resolveFolder(b.data.destinationId));
  return json(201, renderMessage(m, renderContext(ctx, req)));
}

function innerHtml(html: string): string {
  return /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
}

function fmtRecipients(rs: Recipient[]): string {
  return rs.map((r) => `${escapeHtml(r.emailAddress.name)} &lt;${escapeHtml(r.emailAddress.address)}&gt;`).join('; ');
}

/** Outlook's reply body: the new text, a separator, the original's header block and its body. */
function quotedReplyHtml(original: MessageRecord, lead: string): string {
  const originalHtml = original.body.contentType === 'html' ? innerHtml(original.body.content) : innerHtml(textToHtml(original.body.content));
  const sent = new Date(original.sentDateTime ?? original.receivedDateTime).toUTCString();
  return '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>'
    + `${lead}<div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1">`
    + '<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000">'
    + `<b>From:</b> ${original.from ? fmtRecipients([original.from]) : ''}<br><b>Sent:</b> ${escapeHtml(sent)}<br>`
    + `<b>To:</b> ${fmtRecipients(original.toRecipients)}<br>`
    + (original.ccRecipients.length ? `<b>Cc:</b> ${fmtRecipients(original.ccRecipients)}<br>` : '')
    + `<b>Subject:</b> ${escapeHtml(original.subject)}</font><div>&nbsp;</div></div>${originalHtml}</body></html>`;
}

const ReplyBody = z.object({ comment: z.string().optional(), message: z.unknown().optional() }).strict();

function replyRecipients(ctx: MockContext, o: MessageRecord, all: boolean): { to: Recipient[]; cc: Recipient[] } {
  const own = o.from !== null && isMailboxAddress(ctx, o.from);
  const primary = own ? o.toRecipients : o.replyTo.length ? o.replyTo : o.from ? [o.from] : [];
  if (!all) return { to: primary, cc: [] };
  const seen = new Set(primary.map((r) => r.emailAddress.address.toLowerCase()));
  const keep = (r: Recipient): boolean => {
    const a = r.emailAddress.address.toLowerCase();
    if (isMailboxAddress(ctx, r) || seen.has(a)) return false;
    seen.add(a);
    return true;
  };
  return { to: [...primary, ...o.toRecipients.filter(keep)], cc: o.ccRecipients.filter(keep) };
}

function createReply(all: boolean) {
  return (ctx: MockContext, req: ApiRequest, p: Params): ApiResponse => {
    const original = messageAt(ctx, p);
    const parsed = ReplyBody.safeParse(req.body ?? {});
    if (!parsed.success) throw badRequest(`Invalid createReply body: ${zodMessage(parsed.error)}`, 'ErrorInvalidRequest');
    const message = parseMessageInput(parsed.data.message);
    if (parsed.data.comment !== undefined && message.body !== undefined) {
      throw badRequest("The 'comment' and the 'message.body' parameters can't both be set.", 'ErrorInvalidRequest');
    }
    const lead = message.body
      ? (message.body.contentType === 'html' ? innerHtml(message.body.content) : innerHtml(textToHtml(message.body.content)))
      : parsed.data.comment !== undefined ? `<div>${escapeHtml(parsed.data.comment).replace(/\r?\n/g, '<br>')}</div>` : '';
    const { to, cc } = replyRecipients(ctx, original, all);
    const refs = original.references.length ? original.references : original.inReplyTo ? [original.inReplyTo] : [];
    const now = graphDate();
    const draft = ctx.store.insert({
      folder: 'drafts',
      receivedDateTime: now,
      sentDateTime: null,
      internetMessageId: newInternetMessageId(),
      conversationId: original.conversationId,
      conversationIndex: childConversationIndex(original.conversationIndex).toString('base64'),
      subject: /^re:/i.test(original.subject) ? original.subject : `RE: ${original.subject}`,
      body: { contentType: 'html', content: quotedReplyHtml(original, lead) },
      uniqueBody: null,
      from: mailboxRecipient(ctx),
      sender: mailboxRecipient(ctx),
      toRecipients: to,
      ccRecipients: cc,
      bccRecipients: [],
      replyTo: [],
      categories: [],
      isRead: true,
      isDraft: true,
      importance: 'normal',
      flag: { flagStatus: 'notFlagged' },
      inferenceClassification: 'focused',
      internetMessageHeaders: null,
      inReplyTo: original.internetMessageId,
      references: [...refs.filter((r) => r !== original.internetMessageId), original.internetMessageId],
      attachments: [],
      raw: null,
    });
    const { body: _b, ...rest } = message;
    if (Object.keys(rest).length) ctx.store.update(draft, (d) => applyInput(d, rest));
    return json(201, { '@odata.context': `${apiBase(ctx)}/$metadata#users('${p.user}')/messages/$entity`, ...renderMessage(draft, renderContext(ctx, req)) });
  };
}

function newDraftFields(ctx: MockContext, input: MessageInput): Parameters<MockContext['store']['insert']>[0] {
  const index = newConversationIndex();
  const now = graphDate();
  const m: Parameters<MockContext['store']['insert']>[0] = {
    folder: 'drafts', receivedDateTime: now, sentDateTime: null, internetMessageId: newInternetMessageId(),
    conversationId: conversationIdOfIndex(index), conversationIndex: index.toString('base64'), subject: '',
    body: { contentType: 'text', content: '' }, uniqueBody: null, from: mailboxRecipient(ctx), sender: mailboxRecipient(ctx),
    toRecipients: [], ccRecipients: [], bccRecipients: [], replyTo: [], categories: [], isRead: true, isDraft: true,
    importance: 'normal', flag: { flagStatus: 'notFlagged' }, inferenceClassification: 'focused', internetMessageHeaders: null,
    inReplyTo: null, references: [], attachments: [], raw: null,
  };
  applyInput(m as MessageRecord, input);
  return m;
}

function createDraft(ctx: MockContext, req: ApiRequest, p: Params): ApiResponse {
  assertMailbox(ctx, p.user!);
  const m = ctx.store.insert(newDraftFields(ctx, parseMessageInput(req.body)));
  return json(201, renderMessage(m, renderContext(ctx, req)));
}

/** Submits a message: composes its MIME, files it in Sent Items (or drops it), records the outbound mail. */
async function submit(ctx: MockContext, m: MessageRecord, saveToSentItems: boolean): Promise<void> {
  if (m.toRecipients.length + m.ccRecipients.length + m.bccRecipients.length === 0) {
    throw new GraphError(400, 'ErrorInvalidRecipients', "At least one recipient isn't valid., A message can't be sent because it contains no recipients.");
  }
  const sentAt = graphDate();
  const sending = { ...m, isDraft: false, sentDateTime: sentAt };
  const mime = await composeMime(sending);
  const finish = (x: MessageRecord): void => {
    x.isDraft = false;
    x.sentDateTime = sentAt;
    x.receivedDateTime = sentAt;
    x.raw = mime;
    x.internetMessageHeaders = headersOfRaw(mime);
  };
  if (saveToSentItems) ctx.store.move(m, 'sentitems', finish);
  else if (ctx.store.find(immutableId(m.key))) ctx.store.remove(m);
  const recipients = [...m.toRecipients, ...m.ccRecipients, ...m.bccRecipients];
  ctx.outbound.push({ at: sentAt, messageId: immutableId(m.key), internetMessageId: m.internetMessageId, to: recipients.map((r) => r.emailAddress.address), subject: m.subject, mime });
  // Mail to the mailbox itself comes back in through the normal intake, as Exchange would deliver it.
  if (recipients.some((r) => isMailboxAddress(ctx, r))) void ctx.deliver(mime).catch(() => undefined);
}

async function sendDraft(ctx: MockContext, req: ApiRequest, p: Params): Promise<ApiResponse> {
  const m = messageAt(ctx, p);
  if (!m.isDraft) throw new GraphError(400, 'ErrorInvalidOperation', 'Only draft messages can be sent; this item has already been sent or was received.');
  await submit(ctx, m, true);
  return { status: 202 };
}

const SendMailBody = z.object({ message: z.unknown(), saveToSentItems: z.union([z.boolean(), z.enum(['true', 'false'])]).optional() });
async function sendMail(ctx: MockContext, req: ApiRequest, p: Params): Promise<ApiResponse> {
  assertMailbox(ctx, p.user!);
  const b = SendMailBody.safeParse(req.body);
  if (!b.success || b.data.message === undefined) throw badRequest('Empty Payload. JSON content expected: {message, saveToSentItems}.', 'ErrorInvalidRequest');
  const input = parseMessageInput(b.data.message);
  const save = b.data.saveToSentItems === undefined || b.data.saveToSentItems === true || b.data.saveToSentItems === 'true';
  const fields = newDraftFields(ctx, input);
  // sendMail does not thread with existing mail: it starts its own conversation.
  const m = ctx.store.insert(fields);
  await submit(ctx, m, save);
  return { status: 202 };
}

async function getValue(ctx: MockContext, _req: ApiRequest, p: Params): Promise<ApiResponse> {
  const m = messageAt(ctx, p);
  const mime = m.raw ?? (await composeMime(m));
  return { status: 200, headers: { 'content-type': 'text/plain' }, body: mime };
}

function listAttachments(ctx: MockContext, req: ApiRequest, p: Params): ApiResponse {
  const m = messageAt(ctx, p);
  return json(200, {
    '@odata.context': `${apiBase(ctx)}/$metadata#users('${p.user}')/messages('${p.id}')/attachments`,
    value: m.attachments.map((a) => ({
      '@odata.type': '#microsoft.graph.fileAttachment', id: a.id, lastModifiedDateTime: m.lastModifiedDateTime, name: a.name,
      contentType: a.contentType, size: a.size, isInline: a.isInline, contentId: a.contentId, contentBytes: a.content.toString('base64'),
    })),
  });
}

function folderJson(ctx: MockContext, f: WellKnownFolder): Record<string, unknown> {
  const msgs = ctx.store.list(f);
  return {
    id: ctx.store.folderId(f), displayName: ctx.store.folderDisplayName(f), parentFolderId: ctx.store.folderId('inbox').replace(/.{4}$/, 'AAAA'),
    childFolderCount: 0, unreadItemCount: msgs.filter((m) => !m.isRead).length, totalItemCount: msgs.length, sizeInBytes: msgs.reduce((n, m) => n + (m.raw?.length ?? m.body.content.length), 0), isHidden: false,
  };
}

function getUser(ctx: MockContext, _req: ApiRequest, p: Params): ApiResponse {
  if (!ctx.store.isMailbox(p.user!)) {
    throw new GraphError(404, 'Request_ResourceNotFound', `Resource '${p.user}' does not exist or one of its queried reference-property objects are not present.`);
  }
  return json(200, {
    '@odata.context': `${apiBase(ctx)}/$metadata#users/$entity`, id: ctx.store.userGuid, displayName: ctx.store.displayName,
    mail: ctx.store.address, userPrincipalName: ctx.store.address, businessPhones: [], givenName: null, surname: null, jobTitle: null,
    mobilePhone: null, officeLocation: null, preferredLanguage: null,
  });
}

export function registerMailRoutes(r: Router, ctx: MockContext): void {
  const h = (fn: (ctx: MockContext, req: ApiRequest, p: Params) => ApiResponse | Promise<ApiResponse>) => (req: ApiRequest, p: Params) => fn(ctx, req, p);
  r.add('GET', '/users/{user}', 'mailbox', h(getUser));
  r.add('GET', '/users/{user}/mailFolders', 'mailbox', h((c, _req, p) => {
    assertMailbox(c, p.user!);
    return json(200, { '@odata.context': `${apiBase(c)}/$metadata#users('${p.user}')/mailFolders`, value: WELL_KNOWN_FOLDERS.map((f) => folderJson(c, f)) });
  }));
  r.add('GET', '/users/{user}/mailFolders/{folder}', 'mailbox', h((c, _req, p) => {
    assertMailbox(c, p.user!);
    return json(200, { '@odata.context': `${apiBase(c)}/$metadata#users('${p.user}')/mailFolders/$entity`, ...folderJson(c, c.store.resolveFolder(p.folder!)) });
  }));
  for (const base of ['/users/{user}', '/users/{user}/mailFolders/{folder}']) {
    r.add('GET', `${base}/messages`, 'mailbox', h(listMessages));
    r.add('GET', `${base}/messages/{id}`, 'mailbox', h(getMessage));
    r.add('PATCH', `${base}/messages/{id}`, 'mailbox', h(patchMessage));
    r.add('DELETE', `${base}/messages/{id}`, 'mailbox', h(deleteMessage));
    r.add('GET', `${base}/messages/{id}/$value`, 'mailbox', h(getValue));
    r.add('GET', `${base}/messages/{id}/attachments`, 'mailbox', h(listAttachments));
    r.add('POST', `${base}/messages/{id}/createReply`, 'mailbox', h(createReply(false)));
    r.add('POST', `${base}/messages/{id}/createReplyAll`, 'mailbox', h(createReply(true)));
    r.add('POST', `${base}/messages/{id}/send`, 'mailbox', h(sendDraft));
    r.add('POST', `${base}/messages/{id}/move`, 'mailbox', h(moveMessage));
  }
  r.add('POST', '/users/{user}/messages', 'mailbox', h(createDraft));
  r.add('POST', '/users/{user}/sendMail', 'mailbox', h(sendMail));
}
