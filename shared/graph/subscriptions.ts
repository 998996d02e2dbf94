// The Subscriptions port on Microsoft Graph: change-notification subscriptions for the shared
// mailbox's folders (create with immutable ids and the change types asked for, list, renew, delete).
import { z } from 'zod';
import type { Subscription, Subscriptions } from '../ports.js';
import type { GraphRequester } from './request.js';

const graphSubscription = z.object({
  id: z.string(),
  resource: z.string(),
  changeType: z.string().optional(),
  expirationDateTime: z.string(),
  notificationUrl: z.string(),
  lifecycleNotificationUrl: z.string().nullish(),
  clientState: z.string().nullish(),
});
const page = z.object({ value: z.array(graphSubscription), '@odata.nextLink': z.string().optional() });

export class GraphSubscriptions implements Subscriptions {
  constructor(private readonly graph: GraphRequester) {}

  async list(): Promise<Subscription[]> {
    const out: Subscription[] = [];
    let path = '/subscriptions';
    for (let i = 0; i < 100; i++) {
      const p = page.parse(await this.graph.call('listSubscriptions', path, (r) => r.get()));
      out.push(...p.value);
      if (!p['@odata.nextLink']) break;
      path = p['@odata.nextLink'];
    }
    return out;
  }

  async create(input: Parameters<Subscriptions['create']>[0]): Promise<Subscription> {
    const { changeTypes, ...rest } = input;
    const changeType = [...new Set(changeTypes?.length ? changeTypes : ['created'])].join(',');
    // Prefer: IdType="ImmutableId" on create makes the notifications carry immutable ids.
    const raw: unknown = await this.graph.call('createSubscription', '/subscriptions', (r) => r.post({ changeType, ...rest }), { nonIdempotent: true });
    return graphSubscription.parse(raw);
  }

  async renew(id: string, expirationDateTime: string): Promise<Subscription> {
    const raw: unknown = await this.graph.call('renewSubscription', `/subscriptions/${encodeURIComponent(id)}`, (r) => r.patch({ expirationDateTime }));
    return graphSubscription.parse(raw);
  }

  async remove(id: string): Promise<void> {
    await this.graph.call('removeSubscription', `/subscriptions/${encodeURIComponent(id)}`, (r) => r.delete());
  }
}
