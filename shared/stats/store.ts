// Where the stats rows live: a table partitioned by local day (Azure Tables; in memory for tests).
// The rows are a projection of the tickets, written by `withStatsIndex` after every ticket write.
import { randomUUID } from 'node:crypto';
import { TableClient, odata, type TableEntity, type TableEntityResult } from '@azure/data-tables';
import type { Category, DraftUse, TicketStatus } from '../domain.js';
import { normalizeError } from '../errors.js';
import type { Logger } from '../log.js';
import type { TicketStore } from '../ports.js';
import type { Ticket } from '../domain.js';
import { statsRowOf, type StatsRow } from './row.js';

export interface StatsIndex {
  put(row: StatsRow): Promise<void>;
  /** All rows of the given local days. */
  days(days: readonly string[]): Promise<StatsRow[]>;
  /** Storage requests made so far (pages read and rows written), for the benchmark. */
  readonly requests: { reads: number; writes: number };
}

export class InMemoryStatsIndex implements StatsIndex {
  readonly byDay = new Map<string, Map<string, StatsRow>>();
  readonly requests = { reads: 0, writes: 0 };

  async put(row: StatsRow): Promise<void> {
    this.requests.writes++;
    // A ticket's day never changes (createdAt is fixed), but stay correct if it did.
    for (const [day, rows] of this.byDay) if (day !== row.day) rows.delete(row.id);
    let rows = this.byDay.get(row.day);
    if (!rows) this.byDay.set(row.day, (rows = new Map<string, StatsRow>()));
    rows.set(row.id, structuredClone(row));
  }

  async days(days: readonly string[]): Promise<StatsRow[]> {
    const out: StatsRow[] = [];
    for (const d of days) {
      this.requests.reads++;
      for (const r of this.byDay.get(d)?.values() ?? []) out.push(structuredClone(r));
    }
    return out;
  }
}

type RowEntity = Omit<StatsRow, 'id' | 'day' | 'firstResponseBusinessMinutes' | 'withinTarget' | 'draftUse'> & {
  /** -1: unanswered (Tables has no null). */
  minutes: number;
  /** '' unanswered, 'yes', 'no'. */
  inTarget: string;
  draftUse: string;
};

const READ_CONCURRENCY = 8;
/** Row keys of a day's bookkeeping entities; ticket row keys are base64url, which never starts with "~". */
const TOKEN_RK = '~token';
const SUMMARY_RK = '~summary';
const CHUNK = 30_000;
const MAX_CHUNKS = 15;

const FLAGS = ['needsTriage', 'routed', 'corrected', 'reassigned', 'resolvedWithoutReply'] as const;
type Packed = [string, string, string, string, string, string, number, number, number, string];

/** A row as a compact tuple for the day's rollup entity. */
function pack(r: StatsRow): Packed {
  const flags = FLAGS.reduce((n, f, i) => (r[f] ? n | (1 << i) : n), 0);
  return [r.id, r.createdAt, r.status, r.category, r.aiCategory, r.language, flags, r.firstResponseBusinessMinutes ?? -1, r.withinTarget === null ? 2 : r.withinTarget ? 1 : 0, r.draftUse ?? ''];
}

function unpack(day: string, p: Packed): StatsRow {
  const [id, createdAt, status, category, aiCategory, language, flags, minutes, inTarget, draftUse] = p;
  const flag = (f: (typeof FLAGS)[number]) => (flags & (1 << FLAGS.indexOf(f))) !== 0;
  return {
    id, day, createdAt, status: status as TicketStatus, category: category as Category, aiCategory: aiCategory as Category, language,
    needsTriage: flag('needsTriage'), routed: flag('routed'), corrected: flag('corrected'), reassigned: flag('reassigned'), resolvedWithoutReply: flag('resolvedWithoutReply'),
    firstResponseBusinessMinutes: minutes < 0 ? null : minutes, withinTarget: inTarget === 2 ? null : inTarget === 1, draftUse: (draftUse || null) as DraftUse | null,
  };
}

export class TableStatsIndex implements StatsIndex {
  private readonly client: TableClient;
  private ready: Promise<void> | null = null;
  readonly requests = { reads: 0, writes: 0 };

  constructor(connectionString: string, prefix: string) {
    const allowInsecureConnection = /UseDevelopmentStorage=true|=http:\/\//i.test(connectionString);
    this.client = TableClient.fromConnectionString(connectionString, `${prefix}TicketDays`, { allowInsecureConnection });
  }

  private ensure(): Promise<void> {
    this.ready ??= this.client.createTable().catch((err: unknown) => {
      this.ready = null;
      throw normalizeError(err, 'tables');
    });
    return this.ready;
  }

