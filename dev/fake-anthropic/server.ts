// A fake of Anthropic's Messages API with real behaviour, for tests, the benchmark and the chaos
// run: POST /v1/messages with the real headers, request validation, error bodies, 529 overloads at a
// seeded rate, a fixed delay per call, prompt caching and plausible token usage. Every request is
// recorded so tests can inspect exactly what would have left the machine (e.g. that no PII did).
//
// Token counts are estimates: characters / 3 for every piece of text (tool definitions, system
// blocks, messages, the answer), plus Anthropic's documented tool-use system prompt overhead.
// Three, not the four of English prose: the prompt holds nine languages, JSON and accented text,
// which tokenise denser, so a prefix that passes the cache minimum here passes it for real.
// Prompt caching follows the documented rules: the prefix up to the last `cache_control`
// breakpoint (tools, then system) is cached when it reaches the model's minimum cacheable length;
// the first call with a given prefix reports it as cache_creation_input_tokens, later calls within
// the TTL as cache_read_input_tokens, and input_tokens counts only the rest; a prefix below the
// minimum is silently not cached, as with the real API. POST /v1/messages/count_tokens answers
// { input_tokens } for the same request shape (without max_tokens), as the real endpoint does.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { defaultRespond, defaultRespondText } from './respond.js';
import { seededRandom } from '../support/random.js';

// ---------- request shape (the subset of the Messages API the product uses, checked strictly) ----------

const CacheControl = z.object({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() });
const TextBlock = z.object({ type: z.literal('text'), text: z.string(), cache_control: CacheControl.nullish() });
const ContentBlock = z.union([
  TextBlock,
  z.object({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.record(z.string(), z.unknown()), cache_control: CacheControl.nullish() }),
  z.object({ type: z.literal('tool_result'), tool_use_id: z.string(), content: z.unknown().optional(), is_error: z.boolean().optional(), cache_control: CacheControl.nullish() }),
  z.object({ type: z.literal('image'), source: z.unknown(), cache_control: CacheControl.nullish() }),
]);
const MessageParam = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string().min(1), z.array(ContentBlock).min(1)]),
});
const Tool = z.object({
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
  description: z.string().optional(),
  input_schema: z.looseObject({ type: z.literal('object'), properties: z.record(z.string(), z.unknown()).optional(), required: z.array(z.string()).optional() }),
  cache_control: CacheControl.nullish(),
  strict: z.boolean().optional(),
});
const ToolChoice = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('tool'), name: z.string(), disable_parallel_tool_use: z.boolean().optional() }),
]);

export const MessagesRequest = z.object({
  model: z.string().min(1),
  max_tokens: z.number().int().min(1),
  messages: z.array(MessageParam).min(1),
  system: z.union([z.string(), z.array(TextBlock)]).optional(),
  tools: z.array(Tool).optional(),
  tool_choice: ToolChoice.optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().optional(),
  top_k: z.number().int().optional(),
  stop_sequences: z.array(z.string()).optional(),
  metadata: z.object({ user_id: z.string().nullish() }).optional(),
  stream: z.literal(false).optional(),
});
export type MessagesRequest = z.infer<typeof MessagesRequest>;

/** POST /v1/messages/count_tokens: the prompt parts only (no max_tokens or sampling fields). */
export const CountTokensRequest = MessagesRequest.pick({ model: true, messages: true, system: true, tools: true, tool_choice: true }).strict();

// ---------- public API of the fake ----------

export type ToolInput = Record<string, unknown>;
/** What the fake answers to a call with tools: a tool input, a malformed one, or text instead of a tool call. */
export type FakeToolReply = ToolInput | 'invalid' | 'no-tool';

export interface FakeRequest {
  body: MessagesRequest;
  headers: Record<string, string>;
  /** All user-turn text, joined. */
  userText: string;
  /** The text between <customer_email> delimiters when present, else userText. */
  mailText: string;
  /** The forced tool's name (tool_choice.type === 'tool'), or the first tool's. */
  toolName?: string;
}

export interface RecordedRequest {
  at: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The raw request body exactly as it arrived (inspect this for leaks). */
  raw: string;
  /** Parsed JSON, or undefined when the body was not JSON. */
  body: unknown;
  /** The status the fake answered with (0 while in flight or when the client went away). */
  status: number;
}

