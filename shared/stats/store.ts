// Where the stats rows live: a table partitioned by local day (Azure Tables; in memory for tests).
// The rows are a projection of the tickets, written by `withStatsIndex` after every ticket write.
import { TableClient, odata, type TableEntity } from '@azure/data-tables';
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
    if (!rows) this.byDay.set(row.day, (rows = new Map()));
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
      await this.client.upsertEntity(entity, 'Replace');
    } catch (err) {
      throw normalizeError(err, 'tables');
    }
  }

  private async day(day: string): Promise<StatsRow[]> {
    const out: StatsRow[] = [];
    const pages = this.client.listEntities<RowEntity>({ queryOptions: { filter: odata`PartitionKey eq ${day}` } }).byPage({ maxPageSize: 1000 });
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
