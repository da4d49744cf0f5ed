import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import pluginQuery from '@tanstack/eslint-plugin-query';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import playwright from 'eslint-plugin-playwright';

/**
 * The shared room: code both the SPA and the local platform run (the API's
 * zod schemas, the capture codecs, the unit formatters), the only code
 * server/ shares with src/. Its folder from the repository root; the SPA
 * imports it as `@shared/…` (SHARED_ALIAS; tsconfig.base.json `paths`,
 * vite.config.ts `resolve.alias`), server/ relatively. tsconfig.shared.json
 * type-checks the same folder.
 */
export const SHARED_ROOM = 'shared';
export const SHARED_ALIAS = '@shared';

/**
 * The rooms and the arrows between them, for a repository rooted at `root`
 * (the lint-rooms test runs the same rules on a fixture tree). A feature is
 * any folder under src/features.
 */
export function roomRules(root) {
  const featuresDir = join(root, 'src/features');
  const features = readdirSync(featuresDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  return tseslint.config(
    {
      files: ['**/*.{ts,tsx}'],
      extends: [tseslint.configs.recommendedTypeChecked],
      languageOptions: {
        parserOptions: { projectService: true, tsconfigRootDir: root },
      },
      rules: {
        // An async function without await is how a promise-returning interface
        // is implemented here (Fastify handlers, runtime fakes, async generators).
        '@typescript-eslint/require-await': 'off',
      },
    },
    {
      // Tests read untyped JSON answers (inject().json(), fixtures) and check
      // them with expect(); typing each answer would only restate the assertion.
      // expect(obj.method) hands a spied method over unbound on purpose.
      files: ['**/*.test.{ts,tsx}', 'server/test/**', 'src/test/**', 'e2e/**'],
      rules: {
        '@typescript-eslint/no-unsafe-assignment': 'off',
        '@typescript-eslint/no-unsafe-member-access': 'off',
        '@typescript-eslint/no-unsafe-call': 'off',
        '@typescript-eslint/no-unsafe-argument': 'off',
        '@typescript-eslint/no-unsafe-return': 'off',
        '@typescript-eslint/unbound-method': 'off',
      },
    },
    {
      files: ['**/*.{ts,tsx,js,mjs}'],
      plugins: { 'import-x': importX },
      settings: {
        'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
        'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
        'import-x/resolver-next': [
          createNodeResolver({
            extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
            alias: { [SHARED_ALIAS]: [join(root, SHARED_ROOM)] },
          }),
        ],
      },
      rules: {
        'import-x/no-cycle': ['error', { ignoreExternal: true }],
        'import-x/no-restricted-paths': [
          'error',
          {
            basePath: root,
            zones: [
              ...features.map((feature) => ({
                target: `./src/features/${feature}`,
                from: './src/features',
                except: [`./${feature}`],
                message:
                  'A feature never imports another feature: move what both need to src/lib or src/components, or compose them in a page (src/app/routes).',
              })),
              {
                target: ['./src/lib', './src/components', './src/api'],
                from: ['./src/features', './src/app'],
                message:
                  'src/lib, src/components and src/api serve every feature: they never import a feature or the app.',
              },
              {
                target: './src/features',
                from: './src/app',
                message: 'Pages in src/app compose features; features never import src/app.',
              },
              {
                target: './server',
                from: './src',
                message: `server/ imports nothing from src/: code both sides run lives in the shared room (${SHARED_ROOM}/).`,
              },
              {
                target: `./${SHARED_ROOM}`,
                from: ['./src', './server'],
                message: `The shared room (${SHARED_ROOM}/) runs in the SPA and the local platform: it imports neither src/ nor server/.`,
              },
              {
                target: './src',
                from: './server',
                message: 'The SPA never imports from server/.',
              },
            ],
          },
        ],
      },
    },
  );
}

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-debug',
      'node_modules',
      'test-results',
      'playwright-report',
      '.data',
      '.e2e-data',
      'bench/results',
      'bench/fixtures',
      'server/challenges/**/attachments',
      'test/lint-rooms/fixture',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...roomRules(import.meta.dirname),
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message:
            'Never render strings as markup: everything in a capture, a filename or a prompt is attacker-controlled.',
        },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
    },
  },
  {
    // Browser code (the SPA, its workers, the shared room) takes `z` from
    // shared/zod.ts, zod/mini: zod classic costs each bundle ~15 KB gzip more
    // (issue 18). scripts/size-budget.ts checks the build itself.
    files: ['src/**/*.{ts,tsx}', `${SHARED_ROOM}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['zod', 'zod/v4', 'zod/v3'].map((name) => ({
            name,
            allowTypeImports: true,
            message: `Browser code uses zod/mini: import { z } from '${SHARED_ALIAS}/zod' (or '../zod' in ${SHARED_ROOM}/).`,
          })),
        },
      ],
    },
  },
  ...pluginQuery.configs['flat/recommended'],
  {
    files: ['e2e/**/*.ts'],
    ...playwright.configs['flat/recommended'],
  },
);