  async put(row: StatsRow): Promise<void> {
    await this.ensure();
    const entity: TableEntity<RowEntity> = {
      partitionKey: row.day,
      rowKey: Buffer.from(row.id, 'utf8').toString('base64url'),
      createdAt: row.createdAt,
      status: row.status,
      category: row.category,
      aiCategory: row.aiCategory,
      language: row.language,
      needsTriage: row.needsTriage,
      routed: row.routed,
      corrected: row.corrected,
      reassigned: row.reassigned,
      resolvedWithoutReply: row.resolvedWithoutReply,
      minutes: row.firstResponseBusinessMinutes ?? -1,
      inTarget: row.withinTarget === null ? '' : row.withinTarget ? 'yes' : 'no',
      draftUse: row.draftUse ?? '',
    };
    this.requests.writes++;
    try {
      // The row and a new change token (the day's rollup is out of date) in one atomic batch: both
      // live in the day's partition, and a reader never sees one without the other.
      await this.client.submitTransaction([
        ['upsert', entity, 'Replace'],
        ['upsert', { partitionKey: row.day, rowKey: TOKEN_RK, token: randomUUID() }, 'Replace'],
      ]);
    } catch (err) {
      throw normalizeError(err, 'tables');
    }
  }

  /**
   * A day's rows. The day's rollup (all its rows packed into one entity) answers when it was built
   * after the day's last change: it records the change token it saw before reading the rows, and
   * every row write replaces the token after writing the row. Otherwise the rows are read and the
   * rollup rebuilt, so a month that has settled costs one small query per day. (The token is read
   * before the rows, so a row written meanwhile leaves a newer token behind: the next read rebuilds.)
   */
  private async day(day: string): Promise<StatsRow[]> {
    this.requests.reads++;
    let token = '';
    let summary: TableEntityResult<Record<string, unknown>> | null = null;
    for await (const e of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${day} and RowKey ge ${'~'}` } })) {
      if (e.rowKey === TOKEN_RK) token = String(e.token ?? '');
      if (e.rowKey === SUMMARY_RK) summary = e;
    }
    if (summary && token && summary.token === token) {
      let json = '';
      for (let i = 0; i < Number(summary.chunks ?? 0); i++) json += String(summary[`c${i}`] ?? '');
      return (JSON.parse(json) as Packed[]).map((p) => unpack(day, p));
    }
    const rows = await this.dayRows(day);
    const json = JSON.stringify(rows.map(pack));
    const chunks = Math.ceil(json.length / CHUNK);
    // A day too big for one entity is always read row by row.
    if (token && chunks <= MAX_CHUNKS) {
      const entity: TableEntity<Record<string, unknown>> = { partitionKey: day, rowKey: SUMMARY_RK, token, chunks };
      for (let i = 0; i < chunks; i++) entity[`c${i}`] = json.slice(i * CHUNK, (i + 1) * CHUNK);
      this.requests.writes++;
      await this.client.upsertEntity(entity, 'Replace');
    }
    return rows;
  }

  private async dayRows(day: string): Promise<StatsRow[]> {
    const out: StatsRow[] = [];
    const pages = this.client.listEntities<RowEntity>({ queryOptions: { filter: odata`PartitionKey eq ${day} and RowKey lt ${'~'}` } }).byPage({ maxPageSize: 1000 });
    for await (const page of pages) {
      this.requests.reads++;
      for (const e of page) {
        out.push({
          id: Buffer.from(e.rowKey!, 'base64url').toString('utf8'),
          day,
          createdAt: e.createdAt,
          status: e.status as TicketStatus,
          category: e.category as Category,
          aiCategory: e.aiCategory as Category,
          language: e.language,
          needsTriage: e.needsTriage,
          routed: e.routed,
          corrected: e.corrected,
          reassigned: e.reassigned,
          resolvedWithoutReply: e.resolvedWithoutReply,
          firstResponseBusinessMinutes: e.minutes < 0 ? null : e.minutes,
          withinTarget: e.inTarget === '' ? null : e.inTarget === 'yes',
          draftUse: (e.draftUse || null) as DraftUse | null,
        });
      }
    }
    return out;
  }

  async days(days: readonly string[]): Promise<StatsRow[]> {
    await this.ensure();
    const out: StatsRow[] = [];
    const queue = [...days];
    try {
      await Promise.all(
        Array.from({ length: Math.min(READ_CONCURRENCY, queue.length) }, async () => {
          for (let d = queue.shift(); d !== undefined; d = queue.shift()) out.push(...(await this.day(d)));
        }),
      );
    } catch (err) {
      throw normalizeError(err, 'tables');
    }
    return out;
  }
}

/**
 * The store with the stats row rewritten after every ticket write. The row is derived from the
 * whole ticket, so any later write repairs a row that a failed upsert left behind; a failed upsert
 * is logged, never turned into a failed ticket write (the ticket is the record, the row a view).
 */
export function withStatsIndex(store: TicketStore, index: StatsIndex, zone: string, log?: Logger): TicketStore {
  const project = async (t: Ticket): Promise<Ticket> => {
    try {
      await index.put(statsRowOf(t, zone));
    } catch (err) {
      log?.warn('stats row not written; the next change of the ticket rewrites it', { ticketId: t.id, err });
    }
    return t;
  };
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'create') return async (t: Ticket) => project(await target.create(t));
      if (prop === 'update') return async (t: Ticket) => project(await target.update(t));
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
