// What the bot does with what Teams sends: card clicks go to the shared/teams use cases and come
// back as invoke replies (the clicking user's own view of the card, or a short refusal); an
// installation stores the channel reference and posts missing cards; "use this channel" from a
// lead picks the support channel.
import type { Config } from '../shared/config.js';
import type { Ticket } from '../shared/domain.js';
import { writeTicket } from '../shared/tickets/ticket.js';
import type { Mailbox, Roster, SendQueue, TicketStore } from '../shared/ports.js';
import { normalizeError } from '../shared/errors.js';
import { createLogger } from '../shared/log.js';
import type { Logger } from '../shared/log.js';
import { cardActionData, cardVerb, handleCardAction } from '../shared/teams/actions.js';
import type { BotEvents, BotGateway, ChannelTarget, InvokeReply, TeamsUser } from './gateway.js';
import { installedElsewhere, NOT_THE_SUPPORT_CHANNEL, outsideSupportChannel } from './support-channel.js';
import { ChannelTicketCards, STATE } from './ticket-cards.js';
import type { InstalledTeam } from './ticket-cards.js';

export const CARD_REPLY = 'application/vnd.microsoft.card.adaptive';
export const MESSAGE_REPLY = 'application/vnd.microsoft.activity.message';

export interface TeamsServices {
  config: Config;
  store: TicketStore;
  mailbox: Mailbox;
  sendQueue: SendQueue;
  roster: Roster;
}

const message = (text: string): InvokeReply => ({ statusCode: 200, type: MESSAGE_REPLY, value: text });

/** Tickets that still need people: their cards belong in the channel. */
const LIVE: ReadonlySet<Ticket['status']> = new Set(['open', 'assigned', 'sending', 'send-failed', 'failed']);

let lastLocalRepost = 0;

export function createBotEvents(s: TeamsServices & { gateway: BotGateway; log?: Logger }): BotEvents {
  const log = s.log ?? createLogger('bot');
  const cards = new ChannelTicketCards({ config: s.config, store: s.store, roster: s.roster, gateway: s.gateway, log });
  const deps = { store: s.store, mailbox: s.mailbox, sendQueue: s.sendQueue, roster: s.roster, cards, log };

  async function rememberUsers(users: TeamsUser[]): Promise<void> {
    const known = (await s.store.getState<Record<string, string>>(STATE.users)) ?? {};
    let changed = false;
    for (const u of users) {
      if (u.aadObjectId && u.id && known[u.aadObjectId] !== u.id) {
        known[u.aadObjectId] = u.id;
        changed = true;
      }
    }
    if (changed) await s.store.putState(STATE.users, known);
  }

  async function storeCardRef(ticket: Ticket, ref: { conversationId: string; activityId: string }): Promise<void> {
    await writeTicket(s.store, ticket.id, (cur) => cur && { ...cur, cardConversationId: ref.conversationId, cardActivityId: ref.activityId });
  }

  /** Cards for tickets that have none (posted before installation); in the Playground, all live ones again. */
  async function postMissingCards(local: boolean): Promise<void> {
    // Local: only tickets already posted once (the others are still with the pipeline).
    const tickets = (await s.store.list()).filter((t) => LIVE.has(t.status) && (local ? !!t.cardActivityId : !t.cardActivityId));
    tickets.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    let posted = 0;
    for (const t of tickets.slice(-100)) {
      try {
        const ref = local ? await cards.repost(t) : await cards.publish(t);
        if (ref) {
          await storeCardRef(t, ref);
          posted++;
        }
      } catch (err) {
        log.warn('could not post a ticket card', { ticketId: t.id, err: normalizeError(err, 'teams') });
      }
    }
    if (posted) log.info('posted ticket cards after installation', { posted, local });
  }

  return {
    async cardAction({ verb, data, user, tenantId }) {
      const v = cardVerb.safeParse(verb);
      if (!v.success) return message(`This card action ("${verb.slice(0, 40)}") is not known. Refresh the card.`);
      const d = cardActionData.safeParse(data);
      if (!d.success) return message('This card is out of date (it has no ticket id). Refresh it or ask a lead.');
      // Only a token-validated request proves its tenant; without auth (local world) there is nothing to check.
      if (s.gateway.authEnabled && s.config.botTenantId && tenantId !== s.config.botTenantId) {
        log.warn('card action from another tenant refused', { tenantId });
        return message('This app only works for the Studyflash support team.');
      }
      if (user.aadObjectId) await rememberUsers([user]).catch((err) => log.warn('could not remember the Teams user id', { err: normalizeError(err, 'tickets') }));
      const outcome = await handleCardAction(deps, v.data, d.data, { aadObjectId: user.aadObjectId, name: user.name });
      switch (outcome.kind) {
        case 'refused':
          return message(outcome.message);
        case 'card':
          return { statusCode: 200, type: CARD_REPLY, value: await cards.render(outcome.ticket, outcome.viewer, outcome.notice) };
      }
    },

    async installed({ target, channels, members, local }) {
      if (installedElsewhere(s.config, target, channels)) {
        log.warn('installed in a team that does not hold TEAMS_CHANNEL_ID; cards stay in the support channel', { teamId: target.teamId });
        return;
      }
      const team: InstalledTeam = { target, channels, at: new Date().toISOString() };
      await s.store.putState(STATE.team, team);
      const chosen = await s.store.getState<ChannelTarget>(STATE.channel);
      // Keep a lead's choice for this team; otherwise cards go where the app was installed.
      const selection: ChannelTarget = chosen && chosen.teamId === target.teamId ? { ...chosen, serviceUrl: target.serviceUrl, botId: target.botId || chosen.botId } : target;
      await s.store.putState(STATE.channel, selection);
      await rememberUsers(members);
      log.info('installed in a team', { teamId: target.teamId, channelId: selection.channelId, channels: channels.length, members: members.length, local });
      if (!local) {
        await postMissingCards(false);
        return;
      }
      // The Playground shows only what arrives while its page is open: re-post the live cards
      // in the background (a page load sends two installation events; one repost is enough).
      if (Date.now() - lastLocalRepost < 5000) return;
      lastLocalRepost = Date.now();
      void postMissingCards(true).catch((err) => log.warn('re-posting cards failed', { err: normalizeError(err, 'teams') }));
    },

    async message({ text, user, target }) {
      const command = text.toLowerCase().replace(/\s+/g, ' ').trim();
      if (command === 'use this channel') {
        const member = (await s.roster.members()).find((m) => m.aadObjectId === user.aadObjectId);
        if (!member || member.role !== 'lead') return 'Only a support lead can choose the channel for ticket cards.';
        if (!target) return 'Type this in the team channel that should receive the ticket cards.';
        if (s.config.teamsChannelId) return `The channel is fixed by the TEAMS_CHANNEL_ID setting (${s.config.teamsChannelId}); change it there.`;
        await s.store.putState(STATE.channel, target);
        log.info('support channel chosen', { channelId: target.channelId, by: member.aadObjectId });
        return `Done, ${member.name}: new ticket cards will be posted in this channel.`;
      }
      if (outsideSupportChannel(s.config, target)) return NOT_THE_SUPPORT_CHANNEL;
      return 'I post one card per support ticket in this team. Claim, edit and approve replies on the cards. Leads: type "use this channel" in the channel that should receive the cards.';
    },
  };
}
