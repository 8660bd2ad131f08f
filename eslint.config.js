// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'test/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // DESIGN rule 2: the renderer imports only shared/ — never electron/, never Node.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to the core only through the typed client (shared/api).' }, ...nodeBuiltins.map((name) => ({ name, message: 'The renderer runs in a sandboxed page: no Node built-ins.' }))],
          patterns: [{ group: ['**/electron/**', '**/electron', 'better-sqlite3*'], message: 'The renderer may import only shared/ (DESIGN rule 2).' }],
        },
      ],
    },
  },
  // shared/ is imported by both sides: it may not reach into either.
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'shared/ must run in the renderer and in Node alike.' }, ...nodeBuiltins.map((name) => ({ name, message: 'shared/ must run in the renderer too.' }))],
          patterns: [{ group: ['**/electron/**', '**/renderer/**'], message: 'shared/ imports only shared/.' }],
        },
      ],
    },
  },
  // The core never imports Electron: it runs under plain Node (CLI, host, tests).
  {
    files: ['electron/core/**/*.ts', 'electron/host/**/*.ts', 'electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The core never imports electron (DESIGN rule 2).' }], patterns: [{ group: ['**/renderer/**'], message: 'Node code does not import the renderer.' }] }],
    },
  },
);
