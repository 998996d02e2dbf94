// The only module that imports botbuilder (4.23, the final Bot Framework SDK release; the
// migration path is the Microsoft 365 Agents SDK — see bot/README.md). Everything it exchanges
// with the rest of the product is plain Bot Framework protocol JSON: card objects, the stored
// channel target, invoke replies. Swapping the SDK means rewriting this file only.
//
//   handleRequest(req, events)   POST /api/messages (via the Functions shim)
//   postCard(target, card)       new channel thread with the card → {conversationId, activityId}
//   updateCard(target, ref, card) replace the card in place
//   replyInThread(target, conversationId, message)  a text reply with @mentions in a card's thread
import {
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
} from 'botbuilder';
import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, ConversationParameters, ConversationReference } from 'botbuilder';
import type { Config } from '../shared/config.js';
import type { CardRef } from '../shared/ports.js';
import { AppError, normalizeError } from '../shared/errors.js';
import { createLogger } from '../shared/log.js';
import { retryAfterMs, retryDecision, sleep, type HeaderSource, type RetryPolicy } from '../shared/retry.js';
import type { Logger } from '../shared/log.js';

// ---------- SDK-neutral shapes ----------
/** Where cards go: everything needed to post proactively into one channel. */
export interface ChannelTarget {
  serviceUrl: string;
  tenantId: string;
  teamId: string;
  channelId: string;
  /** `28:<appId>` as Teams addresses the bot. */
  botId: string;
}

export interface TeamsUser {
  /** Teams user id (MRI, `29:…`) — what refresh.userIds wants. */
  id: string;
  aadObjectId: string | null;
  name: string;
}

/** An invoke answer as the Bot Framework protocol defines it. */
export interface InvokeReply {
  statusCode: number;
  type: string;
  value: unknown;
}

export interface BotEvents {
  /** An Action.Execute click (or an automatic refresh) on a card. */
  cardAction(input: { verb: string; data: Record<string, unknown>; user: TeamsUser; tenantId: string | null; trigger: 'manual' | 'automatic' }): Promise<InvokeReply>;
  /** The app arrived in a team (installation, or the Playground page opening again). */
  installed(input: { target: ChannelTarget; channels: { id: string; name: string }[]; members: TeamsUser[]; local: boolean }): Promise<void>;
  /** A message to the bot in a channel; returns the reply text, if any. */
  message(input: { text: string; user: TeamsUser; target: ChannelTarget | null }): Promise<string | null>;
}

export interface GatewayRequest {
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface GatewayResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export interface BotGateway {
  readonly authEnabled: boolean;
  handleRequest(req: GatewayRequest, events: BotEvents): Promise<GatewayResponse>;
  postCard(target: ChannelTarget, card: Record<string, unknown>): Promise<CardRef>;
  updateCard(target: ChannelTarget, ref: CardRef, card: Record<string, unknown>): Promise<void>;
  /** Posts `text` into the thread `conversationId` (`<channel>;messageid=<root>`); returns the reply's id. */
  replyInThread(target: ChannelTarget, conversationId: string, message: ThreadReply): Promise<string | null>;
}

/** A thread reply: each mention's `<at>name</at>` must appear in `text` exactly as given. */
export interface ThreadReply {
  text: string;
  mentions: { id: string; name: string; text: string }[];
}

export type BotConfig = Pick<Config, 'appEnv' | 'botAppId' | 'botAppPassword' | 'botTenantId'>;

export class CardNotFoundError extends AppError {
  constructor(message: string) {
    super('not-found', message, { service: 'teams' });
  }
}

// ---------- outbound retry policy for the Bot Connector ----------
// The app's one retry policy (shared/retry.ts) with the Connector's transient statuses.
export type { RetryPolicy } from '../shared/retry.js';
const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, retryStatuses: [429, 412, 502, 503, 504], backoffMs: 500, maxDelayMs: 8000 };

function statusOf(err: unknown): number | undefined {
  const e = err as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } } | null;
  for (const v of [e?.statusCode, e?.status, e?.response?.status]) if (typeof v === 'number') return v;
  return undefined;
}

function headersOf(err: unknown): HeaderSource {
  return (err as { response?: { headers?: HeaderSource } } | null)?.response?.headers;
}

export async function withConnectorRetry<T>(what: string, fn: () => Promise<T>, log: Logger, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const status = statusOf(err);
      const next = retryDecision(policy, attempt, status, retryAfterMs(headersOf(err)));
      if (!next.retry) throw err;
      log.warn('bot connector busy; retrying', { what, status, attempt: attempt + 1, delayMs: next.waitMs });
      await sleep(next.waitMs);
    }
  }
}

// ---------- the adapter ----------
function isLocalUrl(u: string): boolean {
  return /^https?:\/\/(localhost|127\.|\[::1\])/i.test(u);
}

