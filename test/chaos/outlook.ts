// The chaos run's Outlook side: people working on triaged tickets in the mailbox's Outlook while
// notifications drop and duplicate, Graph fails and the host is killed — and, at the end, the proof
// that every Outlook action reached its ticket exactly once.
//
// Actions go through the mock's Outlook routes (`/_mock/outlook/v1.0`, header X-Mock-Outlook: 1):
// the same Graph handlers, the same notifications and delta changes, but not the app's requests (no
// injected faults, not counted). Each kind and what the ticket must show afterwards:
//   send-unchanged  the AI draft sent as it is          → sent, repliedVia outlook, draftUse unchanged
//   send-edited     the AI draft sent with a paragraph  → sent, repliedVia outlook, draftUse edited
//   own-reply       an agent's own reply (createReply)  → sent, repliedVia outlook, draftUse none; AI draft deleted
//   category        the ticket category replaced        → the new category, exactly one correction (via outlook)
//   flag            flagged complete                    → resolved no-reply-needed (via outlook); AI draft deleted
//   junk            moved to Junk Email                 → resolved spam (via outlook); AI draft deleted
//   read            opened (marked read): noise         → nothing changes
// Only tickets that are fully triaged (message record final, card posted, no pass running) and
// whose thread gets no customer follow-up in the run are chosen: a follow-up reopens a ticket by
// design, which would blur what the action did.
import { z } from 'zod';
import { outlookClient, withOwnText, type OutlookCall } from '../../dev/graph/outlook-client.js';
import { CATEGORIES, type Category } from '../../shared/domain.js';

export const OUTLOOK_KINDS = ['send-unchanged', 'send-edited', 'own-reply', 'category', 'flag', 'junk', 'read'] as const;
export type OutlookKind = (typeof OUTLOOK_KINDS)[number];
const SENDS: ReadonlySet<OutlookKind> = new Set(['send-unchanged', 'send-edited', 'own-reply']);
const CLOSES: ReadonlySet<OutlookKind> = new Set(['send-unchanged', 'send-edited', 'own-reply', 'flag', 'junk']);

export interface OutlookAction {
  kind: OutlookKind;
  ticketId: string;
  conversationId: string;
  messageId: string;
  draftId: string;
  /** The ticket's category when the action was made; `to` for a category change. */
  from: string;
  to?: Category;
  at: string;
  /** Made while every notification was dropped: only the reconcile could carry it. */
  unnoticed?: boolean;
}

/** What the actor reads of a ticket (GET /api/tickets/{id}). */
const ActorTicket = z
  .object({
    id: z.string(),
    messageId: z.string(),
    internetMessageId: z.string(),
    conversationId: z.string(),
    category: z.string(),
    status: z.string(),
    messageCount: z.number(),
    draftMessageId: z.string().nullable(),
    cardActivityId: z.string().nullable(),
    draft: z.string(),
    pass: z.unknown().nullable().optional(),
  })
  .passthrough();
type ActorTicket = z.infer<typeof ActorTicket>;

/** What the proof reads of a ticket. */
export const ProofTicket = z
  .object({
    id: z.string(),
    conversationId: z.string(),
    category: z.string(),
    status: z.string(),
    draftMessageId: z.string().nullable(),
    repliedVia: z.string().nullable().optional(),
    draftUse: z.string().nullable().optional(),
    resolution: z.object({ reason: z.string(), via: z.string() }).passthrough().nullable().optional(),
    corrections: z.array(z.object({ field: z.string(), from: z.string(), to: z.string(), via: z.string() }).passthrough()).default([]),
    audit: z.array(z.object({ action: z.string(), ref: z.string().optional() }).passthrough()).default([]),
  })
  .passthrough();
export type ProofTicket = z.infer<typeof ProofTicket>;

