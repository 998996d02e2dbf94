// Triage .eml files without a mailbox, as the pipeline does (docs/architecture.md#flow-notification--card):
// parse, skip auto-replies, analyze (Claude when ANTHROPIC_API_KEY is set, else offline) and route
// (needs-triage or team).
//   npm run analyze -- [--offline] [--json] <file.eml|dir>…
// With --json: one JSON object per mail per line. Exit 0 when at least one file was read,
// 1 when none could be, 2 for usage errors (unknown option, path that does not exist).
//   npm run analyze -- --eval [--offline] [--json] [--cv] [--plot=file.png] <set.jsonl|labelled dir>…
// --eval judges labelled sets (fixtures/*.jsonl, or a folder with labels.jsonl and .eml files):
// category and language accuracy, auto-routed precision and coverage (routed by the triage
// policy at CONFIDENCE_THRESHOLD) and confidence bins per set; --cv adds the offline model's
// cross-validated figures on its training pool; --plot writes the reliability plot as PNG.
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type Config } from '../config.js';
import type { Analysis } from '../domain.js';
import { setLogSink } from '../log.js';
import { skipReason } from '../mail/auto.js';
import { parseEml } from '../mail/parse.js';
import type { Analyzer } from '../ports.js';
import { createAnalyzer } from '../ai/index.js';
import { triagePolicy } from '../triage/policy.js';
import { renderVegaLitePng } from '../charts/render.js';
import { loadCorpus } from '../ai/offline/corpus.js';
import { crossValidate, crossValidateBySet, evaluateMails, formatEvaluation, poolEvaluations, type Evaluation } from '../ai/offline/crossval.js';
import { plotSeries, reliabilitySpec } from '../ai/offline/reliability.js';
import { DEFAULT_TICKETS_DIR, heldOutPool, readJsonlSet, type LabelledMail } from '../ai/offline/training.js';
import { useLocalWorld } from './world-env.js';

export interface AnalyzeLine {
  file: string;
  from?: string;
  subject?: string;
  language?: string;
  category?: Analysis['category'];
  confidence?: number;
  needsTriage?: boolean;
  /** Why a human must look first (the pipeline's triage policy). */
  triageReasons?: string[];
  team?: Analysis['suggestedTeam'];
  summary?: string;
  analyzer?: Analysis['analyzer'];
  degraded?: string;
  translatedSubject?: string;
  draft?: string;
  notes?: string[];
  /** Why the mail is not a customer request (auto-reply, bounce, own mail); no analysis then. */
  skipped: string | null;
  /** Why the file could not be read. */
  error?: string;
}

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const USAGE = 'usage: npm run analyze -- [--offline] [--json] <file.eml|dir>…\n       npm run analyze -- --eval [--offline] [--json] [--cv] [--plot=file.png] <set.jsonl|labelled dir>…';
/** Claude calls in flight at once; the offline analyzer is CPU-bound and gains nothing from more. */
const CONCURRENCY = 4;

class UsageError extends Error {
  override name = 'UsageError';
}

