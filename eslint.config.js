// Lint rules, including the layer rule from ARCHITECTURE.md: imports point down only.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['dist/**', 'web/dist/**', 'node_modules/**', 'test-output/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/protocol/**'],
    rules: restrict([
      { group: ['node:*'], message: 'protocol/ is pure: it runs in a browser.' },
      {
        group: ['../server/*', '../client/*', '../store/*', '../cli/*', '../broker/*'],
        message: 'protocol/ imports nothing of ours.',
      },
    ]),
  },
  {
    files: ['src/client/**'],
    rules: restrict([
      {
        group: ['../server/*', '../store/*', '../cli/*', '../broker/*'],
        message: 'client/ imports only protocol/.',
      },
    ]),
  },
  {
    files: ['src/server/**'],
    rules: restrict([
      { group: ['**/cli/*', '**/client/*'], message: 'server/ does not import cli/ or client/.' },
      {
        group: [
          '**/store/sqlite*',
          '**/store/memory*',
          '**/broker/local*',
          '**/broker/redis*',
          '**/seams/local*',
        ],
        message: 'concrete stores and brokers meet only in server/main.ts.',
      },
    ]),
  },
  {
    files: ['src/server/main.ts'],
    rules: restrict([
      { group: ['**/cli/*', '**/client/*'], message: 'server/ does not import cli/ or client/.' },
    ]),
  },
  {
    files: ['web/**'],
    rules: restrict([
      {
        group: ['**/src/server/*', '**/src/store/*', '**/src/cli/*', '**/src/broker/*', '**/bench/*'],
        message: 'web/ imports only src/client and src/protocol.',
      },
    ]),
  },
  {
    files: ['src/store/**', 'src/broker/**'],
    rules: restrict([
      {
        group: ['**/server/*', '**/cli/*', '**/client/*'],
        message: 'stores and brokers do not import the server.',
      },
    ]),
  },
);
