// The Mailbox port on Microsoft Graph: the shared support mailbox's messages, categories, reply
// drafts, Inbox and Sent Items delta, and the Outlook sync's reads and writes (flag, Junk Email). Every call asks for immutable ids, selects only what the pipeline reads,
// and goes through one request policy (timeouts, 429-aware retries, ≤4 concurrent calls).
import { z } from 'zod';
import type { Address, OutlookCategory } from '../domain.js';
import { AppError } from '../errors.js';
import { createLogger } from '../log.js';
import { htmlToPlain } from '../mail/parse.js';
import type { DeltaPage, DraftDeletion, MailFolder, Mailbox, MailboxMessage, MessageFlag, MessageState } from '../ports.js';
import type { GraphRequester } from './request.js';

/** Outlook colour presets per category (preset0 red … preset24; see graph-mail.md §4). */
export const CATEGORY_COLOURS: Record<OutlookCategory, string> = {
  'bug-report': 'preset0', // red
  'refund-request': 'preset1', // orange
  'product-question': 'preset7', // blue
  other: 'preset12', // gray
  'needs-triage': 'preset3', // yellow
  'high-confidence': 'preset4', // green
  'ai-processed': 'preset8', // purple
};

const MESSAGE_FIELDS = [
  'id', 'internetMessageId', 'conversationId', 'subject', 'from', 'sender', 'replyTo', 'toRecipients', 'body', 'uniqueBody',
  'receivedDateTime', 'internetMessageHeaders', 'categories', 'isDraft', 'parentFolderId', 'hasAttachments',
].join(',');

/** What the Outlook sync compares; `uniqueBody` is added only when the text is asked for. */
const STATE_FIELDS = ['id', 'conversationId', 'internetMessageId', 'categories', 'flag', 'isRead', 'isDraft', 'parentFolderId', 'changeKey', 'receivedDateTime', 'sentDateTime'];
const MAIL_FOLDERS: readonly MailFolder[] = ['inbox', 'drafts', 'sentitems', 'junkemail', 'deleteditems'];

const recipient = z.object({ emailAddress: z.object({ name: z.string().nullish(), address: z.string().nullish() }).nullish() });
const body = z.object({ contentType: z.string().nullish(), content: z.string().nullish() }).nullish();
const graphMessage = z.object({
  id: z.string(),
  internetMessageId: z.string().nullish(),
  conversationId: z.string().nullish(),
  subject: z.string().nullish(),
  from: recipient.nullish(),
  sender: recipient.nullish(),
  replyTo: z.array(recipient).nullish(),
  toRecipients: z.array(recipient).nullish(),
  body,
  uniqueBody: body,
  receivedDateTime: z.string().nullish(),
  createdDateTime: z.string().nullish(),
  internetMessageHeaders: z.array(z.object({ name: z.string(), value: z.string() })).nullish(),
  categories: z.array(z.string()).nullish(),
  isDraft: z.boolean().nullish(),
  parentFolderId: z.string().nullish(),
  hasAttachments: z.boolean().nullish(),
});
type GraphMessage = z.infer<typeof graphMessage>;
const dateTimeTimeZone = z.object({ dateTime: z.string(), timeZone: z.string().nullish() }).nullish();
const graphState = z.object({
  id: z.string(),
  conversationId: z.string().nullish(),
  internetMessageId: z.string().nullish(),
  categories: z.array(z.string()).nullish(),
  flag: z.object({ flagStatus: z.enum(['notFlagged', 'flagged', 'complete']).nullish(), completedDateTime: dateTimeTimeZone }).nullish(),
  isRead: z.boolean().nullish(),
  isDraft: z.boolean().nullish(),
  parentFolderId: z.string().nullish(),
  changeKey: z.string().nullish(),
  receivedDateTime: z.string().nullish(),
  sentDateTime: z.string().nullish(),
  uniqueBody: body,
});
const changeKeyOnly = z.object({ changeKey: z.string().nullish() });
const deltaItem = z.object({
  id: z.string(),
  receivedDateTime: z.string().nullish(),
  conversationId: z.string().nullish(),
  categories: z.array(z.string()).nullish(),
  flag: z.object({ flagStatus: z.enum(['notFlagged', 'flagged', 'complete']).nullish() }).nullish(),
  '@removed': z.unknown().optional(),
});
const collection = z.object({ value: z.array(z.unknown()), '@odata.nextLink': z.string().optional(), '@odata.deltaLink': z.string().optional() });
const masterCategory = z.object({ id: z.string().optional(), displayName: z.string(), color: z.string().nullish() });