async function expand(input: string): Promise<string[]> {
  let info;
  try {
    info = await stat(input);
  } catch {
    throw new UsageError(`no such file or directory: ${input}`);
  }
  if (!info.isDirectory()) return [input];
  const entries = await readdir(input, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.eml'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

export async function analyzeFile(file: string, analyzer: Analyzer, config: Pick<Config, 'supportMailbox' | 'confidenceThreshold'>): Promise<AnalyzeLine> {
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (e) {
    return { file, skipped: null, error: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  const mail = await parseEml(raw, path.basename(file));
  const base: AnalyzeLine = { file, from: mail.from.address || undefined, subject: mail.subject, skipped: skipReason(mail, config.supportMailbox) };
  if (base.skipped) return base;
  try {
    const a = await analyzer.analyze({ mail, mode: 'full' });
    const policy = triagePolicy(a, mail, config.confidenceThreshold);
    return {
      ...base,
      language: a.language,
      category: a.category,
      confidence: a.confidence,
      needsTriage: policy.needsTriage,
      triageReasons: policy.reasons,
      team: a.suggestedTeam,
      summary: a.summary,
      analyzer: a.analyzer,
      ...(a.degraded ? { degraded: a.degraded } : {}),
      translatedSubject: a.translatedSubject,
      draft: a.draft,
      notes: a.notes,
    };
  } catch (e) {
    return { ...base, error: `analysis failed: ${(e as Error).message}` };
  }
}

function tableRow(l: AnalyzeLine): string {
  const name = path.basename(l.file).slice(0, 40).padEnd(40);
  if (l.error) return `${name}  ERROR ${l.error}`;
  if (l.skipped) return `${name}  skipped: ${l.skipped}`;
  const conf = (l.confidence ?? 0).toFixed(2);
  const route = l.needsTriage ? 'needs-triage' : `→ ${l.team ?? ''}`;
  return `${name}  ${(l.language ?? '').padEnd(3)} ${(l.category ?? '').padEnd(17)} ${conf}  ${route.padEnd(14)} ${(l.summary ?? '').slice(0, 90)}`;
}

export async function run(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const plot = argv.find((a) => a.startsWith('--plot='))?.slice('--plot='.length);
  const flags = new Set(argv.filter((a) => a.startsWith('--') && !a.startsWith('--plot=')));
  const inputs = argv.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => !['--offline', '--json', '--help', '--eval', '--cv'].includes(f));
  if (flags.has('--help')) {
    io.out(USAGE);
    return 0;
  }
  if (unknown.length || (inputs.length === 0 && !flags.has('--cv')) || (plot !== undefined && !plot.endsWith('.png'))) {
    io.err(unknown.length ? `unknown option ${unknown.join(', ')}\n${USAGE}` : USAGE);
    return 2;
  }

  let config: Config;
  try {
    config = loadConfig(env);
  } catch (e) {
    io.err(e instanceof ConfigError ? e.message : String(e));
    return 2;
  }

  if (flags.has('--eval') || flags.has('--cv')) return evaluate(inputs, { config, offline: flags.has('--offline') || !config.anthropicApiKey, json: flags.has('--json'), cv: flags.has('--cv'), plot }, io);

  let files: string[];
  try {
    files = (await Promise.all(inputs.map(expand))).flat();
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`analyze: ${e.message}`);
      return 2;
    }
    throw e;
  }
  if (files.length === 0) {
    io.err('analyze: no .eml files found');
    return 1;
  }

  const offline = flags.has('--offline') || !config.anthropicApiKey;
  const analyzer = createAnalyzer(config, { offline });
  const json = flags.has('--json');
  if (!json) io.out(`${files.length} mail(s), analyzer: ${analyzer.name}, threshold ${config.confidenceThreshold}`);

  // Bounded concurrency, output in input order.
  const results: Promise<AnalyzeLine>[] = [];
  let next = 0;
  const slots = Array.from({ length: offline ? 1 : CONCURRENCY }, async () => {
    while (next < files.length) {
      const i = next++;
      const file = files[i] ?? '';
      const p = analyzeFile(file, analyzer, config);
      results[i] = p;
      await p;
    }
  });
  await Promise.all(slots);

  let readable = 0;
  let triage = 0;
  for (const p of results) {
    const line = await p;
    if (!line.error?.startsWith('cannot read')) readable++;
    if (line.needsTriage) triage++;
    io.out(json ? JSON.stringify(line) : tableRow(line));
  }
  if (!json) io.out(`${readable}/${files.length} read, ${triage} need triage`);
  return readable > 0 ? 0 : 1;
}

/** A labelled set: a .jsonl of hand-written mails, or a folder with labels.jsonl and .eml files. */
async function readLabelledSet(input: string): Promise<LabelledMail[]> {
  let info;
  try {
    info = await stat(input);
  } catch {
    throw new UsageError(`no such file or directory: ${input}`);
  }
  if (!info.isDirectory()) {
    if (!input.endsWith('.jsonl')) throw new UsageError(`${input}: a labelled set is a .jsonl file or a folder with labels.jsonl`);
    return readJsonlSet(input);
  }
  try {
    await stat(path.join(input, 'labels.jsonl'));
  } catch {
    throw new UsageError(`${input}: no labels.jsonl in this folder`);
  }
  return (await loadCorpus(input)).map((c) => ({ id: c.file, language: c.language, category: c.category, mail: c.mail, thread: c.thread }));
}

async function evaluate(inputs: string[], o: { config: Config; offline: boolean; json: boolean; cv: boolean; plot?: string }, io: CliIo): Promise<number> {
  const threshold = o.config.confidenceThreshold;
  const results: { name: string; evaluation: Evaluation }[] = [];
  try {
    const analyzer = createAnalyzer(o.config, { offline: o.offline });
    for (const input of inputs) {
      const mails = await readLabelledSet(input);
      results.push({ name: path.basename(input, '.jsonl'), evaluation: await evaluateMails(analyzer, mails, threshold) });
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`analyze: ${e.message}`);
      return 2;
    }
    throw e;
  }
  if (o.cv) {
    const pool = await heldOutPool(DEFAULT_TICKETS_DIR);
    results.push({ name: 'pool-cv', evaluation: await crossValidate(pool, 5, threshold) });
    // Leave-one-set-out: each training set judged by a model that never saw it (the shift a new set brings).
    const bySet = await crossValidateBySet(pool, threshold);
    results.push({ name: 'pool-by-set', evaluation: bySet.pooled });
    for (const [name, evaluation] of bySet.sets) results.push({ name: `pool-by-set:${name}`, evaluation });
  }
  for (const r of results) {
    if (o.json) io.out(JSON.stringify({ set: r.name, ...r.evaluation }));
    else for (const line of formatEvaluation(r.name, r.evaluation)) io.out(line);
  }
  // Several sets: their mails together too, the figure a reader wants first.
  const given = results.filter((r) => !r.name.startsWith('pool-'));
  if (given.length > 1) {
    const name = `all ${given.length} sets together`;
    const together = poolEvaluations(given.map((r) => r.evaluation));
    if (o.json) io.out(JSON.stringify({ set: name, ...together }));
    // Their misses are listed under each set above.
    else for (const line of formatEvaluation(name, { ...together, categoryMisses: [], languageMisses: [] })) io.out(line);
  }
  if (o.plot) {
    await writeFile(o.plot, await renderVegaLitePng(reliabilitySpec(plotSeries(results), threshold), { width: 900 }));
    if (!o.json) io.out(`reliability plot: ${o.plot}`);
  }
  return results.length > 0 ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  // Logs go to stderr so that stdout stays one JSON object per line.
  setLogSink((line) => process.stderr.write(line + '\n'));
  const ranInWorld = await useLocalWorld('analyze');
  const code = ranInWorld ?? await run(process.argv.slice(2), process.env, {
    out: (l) => process.stdout.write(l + '\n'),
    err: (l) => process.stderr.write(l + '\n'),
  });
  process.exitCode = code;
}
