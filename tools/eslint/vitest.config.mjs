import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['*.test.mjs'], environment: 'node', pool: 'threads', maxWorkers: 2 } });
