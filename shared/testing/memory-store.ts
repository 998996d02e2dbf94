// In-memory TicketStore with the table store's semantics: deep copies in and out, ETags that
// change on every write, ConcurrencyError on a stale update or a duplicate insert.
import type { Ticket, TicketStatus } from '../domain.js';
import { AppError } from '../errors.js';
import { ConcurrencyError, type MessageRecord, type TicketStore } from '../ports.js';

export class InMemoryTicketStore implements TicketStore {
  readonly tickets = new Map<string, Ticket>();
  readonly records = new Map<string, MessageRecord>();
  readonly state = new Map<string, string>();
  private version = 0;
  /** Every write, in order (for assertions like "one ticket created"). */
  readonly writes: { op: 'create' | 'update'; id: string }[] = [];

  private nextEtag(): string {
    return `W/"${++this.version}"`;
  }

  async get(id: string): Promise<Ticket | null> {
    const t = this.tickets.get(id);
    return t ? structuredClone(t) : null;
  }

  async findByConversation(conversationId: string): Promise<Ticket | null> {
    for (const t of this.tickets.values()) if (t.conversationId === conversationId) return structuredClone(t);
    return null;
  }

  async findByMessage(messageId: string): Promise<Ticket | null> {
    for (const t of this.tickets.values()) if (t.messageId === messageId || t.messageIds.includes(messageId)) return structuredClone(t);
    return null;
  }

  async list(filter: { statuses?: readonly TicketStatus[] } = {}): Promise<Ticket[]> {
    return [...this.tickets.values()]
      .filter((t) => !filter.statuses || filter.statuses.includes(t.status))
      .map((t) => structuredClone(t))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async loadByAssignee(statuses: readonly TicketStatus[]): Promise<Map<string, number>> {
    const load = new Map<string, number>();
    for (const t of this.tickets.values()) {
      if (!t.assignee || !statuses.includes(t.status)) continue;
      load.set(t.assignee.aadObjectId, (load.get(t.assignee.aadObjectId) ?? 0) + 1);
    }
    return load;
  }

  async create(ticket: Ticket): Promise<Ticket> {
    if (this.tickets.has(ticket.id)) throw new ConcurrencyError(`ticket ${ticket.id} already exists`);
    const stored = { ...structuredClone(ticket), etag: this.nextEtag() };
    this.tickets.set(ticket.id, stored);
    this.writes.push({ op: 'create', id: ticket.id });
    return structuredClone(stored);
  }

  async update(ticket: Ticket): Promise<Ticket> {
    if (!ticket.etag) throw new AppError('invalid-input', `ticket ${ticket.id}: update needs the etag it was read with`);
    const current = this.tickets.get(ticket.id);
    if (!current || current.etag !== ticket.etag) throw new ConcurrencyError(`ticket ${ticket.id} changed since it was read`);
    const stored = { ...structuredClone(ticket), etag: this.nextEtag() };
    this.tickets.set(ticket.id, stored);
    this.writes.push({ op: 'update', id: ticket.id });
    return structuredClone(stored);
  }

  async getMessageRecord(messageId: string): Promise<MessageRecord | null> {
    const r = this.records.get(messageId);
    return r ? structuredClone(r) : null;
  }

  async putMessageRecord(record: MessageRecord): Promise<void> {
    this.records.set(record.messageId, structuredClone(record));
  }

  async getState<T>(key: string): Promise<T | null> {
    const v = this.state.get(key);
    return v === undefined ? null : (JSON.parse(v) as T);
  }

  async putState<T>(key: string, value: T): Promise<void> {
    this.state.set(key, JSON.stringify(value));
  }

  private readonly versioned = new Map<string, { json: string; etag: string }>();

  async getVersioned<T>(key: string): Promise<{ value: T; etag: string } | null> {
    const v = this.versioned.get(key);
    return v ? { value: JSON.parse(v.json) as T, etag: v.etag } : null;
  }

  async putVersioned<T>(key: string, value: T, etag: string | null): Promise<string> {
    const current = this.versioned.get(key);
    if (etag === null ? current !== undefined : current?.etag !== etag) throw new ConcurrencyError(`state ${key} changed since it was read`);
    const next = this.nextEtag();
    this.versioned.set(key, { json: JSON.stringify(value), etag: next });
    return next;
  }
}