export interface FakeAnthropicOptions {
  port?: number;
  host?: string;
  /** Wait this long before answering each call (like model latency). */
  delayMs?: number;
  /** Share of calls answered 529 overloaded_error, drawn from a seeded RNG. */
  overloadRate?: number;
  seed?: number;
  /** When set, the API key (x-api-key or Bearer) must equal it; otherwise any non-empty key is accepted. */
  apiKey?: string;
  /** Answer for calls with tools; default: the offline analyzer's triage of the mail text. */
  respond?: (req: FakeRequest) => FakeToolReply | Promise<FakeToolReply>;
  /** Answer for plain calls (no tools); default: a translation stand-in in the requested language. */
  respondText?: (req: FakeRequest) => string | Promise<string>;
}

export interface FakeAnthropicStats {
  /** Calls answered with a message (billable). */
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  /** Calls whose cached prefix was read from the cache. */
  cacheHits: number;
  /** Calls that wrote their prefix to the cache (first call, or after the TTL). */
  cacheWrites: number;
  /** Calls that asked for caching with a prefix below the model's minimum (nothing cached). */
  cacheBelowMinimum: number;
  /** Calls answered 529. */
  overloaded: number;
  /** Calls answered with another error (401, 400, 404, 413). */
  rejected: number;
  /** Every request that reached the fake. */
  requests: number;
}

export interface FakeAnthropic {
  url: string;
  requests: RecordedRequest[];
  stats(): FakeAnthropicStats;
  /** Forgets recorded requests, counters and the prompt cache. */
  reset(): void;
  close(): Promise<void>;
}

// ---------- token accounting ----------

/** Characters per token of the estimate: conservative for multilingual text (see the header). */
export const CHARS_PER_TOKEN = 3;

/** The estimate used everywhere in the fake (and documented in the bench). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Tokens Anthropic adds to the system prompt when tools are present (Claude 4.x models, per the tool-use docs). */
const TOOL_USE_OVERHEAD = { autoOrNone: 346, anyOrTool: 313 } as const;

/** Minimum cacheable prefix per model family; below it nothing is cached and no error is raised. */
export function minCacheableTokens(model: string): number {
  if (/haiku-4-5|opus-4-5|opus-4-6|haiku-5/.test(model)) return 4096;
  if (/haiku/.test(model)) return 2048;
  return 1024;
}

const CACHE_TTL_MS = { '5m': 5 * 60_000, '1h': 60 * 60_000 } as const;

function toolText(tool: z.infer<typeof Tool>): string {
  return `${tool.name}\n${tool.description ?? ''}\n${JSON.stringify(tool.input_schema)}`;
}

function contentText(content: MessagesRequest['messages'][number]['content']): string {
  if (typeof content === 'string') return content;
  return content
    .map((b) => {
      switch (b.type) {
        case 'text':
          return b.text;
        case 'tool_use':
          return JSON.stringify(b.input);
        case 'tool_result':
          return typeof b.content === 'string' ? b.content : JSON.stringify(b.content ?? '');
        case 'image':
          return ''.padEnd(6000, ' '); // images are billed by size; ~1,500 tokens for a typical screenshot
      }
    })
    .join('\n');
}

interface InputAccount {
  input: number;
  cacheRead: number;
  cacheCreation: number;
  /** The request marked a cache breakpoint, but the prefix was shorter than the model's minimum. */
  belowMinimum?: boolean;
}

/** Input tokens of a request as the API counts them: tool-use overhead, tools, system, messages. */
export function countInputTokens(body: Pick<MessagesRequest, 'messages' | 'system' | 'tools' | 'tool_choice'>): number {
  const tools = body.tools ?? [];
  const system = typeof body.system === 'string' ? [body.system] : (body.system ?? []).map((b) => b.text);
  const forced = body.tool_choice?.type === 'any' || body.tool_choice?.type === 'tool';
  const overhead = tools.length ? (forced ? TOOL_USE_OVERHEAD.anyOrTool : TOOL_USE_OVERHEAD.autoOrNone) : 0;
  return (
    overhead +
    tools.reduce((n, t) => n + estimateTokens(toolText(t)), 0) +
    system.reduce((n, t) => n + estimateTokens(t), 0) +
    body.messages.reduce((n, m) => n + estimateTokens(contentText(m.content)), 0)
  );
}

