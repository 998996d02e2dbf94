// The Claude analyzer: one Messages API call per mail, with a forced `triage_ticket` tool that
// returns language, English translation, category, confidence, summary, team and a draft reply in
// the customer's language. Before anything leaves, the mail is reduced to the customer's newest
// text and stripped of personal data; after the call, the answer is schema-checked, the draft's
// language verified (one repair call only when it is reliably wrong) and the draft held to the
// no-promises policy. Anything Anthropic-side that goes wrong (overload, timeout, bad key, bad
// output) yields a degraded Analysis — the ticket lands in needs-triage, it is never lost.
import Anthropic, { AnthropicError, APIConnectionTimeoutError, APIError, APIConnectionError } from '@anthropic-ai/sdk';
import type { Analysis, Language, TokenUsage } from '../domain.js';
import { LANGUAGES } from '../domain.js';
import type { Config } from '../config.js';
import { createLogger, type Logger } from '../log.js';
import { normalizeError } from '../errors.js';
import type { AnalyzeInput, Analyzer } from '../ports.js';
import { accountFactsForDraft, awaitFacts } from './account-facts.js';
import { cleanForAnalysis } from '../mail/clean.js';
import { redactPii, type Redacted } from '../mail/pii.js';
import { detectLanguage } from './language.js';
import { buildRepairMessage, buildUserMessage, languageName, REPAIR_SYSTEM_PROMPT, SYSTEM_PROMPT } from './prompt.js';
import { stripPromises, type PromiseKind } from './promise-guard.js';
import { parseTriageToolInput, TRIAGE_TOOL, TRIAGE_TOOL_NAME, type TriageToolInput } from './schema.js';

export const DEFAULT_MODEL = 'claude-haiku-4-5';

export interface ClaudeAnalyzerOptions {
  apiKey: string;
  /** Messages API root; a local fake in tests and the benchmark. */
  baseURL?: string;
  model?: string;
  /** Per attempt; the SDK aborts and (within maxRetries) retries. */
  timeoutMs?: number;
  /** Bounded SDK retries on 408/409/429/5xx/529 and connection errors. */
  maxRetries?: number;
  /** Output budget of the triage call (translation ≤ ~300 words + draft fit comfortably). */
  maxTokens?: number;
  logger?: Logger;
  /** Gives category and draft when Claude cannot; default: the offline analyzer. */
  fallback?: Analyzer;
  /** Upper bound on waiting for enrichment before the call (the enricher's own timeout is shorter). */
  enrichmentWaitMs?: number;
}

type Usage = Anthropic.Messages.Usage;

const REDACTION_LABEL: Record<string, string> = { card: 'card number', iban: 'IBAN', phone: 'phone number', address: 'street address', email: 'e-mail address' };
const PROMISE_LABEL: Record<PromiseKind, string> = { refund: 'a refund promise', amount: 'an amount of money', date: 'a date or deadline' };

function emptyUsage(): TokenUsage {
  return { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0, calls: 0 };
}

