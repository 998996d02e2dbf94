// The seed-shaped baseline: a faithful model of the naive design the product replaced, run on the
// same fakes in the same benchmark so the speed-up is measured, not assumed.
//   fetch the mail → enrichment (awaited first) → detect language ∥ translate to English →
//   categorize → draft a reply → categories + createReply → ticket → card
// Four LLM calls (two in parallel, then two in sequence) through the real Anthropic SDK against the
// fake Messages API, and the product's own Graph, enrichment, store and card adapters — only the
// shape of the pipeline differs. It sends the mail as it arrived (no cleaning, no PII redaction,
// no prompt caching), as the naive design did.
//
// This file also holds the fake's answers for those four calls (benchRespond / benchRespondText):
// plausible outputs so the token counts are plausible (a translation as long as the original, a
// language code, a category, a reply in the customer's language).
import Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import { defaultRespond, defaultRespondText } from '../../dev/fake-anthropic/respond.js';
import type { FakeRequest, FakeToolReply } from '../../dev/fake-anthropic/server.js';
import { CATEGORIES, OUTLOOK_CATEGORIES, TEAM_FOR_CATEGORY, type Category, type EnrichmentFacts, type Ticket } from '../../shared/domain.js';
import { accountFactsForDraft, renderAccountFacts } from '../../shared/ai/account-facts.js';
import { detectLanguage } from '../../shared/ai/language.js';
import { OfflineAnalyzer } from '../../shared/ai/offline/analyzer.js';
import { skipReason } from '../../shared/mail/auto.js';
import type { Enricher, Mailbox, TicketCards, TicketStore } from '../../shared/ports.js';
import { draftToHtml } from '../../shared/tickets/draft.js';
import { ticketIdFor } from '../../shared/tickets/process.js';
import { newTicket, settle } from '../../shared/tickets/ticket.js';

const DETECT_SYSTEM = 'You detect the language of customer e-mails. Answer with the ISO 639-1 code only.';
const TRANSLATE_SYSTEM = 'You translate customer e-mails for a support team. Translate the e-mail into English. Answer with the translation only.';
const CATEGORIZE_SYSTEM =
  'You categorize support e-mails of Studyflash, a learning app for students, into exactly one category: bug-report (something is broken), refund-request (the customer wants money back), product-question (how something works, plans, prices, settings) or other (partnerships, press, spam, feedback, legal). Call the tool with the category and your confidence.';
const DRAFT_SYSTEM =
  'You are a friendly support agent of Studyflash. Write a short, helpful reply to the customer in the language given in <target_language>. Never promise refunds, amounts or dates. Answer with the reply text only.';

const CATEGORIZE_TOOL = {
  name: 'categorize_ticket',
  description: 'Record the category of the e-mail.',
  input_schema: {
    type: 'object' as const,
    properties: { category: { type: 'string', enum: [...CATEGORIES] }, confidence: { type: 'number', minimum: 0, maximum: 1 } },
    required: ['category', 'confidence'],
  },
};
const categorizeOutput = z.object({ category: z.enum(CATEGORIES), confidence: z.number().min(0).max(1) });

export interface SeedShapeDeps {
  mailbox: Mailbox;
  enricher: Enricher;
  store: TicketStore;
  cards: TicketCards;
  anthropic: Anthropic;
  model: string;
  confidenceThreshold: number;
}

export type SeedOutcome = { outcome: 'ticket'; ticketId: string } | { outcome: 'skipped'; reason: string };

export function createSeedClient(opts: { apiKey: string; baseURL: string; timeoutMs: number; maxRetries: number }): Anthropic {
  return new Anthropic({ apiKey: opts.apiKey, baseURL: opts.baseURL, timeout: opts.timeoutMs, maxRetries: opts.maxRetries, logLevel: 'off' });
}

function textOf(message: Anthropic.Messages.Message): string {
  return message.content
    .filter((b): b is Anthropic.Messages.TextBlock => b.type === 'text')
    .map((b) => b.text)
    .join('')
    .trim();
}

async function ask(deps: SeedShapeDeps, system: string, user: string, maxTokens: number): Promise<string> {
  const message = await deps.anthropic.messages.create({ model: deps.model, max_tokens: maxTokens, system, messages: [{ role: 'user', content: user }] });
  return textOf(message);
}

async function categorize(deps: SeedShapeDeps, english: string): Promise<z.infer<typeof categorizeOutput>> {
  const message = await deps.anthropic.messages.create({
    model: deps.model,
    max_tokens: 256,
    system: CATEGORIZE_SYSTEM,
    tools: [CATEGORIZE_TOOL],
    tool_choice: { type: 'tool', name: CATEGORIZE_TOOL.name },
    messages: [{ role: 'user', content: english }],
  });
  const block = message.content.find((b): b is Anthropic.Messages.ToolUseBlock => b.type === 'tool_use');
  const parsed = categorizeOutput.safeParse(block?.input);
  return parsed.success ? parsed.data : { category: 'other', confidence: 0 };
}

