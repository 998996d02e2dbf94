// The only SQL the product runs against Studyflash's internal accounts database. It is read-only,
// parameterized ($1 is the sender's address, never interpolated) and bounded by a statement
// timeout set inside its own read-only transaction. When the internal schema differs, adapt the
// column expressions here and nowhere else; the aliases are the contract with accounts.ts.

/** Opens the transaction; the server refuses any write inside it. */
export const BEGIN_READ_ONLY = 'BEGIN TRANSACTION READ ONLY';

/**
 * Server-side timeout for this transaction only ($1 = milliseconds as text). set_config(…, true)
 * is SET LOCAL in parameter form, so the value never leaks to the pooled session.
 */
export const SET_STATEMENT_TIMEOUT = "SELECT set_config('statement_timeout', $1, true)";

/** One account by e-mail, case-insensitively; the newest when several share the address. */
export const ACCOUNT_BY_EMAIL = `
SELECT name,
       plan,
       status,
       to_char(signup_date, 'YYYY-MM-DD')  AS signup_date,
       country,
       platform,
       to_char(renewal_date, 'YYYY-MM-DD') AS renewal_date
  FROM accounts
 WHERE lower(email) = lower($1)
 ORDER BY signup_date DESC
 LIMIT 1`;

export const COMMIT = 'COMMIT';
export const ROLLBACK = 'ROLLBACK';
