/**
 * The posture backend's layer rules (docs/architecture.md), checked in `./gp test`
 * (`yarn deps:check`), so a later change cannot break them silently:
 *
 * - no import cycle anywhere in the workspace's sources;
 * - the store layer (`database/`) imports nothing of the domain: only itself and `lib/`;
 * - the HTTP binders (`http/`) call services, never a store;
 * - SQL (a value import of knex) lives only in the store layer and the rooms' own store files;
 * - nothing but the plugin's wiring imports the HTTP layer.
 */
const BACKEND = '^plugins/security-posture-backend/src';
const STORE_FILES = `${BACKEND}/(database/|[^/]+/[^/]*Store\\.ts$)`;

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import cycle: split the shared part out, or invert the dependency.',
      from: { pathNot: 'node_modules' },
      to: { circular: true },
    },
    {
      name: 'store-imports-no-domain',
      severity: 'error',
      comment:
        'The store layer (database/) knows tables and rows, not the domain.',
      from: { path: `${BACKEND}/database/`, pathNot: '\\.test\\.ts$' },
      to: {
        path: `${BACKEND}/`,
        pathNot: [`${BACKEND}/database/`, `${BACKEND}/lib/`],
      },
    },
    {
      name: 'binders-call-services',
      severity: 'error',
      comment: "HTTP binders call services; stores are the services' business.",
      from: { path: `${BACKEND}/http/` },
      to: { path: STORE_FILES, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'sql-in-stores-only',
      severity: 'error',
      comment:
        "SQL lives in database/ or a room's own *Store.ts; elsewhere knex is imported for its types only (import type).",
      from: {
        path: `${BACKEND}/`,
        pathNot: [STORE_FILES, '\\.test\\.ts$', `${BACKEND}/__testUtils__/`],
      },
      to: { path: 'node_modules/knex/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'http-only-from-wiring',
      severity: 'error',
      comment: 'Only plugin.ts mounts the HTTP layer.',
      from: {
        path: `${BACKEND}/`,
        pathNot: [
          `${BACKEND}/http/`,
          `${BACKEND}/plugin\\.ts$`,
          '\\.test\\.ts$',
        ],
      },
      to: { path: `${BACKEND}/http/` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|dist-types|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['types', 'main'],
    },
  },
};
