// Lint for the whole workspace. Besides the usual TypeScript rules it enforces the
// dependency direction of docs/architecture.md: core and protocol import nothing of ours,
// quantizer/runtime imports nothing at all, the emulator never imports the training engine;
// and no package has a circle of relative imports.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { localRules } from './tools/eslint/no-import-cycle.mjs';

const noWorkspace = (allowed = []) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: ['@tinyspark/*', ...allowed.map((a) => `!${a}`)],
          message: 'This package may not import that workspace package (see docs/architecture.md).',
        },
        { group: ['**/dist/**', '@tinyspark/*/src/**'], message: 'Import packages through their exports, never dist/ or src/.' },
      ],
    },
  ],
});

const pureGlobals = {
  'no-restricted-globals': [
    'error',
    { name: 'Date', message: 'Inject a clock.' },
    { name: 'setTimeout', message: 'Inject a clock.' },
    { name: 'setInterval', message: 'Inject a clock.' },
    { name: 'process', message: 'Pure package: no Node globals.' },
  ],
  'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use the seeded Rng.' }],
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', 'fixtures/**/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-exports': ['error', { restrictDefaultExports: { direct: true, named: true, defaultFrom: true } }],
    },
  },
  // No import circle in any package (type-only imports included): tools/eslint/no-import-cycle.mjs.
  { plugins: { local: localRules }, rules: { 'local/no-import-cycle': 'error' } },
  { files: ['packages/core/src/**/*.ts'], rules: { ...noWorkspace(), ...pureGlobals, 'no-restricted-imports': ['error', { patterns: [{ group: ['@tinyspark/*', 'node:*', 'ws'], message: 'core imports nothing.' }] }] } },
  { files: ['packages/protocol/src/**/*.ts'], rules: { ...noWorkspace() } },
  { files: ['packages/quantizer/src/runtime/**/*.ts'], ignores: ['packages/quantizer/src/runtime/**/*.test.ts'], rules: { ...pureGlobals, 'no-restricted-imports': ['error', { patterns: [{ group: ['@tinyspark/*', 'node:*', '../*', '!../runtime/*'], message: 'quantizer/runtime imports nothing outside itself.' }] }] } },
  { files: ['packages/quantizer/src/**/*.ts'], ignores: ['packages/quantizer/src/runtime/**'], rules: { ...noWorkspace(['@tinyspark/core']) } },
  { files: ['packages/emulator/src/**/*.ts'], rules: { ...noWorkspace(['@tinyspark/protocol', '@tinyspark/quantizer', '@tinyspark/quantizer/runtime']) } },
  { files: ['**/*.test.ts', '**/test/**/*.ts'], rules: { 'no-restricted-globals': 'off', 'no-restricted-properties': 'off' } },
  { files: ['**/vitest.config.ts', '**/vitest.config.mjs'], rules: { 'no-restricted-exports': 'off' } },
);
