// The labelled sets. Blind sets A–D, dev, unseen and hard were each blind when written (their
// first-run figures are in git history) and are now training data, so their accuracy bars live
// in crossval.test.ts as cross-validated figures. Set E is held out from training and judged here
// by the committed model through the pipeline's triage policy; it is no longer blind (the
// confusion features were written after seeing its first-run misses), so this is a regression bar,
// not a measure of unseen mail.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../domain.js';
import { OfflineAnalyzer, loadModel } from './analyzer.js';
import { classify } from './classify.js';
import { evaluateMails } from './crossval.js';
import { readUnseen, unseenMail } from './fixtures.js';
import { prepare } from './prepare.js';
import { DEFAULT_TICKETS_DIR, HELD_OUT_BLIND, TRAINING_FIXTURES, loadTrainingPool, readJsonlSet } from './training.js';

const SETS = [...TRAINING_FIXTURES, HELD_OUT_BLIND].filter((f) => !f.endsWith('unseen.jsonl'));
const allSets = async () => (await Promise.all(SETS.map((f) => readUnseen(f)))).flat();

describe('held-out set E (hard styles: terse, misspelled, mixed, misleading subjects, quoted history, policy questions, billing phishing, B2B)', () => {
  it('is judged at ≥ 0.9 category and ≥ 0.95 language accuracy, auto-routing ≥ 70 % of it at ≥ 0.9 precision', async () => {
    const result = await evaluateMails(new OfflineAnalyzer({ enrichmentWaitMs: 0 }), await readJsonlSet(HELD_OUT_BLIND), 0.75);
    expect(result.total).toBeGreaterThanOrEqual(80);
    expect(result.categoryAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(result.languageAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(result.auto.coverage).toBeGreaterThanOrEqual(0.7);
    expect(result.auto.precision).toBeGreaterThanOrEqual(0.9);
  });

  it('was never trained on: the model counts exactly the training pool, which holds none of its mails', async () => {
    const pool = await loadTrainingPool();
    expect(loadModel().trainedOn).toBe(pool.length);
    const held = new Set((await readUnseen(HELD_OUT_BLIND)).map((m) => m.id));
    expect(pool.filter((m) => held.has(m.id))).toEqual([]);
  });
});

describe('mails that try to instruct the AI', () => {
  it('are judged by their real request and reported as injection (training-set behaviour)', async () => {
    const model = loadModel();
    const injections = (await allSets()).filter((m) => /injection/i.test(m.note ?? ''));
    expect(injections.length).toBeGreaterThanOrEqual(20);
    for (const m of injections) {
      const prepared = prepare(unseenMail(m));
      expect(prepared.injectionSentences, `${m.id}: instructions found`).toBeGreaterThan(0);
      expect(classify(prepared, model).category, `${m.id}: category of the real request`).toBe(m.category);
    }
  });

  it('are not seen in ordinary mails', async () => {
    for (const m of (await allSets()).filter((x) => !/injection/i.test(x.note ?? ''))) {
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

  it('share no sentence with the sample tickets, and blind set E none with any training set', async () => {
    const files = (await readdir(DEFAULT_TICKETS_DIR)).filter((f) => f.endsWith('.eml'));
    const corpus = (await Promise.all(files.map((f) => readFile(path.join(DEFAULT_TICKETS_DIR, f), 'utf8')))).join('\n').replace(/\s+/g, ' ');
    const training = (await Promise.all(TRAINING_FIXTURES.map((f) => readUnseen(f)))).flat().map((m) => m.text).join('\n').replace(/\s+/g, ' ');
    const sentences = (text: string) => text.split(/(?<=[.!?])\s+|\n+/).map((s) => s.replace(/\s+/g, ' ').trim()).filter((s) => s.length >= 40);
    for (const m of await allSets()) for (const s of sentences(m.text)) expect(corpus.includes(s), `${m.id}: "${s}"`).toBe(false);
    for (const m of await readUnseen(HELD_OUT_BLIND)) for (const s of sentences(m.text)) expect(training.includes(s), `${m.id}: "${s}"`).toBe(false);
  });
});