function channelOf(activity: TurnContext['activity']): { teamId: string | null; channelId: string | null; tenantId: string | null } {
  const cd = (activity.channelData ?? {}) as { team?: { id?: string }; channel?: { id?: string }; tenant?: { id?: string } };
  const teamId = cd.team?.id ?? null;
  // A channel conversation id may carry the thread suffix ";messageid=…"; the channel is before it.
  const channelId = cd.channel?.id ?? (activity.conversation?.conversationType === 'channel' ? (activity.conversation.id.split(';')[0] ?? null) : null) ?? teamId;
  const tenantId = activity.conversation?.tenantId ?? cd.tenant?.id ?? null;
  return { teamId, channelId, tenantId };
}

function userOf(activity: TurnContext['activity']): TeamsUser {
  return { id: activity.from?.id ?? '', aadObjectId: activity.from?.aadObjectId ?? null, name: activity.from?.name ?? '' };
}

function targetOf(activity: TurnContext['activity']): ChannelTarget | null {
  const { teamId, channelId, tenantId } = channelOf(activity);
  if (!teamId || !channelId) return null;
  return { serviceUrl: activity.serviceUrl, tenantId: tenantId ?? '', teamId, channelId, botId: activity.recipient?.id ?? '' };
}

class TriageBot extends TeamsActivityHandler {
  constructor(private readonly events: BotEvents, private readonly cfg: BotConfig, private readonly log: Logger) {
    super();
    this.onInstallationUpdateAdd(async (ctx, next) => {
      await this.installed(ctx);
      await next();
    });
    this.onMembersAdded(async (ctx, next) => {
      // conversationUpdate: only the bot itself joining counts as an installation
      if (ctx.activity.membersAdded?.some((m) => m.id === ctx.activity.recipient?.id)) await this.installed(ctx);
      await next();
    });
    this.onMessage(async (ctx, next) => {
      const text = (TurnContext.removeRecipientMention(ctx.activity) ?? ctx.activity.text ?? '').trim();
      const reply = await this.events.message({ text, user: userOf(ctx.activity), target: targetOf(ctx.activity) });
      if (reply) await ctx.sendActivity(MessageFactory.text(reply));
      await next();
    });
  }

  private async installed(ctx: TurnContext): Promise<void> {
    const target = targetOf(ctx.activity);
    if (!target) return; // personal or group chat: cards only go to team channels
    const channels: { id: string; name: string }[] = [];
    const members: TeamsUser[] = [];
    try {
      for (const c of await TeamsInfo.getTeamChannels(ctx, target.teamId)) if (c.id) channels.push({ id: c.id, name: c.name ?? (c.id === target.teamId ? 'General' : c.id) });
    } catch (err) {
      this.log.warn('could not list the team channels', { err: normalizeError(err, 'teams') });
    }
    try {
      let token: string | undefined;
      do {
        const page = await TeamsInfo.getPagedTeamMembers(ctx, target.teamId, 500, token);
        for (const m of page.members) members.push({ id: m.id, aadObjectId: m.aadObjectId ?? null, name: m.name ?? '' });
        token = page.continuationToken;
      } while (token);
    } catch (err) {
      this.log.warn('could not list the team members', { err: normalizeError(err, 'teams') });
    }
    await this.events.installed({ target, channels, members, local: this.cfg.appEnv !== 'production' && isLocalUrl(target.serviceUrl) });
  }

  protected override async onAdaptiveCardInvoke(ctx: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const raw = (ctx.activity.value ?? {}) as { trigger?: unknown };
    const data = (value.action.data ?? {}) as Record<string, unknown>;
    const reply = await this.events.cardAction({
      verb: value.action.verb ?? '',
      data,
      user: userOf(ctx.activity),
      tenantId: channelOf(ctx.activity).tenantId,
      trigger: raw.trigger === 'automatic' ? 'automatic' : 'manual',
    });
    return reply as AdaptiveCardInvokeResponse;
  }
}

/** Captures what CloudAdapter.process writes, like an Express response would. */
class CapturedResponse {
  socket = null;
  statusCode = 200;
  headers: Record<string, string> = {};
  body: unknown = undefined;
  status(code: number) {
    this.statusCode = code;
    return this;
  }
  header(name: string, value: unknown) {
    this.headers[name.toLowerCase()] = String(value);
    return this;
  }
  send(body?: unknown) {
    if (body !== undefined) this.body = body;
    return this;
  }
  end(body?: unknown) {
    if (body !== undefined && typeof body !== 'function') this.body = body;
    return this;
  }
}

