// Measures the offline analyzer honestly: stratified k-fold cross-validation on tickets/ (threads
// kept within one fold), and the hand-written unseen set in fixtures/unseen.jsonl.
//   npx tsx shared/ai/offline/crossval.ts [--k 5 | --loo] [--unseen] [--blind] [--speed] [ticketsDir]
// --blind evaluates the blind sets (fixtures/blind-*.jsonl): mails written without looking at the
// lexicon, each measured once before any change it prompted (first-run numbers in their commits).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CATEGORIES, type Category, type InboundMail } from '../../domain.js';
import { classify } from './classify.js';
import { loadCorpus } from './corpus.js';
import { MODEL_VERSION, train, type Model } from './model.js';
import { prepare } from './prepare.js';
import { DEFAULT_TICKETS_DIR, prepareCorpus, stratifiedFolds, type PreparedExample } from './training.js';

export interface Miss {
  id: string;
  expected: string;
  got: string;
  confidence?: number;
}

export interface Evaluation {
  total: number;
  categoryAccuracy: number;
  languageAccuracy: number;
  perCategory: Record<string, { total: number; correct: number }>;
  perLanguage: Record<string, { total: number; categoryCorrect: number; languageCorrect: number }>;
  categoryMisses: Miss[];
  languageMisses: Miss[];
  /** Share of correct answers among those at or above 0.75 confidence, and how many there were. */
  confident: { total: number; correct: number };
}

interface Judged {
  id: string;
  language: string;
  category: Category;
  gotLanguage: string;
  gotCategory: Category;
  confidence: number;
}

function summarise(judged: Judged[]): Evaluation {
  const perCategory: Evaluation['perCategory'] = {};
  const perLanguage: Evaluation['perLanguage'] = {};
  const categoryMisses: Miss[] = [];
  const languageMisses: Miss[] = [];
  let cat = 0;
  let lang = 0;
  const confident = { total: 0, correct: 0 };
  for (const j of judged) {
    const c = (perCategory[j.category] ??= { total: 0, correct: 0 });
    const l = (perLanguage[j.language] ??= { total: 0, categoryCorrect: 0, languageCorrect: 0 });
    c.total++;
    l.total++;
    if (j.gotCategory === j.category) {
      cat++;
      c.correct++;
      l.categoryCorrect++;
    } else categoryMisses.push({ id: j.id, expected: j.category, got: j.gotCategory, confidence: j.confidence });
    if (j.gotLanguage === j.language) {
      lang++;
      l.languageCorrect++;
    } else languageMisses.push({ id: j.id, expected: j.language, got: j.gotLanguage });
    if (j.confidence >= 0.75) {
      confident.total++;
      if (j.gotCategory === j.category) confident.correct++;
    }
  }
  const n = Math.max(1, judged.length);
  return { total: judged.length, categoryAccuracy: cat / n, languageAccuracy: lang / n, perCategory, perLanguage, categoryMisses, languageMisses, confident };
}

/** The analyzer's language answer: 'und' falls back to English, as the analyzer does. */
const answeredLanguage = (language: string) => (language === 'und' ? 'en' : language);

function judge(id: string, language: string, category: Category, prepared: ReturnType<typeof prepare>, model: Model): Judged {
  const decision = classify(prepared, model);
  return { id, language, category, gotLanguage: answeredLanguage(prepared.language), gotCategory: decision.category, confidence: decision.confidence };
}

function modelFrom(examples: PreparedExample[], temperature = 1): Model {
  return {
    version: MODEL_VERSION,
    corpusHash: 'cross-validation',
    lexiconHash: 'cross-validation',
    trainedOn: examples.length,
    ...train(examples.map((e) => ({ features: e.prepared.features, category: e.corpus.category }))),
    temperature,
  };
}

/** k-fold CV on the corpus; k = 0 means leave-one-thread-out. */
export async function crossValidate(ticketsDir = DEFAULT_TICKETS_DIR, k = 5, temperature = 1): Promise<Evaluation> {
  const examples = prepareCorpus(await loadCorpus(ticketsDir));
  const threads = new Set(examples.map((e) => e.corpus.thread)).size;
  const folds = k === 0 ? threads : Math.min(k, threads);
  const assignment = k === 0 ? leaveOneThreadOut(examples) : stratifiedFolds(examples, folds);
  const judged: Judged[] = [];
  for (let f = 0; f < folds; f++) {
    const testSet = examples.filter((_, i) => assignment[i] === f);
    if (!testSet.length) continue;
    const model = modelFrom(examples.filter((_, i) => assignment[i] !== f), temperature);
    for (const e of testSet) judged.push(judge(e.corpus.file, e.corpus.language, e.corpus.category, e.prepared, model));
  }
  return summarise(judged);
}