function addUsage(total: TokenUsage, usage: Usage | undefined): void {
  total.calls += 1;
  if (!usage) return;
  total.inputTokens += usage.input_tokens ?? 0;
  total.outputTokens += usage.output_tokens ?? 0;
  total.cacheReadInputTokens = (total.cacheReadInputTokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
  total.cacheCreationInputTokens = (total.cacheCreationInputTokens ?? 0) + (usage.cache_creation_input_tokens ?? 0);
}

function describeRedactions(subject: Redacted, body: Redacted, name: Redacted): string | null {
  const counts = new Map<string, number>();
  for (const r of [...subject.redactions, ...body.redactions, ...name.redactions]) counts.set(r.kind, (counts.get(r.kind) ?? 0) + r.count);
  if (counts.size === 0) return null;
  const parts = [...counts].map(([kind, n]) => `${n} ${REDACTION_LABEL[kind] ?? kind}${n > 1 ? 's' : ''}`);
  return `Removed before the AI call: ${parts.join(', ')}.`;
}

/** "Studyflash Support" is English in every draft; it must not sway the language check. */
function withoutSignOff(draft: string): string {
  return draft.replace(/^\s*Studyflash Support\s*$/gim, '');
}

export class ClaudeAnalyzer implements Analyzer {
  readonly name = 'claude' as const;
  private readonly client: Anthropic;
  private readonly model: string;
  private readonly maxTokens: number;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly enrichmentWaitMs: number;
  private readonly log: Logger;
  private fallbackAnalyzer: Analyzer | undefined;

  constructor(options: ClaudeAnalyzerOptions) {
    this.model = options.model ?? DEFAULT_MODEL;
    this.maxTokens = options.maxTokens ?? 2048;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxRetries = options.maxRetries ?? 2;
    this.enrichmentWaitMs = options.enrichmentWaitMs ?? 10_000;
    this.log = options.logger ?? createLogger('ai.claude');
    this.fallbackAnalyzer = options.fallback;
    this.client = new Anthropic({
      apiKey: options.apiKey,
      // An explicit URL always, so the SDK never picks one up from the environment on its own.
      baseURL: options.baseURL ?? 'https://api.anthropic.com',
      timeout: this.timeoutMs,
      maxRetries: this.maxRetries,
      // The SDK would log to the console; our logger reports failures once, without bodies.
      logLevel: 'off',
    });
  }

  static fromConfig(config: Pick<Config, 'anthropicApiKey' | 'anthropicBaseUrl' | 'anthropicModel' | 'anthropicTimeoutMs' | 'anthropicMaxRetries' | 'enrichmentTimeoutMs'>, options: { logger?: Logger; fallback?: Analyzer } = {}): ClaudeAnalyzer {
    if (!config.anthropicApiKey) throw new Error('ClaudeAnalyzer needs ANTHROPIC_API_KEY');
    return new ClaudeAnalyzer({
      apiKey: config.anthropicApiKey,
      baseURL: config.anthropicBaseUrl,
      model: config.anthropicModel,
      timeoutMs: config.anthropicTimeoutMs,
      maxRetries: config.anthropicMaxRetries,
      // Each source stops at its own timeout; the margin covers the enricher's bookkeeping.
      enrichmentWaitMs: config.enrichmentTimeoutMs + 500,
      ...options,
    });
  }

  /** Loaded on first need: a healthy Claude path never pays for the offline model. */
  private async fallback(): Promise<Analyzer> {
    if (!this.fallbackAnalyzer) {
      const { OfflineAnalyzer } = await import('./offline/analyzer.js');
      this.fallbackAnalyzer = new OfflineAnalyzer();
    }
    return this.fallbackAnalyzer;
  }

  async analyze(input: AnalyzeInput): Promise<Analysis> {
    const { mail } = input;
    const log = this.log.child({ messageId: mail.messageId });
    const notes: string[] = [];
    const usage = emptyUsage();

    // 1. Only the customer's newest text, and no personal data, ever reaches the model.
    const cleaned = cleanForAnalysis(mail);
    const subject = redactPii(cleaned.subject);
    const body = redactPii(cleaned.text);
    const name = redactPii(mail.from.name ?? '');
    const redactionNote = describeRedactions(subject, body, name);
    if (redactionNote) notes.push(redactionNote);

    // 2. The facts the draft may use: the call waits for enrichment (each source has its own
    //    timeout; with no source configured it resolves at once) and sees only account-facts.ts.
    const accountFacts = accountFactsForDraft(await awaitFacts(input.enrichment, this.enrichmentWaitMs));

    // 3. The one triage call.
    let tool: TriageToolInput;
    try {
      const message = await this.client.messages.create({
        model: this.model,
        max_tokens: this.maxTokens,
        tools: [TRIAGE_TOOL],
        tool_choice: { type: 'tool', name: TRIAGE_TOOL_NAME, disable_parallel_tool_use: true },
        system: [{ type: 'text', text: SYSTEM_PROMPT, cache_control: { type: 'ephemeral' } }],
        messages: [{ role: 'user', content: buildUserMessage({ subject: subject.text, text: body.text, customerName: name.text || undefined, mode: input.mode, accountFacts }) }],
      });
      addUsage(usage, message.usage);
      const block = message.content.find((b): b is Anthropic.Messages.ToolUseBlock => b.type === 'tool_use' && b.name === TRIAGE_TOOL_NAME);
      if (!block) {
        return await this.degrade(input, `Claude answered without the triage tool (stop reason: ${message.stop_reason ?? 'none'})`, notes, usage, log);
      }
      if (message.stop_reason === 'max_tokens') {
        return await this.degrade(input, `Claude's answer was cut off at ${this.maxTokens} output tokens`, notes, usage, log);
      }
      const parsed = parseTriageToolInput(block.input);
      if (!parsed.ok) {
        return await this.degrade(input, `Claude's triage did not match the schema (${parsed.problems.slice(0, 3).join('; ')})`, notes, usage, log);
      }
      tool = parsed.value;
    } catch (err) {
      return await this.degrade(input, this.describeFailure(err), notes, usage, log);
    }

    const language = tool.language;
    let draft = tool.draft_reply.trim();
    let degraded: string | undefined;
    if (tool.injection_detected) notes.push('The mail contains instructions aimed at the AI; they were treated as data.');
    if (tool.needs_human) notes.push('Claude suggests a human looks at this mail before replying.');

    // 4. The draft must be in the customer's language. The local detector knows our nine
    //    languages; only a reliable disagreement is acted on, with exactly one repair call.
    if ((LANGUAGES as readonly string[]).includes(language)) {
      const detected = detectLanguage(withoutSignOff(draft));
      if (detected.reliable && detected.language !== language) {
        notes.push(`The draft came back in ${languageName(detected.language)}, not ${languageName(language)}; it was translated.`);
        try {
          draft = await this.repairDraft(draft, language as Language, usage);
          const again = detectLanguage(withoutSignOff(draft));
          if (again.reliable && again.language !== language) degraded = `The draft is still in ${languageName(again.language)} after one repair; a human must rewrite it.`;
        } catch (err) {
          degraded = `The draft is in ${languageName(detected.language)} and could not be translated (${this.describeFailure(err)}).`;
        }
      }
    }

    // 5. No refund promises, amounts or dates — whatever the mail told the model.
    const guarded = stripPromises(draft);
    if (guarded.removed.length > 0) {
      const kinds = [...new Set(guarded.removed.map((f) => PROMISE_LABEL[f.kind]))].join(', ');
      if (guarded.substantive) {
        draft = guarded.text;
        notes.push(`Removed ${guarded.removed.length} sentence(s) from the draft that made ${kinds}.`);
      } else {
        draft = await this.safeDraft(input, language);
        notes.push(`The draft made ${kinds}; it was replaced by the standard reply.`);
      }
      log.warn('draft promised what only a human may decide', { kinds, removed: guarded.removed.length });
    }

    log.info('analyzed', { category: tool.category, confidence: tool.confidence, language, calls: usage.calls, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, cacheReadInputTokens: usage.cacheReadInputTokens });
    return {
      language,
      category: tool.category,
      confidence: tool.confidence,
      summary: tool.summary,
      translatedSubject: tool.translated_subject,
      translatedBody: tool.translated_body,
      suggestedTeam: tool.suggested_team,
      draft,
      analyzer: 'claude',
      ...(degraded ? { degraded } : {}),
      ...(tool.injection_detected ? { injectionDetected: true } : {}),
      ...(tool.needs_human ? { needsHuman: 'Claude marked the mail as one a human should answer' } : {}),
      notes,
      usage,
    };
  }

  /** The one translation call of a wrong-language draft; plain text in, plain text out. */
  private async repairDraft(draft: string, language: Language, usage: TokenUsage): Promise<string> {
    const message = await this.client.messages.create({
      model: this.model,
      max_tokens: 1024,
      system: REPAIR_SYSTEM_PROMPT,
      messages: [{ role: 'user', content: buildRepairMessage(draft, language) }],
    });
    addUsage(usage, message.usage);
    const text = message.content
      .filter((b): b is Anthropic.Messages.TextBlock => b.type === 'text')
      .map((b) => b.text)
      .join('')
      .trim();
    if (!text || message.stop_reason === 'max_tokens') throw new Error('the translation came back empty or cut off');
    return text;
  }

  /** The offline analyzer's reply for this mail: a reviewed template that promises nothing. */
  private async safeDraft(input: AnalyzeInput, language: string): Promise<string> {
    const offline = await (await this.fallback()).analyze(input);
    if (offline.language !== language) this.log.warn('standard reply language differs from Claude\'s', { offline: offline.language, claude: language });
    return offline.draft;
  }

  private async degrade(input: AnalyzeInput, reason: string, notes: string[], usage: TokenUsage, log: Logger): Promise<Analysis> {
    log.warn('Claude triage degraded; using the offline analyzer', { reason });
    const offline = await (await this.fallback()).analyze(input);
    return {
      ...offline,
      analyzer: 'offline',
      degraded: `${reason}. The offline analyzer's triage is shown; please check category and draft.`,
      notes: [...notes, ...offline.notes],
      usage,
    };
  }

  /** One clear sentence per failure kind; no mail content, no key. */
  private describeFailure(err: unknown): string {
    const attempts = `${this.maxRetries + 1} attempt${this.maxRetries === 0 ? '' : 's'}`;
    if (err instanceof APIConnectionTimeoutError) return `Claude did not answer within ${this.timeoutMs} ms (${attempts})`;
    if (err instanceof APIConnectionError) return `Anthropic could not be reached (${attempts}): ${err.message}`;
    if (err instanceof APIError) {
      const detail = err.message.slice(0, 200);
      switch (err.status) {
        case 401:
          return 'Anthropic key rejected (401 authentication_error): check ANTHROPIC_API_KEY';
        case 403:
          return 'Anthropic refused the request (403 permission_error): the key lacks access to this model or workspace';
        case 404:
          return `Anthropic does not know model "${this.model}" (404): check ANTHROPIC_MODEL`;
        case 400:
        case 413:
          return `Anthropic rejected the request (${err.status}): ${detail}`;
        case 429:
          return `Anthropic rate limit (429) still hit after ${attempts}`;
        case 529:
          return `Anthropic overloaded (529) after ${attempts}`;
        default:
          if (typeof err.status === 'number' && err.status >= 500) return `Anthropic server error (${err.status}) after ${attempts}`;
          return `Anthropic call failed (${err.status ?? 'no status'}): ${detail}`;
      }
    }
    if (!(err instanceof AnthropicError) && err instanceof Error) return err.message;
    return normalizeError(err, 'anthropic').message;
  }
}
