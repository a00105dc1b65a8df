import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { importBoundaries } from './tools/eslint/importBoundaries.js';

const domGlobals = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'location', 'HTMLElement'];
const nodeGlobals = ['process', 'Buffer', '__dirname', '__filename', 'require', 'global'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.tools/**', 'artifacts/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { marie: { rules: { 'import-boundaries': importBoundaries } } },
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'marie/import-boundaries': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  { files: ['**/src/node/**', '**/src/worker/**', '**/src/electron-main/**', '**/src/host/**'], languageOptions: { globals: globals.node }, rules: { 'no-restricted-globals': ['error', ...domGlobals] } },
  { files: ['**/src/browser/**'], languageOptions: { globals: globals.browser }, rules: { 'no-restricted-globals': ['error', ...nodeGlobals] } },
  { files: ['**/src/common/**'], rules: { 'no-restricted-globals': ['error', ...domGlobals, ...nodeGlobals] } },
  { files: ['**/src/preload/**'], languageOptions: { globals: globals.browser } },
  { files: ['apps/cli/src/**', 'scripts/**', 'tools/**', 'e2e/**', 'bench/**/*.mjs', '**/*.config.*', 'apps/desktop/scripts/**'], languageOptions: { globals: globals.node }, rules: { 'no-console': 'off' } },
  { files: ['bench/**/baseline/**'], languageOptions: { globals: globals.browser } },
  { files: ['**/*.test.ts', '**/*.test.tsx'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
);
