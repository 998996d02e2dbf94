// Training the offline category model on every labelled mail that is not held out as blind:
// the sample tickets (tickets/*.eml + labels.jsonl) and the hand-written sets in fixtures/ (once
// trained on, those are no longer blind). Thread-aware stratified folds give out-of-fold
// predictions; the isotonic calibration is fitted on them, and model.json records the hashes of
// corpus, fixtures and lexicon so a stale model is noticed.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATEGORIES, type Category, type InboundMail } from '../../domain.js';
import { CONFUSION_FEATURES, CONFUSION_PRIORS } from './confusions.js';
import { corpusHash, loadCorpus } from './corpus.js';
import { readUnseen, unseenMail } from './fixtures.js';
import { lexiconFingerprint } from './lexicon.js';
import { confidenceInputs, confidenceScore, fitConfidence } from './confidence.js';
import { MODEL_VERSION, fitIsotonic, predict, train, type Model, type TrainingExample } from './model.js';
import { prepare, type PreparedMail } from './prepare.js';

export const MODEL_PATH = fileURLToPath(new URL('./model.json', import.meta.url));
export const DEFAULT_TICKETS_DIR = fileURLToPath(new URL('../../../tickets', import.meta.url));
const FIXTURES = (name: string) => fileURLToPath(new URL(`./fixtures/${name}.jsonl`, import.meta.url));

const FIXTURES_DIR = fileURLToPath(new URL('./fixtures/', import.meta.url));
/** The team's corrections exported by `npm run corrections` (corrections.ts): real mail, labelled by the team. */
export function correctionFixtures(dir = FIXTURES_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /^corrections-[\w.-]+\.jsonl$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}
export const CORRECTION_FIXTURES = correctionFixtures();
/** Hand-written sets the model trains on (blind when written; their first-run figures are in git history and README), then the team's corrections. */
export const TRAINING_FIXTURES = ['unseen', 'dev', 'blind-a', 'blind-b', 'blind-c', 'blind-d', 'hard', 'blind-e', 'train-h', 'train-i', 'train-l', 'train-m', 'train-n', 'train-o', 'train-q', 'train-r', 'train-v', 'train-w', 'train-x', 'train-y', 'train-z', 'train-ta', 'train-tb', 'train-tc', 'train-td', 'train-te', 'train-tf', 'train-tg', 'train-th', 'train-ti', 'train-tj', 'train-tk', 'train-tl', 'train-tm', 'train-tn', 'train-to', 'train-tp', 'train-tq', 'train-tr', 'train-ts', 'train-tt', 'train-tu', 'train-tv', 'train-tw', 'train-tx', 'train-ty', 'train-tz', 'train-ua', 'train-ub', 'train-uc', 'train-ud', 'train-ue', 'train-uf', 'train-ug', 'train-uh', 'train-ui', 'train-uj', 'train-uk', 'train-ul', 'train-um', 'train-un', 'train-uo', 'train-up', 'train-uq', 'train-ur', 'train-us', 'train-ut', 'train-uu', 'train-uv', 'train-uw', 'train-ux'].map(FIXTURES).concat(CORRECTION_FIXTURES);
/** Held out: never trained or tuned on. Their first-run figures are in README. */
export const HELD_OUT_BLIND = [FIXTURES('blind-f'), FIXTURES('blind-g'), FIXTURES('blind-j'), FIXTURES('blind-k'), FIXTURES('blind-p'), FIXTURES('blind-s'), FIXTURES('blind-t'), FIXTURES('blind-u'), FIXTURES('blind-aa'), FIXTURES('blind-ab'), FIXTURES('blind-ac'), FIXTURES('blind-ad'), FIXTURES('blind-ae'), FIXTURES('blind-af'), FIXTURES('blind-ag'), FIXTURES('blind-ah'), FIXTURES('blind-ai'), FIXTURES('blind-aj'), FIXTURES('blind-ak'), FIXTURES('blind-al'), FIXTURES('blind-am'), FIXTURES('blind-an'), FIXTURES('blind-ao'), FIXTURES('blind-ap'), FIXTURES('blind-aq'), FIXTURES('blind-ar'), FIXTURES('blind-as'), FIXTURES('blind-at'), FIXTURES('blind-au'), FIXTURES('blind-av'), FIXTURES('blind-aw'), FIXTURES('blind-ax'), FIXTURES('blind-ay'), FIXTURES('blind-az'), FIXTURES('blind-ba'), FIXTURES('blind-bb'), FIXTURES('blind-bc'), FIXTURES('blind-bd'), FIXTURES('blind-be'), FIXTURES('blind-bf'), FIXTURES('blind-bg'), FIXTURES('blind-bh'), FIXTURES('blind-bi'), FIXTURES('blind-bj')];

