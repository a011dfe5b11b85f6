// Lint rules for paperwire: typescript-eslint's strict type-checked set (rules that read the types through
// tsconfig.json), plus the project's own few. Test files get the strict set, but of the rules that read types only
// those about promises (TESTS_TYPED_RULES): tsc still checks their types in full.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The rules that read types which test files keep: an unawaited `assert.rejects`, an async callback where a sync
 * one is called, or a spread promise would let a test pass without checking anything. The other typed rules (no-unsafe-*,
 * no-unnecessary-condition, no-deprecated, ...) cost about 4 s of the check's CPU on the test files.
 */
const TESTS_TYPED_RULES = new Set([
  '@typescript-eslint/no-floating-promises',
  '@typescript-eslint/no-misused-promises',
  '@typescript-eslint/await-thenable',
  '@typescript-eslint/no-misused-spread',
]);

export default tseslint.config(
  { ignores: ['dist/', 'dist-building-*/', 'dist-previous-*/', 'node_modules/', 'coverage/', '.cache/'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // node:test runs `describe` and `it` itself and reports their failures: their promises need no await.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'test', 'suite', 'before', 'after'],
            },
          ],
        },
      ],
      // A number reads the same in any template; objects, nullish values and unions still must be made strings.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `() => assert.equal(a, b)` and `(line) => progress.info(line)` hide nothing; other void returns still fail.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // The code has no enums (string unions say the same and are plain JavaScript): an enum declaration is refused,
      // and the rule that checks what is assigned to an enum, which asked the checker about every assignment and
      // argument for none (about 1.8 s of the lint's CPU, TIMING=1), is off.
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'use a union of string literals, not an enum' },
      ],
      '@typescript-eslint/no-unsafe-enum-assignment': 'off',
    },
  },
  {
    files: ['src/**/*.test.ts', 'test/**/*.ts'],
    rules: Object.fromEntries(
      Object.keys(tseslint.configs.disableTypeChecked.rules ?? {})
        .filter((rule) => !TESTS_TYPED_RULES.has(rule))
        .map((rule) => [rule, 'off']),
    ),
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
  // The installed entry point is CommonJS (bin/package.json), so that `--help` needs no ES module loader.
  {
    files: ['bin/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { process: 'readonly', require: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
