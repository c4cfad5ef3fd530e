import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/build/**', '**/.data/**', '**/.turbo/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Frozen migrations take Kysely<any> by Kysely's own convention.
    files: ['packages/db/migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Command-line entry points talk to the terminal.
    files: ['scripts/**', 'bench/**', 'packages/*/src/cli/**', 'apps/worker/src/main.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Apps never import Kysely or the database package: loaders call domain functions.
    files: ['apps/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['kysely', '@cardshop/db'], patterns: ['@cardshop/db/*'] },
      ],
    },
  },
);
