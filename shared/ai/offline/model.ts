// The offline category model: multinomial logistic regression over five kinds of features —
// language-independent concepts from the lexicon (weights pulled towards hand-set priors, so a
// concept is evidence, never a verdict), confusion features (confusions.ts), pairs of those cues
// present together (what two cues mean together is not the sum of what each means alone: a refund
// asked for inside a crash report is a refund request, a refund word beside a link and a deadline
// is phishing), accent-folded words, and character 4-grams of words (robust to misspellings and
// inflections); the last three are learnt from the labelled mails alone, pulled towards zero.
// Training is a few hundred full-batch gradient steps over the labelled mails; prediction is a
// sparse dot product (microseconds). How sure a prediction may be is judged by confidence.ts and
// mapped to an observed accuracy by an isotonic calibration fitted on out-of-set predictions.
import { z } from 'zod';
import { CATEGORIES, type Category } from '../../domain.js';
import { CONFUSION_PRIORS, confusionsIn, confusionsInBoth } from './confusions.js';
import { CONCEPTS, DERIVED_PRIORS, conceptsIn, conceptsInBoth } from './lexicon.js';
import { fold, words } from './text.js';

export const MODEL_VERSION = 4;

/** "Is this prediction right?" from the signs of confidence.ts: a standardised logistic regression. */
export const ConfidenceModelSchema = z.object({
  inputs: z.array(z.string()).min(1),
  mean: z.array(z.number()),
  scale: z.array(z.number()),
  weights: z.array(z.number()),
  bias: z.number(),
});
export type ConfidenceModel = z.infer<typeof ConfidenceModelSchema>;

export const ModelSchema = z.object({
  version: z.literal(MODEL_VERSION),
  /** sha256 of the training corpus (eml bytes + labels) and of the lexicon; see train.ts. */
  corpusHash: z.string(),
  lexiconHash: z.string(),
  trainedOn: z.number().int().nonnegative(),
  classes: z.array(z.enum(CATEGORIES)).length(CATEGORIES.length),
  /** feature → one weight per class (same order as `classes`). */
  weights: z.record(z.string(), z.array(z.number()).length(CATEGORIES.length)),
  bias: z.array(z.number()).length(CATEGORIES.length),
  /** How sure a prediction may be (confidence.ts), fitted on predictions for sets held out of training. */
  confidence: ConfidenceModelSchema,
  /**
   * Isotonic map from the confidence model's score (x, ascending) to the share of such predictions
   * that were right (y), fitted on predictions for sets held out of training: the confidence the
   * analyzer reports.
   */
  calibration: z.object({ x: z.array(z.number()).min(1), y: z.array(z.number()).min(1) }).refine((c) => c.x.length === c.y.length, 'x and y differ in length'),
  /** Cross-validated figures at training time, for the record. */
  crossValidation: z
    .object({ folds: z.number().int(), categoryAccuracy: z.number(), languageAccuracy: z.number(), autoPrecision: z.number(), autoCoverage: z.number(), threshold: z.number() })
    .optional(),
});
export type Model = z.infer<typeof ModelSchema>;

export type Features = Map<string, number>;

/** Words too common to say anything about the category in any of the nine languages. */
const STOPWORDS = new Set(
  (
    'the and for you your are was were have has had this that with from but not all can our out get got will would there their what when which who how its his her she him they them then than also just very into about been being here more some such only over ' +
    'der die das und ist ich ein eine einen dem den des mit sie wir ihr mir mich auf für fur von bei zum zur aber auch nicht noch schon wie was wenn dann sich sind hat habe haben bin mein meine meinen euch eure ihnen hallo danke bitte gruss grusse viele liebe ' +
    'les des une est pas que qui dans pour avec sur mon mes vous nous ils elle mais ou je tu il au aux du la le de et en un merci bonjour cordialement ' +
    'het een van en in is op te dat die niet met voor zijn maar ook als dan er bij naar mijn ik je jullie hoi hallo groet groetjes bedankt ' +
    'il lo la le gli di da in con su per tra fra che non ma anche sono ho ha mi mio mia ciao grazie saluti buongiorno ' +
    'el la los las un una unos de del en con por para que no pero tambien es son mi mis me hola gracias saludos ' +
    'o a os as um uma de do da dos das em no na com por para que nao mas tambem meu minha ola obrigado obrigada ' +
    'i w z na do nie to jest sie ze od za po o jak czy mam moje moj dzien dobry dziekuje pozdrawiam ' +
    'och att det som en ett ar jag har inte med pa till av for den de min mitt mina hej tack halsningar'
  ).split(/\s+/),
);

