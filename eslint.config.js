// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

// DESIGN rule 2, globals too (the per-runtime tsconfigs say the same to the type checker).
// Node's globals: the renderer runs in a sandboxed page, shared/ runs there too.
const NODE_GLOBALS = ['Buffer', 'process', 'global', 'require', 'module', 'exports', '__dirname', '__filename', 'setImmediate', 'clearImmediate'];
// The browser's: the core (and everything under electron/) runs in Node. Node 21+ has a
// `navigator` of its own, but what it offers has a node: module (os.availableParallelism()).
const DOM_GLOBALS = [
  'window', 'self', 'document', 'navigator', 'location', 'localStorage', 'sessionStorage', 'indexedDB', 'alert', 'confirm',
  'HTMLElement', 'Element', 'Node', 'DOMParser', 'XMLHttpRequest',
];
const restrictGlobals = (names, message) => ['error', ...names.map((name) => ({ name, message }))];
// `globalThis.process` is the same global under another spelling.
const restrictGlobalThis = (names, message) => ['error', ...names.map((property) => ({ object: 'globalThis', property, message }))];

// Imports between the parts of electron/ (relative paths, from anywhere under it).
const IMPORTS = {
  electron: { name: 'electron', message: 'The core and the Node hosts never import electron (DESIGN rule 2): it runs under plain Node (CLI, host, tests).' },
  renderer: { group: ['**/renderer/**'], message: 'Node code does not import the renderer.' },
  // The core's hosts use it through one public module, electron/core/index.ts.
  coreInsides: { regex: '^(\\.\\.?/)+(electron/)?core/(?!index$)', message: "Use the core through its public entry ('…/core', electron/core/index.ts); add what you need there." },
  shells: { regex: '^(\\.\\.?/)+(electron/)?(main|host|cli|preload|station)(/|$)', message: 'The core never imports the shells that host it (DESIGN rule 2).' },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'test/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Node's globals everywhere but the renderer and shared/.
  { ignores: ['renderer/**', 'shared/**'], languageOptions: { globals: { ...globals.node } } },
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
      'no-restricted-globals': restrictGlobals(NODE_GLOBALS, 'The renderer runs in a sandboxed page: no Node globals (DESIGN rule 2).'),
      'no-restricted-properties': restrictGlobalThis(NODE_GLOBALS, 'The renderer runs in a sandboxed page: no Node globals (DESIGN rule 2).'),
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
      'no-restricted-globals': restrictGlobals([...NODE_GLOBALS, ...DOM_GLOBALS], 'shared/ runs in the renderer and in Node alike: neither side\'s globals.'),
      'no-restricted-properties': restrictGlobalThis([...NODE_GLOBALS, ...DOM_GLOBALS], 'shared/ runs in the renderer and in Node alike: neither side\'s globals.'),
    },
  },
  // A zod check's message is a catalog key written msg('…') (shared/api/schemas.ts), which the type
  // checker holds to the catalogs; a literal `message: '…'` is any string to zod.
  {
    files: ['shared/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    ignores: ['shared/i18n/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "Property[key.name='message'][value.type='Literal'][value.raw=/^['\"]/], Property[key.name='message'][value.type='TemplateLiteral']",
          message: "Write a check's message as msg('<feature>.<key>') (shared/api/schemas.ts), so the key is checked against the catalogs.",
        },
      ],
    },
  },
  // Everything under electron/ runs in Node (the preload in a sandboxed preload context): no DOM.
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-globals': restrictGlobals(DOM_GLOBALS, 'electron/ runs in Node: no DOM globals (DESIGN rule 2).'),
      'no-restricted-properties': restrictGlobalThis(DOM_GLOBALS, 'electron/ runs in Node: no DOM globals (DESIGN rule 2).'),
    },
  },
  // The core never imports Electron nor the shells that host it.
  {
    files: ['electron/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [IMPORTS.electron], patterns: [IMPORTS.renderer, IMPORTS.shells] }] },
  },
  // DESIGN rule 3: business code (ledgers, auth, handlers) reads with store.stmt (queries only) and
  // changes data with store.write; it does not use the connection (`store.db.prepare(...)`) around them.
  {
    files: ['electron/core/**/*.ts'],
    ignores: ['electron/core/store/**', 'electron/core/journal/**', 'electron/core/jobs/**', 'electron/core/daicho.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.type='MemberExpression'][object.property.name='db']",
          message: 'Read with store.stmt (it runs queries only) and change data with store.write (DESIGN rule 3), not through the connection.',
        },
      ],
    },
  },
  // The browser-mode host and the CLI: plain Node, and the core only through its entry.
  {
    files: ['electron/host/**/*.ts', 'electron/cli/**/*.ts', 'electron/station/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [IMPORTS.electron], patterns: [IMPORTS.renderer, IMPORTS.coreInsides] }] },
  },
  // The Electron shell: electron, and the core only through its entry.
  {
    files: ['electron/main/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [IMPORTS.renderer, IMPORTS.coreInsides] }] },
  },
  // The preload runs sandboxed: only electron's renderer-side modules, none of Node's, no core.
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'A sandboxed preload cannot load Node built-ins.' })),
          patterns: [IMPORTS.renderer, { regex: '^(\\.\\.?/)+(electron/)?core(/|$)', message: 'The preload only passes calls to the main process; the core lives there.' }],
        },
      ],
    },
  },
);
