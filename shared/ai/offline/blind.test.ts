// The labelled sets. Sets A–E, dev, unseen and hard were each blind when written (their first-run
// figures are in git history and README) and are now training data, so their accuracy bars live in
// crossval.test.ts as cross-validated figures. Sets F, G, J, K, P, S, T, U and AA–AQ are held out: never trained
// or tuned on. They are judged here by the committed model through the pipeline's triage policy at the
// default threshold; the bars are their measured figures (README), kept as regression bars. The
// behaviour tests on injections read the training sets only: a blind set's surprises are findings
// to report, not tests to make pass.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../domain.js';
import { OfflineAnalyzer, loadModel } from './analyzer.js';
import { classify } from './classify.js';
import { DEFAULT_THRESHOLD, evaluateMails } from './crossval.js';
import { readUnseen, unseenMail } from './fixtures.js';
import { prepare } from './prepare.js';
import { CORRECTION_FIXTURES, DEFAULT_TICKETS_DIR, HELD_OUT_BLIND, TRAINING_FIXTURES, loadTrainingPool, readJsonlSet } from './training.js';

// The team's exported corrections are real mail: no promise of every language, category or style.
const TRAINED = TRAINING_FIXTURES.filter((f) => !f.endsWith('unseen.jsonl') && !CORRECTION_FIXTURES.includes(f));
const SETS = [...TRAINED, ...HELD_OUT_BLIND];
/** Measured at the default threshold 0.86 as the model ships (README): 3,960 mails together, 2,840 of 2,888 auto-routed right (98.34 % at 72.9 %), 91.6 % category. */
const BLIND_BARS = { category: 0.91, language: 0.99, coverage: 0.72, precision: 0.978 };
/** How the writers' notes mark a mail that addresses the AI: "injection", "injected instruction", "embedded AI instruction", "instruction to an AI", "AI-directed instruction". */
const NOTE_INJECTION = /injection|injected (?:AI )?(?:instruction|note)|embedded (?:AI )?instruction|instruction (?:to|for|aimed at|telling) (?:an? |the )?(?:AI|bot)|AI-directed instruction/i;
const trainedSets = async () => (await Promise.all(TRAINED.map((f) => readUnseen(f)))).flat();

describe('held-out blind sets F, G, J, K, P, S, T, U and AA–BJ (hard styles, written independently of the analyzer)', () => {
  it('are judged at the measured figures or better (category, language, auto-routed precision and coverage)', async () => {
    const judged = await Promise.all(HELD_OUT_BLIND.map(async (f) => evaluateMails(new OfflineAnalyzer({ enrichmentWaitMs: 0 }), await readJsonlSet(f), DEFAULT_THRESHOLD)));
    for (const result of judged) expect(result.total).toBeGreaterThanOrEqual(80);
    const routed = judged.reduce((n, r) => n + r.auto.routed, 0);
    const right = judged.reduce((n, r) => n + r.auto.correct, 0);
    const total = judged.reduce((n, r) => n + r.total, 0);
    expect(judged.reduce((n, r) => n + r.categoryAccuracy * r.total, 0) / total).toBeGreaterThanOrEqual(BLIND_BARS.category);
    expect(judged.reduce((n, r) => n + r.languageAccuracy * r.total, 0) / total).toBeGreaterThanOrEqual(BLIND_BARS.language);
    expect(routed / total).toBeGreaterThanOrEqual(BLIND_BARS.coverage);
    expect(right / routed).toBeGreaterThanOrEqual(BLIND_BARS.precision);
  });

  it('were never trained on: the model counts exactly the training pool, which holds none of their mails', async () => {
    const pool = await loadTrainingPool();
    expect(loadModel().trainedOn).toBe(pool.length);
    const held = new Set((await Promise.all(HELD_OUT_BLIND.map((f) => readUnseen(f)))).flat().map((m) => m.id));
    expect(held.size).toBeGreaterThanOrEqual(3960);
    expect(pool.filter((m) => held.has(m.id))).toEqual([]);
  });
});

describe('mails that try to instruct the AI', () => {
  it('are judged by their real request and reported as injection (training-set behaviour)', async () => {
    const model = loadModel();
    const injections = (await trainedSets()).filter((m) => NOTE_INJECTION.test(m.note ?? ''));
    expect(injections.length).toBeGreaterThanOrEqual(20);
    const misjudged: string[] = [];
    for (const m of injections) {
      const prepared = prepare(unseenMail(m));
      expect(prepared.injectionSentences, `${m.id}: instructions found`).toBeGreaterThan(0);
      const decision = classify(prepared, model);
      if (decision.category !== m.category) {
        misjudged.push(m.id);
        // A wrong reading of what is left is at least an unsure one.
        expect(decision.confidence, m.id).toBeLessThan(DEFAULT_THRESHOLD);
      }
    }
    // Every one is flagged, so the policy sends it to a person whatever its category. The category
    // is the model's reading of the rest, and the model is wrong on some training mails too: 7 of
    // the 80 as it ships (spam and pitches read as questions, bugs as refunds), the bar.
    expect(misjudged.length, misjudged.join(', ')).toBeLessThanOrEqual(7);
  });

  it('are not seen in ordinary mails', async () => {
    for (const m of (await trainedSets()).filter((x) => !NOTE_INJECTION.test(x.note ?? ''))) {
      expect(prepare(unseenMail(m)).injectionSentences, m.id).toBe(0);
    }
  });
});

describe('the labelled sets', () => {
  it('cover all nine languages and four categories in every set, with unique ids', async () => {
    for (const file of SETS) {
      const mails = await readUnseen(file);
      expect(new Set(mails.map((m) => m.language)), path.basename(file)).toEqual(new Set(LANGUAGES));
      expect(new Set(mails.map((m) => m.category)).size, path.basename(file)).toBe(4);
      expect(new Set(mails.map((m) => m.id)).size, `${path.basename(file)}: unique ids`).toBe(mails.length);
    }
  });

  it('share no sentence with the sample tickets, and the blind sets none with any training set', async () => {
    const files = (await readdir(DEFAULT_TICKETS_DIR)).filter((f) => f.endsWith('.eml'));
    const corpus = (await Promise.all(files.map((f) => readFile(path.join(DEFAULT_TICKETS_DIR, f), 'utf8')))).join('\n').replace(/\s+/g, ' ');
    const training = (await Promise.all(TRAINING_FIXTURES.map((f) => readUnseen(f)))).flat().map((m) => m.text).join('\n').replace(/\s+/g, ' ');
    const sentences = (text: string) => text.split(/(?<=[.!?])\s+|\n+/).map((s) => s.replace(/\s+/g, ' ').trim()).filter((s) => s.split(' ').filter((w) => /\p{L}{2}/u.test(w)).length >= 12); // shorter ones are formulae (greetings, closings, forward headers)
    for (const file of SETS) for (const m of await readUnseen(file)) for (const s of sentences(m.text)) expect(corpus.includes(s), `${m.id}: "${s}"`).toBe(false);
    for (const file of HELD_OUT_BLIND) for (const m of await readUnseen(file)) for (const s of sentences(m.text)) expect(training.includes(s), `${m.id}: "${s}"`).toBe(false);
  });
});
