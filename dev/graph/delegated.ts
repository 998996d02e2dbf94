// Delegated access to the shared mailbox, as Exchange decides it for a user token: Graph's
// `*.Shared` permissions only reach a mailbox that was shared with the signed-in user (Full Access
// or folder permission). Someone else gets 403 ErrorAccessDenied even with a valid token. The mock
// serves delegated tokens for reading the shared mailbox's mail only (what the Outlook pane does).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseRoster } from '../../shared/roster.js';
import { PLAYGROUND_OUTSIDER } from '../playground/config.js';
import { REPO_ROOT } from '../support/cert.js';
import { GraphError } from './errors.js';
import { splitPath } from './router.js';
import type { DirectoryUser, Principal } from './token.js';

const READ_SCOPES = ['Mail.Read.Shared', 'Mail.ReadWrite.Shared'];

export const accessDenied = (): GraphError => new GraphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');

/** Someone in the company who is neither on the roster nor allowed into the shared mailbox. */
export const NO_MAILBOX_COLLEAGUE: DirectoryUser = { oid: '0bad0bad-0000-4000-8000-00000000f00d', name: 'Nora Weber', email: 'nora.weber@studyflash.test' };

/**
 * The local directory: the roster's people, the colleague who is not on it (the same person the
 * Agents Playground has) and one without access to the shared mailbox; the mailbox members
 * default to the roster (the support team). `rosterPath` defaults to ROSTER_PATH or dev/roster.json.
 */
export function defaultDirectory(rosterPath = process.env.ROSTER_PATH || path.join(REPO_ROOT, 'dev', 'roster.json')): { users: DirectoryUser[]; members: string[] } {
  const file = path.resolve(REPO_ROOT, rosterPath);
  const roster = parseRoster(JSON.parse(readFileSync(file, 'utf8')) as unknown, file);
  const users = [...roster.map((m) => ({ oid: m.aadObjectId, name: m.name, email: m.email })), { oid: PLAYGROUND_OUTSIDER.aadObjectId, name: PLAYGROUND_OUTSIDER.name, email: PLAYGROUND_OUTSIDER.email }, NO_MAILBOX_COLLEAGUE];
  return { users, members: roster.map((m) => m.email) };
}

/** Throws the Graph error a delegated call gets when the user may not make it. */
export function delegatedAccess(
  user: Extract<Principal, { kind: 'user' }>,
  method: string,
  apiPath: string,
  mailbox: { isMailbox(idOrUpn: string): boolean; members: ReadonlySet<string> },
): void {
  const segs = splitPath(apiPath);
  if (segs[0]?.toLowerCase() === 'me') throw new GraphError(404, 'ErrorItemNotFound', "The local mock holds no personal mailboxes; use /users/{shared mailbox}.");
  if (segs[0]?.toLowerCase() !== 'users' || !segs[1] || !mailbox.isMailbox(segs[1])) throw accessDenied();
  if (!mailbox.members.has(user.upn.toLowerCase())) throw accessDenied();
  if (method !== 'GET') throw new GraphError(403, 'ErrorAccessDenied', 'Access is denied. The delegated token only reads mail (Mail.Read.Shared).');
  if (!user.scopes.some((s) => READ_SCOPES.includes(s))) throw new GraphError(403, 'ErrorAccessDenied', 'Access is denied. The token lacks Mail.Read.Shared.');
}
