// Test runner config: tests sit beside the code (*.test.ts); cross-component tests in test/.
// The local world's certificate is made here, before workers fork, so that every worker trusts the
// mock Graph's https://localhost through NODE_EXTRA_CA_CERTS (Node reads it only at start).
import { defineConfig } from 'vitest/config';
import { ensureDevCert } from './dev/support/cert.js';

export default defineConfig(async () => {
  const { certPath } = await ensureDevCert();
  process.env.NODE_EXTRA_CA_CERTS = certPath;
  return {
    test: {
      include: ['{functions,bot,manifest,shared,dev,test,infra,tickets}/**/*.test.ts'],
      exclude: ['node_modules/**', 'dist/**', 'test/bench/**'],
      testTimeout: 60_000,
      hookTimeout: 120_000,
      pool: 'forks',
      maxWorkers: 2,
      env: { NODE_EXTRA_CA_CERTS: certPath, APP_ENV: 'test' },
    },
  };
});
