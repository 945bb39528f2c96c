// Shared vitest settings: tests run against each workspace package's TypeScript source
// (the "@tinyspark/source" export condition), never against a stale dist/.
import { defineConfig } from 'vitest/config';

const conditions = ['@tinyspark/source', 'module', 'node', 'import', 'default'];

export const sharedConfig = defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@tinyspark/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'threads',
    maxWorkers: 2,
  },
});
