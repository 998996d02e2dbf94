// Change-notification subscriptions: the validation handshake, expiry, `created`/`updated`/`deleted`
// notifications in Graph's payload shape batched per endpoint, bounded retries with backoff when an
// endpoint fails or is slow, lifecycle events, and the notification faults (drop/duplicate/delay).
import { randomUUID } from 'node:crypto';
import { GraphError } from './errors.js';
import type { Faults } from './faults.js';
import { immutableId, opaqueId, restId } from './ids.js';
import type { MockGraphStats } from './stats.js';
import { WELL_KNOWN_FOLDERS, type ChangeType, type MailboxStore, type StoreEvent, type WellKnownFolder } from './store.js';

export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';
export const LIFECYCLE_EVENTS: readonly LifecycleEvent[] = ['reauthorizationRequired', 'subscriptionRemoved', 'missed'];

export interface SubscriptionRecord {
  id: string;
  resource: string;
  changeTypes: ChangeType[];
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  expiresAt: number;
  /** null = the whole mailbox */
  folder: WellKnownFolder | null;
  immutableIds: boolean;
  applicationId: string;
  reauthorizationRequired: boolean;
}

export interface RetryPolicy {
  /** total POST attempts per batch, including the first */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** an endpoint slower than this counts as failed (Graph: 10 s) */
  timeoutMs: number;
}

export interface SubscriptionSettings {
  tenantId: string;
  maxMinutes: number;
  /** shorter requested lifetimes are raised to this (Graph: 45) */
  minMinutes: number;
  validationTimeoutMs: number;
  batchMs: number;
  maxBatch: number;
  retry: RetryPolicy;
}

type NotificationItem = Record<string, unknown>;

/** Graph's subscriptionExpirationDateTime form: 7 fractional digits and +00:00. */
function notificationDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000+00:00');
}

