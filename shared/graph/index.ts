// Microsoft Graph adapters: one SDK client, one request policy, the Mailbox and Subscriptions ports.
import type { Config } from '../config.js';
import { createGraphClient } from './client.js';
import { GraphMailbox } from './mailbox.js';
import { DEFAULT_GRAPH_POLICY, GraphRequester, type GraphPolicy } from './request.js';
import { GraphSubscriptions } from './subscriptions.js';

export { createGraphClient, createGraphCredential, graphEndpoint } from './client.js';
export { GraphMailbox, CATEGORY_COLOURS, toMailboxMessage } from './mailbox.js';
export { GraphSubscriptions } from './subscriptions.js';
export { GraphRequester, DEFAULT_GRAPH_POLICY, type GraphPolicy } from './request.js';

export interface GraphAdapters {
  mailbox: GraphMailbox;
  subscriptions: GraphSubscriptions;
  requester: GraphRequester;
}

/** Both Graph ports over one client and one concurrency gate (Outlook counts requests per app + mailbox). */
export function createGraphAdapters(config: Config, opts: { policy?: Partial<GraphPolicy>; onRequest?: (op: string) => void } = {}): GraphAdapters {
  const requester = new GraphRequester(createGraphClient(config), { ...DEFAULT_GRAPH_POLICY, ...opts.policy }, opts.onRequest);
  return { requester, mailbox: new GraphMailbox(requester, config.supportMailbox), subscriptions: new GraphSubscriptions(requester) };
}
