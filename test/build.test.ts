// What `npm run build` compiles into dist/: product code only. Test doubles (in-memory ports, fake
// mailbox, fake Bot Connector, recording cards) stay out, also when product code would import them.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../dev/support/cert.js';

const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

describe('the production build', () => {
  it('compiles no test double and no test', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [TSC, '-p', 'tsconfig.build.json', '--listFilesOnly'], { cwd: REPO_ROOT, maxBuffer: 32 * 1024 * 1024 });
    const own = stdout.split('\n').map((f) => path.relative(REPO_ROOT, f.trim())).filter((f) => f && !f.startsWith('..') && !f.startsWith('node_modules'));
    expect(own.length).toBeGreaterThan(50);
    const doubles = own.filter((f) => /(^|\/)(testing|fake[A-Z-]\w*|.*\.test)\.ts$|\/testing\/|^shared\/tickets\/cards\.ts$/.test(f));
    expect(doubles).toEqual([]);
    expect(own).toContain('functions/index.ts');
  }, 120_000);
});
