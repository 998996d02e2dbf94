// The local stand-in for Studyflash's internal accounts database: a real Postgres (PGlite, served
// over the wire protocol by pglite-socket) with an `accounts` table seeded from the sample
// customers. The data dir is reused across starts (initdb is slow) and re-seeded only when the
// customers changed (their hash is kept in seed_meta). It serves as the `accounts_reader` role, which may only SELECT: a write
// fails with "permission denied" even outside the adapter's read-only transaction.
// PGlite has a single backend session: the user name sent by a client is not checked, the
// serving role is fixed when the database is opened (see local-world.md §4).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Customer } from './customers.js';

export const READER_ROLE = 'accounts_reader';

export interface AccountsDbOptions {
  customers: readonly Customer[];
  dataDir: string;
  host?: string;
  port?: number;
  /** Must be ≥ every client pool's max (pglite-socket closes extra connections at once). */
  maxConnections?: number;
}

export interface AccountsDb {
  /** postgres://accounts_reader@host:port/postgres */
  url: string;
  port: number;
  /** Whether this start (re)wrote the rows. */
  seeded: boolean;
  close(): Promise<void>;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS accounts (
  id           serial PRIMARY KEY,
  email        text NOT NULL,
  name         text,
  plan         text NOT NULL CHECK (plan IN ('free', 'premium-monthly', 'premium-yearly')),
  status       text NOT NULL CHECK (status IN ('active', 'trial', 'cancelled', 'past_due')),
  signup_date  date NOT NULL,
  country      text,
  platform     text CHECK (platform IN ('ios', 'android', 'web')),
  renewal_date date
);
CREATE UNIQUE INDEX IF NOT EXISTS accounts_email_lower ON accounts (lower(email));
CREATE TABLE IF NOT EXISTS seed_meta (key text PRIMARY KEY, value text NOT NULL);
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${READER_ROLE}') THEN CREATE ROLE ${READER_ROLE} LOGIN; END IF;
END $$;
REVOKE ALL ON accounts, seed_meta FROM ${READER_ROLE};
GRANT SELECT ON accounts, seed_meta TO ${READER_ROLE};
`;

const INSERT = `INSERT INTO accounts (email, name, plan, status, signup_date, country, platform, renewal_date)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

export async function startAccountsDb(o: AccountsDbOptions): Promise<AccountsDb> {
  const dataDir = path.resolve(o.dataDir);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const releaseLock = lockDataDir(dataDir);
  try {
    const hash = createHash('sha256').update(JSON.stringify(o.customers)).digest('hex');
    // Served as the reader: the whole session can then only read. A restart with unchanged
    // customers opens the database once; otherwise it is seeded as the owner first.
    let db = existsSync(path.join(dataDir, 'PG_VERSION')) ? await PGlite.create({ dataDir, username: READER_ROLE }) : null;
    let seeded = false;
    if (!db || (await seedHash(db)) !== hash) {
      await db?.close();
      await seed(dataDir, o.customers, hash);
      seeded = true;
      db = await PGlite.create({ dataDir, username: READER_ROLE });
    }
    const server = new PGLiteSocketServer({ db, host: o.host ?? '127.0.0.1', port: o.port ?? 0, maxConnections: o.maxConnections ?? 8 });
    try {
      await server.start();
    } catch (err) {
      await db.close();
      throw err;
    }
    const conn = server.getServerConn();
    const port = Number(conn.slice(conn.lastIndexOf(':') + 1));
    const host = o.host ?? '127.0.0.1';
    return {
      url: `postgres://${READER_ROLE}@${host}:${port}/postgres`,
      port,
      seeded,
      async close() {
        await server.stop();
        await db.close();
        releaseLock();
      },
    };
  } catch (err) {
    releaseLock();
    throw err;
  }
}

/** As the owner: creates the schema and role, then rewrites all rows and records the customers' hash. */
async function seed(dataDir: string, customers: readonly Customer[], hash: string): Promise<void> {
  const db = await PGlite.create({ dataDir });
  try {
    await db.exec(SCHEMA);
    await db.transaction(async (tx) => {
      await tx.query('DELETE FROM accounts');
      for (const c of customers) {
        await tx.query(INSERT, [c.email, c.name, c.plan, c.status, c.signupDate, c.country, c.platform, c.renewalDate ?? null]);
      }
      await tx.query("INSERT INTO seed_meta (key, value) VALUES ('customers', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", [hash]);
    });
  } finally {
    await db.close();
  }
}

/** The hash of the customers last seeded, or null when the schema is missing or older. */
async function seedHash(db: PGlite): Promise<string | null> {
  try {
    const r = await db.query<{ value: string }>("SELECT value FROM seed_meta WHERE key = 'customers'");
    return r.rows[0]?.value ?? null;
  } catch {
    return null;
  }
}

/** Two processes on one PGlite data dir would corrupt it: refuse clearly instead. */
function lockDataDir(dataDir: string): () => void {
  const lock = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(lock, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new Error(`the accounts database at ${dataDir} is in use by process ${pid}`);
      }
      rmSync(lock, { force: true }); // stale lock from a crashed run
    }
  }
  throw new Error(`cannot lock the accounts database at ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
