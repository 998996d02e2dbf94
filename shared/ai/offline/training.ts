// Training the offline category model: corpus preparation, thread-aware stratified folds, the
// softmax temperature fitted out-of-fold, and the model.json record (with corpus/lexicon hashes).
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { CATEGORIES } from '../../domain.js';
import { corpusHash, loadCorpus, type CorpusMail } from './corpus.js';
import { lexiconFingerprint } from './lexicon.js';
import { MODEL_VERSION, fitTemperature, scores, train, type Model, type TrainingExample } from './model.js';
import { prepare, type PreparedMail } from './prepare.js';

export const MODEL_PATH = fileURLToPath(new URL('./model.json', import.meta.url));
export const DEFAULT_TICKETS_DIR = fileURLToPath(new URL('../../../tickets', import.meta.url));

export function lexiconHash(): string {
  return createHash('sha256').update(lexiconFingerprint()).digest('hex');
}

export interface PreparedExample {
  corpus: CorpusMail;
  prepared: PreparedMail;
}

export function prepareCorpus(corpus: CorpusMail[]): PreparedExample[] {
  return corpus.map((c) => ({ corpus: c, prepared: prepare(c.mail) }));
}

const toTraining = (examples: PreparedExample[]): TrainingExample[] =>
  examples.map((e) => ({ features: e.prepared.features, category: e.corpus.category }));

/**
 * Folds that keep a thread (original + follow-ups) together and spread each category evenly,
 * so a follow-up never "sees" its own original during evaluation.
 */
export function stratifiedFolds(examples: PreparedExample[], k: number): number[] {
  const threads = new Map<string, number[]>();
  examples.forEach((e, i) => threads.set(e.corpus.thread, [...(threads.get(e.corpus.thread) ?? []), i]));
  const fold = new Array<number>(examples.length).fill(0);
  const perCategory = new Map<string, string[]>();
  for (const [thread, members] of threads) {
    const category = examples[members[0] ?? 0]?.corpus.category ?? 'other';
    perCategory.set(category, [...(perCategory.get(category) ?? []), thread]);
  }
  let next = 0;
  for (const category of CATEGORIES) {
    // Deterministic order: by thread name (file names start with the language).
    for (const thread of (perCategory.get(category) ?? []).sort()) {
      for (const i of threads.get(thread) ?? []) fold[i] = next % k;
      next++;
    }
  }
  return fold;
}

/** Out-of-fold raw scores, used to fit the softmax temperature. */
function outOfFoldScores(examples: PreparedExample[], k: number): { scores: number[]; y: number }[] {
  const folds = stratifiedFolds(examples, k);
  const out: { scores: number[]; y: number }[] = [];
  for (let f = 0; f < k; f++) {
    const trainSet = examples.filter((_, i) => folds[i] !== f);
    const testSet = examples.filter((_, i) => folds[i] === f);
    if (!testSet.length || !trainSet.length) continue;
    const m = train(toTraining(trainSet));
    for (const e of testSet) out.push({ scores: scores(m, e.prepared.features), y: CATEGORIES.indexOf(e.corpus.category) });
  }
  return out;
}

export async function buildModel(ticketsDir = DEFAULT_TICKETS_DIR): Promise<Model> {
  const corpus = await loadCorpus(ticketsDir);
  const examples = prepareCorpus(corpus);
  const fitted = train(toTraining(examples));
  const temperature = fitTemperature(outOfFoldScores(examples, 5));
  return {
    version: MODEL_VERSION,
    corpusHash: await corpusHash(ticketsDir),
    lexiconHash: lexiconHash(),
    trainedOn: examples.length,
    ...fitted,
    temperature,
  };
}
