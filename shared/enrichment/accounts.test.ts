import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAccountsDb, type AccountsDb } from '../../dev/enrichment/accounts-db.js';
import { FIXTURE_CUSTOMERS } from '../../dev/enrichment/fixture.js';
import { AppError } from '../errors.js';
import { ACCOUNT_BY_EMAIL } from './accounts-sql.js';
import { createAccountsSource } from './accounts.js';

let dir: string;
let db: AccountsDb;
const ctx = (ms = 3000) => ({ signal: new AbortController().signal, deadline: Date.now() + ms });

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'accounts-db-'));
  db = await startAccountsDb({ customers: FIXTURE_CUSTOMERS, dataDir: path.join(dir, 'pglite') });
});
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('accounts source against the local Postgres', () => {
  it("returns the sender's plan, status, dates, country, platform and name", async () => {
    const accounts = createAccountsSource({ databaseUrl: db.url, timeoutMs: 3000 });
    try {
      expect(await accounts.lookup('Lena.Meier@Example.ch', ctx())).toEqual({
        name: 'Lena Meier',
        plan: 'premium-yearly',
        status: 'active',
        signupDate: '2025-09-01',
        country: 'CH',
        platform: 'ios',
        renewalDate: '2026-09-01',
      });
    } finally {
      await accounts.close();
    }
  });

  it('finds an address containing a quote: the e-mail is a parameter, not SQL', async () => {
    const accounts = createAccountsSource({ databaseUrl: db.url, timeoutMs: 3000 });
    try {
      const a = await accounts.lookup("o'brien+study@example.ie", ctx());
      expect(a?.name).toBe("Siobhán O'Brien");
      expect(a?.renewalDate).toBeUndefined();
      expect(await accounts.lookup("x' OR '1'='1", ctx())).toBeNull();
    } finally {
      await accounts.close();
    }
  });

  it('answers null for an unknown address', async () => {
    const accounts = createAccountsSource({ databaseUrl: db.url, timeoutMs: 3000 });
    try {
      expect(await accounts.lookup('nobody@example.com', ctx())).toBeNull();
    } finally {
      await accounts.close();
    }
  });

  it('keeps working for many lookups at once through one pool', async () => {
    const accounts = createAccountsSource({ databaseUrl: db.url, timeoutMs: 5000, poolMax: 3 });
    try {
      const emails = Array.from({ length: 12 }, (_, i) => FIXTURE_CUSTOMERS[i % FIXTURE_CUSTOMERS.length]!.email);
      const found = await Promise.all(emails.map((e) => accounts.lookup(e, ctx(5000))));
      expect(found.every((a) => a !== null)).toBe(true);
    } finally {
      await accounts.close();
    }
  });

  it('keeps the query parameterized and read-only in the one SQL constant', () => {
    expect(ACCOUNT_BY_EMAIL).toMatch(/\$1/);
    expect(ACCOUNT_BY_EMAIL).not.toMatch(/\b(INSERT|UPDATE|DELETE|DROP|ALTER|CREATE)\b/i);
  });
});

describe('the local accounts database', () => {
  it('refuses a write in a read-only transaction', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('BEGIN TRANSACTION READ ONLY');
      const err = await client.query("UPDATE accounts SET plan = 'free'").catch((e: unknown) => e);
      expect((err as { code?: string }).code).toBe('25006'); // read_only_sql_transaction
      await client.query('ROLLBACK');
    } finally {
      await client.end();
    }
  });

  it('refuses a write even outside a transaction: it serves a SELECT-only role', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const err = await client.query("INSERT INTO accounts (email, plan, status, signup_date) VALUES ('x@y.z', 'free', 'active', '2026-01-01')").catch((e: unknown) => e);
      expect((err as { code?: string }).code).toBe('42501'); // insufficient_privilege
      const who = await client.query<{ u: string }>('SELECT current_user AS u');
      expect(who.rows[0]?.u).toBe('accounts_reader');
    } finally {
      await client.end();
    }
  });

  it('refuses a second start on a data dir that is in use', async () => {
    await expect(startAccountsDb({ customers: FIXTURE_CUSTOMERS, dataDir: path.join(dir, 'pglite') })).rejects.toThrow(/in use/);
  });
});

describe('accounts source failures', () => {
  it('times out against a server that accepts connections but never answers', async () => {
    const sockets: net.Socket[] = [];
    const blackHole = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => blackHole.listen(0, '127.0.0.1', () => r()));
    const { port } = blackHole.address() as net.AddressInfo;
    const accounts = createAccountsSource({ databaseUrl: `postgres://reader@127.0.0.1:${port}/accounts`, timeoutMs: 200 });
    try {
      const err = (await accounts.lookup('lena.meier@example.ch', ctx(200)).catch((e: unknown) => e)) as AppError;
      expect(err).toBeInstanceOf(AppError);
      expect(err.kind).toBe('timeout');
    } finally {
      await accounts.close();
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((r) => blackHole.close(() => r()));
    }
  });

  it('fails as unavailable when nothing listens', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise<void>((r) => probe.close(() => r()));
    const accounts = createAccountsSource({ databaseUrl: `postgres://reader:s3cret@127.0.0.1:${port}/accounts`, timeoutMs: 1000 });
    try {
      const err = (await accounts.lookup('lena.meier@example.ch', ctx()).catch((e: unknown) => e)) as AppError;
      expect(err.kind).toBe('unavailable');
      expect(err.message).not.toContain('s3cret');
    } finally {
      await accounts.close();
    }
  });
});

describe('restarting the local accounts database', () => {
  it('reopens its data dir without re-seeding when the customers did not change, and re-seeds when they did', async () => {
    const dataDir = path.join(dir, 'pglite');
    await db.close();
    const again = await startAccountsDb({ customers: FIXTURE_CUSTOMERS, dataDir });
    expect(again.seeded).toBe(false);
    await again.close();
    const changed = await startAccountsDb({ customers: FIXTURE_CUSTOMERS.slice(0, 3), dataDir });
    try {
      expect(changed.seeded).toBe(true);
      const client = new pg.Client({ connectionString: changed.url });
      await client.connect();
      const n = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM accounts');
      await client.end();
      expect(n.rows[0]?.n).toBe(3);
    } finally {
      await changed.close();
      db = await startAccountsDb({ customers: FIXTURE_CUSTOMERS, dataDir });
    }
  });
});
