// An in-memory Mailbox with Graph's observable behaviour: Inbox, Drafts and Sent Items; replies
// share the conversation and carry In-Reply-To; categories replace the whole list; delta rounds
// with links that can expire (syncStateNotFound). Counts calls per operation.
import type { Address } from '../domain.js';
import { AppError } from '../errors.js';
import type { DeltaPage, Mailbox, MailboxMessage } from '../ports.js';

export type Folder = 'inbox' | 'drafts' | 'sentitems' | 'junkemail';

export interface StoredMessage extends MailboxMessage {
  folder: Folder;
  flagStatus?: 'notFlagged' | 'flagged' | 'complete';
  isRead?: boolean;
  inReplyTo?: string;
  htmlBody?: string;
  createdAt: string;
}

export class FakeMailbox implements Mailbox {
  readonly messages = new Map<string, StoredMessage>();
  readonly masterCategories = new Set<string>();
  readonly calls: Record<string, number> = {};
  private seq = 0;
  /** Inbox change log for delta: [sequence, id, removed]. */
  private changes: { seq: number; id: string; removed: boolean }[] = [];
  private deltaEpoch = 0;

  constructor(readonly address = 'support@studyflash.test') {}

  private count(op: string): void {
    this.calls[op] = (this.calls[op] ?? 0) + 1;
  }

  /** Total calls (a stand-in for Graph requests). */
  get totalCalls(): number {
    return Object.values(this.calls).reduce((a, b) => a + b, 0);
  }

  /** Puts a customer mail into the Inbox, like the SMTP intake would. Returns its id. */
  deliver(mail: Partial<MailboxMessage> & { from: Address; subject?: string; text?: string }): string {
    const n = ++this.seq;
    const id = mail.messageId ?? `AAMkMSG${n}`;
    const internetMessageId = mail.internetMessageId ?? `<m${n}@customer.test>`;
    this.messages.set(id, {
      subject: '',
      text: '',
      categories: [],
      isDraft: false,
      ...mail,
      messageId: id,
      internetMessageId,
      conversationId: mail.conversationId ?? `CONV${n}`,
      receivedAt: mail.receivedAt ?? new Date(Date.UTC(2026, 10, 25, 9, 0, n)).toISOString(),
      folder: 'inbox',
      createdAt: new Date().toISOString(),
    });
    this.changes.push({ seq: n, id, removed: false });
    return id;
  }

  private find(id: string): StoredMessage {
    const m = this.messages.get(id);
    if (!m) throw new AppError('not-found', `graph: 404 ErrorItemNotFound The specified object was not found in the store.`, { service: 'graph', status: 404, code: 'ErrorItemNotFound' });
    return m;
  }

  drafts(): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.folder === 'drafts');
  }

  async getMessage(id: string): Promise<MailboxMessage> {
    this.count('getMessage');
    const { folder: _f, inReplyTo: _i, htmlBody: _h, createdAt: _c, flagStatus: _s, isRead: _r, ...m } = structuredClone(this.find(id));
    return m;
  }

  async setCategories(id: string, categories: string[]): Promise<void> {
    this.count('setCategories');
    this.find(id).categories = [...categories];
  }

  async completeMessage(id: string): Promise<void> {
    this.count('completeMessage');
    const m = this.find(id);
    m.flagStatus = 'complete';
    m.isRead = true;
  }

  async moveToJunk(id: string): Promise<void> {
    this.count('moveToJunk');
    this.find(id).folder = 'junkemail';
  }

  async ensureMasterCategories(names: readonly string[]): Promise<void> {
    this.count('ensureMasterCategories');
    for (const n of names) this.masterCategories.add(n);
  }

  async findReplyDraft(conversationId: string, inReplyToInternetMessageId: string): Promise<string | null> {
    this.count('findReplyDraft');
    const d = this.drafts().find((m) => m.conversationId === conversationId && m.inReplyTo === inReplyToInternetMessageId);
    return d?.messageId ?? null;
  }

  async createReplyDraft(messageId: string, htmlBody: string, opts: { to?: Address[] } = {}): Promise<string> {
    this.count('createReplyDraft');
    const original = this.find(messageId);
    const n = ++this.seq;
    const id = `AAMkDRAFT${n}`;
    this.messages.set(id, {
      messageId: id,
      internetMessageId: `<draft${n}@studyflash.test>`,
      conversationId: original.conversationId,
      from: { address: this.address },
      to: opts.to ?? original.replyTo ?? [original.from],
      subject: `RE: ${original.subject}`,
      text: htmlBody.replace(/<[^>]*>/g, ''),
      htmlBody,
      categories: [],
      isDraft: true,
      folder: 'drafts',
      inReplyTo: original.internetMessageId,
      createdAt: new Date().toISOString(),
    });
    return id;
  }

  async updateDraft(draftId: string, htmlBody: string): Promise<void> {
    this.count('updateDraft');
    const d = this.find(draftId);
    if (!d.isDraft) throw new AppError('invalid-input', 'graph: 400 ErrorInvalidRequest the message is not a draft', { service: 'graph', status: 400 });
    d.htmlBody = htmlBody;
  }

  async deleteDraft(draftId: string): Promise<void> {
    this.count('deleteDraft');
    const d = this.messages.get(draftId);
    if (d && d.isDraft) this.messages.delete(draftId);
  }

  async sendDraft(draftId: string): Promise<void> {
    this.count('sendDraft');
    const d = this.find(draftId);
    // Graph refuses to send what is no longer a draft (400 ErrorInvalidOperation).
    if (!d.isDraft) throw new AppError('invalid-input', 'graph: 400 ErrorInvalidOperation only draft messages can be sent', { service: 'graph', status: 400 });
    d.isDraft = false;
    d.folder = 'sentitems';
  }

  async isDraft(id: string): Promise<boolean | null> {
    this.count('isDraft');
    return this.messages.get(id)?.isDraft ?? null;
  }

  /** Makes every delta link handed out so far invalid (Graph: 410 / syncStateNotFound). */
  expireDeltaLinks(): void {
    this.deltaEpoch++;
  }

  async inboxDelta(deltaLink: string | null): Promise<DeltaPage> {
    this.count('inboxDelta');
    let since = 0;
    if (deltaLink) {
      const m = /^fake-delta:(\d+):(\d+)$/.exec(deltaLink);
      if (!m || Number(m[1]) !== this.deltaEpoch) {
        throw new AppError('not-found', 'graph: 410 syncStateNotFound The sync state is no longer valid', { service: 'graph', status: 410, code: 'syncStateNotFound' });
      }
      since = Number(m[2]);
    }
    const latest = new Map<string, boolean>();
    for (const c of this.changes) if (c.seq > since) latest.set(c.id, c.removed);
    const changed = [...latest].filter(([, removed]) => !removed).map(([id]) => id);
    const receivedAt: Record<string, string> = {};
    for (const id of changed) {
      const r = this.messages.get(id)?.receivedAt;
      if (r) receivedAt[id] = r;
    }
    return {
      changed,
      removed: [...latest].filter(([, removed]) => removed).map(([id]) => id),
      deltaLink: `fake-delta:${this.deltaEpoch}:${this.seq}`,
      receivedAt,
    };
  }
}