export function lexiconHash(): string {
  return createHash('sha256')
    .update(lexiconFingerprint())
    .update(JSON.stringify(CONFUSION_FEATURES.map((f) => [f.id, f.re.source])))
    .digest('hex');
}

/** One labelled mail from any source, ready for the model. */
export interface LabelledMail {
  id: string;
  language: string;
  category: Category;
  mail: InboundMail;
  /** Mails of one thread share a fold. */
  thread: string;
  note?: string;
}

export interface PreparedExample {
  labelled: LabelledMail;
  prepared: PreparedMail;
}

export async function readJsonlSet(file: string): Promise<LabelledMail[]> {
  const name = path.basename(file, '.jsonl');
  return (await readUnseen(file)).map((u) => ({ id: u.id, language: u.language, category: u.category, mail: unseenMail(u), thread: `${name}:${u.id}`, note: u.note }));
}

/** Everything the model may learn from. */
export async function loadTrainingPool(ticketsDir = DEFAULT_TICKETS_DIR): Promise<LabelledMail[]> {
  const corpus = (await loadCorpus(ticketsDir)).map((c): LabelledMail => ({ id: c.file, language: c.language, category: c.category, mail: c.mail, thread: `tickets:${c.thread}` }));
  const sets = await Promise.all(TRAINING_FIXTURES.map(readJsonlSet));
  return [...corpus, ...sets.flat()];
}

export async function poolHash(ticketsDir = DEFAULT_TICKETS_DIR): Promise<string> {
  const hash = createHash('sha256').update(await corpusHash(ticketsDir));
  for (const f of TRAINING_FIXTURES) hash.update(await readFile(f));
  hash.update(JSON.stringify(CONFUSION_PRIORS));
  return hash.digest('hex');
}

export function prepareAll(pool: LabelledMail[]): PreparedExample[] {
  return pool.map((labelled) => ({ labelled, prepared: prepare(labelled.mail) }));
}

const toTraining = (examples: PreparedExample[]): TrainingExample[] => examples.map((e) => ({ features: e.prepared.features, category: e.labelled.category }));

/**
 * Folds that keep a thread (original + follow-ups) together and spread each category evenly,
 * so a follow-up never "sees" its own original during evaluation.
 */
export function stratifiedFolds(examples: PreparedExample[], k: number): number[] {
  const threads = new Map<string, number[]>();
  examples.forEach((e, i) => threads.set(e.labelled.thread, [...(threads.get(e.labelled.thread) ?? []), i]));
  const fold = new Array<number>(examples.length).fill(0);
  const perCategory = new Map<string, string[]>();
  for (const [thread, members] of threads) {
    const category = examples[members[0] ?? 0]?.labelled.category ?? 'other';
    perCategory.set(category, [...(perCategory.get(category) ?? []), thread]);
  }
  let next = 0;
  for (const category of CATEGORIES) {
    for (const thread of (perCategory.get(category) ?? []).sort()) {
      for (const i of threads.get(thread) ?? []) fold[i] = next % k;
      next++;
    }
  }
  return fold;
}

/** The labelled set a mail comes from (`tickets`, `unseen`, `blind-a`…): one author, one style. */
export const setOf = (m: LabelledMail): string => m.thread.slice(0, m.thread.indexOf(':'));

