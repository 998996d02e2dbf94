// The digest's picture: tickets per day by category (stacked bars) over the first-response trend
// (median business minutes per day), as a Vega-Lite spec with inline data, rendered to PNG.
import { CATEGORIES, type Category } from '../domain.js';
import { renderVegaLitePng, type VegaLiteSpec } from '../charts/render.js';
import { percentile } from '../stats/compute.js';
import type { StatsRow } from '../stats/row.js';

export interface ChartDay {
  day: string;
  byCategory: Record<Category, number>;
  /** Median business minutes to the first reply of that day's answered tickets. */
  firstResponseP50: number | null;
}

export function chartDays(rows: readonly StatsRow[], days: readonly string[]): ChartDay[] {
  return days.map((day) => {
    const own = rows.filter((r) => r.day === day);
    const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, own.filter((r) => r.category === c).length])) as Record<Category, number>;
    const minutes = own.map((r) => r.firstResponseBusinessMinutes).filter((m): m is number => m !== null).sort((a, b) => a - b);
    return { day, byCategory, firstResponseP50: percentile(minutes, 0.5) };
  });
}

const COLORS: Record<Category, string> = { 'bug-report': '#c4314b', 'refund-request': '#e3a21a', 'product-question': '#0078d4', other: '#8a8886' };

export function digestChartSpec(days: readonly ChartDay[]): VegaLiteSpec {
  const label = (d: string) => d.slice(5).replace('-', '/');
  const counts = days.flatMap((d) => CATEGORIES.map((c) => ({ day: label(d.day), category: c, tickets: d.byCategory[c] })));
  const trend = days.filter((d) => d.firstResponseP50 !== null).map((d) => ({ day: label(d.day), minutes: d.firstResponseP50 }));
  // One shared day axis, so a day without answered tickets leaves a gap in the trend line.
  const x = { field: 'day', type: 'ordinal', title: null, scale: { domain: days.map((d) => label(d.day)) }, axis: { labelAngle: 0 } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    config: { font: 'DejaVu Sans', view: { stroke: null }, axis: { labelFontSize: 10, titleFontSize: 11 }, legend: { labelFontSize: 10, orient: 'top', title: null } },
    vconcat: [
      {
        title: { text: 'New tickets per day', fontSize: 12, anchor: 'start' },
        width: 560,
        height: 150,
        data: { values: counts },
        mark: { type: 'bar' },
        encoding: {
          x,
          y: { field: 'tickets', type: 'quantitative', title: null, aggregate: 'sum', axis: { tickMinStep: 1, format: 'd' } },
          color: { field: 'category', type: 'nominal', scale: { domain: [...CATEGORIES], range: CATEGORIES.map((c) => COLORS[c]) } },
        },
      },
      {
        title: { text: 'First reply, median business minutes', fontSize: 12, anchor: 'start' },
        width: 560,
        height: 90,
        data: { values: trend },
        mark: { type: 'line', point: true, color: '#0078d4' },
        encoding: { x, y: { field: 'minutes', type: 'quantitative', title: null, axis: { format: 'd' } } },
      },
    ],
  } as VegaLiteSpec;
}

export function renderDigestChart(days: readonly ChartDay[], width = 640): Promise<Buffer> {
  return renderVegaLitePng(digestChartSpec(days), { width });
}
