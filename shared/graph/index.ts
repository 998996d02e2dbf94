// Microsoft Graph adapters: one SDK client, one request policy, the Mailbox and Subscriptions ports.
import type { Config } from '../config.js';
import { createGraphClient } from './client.js';
import { GraphMailbox } from './mailbox.js';
import { DEFAULT_GRAPH_POLICY, GraphRequester, type GraphPolicy } from './request.js';
import { GraphSubscriptions } from './subscriptions.js';
import { Semaphore, type Gate } from './limit.js';
import { SharedGate } from './shared-gate.js';

export { createGraphClient, createGraphCredential, graphEndpoint } from './client.js';
export { GraphMailbox, CATEGORY_COLOURS, toMailboxMessage } from './mailbox.js';
export { GraphSubscriptions } from './subscriptions.js';
export { GraphRequester, DEFAULT_GRAPH_POLICY, type GraphPolicy } from './request.js';
export { Semaphore, type Gate } from './limit.js';
export { SharedGate, type SharedGateStats } from './shared-gate.js';

export interface GraphAdapters {
  mailbox: GraphMailbox;
  subscriptions: GraphSubscriptions;
  requester: GraphRequester;
}

/**
 * The concurrency gate GRAPH_GATE asks for: `storage` holds every instance of the app together to
 * the limit (blob-lease slots, shared-gate.ts); `process` holds this process only.
 */
export function createGraphGate(config: Pick<Config, 'graphGate' | 'storageConnection' | 'supportMailbox'>, concurrency: number): Gate {
  switch (config.graphGate) {
    case 'storage':
      return new SharedGate({ connection: config.storageConnection, mailbox: config.supportMailbox, slots: concurrency });
    case 'process':
      return new Semaphore(concurrency);
  }
}

/** Both Graph ports over one client and one concurrency gate (Outlook counts requests per app + mailbox). */
export function createGraphAdapters(config: Config, opts: { policy?: Partial<GraphPolicy>; onRequest?: (op: string) => void; gate?: Gate } = {}): GraphAdapters {
  const policy = { ...DEFAULT_GRAPH_POLICY, ...opts.policy };
  const gate = opts.gate ?? createGraphGate(config, policy.concurrency);
  const requester = new GraphRequester(createGraphClient(config), policy, opts.onRequest, gate);
  return { requester, mailbox: new GraphMailbox(requester, config.supportMailbox), subscriptions: new GraphSubscriptions(requester) };
}