export interface OutOfSet {
  /** Index into the examples. */
  index: number;
  set: string;
  category: Category;
  correct: boolean;
  /** The signs of confidence.ts for this prediction. */
  inputs: number[];
  /**
   * The confidence model's score from a confidence model fitted without this set's rows (nested),
   * so the isotonic calibration on these scores sees the error of the whole chain on new sets.
   */
  score: number;
}

export type Weights = Pick<Model, 'weights' | 'bias' | 'classes'>;

/**
 * The training pool prepared once, every mail's out-of-set prediction, and the model that made it
 * for each set — what training, cross-validation and leave-one-set-out all start from.
 */
export interface HeldOutPool {
  examples: PreparedExample[];
  rows: OutOfSet[];
  /** set → a model trained without that set (and without the other sets of its writer group). */
  setModels: Map<string, Weights>;
}

export async function heldOutPool(ticketsDir = DEFAULT_TICKETS_DIR): Promise<HeldOutPool> {
  const examples = prepareAll(await loadTrainingPool(ticketsDir));
  return { examples, ...outOfSet(examples) };
}

/**
 * How many groups the labelled sets are split into for out-of-set predictions. One model per
 * group, not per set: the cost stays at ten trainings however many writers join, and each set is
 * still predicted by a model that never saw it (nor the other sets of its group, which makes the
 * predictions a little more pessimistic than one-set-out).
 */
const WRITER_GROUPS = 10;

/**
 * Predictions for every mail by a model trained without the mail's whole set. A new set is
 * written by another hand in other styles — the shift a real inbox brings — so these predictions
 * are wrong where the model would be wrong on new mail, and the confidence is learnt from them.
 */
export function outOfSet(examples: PreparedExample[]): Pick<HeldOutPool, 'rows' | 'setModels'> {
  const sets = [...new Set(examples.map((e) => setOf(e.labelled)))];
  // Set name → writer group: the sets in name order, dealt round-robin.
  const groupOf = new Map([...sets].sort().map((set, i) => [set, i % WRITER_GROUPS]));
  const rows: Omit<OutOfSet, 'score'>[] = [];
  const setModels = new Map<string, Weights>();
  for (const g of new Set(groupOf.values())) {
    const inGroup = (e: PreparedExample): boolean => groupOf.get(setOf(e.labelled)) === g;
    const m = train(toTraining(examples.filter((e) => !inGroup(e))));
    for (const [set, group] of groupOf) if (group === g) setModels.set(set, m);
    examples.forEach((e, index) => {
      if (!inGroup(e)) return;
      const { category, probabilities } = predict(m, e.prepared.features);
      rows.push({ index, set: setOf(e.labelled), category, correct: category === e.labelled.category, inputs: confidenceInputs(m, e.prepared, probabilities, category) });
    });
  }
  rows.sort((a, b) => a.index - b.index);
  const scores = new Map<number, number>();
  for (const set of sets) {
    const cm = fitConfidence(rows.filter((r) => r.set !== set));
    for (const r of rows) if (r.set === set) scores.set(r.index, confidenceScore(cm, r.inputs));
  }
  return { rows: rows.map((r) => ({ ...r, score: scores.get(r.index) ?? 0 })), setModels };
}

/** The confidence model and its calibration from out-of-set rows. */
export function fitConfidenceChain(rows: OutOfSet[]): Pick<Model, 'confidence' | 'calibration'> {
  return { confidence: fitConfidence(rows), calibration: fitIsotonic(rows.map((r) => ({ p: r.score, correct: r.correct }))) };
}

export async function buildModel(ticketsDir = DEFAULT_TICKETS_DIR, pool?: HeldOutPool): Promise<Model> {
  const { examples, rows } = pool ?? (await heldOutPool(ticketsDir));
  const fitted = train(toTraining(examples));
  const { confidence, calibration } = fitConfidenceChain(rows);
  return {
    version: MODEL_VERSION,
    corpusHash: await poolHash(ticketsDir),
    lexiconHash: lexiconHash(),
    trainedOn: examples.length,
    ...fitted,
    confidence,
    calibration,
  };
}
