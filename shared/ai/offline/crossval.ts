// Measures the offline analyzer honestly, with the pipeline's own triage policy deciding what is
// auto-routed: category and language accuracy, auto-routed precision (right among the mails not
// sent to needs-triage) and coverage (share of mails auto-routed), and a reliability table
// (confidence vs observed accuracy). Two kinds of measurement:
// - cross-validation on the training pool: each fold judged by a model and a calibration that
//   never saw it;
// - a labelled set judged by the committed model (fair only for a set it was not trained on).
//   npx tsx shared/ai/offline/crossval.ts [--k 5] [--speed] [ticketsDir]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATEGORIES, type Category } from '../../domain.js';
import type { Analyzer } from '../../ports.js';
import { triagePolicy } from '../../triage/policy.js';
import { OfflineAnalyzer } from './analyzer.js';
import { MODEL_VERSION, train, type Model } from './model.js';
import { DEFAULT_TICKETS_DIR, fitConfidenceChain, heldOutPool, loadTrainingPool, setOf, stratifiedFolds, type HeldOutPool, type LabelledMail, type Weights } from './training.js';

export interface Miss {
  id: string;
  expected: string;
  got: string;
  confidence?: number;
  autoRouted?: boolean;
}

export interface ReliabilityBin {
  /** Lower edge of the confidence bin (bins are 0.1 wide). */
  from: number;
  count: number;
  meanConfidence: number;
  accuracy: number;
}

export interface Evaluation {
  total: number;
  categoryAccuracy: number;
  languageAccuracy: number;
  /** Among mails the triage policy lets through (not needs-triage): how many, how many right. */
  auto: { routed: number; correct: number; precision: number; coverage: number; threshold: number };
  perCategory: Record<string, { total: number; correct: number }>;
  perLanguage: Record<string, { total: number; categoryCorrect: number; languageCorrect: number }>;
  categoryMisses: Miss[];
  languageMisses: Miss[];
  reliability: ReliabilityBin[];
}

export interface Judged {
  id: string;
  language: string;
  category: Category;
  gotLanguage: string;
  gotCategory: Category;
  confidence: number;
  autoRouted: boolean;
}

export const DEFAULT_THRESHOLD = 0.86;

export function summarise(judged: Judged[], threshold: number): Evaluation {
  const perCategory: Evaluation['perCategory'] = {};
  const perLanguage: Evaluation['perLanguage'] = {};
  const categoryMisses: Miss[] = [];
  const languageMisses: Miss[] = [];
  let cat = 0;
  let lang = 0;
  let routed = 0;
  let routedRight = 0;
  const bins = Array.from({ length: 10 }, (_, i) => ({ from: i / 10, count: 0, sumConfidence: 0, correct: 0 }));
  for (const j of judged) {
    const c = (perCategory[j.category] ??= { total: 0, correct: 0 });
    const l = (perLanguage[j.language] ??= { total: 0, categoryCorrect: 0, languageCorrect: 0 });
    c.total++;
    l.total++;
    const right = j.gotCategory === j.category;
    if (right) {
      cat++;
      c.correct++;
      l.categoryCorrect++;
    } else categoryMisses.push({ id: j.id, expected: j.category, got: j.gotCategory, confidence: j.confidence, autoRouted: j.autoRouted });
    if (j.gotLanguage === j.language) {
      lang++;
      l.languageCorrect++;
    } else languageMisses.push({ id: j.id, expected: j.language, got: j.gotLanguage });
    if (j.autoRouted) {
      routed++;
      if (right) routedRight++;
    }
    const bin = bins[Math.min(9, Math.max(0, Math.floor(j.confidence * 10)))];
    if (bin) {
      bin.count++;
      bin.sumConfidence += j.confidence;
      if (right) bin.correct++;
    }
  }
  const n = Math.max(1, judged.length);
  return {
    total: judged.length,
    categoryAccuracy: cat / n,
    languageAccuracy: lang / n,
    auto: { routed, correct: routedRight, precision: routed ? routedRight / routed : 1, coverage: routed / n, threshold },
    perCategory,
    perLanguage,
    categoryMisses,
    languageMisses,
    reliability: bins.filter((b) => b.count > 0).map((b) => ({ from: b.from, count: b.count, meanConfidence: b.sumConfidence / b.count, accuracy: b.correct / b.count })),
  };
}

