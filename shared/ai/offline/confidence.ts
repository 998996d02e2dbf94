// How sure the offline analyzer may be of its category. The top-class probability alone is a poor
// guide on mail written unlike the training mails: there the model is often confidently wrong. So
// confidence is judged from several signs (a small logistic regression, "is this prediction
// right?"), fitted on predictions the model made for whole labelled sets it was trained without —
// each set written by someone else, in other styles, the way new mail differs from the training
// mail — and then mapped to an observed accuracy by the isotonic calibration (model.ts).
import type { Category } from '../../domain.js';
import { CONFUSION_PRIORS } from './confusions.js';
import { CONCEPTS, DERIVED_PRIORS, STRONG } from './lexicon.js';
import { featurize, fromScores, isCueFeature, isLearntFeature, predict, weightMap, type ConfidenceModel, type Features, type Model } from './model.js';

/** The signs, in the order of the vectors below. */
export const CONFIDENCE_INPUTS = [
  // log-odds of the top class: the model's own belief
  'topLogOdds',
  // top minus second probability: a close second means two readings fit
  'margin',
  // share of the mail's words, n-grams and cue pairs the model has weights for: unfamiliar wording is a guess
  'knownShare',
  // how much text there is to go on
  'logTerms',
  'terse',
  // the subject alone and the text alone point to different categories (a misleading subject)
  'subjectDisagrees',
  // cue concepts of two or more categories are present (e.g. a bug told inside a refund request)
  'conflictingCues',
  // the hand-set cue priors alone point elsewhere (1), agree (0), or there is no cue (0.5)
  'cuesDisagree',
  // the model's learnt features alone (words, n-grams, cue pairs) point elsewhere
  'wordsDisagree',
] as const;

const PRIORS: Record<string, Partial<Record<Category, number>>> = {
  ...Object.fromEntries(CONCEPTS.map((c) => [`c:${c.id}`, c.prior])),
  ...Object.fromEntries(Object.entries(DERIVED_PRIORS).map(([id, p]) => [`c:${id}`, p])),
  ...Object.fromEntries(Object.entries(CONFUSION_PRIORS).map(([id, p]) => [`x:${id}`, p])),
};

const PRIOR_ENTRIES = new Map(Object.entries(PRIORS).map(([f, prior]) => [f, Object.entries(prior) as [Category, number][]]));

/** The category the hand-set priors of the cues present favour, or null without cues. */
function cueCategory(features: Features): Category | null {
  const sum = new Map<Category, number>();
  let any = false;
  for (const f of features.keys()) {
    if (!isCueFeature(f)) continue;
    for (const [c, w] of PRIOR_ENTRIES.get(f) ?? []) {
      sum.set(c, (sum.get(c) ?? 0) + w);
      any = true;
    }
  }
  if (!any) return null;
  return [...sum].sort((a, b) => b[1] - a[1])[0]![0];
}

/** The class scores from the learnt features alone (words, n-grams, cue pairs): no hand-set prior. */
function termScores(model: Weights, features: Features): number[] {
  const out = [...model.bias];
  const weights = weightMap(model.weights);
  for (const [f, v] of features) {
    if (!isLearntFeature(f)) continue;
    const w = weights.get(f);
    if (!w) continue;
    for (let k = 0; k < out.length; k++) out[k] = (out[k] ?? 0) + (w[k] ?? 0) * v;
  }
  return out;
}

const CATEGORY_CUES = new Map(CONCEPTS.filter((c) => STRONG.has(c.id)).map((c) => [c.id, Object.entries(c.prior).filter(([, w]) => w > 1).map(([k]) => k)]));

type Weights = Pick<Model, 'weights' | 'bias' | 'classes'>;

/** The signs for one prediction of `model` on a prepared mail. */
export function confidenceInputs(
  model: Weights,
  mail: { subject: string; features: Features; textFeatures: Features },
  probabilities: Record<Category, number>,
  category: Category,
): number[] {
  const sorted = Object.values(probabilities).sort((a, b) => b - a);
  const top = Math.min(1 - 1e-6, Math.max(1e-6, sorted[0] ?? 0));
  const terms = [...mail.features.keys()].filter(isLearntFeature);
  const weights = weightMap(model.weights);
  const known = terms.length ? terms.filter((f) => weights.get(f)).length / terms.length : 0;
  const fromText = mail.textFeatures === mail.features ? category : predict(model, mail.textFeatures).category;
  const fromSubject = mail.subject.trim() ? predict(model, featurize(mail.subject, '')).category : category;
  const cued = new Set<string>();
  for (const f of mail.features.keys()) if (f.startsWith('c:')) for (const c of CATEGORY_CUES.get(f.slice(2)) ?? []) cued.add(c);
  const byCues = cueCategory(mail.features);
  const byWords = fromScores(model, termScores(model, mail.features)).category;
  return [
    Math.log(top / (1 - top)),
    top - (sorted[1] ?? 0),
    known,
    Math.log1p(terms.length),
    mail.features.has('x:terse') ? 1 : 0,
    fromText !== fromSubject ? 1 : 0,
    cued.size >= 2 ? 1 : 0,
    byCues === null ? 0.5 : byCues === category ? 0 : 1,
    byWords === category ? 0 : 1,
  ];
}

/** The probability that the prediction is right, before calibration. */
export function confidenceScore(cm: ConfidenceModel, inputs: number[]): number {
  let z = cm.bias;
  for (let i = 0; i < cm.weights.length; i++) z += (cm.weights[i] ?? 0) * (((inputs[i] ?? 0) - (cm.mean[i] ?? 0)) / (cm.scale[i] || 1));
  return 1 / (1 + Math.exp(-z));
}

const round4 = (x: number): number => Math.round(x * 1e4) / 1e4 || 0;

/** Logistic regression of "was it right" on the standardised signs (L2, full-batch gradient descent). */
export function fitConfidence(rows: { inputs: number[]; correct: boolean }[], { iterations = 3000, learningRate = 0.5, l2 = 1 } = {}): ConfidenceModel {
  const d = CONFIDENCE_INPUTS.length;
  const n = Math.max(1, rows.length);
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + (r.inputs[j] ?? 0), 0) / n);
  const scale = Array.from({ length: d }, (_, j) => Math.sqrt(rows.reduce((s, r) => s + ((r.inputs[j] ?? 0) - mean[j]!) ** 2, 0) / n) || 1);
  const z = rows.map((r) => r.inputs.map((v, j) => (v - mean[j]!) / scale[j]!));
  const w = new Array<number>(d).fill(0);
  let b = 0;
  for (let it = 0; it < iterations; it++) {
    const g = new Array<number>(d).fill(0);
    let gb = 0;
    z.forEach((x, i) => {
      let s = b;
      for (let j = 0; j < d; j++) s += w[j]! * x[j]!;
      const err = 1 / (1 + Math.exp(-s)) - (rows[i]!.correct ? 1 : 0);
      gb += err;
      for (let j = 0; j < d; j++) g[j]! += err * x[j]!;
    });
    for (let j = 0; j < d; j++) w[j] = w[j]! - learningRate * (g[j]! + l2 * w[j]!) / n;
    b -= (learningRate * gb) / n;
  }
  return { inputs: [...CONFIDENCE_INPUTS], mean: mean.map(round4), scale: scale.map(round4), weights: w.map(round4), bias: round4(b) };
}
