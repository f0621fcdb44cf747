// Lint rules: typescript-eslint's recommended set plus the project's habits (no any, no default
// exports, no focused or skipped tests).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {ignores: ['dist/**', 'node_modules/**', 'build/**', 'coverage/**', '**/*.cjs', '**/*.mjs', '**/*.js']},
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': ['error',
        {selector: 'ExportDefaultDeclaration', message: 'Use named exports.'},
        {selector: "CallExpression[callee.name=/^(fit|fdescribe|xit|xdescribe)$/]", message: 'No focused or skipped tests.'},
        {selector: "CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name=/^(only|skip)$/]", message: 'No focused or skipped tests.'},
      ],
      'prefer-const': 'error',
      eqeqeq: ['error', 'always', {null: 'ignore'}],
    },
  },
);
