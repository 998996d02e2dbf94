// Test runner config: tests sit beside the code (*.test.ts); cross-component tests in test/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{functions,bot,manifest,shared,dev,test,infra}/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
