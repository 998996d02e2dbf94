// The offline category model: multinomial logistic regression over two kinds of features —
// language-independent concepts from the lexicon (weights pulled towards hand-set priors) and
// accent-folded words (weights pulled towards zero). Training is a few hundred full-batch
// gradient steps over ~100 mails; prediction is a sparse dot product (microseconds).
import { z } from 'zod';
import { CATEGORIES, type Category } from '../../domain.js';
import { CONCEPTS, DERIVED_PRIORS, conceptsIn } from './lexicon.js';
import { fold, words } from './text.js';

export const MODEL_VERSION = 1;

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
  /** Softmax temperature fitted on out-of-fold predictions (calibrates confidence). */
  temperature: z.number().positive(),
  /** Cross-validated accuracy at training time, for the record. */
  crossValidation: z
    .object({ folds: z.number().int(), categoryAccuracy: z.number(), languageAccuracy: z.number() })
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

/** The features of one (cleaned, injection-free) mail. */
export function featurize(subject: string, text: string): Features {
  const folded = fold(`${subject}\n${text}`);
  const features: Features = new Map();
  for (const concept of conceptsIn(folded)) features.set(`c:${concept}`, 1);
  const unique = new Set(words(folded).filter((w) => w.length >= 3 && !STOPWORDS.has(w) && !/^\d+$/.test(w)));
  // L2-normalised bag of words: long mails do not outvote the concepts.
  const scale = unique.size ? 1 / Math.sqrt(unique.size) : 0;
  for (const w of unique) features.set(`w:${w}`, scale * 2);
  return features;
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
}

function priorFor(feature: string): number[] {
  const out = CATEGORIES.map(() => 0);
  if (!feature.startsWith('c:')) return out;
  const id = feature.slice(2);
  const prior = CONCEPTS.find((c) => c.id === id)?.prior ?? DERIVED_PRIORS[id] ?? {};
  CATEGORIES.forEach((c, i) => (out[i] = prior[c] ?? 0));
  return out;
}

/** Every concept feature the lexicon can produce (so unseen-in-training concepts keep their prior). */
function allConceptFeatures(): string[] {
  return [...CONCEPTS.map((c) => `c:${c.id}`), ...Object.keys(DERIVED_PRIORS).map((id) => `c:${id}`)];
}

export function softmax(scores: number[], temperature = 1): number[] {
  const scaled = scores.map((s) => s / temperature);
  const max = Math.max(...scaled);
  const exps = scaled.map((s) => Math.exp(s - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

export function scores(model: Pick<Model, 'weights' | 'bias'>, features: Features): number[] {
  const out = [...model.bias];
  for (const [feature, value] of features) {
    const w = model.weights[feature];
    if (!w) continue;
    for (let k = 0; k < out.length; k++) out[k] = (out[k] ?? 0) + (w[k] ?? 0) * value;
  }
  return out;
}

export function predict(model: Model, features: Features): { category: Category; probabilities: Record<Category, number> } {
  const p = softmax(scores(model, features), model.temperature);
  let best = 0;
  for (let k = 1; k < p.length; k++) if ((p[k] ?? 0) > (p[best] ?? 0)) best = k;
  const probabilities = Object.fromEntries(model.classes.map((c, k) => [c, p[k] ?? 0])) as Record<Category, number>;
  return { category: model.classes[best] ?? 'other', probabilities };
}

/** Four decimals are plenty; `|| 0` turns -0 into 0 so a JSON round trip is exact. */
const round4 = (x: number): number => Math.round(x * 1e4) / 1e4 || 0;

/** Fits weights and bias; returns the parts of a Model that depend only on the examples. */
export function train(examples: TrainingExample[], options: TrainOptions = {}): Pick<Model, 'weights' | 'bias' | 'classes'> {
  const { iterations = 400, learningRate = 0.5, conceptPull = 0.08, wordPull = 0.02, minDocFrequency = 2 } = options;
  const K = CATEGORIES.length;
  const df = new Map<string, number>();
  for (const e of examples) for (const f of e.features.keys()) df.set(f, (df.get(f) ?? 0) + 1);
  const featureNames = [
    ...new Set([...allConceptFeatures(), ...[...df].filter(([f, n]) => f.startsWith('w:') && n >= minDocFrequency).map(([f]) => f)]),
  ];
  const index = new Map(featureNames.map((f, i) => [f, i]));
  const priors = featureNames.map(priorFor);
  const W = priors.map((p) => [...p]);
  const b = CATEGORIES.map(() => 0);
  const rows = examples.map((e) => ({
    y: CATEGORIES.indexOf(e.category),
    x: [...e.features].flatMap(([f, v]) => (index.has(f) ? [[index.get(f) ?? 0, v] as const] : [])),
  }));
  const n = Math.max(1, rows.length);
  for (let it = 0; it < iterations; it++) {
    const gW = W.map(() => new Array<number>(K).fill(0));
    const gb = new Array<number>(K).fill(0);
    for (const row of rows) {
      const s = [...b];
      for (const [i, v] of row.x) for (let k = 0; k < K; k++) s[k] = (s[k] ?? 0) + (W[i]?.[k] ?? 0) * v;
      const p = softmax(s);
      for (let k = 0; k < K; k++) {
        const err = (p[k] ?? 0) - (k === row.y ? 1 : 0);
        gb[k] = (gb[k] ?? 0) + err / n;
        for (const [i, v] of row.x) {
          const g = gW[i];
          if (g) g[k] = (g[k] ?? 0) + (err * v) / n;
        }
      }
    }
    for (let i = 0; i < W.length; i++) {
      const isConcept = featureNames[i]?.startsWith('c:') ?? false;
      const pull = isConcept ? conceptPull : wordPull;
      const wi = W[i] ?? [];
      const pi = priors[i] ?? [];
      const gi = gW[i] ?? [];
      for (let k = 0; k < K; k++) wi[k] = (wi[k] ?? 0) - learningRate * ((gi[k] ?? 0) + pull * ((wi[k] ?? 0) - (pi[k] ?? 0)));
    }
    // The bias is kept small: the sample's class mix says little about the real inbox's.
    for (let k = 0; k < K; k++) b[k] = (b[k] ?? 0) - learningRate * ((gb[k] ?? 0) + 0.5 * (b[k] ?? 0));
  }
  const weights: Record<string, number[]> = {};
  featureNames.forEach((f, i) => {
    const w = W[i] ?? [];
    // Words whose weights stayed ~0 are dropped to keep model.json small.
    if (f.startsWith('c:') || w.some((x) => Math.abs(x) > 0.01)) weights[f] = w.map(round4);
  });
  return { classes: [...CATEGORIES], weights, bias: b.map(round4) };
}

/** Temperature that minimises the log-loss of out-of-fold scores (a 1-D grid search is enough). */
export function fitTemperature(outOfFold: { scores: number[]; y: number }[]): number {
  if (outOfFold.length === 0) return 1;
  let best = 1;
  let bestLoss = Infinity;
  for (let t = 0.3; t <= 4.0001; t += 0.05) {
    let loss = 0;
    for (const o of outOfFold) loss -= Math.log(Math.max(1e-9, softmax(o.scores, t)[o.y] ?? 0));
    if (loss < bestLoss) {
      bestLoss = loss;
      best = Math.round(t * 100) / 100;
    }
  }
  return best;
}
