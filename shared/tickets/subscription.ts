// Keeps the mailbox's change-notification subscriptions alive — the Inbox (created, updated,
// deleted: new mail, and what people do to it in Outlook) and Sent Items (created: replies that
// left the mailbox): created at first run, renewed at half their lifetime, recreated when Graph
// removed them or their change types are not the ones needed; their ids are kept in state so the
// webhook can tell Graph's notifications from forged ones, and which folder each one watches.
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { ChangeType, Subscription, Subscriptions, TicketStore } from '../ports.js';

export const SUBSCRIPTION_STATE_KEY = 'graph-subscription';
/** How many past subscription ids still count as ours (notifications in flight after a recreate). */
const KNOWN_IDS = 5;

export interface SubscriptionState {
  current: { id: string; resource: string; notificationUrl: string; expirationDateTime: string; renewedAt: string } | null;
  knownIds: string[];
}

export interface SubscriptionSettings {
  mailbox: string;
  notificationUrl: string;
  lifecycleUrl: string;
  clientState: string;
  lifetimeMinutes: number;
}

export interface SubscriptionDeps {
  subscriptions: Subscriptions;
  store: TicketStore;
  settings: SubscriptionSettings;
  log: Logger;
  now?: () => Date;
}

export type SubscriptionAction = 'kept' | 'renewed' | 'created' | 'adopted';

/** One watched folder: its subscription resource, change types and where its state is kept. */
export interface Watch {
  folder: 'inbox' | 'sentitems' | 'drafts';
  wellKnownName: 'Inbox' | 'SentItems' | 'Drafts';
  changeTypes: readonly ChangeType[];
  stateKey: string;
}

export const INBOX_WATCH: Watch = { folder: 'inbox', wellKnownName: 'Inbox', changeTypes: ['created', 'updated', 'deleted'], stateKey: SUBSCRIPTION_STATE_KEY };
export const SENT_ITEMS_WATCH: Watch = { folder: 'sentitems', wellKnownName: 'SentItems', changeTypes: ['created'], stateKey: `${SUBSCRIPTION_STATE_KEY}-sentitems` };
/** Drafts (deleted): an AI draft that leaves Drafts without a copy in Sent Items (see outlook-sync.ts). */
export const DRAFTS_WATCH: Watch = { folder: 'drafts', wellKnownName: 'Drafts', changeTypes: ['deleted'], stateKey: `${SUBSCRIPTION_STATE_KEY}-drafts` };
export const WATCHES: readonly Watch[] = [INBOX_WATCH, SENT_ITEMS_WATCH, DRAFTS_WATCH];

export function folderResource(mailbox: string, watch: Watch): string {
  return `users/${mailbox}/mailFolders('${watch.wellKnownName}')/messages`;
}

export function inboxResource(mailbox: string): string {
  return folderResource(mailbox, INBOX_WATCH);
}

export async function readSubscriptionState(store: TicketStore, watch: Watch = INBOX_WATCH): Promise<SubscriptionState> {
  return (await store.getState<SubscriptionState>(watch.stateKey)) ?? { current: null, knownIds: [] };
}

/** Which watched folder a subscription id of ours belongs to (null: not ours, as far as state knows). */
export async function knownSubscriptions(store: TicketStore): Promise<Map<string, Watch['folder']>> {
  const out = new Map<string, Watch['folder']>();
  for (const w of WATCHES) for (const id of (await readSubscriptionState(store, w)).knownIds) out.set(id, w.folder);
  return out;
}

function sameChangeTypes(a: string | null | undefined, b: readonly ChangeType[]): boolean {
  if (!a) return true; // an adapter that does not report it: trust the resource
  const norm = (x: readonly string[]) => x.map((p) => p.trim().toLowerCase()).sort().join(',');
  return norm(a.split(',')) === norm(b);
}

async function remember(deps: SubscriptionDeps, sub: Subscription, now: Date, watch: Watch): Promise<void> {
  const state = await readSubscriptionState(deps.store, watch);
  const knownIds = [sub.id, ...state.knownIds.filter((id) => id !== sub.id)].slice(0, KNOWN_IDS);
  await deps.store.putState<SubscriptionState>(watch.stateKey, {
    current: { id: sub.id, resource: sub.resource, notificationUrl: sub.notificationUrl, expirationDateTime: sub.expirationDateTime, renewedAt: now.toISOString() },
    knownIds,
  });
}

function expiry(deps: SubscriptionDeps, now: Date): string {
  return new Date(now.getTime() + deps.settings.lifetimeMinutes * 60_000).toISOString();
}

