// Cross-validated figures of the offline analyzer on its training pool (tickets/ and the
// hand-written sets): every fold judged by a model and a calibration that never saw it, routed by
// the pipeline's triage policy at the default threshold.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../domain.js';
import { crossValidate, crossValidateBySet, summarise, type Judged } from './crossval.js';
import { readUnseen } from './fixtures.js';
import { DEFAULT_TICKETS_DIR, heldOutPool, type HeldOutPool } from './training.js';

// Both figures start from the same out-of-set predictions: prepared and computed once for the file.
let pool: Promise<HeldOutPool> | undefined;
const sharedPool = () => (pool ??= heldOutPool(DEFAULT_TICKETS_DIR));

describe('offline analyzer, 5-fold cross-validation on the training pool', () => {
  it('reaches ≥ 0.905 category and ≥ 0.98 language accuracy, and auto-routes ≥ 72 % at ≥ 0.975 precision at the default threshold', async () => {
    const cv = await crossValidate(await sharedPool(), 5);
    expect(cv.total).toBeGreaterThanOrEqual(6370);
    expect(cv.categoryAccuracy).toBeGreaterThanOrEqual(0.905);
    expect(cv.languageAccuracy).toBeGreaterThanOrEqual(0.98);
    expect(cv.auto.coverage).toBeGreaterThanOrEqual(0.72);
    expect(cv.auto.precision).toBeGreaterThanOrEqual(0.975);
    for (const [language, r] of Object.entries(cv.perLanguage)) {
      expect(r.categoryCorrect / r.total, `category accuracy in ${language}`).toBeGreaterThanOrEqual(0.87);
    }
  }, 900_000);
});

describe('offline analyzer, leave-one-set-out on the training pool (each set judged by a model that never saw it)', () => {
  it('auto-routes ≥ 72 % of the mails at ≥ 0.975 precision pooled, and no set below 0.90 precision', async () => {
    const { pooled, sets } = await crossValidateBySet(await sharedPool());
    expect(sets.size).toBeGreaterThanOrEqual(72);
    expect(pooled.categoryAccuracy).toBeGreaterThanOrEqual(0.905);
    expect(pooled.auto.coverage).toBeGreaterThanOrEqual(0.72);
    expect(pooled.auto.precision).toBeGreaterThanOrEqual(0.975);
    for (const [name, e] of sets) expect(e.auto.precision, name).toBeGreaterThanOrEqual(0.90);
  }, 900_000);
});

describe('summarise', () => {
  const j = (over: Partial<Judged>): Judged => ({ id: 'x', language: 'de', category: 'other', gotLanguage: 'de', gotCategory: 'other', confidence: 0.9, autoRouted: true, ...over });

  it('counts precision among auto-routed mails only, and coverage over all mails', () => {
    const e = summarise([j({}), j({ gotCategory: 'bug-report' }), j({ autoRouted: false, gotCategory: 'bug-report', confidence: 0.4 }), j({ autoRouted: false, confidence: 0.5 })], 0.75);
    expect(e.auto).toEqual({ routed: 2, correct: 1, precision: 0.5, coverage: 0.5, threshold: 0.75 });
    expect(e.categoryAccuracy).toBe(0.5);
    expect(e.reliability.map((b) => [b.from, b.count, b.accuracy])).toEqual([
      [0.4, 1, 0],
      [0.5, 1, 1],
      [0.9, 2, 0.5],
    ]);
  });
});

describe('the unseen set', () => {
  it('has at least 30 mails covering all nine languages, all categories and injection attempts', async () => {
    const mails = await readUnseen();
    expect(mails.length).toBeGreaterThanOrEqual(30);
    expect(new Set(mails.map((m) => m.language))).toEqual(new Set(LANGUAGES));
    expect(new Set(mails.map((m) => m.category)).size).toBe(4);
    expect(mails.filter((m) => /injection/i.test(m.note ?? '')).length).toBeGreaterThanOrEqual(4);
  });

  it('shares no sentence with the training corpus', async () => {
    const files = (await readdir(DEFAULT_TICKETS_DIR)).filter((f) => f.endsWith('.eml'));
    const corpus = (await Promise.all(files.map((f) => readFile(path.join(DEFAULT_TICKETS_DIR, f), 'utf8')))).join('\n').replace(/\s+/g, ' ');
    for (const m of await readUnseen()) {
      const sentences = m.text.split(/(?<=[.!?])\s+|\n+/).map((s) => s.replace(/\s+/g, ' ').trim()).filter((s) => s.length >= 40);
      for (const s of sentences) expect(corpus.includes(s), `${m.id}: "${s}"`).toBe(false);
    }
  });
});