class PromptCache {
  private entries = new Map<string, number>(); // prefix hash → expiry (ms)
  clear(): void {
    this.entries.clear();
  }
  /** Splits a request's input tokens into uncached / read from cache / written to cache. */
  account(body: MessagesRequest, now: number): InputAccount {
    const tools = body.tools ?? [];
    const system = typeof body.system === 'string' ? [{ type: 'text' as const, text: body.system, cache_control: undefined }] : (body.system ?? []);
    const forced = body.tool_choice?.type === 'any' || body.tool_choice?.type === 'tool';
    const overhead = tools.length ? (forced ? TOOL_USE_OVERHEAD.anyOrTool : TOOL_USE_OVERHEAD.autoOrNone) : 0;
    // The cache prefix runs tools → system → messages; its end is the last block marked cache_control.
    const pieces: { text: string; breakpoint: boolean; ttl?: '5m' | '1h' }[] = [
      ...tools.map((t) => ({ text: toolText(t), breakpoint: !!t.cache_control, ttl: t.cache_control?.ttl })),
      ...system.map((s) => ({ text: s.text, breakpoint: !!s.cache_control, ttl: s.cache_control?.ttl })),
    ];
    const messagesTokens = body.messages.reduce((n, m) => n + estimateTokens(contentText(m.content)), 0);
    const allTokens = overhead + pieces.reduce((n, p) => n + estimateTokens(p.text), 0) + messagesTokens;
    let last = -1;
    pieces.forEach((p, i) => {
      if (p.breakpoint) last = i;
    });
    if (last < 0) return { input: allTokens, cacheRead: 0, cacheCreation: 0 };
    const prefix = pieces.slice(0, last + 1);
    const prefixTokens = overhead + prefix.reduce((n, p) => n + estimateTokens(p.text), 0);
    if (prefixTokens < minCacheableTokens(body.model)) return { input: allTokens, cacheRead: 0, cacheCreation: 0, belowMinimum: true };
    const key = createHash('sha256')
      .update(body.model)
      .update('\u0000')
      .update(String(forced))
      .update('\u0000')
      .update(prefix.map((p) => p.text).join('\u0000'))
      .digest('hex');
    const ttl = CACHE_TTL_MS[prefix[prefix.length - 1]?.ttl ?? '5m'];
    const expiry = this.entries.get(key);
    this.entries.set(key, now + ttl); // a hit refreshes the TTL, a miss writes the entry
    if (expiry !== undefined && expiry > now) return { input: allTokens - prefixTokens, cacheRead: prefixTokens, cacheCreation: 0 };
    return { input: allTokens - prefixTokens, cacheRead: 0, cacheCreation: prefixTokens };
  }
}

// ---------- helpers ----------

const MAX_BODY_BYTES = 32 * 1024 * 1024; // the Messages API's request size limit

function randomId(prefix: string, rng: () => number): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = prefix;
  for (let i = 0; i < 24; i++) s += chars[Math.floor(rng() * chars.length)];
  return s;
}

function lowerHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

type ErrorType = 'invalid_request_error' | 'authentication_error' | 'not_found_error' | 'request_too_large' | 'overloaded_error';

function userTextOf(body: MessagesRequest): string {
  return body.messages
    .filter((m) => m.role === 'user')
    .map((m) => contentText(m.content))
    .join('\n');
}

function mailTextOf(userText: string): string {
  const m = /<customer_email>\n?([\s\S]*?)\n?<\/customer_email>/.exec(userText);
  return m?.[1] ?? userText;
}

/** What a model might plausibly emit when it ignores the schema: wrong enum, out-of-range number, missing fields. */
const INVALID_TOOL_INPUT: ToolInput = { category: 'complaint', confidence: 7, summary: '' };