function address(r: z.infer<typeof recipient> | null | undefined): Address | undefined {
  const a = r?.emailAddress?.address;
  if (!a) return undefined;
  return r?.emailAddress?.name ? { name: r.emailAddress.name, address: a } : { address: a };
}

function text(b: z.infer<typeof body>): string {
  if (!b?.content) return '';
  return b.contentType?.toLowerCase() === 'html' ? htmlToPlain(b.content) : b.content.trim();
}

/** Lower-case header map; a repeated header (Received, …) keeps one line per occurrence, as parseEml does. */
function headerMap(list: GraphMessage['internetMessageHeaders']): Record<string, string> | undefined {
  if (!list) return undefined;
  const out: Record<string, string> = {};
  for (const { name, value } of list) {
    const key = name.toLowerCase();
    out[key] = out[key] === undefined ? value : `${out[key]}\n${value}`;
  }
  return out;
}

export function toMailboxMessage(m: GraphMessage): MailboxMessage {
  const from = address(m.from) ?? address(m.sender) ?? { address: '' };
  const replyTo = (m.replyTo ?? []).map(address).filter((a): a is Address => !!a);
  const to = (m.toRecipients ?? []).map(address).filter((a): a is Address => !!a);
  const uniqueText = m.uniqueBody ? text(m.uniqueBody) : undefined;
  return {
    messageId: m.id,
    internetMessageId: m.internetMessageId ?? undefined,
    conversationId: m.conversationId ?? undefined,
    from,
    replyTo: replyTo.length ? replyTo : undefined,
    to: to.length ? to : undefined,
    subject: m.subject ?? '',
    text: text(m.body),
    uniqueText: uniqueText || undefined,
    receivedAt: m.receivedDateTime ?? undefined,
    headers: headerMap(m.internetMessageHeaders),
    categories: m.categories ?? [],
    hasAttachments: m.hasAttachments ?? undefined,
    isDraft: m.isDraft ?? false,
    parentFolderId: m.parentFolderId ?? undefined,
  };
}