/** Character n-gram length: long enough to carry a stem, short enough to survive a typo. */
const GRAM = 4;
/** Words shorter than this get no character n-grams. */
const MIN_GRAM_WORD = 7;

/** The features of one (cleaned, injection-free) mail. */
export function featurize(subject: string, text: string): Features {
  const folded = fold(`${subject}\n${text}`);
  const concepts = conceptsIn(folded);
  return build(folded, concepts, confusionsIn(folded, concepts));
}

/**
 * featurize(subject, text) and featurize('', text) at once: the lexicon's patterns scan the
 * mail once, and the text again only where a pattern matched in the subject (the confidence model
 * compares the two judgements, confidence.ts). A test holds both equal to the separate calls on
 * every labelled mail.
 */
export function featurizeBoth(subject: string, text: string): { full: Features; text: Features } {
  const boundary = fold(subject).length;
  const folded = fold(`${subject}\n${text}`);
  const concepts = conceptsInBoth(folded, boundary);
  const confusions = confusionsInBoth(folded, boundary, concepts);
  return { full: build(folded, concepts.full, confusions.full), text: build(folded.slice(boundary), concepts.part, confusions.part) };
}

function build(folded: string, concepts: ReadonlySet<string>, confusions: string[]): Features {
  const features: Features = new Map();
  for (const concept of concepts) features.set(`c:${concept}`, 1);
  for (const confusion of confusions) features.set(`x:${confusion}`, 1);
  const unique = new Set(words(folded).filter((w) => w.length >= 3 && !STOPWORDS.has(w) && !/^\d+$/.test(w)));
  // L2-normalised bag of words: long mails do not outvote the concepts.
  const scale = unique.size ? 1 / Math.sqrt(unique.size) : 0;
  for (const w of unique) features.set(`w:${w}`, scale * 2);
  const grams = new Set<string>();
  for (const w of unique) {
    // Short words are features of their own; grams pay off on long, inflected or misspelt ones.
    if (w.length < MIN_GRAM_WORD) continue;
    const padded = `_${w}_`;
    for (let i = 0; i + GRAM <= padded.length; i++) grams.add(padded.slice(i, i + GRAM));
  }
  // A terse mail ("app broken") is judged on little evidence; the model learns how little.
  if (unique.size < 6) features.set('x:terse', 1);
  const gramScale = grams.size ? 1 / Math.sqrt(grams.size) : 0;
  for (const g of grams) features.set(`g:${g}`, gramScale * 2);
  const cues = [...features.keys()].filter(isCueFeature).sort();
  for (let i = 0; i < cues.length; i++) for (let j = i + 1; j < cues.length; j++) features.set(pairFeature(cues[i]!, cues[j]!), PAIR_VALUE);
  return features;
}

/** Concept and confusion features: the hand-written cues, each with a prior. */
export const isCueFeature = (f: string): boolean => f.startsWith('c:') || f.startsWith('x:');
/** Features whose weights are learnt from the labelled mails alone: words, n-grams and cue pairs. */
export const isLearntFeature = (f: string): boolean => f.startsWith('w:') || f.startsWith('g:') || f.startsWith('p:');
const pairFeature = (a: string, b: string): string => `p:${a}&${b}`;
/**
 * The value of a cue-pair feature. Pairs are many and each is rare, so they are pulled towards zero
 * like words; a larger value lets the pull hold them back less. Chosen by leave-writers-out coverage
 * at 97.5 % precision on the training sets (README, "Offline analyzer").
 */
const PAIR_VALUE = 2;

/** Confidence for a top-class probability: linear between the calibration's knots. */
export function calibrate(calibration: Model['calibration'], p: number): number {
  const { x, y } = calibration;
  const n = x.length;
  if (n === 0) return p;
  if (p <= (x[0] ?? 0)) return y[0] ?? p;
  if (p >= (x[n - 1] ?? 1)) return y[n - 1] ?? p;
  let hi = 1;
  while (hi < n - 1 && (x[hi] ?? 1) < p) hi++;
  const x0 = x[hi - 1] ?? 0, x1 = x[hi] ?? 1, y0 = y[hi - 1] ?? 0, y1 = y[hi] ?? 1;
  return x1 === x0 ? y1 : y0 + ((y1 - y0) * (p - x0)) / (x1 - x0);
}

