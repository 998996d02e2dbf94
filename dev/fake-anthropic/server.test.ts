// The fake Messages API behaves like Anthropic's where the product depends on it: headers, request
// validation, error shapes, overloads, latency, prompt caching and token usage.
import Anthropic, { APIConnectionTimeoutError, OverloadedError } from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { detectLanguage } from '../../shared/ai/language.js';
import { buildUserMessage, SYSTEM_PROMPT } from '../../shared/ai/prompt.js';
import { parseTriageToolInput, TRIAGE_TOOL } from '../../shared/ai/schema.js';
import { estimateTokens, startFakeAnthropic, type FakeAnthropic, type FakeAnthropicOptions } from './server.js';

const KEY = 'sk-ant-test-key';
let fake: FakeAnthropic | undefined;

async function start(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  fake = await startFakeAnthropic({ apiKey: KEY, ...options });
  return fake;
}

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function client(url: string, opts: { maxRetries?: number; timeout?: number } = {}): Anthropic {
  return new Anthropic({ apiKey: KEY, baseURL: url, maxRetries: opts.maxRetries ?? 0, timeout: opts.timeout ?? 10_000, logLevel: 'off' });
}

const TRIAGE: Record<string, unknown> = {
  language: 'de',
  translated_subject: 'App crashes',
  translated_body: 'The app crashes when I upload a PDF.',
  summary: 'Customer reports a crash on PDF upload.',
  category: 'bug-report',
  confidence: 0.92,
  suggested_team: 'engineering',
  draft_reply: 'Hallo Anna,\n\ndanke für deine Nachricht. Welche App-Version nutzt du?\n\nViele Grüße\nStudyflash Support',
};

const LONG_SYSTEM = 'Studyflash support triage rules. '.repeat(600); // ≈ 19,800 chars ≈ 4,950 tokens

function triageParams(system: string, mail = 'Die App stürzt ab.'): Anthropic.Messages.MessageCreateParamsNonStreaming {
  return {
    model: 'claude-haiku-4-5',
    max_tokens: 1024,
    tools: [TRIAGE_TOOL],
    tool_choice: { type: 'tool', name: 'triage_ticket' },
    system: [{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }],
    messages: [{ role: 'user', content: `<customer_email>\n${mail}\n</customer_email>` }],
  };
}

