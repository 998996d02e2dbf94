// Exchange-like identifiers. A message has one immutable id (stable for its life in the mailbox)
// and, without `Prefer: IdType="ImmutableId"`, a REST id that also encodes the folder it sits in —
// so, as in Exchange, the REST id stops resolving once the message moves.
import { createHash, randomBytes } from 'node:crypto';

const IMMUTABLE_PREFIX = 'AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A';
const REST_PREFIX = 'AAMkAGI2';

export type MessageKey = string; // hex of the 16 bytes shared by both id forms

export function newMessageKey(): MessageKey {
  return randomBytes(16).toString('hex');
}

export function immutableId(key: MessageKey): string {
  return IMMUTABLE_PREFIX + Buffer.from(key, 'hex').toString('base64url');
}

export function restId(key: MessageKey, folderIndex: number): string {
  return REST_PREFIX + Buffer.concat([Buffer.from(key, 'hex'), Buffer.from([folderIndex])]).toString('base64url');
}

/** What an id given by a client points at; folderIndex is set for REST ids only. */
export function parseMessageId(id: string): { key: MessageKey; folderIndex?: number } | null {
  if (id.startsWith(IMMUTABLE_PREFIX)) {
    const b = Buffer.from(id.slice(IMMUTABLE_PREFIX.length), 'base64url');
    return b.length === 16 ? { key: b.toString('hex') } : null;
  }
  if (id.startsWith(REST_PREFIX)) {
    const b = Buffer.from(id.slice(REST_PREFIX.length), 'base64url');
    return b.length === 17 ? { key: b.subarray(0, 16).toString('hex'), folderIndex: b[16] } : null;
  }
  return null;
}

export function folderId(mailboxGuid: string, wellKnownName: string): string {
  return 'AQMkADAwATM0MDAAMS1' + Buffer.from(`${mailboxGuid}/${wellKnownName}`).toString('base64url');
}

export function changeKey(): string {
  return 'CQAAABYAAAD' + randomBytes(12).toString('base64url');
}

export function opaqueId(bytes = 12): string {
  return randomBytes(bytes).toString('base64url');
}

/** A stable GUID for a name (so a restarted world keeps its user and tenant ids). */
export function stableGuid(name: string): string {
  const h = createHash('sha1').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Graph's date-time form: UTC, seconds precision, `Z`. */
export function graphDate(d: Date | number = Date.now()): string {
  return new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Exchange-style Message-ID for mail created in the mailbox. */
export function newInternetMessageId(): string {
  // Short enough that the Message-ID header is not folded.
  const id = randomBytes(8).toString('hex').toUpperCase();
  return `<ZR0P278MB${id}@ZR0P278MB0001.prod.outlook.com>`;
}

/** Exchange derives the conversation id from the GUID inside the conversation index. */
export function conversationIdFromGuid(guid: Buffer): string {
  return 'AAQkADAwATM0MDAAMS1' + guid.toString('base64url');
}
