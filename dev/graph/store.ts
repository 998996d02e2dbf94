// The mailbox's state: folders, messages (with their Exchange-like ids), master categories, the
// change sequence that delta queries read, conversation threading by Message-ID, and change events
// that subscriptions listen to. Pure in-memory; nothing here knows about HTTP.
import { randomUUID } from 'node:crypto';
import { GraphError, itemNotFound } from './errors.js';
import { changeKey, folderId, graphDate, immutableId, newMessageKey, parseMessageId, restId, type MessageKey } from './ids.js';

// The order is part of the REST id format (the folder index is encoded in it): append, never reorder.
export const WELL_KNOWN_FOLDERS = ['inbox', 'drafts', 'sentitems', 'deleteditems', 'junkemail'] as const;
export type WellKnownFolder = (typeof WELL_KNOWN_FOLDERS)[number];
const DISPLAY_NAMES: Record<WellKnownFolder, string> = { inbox: 'Inbox', drafts: 'Drafts', sentitems: 'Sent Items', deleteditems: 'Deleted Items', junkemail: 'Junk Email' };
/** Outlook's folder pane order. */
export const FOLDER_ORDER: readonly WellKnownFolder[] = ['inbox', 'drafts', 'sentitems', 'junkemail', 'deleteditems'];

export interface EmailAddress { name: string; address: string }
export interface Recipient { emailAddress: EmailAddress }
export interface ItemBody { contentType: 'html' | 'text'; content: string }
export interface Header { name: string; value: string }
export interface Attachment { id: string; name: string; contentType: string; size: number; isInline: boolean; contentId: string | null; content: Buffer }
/** Graph's dateTimeTimeZone (the mock always answers in UTC). */
export interface DateTimeTimeZone { dateTime: string; timeZone: string }
/** Graph's followupFlag: the dates are present only when set. */
export interface Flag {
  flagStatus: 'notFlagged' | 'flagged' | 'complete';
  completedDateTime?: DateTimeTimeZone;
  dueDateTime?: DateTimeTimeZone;
  startDateTime?: DateTimeTimeZone;
}

export interface MessageRecord {
  key: MessageKey;
  folder: WellKnownFolder;
  createdDateTime: string;
  lastModifiedDateTime: string;
  receivedDateTime: string;
  sentDateTime: string | null;
  changeKey: string;
  internetMessageId: string;
  conversationId: string;
  conversationIndex: string;
  subject: string;
  body: ItemBody;
  /** Only inbound mail has a distinct unique part; for our own mail it is the body. */
  uniqueBody: ItemBody | null;
  from: Recipient | null;
  sender: Recipient | null;
  toRecipients: Recipient[];
  ccRecipients: Recipient[];
  bccRecipients: Recipient[];
  replyTo: Recipient[];
  categories: string[];
  isRead: boolean;
  isDraft: boolean;
  importance: 'low' | 'normal' | 'high';
  flag: Flag;
  inferenceClassification: 'focused' | 'other';
  /** Headers as received (inbound) or as composed at send; drafts compute theirs on demand. */
  internetMessageHeaders: Header[] | null;
  inReplyTo: string | null;
  references: string[];
  attachments: Attachment[];
  /** The RFC 5322 bytes as received (inbound) or as sent; drafts are composed on demand. */
  raw: Buffer | null;
  seq: number;
  /** Sequence number at which the message entered its current folder (delta "created"). */
  enteredSeq: number;
}

export interface MasterCategory { id: string; displayName: string; color: string }

export type ChangeType = 'created' | 'updated' | 'deleted';
export interface StoreEvent { type: ChangeType; folder: WellKnownFolder; message: MessageRecord; moved?: boolean }

export interface ThreadInfo { conversationId: string; conversationIndex: string }

interface Removal { key: MessageKey; seq: number }

export interface StoreOptions { address: string; displayName: string; userGuid: string }

// Outlook's six default colour categories, present in every new mailbox.
const DEFAULT_CATEGORIES: ReadonlyArray<[string, string]> = [
  ['Red category', 'preset0'], ['Orange category', 'preset1'], ['Yellow category', 'preset3'],
  ['Green category', 'preset4'], ['Blue category', 'preset7'], ['Purple category', 'preset8'],
];

export function normalizeMessageId(id: string): string {
  return id.trim().replace(/^<|>$/g, '').toLowerCase();
}

export class MailboxStore {
  readonly address: string;
  readonly displayName: string;
  readonly userGuid: string;
  /** Bumped to invalidate every outstanding delta token (sync state lost). */
  epoch = randomUUID().slice(0, 8);
  private seqCounter = 0;
  private readonly messages = new Map<MessageKey, MessageRecord>();
  private readonly removals = new Map<WellKnownFolder, Removal[]>(WELL_KNOWN_FOLDERS.map((f) => [f, []]));
  // Message-ID → thread position; outlives deleted messages so later replies still thread.
  private readonly threads = new Map<string, ThreadInfo>();
  private readonly listeners: Array<(e: StoreEvent) => void> = [];
  readonly masterCategories: MasterCategory[];

  constructor(opts: StoreOptions) {
    this.address = opts.address;
    this.displayName = opts.displayName;
    this.userGuid = opts.userGuid;
    this.masterCategories = DEFAULT_CATEGORIES.map(([displayName, color]) => ({ id: randomUUID(), displayName, color }));
  }