export interface OutlookActorOptions {
  /** https origin of the mock Graph */
  graphOrigin: string;
  /** the world's certificate */
  ca: string;
  mailbox: string;
  /** http base of the Functions host's API (…/api) */
  functionsUrl: string;
  /** How many actions in all; kinds are dealt round-robin. */
  count: number;
  /** Whether the ticket's thread is left alone by the run's mails (no follow-up, not a follow-up). */
  standalone: (internetMessageId: string) => boolean;
  /** Whether the ticket's first message has its final record (the pipeline is done with it). */
  processed: (messageId: string) => Promise<boolean>;
  /**
   * Runs an action with every notification dropped (the mock's fault spec at drop=1 until its
   * notifications are gone), so that only the reconcile timer can bring it to the ticket. Used for
   * the first action of each kind.
   */
  unnoticed?: <T>(act: () => Promise<T>) => Promise<T>;
}

const norm = (id: string) => id.trim().replace(/^<|>$/g, '').toLowerCase();

/** Another category than the ticket's (the next one in the list). */
export function otherCategory(current: string): Category {
  const i = CATEGORIES.indexOf(current as Category);
  return CATEGORIES[(i + 1) % CATEGORIES.length]!;
}

/** Words an agent adds above the AI draft: about a fifth of its length, at least four, none of them likely in the draft. */
export function editParagraph(draft: string): string {
  const n = Math.max(4, Math.round(draft.split(/\s+/).filter(Boolean).length / 5));
  const pool = ['Kurzer', 'Nachtrag', 'vom', 'Supportteam', 'zusätzlich', 'geprüft', 'Ticketnummer', 'Rückfrage', 'jederzeit', 'willkommen'];
  return Array.from({ length: n }, (_, i) => pool[i % pool.length]).join(' ') + '.';
}

const OWN_REPLY = 'Thanks, sorted: a colleague fixed this on our side just now.';

export class OutlookActor {
  readonly actions: OutlookAction[] = [];
  readonly errors: string[] = [];
  private readonly used = new Set<string>();
  private readonly outlook: OutlookCall;

  constructor(private readonly o: OutlookActorOptions) {
    this.outlook = outlookClient({ origin: o.graphOrigin, mailbox: o.mailbox, ca: o.ca });
  }

  get done(): boolean {
    return this.actions.length >= this.o.count;
  }

