// An in-memory Mailbox with Graph's observable behaviour: Inbox, Drafts, Sent Items and Junk Email;
// replies share the conversation and carry In-Reply-To; categories replace the whole list; any
// change to a message shows in its folder's delta, a move as a removal from the old folder; delta
// rounds with links that can expire (syncStateNotFound). Counts calls per operation. The
// `outlook*` helpers act as a person in Outlook would (they are not Mailbox calls of the product).
import type { Address } from '../domain.js';
import { AppError } from '../errors.js';
import { htmlToPlain } from '../mail/parse.js';
import type { DeltaPage, Mailbox, MailboxMessage, MessageState } from '../ports.js';

export type Folder = 'inbox' | 'drafts' | 'sentitems' | 'junkemail' | 'deleteditems';

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
  /** Change log for delta, per folder: [sequence, id, removed]. */
  private changes: { seq: number; folder: Folder; id: string; removed: boolean }[] = [];
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
    this.changes.push({ seq: n, folder: 'inbox', id, removed: false });
    return id;
  }

  /** Records a change of `id` in its folder (and its removal from `from`, for a move). */
  private changed(id: string, from?: Folder): void {
    const m = this.messages.get(id);
    const seq = ++this.seq;
    if (from && from !== m?.folder) this.changes.push({ seq, folder: from, id, removed: true });
    if (m) this.changes.push({ seq, folder: m.folder, id, removed: false });
  }

  // ---- a person in Outlook ----

  /** Sends a draft from Outlook, optionally edited first. */
  outlookSendDraft(draftId: string, editedHtml?: string): void {
    const d = this.find(draftId);
    if (editedHtml !== undefined) {
      d.htmlBody = editedHtml;
      d.text = htmlToPlain(editedHtml);
    }
    d.isDraft = false;
    d.folder = 'sentitems';
    this.changed(draftId, 'drafts');
  }

  /** Writes and sends an own reply to `messageId` from Outlook (not from the AI draft). */
  outlookReply(messageId: string, text: string): string {
    const original = this.find(messageId);
    const id = `AAMkSENT${++this.seq}`;
    this.messages.set(id, {
      messageId: id,
      internetMessageId: `<sent${this.seq}@studyflash.test>`,
      conversationId: original.conversationId,
      from: { address: this.address },
      to: [original.from],
      subject: `RE: ${original.subject}`,
      text: `${text}\n\n-----Original Message-----\n${original.text}`,
      categories: [],
      isDraft: false,
      folder: 'sentitems',
      inReplyTo: original.internetMessageId,
      createdAt: new Date().toISOString(),
    });
    this.changed(id);
    return id;
  }

  outlookSetCategories(id: string, categories: string[]): void {
    this.find(id).categories = [...categories];
    this.changed(id);
  }

  outlookFlag(id: string, flagStatus: 'notFlagged' | 'flagged' | 'complete'): void {
    this.find(id).flagStatus = flagStatus;
    this.changed(id);
  }

  outlookRead(id: string): void {
    this.find(id).isRead = true;
    this.changed(id);
  }

  outlookMove(id: string, folder: Folder): void {
    const m = this.find(id);
    const from = m.folder;
    m.folder = folder;
    this.changed(id, from);
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
    this.changed(id);
  }

  async getMessageState(id: string): Promise<MessageState | null> {
    this.count('getMessageState');
    const m = this.messages.get(id);
    if (!m) return null;
    return {
      id,
      ...(m.conversationId ? { conversationId: m.conversationId } : {}),
      categories: [...m.categories],
      flagStatus: m.flagStatus ?? 'notFlagged',
      isRead: m.isRead ?? false,
      isDraft: m.isDraft,
      folder: m.folder,
    };
  }

  async completeMessage(id: string): Promise<void> {
    this.count('completeMessage');
    const m = this.find(id);
    m.flagStatus = 'complete';
    m.isRead = true;
    this.changed(id);
  }

  async clearFlag(id: string): Promise<void> {
    this.count('clearFlag');
    this.find(id).flagStatus = 'notFlagged';
    this.changed(id);
  }

  async moveTo(id: string, folder: 'junkemail' | 'inbox'): Promise<void> {
    this.count('moveTo');
    const m = this.find(id);
    const from = m.folder;
    m.folder = folder;
    this.changed(id, from);
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
      text: htmlToPlain(htmlBody),
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
    if (d && d.isDraft) {
      this.messages.delete(draftId);
      this.changes.push({ seq: ++this.seq, folder: 'drafts', id: draftId, removed: true });
    }
  }

  async sendDraft(draftId: string): Promise<void> {
    this.count('sendDraft');
    const d = this.find(draftId);
    // Graph refuses to send what is no longer a draft (400 ErrorInvalidOperation).
    if (!d.isDraft) throw new AppError('invalid-input', 'graph: 400 ErrorInvalidOperation only draft messages can be sent', { service: 'graph', status: 400 });
    d.isDraft = false;
    d.folder = 'sentitems';
    this.changed(draftId, 'drafts');
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
    return this.delta('inbox', deltaLink);
  }

  async sentItemsDelta(deltaLink: string | null): Promise<DeltaPage> {
    this.count('sentItemsDelta');
    return this.delta('sentitems', deltaLink);
  }

  private delta(folder: Folder, deltaLink: string | null): DeltaPage {
    let since = 0;
    if (deltaLink) {
      const m = /^fake-delta:(\d+):(\d+)$/.exec(deltaLink);
      if (!m || Number(m[1]) !== this.deltaEpoch) {
        throw new AppError('not-found', 'graph: 410 syncStateNotFound The sync state is no longer valid', { service: 'graph', status: 410, code: 'syncStateNotFound' });
      }
      since = Number(m[2]);
    }
    const latest = new Map<string, boolean>();
    for (const c of this.changes) if (c.seq > since && c.folder === folder) latest.set(c.id, c.removed);
    const changed = [...latest].filter(([, removed]) => !removed).map(([id]) => id);
    const receivedAt: Record<string, string> = {};
    const states: NonNullable<DeltaPage['states']> = {};
    for (const id of changed) {
      const m = this.messages.get(id);
      if (m?.receivedAt) receivedAt[id] = m.receivedAt;
      if (m) states[id] = { categories: [...m.categories], flagStatus: m.flagStatus ?? 'notFlagged' };
    }
    return {
      changed,
      removed: [...latest].filter(([, removed]) => removed).map(([id]) => id),
      deltaLink: `fake-delta:${this.deltaEpoch}:${this.seq}`,
      receivedAt,
      states,
    };
  }
}
