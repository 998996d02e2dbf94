// The reliability plot: predicted confidence (mean per 0.1-wide bin) against the share of those
// predictions that were right, one line per evaluated set, with the diagonal a perfectly
// calibrated analyzer would follow. Rendered to PNG by shared/charts/render.ts.
import type { VegaLiteSpec } from '../../charts/render.js';
import { poolEvaluations, type Evaluation } from './crossval.js';

/** More sets than this are drawn as one line: a dozen lines of 90 mails each are noise, not a picture. */
export const MAX_SET_LINES = 6;

/**
 * What the plot draws for an `analyze --eval [--cv]` run: each given set (or, past MAX_SET_LINES, all
 * of them together as one line) and the pool's cross-validated lines, not the pool's single sets.
 */
export function plotSeries(results: { name: string; evaluation: Evaluation }[]): { name: string; evaluation: Evaluation }[] {
  const pools = results.filter((r) => r.name === 'pool-cv' || r.name === 'pool-by-set');
  const sets = results.filter((r) => !r.name.startsWith('pool-'));
  if (sets.length <= MAX_SET_LINES) return [...sets, ...pools];
  return [{ name: `${sets.length} sets together`, evaluation: poolEvaluations(sets.map((r) => r.evaluation)) }, ...pools];
}

export function reliabilitySpec(series: { name: string; evaluation: Evaluation }[], threshold: number): VegaLiteSpec {
  const values = series.flatMap(({ name, evaluation }) =>
    evaluation.reliability.map((b) => ({ set: name, confidence: round(b.meanConfidence), accuracy: round(b.accuracy), mails: b.count })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Offline analyzer: confidence vs observed accuracy', subtitle: `bins of 0.1; dashed: perfect calibration; grey: auto-assign threshold ${threshold}` },
    width: 520,
    height: 360,
    layer: [
      { data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }, mark: { type: 'line', strokeDash: [4, 4], color: '#888' }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } },
      { data: { values: [{ t: threshold }] }, mark: { type: 'rule', color: '#bbb' }, encoding: { x: { field: 't', type: 'quantitative' } } },
      {
        data: { values },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'confidence', type: 'quantitative', title: 'predicted confidence', scale: { domain: [0, 1] } },
          y: { field: 'accuracy', type: 'quantitative', title: 'observed accuracy', scale: { domain: [0, 1] } },
          color: { field: 'set', type: 'nominal', title: 'set' },
        },
      },
      {
        data: { values },
        mark: { type: 'circle', opacity: 0.35 },
        encoding: {
          x: { field: 'confidence', type: 'quantitative' },
          y: { field: 'accuracy', type: 'quantitative' },
          size: { field: 'mails', type: 'quantitative', title: 'mails in bin' },
          color: { field: 'set', type: 'nominal' },
        },
      },
    ],
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