async function rawPost(url: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; json: { type: string; error: { type: string; message: string } } }> {
  const res = await fetch(`${url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as { type: string; error: { type: string; message: string } } };
}

describe('fake Anthropic Messages API', () => {
  it('answers a forced tool call with a message holding one tool_use block and usage', async () => {
    const f = await start({ respond: () => TRIAGE });
    const msg = await client(f.url).messages.create(triageParams('short system prompt'));
    expect(msg.type).toBe('message');
    expect(msg.role).toBe('assistant');
    expect(msg.stop_reason).toBe('tool_use');
    expect(msg.content).toHaveLength(1);
    const block = msg.content[0];
    expect(block?.type).toBe('tool_use');
    if (block?.type !== 'tool_use') throw new Error('no tool_use');
    expect(block.name).toBe('triage_ticket');
    expect(block.id).toMatch(/^toolu_/);
    expect(parseTriageToolInput(block.input).ok).toBe(true);
    expect(msg.usage.input_tokens).toBeGreaterThan(0);
    expect(msg.usage.output_tokens).toBe(estimateTokens(JSON.stringify(TRIAGE)) + 10);
    expect(f.stats()).toMatchObject({ calls: 1, overloaded: 0, rejected: 0, requests: 1 });
    expect(f.requests[0]?.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('rejects a missing or wrong x-api-key with 401 authentication_error in Anthropic\'s error shape', async () => {
    const f = await start();
    const body = triageParams('s');
    const missing = await rawPost(f.url, { 'anthropic-version': '2023-06-01' }, body);
    const wrong = await rawPost(f.url, { 'anthropic-version': '2023-06-01', 'x-api-key': 'sk-ant-wrong' }, body);
    const wrongBearer = await rawPost(f.url, { 'anthropic-version': '2023-06-01', authorization: 'Bearer sk-ant-wrong' }, body);
    for (const r of [missing, wrong, wrongBearer]) {
      expect(r.status).toBe(401);
      expect(r.json).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    }
    expect(f.stats()).toMatchObject({ calls: 0, rejected: 3 });
  });

  it('rejects a request without anthropic-version with 400 invalid_request_error', async () => {
    const f = await start();
    const r = await rawPost(f.url, { 'x-api-key': KEY }, triageParams('s'));
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining('anthropic-version') });
  });

  it('rejects malformed requests with 400 invalid_request_error naming the field', async () => {
    const f = await start();
    const headers = { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' };
    const { max_tokens: _omit, ...noMaxTokens } = triageParams('s');
    const cases: [unknown, string][] = [
      [noMaxTokens, 'max_tokens'],
      [{ ...triageParams('s'), tool_choice: { type: 'tool', name: 'classify' } }, "Tool 'classify' not found"],
      [{ ...triageParams('s'), messages: [] }, 'messages'],
      [{ ...triageParams('s'), tools: [{ ...TRIAGE_TOOL, input_schema: { type: 'array' } }] }, 'tools.0.input_schema.type'],
      [{ ...triageParams('s'), tools: [{ ...TRIAGE_TOOL, name: 'triage ticket!' }] }, 'tools.0.name'],
    ];
    for (const [body, expected] of cases) {
      const r = await rawPost(f.url, headers, body);
      expect(r.status, expected).toBe(400);
      expect(r.json.type).toBe('error');
      expect(r.json.error.type).toBe('invalid_request_error');
      expect(r.json.error.message).toContain(expected);
    }
  });

  it('writes the cached system prompt on the first call and reads it from the cache on the next', async () => {
    const f = await start({ respond: () => TRIAGE });
    const c = client(f.url);
    const first = await c.messages.create(triageParams(LONG_SYSTEM, 'Mail one'));
    const second = await c.messages.create(triageParams(LONG_SYSTEM, 'Mail two'));
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(4096);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    // input_tokens counts only what follows the cached prefix: the user message.
    expect(second.usage.input_tokens).toBe(estimateTokens('<customer_email>\nMail two\n</customer_email>'));
    expect(f.stats().cacheReadTokens).toBe(second.usage.cache_read_input_tokens);
  });

  it('does not cache a prefix shorter than the model\'s minimum, and says so only through zero counters', async () => {
    const f = await start({ respond: () => TRIAGE });
    const c = client(f.url);
    await c.messages.create(triageParams('A short system prompt.'));
    const second = await c.messages.create(triageParams('A short system prompt.'));
    expect(second.usage.cache_read_input_tokens).toBe(0);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    expect(second.usage.input_tokens).toBeGreaterThan(estimateTokens(JSON.stringify(TRIAGE_TOOL.input_schema)));
  });

  it('a changed system prompt misses the cache', async () => {
    const f = await start({ respond: () => TRIAGE });
    const c = client(f.url);
    await c.messages.create(triageParams(LONG_SYSTEM));
    const changed = await c.messages.create(triageParams(`${LONG_SYSTEM} Today is Monday.`));
    expect(changed.usage.cache_read_input_tokens).toBe(0);
    expect(changed.usage.cache_creation_input_tokens).toBeGreaterThan(0);
  });

  it('answers 529 overloaded_error at overloadRate 1, which the SDK retries a bounded number of times', async () => {
    const f = await start({ overloadRate: 1 });
    const c = new Anthropic({ apiKey: KEY, baseURL: f.url, maxRetries: 2, logLevel: 'off' });
    const err = await c.messages.create(triageParams('s')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OverloadedError);
    expect((err as OverloadedError).status).toBe(529);
    expect((err as OverloadedError).error).toMatchObject({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    expect(f.stats()).toMatchObject({ overloaded: 3, calls: 0, requests: 3 });
  }, 20_000);

  it('overloads the same calls for the same seed', async () => {
    const pattern = async (seed: number) => {
      const f = await startFakeAnthropic({ overloadRate: 0.5, seed, respond: () => TRIAGE });
      try {
        const c = client(f.url);
        const out: string[] = [];
        for (let i = 0; i < 16; i++) out.push(await c.messages.create(triageParams('s')).then(() => 'ok', () => '529'));
        return out.join(',');
      } finally {
        await f.close();
      }
    };
    const a = await pattern(7);
    expect(await pattern(7)).toBe(a);
    expect(a).toContain('529');
    expect(a).toContain('ok');
  });

  it('does not bill a call whose client gave up before the delay ended', async () => {
    const f = await start({ delayMs: 3_000, respond: () => TRIAGE });
    const err = await client(f.url, { timeout: 200 }).messages.create(triageParams('s')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIConnectionTimeoutError);
    await new Promise((r) => setTimeout(r, 50));
    expect(f.stats().calls).toBe(0);
    expect(f.requests).toHaveLength(1);
  });

  it('answers "invalid" with a tool input that breaks the schema and "no-tool" with text only', async () => {
    let reply: 'invalid' | 'no-tool' = 'invalid';
    const f = await start({ respond: () => reply });
    const c = client(f.url);
    const invalid = await c.messages.create(triageParams('s'));
    const block = invalid.content.find((b) => b.type === 'tool_use');
    expect(block && block.type === 'tool_use' && parseTriageToolInput(block.input).ok).toBe(false);
    reply = 'no-tool';
    const text = await c.messages.create(triageParams('s'));
    expect(text.stop_reason).toBe('end_turn');
    expect(text.content.every((b) => b.type === 'text')).toBe(true);
  });

  it('stops at max_tokens with an unusable tool call when the answer does not fit', async () => {
    const f = await start({ respond: () => TRIAGE });
    const msg = await client(f.url).messages.create({ ...triageParams('s'), max_tokens: 20 });
    expect(msg.stop_reason).toBe('max_tokens');
    expect(msg.usage.output_tokens).toBe(20);
  });

  it('answers a plain call (no tools) with text in the requested language', async () => {
    const f = await start();
    const msg = await client(f.url).messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 512,
      messages: [{ role: 'user', content: '<target_language>fr</target_language>\nTranslate.\n<draft>\nHello\n</draft>' }],
    });
    const text = msg.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
    expect(text).toContain('Bonjour');
    expect(text).toContain('Studyflash Support');
  });

  it('records every request body exactly as it arrived', async () => {
    const f = await start({ respond: () => TRIAGE });
    await client(f.url).messages.create(triageParams('s', 'marker-7781'));
    expect(f.requests).toHaveLength(1);
    expect(f.requests[0]?.raw).toContain('marker-7781');
    expect(f.requests[0]?.status).toBe(200);
    f.reset();
    expect(f.requests).toHaveLength(0);
    expect(f.stats().calls).toBe(0);
  });

  it('by default answers a triage call with the offline analyzer\'s judgement of the mail, in the tool\'s schema', async () => {
    const f = await start();
    const user = buildUserMessage({
      subject: 'Remboursement abonnement annuel',
      text: "Bonjour, j'ai été débité deux fois pour l'abonnement annuel ce mois-ci. Je voudrais être remboursée du second paiement, s'il vous plaît.",
      customerName: 'Camille Durand',
      mode: 'full',
    });
    const msg = await client(f.url).messages.create({ ...triageParams(SYSTEM_PROMPT), messages: [{ role: 'user', content: user }] });
    const block = msg.content.find((b) => b.type === 'tool_use');
    if (block?.type !== 'tool_use') throw new Error('no tool_use');
    const parsed = parseTriageToolInput(block.input);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    expect(parsed.value).toMatchObject({ language: 'fr', category: 'refund-request', suggested_team: 'billing' });
    expect(detectLanguage(parsed.value.draft_reply).language).toBe('fr');
  });
});

describe('fake Messages API: the cache minimum and token counting', () => {
  const productCall = (mail: string): Anthropic.Messages.MessageCreateParamsNonStreaming => ({
    model: 'claude-haiku-4-5',
    max_tokens: 2048,
    tools: [TRIAGE_TOOL],
    tool_choice: { type: 'tool', name: TRIAGE_TOOL.name, disable_parallel_tool_use: true },
    system: [{ type: 'text', text: SYSTEM_PROMPT, cache_control: { type: 'ephemeral' } }],
    messages: [{ role: 'user', content: buildUserMessage({ subject: 'Quiz', text: mail, mode: 'full' }) }],
  });

  it('counts tokens conservatively (three characters per token) on /v1/messages/count_tokens, as much as a message call bills', async () => {
    const f = await start({ respond: () => TRIAGE });
    const { max_tokens: _max, ...prompt } = productCall('Die App stürzt ab.');
    const counted = await client(f.url).messages.countTokens(prompt);
    const msg = await client(f.url).messages.create(productCall('Die App stürzt ab.'));
    expect(counted.input_tokens).toBe(msg.usage.input_tokens + (msg.usage.cache_creation_input_tokens ?? 0) + (msg.usage.cache_read_input_tokens ?? 0));
    expect(estimateTokens('abcdef')).toBe(2);
  });

  it('the product\'s cached prefix (tools + system) passes Haiku\'s 4,096-token minimum with at least 25 % margin', async () => {
    const f = await start();
    const prefix = await client(f.url).messages.countTokens({
      model: 'claude-haiku-4-5',
      tools: [TRIAGE_TOOL],
      tool_choice: { type: 'tool', name: TRIAGE_TOOL.name },
      system: [{ type: 'text', text: SYSTEM_PROMPT }],
      messages: [{ role: 'user', content: '.' }],
    });
    expect(prefix.input_tokens - 1).toBeGreaterThanOrEqual(4096 * 1.25);
  });

  it('hits the cache on every call after the first of a steady stream', async () => {
    const f = await start({ respond: () => TRIAGE });
    for (let i = 0; i < 10; i++) await client(f.url).messages.create(productCall(`Mail number ${i}: die App stürzt ab.`));
    expect(f.stats()).toMatchObject({ calls: 10, cacheWrites: 1, cacheHits: 9, cacheBelowMinimum: 0 });
  });

  it('counts a call whose prefix is below the minimum, which caches nothing', async () => {
    const f = await start({ respond: () => TRIAGE });
    await client(f.url).messages.create({ ...productCall('x'), system: [{ type: 'text', text: 'Short rules.', cache_control: { type: 'ephemeral' } }] });
    expect(f.stats()).toMatchObject({ cacheHits: 0, cacheWrites: 0, cacheBelowMinimum: 1, cacheReadTokens: 0, cacheCreationTokens: 0 });
  });

  it('rejects a count_tokens request with message-only fields, as the real endpoint does', async () => {
    const f = await start();
    const res = await fetch(`${f.url}/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });
});