/** dateTimeTimeZone as UTC ISO; Graph answers UTC unless asked otherwise (Prefer outlook.timezone). */
function utcIso(d: z.infer<typeof dateTimeTimeZone>): string | undefined {
  if (!d?.dateTime) return undefined;
  const utc = !d.timeZone || /^(utc|gmt|z)$/i.test(d.timeZone);
  const t = Date.parse(utc && !/[zZ]|[+-]\d\d:\d\d$/.test(d.dateTime) ? `${d.dateTime}Z` : d.dateTime);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function flagOf(f: z.infer<typeof graphState>['flag']): MessageFlag {
  const status = f?.flagStatus ?? 'notFlagged';
  const completedAt = status === 'complete' ? utcIso(f?.completedDateTime) : undefined;
  return completedAt ? { status, completedAt } : { status };
}

/** OData string literal: single quotes doubled. */
function odataString(v: string): string {
  return `'${v.replace(/'/g, "''")}'`;
}

function stripAngles(id: string): string {
  return id.trim().replace(/^<|>$/g, '');
}

export class GraphMailbox implements Mailbox {
  private readonly log = createLogger('graph.mailbox');
  private readonly user: string;
  private masterCategories: Promise<void> | null = null;

  constructor(
    private readonly graph: GraphRequester,
    readonly address: string,
  ) {
    this.user = `/users/${encodeURIComponent(address)}`;
  }

  private folderIds: Promise<Map<string, MailFolder>> | null = null;

  private msg(id: string): string {
    return `${this.user}/messages/${encodeURIComponent(id)}`;
  }

  /** The well-known folders' ids, read once per process (they never change for a mailbox). */
  private wellKnownFolders(): Promise<Map<string, MailFolder>> {
    if (!this.folderIds) {
      this.folderIds = Promise.all(MAIL_FOLDERS.map(async (name) => {
        const raw: unknown = await this.graph.call('mailFolder', `${this.user}/mailFolders/${name}`, (r) => r.select('id').get());
        return [z.object({ id: z.string() }).parse(raw).id, name] as const;
      })).then((pairs) => new Map(pairs)).catch((err: unknown) => {
        this.folderIds = null;
        throw err;
      });
    }
    return this.folderIds;
  }

  private async toState(raw: unknown, withText: boolean): Promise<MessageState> {
    const m = graphState.parse(raw);
    const folders = m.parentFolderId ? await this.wellKnownFolders() : null;
    const state: MessageState = {
      messageId: m.id,
      conversationId: m.conversationId ?? undefined,
      internetMessageId: m.internetMessageId ?? undefined,
      categories: m.categories ?? [],
      flag: flagOf(m.flag),
      isRead: m.isRead ?? false,
      isDraft: m.isDraft ?? false,
      folder: (m.parentFolderId && folders?.get(m.parentFolderId)) || 'other',
      parentFolderId: m.parentFolderId ?? undefined,
      changeKey: m.changeKey ?? undefined,
      receivedAt: m.receivedDateTime ?? undefined,
      sentAt: m.sentDateTime ?? undefined,
    };
    if (withText) state.text = text(m.uniqueBody);
    return state;
  }

  private stateFields(withText: boolean | undefined): string {
    return (withText ? [...STATE_FIELDS, 'uniqueBody'] : STATE_FIELDS).join(',');
  }

  async getMessage(id: string): Promise<MailboxMessage> {
    const raw: unknown = await this.graph.call('message', this.msg(id), (r) => r.select(MESSAGE_FIELDS).get());
    return toMailboxMessage(graphMessage.parse(raw));
  }

  async setCategories(id: string, categories: string[]): Promise<string | null> {
    const res: unknown = await this.graph.call('categories', this.msg(id), (r) => r.patch({ categories }));
    const etag = res && typeof res === 'object' ? (res as Record<string, unknown>)['@odata.etag'] : undefined;
    return typeof etag === 'string' && etag ? etag : null;
  }

  /** Once per process: later calls share the first (successful) run. */
  ensureMasterCategories(names: readonly string[]): Promise<void> {
    if (!this.masterCategories) {
      this.masterCategories = this.createMissingCategories(names).catch((err: unknown) => {
        this.masterCategories = null;
        throw err;
      });
    }
    return this.masterCategories;
  }

  private async createMissingCategories(names: readonly string[]): Promise<void> {
    const path = `${this.user}/outlook/masterCategories`;
    const raw: unknown = await this.graph.call('masterCategories', path, (r) => r.get());
    const existing = new Set(collection.parse(raw).value.map((v) => masterCategory.parse(v).displayName.toLowerCase()));
    for (const name of names) {
      if (existing.has(name.toLowerCase())) continue;
      const color = (CATEGORY_COLOURS as Record<string, string>)[name] ?? 'preset12';
      try {
        await this.graph.call('masterCategories', path, (r) => r.post({ displayName: name, color }));
      } catch (err) {
        // Another instance created it in between; the name is unique, so that is success.
        if (!(err instanceof AppError && err.kind === 'conflict')) throw err;
      }
    }
    this.log.info('master categories ensured', { created: names.filter((n) => !existing.has(n.toLowerCase())) });
  }

  async findReplyDraft(conversationId: string, inReplyToInternetMessageId: string, createdSince?: string): Promise<string | null> {
    const path = `${this.user}/mailFolders/drafts/messages`;
    const raw: unknown = await this.graph.call('findReplyDraft', path, (r) =>
      r.filter(`conversationId eq ${odataString(conversationId)}`).select('id,isDraft,createdDateTime,internetMessageHeaders').top(25).get(),
    );
    const drafts = collection.parse(raw).value.map((v) => graphMessage.parse(v)).filter((m) => m.isDraft !== false);
    const wanted = stripAngles(inReplyToInternetMessageId);
    const byHeader = drafts.find((m) => {
      const h = m.internetMessageHeaders?.find((x) => x.name.toLowerCase() === 'in-reply-to');
      return h !== undefined && stripAngles(h.value) === wanted;
    });
    if (byHeader) return byHeader.id;
    if (!createdSince) return null;
    // Drafts whose headers are not stamped yet: the newest one created since our attempt began.
    const since = Date.parse(createdSince);
    const recent = drafts
      .filter((m) => !m.internetMessageHeaders?.some((x) => x.name.toLowerCase() === 'in-reply-to'))
      .filter((m) => m.createdDateTime && Date.parse(m.createdDateTime) >= since)
      .sort((a, b) => Date.parse(b.createdDateTime!) - Date.parse(a.createdDateTime!));
    return recent[0]?.id ?? null;
  }

  async createReplyDraft(messageId: string, htmlBody: string, opts: { to?: Address[] } = {}): Promise<string> {
    const message: Record<string, unknown> = { body: { contentType: 'html', content: htmlBody } };
    if (opts.to?.length) message.toRecipients = opts.to.map((a) => ({ emailAddress: a.name ? { name: a.name, address: a.address } : { address: a.address } }));
    const raw: unknown = await this.graph.call('createReply', `${this.msg(messageId)}/createReply`, (r) => r.post({ message }), { nonIdempotent: true });
    return graphMessage.pick({ id: true }).parse(raw).id;
  }

  async updateDraft(draftId: string, htmlBody: string): Promise<void> {
    await this.graph.call('updateDraft', this.msg(draftId), (r) => r.patch({ body: { contentType: 'html', content: htmlBody } }));
  }

  async deleteDraft(draftId: string): Promise<void> {
    try {
      await this.graph.call('deleteDraft', this.msg(draftId), (r) => r.delete());
    } catch (err) {
      if (!(err instanceof AppError && err.kind === 'not-found')) throw err;
    }
  }

  async sendDraft(draftId: string): Promise<void> {
    await this.graph.call('send', `${this.msg(draftId)}/send`, (r) => r.post(null), { nonIdempotent: true });
  }

  async isDraft(id: string): Promise<boolean | null> {
    try {
      const raw: unknown = await this.graph.call('isDraft', this.msg(id), (r) => r.select('id,isDraft').get());
      return graphMessage.pick({ isDraft: true }).parse(raw).isDraft ?? false;
    } catch (err) {
      if (err instanceof AppError && err.kind === 'not-found') return null;
      throw err;
    }
  }

  inboxDelta(deltaLink: string | null): Promise<DeltaPage> {
    // categories and flag: the reconcile tells a person's change from nothing without another GET.
    return this.folderDelta('inbox', 'inboxDelta', 'id,receivedDateTime,categories,flag', deltaLink);
  }

  sentItemsDelta(deltaLink: string | null): Promise<DeltaPage> {
    return this.folderDelta('sentitems', 'sentItemsDelta', 'id,receivedDateTime,conversationId', deltaLink);
  }

  private async folderDelta(folder: MailFolder, op: string, select: string, deltaLink: string | null): Promise<DeltaPage> {
    const changed = new Set<string>();
    const removed = new Set<string>();
    const receivedAt: Record<string, string> = {};
    const conversationIds: Record<string, string> = {};
    const states: NonNullable<DeltaPage['states']> = {};
    let next: string | undefined = deltaLink ?? undefined;
    let first = !deltaLink;
    for (let page = 0; page < 10_000; page++) {
      const path: string = first ? `${this.user}/mailFolders/${folder}/messages/delta` : next!;
      // The delta/next links carry every query option; only the first round names them.
      const isFirst = first;
      const raw: unknown = await this.graph.call(op, path, (r) => (isFirst ? r.select(select) : r).get(), { prefer: ['odata.maxpagesize=50'] });
      first = false;
      const pageBody = collection.parse(raw);
      for (const item of pageBody.value) {
        const it = deltaItem.parse(item);
        if (it['@removed'] !== undefined) {
          removed.add(it.id);
          changed.delete(it.id);
        } else {
          changed.add(it.id);
          removed.delete(it.id);
          if (it.receivedDateTime) receivedAt[it.id] = it.receivedDateTime;
          if (it.conversationId) conversationIds[it.id] = it.conversationId;
          // Updates may carry only the changed properties: merge, never treat a missing one as cleared.
          const st = { ...states[it.id], ...(it.categories ? { categories: it.categories } : {}), ...(it.flag?.flagStatus ? { flagStatus: it.flag.flagStatus } : {}) };
          if (Object.keys(st).length) states[it.id] = st;
        }
      }
      if (pageBody['@odata.deltaLink']) {
        const out: DeltaPage = { changed: [...changed], removed: [...removed], deltaLink: pageBody['@odata.deltaLink'], receivedAt, states };
        if (Object.keys(conversationIds).length) out.conversationIds = conversationIds;
        return out;
      }
      if (!pageBody['@odata.nextLink']) throw new AppError('upstream', 'graph: delta page without nextLink or deltaLink', { service: 'graph' });
      next = pageBody['@odata.nextLink'];
    }
    throw new AppError('upstream', 'graph: delta round did not end after 10000 pages', { service: 'graph' });
  }

  async getMessageState(id: string, opts: { text?: boolean } = {}): Promise<MessageState | null> {
    let raw: unknown;
    try {
      raw = await this.graph.call('messageState', this.msg(id), (r) => r.select(this.stateFields(opts.text)).get());
    } catch (err) {
      if (err instanceof AppError && err.kind === 'not-found') return null;
      throw err;
    }
    return this.toState(raw, opts.text ?? false);
  }

  async findSentInConversation(conversationId: string, opts: { text?: boolean } = {}): Promise<MessageState[]> {
    const path = `${this.user}/mailFolders/sentitems/messages`;
    // No $orderby: Graph restricts $filter + $orderby combinations; a conversation is small.
    const raw: unknown = await this.graph.call('findSent', path, (r) =>
      r.filter(`conversationId eq ${odataString(conversationId)}`).select(this.stateFields(opts.text)).top(50).get(),
    );
    const states = await Promise.all(collection.parse(raw).value.map((v) => this.toState(v, opts.text ?? false)));
    const at = (m: MessageState): number => Date.parse(m.sentAt ?? m.receivedAt ?? '') || 0;
    return states.sort((a, b) => at(b) - at(a));
  }

  async completeAndMarkRead(id: string): Promise<{ changeKey: string | null }> {
    const raw: unknown = await this.graph.call('completeFlag', this.msg(id), (r) => r.patch({ flag: { flagStatus: 'complete' }, isRead: true }));
    return { changeKey: changeKeyOnly.parse(raw ?? {}).changeKey ?? null };
  }

  async clearFlag(id: string): Promise<void> {
    await this.graph.call('clearFlag', this.msg(id), (r) => r.patch({ flag: { flagStatus: 'notFlagged' } }));
  }

  async moveToInbox(id: string): Promise<void> {
    await this.graph.call('moveToInbox', `${this.msg(id)}/move`, (r) => r.post({ destinationId: 'inbox' }));
  }

  async moveToJunk(id: string): Promise<{ changeKey: string | null }> {
    const raw: unknown = await this.graph.call('moveToJunk', `${this.msg(id)}/move`, (r) => r.post({ destinationId: 'junkemail' }));
    return { changeKey: changeKeyOnly.parse(raw ?? {}).changeKey ?? null };
  }

  async deleteDraftIfUnsent(draftId: string): Promise<DraftDeletion> {
    const draft = await this.isDraft(draftId);
    if (draft === null) return 'missing';
    if (!draft) return 'not-a-draft';
    try {
      await this.graph.call('deleteDraft', this.msg(draftId), (r) => r.delete());
      return 'deleted';
    } catch (err) {
      if (err instanceof AppError && err.kind === 'not-found') return 'missing';
      throw err;
    }
  }
}
