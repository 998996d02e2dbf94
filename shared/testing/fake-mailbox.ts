// An in-memory Mailbox with Graph's observable behaviour: Inbox, Drafts, Sent Items, Junk Email and
// Deleted Items; replies share the conversation and carry In-Reply-To; categories replace the whole
// list; every change bumps the changeKey and shows in its folder's delta (a move or delete is an
// @removed in the folder it left); delta links can expire (syncStateNotFound); a delete moves to
// Deleted Items. Outlook-side actions (`outlook*`) change the mailbox as an agent in Outlook would.
// Counts calls per operation.
import type { Address } from '../domain.js';
import { AppError } from '../errors.js';
import type { DeltaPage, DraftDeletion, MailFolder, Mailbox, MailboxMessage, MessageFlag, MessageState } from '../ports.js';

export type Folder = MailFolder;

export interface StoredMessage extends MailboxMessage {
  folder: Folder;
  inReplyTo?: string;
  htmlBody?: string;
  createdAt: string;
  flag: MessageFlag;
  isRead: boolean;
  changeKey: string;
  sentAt?: string;
}

/** Folder ids as the fake reports them in parentFolderId. */
export const FAKE_FOLDER_IDS: Record<Folder, string> = {
  inbox: 'FOLDER-inbox', drafts: 'FOLDER-drafts', sentitems: 'FOLDER-sentitems', junkemail: 'FOLDER-junkemail', deleteditems: 'FOLDER-deleteditems',
};

const notFound = (): AppError => new AppError('not-found', `graph: 404 ErrorItemNotFound The specified object was not found in the store.`, { service: 'graph', status: 404, code: 'ErrorItemNotFound' });

export class FakeMailbox implements Mailbox {
  readonly messages = new Map<string, StoredMessage>();
  readonly masterCategories = new Set<string>();
  readonly calls: Record<string, number> = {};
  private seq = 0;
  /** Change log for delta, per folder: [sequence, folder, id, removed]. */
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

  /** A new version of the message: new changeKey, and it shows in its folder's next delta round. */
  private touch(m: StoredMessage): void {
    const n = ++this.seq;
    m.changeKey = `CK${n}`;
    this.changes.push({ seq: n, folder: m.folder, id: m.messageId, removed: false });
  }

  /** Graph's move: an @removed in the folder it leaves, a new entry in the one it enters. */
  private move(m: StoredMessage, to: Folder): void {
    if (m.folder === to) return this.touch(m);
    this.changes.push({ seq: ++this.seq, folder: m.folder, id: m.messageId, removed: true });
    m.folder = to;
    this.touch(m);
  }

  /** Puts a customer mail into the Inbox, like the SMTP intake would (again for a known id: a change). Returns its id. */
  deliver(mail: Partial<MailboxMessage> & { from: Address; subject?: string; text?: string }): string {
    const n = this.seq + 1;
    const id = mail.messageId ?? `AAMkMSG${n}`;
    const internetMessageId = mail.internetMessageId ?? `<m${n}@customer.test>`;
    const m: StoredMessage = {
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
      flag: { status: 'notFlagged' },
      isRead: false,
      changeKey: '',
    };
    this.messages.set(id, m);
    this.touch(m);
    return id;
  }

  private find(id: string): StoredMessage {
    const m = this.messages.get(id);
    if (!m) throw notFound();
    return m;
  }