/**
 * Isotonic regression (pool adjacent violators) of "was the prediction right" on the top-class
 * probability. Each block's accuracy is smoothed towards 1/2 by one pseudo-observation, so a
 * handful of right answers never claims certainty; the result stays monotone.
 */
export function fitIsotonic(points: { p: number; correct: boolean }[]): Model['calibration'] {
  if (points.length === 0) return { x: [0, 1], y: [0.25, 0.95] };
  const sorted = [...points].sort((a, b) => a.p - b.p);
  const blocks: { sumP: number; sumY: number; n: number }[] = [];
  for (const pt of sorted) {
    blocks.push({ sumP: pt.p, sumY: pt.correct ? 1 : 0, n: 1 });
    while (blocks.length >= 2) {
      const b = blocks[blocks.length - 1]!;
      const a = blocks[blocks.length - 2]!;
      if (a.sumY / a.n < b.sumY / b.n) break;
      blocks.splice(blocks.length - 2, 2, { sumP: a.sumP + b.sumP, sumY: a.sumY + b.sumY, n: a.n + b.n });
    }
  }
  const x: number[] = [];
  const y: number[] = [];
  let floor = 0;
  for (const b of blocks) {
    const smoothed = Math.max(floor, (b.sumY + 0.5) / (b.n + 1));
    floor = smoothed;
    x.push(round4(b.sumP / b.n));
    y.push(round4(smoothed));
  }
  return { x, y };
}

export interface TrainingExample {
  features: Features;
  category: Category;
}

export interface TrainOptions {
  iterations?: number;
  learningRate?: number;
  /** L2 strength pulling concept weights towards their priors. */
  conceptPull?: number;
  /** L2 strength pulling word weights towards zero. */
  wordPull?: number;
  /** Words must occur in at least this many training mails to become features. */
  minDocFrequency?: number;
  /** Character n-grams must occur in at least this many training mails. */
  minGramFrequency?: number;
  /** Cue pairs must occur in at least this many training mails. */
  minPairFrequency?: number;
}

function priorFor(feature: string): number[] {
  const out = CATEGORIES.map(() => 0);
  if (!feature.startsWith('c:') && !feature.startsWith('x:')) return out;
  const id = feature.slice(2);
  const prior = feature.startsWith('x:') ? (CONFUSION_PRIORS[id] ?? {}) : (CONCEPTS.find((c) => c.id === id)?.prior ?? DERIVED_PRIORS[id] ?? {});
  CATEGORIES.forEach((c, i) => (out[i] = prior[c] ?? 0));
  return out;
}

/** Every concept feature the lexicon can produce (so unseen-in-training concepts keep their prior). */
function allConceptFeatures(): string[] {
  return [...CONCEPTS.map((c) => `c:${c.id}`), ...Object.keys(DERIVED_PRIORS).map((id) => `c:${id}`), ...Object.keys(CONFUSION_PRIORS).map((id) => `x:${id}`)];
}

