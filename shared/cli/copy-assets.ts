// `npm run build` step: copies the runtime files that code reads next to itself (the offline
// analyzer's model, the card template) into dist/, so the deployed package is complete.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RUNTIME_ASSETS = [
  'shared/ai/offline/model.json',
  'bot/cards/ticket.json',
  // the Outlook pane's page (functions/pane.ts serves pane/ next to functions/)
  'pane/index.html', 'pane/pane.js', 'pane/pane.css', 'pane/icon-16.png', 'pane/icon-32.png', 'pane/icon-80.png',
];

export function copyAssets(outDir = path.join(ROOT, 'dist')): void {
  for (const rel of RUNTIME_ASSETS) {
    const to = path.join(outDir, rel);
    mkdirSync(path.dirname(to), { recursive: true });
    copyFileSync(path.join(ROOT, rel), to);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  copyAssets();
  console.log(`copied ${RUNTIME_ASSETS.length} runtime assets into dist/`);
}
