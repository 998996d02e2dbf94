import { describe, expect, it } from 'vitest';
import { loadModel } from './analyzer.js';
import { cleanForAnalysis } from '../../mail/clean.js';
import { calibrate, featurize, featurizeBoth, fitIsotonic } from './model.js';
import { DEFAULT_TICKETS_DIR, HELD_OUT_BLIND, buildModel, lexiconHash, loadTrainingPool, poolHash, readJsonlSet } from './training.js';

describe('model.json', () => {
  it('was trained on the current training pool and lexicon (run `npx tsx shared/ai/offline/train.ts` when this fails)', async () => {
    const model = loadModel();
    expect(model.lexiconHash).toBe(lexiconHash());
    expect(model.corpusHash).toBe(await poolHash(DEFAULT_TICKETS_DIR));
  });

  it('equals a fresh training run on the pool (training and calibration are deterministic)', async () => {
    const committed = loadModel();
    const fresh = await buildModel(DEFAULT_TICKETS_DIR);
    expect(fresh.trainedOn).toBe(committed.trainedOn);
    expect(fresh.calibration).toEqual(committed.calibration);
    expect(fresh.bias).toEqual(committed.bias);
    expect(fresh.weights).toEqual(committed.weights);
    expect(fresh.confidence).toEqual(committed.confidence);
  }, 1_200_000);
});

describe('featurizeBoth', () => {
  it('equals featurize of the whole mail and of its text alone on every labelled mail', async () => {
    const sets = [...(await loadTrainingPool()), ...(await Promise.all(HELD_OUT_BLIND.map(readJsonlSet))).flat()];
    expect(sets.length).toBeGreaterThan(1000);
    for (const m of sets) {
      const cleaned = cleanForAnalysis(m.mail);
      const both = featurizeBoth(cleaned.subject, cleaned.text);
      expect(both.full, m.id).toEqual(featurize(cleaned.subject, cleaned.text));
      expect(both.text, m.id).toEqual(featurize('', cleaned.text));
    }
  }, 60_000);

  it('sees a pattern that spans the subject and the text only in the whole mail', () => {
    const both = featurizeBoth('We are 40', 'students and want a quote');
    expect(both.full.has('x:headcount')).toBe(true);
    expect(both.text.has('x:headcount')).toBe(false);
    expect(both.full).toEqual(featurize('We are 40', 'students and want a quote'));
  });
});

describe('calibration', () => {
  it('maps probabilities to the observed share of right answers, monotone and never certain', () => {
    const points = [
      ...Array.from({ length: 10 }, (_, i) => ({ p: 0.4 + i * 0.01, correct: i < 4 })),
      ...Array.from({ length: 40 }, (_, i) => ({ p: 0.9 + i * 0.002, correct: true })),
    ];
    const c = fitIsotonic(points);
    expect(calibrate(c, 0.45)).toBeLessThan(0.5);
    expect(calibrate(c, 0.95)).toBeGreaterThan(0.9);
    expect(calibrate(c, 0.99)).toBeLessThan(1);
    for (let i = 1; i < c.y.length; i++) expect(c.y[i]!).toBeGreaterThanOrEqual(c.y[i - 1]!);
  });

  it('turns a confident-looking probability into a low confidence where such predictions were often wrong', () => {
    const c = fitIsotonic(Array.from({ length: 20 }, (_, i) => ({ p: 0.9, correct: i % 2 === 0 })));
    expect(calibrate(c, 0.9)).toBeCloseTo(0.5, 1);
  });
});