export function createBotGateway(cfg: BotConfig, opts: { log?: Logger; retry?: RetryPolicy } = {}): BotGateway {
  const log = opts.log ?? createLogger('bot');
  const appId = cfg.botAppId ?? '';
  if (!appId && cfg.appEnv === 'production') {
    throw new AppError('config', 'BOT_APP_ID is not set: the bot would accept unauthenticated requests. Refusing to start in production.');
  }
  if (appId && !cfg.botTenantId) {
    throw new AppError('config', 'BOT_TENANT_ID is required with BOT_APP_ID (single-tenant bot registration).');
  }
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: appId,
    MicrosoftAppPassword: cfg.botAppPassword ?? '',
    MicrosoftAppType: appId ? 'SingleTenant' : '',
    MicrosoftAppTenantId: cfg.botTenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (ctx, err) => {
    log.error('bot turn failed', { err: normalizeError(err, 'teams'), activityType: ctx.activity.type });
  };
  if (!appId) log.warn('bot authentication is OFF (no BOT_APP_ID); local world only');

  const retry = (what: string, fn: () => Promise<void>) => withConnectorRetry(what, fn, log, opts.retry);

  return {
    authEnabled: !!appId,

    async handleRequest(req, events) {
      if (typeof req.body !== 'object' || req.body === null) return { status: 400, headers: {}, body: { error: 'expected a JSON activity' } };
      const res = new CapturedResponse();
      const bot = new TriageBot(events, cfg, log);
      await adapter.process({ method: req.method, headers: req.headers, body: req.body as Record<string, unknown> }, res, (ctx) => bot.run(ctx));
      return { status: res.statusCode, headers: res.headers, body: res.body };
    },

    async postCard(target, card) {
      let ref: CardRef | null = null;
      const params: ConversationParameters = {
        isGroup: true,
        channelData: { channel: { id: target.channelId }, team: { id: target.teamId }, tenant: { id: target.tenantId } },
        tenantId: target.tenantId,
        activity: MessageFactory.attachment(CardFactory.adaptiveCard(card)),
        bot: { id: target.botId, name: '' },
        members: [],
      } as ConversationParameters;
      await retry('post card', () =>
        adapter.createConversationAsync(appId, 'msteams', target.serviceUrl, undefined as unknown as string, params, async (ctx) => {
          // CloudAdapter reports the new thread as "<channel>;messageid=<root activity id>".
          const conversationId = ctx.activity.conversation?.id ?? '';
          const activityId = /;messageid=([^;]+)/.exec(conversationId)?.[1] ?? ctx.activity.id ?? '';
          if (conversationId && activityId) ref = { conversationId, activityId };
        }),
      );
      if (!ref) throw new AppError('upstream', 'teams: the channel accepted the card but returned no message id', { service: 'teams' });
      return ref;
    },

    async replyInThread(target, conversationId, message) {
      let id: string | null = null;
      const reference: Partial<ConversationReference> = {
        channelId: 'msteams',
        serviceUrl: target.serviceUrl,
        bot: { id: target.botId, name: '' },
        // The thread is selected by the ";messageid=" suffix of the conversation id.
        conversation: { id: conversationId, isGroup: true, tenantId: target.tenantId, conversationType: 'channel', name: '' },
      };
      const activity = MessageFactory.text(message.text);
      activity.entities = message.mentions.map((m) => ({ type: 'mention', text: m.text, mentioned: { id: m.id, name: m.name } }));
      try {
        await retry('reply in thread', () =>
          adapter.continueConversationAsync(appId, reference, async (ctx) => {
            id = (await ctx.sendActivity(activity))?.id ?? null;
          }),
        );
      } catch (err) {
        throw normalizeError(err, 'teams');
      }
      return id;
    },

    async updateCard(target, ref, card) {
      const reference: Partial<ConversationReference> = {
        channelId: 'msteams',
        serviceUrl: target.serviceUrl,
        bot: { id: target.botId, name: '' },
        conversation: { id: ref.conversationId, isGroup: true, tenantId: target.tenantId, conversationType: 'channel', name: '' },
      };
      try {
        await retry('update card', () =>
          adapter.continueConversationAsync(appId, reference, async (ctx) => {
            const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
            activity.id = ref.activityId;
            await ctx.updateActivity(activity);
          }),
        );
      } catch (err) {
        const status = statusOf(err);
        const code = String((err as { code?: unknown }).code ?? '');
        if (status === 404 || /NotFound/i.test(code)) throw new CardNotFoundError(`teams: the card ${ref.activityId} is gone (${status ?? code})`);
        throw normalizeError(err, 'teams');
      }
    },
  };
}

const gateways = new Map<string, BotGateway>();
/** One adapter per worker (module scope), as Functions hosting wants. */
export function getBotGateway(cfg: BotConfig, log?: Logger): BotGateway {
  const key = `${cfg.appEnv}|${cfg.botAppId ?? ''}|${cfg.botTenantId ?? ''}`;
  let g = gateways.get(key);
  if (!g) {
    g = createBotGateway(cfg, { log });
    gateways.set(key, g);
  }
  return g;
}
