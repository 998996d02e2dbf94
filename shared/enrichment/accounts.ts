// Accounts adapter: the sender's row in the internal Postgres (plan, status, signup date, …) via
// `pg`. One pool per adapter, created on first use; every lookup is one read-only transaction with
// a server statement_timeout AND pg's client-side query_timeout (some servers, e.g. PGlite, do not
// enforce the former). The SQL itself lives in accounts-sql.ts.
import pg from 'pg';
import { z } from 'zod';
import { AppError, normalizeError } from '../errors.js';
import type { Logger } from '../log.js';
import { ACCOUNT_BY_EMAIL, BEGIN_READ_ONLY, COMMIT, ROLLBACK, SET_STATEMENT_TIMEOUT } from './accounts-sql.js';
import type { AccountFacts, EnrichmentSource, LookupContext } from './source.js';

export interface AccountsOptions {
  /** postgres://user:password@host:port/db — a role with SELECT on the accounts table only. */
  databaseUrl: string;
  timeoutMs: number;
  /** Pool size; the database must accept at least this many connections. */
  poolMax?: number;
  log?: Logger;
}

const rowSchema = z.object({
  name: z.string().nullable(),
  plan: z.string().nullable(),
  status: z.string().nullable(),
  signup_date: z.string().nullable(),
  country: z.string().nullable(),
  platform: z.string().nullable(),
  renewal_date: z.string().nullable(),
});

export function createAccountsSource(o: AccountsOptions): EnrichmentSource<AccountFacts> & { close(): Promise<void> } {
  let pool: pg.Pool | null = null;

  const getPool = (): pg.Pool => {
    if (pool) return pool;
    pool = new pg.Pool({
      connectionString: o.databaseUrl,
      max: o.poolMax ?? 3,
      connectionTimeoutMillis: o.timeoutMs,
      query_timeout: o.timeoutMs,
      idleTimeoutMillis: 30_000,
      application_name: 'studyflash-support-enrichment',
    });
    // An idle client losing its connection must not crash the host; the next lookup reconnects.
    pool.on('error', (err) => o.log?.warn('accounts pool: idle connection lost', { error: describePgError(err) }));
    return pool;
  };

  return {
    name: 'account',
    async lookup(email: string, ctx: LookupContext): Promise<AccountFacts | null> {
      if (ctx.signal.aborted) throw new AppError('timeout', 'accounts: timed out', { service: 'accounts' });
      let client: pg.PoolClient;
      try {
        client = await getPool().connect();
      } catch (err) {
        throw toAppError(err);
      }
      // A client whose query timed out may still be busy server-side: destroy it, never reuse it.
      let broken: Error | undefined;
      try {
        await client.query(BEGIN_READ_ONLY);
        const serverTimeout = Math.max(1, ctx.deadline - Date.now());
        await client.query(SET_STATEMENT_TIMEOUT, [`${serverTimeout}ms`]);
        const res = await client.query(ACCOUNT_BY_EMAIL, [email]);
        await client.query(COMMIT);
        const row: unknown = res.rows[0];
        if (!row) return null;
        const parsed = rowSchema.safeParse(row);
        if (!parsed.success) throw new AppError('upstream', `accounts: unexpected row shape at ${parsed.error.issues[0]?.path.join('.') ?? '?'}`, { service: 'accounts' });
        return toFacts(parsed.data);
      } catch (err) {
        const e = toAppError(err);
        if (e.kind === 'timeout' || e.kind === 'unavailable') broken = e;
        else await client.query(ROLLBACK).catch((rollbackErr: unknown) => (broken = rollbackErr instanceof Error ? rollbackErr : e));
        throw e;
      } finally {
        client.release(broken);
      }
    },
    async close(): Promise<void> {
      const p = pool;
      pool = null;
      await p?.end();
    },
  };
}

function toFacts(r: z.infer<typeof rowSchema>): AccountFacts {
  const facts: AccountFacts = {};
  if (r.name !== null) facts.name = r.name;
  if (r.plan !== null) facts.plan = r.plan;
  if (r.status !== null) facts.status = r.status;
  if (r.signup_date !== null) facts.signupDate = r.signup_date;
  if (r.country !== null) facts.country = r.country;
  if (r.platform !== null) facts.platform = r.platform;
  if (r.renewal_date !== null) facts.renewalDate = r.renewal_date;
  return facts;
}

/** pg errors carry a SQLSTATE `code`; network errors an errno code; timeouts only a message. */
function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { code?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(err);
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code && /^[0-9A-Z]{5}$/.test(code)) {
    const kind = code === '42501' ? 'forbidden' : code === '57014' ? 'timeout' : code.startsWith('28') ? 'unauthorized' : 'upstream';
    return new AppError(kind, `accounts: ${message} (SQLSTATE ${code})`, { service: 'accounts', code, cause: err });
  }
  return normalizeError(err, 'accounts');
}

function describePgError(err: unknown): string {
  return toAppError(err).message;
}