function semanticErrors(body: MessagesRequest): string | null {
  const tools = body.tools ?? [];
  const names = new Set<string>();
  for (const t of tools) {
    if (names.has(t.name)) return `tools: Tool names must be unique (duplicate "${t.name}")`;
    names.add(t.name);
  }
  if (body.tool_choice && body.tool_choice.type !== 'none' && tools.length === 0) return 'tool_choice: tool_choice may only be specified while providing tools';
  if (body.tool_choice?.type === 'tool' && !names.has(body.tool_choice.name)) return `tool_choice.name: Tool '${body.tool_choice.name}' not found in tools`;
  if (body.messages[0]?.role !== 'user') return 'messages: first message must use the "user" role';
  const breakpoints =
    tools.filter((t) => t.cache_control).length +
    (Array.isArray(body.system) ? body.system.filter((s) => s.cache_control).length : 0) +
    body.messages.reduce((n, m) => n + (Array.isArray(m.content) ? m.content.filter((b) => 'cache_control' in b && b.cache_control).length : 0), 0);
  if (breakpoints > 4) return `A maximum of 4 blocks with cache_control may be provided. Found ${breakpoints}.`;
  if (body.max_tokens > 64_000) return `max_tokens: ${body.max_tokens} > 64000, which is the maximum allowed number of output tokens for ${body.model}`;
  return null;
}