  // ----- users and folders -----
  /** Whether a users/{x} segment names this mailbox (GUID or UPN, case-insensitive). */
  isMailbox(idOrUpn: string): boolean {
    const v = idOrUpn.toLowerCase();
    return v === this.address.toLowerCase() || v === this.userGuid.toLowerCase();
  }

  folderId(folder: WellKnownFolder): string {
    return folderId(this.userGuid, folder);
  }

  folderDisplayName(folder: WellKnownFolder): string {
    return DISPLAY_NAMES[folder];
  }

  resolveFolder(idOrName: string): WellKnownFolder {
    const lower = idOrName.toLowerCase();
    for (const f of WELL_KNOWN_FOLDERS) {
      if (f === lower || DISPLAY_NAMES[f].toLowerCase() === lower || this.folderId(f) === idOrName) return f;
    }
    throw new GraphError(404, 'ErrorInvalidIdMalformed', 'Id is malformed.');
  }

  // ----- messages -----
  get seq(): number {
    return this.seqCounter;
  }

  idOf(m: MessageRecord, immutable: boolean): string {
    return immutable ? immutableId(m.key) : restId(m.key, WELL_KNOWN_FOLDERS.indexOf(m.folder));
  }

  /** Finds a message by either id form; a REST id of a message that has since moved is not found. */
  find(id: string): MessageRecord | undefined {
    const parsed = parseMessageId(id);
    if (!parsed) return undefined;
    const m = this.messages.get(parsed.key);
    if (!m) return undefined;
    if (parsed.folderIndex !== undefined && WELL_KNOWN_FOLDERS[parsed.folderIndex] !== m.folder) return undefined;
    return m;
  }

  get(id: string): MessageRecord {
    const m = this.find(id);
    if (!m) {
      if (!parseMessageId(id)) throw new GraphError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
      throw itemNotFound();
    }
    return m;
  }

  byKey(key: MessageKey): MessageRecord | undefined {
    return this.messages.get(key);
  }

  list(folder?: WellKnownFolder): MessageRecord[] {
    const all = [...this.messages.values()];
    return folder ? all.filter((m) => m.folder === folder) : all;
  }

  /** Removal entries of a folder with seq in (after, upTo]. */
  removalsIn(folder: WellKnownFolder, after: number, upTo: number): Removal[] {
    return this.removals.get(folder)!.filter((r) => r.seq > after && r.seq <= upTo);
  }

  onChange(listener: (e: StoreEvent) => void): void {
    this.listeners.push(listener);
  }

  private emit(e: StoreEvent): void {
    for (const l of this.listeners) l(e);
  }

  private touch(m: MessageRecord): void {
    m.seq = ++this.seqCounter;
    m.changeKey = changeKey();
    m.lastModifiedDateTime = graphDate();
  }

  insert(fields: Omit<MessageRecord, 'key' | 'seq' | 'enteredSeq' | 'changeKey' | 'createdDateTime' | 'lastModifiedDateTime'>): MessageRecord {
    const now = graphDate();
    const m: MessageRecord = { ...fields, key: newMessageKey(), seq: 0, enteredSeq: 0, changeKey: '', createdDateTime: now, lastModifiedDateTime: now };
    this.touch(m);
    m.enteredSeq = m.seq;
    this.messages.set(m.key, m);
    this.threads.set(normalizeMessageId(m.internetMessageId), { conversationId: m.conversationId, conversationIndex: m.conversationIndex });
    this.emit({ type: 'created', folder: m.folder, message: m });
    return m;
  }

  update(m: MessageRecord, mutate: (m: MessageRecord) => void): MessageRecord {
    const oldId = normalizeMessageId(m.internetMessageId);
    mutate(m);
    const newId = normalizeMessageId(m.internetMessageId);
    if (newId !== oldId) {
      this.threads.delete(oldId);
      this.threads.set(newId, { conversationId: m.conversationId, conversationIndex: m.conversationIndex });
    }
    this.touch(m);
    this.emit({ type: 'updated', folder: m.folder, message: m });
    return m;
  }

  move(m: MessageRecord, to: WellKnownFolder, mutate?: (m: MessageRecord) => void): MessageRecord {
    const from = m.folder;
    mutate?.(m);
    if (from === to) return this.update(m, () => undefined);
    this.removals.get(from)!.push({ key: m.key, seq: ++this.seqCounter });
    this.emit({ type: 'deleted', folder: from, message: m, moved: true });
    m.folder = to;
    this.touch(m);
    m.enteredSeq = m.seq;
    this.emit({ type: 'created', folder: to, message: m, moved: true });
    return m;
  }

  remove(m: MessageRecord): void {
    this.messages.delete(m.key);
    this.removals.get(m.folder)!.push({ key: m.key, seq: ++this.seqCounter });
    this.emit({ type: 'deleted', folder: m.folder, message: m });
  }

  // ----- threading -----
  /** The latest known message among the given Message-IDs (last wins: the direct parent comes last). */
  findThread(messageIds: readonly string[]): ThreadInfo | undefined {
    for (let i = messageIds.length - 1; i >= 0; i--) {
      const t = this.threads.get(normalizeMessageId(messageIds[i]!));
      if (t) return t;
    }
    return undefined;
  }

  // ----- master categories -----
  findCategory(id: string): MasterCategory {
    const c = this.masterCategories.find((x) => x.id === id);
    if (!c) throw new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    return c;
  }

  categoryColor(name: string): string | undefined {
    return this.masterCategories.find((c) => c.displayName.toLowerCase() === name.toLowerCase())?.color;
  }
}
