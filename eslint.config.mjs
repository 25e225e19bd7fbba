// Type-aware lint for the extension, the CLI, the scripts and the tests (npm run lint).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', '.vscode-test/**', 'src/**/*.generated.ts', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Our own style choices, where the presets leave room.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': ['error', { allow: ['error', 'warn'] }],
      // Interfaces and type aliases are both used on purpose (unions need type).
      '@typescript-eslint/consistent-type-definitions': 'off',
      // `a || b` on strings is deliberate where empty means unset, as in OpenClaw.
      '@typescript-eslint/prefer-nullish-coalescing': 'off',
      // T[] for simple types, Array<…> for unions and object types: both read best where they are.
      '@typescript-eslint/array-type': ['error', { default: 'array-simple' }],
    },
  },
  {
    // The parser compares char codes (numbers) with a const enum of char codes on purpose: that is
    // what makes the hot loop both fast and readable.
    files: ['src/core/json5Parser.ts'],
    rules: { '@typescript-eslint/no-unsafe-enum-comparison': 'off' },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'no-console': 'off',
      // node:test's describe/it return promises that the runner awaits itself.
      '@typescript-eslint/no-floating-promises': 'off',
      // Expected output is matched literally: its indentation is easier to read as written.
      'no-regex-spaces': 'off',
    },
  },
);
