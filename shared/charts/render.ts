// Server-side charts: a Vega-Lite spec compiled to Vega, rendered headless to SVG (no canvas, no
// browser) and rasterised to PNG by resvg (Rust, prebuilt binaries, no system libraries). Teams
// shows card images as PNG; SVG is not an Adaptive Card image format there.
// vega, vega-lite and resvg load on the first chart, not with the Functions host (cold start).
import type { TopLevelSpec } from 'vega-lite';
import { AppError } from '../errors.js';

export type VegaLiteSpec = TopLevelSpec;

export interface RenderOptions {
  /** Output width in pixels (the SVG is scaled to it); Teams shows card images up to 1024 px. */
  width?: number;
}

/** The chart as SVG text; data must be inline (`data.values`): nothing is loaded from anywhere. */
export async function renderVegaLiteSvg(spec: VegaLiteSpec): Promise<string> {
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = compile(spec).spec;
  // A loader that refuses every URL: a spec can never make the server fetch or read a file.
  const loader = vega.loader({ mode: 'http' });
  loader.load = () => Promise.reject(new Error('charts: external data is not allowed; inline data.values'));
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The chart as a PNG image. */
export async function renderVegaLitePng(spec: VegaLiteSpec, opts: RenderOptions = {}): Promise<Buffer> {
  let svg: string;
  try {
    svg = await renderVegaLiteSvg(spec);
  } catch (err) {
    throw new AppError('invalid-input', `charts: the chart spec could not be rendered: ${(err as Error).message}`);
  }
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    fitTo: opts.width ? { mode: 'width', value: Math.min(1024, opts.width) } : { mode: 'original' },
    background: '#ffffff',
    // Text uses the system's sans-serif; without fonts resvg would drop the labels silently.
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