  /** One round: find triaged tickets nobody acted on yet and act on up to `max` of them. */
  async step(max = 2): Promise<void> {
    if (this.done) return;
    const list = z.object({ tickets: z.array(z.object({ id: z.string(), status: z.string(), internetMessageId: z.string(), cardActivityId: z.string().nullable(), draftMessageId: z.string().nullable(), messageCount: z.number() }).passthrough()) }).parse(await httpJson(`${this.o.functionsUrl}/tickets?limit=1000`));
    const candidates = list.tickets.filter((t) => !this.used.has(t.id) && (t.status === 'open' || t.status === 'assigned') && t.cardActivityId && t.draftMessageId && t.messageCount === 1 && this.o.standalone(norm(t.internetMessageId)));
    for (const c of candidates.slice(0, max)) {
      if (this.done) return;
      const t = ActorTicket.parse(await httpJson(`${this.o.functionsUrl}/tickets/${encodeURIComponent(c.id)}`));
      if (t.pass || !t.draftMessageId || !(await this.o.processed(t.messageId))) continue;
      this.used.add(t.id);
      const kind = OUTLOOK_KINDS[this.actions.length % OUTLOOK_KINDS.length]!;
      const blind = this.actions.length < OUTLOOK_KINDS.length && this.o.unnoticed;
      try {
        this.actions.push(blind ? { ...(await blind(() => this.act(kind, t))), unnoticed: true } : await this.act(kind, t));
      } catch (err) {
        this.errors.push(`${kind} on ${t.id}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  private async act(kind: OutlookKind, t: ActorTicket): Promise<OutlookAction> {
    const draftId = t.draftMessageId!;
    const base = { kind, ticketId: t.id, conversationId: t.conversationId, messageId: t.messageId, draftId, from: t.category, at: new Date().toISOString() };
    const msg = (id: string) => `/messages/${encodeURIComponent(id)}`;
    switch (kind) {
      case 'send-unchanged':
        await this.outlook('POST', `${msg(draftId)}/send`);
        return base;
      case 'send-edited': {
        const d = z.object({ body: z.object({ content: z.string() }) }).parse(await this.outlook('GET', `${msg(draftId)}?$select=body`));
        await this.outlook('PATCH', msg(draftId), { body: { contentType: 'html', content: withOwnText(d.body.content, `${editParagraph(t.draft)}\n${t.draft}`) } });
        await this.outlook('POST', `${msg(draftId)}/send`);
        return base;
      }
      case 'own-reply': {
        const d = z.object({ id: z.string() }).parse(await this.outlook('POST', `${msg(t.messageId)}/createReply`, { comment: OWN_REPLY }));
        await this.outlook('POST', `${msg(d.id)}/send`);
        return base;
      }
      case 'category': {
        const m = z.object({ categories: z.array(z.string()) }).parse(await this.outlook('GET', `${msg(t.messageId)}?$select=categories`));
        const to = otherCategory(t.category);
        await this.outlook('PATCH', msg(t.messageId), { categories: [...m.categories.filter((c) => c !== t.category), to] });
        return { ...base, to };
      }
      case 'flag':
        await this.outlook('PATCH', msg(t.messageId), { flag: { flagStatus: 'complete' } });
        return base;
      case 'junk':
        await this.outlook('POST', `${msg(t.messageId)}/move`, { destinationId: 'junkemail' });
        return base;
      case 'read':
        await this.outlook('PATCH', msg(t.messageId), { isRead: true });
        return base;
    }
  }

}

async function httpJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${(await res.text()).slice(0, 200)}`);
  return res.json();
}

/** Conversations in which a reply may legitimately be in Sent Items: those answered from Outlook. */
export function answeredConversations(actions: readonly OutlookAction[]): Set<string> {
  return new Set(actions.filter((a) => SENDS.has(a.kind)).map((a) => a.conversationId));
}

/** Tickets whose AI draft must be gone (answered or closed from Outlook): the draft-per-ticket check leaves them to checkOutlookActions. */
export function closedTickets(actions: readonly OutlookAction[]): Set<string> {
  return new Set(actions.filter((a) => CLOSES.has(a.kind)).map((a) => a.ticketId));
}

export interface OutlookProofInput {
  actions: readonly OutlookAction[];
  tickets: readonly ProofTicket[];
  drafts: readonly { id: string; conversationId?: string | null }[];
  sentItems: readonly { id: string; conversationId?: string | null }[];
  /** Card updates (PUT) sent to the Bot Connector, as JSON text. */
  cardUpdates: readonly string[];
}

export interface OutlookProof {
  /** check name → problems (one line each) */
  checks: { name: string; bad: string[]; total: number; what: string }[];
}

/** Every Outlook action reached its ticket exactly once, nothing was sent twice, no stale AI draft is left. */
export function checkOutlookActions(i: OutlookProofInput): OutlookProof {
  const byId = new Map(i.tickets.map((t) => [t.id, t]));
  const reached: string[] = [];
  const once: string[] = [];
  const sentTwice: string[] = [];
  const stale: string[] = [];
  const cards: string[] = [];
  const count = (t: ProofTicket, action: string) => t.audit.filter((a) => a.action === action).length;
  for (const a of i.actions) {
    const t = byId.get(a.ticketId);
    const name = `${a.kind} on ${a.ticketId}`;
    if (!t) {
      reached.push(`${name}: the ticket is gone`);
      continue;
    }
    const sent = i.sentItems.filter((m) => m.conversationId === a.conversationId).length;
    const drafts = i.drafts.filter((m) => m.conversationId === a.conversationId);
    const want = (ok: boolean, what: string) => ok || reached.push(`${name}: ${what}`);
    switch (a.kind) {
      case 'send-unchanged':
      case 'send-edited':
      case 'own-reply': {
        const use = a.kind === 'send-unchanged' ? 'unchanged' : a.kind === 'send-edited' ? 'edited' : 'none';
        want(t.status === 'sent', `status ${t.status}, expected sent`);
        want(t.repliedVia === 'outlook', `repliedVia ${t.repliedVia ?? 'null'}, expected outlook`);
        want(t.draftUse === use, `draftUse ${t.draftUse ?? 'null'}, expected ${use}`);
        if (count(t, 'sent') !== 1 || count(t, 'replied-again') !== 0) once.push(`${name}: ${count(t, 'sent')} 'sent' and ${count(t, 'replied-again')} 'replied-again' audit entries, expected 1 and 0`);
        if (sent !== 1) sentTwice.push(`${name}: ${sent} messages in Sent Items in its conversation, expected 1`);
        break;
      }
      case 'category': {
        want(t.category === a.to, `category ${t.category}, expected ${a.to}`);
        const mine = t.corrections.filter((c) => c.field === 'category');
        if (mine.length !== 1) once.push(`${name}: ${mine.length} category corrections, expected 1`);
        else want(mine[0]!.from === a.from && mine[0]!.to === a.to && mine[0]!.via === 'outlook', `correction ${mine[0]!.from} → ${mine[0]!.to} via ${mine[0]!.via}, expected ${a.from} → ${a.to} via outlook`);
        if (count(t, 'recategorized') !== 1) once.push(`${name}: ${count(t, 'recategorized')} 'recategorized' audit entries, expected 1`);
        break;
      }
      case 'flag':
      case 'junk': {
        const reason = a.kind === 'junk' ? 'spam' : 'no-reply-needed';
        want(t.status === 'resolved', `status ${t.status}, expected resolved`);
        want(t.resolution?.reason === reason && t.resolution.via === 'outlook', `resolution ${t.resolution ? `${t.resolution.reason} via ${t.resolution.via}` : 'none'}, expected ${reason} via outlook`);
        if (count(t, 'resolved') !== 1) once.push(`${name}: ${count(t, 'resolved')} 'resolved' audit entries, expected 1`);
        break;
      }
      case 'read': {
        want(t.status === 'open' || t.status === 'assigned', `status ${t.status}, expected unchanged (open or assigned)`);
        want(t.category === a.from && t.corrections.length === 0 && !t.resolution, 'reading the message changed the ticket');
        break;
      }
    }
    if (!SENDS.has(a.kind) && sent !== 0) sentTwice.push(`${name}: ${sent} messages in Sent Items in its conversation, expected none`);
    if (CLOSES.has(a.kind)) {
      if (drafts.length) stale.push(`${name}: ${drafts.length} draft(s) left in Drafts in its conversation`);
      if (t.draftMessageId) stale.push(`${name}: the ticket still points at draft ${t.draftMessageId.slice(0, 16)}…`);
    }
    if (a.kind !== 'read' && !i.cardUpdates.some((u) => u.includes(`"${a.ticketId}"`))) cards.push(`${name}: its card was never updated`);
  }
  const n = i.actions.length;
  return {
    checks: [
      { name: 'every Outlook action reached its ticket (status, repliedVia, draftUse, category, resolution)', bad: reached, total: n, what: 'Outlook actions' },
      { name: 'every Outlook action was applied exactly once (audit, corrections)', bad: once, total: n, what: 'Outlook actions' },
      { name: 'nothing was sent twice (Sent Items per conversation)', bad: sentTwice, total: n, what: 'Outlook actions' },
      { name: 'no stale AI draft left for tickets answered or closed in Outlook', bad: stale, total: i.actions.filter((a) => CLOSES.has(a.kind)).length, what: 'tickets' },
      { name: 'the card of every ticket changed in Outlook was updated', bad: cards, total: i.actions.filter((a) => a.kind !== 'read').length, what: 'tickets' },
    ],
  };
}
