// ESLint flat config. The import boundaries of docs/ARCHITECTURE are enforced here, not in review:
// shared/ is pure (no Node, DOM, React or Electron); only electron/main and electron/preload may
// import `electron`; the CLI never does.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import noUnsanitized from 'eslint-plugin-no-unsanitized';
import security from 'eslint-plugin-security';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltinNames = [
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'url',
  'util',
  'stream',
  'worker_threads',
];
const uiLibraries = [
  'react',
  'react-dom',
  'react/*',
  '@xyflow/*',
  'zustand',
  'zustand/*',
  'dexie',
  'dexie/*',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.tsbuild/',
      'reports/',
      'coverage/',
      'vendor/',
      'test-results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  security.configs.recommended,
  noUnsanitized.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-eval': 'error',
      'no-new-func': 'error',
      // Object-injection reports every `obj[key]`; our inputs are validated by zod first and
      // record keys are never taken from untrusted input without FORBIDDEN_KEYS checks.
      'security/detect-object-injection': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts', 'shared/testing/**'],
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-cycle': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltinNames.map((name) => ({
            name,
            message: 'shared/ is platform-free: no Node built-ins.',
          })),
          patterns: [
            { group: ['node:*'], message: 'shared/ is platform-free: no Node built-ins.' },
            { group: [...uiLibraries, 'electron'], message: 'shared/ is pure: no UI or Electron.' },
            {
              group: ['**/electron/**', '**/renderer/**'],
              message: 'shared/ may import only shared/.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'process',
        'localStorage',
        'require',
        'Buffer',
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage'],
    },
  },
  {
    files: ['electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*'],
              message: 'The CLI never imports electron (a bare require downloads a binary).',
            },
            {
              group: ['**/electron/main/**', '**/electron/preload/**', '**/renderer/**'],
              message: 'The CLI uses shared/ and Electron-free services only.',
            },
            { group: uiLibraries, message: 'The CLI has no UI.' },
          ],
        },
      ],
    },
  },
  {
    // The main process: Node and Electron, never the renderer's code.
    files: ['electron/main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/renderer/**', '**/electron/cli/**'],
              message: 'Main uses shared/ and electron/services only.',
            },
            { group: uiLibraries, message: 'The main process has no UI library.' },
          ],
        },
      ],
    },
  },
  {
    // The sandboxed preload is bundled alone: it may import only `electron` and the channel names.
    files: ['electron/preload/**/*.ts'],
    ignores: ['electron/preload/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltinNames.map((name) => ({
            name,
            message: 'A sandboxed preload has no Node built-ins.',
          })),
          patterns: [
            { group: ['node:*'], message: 'A sandboxed preload has no Node built-ins.' },
            {
              regex: '^(?!electron$|\\.\\./\\.\\./shared/ipc/channelNames$)',
              message: 'The preload imports only electron and shared/ipc/channelNames.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltinNames.map((name) => ({
            name,
            message: 'The renderer has no Node: files go through the platform adapter.',
          })),
          patterns: [
            { group: ['node:*'], message: 'The renderer has no Node built-ins.' },
            { group: ['electron', 'electron/*'], message: 'The renderer never imports electron.' },
            {
              group: ['**/electron/**'],
              message: 'The renderer talks to the shell through the platform adapter only.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer', 'localStorage'],
    },
  },
  {
    files: ['e2e/**/*.ts', 'playwright.config.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'security/detect-non-literal-fs-filename': 'off' },
  },
  {
    files: [
      'scripts/**/*.{ts,mjs,js}',
      'bench/**/*.ts',
      '*.config.{js,ts}',
      'vitest.setup.ts',
      'bin/**/*.mjs',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The CLI and the main process read and write the paths a person chose (arguments, native
    // dialogs); the renderer never names a path. Tests and tools build their own fixture paths.
    files: [
      '**/*.test.ts',
      'shared/testing/**',
      'scripts/**',
      'bench/**',
      'electron/cli/**',
      'electron/main/**',
      'electron/services/**',
      '*.config.{js,ts}',
    ],
    rules: {
      // Tests and tools read fixture files from paths they build themselves.
      'security/detect-non-literal-fs-filename': 'off',
    },
  },
);
