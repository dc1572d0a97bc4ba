import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['.tmp/**', 'widget/**', 'node_modules/**', 'sandbox/data/**', 'bench/build/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{js,cjs,mjs}'],
    languageOptions: { globals: { ...globals.node }, sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
  { files: ['**/*.test.js', 'e2e/**/*.js'], languageOptions: { globals: { ...globals.jest } } },
  { files: ['bench/entries/**/*.js'], languageOptions: { sourceType: 'module' } },
  // The benchmark's page.evaluate callbacks run in the browser.
  { files: ['bench/run.js'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
  {
    files: ['sandbox/public/**/*.js', 'sandbox/peer-widget/**/*.js', 'bench/baseline-widget.js'],
    languageOptions: { globals: { ...globals.browser, define: 'readonly', require: 'readonly', requirejs: 'readonly', APP: 'readonly' }, sourceType: 'script' },
    rules: { '@typescript-eslint/no-this-alias': 'off' },
  },
  // The sandbox's host page is ES modules; the widgets it runs stay classic AMD scripts.
  { files: ['sandbox/public/host/**/*.js'], languageOptions: { sourceType: 'module' } },
  {
    files: ['src/**/*.{ts,tsx}'],
    // Classic JSX (tsconfig jsxFactory "h"): tell the scope analysis that JSX uses `h`.
    languageOptions: { globals: { ...globals.browser }, parserOptions: { jsxPragma: 'h', jsxFragmentName: 'Fragment' } },
    rules: {
      'no-console': ['error', { allow: ['debug'] }],
      'no-alert': 'error',
      'no-eval': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.test.{ts,tsx}', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
