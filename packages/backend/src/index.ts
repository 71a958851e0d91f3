/*
 * The Golden Path Security demo instance: a Backstage backend on the new backend system with the
 * catalog (scaffolder entity model), the scaffolder, guest sign-in for local use, the permission
 * framework with our own policy, notifications and signals, and the Golden Path Security plugins.
 */
import { createBackend } from '@backstage/backend-defaults';
import { goldenPathLocalGitUrlReader } from '@golden-path/plugin-scaffolder-backend-module-golden-path';
import { goldenPathPermissionPolicyModule } from './modules/permissionPolicy';
import { demoRepositoriesModule } from './modules/demoRepositories';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// auth: guest sign-in for local use; it signs in as a real catalog user (see app-config.yaml)
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// scaffolder, with the golden-path actions
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
backend.add(
  import('@golden-path/plugin-scaffolder-backend-module-golden-path'),
);
// lets the catalog read components published to the demo's local git repositories
backend.add(goldenPathLocalGitUrlReader);
// demo data: repositories of demo components made from an older template version
backend.add(demoRepositoriesModule);

// permissions: our policy, never allow-all
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(goldenPathPermissionPolicyModule);

// search over the catalog
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-user-settings-backend'));

// events (lets notifications, signals and the catalog talk across replicas), notifications, signals
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// Golden Path Security
backend.add(import('@golden-path/plugin-security-posture-backend'));

backend.start();
