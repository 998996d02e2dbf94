// POST /api/messages: the Teams bot endpoint. A thin shim between the Functions v4 fetch-style
// HttpRequest and botbuilder's CloudAdapter.process (which wants an Express-like req/res);
// the adapter validates the Bot Framework JWT, so the route itself is anonymous.
// Not processActivityDirect: it drops invoke responses, and card actions need them.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { getServices } from './app.js';
import { normalizeError } from '../shared/errors.js';
import { createLogger } from '../shared/log.js';
import type { BotEvents, BotGateway } from '../bot/gateway.js';
import type { HttpHandler } from './types.js';

const log = createLogger('functions.messages');

type Bot = { gateway: BotGateway; events: BotEvents };

/** The bot of the process-wide services; botbuilder is loaded with the first activity, not at start. */
const defaultBot = async (): Promise<Bot> => (await import('../bot/index.js')).teamsBotFor(getServices());

export function messagesHandler(bot: () => Bot | Promise<Bot> = defaultBot): HttpHandler {
  return async (req: HttpRequest, ctx: InvocationContext): Promise<HttpResponseInit> => {
    let body: unknown;
    try {
      body = await req.json();
    } catch {
      return { status: 400, jsonBody: { error: 'expected a JSON Bot Framework activity' } };
    }
    const headers: Record<string, string> = {};
    req.headers.forEach((value, name) => {
      headers[name] = value;
    });
    try {
      const { gateway, events } = await bot();
      const res = await gateway.handleRequest({ method: req.method, headers, body }, events);
      const { 'content-type': _ct, 'content-length': _cl, ...rest } = res.headers;
      if (res.body === undefined || res.body === null) return { status: res.status, headers: rest };
      if (typeof res.body === 'string') return { status: res.status, headers: { ...rest, 'content-type': 'text/plain; charset=utf-8' }, body: res.body };
      return { status: res.status, headers: rest, jsonBody: res.body };
    } catch (err) {
      const e = normalizeError(err, 'teams');
      log.error('bot request failed', { invocationId: ctx.invocationId, err: e });
      return { status: e.kind === 'unauthorized' ? 401 : 500, jsonBody: { error: e.kind === 'unauthorized' ? 'unauthorized' : 'the bot could not handle this activity' } };
    }
  };
}
