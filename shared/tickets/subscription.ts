// Keeps the Inbox change-notification subscription alive: created at first run, renewed at half
// its lifetime, recreated when Graph removed it; its ids are kept in state so the webhook can
// tell Graph's notifications from forged ones.
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Subscription, Subscriptions, TicketStore } from '../ports.js';

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

export function inboxResource(mailbox: string): string {
  return `users/${mailbox}/mailFolders('Inbox')/messages`;
}

export async function readSubscriptionState(store: TicketStore): Promise<SubscriptionState> {
  return (await store.getState<SubscriptionState>(SUBSCRIPTION_STATE_KEY)) ?? { current: null, knownIds: [] };
}

async function remember(deps: SubscriptionDeps, sub: Subscription, now: Date): Promise<void> {
  const state = await readSubscriptionState(deps.store);
  const knownIds = [sub.id, ...state.knownIds.filter((id) => id !== sub.id)].slice(0, KNOWN_IDS);
  await deps.store.putState<SubscriptionState>(SUBSCRIPTION_STATE_KEY, {
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

async function create(deps: SubscriptionDeps, now: Date): Promise<{ action: SubscriptionAction; subscription: Subscription }> {
  const { settings } = deps;
  const resource = inboxResource(settings.mailbox);
  try {
    const subscription = await deps.subscriptions.create({
      resource,
      notificationUrl: settings.notificationUrl,
      lifecycleNotificationUrl: settings.lifecycleUrl,
      clientState: settings.clientState,
      expirationDateTime: expiry(deps, now),
    });
    await remember(deps, subscription, now);
    deps.log.info('subscription created', { subscriptionId: subscription.id, expires: subscription.expirationDateTime });
    return { action: 'created', subscription };
  } catch (err) {
    if (!(err instanceof AppError && err.kind === 'conflict')) throw err;
    // Graph keeps one subscription per resource and change type: take it over.
    const existing = (await deps.subscriptions.list()).find((s) => sameResource(s.resource, resource));
    if (!existing) throw err;
    if (existing.notificationUrl !== settings.notificationUrl) {
      await deps.subscriptions.remove(existing.id);
      return create(deps, now);
    }
    const subscription = await deps.subscriptions.renew(existing.id, expiry(deps, now));
    await remember(deps, subscription, now);
    deps.log.info('subscription adopted', { subscriptionId: subscription.id });
    return { action: 'adopted', subscription };
  }
}

/** Renews one subscription now; recreates it when Graph no longer knows it (404). */
export async function renewSubscription(deps: SubscriptionDeps, id: string): Promise<{ action: SubscriptionAction; subscription: Subscription }> {
  const now = deps.now?.() ?? new Date();
  try {
    const subscription = await deps.subscriptions.renew(id, expiry(deps, now));
    await remember(deps, subscription, now);
    deps.log.info('subscription renewed', { subscriptionId: id, expires: subscription.expirationDateTime });
    return { action: 'renewed', subscription };
  } catch (err) {
    if (err instanceof AppError && err.kind === 'not-found') return create(deps, now);
    throw err;
  }
}

/**
 * Makes sure the Inbox subscription exists and has at least half its lifetime left. Lists the live
 * subscriptions (one request) so that one removed behind our back is noticed on the next run.
 */
export async function ensureSubscription(deps: SubscriptionDeps): Promise<{ action: SubscriptionAction; subscription: Subscription }> {
  const now = deps.now?.() ?? new Date();
  const state = await readSubscriptionState(deps.store);
  const live = await deps.subscriptions.list();
  const resource = inboxResource(deps.settings.mailbox);
  const mine =
    live.find((s) => s.id === state.current?.id) ??
    live.find((s) => sameResource(s.resource, resource) && s.notificationUrl === deps.settings.notificationUrl);
  if (!mine) return create(deps, now);
  const remainingMs = Date.parse(mine.expirationDateTime) - now.getTime();
  if (remainingMs <= (deps.settings.lifetimeMinutes * 60_000) / 2) return renewSubscription(deps, mine.id);
  if (mine.id !== state.current?.id) {
    await remember(deps, mine, now);
    return { action: 'adopted', subscription: mine };
  }
  return { action: 'kept', subscription: mine };
}