function sameResource(a: string, b: string): boolean {
  return a.toLowerCase().replace(/^\//, '') === b.toLowerCase().replace(/^\//, '');
}

async function create(deps: SubscriptionDeps, now: Date, watch: Watch): Promise<{ action: SubscriptionAction; subscription: Subscription }> {
  const { settings } = deps;
  const resource = folderResource(settings.mailbox, watch);
  try {
    const subscription = await deps.subscriptions.create({
      resource,
      changeTypes: watch.changeTypes,
      notificationUrl: settings.notificationUrl,
      lifecycleNotificationUrl: settings.lifecycleUrl,
      clientState: settings.clientState,
      expirationDateTime: expiry(deps, now),
    });
    await remember(deps, subscription, now, watch);
    deps.log.info('subscription created', { subscriptionId: subscription.id, folder: watch.folder, expires: subscription.expirationDateTime });
    return { action: 'created', subscription };
  } catch (err) {
    if (!(err instanceof AppError && err.kind === 'conflict')) throw err;
    // Graph keeps one subscription per resource and change type: take it over.
    const existing = (await deps.subscriptions.list()).find((s) => sameResource(s.resource, resource) && sameChangeTypes(s.changeType, watch.changeTypes));
    if (!existing) throw err;
    if (existing.notificationUrl !== settings.notificationUrl) {
      await deps.subscriptions.remove(existing.id);
      return create(deps, now, watch);
    }
    const subscription = await deps.subscriptions.renew(existing.id, expiry(deps, now));
    await remember(deps, subscription, now, watch);
    deps.log.info('subscription adopted', { subscriptionId: subscription.id });
    return { action: 'adopted', subscription };
  }
}

/** The watch a subscription id of ours belongs to (the Inbox when state does not know it). */
export async function watchOf(store: TicketStore, id: string): Promise<Watch> {
  const folder = (await knownSubscriptions(store)).get(id);
  return WATCHES.find((w) => w.folder === folder) ?? INBOX_WATCH;
}

/** Renews one subscription now; recreates it when Graph no longer knows it (404). */
export async function renewSubscription(deps: SubscriptionDeps, id: string, known?: Watch): Promise<{ action: SubscriptionAction; subscription: Subscription }> {
  const now = deps.now?.() ?? new Date();
  const watch = known ?? (await watchOf(deps.store, id));
  try {
    const subscription = await deps.subscriptions.renew(id, expiry(deps, now));
    await remember(deps, subscription, now, watch);
    deps.log.info('subscription renewed', { subscriptionId: id, folder: watch.folder, expires: subscription.expirationDateTime });
    return { action: 'renewed', subscription };
  } catch (err) {
    if (err instanceof AppError && err.kind === 'not-found') return create(deps, now, watch);
    throw err;
  }
}

/** ensureSubscription for every watched folder (one list request for all); the Inbox's result first. */
export async function ensureSubscriptions(deps: SubscriptionDeps): Promise<{ action: SubscriptionAction; subscription: Subscription }[]> {
  const live = await deps.subscriptions.list();
  const out = [];
  for (const w of WATCHES) out.push(await ensureSubscription(deps, w, live));
  return out;
}

/**
 * Makes sure a folder's subscription exists with the change types it needs and has at least half
 * its lifetime left. Lists the live subscriptions (one request, or `live` when the caller has
 * them) so that one removed behind our back is noticed on the next run. A subscription of ours
 * with other change types (e.g. an Inbox subscription from before Outlook sync) is replaced.
 */
export async function ensureSubscription(deps: SubscriptionDeps, watch: Watch = INBOX_WATCH, live?: Subscription[]): Promise<{ action: SubscriptionAction; subscription: Subscription }> {
  const now = deps.now?.() ?? new Date();
  const state = await readSubscriptionState(deps.store, watch);
  live ??= await deps.subscriptions.list();
  const resource = folderResource(deps.settings.mailbox, watch);
  const mine =
    live.find((s) => s.id === state.current?.id) ??
    live.find((s) => sameResource(s.resource, resource) && s.notificationUrl === deps.settings.notificationUrl);
  if (!mine) return create(deps, now, watch);
  if (!sameChangeTypes(mine.changeType, watch.changeTypes)) {
    await deps.subscriptions.remove(mine.id);
    deps.log.info('subscription replaced for its change types', { subscriptionId: mine.id, was: mine.changeType, folder: watch.folder });
    return create(deps, now, watch);
  }
  const remainingMs = Date.parse(mine.expirationDateTime) - now.getTime();
  if (remainingMs <= (deps.settings.lifetimeMinutes * 60_000) / 2) return renewSubscription(deps, mine.id, watch);
  if (mine.id !== state.current?.id) {
    await remember(deps, mine, now, watch);
    return { action: 'adopted', subscription: mine };
  }
  return { action: 'kept', subscription: mine };
}