/** Several sets' evaluations as one (the same figures summarise would give for all their mails together). */
export function poolEvaluations(evaluations: Evaluation[]): Evaluation {
  const total = evaluations.reduce((n, e) => n + e.total, 0);
  const n = Math.max(1, total);
  const routed = evaluations.reduce((k, e) => k + e.auto.routed, 0);
  const correct = evaluations.reduce((k, e) => k + e.auto.correct, 0);
  const perCategory: Evaluation['perCategory'] = {};
  const perLanguage: Evaluation['perLanguage'] = {};
  const bins = new Map<number, { count: number; sumConfidence: number; correct: number }>();
  for (const e of evaluations) {
    for (const [c, v] of Object.entries(e.perCategory)) {
      const to = (perCategory[c] ??= { total: 0, correct: 0 });
      to.total += v.total;
      to.correct += v.correct;
    }
    for (const [l, v] of Object.entries(e.perLanguage)) {
      const to = (perLanguage[l] ??= { total: 0, categoryCorrect: 0, languageCorrect: 0 });
      to.total += v.total;
      to.categoryCorrect += v.categoryCorrect;
      to.languageCorrect += v.languageCorrect;
    }
    for (const b of e.reliability) {
      const to = bins.get(b.from) ?? { count: 0, sumConfidence: 0, correct: 0 };
      to.count += b.count;
      to.sumConfidence += b.meanConfidence * b.count;
      to.correct += Math.round(b.accuracy * b.count);
      bins.set(b.from, to);
    }
  }
  return {
    total,
    categoryAccuracy: evaluations.reduce((k, e) => k + e.categoryAccuracy * e.total, 0) / n,
    languageAccuracy: evaluations.reduce((k, e) => k + e.languageAccuracy * e.total, 0) / n,
    auto: { routed, correct, precision: routed ? correct / routed : 1, coverage: routed / n, threshold: evaluations[0]?.auto.threshold ?? DEFAULT_THRESHOLD },
    perCategory,
    perLanguage,
    categoryMisses: evaluations.flatMap((e) => e.categoryMisses),
    languageMisses: evaluations.flatMap((e) => e.languageMisses),
    reliability: [...bins].sort((a, b) => a[0] - b[0]).map(([from, b]) => ({ from, count: b.count, meanConfidence: b.sumConfidence / b.count, accuracy: b.correct / b.count })),
  };
}

/** The analyzer's answer for one labelled mail, routed by the triage policy. */
export async function judgeMail(analyzer: Analyzer, m: LabelledMail, threshold: number): Promise<Judged> {
  const a = await analyzer.analyze({ mail: m.mail, mode: 'full' });
  const policy = triagePolicy(a, m.mail, threshold);
  return { id: m.id, language: m.language, category: m.category, gotLanguage: a.language, gotCategory: a.category, confidence: a.confidence, autoRouted: !policy.needsTriage };
}

export async function evaluateMails(analyzer: Analyzer, mails: LabelledMail[], threshold = DEFAULT_THRESHOLD): Promise<Evaluation> {
  const judged: Judged[] = [];
  for (const m of mails) judged.push(await judgeMail(analyzer, m, threshold));
  return summarise(judged, threshold);
}

/**
 * k-fold cross-validation of the whole offline analyzer on the training pool: for each fold a
 * model trained on the other folds, its confidence model and calibration fitted on the other
 * folds' out-of-set rows (training.ts). Those rows come from models trained without their own
 * set, which may include this fold's mails: a small leak into the confidence, not the category.
 */
export async function crossValidate(pool: HeldOutPool, k = 5, threshold = DEFAULT_THRESHOLD): Promise<Evaluation> {
  const folds = stratifiedFolds(pool.examples, k);
  const judged = await judgeHeldOut(pool, threshold, (i) => folds[i]!);
  return summarise(judged.map((j) => j.judged), threshold);
}

/**
 * Leave-one-set-out: each labelled set judged by a model trained without it (the same shift as
 * a new blind set; the model is its writer group's, trained without the other sets of the group
 * too, training.ts), with confidence and calibration fitted on the other sets' rows. Per set and
 * pooled.
 */
