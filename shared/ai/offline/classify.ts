// Category and confidence for a prepared mail: the trained model's most probable category, and
// as confidence the calibrated chance that such a prediction is right (confidence.ts, model.ts). No rule here
// overrides the model — docs/architecture.md#categories's precedence is learnt from the labelled mails, with the cue
// concepts as features — and nothing here decides routing: that is the triage policy's job.
import type { Category } from '../../domain.js';
import { STRONG } from './lexicon.js';
import { confidenceInputs, confidenceScore } from './confidence.js';
import { calibrate, predict, type Model } from './model.js';
import type { PreparedMail } from './prepare.js';

export interface Decision {
  category: Category;
  confidence: number;
  /** The model's class probabilities (uncalibrated). */
  probabilities: Record<Category, number>;
  /** Concept ids that fired (for summary, gist and notes). */
  concepts: string[];
  /** Why the mail cannot be judged (empty, unreadable); the ticket goes to needs-triage. */
  degraded?: string;
  notes: string[];
}

/** Fewer letters than this (subject + body) is too little to judge. */
const MIN_LETTERS = 3;
/** Below this, a mail without any known cue or word is not judged at all. */
const SHORT_LETTERS = 25;

export function classify(prepared: PreparedMail, model: Model): Decision {
  const concepts = [...prepared.features.keys()].filter((f) => f.startsWith('c:')).map((f) => f.slice(2));
  const notes: string[] = [];
  const hasWords = [...prepared.features.keys()].some((f) => (f.startsWith('w:') || f.startsWith('g:')) && model.weights[f]);
  const hasCue = concepts.some((c) => STRONG.has(c));

  if (prepared.letters < MIN_LETTERS || (!hasCue && !hasWords && prepared.letters < SHORT_LETTERS)) {
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

  const { category, probabilities } = predict(model, prepared.features);
  if (!hasCue) notes.push('No clear category cue found; judged from wording only.');
  const confidence = calibrate(model.calibration, confidenceScore(model.confidence, confidenceInputs(model, prepared, probabilities, category)));
  return { category, confidence: Math.round(confidence * 1000) / 1000, probabilities, concepts, notes };
}
