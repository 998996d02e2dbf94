import { describe, expect, it } from 'vitest';
import { poolEvaluations, summarise, type Evaluation, type Judged } from './crossval.js';
import { MAX_SET_LINES, plotSeries } from './reliability.js';

const j = (over: Partial<Judged>): Judged => ({ id: 'x', language: 'de', category: 'other', gotLanguage: 'de', gotCategory: 'other', confidence: 0.95, autoRouted: true, ...over });

const A: Judged[] = [j({}), j({ gotCategory: 'bug-report', confidence: 0.93 }), j({ category: 'bug-report', gotCategory: 'bug-report', confidence: 0.42, autoRouted: false, language: 'fr', gotLanguage: 'fr' })];
const B: Judged[] = [j({ category: 'refund-request', gotCategory: 'refund-request', confidence: 0.97 }), j({ gotLanguage: 'en', confidence: 0.61, autoRouted: false }), j({ category: 'product-question', gotCategory: 'other', confidence: 0.48, autoRouted: false, language: 'it', gotLanguage: 'it' })];

describe('several sets together', () => {
  it('give the figures of all their mails judged as one set', () => {
    const pooled = poolEvaluations([summarise(A, 0.91), summarise(B, 0.91)]);
    const whole = summarise([...A, ...B], 0.91);
    expect(pooled.total).toBe(whole.total);
    expect(pooled.categoryAccuracy).toBeCloseTo(whole.categoryAccuracy, 12);
    expect(pooled.languageAccuracy).toBeCloseTo(whole.languageAccuracy, 12);
    expect(pooled.auto).toEqual(whole.auto);
    expect(pooled.perCategory).toEqual(whole.perCategory);
    expect(pooled.perLanguage).toEqual(whole.perLanguage);
    expect(pooled.reliability.map((b) => [b.from, b.count, b.accuracy])).toEqual(whole.reliability.map((b) => [b.from, b.count, b.accuracy]));
    pooled.reliability.forEach((b, i) => expect(b.meanConfidence).toBeCloseTo(whole.reliability[i]!.meanConfidence, 12));
    expect(pooled.categoryMisses.length).toBe(whole.categoryMisses.length);
  });
});

describe('the reliability plot', () => {
  const e = (judged: Judged[]): Evaluation => summarise(judged, 0.91);
  const pools = [{ name: 'pool-cv', evaluation: e(A) }, { name: 'pool-by-set', evaluation: e(B) }, { name: 'pool-by-set:train-x', evaluation: e(B) }];

  it('draws each given set and the pool\'s two cross-validated lines, never the pool\'s single sets', () => {
    const sets = Array.from({ length: MAX_SET_LINES }, (_, i) => ({ name: `blind-${i}`, evaluation: e(A) }));
    expect(plotSeries([...sets, ...pools]).map((s) => s.name)).toEqual([...sets.map((s) => s.name), 'pool-cv', 'pool-by-set']);
  });

  it('draws more sets than it can tell apart as one line of all their mails', () => {
    const sets = Array.from({ length: MAX_SET_LINES + 1 }, (_, i) => ({ name: `blind-${i}`, evaluation: e(i % 2 ? A : B) }));
    const series = plotSeries([...sets, ...pools]);
    expect(series.map((s) => s.name)).toEqual([`${MAX_SET_LINES + 1} sets together`, 'pool-cv', 'pool-by-set']);
    expect(series[0]!.evaluation.total).toBe(3 * (MAX_SET_LINES + 1));
  });
});