// ---------- the server ----------

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const rng = seededRandom(options.seed ?? 1);
  const idRng = seededRandom((options.seed ?? 1) ^ 0x5eed);
  const delayMs = options.delayMs ?? 0;
  const overloadRate = options.overloadRate ?? 0;
  const respond = options.respond ?? defaultRespond;
  const respondText = options.respondText ?? defaultRespondText;
  const cache = new PromptCache();
  const requests: RecordedRequest[] = [];
  const stats: FakeAnthropicStats = { calls: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, cacheHits: 0, cacheWrites: 0, cacheBelowMinimum: 0, overloaded: 0, rejected: 0, requests: 0 };

  const send = (res: http.ServerResponse, record: RecordedRequest, status: number, payload: unknown, headers: Record<string, string> = {}) => {
    record.status = status;
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': randomId('req_', idRng), ...headers });
    res.end(JSON.stringify(payload));
  };
  const sendError = (res: http.ServerResponse, record: RecordedRequest, status: number, type: ErrorType, message: string) => {
    if (type === 'overloaded_error') stats.overloaded++;
    else stats.rejected++;
    send(res, record, status, { type: 'error', error: { type, message }, request_id: randomId('req_', idRng) });
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string): Promise<void> {
    const headers = lowerHeaders(req.headers);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    let parsedBody: unknown;
    try {
      parsedBody = raw ? JSON.parse(raw) : undefined;
    } catch {
      parsedBody = undefined;
    }
    const record: RecordedRequest = { at: new Date().toISOString(), method: req.method ?? 'GET', path, headers, raw, body: parsedBody, status: 0 };
    requests.push(record);
    stats.requests++;

    if (path !== '/v1/messages' && path !== '/v1/messages/count_tokens') return sendError(res, record, 404, 'not_found_error', `Not found: ${req.method} ${path}`);
    if (req.method !== 'POST') return sendError(res, record, 405, 'invalid_request_error', `Method ${req.method} not allowed; use POST`);
    // The API key arrives as x-api-key (the documented header, older SDKs) or, from
    // @anthropic-ai/sdk 1.x, as "Authorization: Bearer <key>"; both are checked the same way.
    const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
    const key = headers['x-api-key'] ?? bearer;
    if (!key || (options.apiKey !== undefined && key !== options.apiKey)) return sendError(res, record, 401, 'authentication_error', 'invalid x-api-key');
    const version = headers['anthropic-version'];
    if (!version) return sendError(res, record, 400, 'invalid_request_error', 'anthropic-version: header is required');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(version) || version < '2023-01-01') return sendError(res, record, 400, 'invalid_request_error', `anthropic-version: "${version}" is not a valid version`);
    if (parsedBody === undefined) return sendError(res, record, 400, 'invalid_request_error', 'Request body is not valid JSON');
    if (path === '/v1/messages/count_tokens') {
      const counted = CountTokensRequest.safeParse(parsedBody);
      if (!counted.success) {
        const issue = counted.error.issues[0];
        return sendError(res, record, 400, 'invalid_request_error', `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid request'}`);
      }
      if (!counted.data.model.startsWith('claude-')) return sendError(res, record, 404, 'not_found_error', `model: ${counted.data.model}`);
      // Counting is free and not a message: no delay, no overload, no cache entry, no usage.
      return send(res, record, 200, { input_tokens: countInputTokens(counted.data) });
    }
    const parsed = MessagesRequest.safeParse(parsedBody);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return sendError(res, record, 400, 'invalid_request_error', `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid request'}`);
    }
    const body = parsed.data;
    const problem = semanticErrors(body);
    if (problem) return sendError(res, record, 400, 'invalid_request_error', problem);
    if (!body.model.startsWith('claude-')) return sendError(res, record, 404, 'not_found_error', `model: ${body.model}`);

    if (overloadRate > 0 && rng() < overloadRate) return sendError(res, record, 529, 'overloaded_error', 'Overloaded');
    if (delayMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        res.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      if (res.destroyed || res.writableEnded) return; // the client gave up (its timeout); nothing is billed
    }

    const userText = userTextOf(body);
    const forcedName = body.tool_choice?.type === 'tool' ? body.tool_choice.name : undefined;
    const useTools = (body.tools?.length ?? 0) > 0 && body.tool_choice?.type !== 'none';
    const fakeReq: FakeRequest = { body, headers, userText, mailText: mailTextOf(userText), toolName: forcedName ?? body.tools?.[0]?.name };
    const account = cache.account(body, Date.now());

    let content: unknown[];
    let stopReason: 'tool_use' | 'end_turn' | 'max_tokens';
    let outputTokens: number;
    if (useTools) {
      const reply = await respond(fakeReq);
      if (reply === 'no-tool') {
        const text = 'I am sorry, but I cannot help with that request.';
        content = [{ type: 'text', text }];
        stopReason = 'end_turn';
        outputTokens = estimateTokens(text);
      } else {
        const input = reply === 'invalid' ? INVALID_TOOL_INPUT : reply;
        const json = JSON.stringify(input);
        outputTokens = estimateTokens(json) + 10; // the tool_use wrapper costs a few tokens too
        if (outputTokens > body.max_tokens) {
          // Cut off mid-generation, as the API does: an incomplete tool call with no usable input.
          content = [{ type: 'tool_use', id: randomId('toolu_', idRng), name: fakeReq.toolName ?? 'tool', input: {} }];
          stopReason = 'max_tokens';
          outputTokens = body.max_tokens;
        } else {
          content = [{ type: 'tool_use', id: randomId('toolu_', idRng), name: fakeReq.toolName ?? 'tool', input }];
          stopReason = 'tool_use';
        }
      }
    } else {
      let text = await respondText(fakeReq);
      outputTokens = estimateTokens(text);
      stopReason = 'end_turn';
      if (outputTokens > body.max_tokens) {
        text = text.slice(0, body.max_tokens * CHARS_PER_TOKEN);
        outputTokens = body.max_tokens;
        stopReason = 'max_tokens';
      }
      content = [{ type: 'text', text }];
    }

    stats.calls++;
    stats.inputTokens += account.input;
    stats.outputTokens += outputTokens;
    stats.cacheReadTokens += account.cacheRead;
    stats.cacheCreationTokens += account.cacheCreation;
    if (account.cacheRead > 0) stats.cacheHits++;
    else if (account.cacheCreation > 0) stats.cacheWrites++;
    else if (account.belowMinimum) stats.cacheBelowMinimum++;
    send(res, record, 200, {
      id: randomId('msg_', idRng),
      type: 'message',
      role: 'assistant',
      model: body.model,
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      usage: {
        input_tokens: account.input,
        output_tokens: outputTokens,
        cache_creation_input_tokens: account.cacheCreation,
        cache_read_input_tokens: account.cacheRead,
        cache_creation: { ephemeral_5m_input_tokens: account.cacheCreation, ephemeral_1h_input_tokens: 0 },
        service_tier: 'standard',
      },
    });
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => {
      if (tooLarge) {
        const record: RecordedRequest = { at: new Date().toISOString(), method: req.method ?? 'POST', path: req.url ?? '/', headers: lowerHeaders(req.headers), raw: '', body: undefined, status: 0 };
        requests.push(record);
        stats.requests++;
        return sendError(res, record, 413, 'request_too_large', 'Request exceeds the maximum allowed number of bytes.');
      }
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((err: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: `fake: ${err instanceof Error ? err.message : String(err)}` } }));
        }
      });
    });
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${host}:${port}`,
    requests,
    stats: () => ({ ...stats }),
    reset: () => {
      requests.length = 0;
      cache.clear();
      for (const k of Object.keys(stats) as (keyof FakeAnthropicStats)[]) stats[k] = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
