// Teams side of the security suite: the pipeline world with the real bot plugged in (cards through
// botbuilder to a stand-in Bot Connector), tickets made from real mail, and card clicks or any
// other activity posted to the real POST /api/messages handler.
import { randomUUID } from 'node:crypto';
import azf from '@azure/functions';
import { startFakeConnector, type FakeConnector } from '../../bot/fake-connector.js';
import { createTeamsCards, teamsBotFor } from '../../bot/index.js';
import type { BotEvents, BotGateway } from '../../bot/gateway.js';
import { messagesHandler } from '../../functions/messages.js';
import type { Ticket } from '../../shared/domain.js';
import { startPipelineWorld, type PipelineWorld } from './harness.js';

const { HttpRequest, InvocationContext } = azf;
export const CHANNEL = '19:security-suite@thread.tacv2';
export const TEAM = 'team-security-suite';
export const TENANT = '00000000-0000-0000-0000-000000000001';
export const CARD_REPLY = 'application/vnd.microsoft.card.adaptive';
export const MESSAGE_REPLY = 'application/vnd.microsoft.activity.message';

export interface InvokeReplyBody {
  statusCode: number;
  type: string;
  value: unknown;
}

/** An Action.Execute click on a ticket card as Teams sends it to the bot (an `invoke` activity). */
export function cardInvoke(o: {
  verb: string;
  data: unknown;
  user: { aadObjectId: string; name: string };
  conversationId: string | null | undefined;
  serviceUrl: string;
  tenantId: string;
  teamId: string;
  channelId: string;
}): Record<string, unknown> {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    channelId: 'msteams',
    id: `act-${randomUUID()}`,
    serviceUrl: o.serviceUrl,
    from: { id: `29:${o.user.aadObjectId}`, name: o.user.name, aadObjectId: o.user.aadObjectId },
    recipient: { id: '28:bot', name: 'Studyflash Support' },
    conversation: { id: o.conversationId, conversationType: 'channel', isGroup: true, tenantId: o.tenantId },
    channelData: { team: { id: o.teamId }, channel: { id: o.channelId }, tenant: { id: o.tenantId } },
    value: { action: { type: 'Action.Execute', verb: o.verb, data: o.data }, trigger: 'manual' },
  };
}

export interface TeamsWorld {
  world: PipelineWorld;
  connector: FakeConnector;
  /** How often the bot's event handlers were reached (0 when authentication stopped a request). */
  eventsReached(): number;
  /** A fresh ticket from a real mail through the pipeline (draft in the mock's Drafts, card posted). */
  ticketFromMail(): Promise<Ticket>;
  /** An Action.Execute click on the ticket's card, through POST /api/messages. */
  invoke(verb: string, data: Record<string, unknown>, user: { aadObjectId: string; name: string }, t: Ticket, opts?: { tenantId?: string; headers?: Record<string, string> }): Promise<{ status: number; reply: InvokeReplyBody }>;
  /** Any body (activity or not) to POST /api/messages. */
  post(body: string, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/**
 * `cards: 'recorded'` keeps the pipeline's cards off the Bot Connector (with BOT_APP_ID set, posting
 * needs a token from Entra, which is unreachable offline); clicks still go through the bot.
 */
export async function startTeamsWorld(env: Record<string, string> = {}, opts: { cards?: 'bot' | 'recorded' } = {}): Promise<TeamsWorld> {
  const connector = await startFakeConnector({ teamId: TEAM, channels: [{ id: CHANNEL, name: 'Support' }], members: [] });
  const world = await startPipelineWorld({
    env: { TEAMS_SERVICE_URL: connector.url, TEAMS_CHANNEL_ID: CHANNEL, TEAMS_TEAM_ID: TEAM, BOT_TENANT_ID: TENANT, ...env },
    overrides: (opts.cards ?? 'bot') === 'bot' ? { cardsFactory: createTeamsCards } : {},
  });
  let reached = 0;
  const bot = (): { gateway: BotGateway; events: BotEvents } => {
    const real = teamsBotFor(world.services);
    const count = <A extends unknown[], R>(f: (...a: A) => Promise<R>) => (...a: A) => {
      reached++;
      return f(...a);
    };
    return { gateway: real.gateway, events: { cardAction: count(real.events.cardAction), installed: count(real.events.installed), message: count(real.events.message) } };
  };
  const handler = messagesHandler(bot);
  const post = async (body: string, headers: Record<string, string> = {}) => {
    const req = new HttpRequest({ method: 'POST', url: 'http://localhost/api/messages', body: { string: body }, headers: { 'content-type': 'application/json', ...headers } });
    const res = await handler(req, new InvocationContext({ invocationId: randomUUID(), functionName: 'messages', logHandler: () => {} }));
    return { status: res.status ?? 200, body: (res.jsonBody ?? res.body) as unknown };
  };
  let seq = 0;
  return {
    world,
    connector,
    eventsReached: () => reached,
    post,
    async ticketFromMail() {
      const n = ++seq;
      const raw = [
        'From: Jana Muster <jana.muster@example.ch>',
        'To: support@studyflash.test',
        `Subject: Quiz lädt nicht (${n})`,
        `Message-ID: <teams-kit-${n}-${randomUUID()}@customer.test>`,
        'Date: Wed, 25 Nov 2026 09:00:00 +0000',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Hallo, seit heute Morgen lädt der Quiz-Modus in der App nicht mehr, es kommt nur ein leerer Bildschirm. Gruss Jana',
      ].join('\r\n');
      const { outcome } = await world.deliverAndProcess(raw);
      if (outcome.outcome !== 'ticket') throw new Error(`expected a ticket, got ${JSON.stringify(outcome)}`);
      return (await world.store.get(outcome.ticketId))!;
    },
    async invoke(verb, data, user, t, opts = {}) {
      const activity = cardInvoke({ verb, data, user, conversationId: t.cardConversationId, serviceUrl: connector.url, tenantId: opts.tenantId ?? TENANT, teamId: TEAM, channelId: CHANNEL });
      const res = await post(JSON.stringify(activity), opts.headers);
      return { status: res.status, reply: res.body as InvokeReplyBody };
    },
    async close() {
      await world.close();
      await connector.close();
    },
  };
}
