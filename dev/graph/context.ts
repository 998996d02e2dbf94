// What every route shares: the mailbox, the subscriptions, where the mock is served, and the
// mail that left the mailbox (so tests can see what customers would have received).
import type { MailboxStore, MessageRecord } from './store.js';
import type { SubscriptionManager } from './subscriptions.js';
import { parsePrefer } from './odata.js';
import type { ApiRequest } from './router.js';
import type { RenderContext } from './render.js';
import { GraphError } from './errors.js';

export interface OutboundMail {
  at: string;
  messageId: string;
  internetMessageId: string;
  to: string[];
  subject: string;
  mime: Buffer;
}

export interface MockContext {
  store: MailboxStore;
  subs: SubscriptionManager;
  tenantId: string;
  /** https://localhost:PORT (set once listening) */
  origin: string;
  outbound: OutboundMail[];
  /** The same intake as SMTP: parse, file into the Inbox, notify. */
  deliver(raw: Buffer): Promise<MessageRecord>;
}

export interface Preferences {
  immutable: boolean;
  bodyType?: 'html' | 'text';
  maxPageSize?: number;
}

export function preferences(req: ApiRequest): Preferences {
  const p = parsePrefer(req.headers['prefer']);
  const bt = p.get('outlook.body-content-type')?.toLowerCase();
  const mps = Number(p.get('odata.maxpagesize'));
  return {
    immutable: p.get('idtype')?.toLowerCase() === 'immutableid',
    bodyType: bt === 'text' || bt === 'html' ? bt : undefined,
    maxPageSize: Number.isInteger(mps) && mps > 0 ? mps : undefined,
  };
}

export function renderContext(ctx: MockContext, req: ApiRequest, select?: readonly string[]): RenderContext {
  const p = preferences(req);
  return { store: ctx.store, origin: ctx.origin, immutable: p.immutable, bodyType: p.bodyType, select };
}

/** users/{x} must be the mailbox (by GUID or UPN); /me has no meaning for an app-only token. */
export function assertMailbox(ctx: MockContext, user: string): void {
  if (!ctx.store.isMailbox(user)) throw new GraphError(404, 'ErrorInvalidUser', `The requested user '${user}' is invalid.`);
}

export function apiBase(ctx: MockContext): string {
  return `${ctx.origin}/v1.0`;
}
