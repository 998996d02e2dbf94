// The Teams app icons, drawn in code so they can be regenerated and reviewed: an envelope (the
// support mailbox) with a check badge (a reply approved from the card).
//   color.png   192×192, full-bleed colour background
//   outline.png  32×32, white outline on a transparent background (Teams' rule for outline icons)
// Run `npx tsx manifest/icons.ts` to rewrite the committed PNGs.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

export const ACCENT = '#3B5BDB';
type RGB = [number, number, number];
const hex = (h: string): RGB => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as RGB;

/** A shape as a signed distance (negative inside), so edges can be anti-aliased by supersampling. */
type Shape = (x: number, y: number) => number;

const rect = (x0: number, y0: number, x1: number, y1: number, r: number): Shape => (x, y) => {
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2, hx = (x1 - x0) / 2 - r, hy = (y1 - y0) / 2 - r;
  const dx = Math.abs(x - cx) - hx, dy = Math.abs(y - cy) - hy;
  return Math.hypot(Math.max(dx, 0), Math.max(dy, 0)) + Math.min(Math.max(dx, dy), 0) - r;
};
const circle = (cx: number, cy: number, r: number): Shape => (x, y) => Math.hypot(x - cx, y - cy) - r;
/** A polyline drawn with a round pen of width w. */
const stroke = (pts: [number, number][], w: number): Shape => (x, y) => {
  let d = Infinity;
  for (let i = 0; i + 1 < pts.length; i++) {
    const [ax, ay] = pts[i]!, [bx, by] = pts[i + 1]!;
    const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    d = Math.min(d, Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))));
  }
  return d - w / 2;
};
/** The ring of a shape: its border drawn with width w. */
const ring = (s: Shape, w: number): Shape => (x, y) => Math.abs(s(x, y)) - w / 2;

interface Layer {
  shape: Shape;
  color: RGB;
}

function paint(size: number, layers: Layer[], background: RGB | null): PNG {
  const png = new PNG({ width: size, height: size });
  const SS = 4; // 4×4 samples per pixel
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const px = x + (sx + 0.5) / SS, py = y + (sy + 0.5) / SS;
          let c: RGB | null = background;
          for (const l of layers) if (l.shape(px, py) <= 0) c = l.color;
          if (c) { r += c[0]; g += c[1]; b += c[2]; a += 1; }
        }
      }
      const i = (y * size + x) * 4;
      const n = SS * SS;
      // colour averaged over covered samples; alpha = coverage
      png.data[i] = a ? Math.round(r / a) : 0;
      png.data[i + 1] = a ? Math.round(g / a) : 0;
      png.data[i + 2] = a ? Math.round(b / a) : 0;
      png.data[i + 3] = Math.round((a / n) * 255);
    }
  }
  return png;
}

/** The colour icon at any size (drawn on the 192 grid, scaled); the Outlook ribbon wants 16, 32 and 80. */
export function drawColorIcon(size = 192): PNG {
  const white: RGB = [255, 255, 255];
  const accent = hex(ACCENT);
  const green = hex('#2FB344');
  const k = 192 / size;
  const scaled = (s: Shape): Shape => (x, y) => s(x * k, y * k) / k;
  return paint(size, [
    { shape: rect(36, 52, 156, 136, 12), color: white },
    { shape: stroke([[42, 60], [96, 102], [150, 60]], 9), color: accent },
    { shape: circle(146, 134, 32), color: white },
    { shape: circle(146, 134, 26), color: green },
    { shape: stroke([[133, 135], [143, 145], [160, 125]], 7), color: white },
  ].map((l) => ({ ...l, shape: scaled(l.shape) })), accent);
}

/** Ribbon button icons of the Outlook add-in, served by the Function App under /api/pane/assets/. */
export const RIBBON_ICON_SIZES = [16, 32, 80] as const;

export function drawOutlineIcon(): PNG {
  const white: RGB = [255, 255, 255];
  return paint(32, [
    { shape: ring(rect(4, 8, 28, 25, 2), 2), color: white },
    { shape: stroke([[5, 9.5], [16, 17.5], [27, 9.5]], 2), color: white },
  ], null);
}

export const ICON_FILES = { color: 'color.png', outline: 'outline.png' } as const;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = new URL('./', import.meta.url);
  writeFileSync(new URL(ICON_FILES.color, dir), PNG.sync.write(drawColorIcon()));
  writeFileSync(new URL(ICON_FILES.outline, dir), PNG.sync.write(drawOutlineIcon()));
  for (const size of RIBBON_ICON_SIZES) writeFileSync(new URL(`../pane/icon-${size}.png`, dir), PNG.sync.write(drawColorIcon(size)));
  console.log('wrote manifest/color.png, manifest/outline.png and pane/icon-{16,32,80}.png');
}
