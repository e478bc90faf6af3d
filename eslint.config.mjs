import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Real module boundaries: plugins may use core and clusters only; embedded-cluster uses core only;
// only the gateway app knows every library. Tests of plugins may also start an embedded cluster.
const constraints = [
  { sourceTag: 'type:core', onlyDependOnLibsWithTags: ['type:core'] },
  { sourceTag: 'type:clusters', onlyDependOnLibsWithTags: ['type:core'] },
  { sourceTag: 'type:embedded-cluster', onlyDependOnLibsWithTags: ['type:core'] },
  { sourceTag: 'type:plugin', onlyDependOnLibsWithTags: ['type:core', 'type:clusters'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:core', 'type:clusters', 'type:embedded-cluster', 'type:plugin'] },
  // The web console talks to the gateway over HTTP only: it imports no Ferry library.
  { sourceTag: 'type:ui', onlyDependOnLibsWithTags: [] },
];

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', 'tmp/**', '.nx/**', 'coverage/**'] },
  {
    files: ['**/*.ts', 'apps/console/**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@nx': nx, '@typescript-eslint': tseslint.plugin },
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints: constraints }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Still typed `any`: cluster JSON read through the CCR and HQ cluster wrappers (and shown by the console's
    // cluster pages), which the single cluster client (issue 14) replaces with typed answers. Tests and the
    // fuzz suite may use `any` freely.
    files: ['libs/ccr-core/src/**/*.ts', 'libs/hq-inspector/src/**/*.ts', 'apps/console/src/pages/cluster.tsx', 'apps/console/src/pages/index-page.tsx', 'apps/console/src/api/client.ts', 'apps/console/e2e/**/*.ts', '**/*.test.ts', '**/test/**/*.ts', 'apps/gateway/src/fuzz/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['libs/*/src/**/*.test.ts', 'libs/*/test/**/*.ts', 'apps/*/src/**/*.test.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          // Tests start the real peers under tools/peers (not an Nx project) by relative path.
          allow: ['../../../../tools/peers/*', '../../../tools/peers/*'],
          depConstraints: [
            { sourceTag: 'type:plugin', onlyDependOnLibsWithTags: ['type:core', 'type:clusters', 'type:embedded-cluster'] },
            { sourceTag: 'type:clusters', onlyDependOnLibsWithTags: ['type:core', 'type:embedded-cluster'] },
            ...constraints.filter((c) => c.sourceTag !== 'type:plugin' && c.sourceTag !== 'type:clusters'),
          ],
        },
      ],
    },
  },
];
