// Queue trigger on QUEUE_NAME: one {messageId} → processTicket, or one {messageId, change} (a
// change seen in Outlook) → syncOutlookChange. The runtime hands over the parsed JSON; a failure
// is rethrown so the host retries (and, after maxDequeueCount, moves the message to
// <queue>-poison — processTicket has then already marked the ticket 'failed'). A {batch} written by
// the webhook's group commit (shared/storage/coalesce.ts) is fanned out into one message per item.
import type { InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { getServices, type Services } from './app.js';
import { syncOutlookChange } from '../shared/tickets/outlook-sync.js';
import { processTicket } from '../shared/tickets/process.js';
import type { QueueHandler } from './types.js';

export const queueMessageSchema = z.object({
  messageId: z.string().min(1).max(1000),
  source: z.enum(['notification', 'reconcile', 'lifecycle', 'manual']).optional(),
  change: z.object({ folder: z.enum(['inbox', 'sentitems', 'drafts']), type: z.enum(['created', 'updated', 'deleted']), etag: z.string().min(1).max(200).optional() }).optional(),
});
const queueBatchSchema = z.object({ batch: z.array(queueMessageSchema).min(1).max(1000) });

function metadataNumber(ctx: InvocationContext, key: string): number | undefined {
  const v = ctx.triggerMetadata?.[key];
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

export function processTicketHandler(services: () => Services = getServices): QueueHandler {
  return async (message: unknown, ctx: InvocationContext) => {
    const s = services();
    // The runtime parses JSON messages; a string here means it was not JSON.
    const value = typeof message === 'string' ? safeJson(message) : message;
    const batch = queueBatchSchema.safeParse(value);
    if (batch.success) {
      // One message per mail, so each is retried and poisoned on its own; a failure here redelivers the batch.
      await s.queue.enqueueMany(batch.data.batch);
      s.log.info('notification batch fanned out', { invocationId: ctx.invocationId, count: batch.data.batch.length });
      return;
    }
    const parsed = queueMessageSchema.safeParse(value);
    if (!parsed.success) {
      // Retrying cannot fix a malformed message; drop it loudly.
      s.log.error('queue message is not a {messageId}; dropped', { invocationId: ctx.invocationId, problems: parsed.error.issues.map((i) => i.message) });
      return;
    }
    const { change } = parsed.data;
    if (change) {
      await syncOutlookChange(s.outlookSyncDeps(), { messageId: parsed.data.messageId, change });
      return;
    }
    const queueMessageId = ctx.triggerMetadata?.id;
    await processTicket(s.processDeps(), { messageId: parsed.data.messageId }, {
      invocationId: ctx.invocationId,
      queueMessageId: typeof queueMessageId === 'string' ? queueMessageId : undefined,
      dequeueCount: metadataNumber(ctx, 'dequeueCount'),
      maxDequeueCount: s.config.queueMaxDequeueCount,
    });
  };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}
