// GET /api/tickets and GET /api/tickets/{id}: ticket state as JSON (docs/architecture.md#ticket-lifecycle), function-key
// protected in Azure. The list carries the summary fields; one ticket carries everything.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { z } from 'zod';
import { getServices, type Services } from './app.js';
import { TICKET_STATUSES, type Ticket } from '../shared/domain.js';
import type { HttpHandler } from './types.js';

const listQuery = z.object({
  status: z.enum(TICKET_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
const NO_STORE = { 'cache-control': 'no-store' };

export function ticketSummary(t: Ticket) {
  return {
    id: t.id,
    messageId: t.messageId,
    internetMessageId: t.internetMessageId,
    conversationId: t.conversationId,
    from: t.from,
    subject: t.subject,
    receivedAt: t.receivedAt,
    language: t.language,
    category: t.category,
    confidence: t.confidence,
    needsTriage: t.needsTriage,
    triageReasons: t.triageReasons ?? [],
    status: t.status,
    assignee: t.assignee,
    suggestedAssignee: t.suggestedAssignee,
    team: t.team,
    summary: t.summary,
    messageCount: t.messageCount,
    draftMessageId: t.draftMessageId,
    cardConversationId: t.cardConversationId,
    cardActivityId: t.cardActivityId,
    repliedVia: t.repliedVia,
    draftUse: t.draftUse,
    resolution: t.resolution,
    corrections: t.corrections,
    firstResponseAt: t.firstResponseAt,
    firstResponseDueAt: t.firstResponseDueAt,
    firstResponseBusinessMinutes: t.firstResponseBusinessMinutes,
    reminders: t.reminders,
    sentAt: t.sentAt,
    lastError: t.lastError,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

export function ticketDetail(t: Ticket) {
  const { etag: _etag, ...rest } = t;
  return rest;
}

export function listTicketsHandler(services: () => Services = getServices): HttpHandler {
  return async (req: HttpRequest): Promise<HttpResponseInit> => {
    const q = listQuery.safeParse({ status: req.query.get('status') ?? undefined, limit: req.query.get('limit') ?? undefined });
    if (!q.success) return { status: 400, headers: NO_STORE, jsonBody: { error: 'invalid-input', message: q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } };
    const tickets = await services().store.list(q.data.status ? { statuses: [q.data.status] } : {});
    return { status: 200, headers: NO_STORE, jsonBody: { count: tickets.length, tickets: tickets.slice(0, q.data.limit).map(ticketSummary) } };
  };
}

export function getTicketHandler(services: () => Services = getServices): HttpHandler {
  return async (req: HttpRequest): Promise<HttpResponseInit> => {
    const id = req.params.id ?? '';
    if (!/^[A-Za-z0-9-]{1,100}$/.test(id)) return { status: 400, headers: NO_STORE, jsonBody: { error: 'invalid-input', message: 'ticket id is malformed' } };
    const t = await services().store.get(id);
    if (!t) return { status: 404, headers: NO_STORE, jsonBody: { error: 'not-found', message: `no ticket ${id}` } };
    return { status: 200, headers: NO_STORE, jsonBody: ticketDetail(t) };
  };
}