export function softmax(scores: number[], temperature = 1): number[] {
  const scaled = scores.map((s) => s / temperature);
  const max = Math.max(...scaled);
  const exps = scaled.map((s) => Math.exp(s - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** The weights as a Map (a mail has hundreds of features; a Map lookup beats a large object's). */
const WEIGHT_MAPS = new WeakMap<Record<string, number[]>, Map<string, number[]>>();
export function weightMap(weights: Record<string, number[]>): Map<string, number[]> {
  let m = WEIGHT_MAPS.get(weights);
  if (!m) WEIGHT_MAPS.set(weights, (m = new Map(Object.entries(weights))));
  return m;
}

export function scores(model: Pick<Model, 'weights' | 'bias'>, features: Features): number[] {
  const out = [...model.bias];
  const weights = weightMap(model.weights);
  for (const [feature, value] of features) {
    const w = weights.get(feature);
    if (!w) continue;
    for (let k = 0; k < out.length; k++) out[k] = (out[k] ?? 0) + (w[k] ?? 0) * value;
  }
  return out;
}

export function predict(model: Pick<Model, 'weights' | 'bias' | 'classes'>, features: Features): { category: Category; probabilities: Record<Category, number> } {
  return fromScores(model, scores(model, features));
}

/** The prediction for raw class scores (bias included). */
export function fromScores(model: Pick<Model, 'classes'>, raw: number[]): { category: Category; probabilities: Record<Category, number> } {
  const p = softmax(raw);
  let best = 0;
  for (let k = 1; k < p.length; k++) if ((p[k] ?? 0) > (p[best] ?? 0)) best = k;
  const probabilities = Object.fromEntries(model.classes.map((c, k) => [c, p[k] ?? 0])) as Record<Category, number>;
  return { category: model.classes[best] ?? 'other', probabilities };
}

/** Four decimals are plenty; `|| 0` turns -0 into 0 so a JSON round trip is exact. */
const round4 = (x: number): number => Math.round(x * 1e4) / 1e4 || 0;

/** Fits weights and bias; returns the parts of a Model that depend only on the examples. */
export function train(examples: TrainingExample[], options: TrainOptions = {}): Pick<Model, 'weights' | 'bias' | 'classes'> {
  const { iterations = 400, learningRate = 0.5, conceptPull = 0.02, wordPull = 0.01, minDocFrequency = 2, minGramFrequency = 3, minPairFrequency = 2 } = options;
  const K = CATEGORIES.length;
  const df = new Map<string, number>();
  for (const e of examples) for (const f of e.features.keys()) df.set(f, (df.get(f) ?? 0) + 1);
  const featureNames = [
    ...new Set([
      ...allConceptFeatures(),
      ...[...df].filter(([f]) => f.startsWith('x:')).map(([f]) => f),
      ...[...df]
        .filter(([f, n]) => (f.startsWith('w:') && n >= minDocFrequency) || (f.startsWith('g:') && n >= minGramFrequency) || (f.startsWith('p:') && n >= minPairFrequency))
        .map(([f]) => f),
    ]),
  ];
  const index = new Map(featureNames.map((f, i) => [f, i]));
  const F = featureNames.length;
  // Flat typed arrays: weight of feature i for class k at i * K + k (training runs in seconds).
  const prior = new Float64Array(F * K);
  featureNames.forEach((f, i) => priorFor(f).forEach((w, k) => (prior[i * K + k] = w)));
  const W = Float64Array.from(prior);
  const pull = Float64Array.from(featureNames, (f) => (isCueFeature(f) ? conceptPull : wordPull));
  const b = new Float64Array(K);
  const rows = examples.map((e) => {
    const pairs = [...e.features].filter(([f]) => index.has(f));
    return { y: CATEGORIES.indexOf(e.category), idx: Int32Array.from(pairs, ([f]) => index.get(f) ?? 0), val: Float64Array.from(pairs, ([, v]) => v) };
  });
  const n = Math.max(1, rows.length);
  const gW = new Float64Array(F * K);
  const gb = new Float64Array(K);
  const s = new Float64Array(K);
  for (let it = 0; it < iterations; it++) {
    gW.fill(0);
    gb.fill(0);
    for (const row of rows) {
      s.set(b);
      for (let j = 0; j < row.idx.length; j++) {
        const base = row.idx[j]! * K;
        const v = row.val[j]!;
        for (let k = 0; k < K; k++) s[k]! += W[base + k]! * v;
      }
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, s[k]!);
      let sum = 0;
      for (let k = 0; k < K; k++) sum += s[k] = Math.exp(s[k]! - max);
      for (let k = 0; k < K; k++) {
        const err = (s[k]! / sum - (k === row.y ? 1 : 0)) / n;
        gb[k]! += err;
        for (let j = 0; j < row.idx.length; j++) gW[row.idx[j]! * K + k]! += err * row.val[j]!;
      }
    }
    for (let i = 0; i < F; i++) {
      for (let k = 0; k < K; k++) {
        const at = i * K + k;
        W[at] = W[at]! - learningRate * (gW[at]! + pull[i]! * (W[at]! - prior[at]!));
      }
    }
    // The bias is kept small: the sample's class mix says little about the real inbox's.
    for (let k = 0; k < K; k++) b[k] = b[k]! - learningRate * (gb[k]! + 0.5 * b[k]!);
  }
  const weights: Record<string, number[]> = {};
  featureNames.forEach((f, i) => {
    const w = [...W.subarray(i * K, i * K + K)];
    // Words, n-grams and pairs whose weights stayed ~0 are dropped to keep model.json small.
    if (isCueFeature(f) || w.some((x) => Math.abs(x) > 0.02)) weights[f] = w.map(round4);
  });
  return { classes: [...CATEGORIES], weights, bias: [...b].map(round4) };
}
