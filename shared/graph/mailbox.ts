// The Mailbox port on Microsoft Graph: the shared support mailbox's messages, categories, reply
// drafts and Inbox delta. Every call asks for immutable ids, selects only what the pipeline reads,
// and goes through one request policy (timeouts, 429-aware retries, ≤4 concurrent calls).
import { z } from 'zod';
import type { Address, OutlookCategory } from '../domain.js';
import { AppError } from '../errors.js';
import { createLogger } from '../log.js';
import { htmlToPlain } from '../mail/parse.js';
import type { DeltaPage, Mailbox, MailboxMessage } from '../ports.js';
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

  private msg(id: string): string {
    return `${this.user}/messages/${encodeURIComponent(id)}`;
  }

  async getMessage(id: string): Promise<MailboxMessage> {
    const raw: unknown = await this.graph.call('message', this.msg(id), (r) => r.select(MESSAGE_FIELDS).get());
    return toMailboxMessage(graphMessage.parse(raw));
  }

  async setCategories(id: string, categories: string[]): Promise<void> {
    await this.graph.call('categories', this.msg(id), (r) => r.patch({ categories }));
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

  async inboxDelta(deltaLink: string | null): Promise<DeltaPage> {
    const changed = new Set<string>();
    const removed = new Set<string>();
    const receivedAt: Record<string, string> = {};
    let next: string | undefined = deltaLink ?? undefined;
    let first = !deltaLink;
    for (let page = 0; page < 10_000; page++) {
      const path: string = first ? `${this.user}/mailFolders/inbox/messages/delta` : next!;
      // The delta/next links carry every query option; only the first round names them.
      const isFirst = first;
      const raw: unknown = await this.graph.call('inboxDelta', path, (r) => (isFirst ? r.select('id,receivedDateTime') : r).get(), { prefer: ['odata.maxpagesize=50'] });
      first = false;
      const pageBody = collection.parse(raw);
      for (const item of pageBody.value) {
        const it = z.object({ id: z.string(), receivedDateTime: z.string().nullish(), '@removed': z.unknown().optional() }).parse(item);
        if (it['@removed'] !== undefined) {
          removed.add(it.id);
          changed.delete(it.id);
        } else {
          changed.add(it.id);
          if (it.receivedDateTime) receivedAt[it.id] = it.receivedDateTime;
        }
      }
      if (pageBody['@odata.deltaLink']) return { changed: [...changed], removed: [...removed], deltaLink: pageBody['@odata.deltaLink'], receivedAt };
      if (!pageBody['@odata.nextLink']) throw new AppError('upstream', 'graph: delta page without nextLink or deltaLink', { service: 'graph' });
      next = pageBody['@odata.nextLink'];
    }
    throw new AppError('upstream', 'graph: delta round did not end after 10000 pages', { service: 'graph' });
  }
}
