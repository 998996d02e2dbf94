// The TicketStore port on Azure Table Storage (Azurite locally): tickets, per-message processing
// records and small app state, each in its own table. Optimistic concurrency with ETags: a stale
// write fails with ConcurrencyError (HTTP 412), an insert of an existing row too (409).
// Azure limits a string property to 64 KiB (32 K UTF-16 chars) and an entity to 1 MiB, so the
// ticket document is trimmed to sane sizes and split over several properties.
import { TableClient, odata, type TableEntity, type TableEntityResult } from '@azure/data-tables';
import type { Ticket, TicketStatus } from '../domain.js';
import { AppError, normalizeError } from '../errors.js';
import { ConcurrencyError, type MessageRecord, type TicketStore } from '../ports.js';
import { upgradeTicket } from '../tickets/ticket.js';

const TICKETS_PK = 'ticket';
const MESSAGES_PK = 'msg';
const STATE_PK = 'state';
/** Characters per document chunk (≤ 32 K UTF-16 chars per property). */
const CHUNK = 30_000;
/** 15 × 30 K chars × 2 bytes ≈ 900 KB: under the 1 MiB entity limit with room for the columns. */
const MAX_CHUNKS = 15;
/** Longest stored text per field; a support mail beyond this is kept in Outlook, not in the ticket. */
export const MAX_TEXT = 20_000;
const TRUNCATED = '\n[… truncated]';

export function truncateText(s: string, max = MAX_TEXT): string {
  return s.length <= max ? s : s.slice(0, max - TRUNCATED.length) + TRUNCATED;
}

/** Bounds every unbounded field so a ticket always fits one entity. */
export function fitTicket(t: Ticket): Ticket {
  return {
    ...t,
    subject: truncateText(t.subject, 2_000),
    summary: truncateText(t.summary, 2_000),
    translatedSubject: truncateText(t.translatedSubject, 2_000),
    translatedBody: truncateText(t.translatedBody),
    latestText: truncateText(t.latestText),
    draft: truncateText(t.draft),
    messageIds: t.messageIds.slice(-200),
    notes: t.notes.slice(-50).map((n) => truncateText(n, 2_000)),
    audit: t.audit.slice(-200),
    timings: t.timings.slice(-60),
    lastError: t.lastError === null ? null : truncateText(t.lastError, 4_000),
    enrichment: t.enrichment && {
      ...t.enrichment,
      errors: t.enrichment.errors?.slice(0, 20),
      recordings: t.enrichment.recordings && { ...t.enrichment.recordings, links: t.enrichment.recordings.links.slice(0, 20) },
    },
  };
}

type Doc = Record<string, unknown>;

/**
 * The document with non-ASCII characters as JSON \u escapes (JSON.parse restores them), when that
 * still fits the entity. Azurite decodes request bodies per TCP segment, so a multi-byte UTF-8
 * character split across two segments comes back as two U+FFFD; an ASCII payload cannot be split
 * that way. Azure itself decodes correctly, so a document too big to escape is stored as it is.
 */
function asciiJson(json: string): string {
  const escaped = json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length <= CHUNK * MAX_CHUNKS ? escaped : json;
}

function toEntity(t: Ticket): TableEntity<Doc> {
  const { etag: _etag, ...rest } = fitTicket(t);
  const json = asciiJson(JSON.stringify(rest));
  const chunks = Math.max(1, Math.ceil(json.length / CHUNK));
  if (chunks > MAX_CHUNKS) throw new AppError('invalid-input', `ticket ${t.id} is too large to store (${json.length} chars)`, { service: 'tables' });
  const entity: TableEntity<Doc> = {
    partitionKey: TICKETS_PK,
    rowKey: t.id,
    // Columns for queries and for reading the table in Storage Explorer.
    messageId: t.messageId,
    conversationId: t.conversationId,
    status: t.status,
    category: t.category,
    assigneeId: t.assignee?.aadObjectId ?? '',
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    docChunks: chunks,
  };
  for (let i = 0; i < chunks; i++) entity[`doc${i}`] = json.slice(i * CHUNK, (i + 1) * CHUNK);
  return entity;
}

function fromEntity(e: TableEntityResult<Doc>): Ticket {
  const chunks = Number(e.docChunks ?? 0);
  let json = '';
  for (let i = 0; i < chunks; i++) json += String(e[`doc${i}`] ?? '');
  const t = upgradeTicket(JSON.parse(json) as Ticket);
  return { ...t, etag: e.etag };
}

