// Category and confidence for a prepared mail: the trained model, then the precedence in docs/architecture.md#categories
// rules, then honest confidence caps for thin evidence. Shared by the analyzer and cross-validation.
import type { Category } from '../../domain.js';
import { RISK_NOTE } from '../../mail/signals.js';
import { STRONG } from './lexicon.js';
import { predict, type Model } from './model.js';
import type { PreparedMail } from './prepare.js';

export interface Decision {
  category: Category;
  confidence: number;
  probabilities: Record<Category, number>;
  /** Concept ids that fired (for summary, gist and notes). */
  concepts: string[];
  /** Why the mail cannot be judged (empty, unreadable); the ticket goes to needs-triage. */
  degraded?: string;
  notes: string[];
}

/** "Other" concepts that are not praise/feedback: a question does not make these a product question. */
const HARD_OTHER = ['partnership', 'sponsor', 'press', 'school', 'job', 'gdpr', 'marketing', 'research', 'investment'];
const MONEY_BACK = ['refund', 'double-charge', 'chargeback', 'after-cancel', 'cancel+charged', 'unwanted-purchase'];
/** Confidence ceilings that keep a ticket below the default auto-assign threshold (0.75). */
const INJECTION_CAP = 0.7;
const RISK_CAP = 0.6;
/** Fewer letters than this (subject + body) is too little to judge. */
const MIN_LETTERS = 3;
/** Below this a mail is short enough that even clear cues deserve a human glance. */
const SHORT_LETTERS = 25;

export function classify(prepared: PreparedMail, model: Model): Decision {
  const concepts = [...prepared.features.keys()].filter((f) => f.startsWith('c:')).map((f) => f.slice(2));
  const notes: string[] = [];
  const hasWords = [...prepared.features.keys()].some((f) => f.startsWith('w:') && model.weights[f]);

  if (prepared.letters < MIN_LETTERS || (concepts.length === 0 && !hasWords && prepared.letters < SHORT_LETTERS)) {
    const uniform = { 'bug-report': 0.25, 'refund-request': 0.25, 'product-question': 0.25, other: 0.25 };
    return {
      category: 'other',
      confidence: 0.1,
      probabilities: uniform,
      concepts,
      degraded: prepared.letters < MIN_LETTERS ? 'the mail has no readable text' : 'the mail has too little recognisable text to judge',
      notes,
    };
  }

  const { category: predicted, probabilities } = predict(model, prepared.features);
  let category = predicted;
  let confidence = probabilities[predicted];

  // §6: money back wins over a bug report when both appear.
  // An employer paying the customer back ("my company reimburses me, I need an invoice") is not
  // money back from us, so the model's reading stands.
  const wantsMoney = concepts.some((c) => MONEY_BACK.includes(c)) && !concepts.includes('no-refund') && !concepts.includes('expense-claim');
  // A question that asks for money back ("can I get my money back for March?") is a refund request.
  const explicitMoney = concepts.includes('refund') || concepts.includes('double-charge') || concepts.includes('chargeback');
  if ((category === 'bug-report' || category === 'product-question') && wantsMoney && explicitMoney) {
    notes.push(`Money-back cue overrides ${category}: refund-request (docs/architecture.md#categories).`);
    confidence = Math.min(0.9, probabilities['refund-request'] + probabilities[category]);
    category = 'refund-request';
  }

  // §6: praise or feedback counts as "other" only without a question. "I love the app! Can I…?"
  // is a product question (or whatever the question is about), so the next best category wins.
  const hardOther = concepts.some((c) => HARD_OTHER.includes(c));
  if (category === 'other' && !hardOther && concepts.includes('question-mark') && !concepts.includes('not-a-question')) {
    const next = (Object.entries(probabilities) as [Category, number][])
      .filter(([c]) => c !== 'other')
      .sort((a, b) => b[1] - a[1])[0];
    if (next) {
      notes.push(`Praise/feedback with a question: ${next[0]} (docs/architecture.md#categories).`);
      category = next[0];
      confidence = Math.min(0.7, next[1] + probabilities.other / 2);
    }
  }

  // Thin evidence: keep confidence below the auto-assign threshold so a human looks.
  if (!concepts.some((c) => STRONG.has(c))) {
    confidence = Math.min(confidence, 0.6);
    notes.push('No clear category cue found; judged from wording only.');
  }
  if (prepared.letters < SHORT_LETTERS) {
    confidence = Math.min(confidence, 0.6);
    notes.push('Very short mail.');
  }
  if (prepared.languageSource === 'unknown') {
    confidence = Math.min(confidence, 0.5);
  }
  // The category stays what the real request says, but a mail that tries to steer the AI, or
  // that shows signs of tampering, is always read by a human before anyone acts on it.
  if (prepared.injectionSentences > 0) {
    confidence = Math.min(confidence, INJECTION_CAP);
    notes.push('Held for a human: the mail contains instructions addressed to the AI (ignored for category and draft).');
  }
  for (const risk of prepared.risks) {
    confidence = Math.min(confidence, RISK_CAP);
    notes.push(RISK_NOTE[risk]);
  }
  return { category, confidence: Math.round(confidence * 1000) / 1000, probabilities, concepts, notes };
}
