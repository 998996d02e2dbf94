import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENV_VARS } from '../config.js';
import { renderConfigTable, replaceConfigTable } from './config-docs.js';

const readme = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md'), 'utf8');

describe('README configuration table', () => {
  it('is exactly what the config schema renders (run `npm run config-docs` when this fails)', () => {
    expect(replaceConfigTable(readme)).toBe(readme);
  });

  it('lists every env var of the schema once', () => {
    const table = renderConfigTable();
    for (const v of ENV_VARS) expect(table.split(`| \`${v.env}\` |`).length - 1).toBe(1);
  });
});