/** The same account facts the product's Claude call gets, so both write the same kind of draft. */
function factsLine(facts: EnrichmentFacts): string {
  const f = accountFactsForDraft(facts);
  return f ? renderAccountFacts(f).join('\n') : 'none';
}

/** One message through the seed-shaped pipeline. */
export async function seedShapedProcess(deps: SeedShapeDeps, messageId: string): Promise<SeedOutcome> {
  const { mailbox } = deps;
  const mail = await mailbox.getMessage(messageId);
  const skip = skipReason(mail, mailbox.address);
  if (skip) return { outcome: 'skipped', reason: skip };

  // 1. Enrichment first: the LLM prompts below want the facts.
  const facts = await deps.enricher.enrich(mail.from.address);
  const original = `Subject: ${mail.subject}\n\n${mail.text}`;
  // 2. Language and translation, in parallel.
  const [detected, english] = await Promise.all([ask(deps, DETECT_SYSTEM, original, 16), ask(deps, TRANSLATE_SYSTEM, original, 2048)]);
  const language = /^[a-z]{2}$/.test(detected) ? detected : 'en';
  // 3. Category from the English text.
  const { category, confidence } = await categorize(deps, english);
  // 4. The reply in the customer's language.
  const draft = await ask(deps, DRAFT_SYSTEM, `<target_language>${language}</target_language>\n<category>${category}</category>\n<customer_facts>${factsLine(facts)}</customer_facts>\n<email>\n${english}\n</email>`, 1024);

  const needsTriage = confidence < deps.confidenceThreshold;
  await mailbox.ensureMasterCategories(OUTLOOK_CATEGORIES);
  await mailbox.setCategories(mail.messageId, [...mail.categories, category, needsTriage ? 'needs-triage' : 'high-confidence', 'ai-processed']);
  const draftId = await mailbox.createReplyDraft(mail.messageId, draftToHtml(draft), mail.replyTo?.length ? { to: mail.replyTo } : {});
  const ticket = await deps.store.create(seedTicket(mail, { language, english, category, confidence, needsTriage, draft, draftId, facts }));
  await deps.cards.publish(ticket);
  return { outcome: 'ticket', ticketId: ticket.id };
}

function seedTicket(
  mail: Awaited<ReturnType<Mailbox['getMessage']>>,
  a: { language: string; english: string; category: Category; confidence: number; needsTriage: boolean; draft: string; draftId: string; facts: EnrichmentFacts },
): Ticket {
  const now = new Date().toISOString();
  const made = newTicket(
    {
      id: ticketIdFor(mail),
      messageId: mail.messageId,
      internetMessageId: mail.internetMessageId ?? '',
      conversationId: mail.conversationId ?? '',
      from: mail.from,
      subject: mail.subject,
      receivedAt: mail.receivedAt ?? now,
      language: a.language,
      category: a.category,
      confidence: a.confidence,
      needsTriage: a.needsTriage,
      triageReasons: [],
      assignee: null,
      suggestedAssignee: null,
      team: TEAM_FOR_CATEGORY[a.category],
      summary: mail.subject,
      translatedSubject: mail.subject,
      translatedBody: a.english,
      latestText: mail.text,
      draft: a.draft,
      enrichment: a.facts,
      analyzer: 'claude',
      usage: null,
      notes: [],
      createdDetail: a.needsTriage ? 'needs triage' : 'open',
      pass: null,
    },
    now,
  );
  return { ...settle(made), draftMessageId: a.draftId, draftForMessageId: mail.messageId };
}

// ---------- the fake's answers for the seed-shaped calls ----------

let offline: OfflineAnalyzer | undefined;

function systemText(req: FakeRequest): string {
  const s = req.body.system;
  return typeof s === 'string' ? s : (s ?? []).map((b) => b.text).join('\n');
}

/** Tool calls: the seed's categorize call gets the offline classifier's answer; the rest the fake's default. */
export async function benchRespond(req: FakeRequest): Promise<FakeToolReply> {
  if (req.toolName !== CATEGORIZE_TOOL.name) return defaultRespond(req);
  offline ??= new OfflineAnalyzer();
  const a = await offline.analyze({ mail: { messageId: 'bench', from: { address: 'customer@example.invalid' }, subject: '', text: req.userText }, mode: 'full' });
  return { category: a.category, confidence: a.confidence };
}

/** Plain calls: a language code for detect, a translation as long as the original, else the fake's default (a reply per language). */
export function benchRespondText(req: FakeRequest): string {
  const system = systemText(req);
  if (system === DETECT_SYSTEM) {
    const { language } = detectLanguage(req.userText);
    return language === 'und' ? 'en' : language;
  }
  // The fake cannot translate; a real translation is about as long as the original.
  if (system === TRANSLATE_SYSTEM) return `[fake translation] ${req.userText}`;
  return defaultRespondText(req);
}