/** Row keys may not contain / \ # ? or control characters; Graph ids may contain some of them. */
export function rowKeyFor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

function statusOf(err: unknown): number | undefined {
  const s = (err as { statusCode?: unknown }).statusCode;
  return typeof s === 'number' ? s : undefined;
}

export interface TableNames {
  tickets: string;
  messages: string;
  state: string;
}

export function tableNames(prefix: string): TableNames {
  return { tickets: `${prefix}Tickets`, messages: `${prefix}Messages`, state: `${prefix}State` };
}

export class TableTicketStore implements TicketStore {
  private readonly tickets: TableClient;
  private readonly messages: TableClient;
  private readonly state: TableClient;
  private ready: Promise<void> | null = null;

  constructor(connectionString: string, prefix: string) {
    const names = tableNames(prefix);
    // Azurite speaks plain http; the SDK refuses to send credentials over it unless told.
    const allowInsecureConnection = /UseDevelopmentStorage=true|=http:\/\//i.test(connectionString);
    const open = (name: string) => TableClient.fromConnectionString(connectionString, name, { allowInsecureConnection });
    this.tickets = open(names.tickets);
    this.messages = open(names.messages);
    this.state = open(names.state);
  }

  /** Creates the tables once per process (createTable tolerates existing tables). */
  private ensure(): Promise<void> {
    if (!this.ready) {
      this.ready = Promise.all([this.tickets.createTable(), this.messages.createTable(), this.state.createTable()])
        .then(() => undefined)
        .catch((err: unknown) => {
          this.ready = null;
          throw normalizeError(err, 'tables');
        });
    }
    return this.ready;
  }

  private async read<T>(client: TableClient, pk: string, rk: string): Promise<TableEntityResult<T & Doc> | null> {
    await this.ensure();
    try {
      return await client.getEntity<T & Doc>(pk, rk);
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw normalizeError(err, 'tables');
    }
  }

  async get(id: string): Promise<Ticket | null> {
    const e = await this.read<Doc>(this.tickets, TICKETS_PK, id);
    return e ? fromEntity(e) : null;
  }

  private async first(filter: string): Promise<Ticket | null> {
    await this.ensure();
    try {
      for await (const e of this.tickets.listEntities<Doc>({ queryOptions: { filter } })) return fromEntity(e);
      return null;
    } catch (err) {
      throw normalizeError(err, 'tables');
    }
  }

  findByConversation(conversationId: string): Promise<Ticket | null> {
    return this.first(odata`PartitionKey eq ${TICKETS_PK} and conversationId eq ${conversationId}`);
  }

  async findByMessage(messageId: string): Promise<Ticket | null> {
    const rec = await this.getMessageRecord(messageId);
    if (rec?.ticketId) {
      const t = await this.get(rec.ticketId);
      if (t) return t;
    }
    return this.first(odata`PartitionKey eq ${TICKETS_PK} and messageId eq ${messageId}`);
  }

