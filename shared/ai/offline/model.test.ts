import { describe, expect, it } from 'vitest';
import { loadModel } from './analyzer.js';
import { cleanForAnalysis } from '../../mail/clean.js';
import { calibrate, featurize, featurizeBoth, fitIsotonic, isCueFeature, predict, train, type Features, type TrainingExample } from './model.js';
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

describe('cue pairs', () => {
  it('adds one feature for every two cues present in a mail, and none for a single cue', () => {
    const features = featurize('App crashes', 'It crashes every time I open a deck. I want a refund for this month.');
    const cues = [...features.keys()].filter(isCueFeature).sort();
    const pairs = [...features.keys()].filter((f) => f.startsWith('p:'));
    expect(cues).toEqual(expect.arrayContaining(['c:crash', 'c:refund']));
    expect(pairs).toHaveLength((cues.length * (cues.length - 1)) / 2);
    expect(pairs).toContain('p:c:crash&c:refund');
    for (const p of pairs) for (const cue of p.slice(2).split('&')) expect(cues).toContain(cue);

    const single = featurize('', 'Hello, I would like my money back for last week, thanks a lot and have a nice day.');
    expect([...single.keys()].filter(isCueFeature)).toHaveLength(1);
    expect([...single.keys()].some((f) => f.startsWith('p:'))).toBe(false);
  });

  it('lets the model learn what two cues mean together, which no weighted sum of the two can say', () => {
    // A mail with neither cue, or with both, is a refund request; with one of the two it is a bug
    // report. No linear function of the two cues separates that (it is an exclusive or); the pair
    // feature does. (x:base is present in every mail, so the four cases differ only in the cues.)
    const mail = (...f: string[]): Features => new Map(['x:base', ...f].map((k) => [k, k.startsWith('p:') ? 2 : 1]));
    const cases: [Features, TrainingExample['category']][] = [
      [mail(), 'refund-request'],
      [mail('x:alpha'), 'bug-report'],
      [mail('x:beta'), 'bug-report'],
      [mail('x:alpha', 'x:beta', 'p:x:alpha&x:beta'), 'refund-request'],
    ];
    const examples = cases.flatMap(([features, category]) => Array.from({ length: 20 }, () => ({ features, category })));
    const model = train(examples, { iterations: 2000 });
    for (const [features, category] of cases) expect(predict(model, features).category, [...features.keys()].join(' ')).toBe(category);

    const unpaired = (f: Features): Features => new Map([...f].filter(([k]) => !k.startsWith('p:')));
    const linear = train(examples.map((e) => ({ ...e, features: unpaired(e.features) })), { iterations: 2000 });
    const right = cases.filter(([features, category]) => predict(linear, unpaired(features)).category === category).length;
    expect(right).toBeLessThan(cases.length);
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
