// TicketCards (the port the pipeline and the card actions call): one card per ticket in the
// support channel, posted proactively the first time and updated in place afterwards.
// Which channel: TEAMS_CHANNEL_ID if configured, else the one a lead chose ("use this channel"),
// else the channel the app was installed from. The channel reference is stored on installation.
import type { Config } from '../shared/config.js';
import type { Ticket } from '../shared/domain.js';
import type { Person } from '../shared/domain.js';
import type { CardRef, Roster, RosterMember, ThreadMessage, TicketCards, TicketStore } from '../shared/ports.js';
import { createLogger } from '../shared/log.js';
import type { Logger } from '../shared/log.js';
import { renderTicketCard } from './cards.js';
import type { AdaptiveCard } from './cards.js';
import { CardNotFoundError } from './gateway.js';
import type { BotGateway, ChannelTarget } from './gateway.js';

/** Keys in TicketStore's small state table. */
export const STATE = {
  /** ChannelTarget that receives new cards. */
  channel: 'teams-channel',
  /** The latest installation: its target and the team's channels. */
  team: 'teams-team',
  /** aadObjectId → Teams user id (MRI), learned from installations and clicks. */
  users: 'teams-users',
} as const;

export interface InstalledTeam {
  target: ChannelTarget;
  channels: { id: string; name: string }[];
  at: string;
}

export type TeamsCardConfig = Pick<Config, 'teamsChannelId' | 'teamsTeamId' | 'teamsServiceUrl' | 'botAppId' | 'botTenantId'> & Partial<Pick<Config, 'businessTimezone'>>;

/** `<at>name</at>` with the name XML-escaped, as Teams matches it against the mention entity. */
export function mentionText(name: string): string {
  return `<at>${name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</at>`;
}

export interface TicketCardsDeps {
  config: TeamsCardConfig;
  store: TicketStore;
  roster: Roster;
  gateway: BotGateway;
  log?: Logger;
}

export class ChannelTicketCards implements TicketCards {
  private readonly log: Logger;
  constructor(private readonly deps: TicketCardsDeps) {
    this.log = deps.log ?? createLogger('teams-cards');
  }

  /** Where new cards go, or null while the app is not installed anywhere and nothing is configured. */
  async target(): Promise<ChannelTarget | null> {
    const { config, store } = this.deps;
    const chosen = await store.getState<ChannelTarget>(STATE.channel);
    if (config.teamsChannelId) {
      const installed = await store.getState<InstalledTeam>(STATE.team);
      const base = chosen ?? installed?.target ?? null;
      return {
        serviceUrl: base?.serviceUrl ?? config.teamsServiceUrl,
        tenantId: base?.tenantId ?? config.botTenantId ?? '',
        teamId: config.teamsTeamId ?? base?.teamId ?? config.teamsChannelId,
        channelId: config.teamsChannelId,
        botId: base?.botId ?? (config.botAppId ? `28:${config.botAppId}` : ''),
      };
    }
    return chosen;
  }

  async userIds(): Promise<Record<string, string>> {
    return (await this.deps.store.getState<Record<string, string>>(STATE.users)) ?? {};
  }

  /** The card as `viewer` sees it (null = the shared channel card). */
  async render(ticket: Ticket, viewer: RosterMember | null, notice?: string): Promise<AdaptiveCard> {
    const [roster, userIds] = await Promise.all([this.deps.roster.members(), this.userIds()]);
    return renderTicketCard(ticket, { viewer, roster, userIds, notice, timeZone: this.deps.config.businessTimezone });
  }

  async publish(ticket: Ticket): Promise<CardRef | null> {
    const target = await this.target();
    if (!target) {
      this.log.warn('no Teams channel yet: install the app in a team or set TEAMS_CHANNEL_ID', { ticketId: ticket.id });
      return null;
    }
    const card = await this.render(ticket, null);
    if (ticket.cardConversationId && ticket.cardActivityId) {
      const ref = { conversationId: ticket.cardConversationId, activityId: ticket.cardActivityId };
      try {
        await this.deps.gateway.updateCard(target, ref, card);
        return ref;
      } catch (err) {
        if (!(err instanceof CardNotFoundError)) throw err;
        this.log.warn('the ticket card was deleted in Teams; posting a new one', { ticketId: ticket.id });
      }
    }
    return this.deps.gateway.postCard(target, card);
  }

  async replyInThread(ticket: Ticket, message: ThreadMessage): Promise<string | null> {
    const target = await this.target();
    if (!target || !ticket.cardConversationId) return null;
    const userIds = await this.userIds();
    // Mention by the Teams user id when known, else by the Entra object id (Teams accepts both).
    const mentions = dedupe(message.mentions ?? []).map((p) => ({ id: userIds[p.aadObjectId] ?? p.aadObjectId, name: p.name, text: mentionText(p.name) }));
    const text = [...mentions.map((m) => m.text), message.text].join(' ');
    return this.deps.gateway.replyInThread(target, ticket.cardConversationId, { text, mentions });
  }

  async postToChannel(card: Record<string, unknown>): Promise<CardRef | null> {
    const target = await this.target();
    if (!target) {
      this.log.warn('no Teams channel yet: install the app in a team or set TEAMS_CHANNEL_ID');
      return null;
    }
    return this.deps.gateway.postCard(target, card);
  }

  /** Posts a fresh card even if the ticket has one (the Playground forgets its history on reload). */
  async repost(ticket: Ticket): Promise<CardRef | null> {
    return this.publish({ ...ticket, cardConversationId: null, cardActivityId: null });
  }
}

function dedupe(people: Person[]): Person[] {
  const seen = new Set<string>();
  return people.filter((p) => !seen.has(p.aadObjectId) && !!seen.add(p.aadObjectId));
}

export function createTicketCards(deps: TicketCardsDeps): ChannelTicketCards {
  return new ChannelTicketCards(deps);
}
