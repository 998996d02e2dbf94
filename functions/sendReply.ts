// Queue trigger on SEND_QUEUE_NAME: one approved reply → sendReply (send the Outlook draft,
// mark the ticket sent, update the card). Transient failures are rethrown so the host retries;
// a Graph refusal ends as 'send-failed' on the card instead (the human decides to retry).
import type { InvocationContext } from '@azure/functions';
import { getServices, type Services } from './app.js';
import { sendJobSchema, sendReply } from '../shared/teams/send-reply.js';
import type { QueueHandler } from './types.js';

export function sendReplyHandler(services: () => Services = getServices): QueueHandler {
  return async (message: unknown, ctx: InvocationContext) => {
    const s = services();
    const parsed = sendJobSchema.safeParse(typeof message === 'string' ? safeJson(message) : message);
    if (!parsed.success) {
      // Retrying cannot fix a malformed job; drop it loudly.
      s.log.error('send job is not a {ticketId, requestedBy, requestedAt}; dropped', { invocationId: ctx.invocationId, problems: parsed.error.issues.map((i) => i.message) });
      return;
    }
    const dq = Number(ctx.triggerMetadata?.dequeueCount ?? 1);
    await sendReply({ store: s.store, mailbox: s.mailbox, cards: s.cards, log: s.log.child({ invocationId: ctx.invocationId }) }, parsed.data, Number.isFinite(dq) && dq > 0 ? dq : 1);
  };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}