export function isAllowedEndpoint(u: string): boolean {
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  // The local world's Functions host is plain http on localhost; Graph itself requires https.
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

export class SubscriptionManager {
  private readonly subs = new Map<string, SubscriptionRecord>();
  private readonly queues = new Map<string, NotificationItem[]>();
  private readonly flushTimers = new Map<string, NodeJS.Timeout>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly store: MailboxStore,
    readonly settings: SubscriptionSettings,
    private readonly faults: Faults,
    private readonly stats: MockGraphStats,
  ) {
    store.onChange((e) => this.onStoreChange(e));
    this.sweeper = setInterval(() => this.sweepExpired(), 1000);
    this.sweeper.unref();
  }

  // ----- CRUD -----
  list(): SubscriptionRecord[] {
    this.sweepExpired();
    return [...this.subs.values()];
  }

  get(id: string): SubscriptionRecord {
    this.sweepExpired();
    const s = this.subs.get(id);
    if (!s) throw new GraphError(404, 'ResourceNotFound', `The object was not found. Subscription '${id}' does not exist or has expired.`);
    return s;
  }

  /** Expiry as Graph applies it: in the future, raised to the minimum, refused beyond the maximum. */
  checkExpiry(iso: string): number {
    const t = Date.parse(iso);
    if (Number.isNaN(t)) throw new GraphError(400, 'InvalidRequest', `Invalid expirationDateTime '${iso}'.`);
    const now = Date.now();
    if (t <= now) throw new GraphError(400, 'InvalidRequest', 'Subscription expiration must be in the future.');
    if (t > now + this.settings.maxMinutes * 60_000) {
      throw new GraphError(400, 'ExtensionError', `Subscription expiration can only be ${this.settings.maxMinutes} minutes in the future.`);
    }
    return Math.max(t, now + this.settings.minMinutes * 60_000);
  }

  async create(input: Omit<SubscriptionRecord, 'id' | 'reauthorizationRequired' | 'expiresAt'> & { expirationDateTime: string }): Promise<SubscriptionRecord> {
    const expiresAt = this.checkExpiry(input.expirationDateTime);
    for (const u of [input.notificationUrl, input.lifecycleNotificationUrl]) {
      if (u !== null && !isAllowedEndpoint(u)) throw new GraphError(400, 'InvalidRequest', `The notification URL '${u}' must use HTTPS.`);
    }
    this.assertNoDuplicate(input.folder, input.changeTypes);
    await this.validateEndpoint(input.notificationUrl);
    if (input.lifecycleNotificationUrl) await this.validateEndpoint(input.lifecycleNotificationUrl);
    this.assertNoDuplicate(input.folder, input.changeTypes); // another create may have won meanwhile
    const { expirationDateTime: _ignored, ...rest } = input;
    const sub: SubscriptionRecord = { ...rest, id: randomUUID(), expiresAt, reauthorizationRequired: false };
    this.subs.set(sub.id, sub);
    return sub;
  }

  /** Same resource (however it is spelled: UPN or id, folder name or id) and same change types. */
  private assertNoDuplicate(folder: WellKnownFolder | null, changeTypes: ChangeType[]): void {
    const key = (f: WellKnownFolder | null, c: ChangeType[]): string => `${f ?? '*'}|${[...c].sort().join(',')}`;
    for (const s of this.list()) {
      if (key(s.folder, s.changeTypes) === key(folder, changeTypes)) {
        throw new GraphError(409, 'ExtensionError', `Subscription Id ${s.id} already exists for the requested combination`);
      }
    }
  }

  async renew(id: string, patch: { expirationDateTime?: string; notificationUrl?: string }): Promise<SubscriptionRecord> {
    const sub = this.get(id);
    const expiresAt = patch.expirationDateTime !== undefined ? this.checkExpiry(patch.expirationDateTime) : sub.expiresAt;
    if (patch.notificationUrl !== undefined && patch.notificationUrl !== sub.notificationUrl) {
      if (!isAllowedEndpoint(patch.notificationUrl)) throw new GraphError(400, 'InvalidRequest', `The notification URL '${patch.notificationUrl}' must use HTTPS.`);
      await this.validateEndpoint(patch.notificationUrl);
      sub.notificationUrl = patch.notificationUrl;
    }
    sub.expiresAt = expiresAt;
    sub.reauthorizationRequired = false; // a PATCH also reauthorizes
    return sub;
  }

  reauthorize(id: string): void {
    this.get(id).reauthorizationRequired = false;
  }

  delete(id: string): void {
    this.get(id);
    this.subs.delete(id);
  }

  /** Ends subscriptions whose time is up; they stop delivering at once. */
  sweepExpired(now = Date.now()): void {
    for (const [id, s] of this.subs) if (s.expiresAt <= now) this.subs.delete(id);
  }

  /** Test helper: make a subscription expire now. */
  expireNow(id: string): void {
    this.get(id).expiresAt = Date.now();
    this.sweepExpired();
  }

  // ----- validation handshake -----
  private async validateEndpoint(url: string): Promise<void> {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    const target = `${url}${url.includes('?') ? '&' : '?'}validationToken=${encodeURIComponent(token)}`;
    this.stats.validations++;
    let res: Response;
    try {
      res = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: '',
        signal: AbortSignal.timeout(this.settings.validationTimeoutMs),
      });
    } catch (err) {
      const timedOut = (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError';
      throw new GraphError(400, 'ValidationError', timedOut
        ? 'Subscription validation request timed out.'
        : 'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.');
    }
    const text = await res.text().catch(() => '');
    const contentType = res.headers.get('content-type') ?? '';
    if (res.status !== 200) {
      throw new GraphError(400, 'ValidationError', 'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.');
    }
    if (text !== token || !contentType.toLowerCase().startsWith('text/plain')) {
      throw new GraphError(400, 'ValidationError', 'Subscription validation request failed. Response must exactly match validationToken query parameter (as text/plain).');
    }
  }

  // ----- notifications -----
  private onStoreChange(e: StoreEvent): void {
    if (this.closed) return;
    const now = Date.now();
    for (const sub of this.subs.values()) {
      if (sub.expiresAt <= now) continue;
      if (sub.folder !== null && sub.folder !== e.folder) continue;
      // Graph's move creates a copy in the destination and deletes the original: `deleted` for the
      // source folder, `created` for the destination; a whole-mailbox subscription hears both.
      const changeType: ChangeType = e.type;
      if (!sub.changeTypes.includes(changeType)) continue;
      const id = sub.immutableIds ? immutableId(e.message.key) : restId(e.message.key, WELL_KNOWN_FOLDERS.indexOf(e.folder));
      const resource = `Users/${this.store.userGuid}/Messages/${id}`;
      this.enqueue(sub.notificationUrl, {
        id: opaqueId(18),
        subscriptionId: sub.id,
        subscriptionExpirationDateTime: notificationDate(sub.expiresAt),
        clientState: sub.clientState,
        changeType,
        resource,
        tenantId: this.settings.tenantId,
        resourceData: { '@odata.type': '#Microsoft.Graph.Message', '@odata.id': resource, '@odata.etag': `W/"${e.message.changeKey}"`, id },
      });
    }
  }

  /** Sends a lifecycle event for a subscription to its lifecycleNotificationUrl. */
  triggerLifecycle(id: string, event: LifecycleEvent): void {
    const sub = this.get(id);
    if (!sub.lifecycleNotificationUrl) throw new GraphError(400, 'InvalidRequest', `Subscription ${id} has no lifecycleNotificationUrl.`);
    this.stats.lifecycleEventsSent++;
    this.enqueue(sub.lifecycleNotificationUrl, {
      subscriptionId: sub.id,
      subscriptionExpirationDateTime: notificationDate(sub.expiresAt),
      tenantId: this.settings.tenantId,
      clientState: sub.clientState,
      lifecycleEvent: event,
    }, true);
    switch (event) {
      case 'reauthorizationRequired': sub.reauthorizationRequired = true; break;
      case 'subscriptionRemoved': this.subs.delete(sub.id); break;
      case 'missed': break;
    }
  }

  private enqueue(url: string, item: NotificationItem, lifecycle = false): void {
    if (!lifecycle && this.faults.chance(this.faults.rates.drop)) {
      this.stats.notificationsDropped++;
      return;
    }
    const copies = !lifecycle && this.faults.chance(this.faults.rates.duplicate) ? 2 : 1;
    if (copies === 2) this.stats.notificationsDuplicated++;
    for (let i = 0; i < copies; i++) {
      const delay = this.faults.rates.delayMs > 0 ? Math.floor(this.faults.random() * this.faults.rates.delayMs) : 0;
      // A duplicate goes out in a later POST, as Graph's replays do.
      const extra = i === 0 ? 0 : this.settings.batchMs + 1;
      if (delay + extra > 0) this.later(delay + extra, () => this.push(url, item));
      else this.push(url, item);
    }
  }

  private push(url: string, item: NotificationItem): void {
    if (this.closed) return;
    const q = this.queues.get(url) ?? [];
    q.push(item);
    this.queues.set(url, q);
    if (q.length >= this.settings.maxBatch) {
      this.flush(url);
      return;
    }
    if (!this.flushTimers.has(url)) {
      const t = setTimeout(() => this.flush(url), this.settings.batchMs);
      this.flushTimers.set(url, t);
    }
  }

  private flush(url: string): void {
    const t = this.flushTimers.get(url);
    if (t) clearTimeout(t);
    this.flushTimers.delete(url);
    const items = this.queues.get(url) ?? [];
    this.queues.delete(url);
    if (items.length) this.track(this.deliver(url, items, 1));
  }

  private async deliver(url: string, items: NotificationItem[], attempt: number): Promise<void> {
    if (this.closed) return;
    this.stats.notificationPosts++;
    let ok = false;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ value: items }),
        signal: AbortSignal.timeout(this.settings.retry.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      ok = res.status >= 200 && res.status < 300;
    } catch {
      ok = false;
    }
    if (ok) {
      this.stats.notificationsSent += items.filter((i) => 'changeType' in i).length;
      return;
    }
    this.stats.notificationPostFailures++;
    if (attempt >= this.settings.retry.attempts) {
      this.stats.notificationsDiscarded += items.length;
      return;
    }
    const delay = Math.min(this.settings.retry.maxDelayMs, this.settings.retry.baseDelayMs * 2 ** (attempt - 1));
    this.later(delay, () => this.track(this.deliver(url, items, attempt + 1)));
  }

  private later(ms: number, fn: () => void): void {
    if (this.closed) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private track(p: Promise<unknown>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Resolves once nothing is queued, waiting to be retried, or in flight. */
  async idle(): Promise<void> {
    while (this.pending.size || this.timers.size || this.flushTimers.size) {
      await Promise.all([...this.pending]);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  close(): void {
    this.closed = true;
    clearInterval(this.sweeper);
    for (const t of [...this.timers, ...this.flushTimers.values()]) clearTimeout(t);
    this.timers.clear();
    this.flushTimers.clear();
  }
}
