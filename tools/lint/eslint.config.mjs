// ESLint for the whole repository, run from the root by `npm run lint` (-c this file; patterns are
// relative to the root). It lives here with its own install because typescript-eslint needs the
// TypeScript compiler API, which the repository's TypeScript 7 does not have: tools/lint/package.json
// gives it a TypeScript 5. The rules are syntactic (no type information): fast on 2 cores, and
// `npm run typecheck` (tsc 7) already checks the types.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'miniprogram/miniprogram_npm/**',
      // build output (.gitignore): function bundles and the compiled mini program
      'cloudfunctions/*/index.js',
      'miniprogram/**/*.js',
      '!miniprogram/**/*.wxs.js',
      '**/dist/**',
      'coverage/**',
      '.localcloud/**',
      'test-output/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` marks a value kept on purpose (a destructured-away field, an unused parameter).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // STYLE.md habit 8: `any` only with a reason, which an eslint-disable comment then carries.
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['**/*.cjs', 'jest.config.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