export async function crossValidateBySet(pool: HeldOutPool, threshold = DEFAULT_THRESHOLD): Promise<{ pooled: Evaluation; sets: Map<string, Evaluation> }> {
  const names = [...pool.setModels.keys()];
  // The model for a left-out set is the one its out-of-set predictions came from: trained once.
  const judged = await judgeHeldOut(pool, threshold, (i) => names.indexOf(setOf(pool.examples[i]!.labelled)), (g) => pool.setModels.get(names[g]!));
  const sets = new Map(names.map((n, g) => [n, summarise(judged.filter((j) => j.group === g).map((j) => j.judged), threshold)]));
  return { pooled: summarise(judged.map((j) => j.judged), threshold), sets };
}

/**
 * Each group judged by a model, confidence model and calibration fitted on the other groups only
 * (`trained` gives a model already fitted on them, else one is trained here).
 */
async function judgeHeldOut(pool: HeldOutPool, threshold: number, groupOf: (i: number) => number, trained: (g: number) => Weights | undefined = () => undefined): Promise<{ group: number; judged: Judged }[]> {
  const { examples, rows } = pool;
  const groups = [...new Set(examples.map((_, i) => groupOf(i)))];
  const out: { group: number; judged: Judged }[] = [];
  for (const g of groups) {
    const trainSet = examples.filter((_, i) => groupOf(i) !== g);
    if (!trainSet.length) continue;
    const m = trained(g) ?? train(trainSet.map((e) => ({ features: e.prepared.features, category: e.labelled.category })));
    const model: Model = {
      version: MODEL_VERSION,
      corpusHash: 'cross-validation',
      lexiconHash: 'cross-validation',
      trainedOn: trainSet.length,
      ...m,
      ...fitConfidenceChain(rows.filter((r) => groupOf(r.index) !== g)),
    };
    const analyzer = new OfflineAnalyzer({ model, enrichmentWaitMs: 0 });
    for (let i = 0; i < examples.length; i++) if (groupOf(i) === g) out.push({ group: g, judged: await judgeMail(analyzer, examples[i]!.labelled, threshold) });
  }
  return out;
}

// ---------- CLI ----------

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export function formatEvaluation(title: string, e: Evaluation): string[] {
  const lines = [
    `${title}: ${e.total} mails — category ${pct(e.categoryAccuracy)}, language ${pct(e.languageAccuracy)}, ` +
      `auto-routed ${e.auto.routed}/${e.total} (coverage ${pct(e.auto.coverage)}) at ${pct(e.auto.precision)} precision (threshold ${e.auto.threshold})`,
  ];
  for (const c of CATEGORIES) {
    const v = e.perCategory[c];
    if (v) lines.push(`  ${c.padEnd(18)} ${v.correct}/${v.total}`);
  }
  for (const [l, v] of Object.entries(e.perLanguage)) lines.push(`  ${l.padEnd(4)} category ${v.categoryCorrect}/${v.total}, language ${v.languageCorrect}/${v.total}`);
  for (const b of e.reliability) lines.push(`  confidence ${b.from.toFixed(1)}–${(b.from + 0.1).toFixed(1)}: ${b.count} mails, mean ${b.meanConfidence.toFixed(2)}, right ${pct(b.accuracy)}`);
  for (const m of e.categoryMisses) lines.push(`  miss ${m.id}: expected ${m.expected}, got ${m.got} (${m.confidence?.toFixed(2)}${m.autoRouted ? ', auto-routed' : ''})`);
  for (const m of e.languageMisses) lines.push(`  language miss ${m.id}: expected ${m.expected}, got ${m.got}`);
  return lines;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const kIndex = args.indexOf('--k');
  const k = kIndex >= 0 ? Number(args[kIndex + 1]) : 5;
  const dir = path.resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--k') ?? DEFAULT_TICKETS_DIR);
  for (const line of formatEvaluation(`${k}-fold cross-validation of the training pool`, await crossValidate(await heldOutPool(dir), k))) console.log(line);
  if (args.includes('--speed')) {
    // Throughput of the whole offline analysis (clean, detect, classify, summary, draft) on one core.
    const analyzer = new OfflineAnalyzer();
    const mails = (await loadTrainingPool(dir)).map((m) => m.mail);
    for (const mail of mails) await analyzer.analyze({ mail, mode: 'full' }); // warm-up (JIT)
    const rounds = 5;
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (let r = 0; r < rounds; r++) for (const mail of mails) await analyzer.analyze({ mail, mode: 'full' });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    const n = rounds * mails.length;
    console.log(`\nThroughput: ${Math.round(n / cpuSeconds)} mails per CPU-second, ${Math.round(n / seconds)} mails/s wall clock (${n} analyses of ${mails.length} distinct mails)`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