  drafts(): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.folder === 'drafts');
  }

  inFolder(folder: Folder): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.folder === folder);
  }

  async getMessage(id: string): Promise<MailboxMessage> {
    this.count('getMessage');
    const { folder: _f, inReplyTo: _i, htmlBody: _h, createdAt: _c, flag: _fl, isRead: _r, changeKey: _k, sentAt: _s, ...m } = structuredClone(this.find(id));
    return { ...m, parentFolderId: FAKE_FOLDER_IDS[this.find(id).folder] };
  }

  async setCategories(id: string, categories: string[]): Promise<string | null> {
    this.count('setCategories');
    const m = this.find(id);
    m.categories = [...new Set(categories)];
    this.touch(m);
    return `W/"${m.changeKey}"`;
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
    return this.newReplyDraft(messageId, htmlBody, opts.to);
  }

  private newReplyDraft(messageId: string, htmlBody: string, to?: Address[]): string {
    const original = this.find(messageId);
    const n = this.seq + 1;
    const id = `AAMkDRAFT${n}`;
    const d: StoredMessage = {
      messageId: id,
      internetMessageId: `<draft${n}@studyflash.test>`,
      conversationId: original.conversationId,
      from: { address: this.address },
      to: to ?? original.replyTo ?? [original.from],
      subject: /^re:/i.test(original.subject) ? original.subject : `RE: ${original.subject}`,
      text: htmlBody.replace(/<br\s*\/?>|<\/p>/gi, '\n').replace(/<[^>]*>/g, ''),
      htmlBody,
      categories: [],
      isDraft: true,
      folder: 'drafts',
      inReplyTo: original.internetMessageId,
      createdAt: new Date().toISOString(),
      flag: { status: 'notFlagged' },
      isRead: true,
      changeKey: '',
    };
    this.messages.set(id, d);
    this.touch(d);
    return id;
  }

  async updateDraft(draftId: string, htmlBody: string): Promise<void> {
    this.count('updateDraft');
    const d = this.find(draftId);
    if (!d.isDraft) throw new AppError('invalid-input', 'graph: 400 ErrorInvalidRequest the message is not a draft', { service: 'graph', status: 400 });
    d.htmlBody = htmlBody;
    d.text = htmlBody.replace(/<br\s*\/?>|<\/p>/gi, '\n').replace(/<[^>]*>/g, '');
    this.touch(d);
  }

  /** Like Graph's DELETE: to Deleted Items, and from there for good; a missing draft is fine. */
  async deleteDraft(draftId: string): Promise<void> {
    this.count('deleteDraft');
    const d = this.messages.get(draftId);
    if (d) this.remove(d);
  }

  private remove(m: StoredMessage): void {
    if (m.folder !== 'deleteditems') return this.move(m, 'deleteditems');
    this.messages.delete(m.messageId);
    this.changes.push({ seq: ++this.seq, folder: m.folder, id: m.messageId, removed: true });
  }

  private submit(d: StoredMessage): void {
    // Graph refuses to send what is no longer a draft (400 ErrorInvalidOperation).
    if (!d.isDraft) throw new AppError('invalid-input', 'graph: 400 ErrorInvalidOperation only draft messages can be sent', { service: 'graph', status: 400 });
    d.isDraft = false;
    d.sentAt = new Date().toISOString();
    d.receivedAt = d.sentAt;
    this.move(d, 'sentitems');
  }

  async sendDraft(draftId: string): Promise<void> {
    this.count('sendDraft');
    this.submit(this.find(draftId));
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
    return this.delta('inbox', 'fake-delta', deltaLink);
  }

  async sentItemsDelta(deltaLink: string | null): Promise<DeltaPage> {
    this.count('sentItemsDelta');
    return this.delta('sentitems', 'fake-delta-sentitems', deltaLink);
  }

  private delta(folder: Folder, prefix: string, deltaLink: string | null): DeltaPage {
    let since = 0;
    if (deltaLink) {
      const m = new RegExp(`^${prefix}:(\\d+):(\\d+)$`).exec(deltaLink);
      if (!m || Number(m[1]) !== this.deltaEpoch) {
        throw new AppError('not-found', 'graph: 410 syncStateNotFound The sync state is no longer valid', { service: 'graph', status: 410, code: 'syncStateNotFound' });
      }
      since = Number(m[2]);
    }
    const latest = new Map<string, boolean>();
    for (const c of this.changes) if (c.seq > since && c.folder === folder) latest.set(c.id, c.removed);
    // A first round lists what is in the folder now; it has nothing to remove.
    const changed = [...latest].filter(([id, removed]) => !removed && this.messages.get(id)?.folder === folder).map(([id]) => id);
    const removed = deltaLink ? [...latest].filter(([id, r]) => r && this.messages.get(id)?.folder !== folder).map(([id]) => id) : [];
    const receivedAt: Record<string, string> = {};
    const conversationIds: Record<string, string> = {};
    const states: NonNullable<DeltaPage['states']> = {};
    for (const id of changed) {
      const m = this.messages.get(id)!;
      if (m.receivedAt) receivedAt[id] = m.receivedAt;
      states[id] = { categories: [...m.categories], flagStatus: m.flag.status };
      if (folder === 'sentitems' && m.conversationId) conversationIds[id] = m.conversationId;
    }
    const page: DeltaPage = { changed, removed, deltaLink: `${prefix}:${this.deltaEpoch}:${this.seq}`, receivedAt, states };
    if (Object.keys(conversationIds).length) page.conversationIds = conversationIds;
    return page;
  }

  private state(m: StoredMessage, withText: boolean): MessageState {
    const s: MessageState = {
      messageId: m.messageId,
      conversationId: m.conversationId,
      internetMessageId: m.internetMessageId,
      categories: [...m.categories],
      flag: { ...m.flag },
      isRead: m.isRead,
      isDraft: m.isDraft,
      folder: m.folder,
      parentFolderId: FAKE_FOLDER_IDS[m.folder],
      changeKey: m.changeKey,
      receivedAt: m.receivedAt,
      sentAt: m.sentAt,
    };
    if (withText) s.text = m.uniqueText ?? m.text;
    return s;
  }

  async getMessageState(id: string, opts: { text?: boolean } = {}): Promise<MessageState | null> {
    this.count('getMessageState');
    const m = this.messages.get(id);
    return m ? this.state(m, opts.text ?? false) : null;
  }

  async findSentInConversation(conversationId: string, opts: { text?: boolean } = {}): Promise<MessageState[]> {
    this.count('findSentInConversation');
    const at = (m: StoredMessage): number => Date.parse(m.sentAt ?? m.receivedAt ?? '') || 0;
    return this.inFolder('sentitems').filter((m) => m.conversationId === conversationId).sort((a, b) => at(b) - at(a)).map((m) => this.state(m, opts.text ?? false));
  }

  async completeAndMarkRead(id: string): Promise<{ changeKey: string | null }> {
    this.count('completeAndMarkRead');
    const m = this.find(id);
    m.flag = { status: 'complete', completedAt: new Date().toISOString() };
    m.isRead = true;
    this.touch(m);
    return { changeKey: m.changeKey };
  }

  async clearFlag(id: string): Promise<void> {
    this.count('clearFlag');
    const m = this.find(id);
    m.flag = { status: 'notFlagged' };
    this.touch(m);
  }

  async moveToInbox(id: string): Promise<void> {
    this.count('moveToInbox');
    this.move(this.find(id), 'inbox');
  }

  async moveToJunk(id: string): Promise<{ changeKey: string | null }> {
    this.count('moveToJunk');
    const m = this.find(id);
    this.move(m, 'junkemail');
    return { changeKey: m.changeKey };
  }

  async deleteDraftIfUnsent(draftId: string): Promise<DraftDeletion> {
    this.count('deleteDraftIfUnsent');
    const d = this.messages.get(draftId);
    if (!d) return 'missing';
    if (!d.isDraft) return 'not-a-draft';
    this.remove(d);
    return 'deleted';
  }

  // ----- what an agent does in Outlook (not counted: these are not the app's calls) -----

  /** The agent sends the draft from Outlook, optionally after editing its text. */
  outlookSendDraft(draftId: string, editedHtml?: string): void {
    const d = this.find(draftId);
    if (editedHtml !== undefined) {
      d.htmlBody = editedHtml;
      d.text = editedHtml.replace(/<br\s*\/?>|<\/p>/gi, '\n').replace(/<[^>]*>/g, '');
    }
    this.submit(d);
  }

  /** The agent writes their own reply in Outlook and sends it; returns its id (in Sent Items). */
  outlookReply(messageId: string, text: string): string {
    const id = this.newReplyDraft(messageId, `<p>${text}</p>`);
    this.submit(this.find(id));
    return id;
  }

  outlookSetCategories(id: string, categories: string[]): void {
    const m = this.find(id);
    m.categories = [...new Set(categories)];
    this.touch(m);
  }

  outlookFlag(id: string, status: MessageFlag['status']): void {
    const m = this.find(id);
    m.flag = status === 'complete' ? { status, completedAt: new Date().toISOString() } : { status };
    this.touch(m);
  }

  outlookMarkRead(id: string, isRead = true): void {
    const m = this.find(id);
    m.isRead = isRead;
    this.touch(m);
  }

  outlookMove(id: string, folder: Folder): void {
    this.move(this.find(id), folder);
  }

  outlookDelete(id: string): void {
    this.remove(this.find(id));
  }
}