function leaveOneThreadOut(examples: PreparedExample[]): number[] {
  const ids = new Map<string, number>();
  return examples.map((e) => {
    if (!ids.has(e.corpus.thread)) ids.set(e.corpus.thread, ids.size);
    return ids.get(e.corpus.thread) ?? 0;
  });
}

// ---------- unseen hand-written mails ----------

export const UNSEEN_PATH = fileURLToPath(new URL('./fixtures/unseen.jsonl', import.meta.url));

export const UnseenSchema = z.object({
  id: z.string(),
  language: z.string(),
  category: z.enum(CATEGORIES),
  from: z.string(),
  subject: z.string(),
  text: z.string(),
  note: z.string().optional(),
});
export type Unseen = z.infer<typeof UnseenSchema>;

export async function readUnseen(file = UNSEEN_PATH): Promise<Unseen[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => UnseenSchema.parse(JSON.parse(l)));
}

export function unseenMail(u: Unseen): InboundMail {
  const address = `${u.from.toLowerCase().replace(/[^a-z]+/g, '.') || 'customer'}@example.com`;
  return { messageId: u.id, from: u.from ? { name: u.from, address } : { address }, subject: u.subject, text: u.text };
}

export async function evaluateUnseen(model: Model, file: string | string[] = UNSEEN_PATH): Promise<Evaluation> {
  const mails = (await Promise.all((Array.isArray(file) ? file : [file]).map((f) => readUnseen(f)))).flat();
  return summarise(mails.map((u) => judge(u.id, u.language, u.category, prepare(unseenMail(u)), model)));
}

/** The blind sets, in the order they were written. */
export const BLIND_PATHS = ['a', 'b', 'c', 'd'].map((s) => fileURLToPath(new URL(`./fixtures/blind-${s}.jsonl`, import.meta.url)));

// ---------- CLI ----------

function print(title: string, e: Evaluation): void {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  console.log(`\n${title}: ${e.total} mails — category ${pct(e.categoryAccuracy)}, language ${pct(e.languageAccuracy)}`);
  console.log(`  confident (≥0.75): ${e.confident.total} mails, ${pct(e.confident.correct / Math.max(1, e.confident.total))} correct`);
  for (const [c, v] of Object.entries(e.perCategory)) console.log(`  ${c.padEnd(18)} ${v.correct}/${v.total}`);
  for (const [l, v] of Object.entries(e.perLanguage)) console.log(`  ${l.padEnd(4)} category ${v.categoryCorrect}/${v.total}, language ${v.languageCorrect}/${v.total}`);
  for (const m of e.categoryMisses) console.log(`  miss ${m.id}: expected ${m.expected}, got ${m.got} (${m.confidence?.toFixed(2)})`);
  for (const m of e.languageMisses) console.log(`  language miss ${m.id}: expected ${m.expected}, got ${m.got}`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const loo = args.includes('--loo');
  const kIndex = args.indexOf('--k');
  const k = loo ? 0 : kIndex >= 0 ? Number(args[kIndex + 1]) : 5;
  const dir = path.resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--k') ?? DEFAULT_TICKETS_DIR);
  print(loo ? 'Leave-one-thread-out' : `${k}-fold cross-validation`, await crossValidate(dir, k));
  if (args.includes('--speed')) {
    // Throughput of the whole offline analysis (clean, detect, classify, summary, draft) on one core.
    const { OfflineAnalyzer } = await import('./analyzer.js');
    const analyzer = new OfflineAnalyzer();
    const mails = [...(await loadCorpus(dir)).map((c) => c.mail), ...(await readUnseen()).map(unseenMail)];
    for (const mail of mails) await analyzer.analyze({ mail, mode: 'full' }); // warm-up (JIT)
    const rounds = 20;
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (let r = 0; r < rounds; r++) for (const mail of mails) await analyzer.analyze({ mail, mode: 'full' });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    const n = rounds * mails.length;
    // CPU time is what one core spends; wall time also counts waiting for a busy machine.
    console.log(`\nThroughput: ${Math.round(n / cpuSeconds)} mails per CPU-second, ${Math.round(n / seconds)} mails/s wall clock (${n} analyses of ${mails.length} distinct mails)`);
  }
  if (args.includes('--blind')) {
    const { loadModel } = await import('./analyzer.js');
    for (const file of BLIND_PATHS) print(`Blind set ${path.basename(file)} (model.json)`, await evaluateUnseen(loadModel(), file));
  }
  if (args.includes('--unseen')) {
    const { loadModel } = await import('./analyzer.js');
    print('Unseen hand-written mails (model.json)', await evaluateUnseen(loadModel()));
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
