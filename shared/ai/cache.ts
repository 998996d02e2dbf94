// Anthropic's prompt cache engages only for a prefix (tools + system, up to the last
// cache_control breakpoint) at least as long as the model's minimum; shorter prefixes are billed
// in full on every call without any error. The product's prefix is the triage tool plus the
// system prompt; `npm run doctor` counts it with the token-counting endpoint.
import type Anthropic from '@anthropic-ai/sdk';
import { SYSTEM_PROMPT } from './prompt.js';
import { TRIAGE_TOOL } from './schema.js';

/** Minimum cacheable prompt length in tokens, per Anthropic's prompt-caching documentation. */
export function minCacheableTokens(model: string): number {
  if (/haiku-4-5|opus-4-5|opus-4-6|haiku-5/.test(model)) return 4096;
  if (/haiku/.test(model)) return 2048;
  return 1024;
}

export interface PrefixCount {
  tokens: number;
  minimum: number;
  engages: boolean;
}

/**
 * Tokens of the cached prefix as Anthropic counts them: the prompt with a one-character user
 * message, minus that message's token. `parts` defaults to the product's own tool and system.
 */
export async function countCachedPrefix(client: Anthropic, model: string, parts: { system?: string; tools?: Anthropic.Messages.Tool[] } = {}): Promise<PrefixCount> {
  const tools = parts.tools ?? [TRIAGE_TOOL as Anthropic.Messages.Tool];
  const counted = await client.messages.countTokens({
    model,
    tools,
    tool_choice: { type: 'tool', name: tools[0]?.name ?? TRIAGE_TOOL.name },
    system: [{ type: 'text', text: parts.system ?? SYSTEM_PROMPT }],
    messages: [{ role: 'user', content: '.' }],
  });
  const tokens = Math.max(0, counted.input_tokens - 1);
  const minimum = minCacheableTokens(model);
  return { tokens, minimum, engages: tokens >= minimum };
}
