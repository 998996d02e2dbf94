// Where the support channel is, when TEAMS_CHANNEL_ID fixes it (always in production): ticket cards
// carry customer data, so installing the app in another team must not move them there. An
// installation elsewhere changes nothing, and the bot answers there that this is not the support
// channel.
import type { Config } from '../shared/config.js';
import type { ChannelTarget } from './gateway.js';

export type SupportChannelConfig = Pick<Config, 'teamsChannelId' | 'teamsTeamId'>;

export const NOT_THE_SUPPORT_CHANNEL =
  'This is not the support channel: ticket cards are posted only in the channel set by TEAMS_CHANNEL_ID. Ask your Teams admin if that should change.';

/** True when the channel is configured and this installation is in another team. */
export function installedElsewhere(config: SupportChannelConfig, target: ChannelTarget, channels: { id: string }[]): boolean {
  if (!config.teamsChannelId) return false;
  if (config.teamsTeamId) return target.teamId !== config.teamsTeamId;
  return target.channelId !== config.teamsChannelId && !channels.some((c) => c.id === config.teamsChannelId);
}

/** True when the channel is configured and the message came from another channel. */
export function outsideSupportChannel(config: SupportChannelConfig, target: ChannelTarget | null): boolean {
  return !!config.teamsChannelId && !!target && target.channelId !== config.teamsChannelId;
}
