// @ts-check
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** Packages that must never reach the pure or browser-side projects. */
const SERVER_ONLY = [
  '@nestjs/*',
  'typeorm',
  'bullmq',
  'ioredis',
  'pg',
  'express',
  'socket.io',
  'argon2',
  'nestjs-pino',
  'pino*',
];
const FRAMEWORKS = [
  ...SERVER_ONLY,
  'react',
  'react-dom',
  'react-*',
  'class-validator',
  'class-transformer',
  'socket.io-client',
  'zod',
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.data/**',
      '.nx/**',
      'coverage/**',
      'e2e/screenshots/**',
      'e2e/test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mjs', '**/*.js'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // Contracts are plain types: no framework, no other project.
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [], bannedExternalImports: FRAMEWORKS },
            // Domain is pure logic over contracts: no I/O, no framework.
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:contracts'],
              bannedExternalImports: FRAMEWORKS,
            },
            {
              sourceTag: 'type:config',
              onlyDependOnLibsWithTags: [],
              bannedExternalImports: SERVER_ONLY.filter((p) => p !== 'pg'),
            },
            {
              sourceTag: 'type:persistence',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:config'],
              bannedExternalImports: ['@nestjs/*', 'bullmq', 'ioredis', 'express', 'react', 'react-*', 'socket.io*'],
            },
            {
              sourceTag: 'type:messaging',
              onlyDependOnLibsWithTags: ['type:contracts'],
              bannedExternalImports: ['@nestjs/*', 'typeorm', 'pg', 'express', 'react', 'react-*'],
            },
            // Where persistence and messaging meet: units of work and the effects that follow them.
            {
              sourceTag: 'type:work',
              onlyDependOnLibsWithTags: [
                'type:contracts',
                'type:domain',
                'type:config',
                'type:persistence',
                'type:messaging',
              ],
              bannedExternalImports: ['@nestjs/*', 'typeorm', 'express', 'react', 'react-*', 'socket.io'],
            },
            // Apps are leaves: nothing depends on an app.
            {
              sourceTag: 'scope:server',
              onlyDependOnLibsWithTags: [
                'type:contracts',
                'type:domain',
                'type:config',
                'type:persistence',
                'type:messaging',
                'type:work',
              ],
              bannedExternalImports: ['react', 'react-dom', 'react-*'],
            },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
            // The browser console sees only shared, framework-free code.
            {
              sourceTag: 'scope:client',
              onlyDependOnLibsWithTags: ['scope:shared'],
              bannedExternalImports: SERVER_ONLY.concat(['class-validator', 'zod']),
            },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
    },
  },
  {
    // Nest resolves constructor parameters from decorator metadata: those imports must stay values.
    files: ['apps/api/src/**/*.ts', 'apps/router/src/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // Tooling files (Jest configs, scripts) sit outside the project graph's import rules.
    files: ['**/jest.config.mjs', 'scripts/**', 'jest.preset.mjs', 'eslint.config.mjs'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts', 'e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.mjs', 'scripts/**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
      },
    },
  },
  {
    // The web chat's launcher: plain browser JavaScript, served as written to other sites' pages.
    files: ['apps/webchat/public/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { document: 'readonly', window: 'readonly', location: 'readonly', URL: 'readonly' },
    },
  },
  prettier,
);