  async list(filter: { statuses?: readonly TicketStatus[] } = {}): Promise<Ticket[]> {
    await this.ensure();
    const out: Ticket[] = [];
    let query = odata`PartitionKey eq ${TICKETS_PK}`;
    if (filter.statuses) {
      if (filter.statuses.length === 0) return [];
      query += ` and (${filter.statuses.map((s) => odata`status eq ${s}`).join(' or ')})`;
    }
    try {
      for await (const e of this.tickets.listEntities<Doc>({ queryOptions: { filter: query } })) out.push(fromEntity(e));
    } catch (err) {
      throw normalizeError(err, 'tables');
    }
    return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async loadByAssignee(statuses: readonly TicketStatus[]): Promise<Map<string, number>> {
    await this.ensure();
    const load = new Map<string, number>();
    if (statuses.length === 0) return load;
    // Only the indexed columns: routing runs once per new ticket, so it must not read (and parse)
    // every open ticket's document.
    const filter = odata`PartitionKey eq ${TICKETS_PK}` + ` and assigneeId ne '' and (${statuses.map((st) => odata`status eq ${st}`).join(' or ')})`;
    try {
      for await (const e of this.tickets.listEntities<{ assigneeId?: string }>({ queryOptions: { filter, select: ['assigneeId'] } })) {
        const id = String(e.assigneeId ?? '');
        if (id) load.set(id, (load.get(id) ?? 0) + 1);
      }
    } catch (err) {
      throw normalizeError(err, 'tables');
    }
    return load;
  }

  async create(ticket: Ticket): Promise<Ticket> {
    await this.ensure();
    try {
      const res = await this.tickets.createEntity(toEntity(ticket));
      return { ...ticket, etag: res.etag };
    } catch (err) {
      if (statusOf(err) === 409) throw new ConcurrencyError(`ticket ${ticket.id} already exists`);
      throw normalizeError(err, 'tables');
    }
  }

  async update(ticket: Ticket): Promise<Ticket> {
    if (!ticket.etag) throw new AppError('invalid-input', `ticket ${ticket.id}: update needs the etag it was read with`, { service: 'tables' });
    await this.ensure();
    try {
      const res = await this.tickets.updateEntity(toEntity(ticket), 'Replace', { etag: ticket.etag });
      return { ...ticket, etag: res.etag };
    } catch (err) {
      const status = statusOf(err);
      if (status === 412 || status === 404) throw new ConcurrencyError(`ticket ${ticket.id} changed since it was read`);
      throw normalizeError(err, 'tables');
    }
  }

  async getMessageRecord(messageId: string): Promise<MessageRecord | null> {
    const e = await this.read<Doc>(this.messages, MESSAGES_PK, rowKeyFor(messageId));
    if (!e) return null;
    const rec: MessageRecord = { messageId: String(e.messageId), outcome: e.outcome as MessageRecord['outcome'], at: String(e.at) };
    if (typeof e.ticketId === 'string' && e.ticketId) rec.ticketId = e.ticketId;
    if (typeof e.reason === 'string' && e.reason) rec.reason = e.reason;
    if (typeof e.writtenEtag === 'string' && e.writtenEtag) rec.writtenEtag = e.writtenEtag;
    return rec;
  }

  async putMessageRecord(record: MessageRecord): Promise<void> {
    await this.ensure();
    try {
      await this.messages.upsertEntity(
        {
          partitionKey: MESSAGES_PK,
          rowKey: rowKeyFor(record.messageId),
          messageId: record.messageId,
          outcome: record.outcome,
          ticketId: record.ticketId ?? '',
          reason: truncateText(record.reason ?? '', 4_000),
          writtenEtag: record.writtenEtag ?? '',
          at: record.at,
        },
        'Replace',
      );
    } catch (err) {
      throw normalizeError(err, 'tables');
    }
  }

  async getState<T>(key: string): Promise<T | null> {
    const e = await this.read<Doc>(this.state, STATE_PK, rowKeyFor(key));
    return e && typeof e.value === 'string' ? (JSON.parse(e.value) as T) : null;
  }

  async putState<T>(key: string, value: T): Promise<void> {
    await this.ensure();
    const json = JSON.stringify(value);
    if (json.length > CHUNK) throw new AppError('invalid-input', `state ${key} is too large (${json.length} chars)`, { service: 'tables' });
    try {
      await this.state.upsertEntity({ partitionKey: STATE_PK, rowKey: rowKeyFor(key), key, value: json }, 'Replace');
    } catch (err) {
      throw normalizeError(err, 'tables');
    }
  }

  async getVersioned<T>(key: string): Promise<{ value: T; etag: string } | null> {
    const e = await this.read<Doc>(this.state, STATE_PK, rowKeyFor(key));
    return e && typeof e.value === 'string' && e.etag ? { value: JSON.parse(e.value) as T, etag: e.etag } : null;
  }

  async putVersioned<T>(key: string, value: T, etag: string | null): Promise<string> {
    await this.ensure();
    const json = JSON.stringify(value);
    if (json.length > CHUNK) throw new AppError('invalid-input', `state ${key} is too large (${json.length} chars)`, { service: 'tables' });
    const entity = { partitionKey: STATE_PK, rowKey: rowKeyFor(key), key, value: json };
    try {
      const res = etag === null ? await this.state.createEntity(entity) : await this.state.updateEntity(entity, 'Replace', { etag });
      return res.etag ?? '';
    } catch (err) {
      const status = statusOf(err);
      if (status === 409 || status === 412 || status === 404) throw new ConcurrencyError(`state ${key} changed since it was read`);
      throw normalizeError(err, 'tables');
    }
  }
}
