// The Teams side of the product, as the composition root and the functions use it.
//   createTeamsCards(config, ports)   TicketCards for the pipeline (functions/app.ts cardsFactory)
//   teamsBotFor(services)             the gateway (adapter, one per worker) + the bot's event handlers
import type { Config } from '../shared/config.js';
import type { Mailbox, Roster, SendQueue, TicketStore } from '../shared/ports.js';
import { createLogger } from '../shared/log.js';
import type { Logger } from '../shared/log.js';
import { createBotEvents } from './events.js';
import { getBotGateway } from './gateway.js';
import type { BotEvents, BotGateway } from './gateway.js';
import { ChannelTicketCards } from './ticket-cards.js';

export { getBotGateway, createBotGateway } from './gateway.js';
export type { BotGateway, BotEvents, ChannelTarget, InvokeReply } from './gateway.js';
export { ChannelTicketCards, createTicketCards, STATE as TEAMS_STATE } from './ticket-cards.js';
export { renderTicketCard, CARD_MAX_BYTES } from './cards.js';

/** Signature of functions/app.ts `cardsFactory`: cards go to the Teams channel through the bot. */
export function createTeamsCards(config: Config, ports: { store: TicketStore; roster: Roster }): ChannelTicketCards {
  const log = createLogger('teams-cards');
  return new ChannelTicketCards({ config, store: ports.store, roster: ports.roster, gateway: getBotGateway(config, createLogger('bot')), log });
}

export interface TeamsBotServices {
  config: Config;
  store: TicketStore;
  mailbox: Mailbox;
  sendQueue: SendQueue;
  roster: Roster;
  log?: Logger;
}

const bots = new WeakMap<object, { gateway: BotGateway; events: BotEvents }>();

/** The bot for these services: built once per services object (the adapter once per worker). */
export function teamsBotFor(services: TeamsBotServices): { gateway: BotGateway; events: BotEvents } {
  let bot = bots.get(services);
  if (!bot) {
    const log = createLogger('bot');
    const gateway = getBotGateway(services.config, log);
    bot = { gateway, events: createBotEvents({ ...services, gateway, log }) };
    bots.set(services, bot);
  }
  return bot;
}
