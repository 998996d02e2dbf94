import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RUNTIME_ASSETS } from './copy-assets.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function productFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'testing' || name === 'cli' ? [] : productFiles(full);
    return full.endsWith('.ts') && !full.endsWith('.test.ts') ? [full] : [];
  });
}

describe('the deployed package', () => {
  it('carries every data file product code reads next to itself', () => {
    const read = new Set<string>();
    for (const file of ['shared', 'bot', 'functions'].flatMap((d) => productFiles(path.join(ROOT, d)))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/new URL\('(\.{1,2}\/[^']+\.json)', import\.meta\.url\)/g)) {
        read.add(path.relative(ROOT, path.resolve(path.dirname(file), m[1]!)).split(path.sep).join('/'));
      }
    }
    expect(read.size).toBeGreaterThan(0);
    for (const asset of read) expect(RUNTIME_ASSETS).toContain(asset);
  });
});
