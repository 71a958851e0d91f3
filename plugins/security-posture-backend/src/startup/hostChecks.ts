import {
  AuthService,
  LoggerService,
  RootInstanceMetadataService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ConfigurationError } from '../lib/errors';
import { describeServiceFailure } from '../lib/dependencyErrors';

/**
 * Plugins of this backend, and plugins `discovery.endpoints` says run elsewhere: together, the
 * plugins this backend's clients can reach.
 */
async function reachablePlugins(
  config: Config,
  instanceMetadata: RootInstanceMetadataService,
): Promise<Set<string>> {
  const ids = new Set(
    (await instanceMetadata.getInstalledPlugins()).map(p => p.pluginId),
  );
  for (const endpoint of config.getOptionalConfigArray('discovery.endpoints') ??
    []) {
    for (const id of endpoint.getOptionalStringArray('plugins') ?? []) {
      ids.add(id);
    }
  }
  return ids;
}

/**
 * What the plugin needs from the host app, checked while it starts (before any table is touched):
 * - the permission framework on (`permission.enabled: true`) with a permission backend to ask:
 *   on without a backend, every request would fail, so start-up stops naming the key; off, every
 *   signed-in user may read every posture and decide exceptions, so it warns once;
 * - a notifications backend when notifications are on: without one, owners are not told (one
 *   warning; the rest works).
 *
 * The catalog is checked once the whole backend has started ({@link probeCatalog}): a test or an
 * adopter may provide the catalog service without the catalog plugin in this backend.
 *
 * @internal
 */
export async function checkHost(options: {
  config: Config;
  logger: LoggerService;
  instanceMetadata: RootInstanceMetadataService;
  notificationsEnabled: boolean;
}): Promise<void> {
  const { config, logger } = options;
  const reachable = await reachablePlugins(config, options.instanceMetadata);
  let permissionsOn: boolean | undefined;
  try {
    permissionsOn = config.getOptionalBoolean('permission.enabled');
  } catch (error) {
    throw ConfigurationError.from(error);
  }
  if (permissionsOn && !reachable.has('permission')) {
    throw new ConfigurationError(
      'permission.enabled is true, but no permission backend answers: add @backstage/plugin-permission-backend with a policy module to this backend, or name the backend that runs it in discovery.endpoints',
    );
  }
  if (!permissionsOn) {
    logger.warn(
      'security-posture: permission.enabled is not true, so Backstage allows every request: every signed-in user may read all findings, decide exceptions and start upgrades. Set permission.enabled: true with a permission policy (see the plugin README, "Permissions").',
    );
  }
  if (options.notificationsEnabled && !reachable.has('notifications')) {
    logger.warn(
      'security-posture: no notifications backend in this Backstage (@backstage/plugin-notifications-backend, or discovery.endpoints), so owners are not notified of urgent findings, SLA breaches or exceptions; everything else works. Set securityPosture.notifications.enabled: false to silence this.',
    );
  }
}

/**
 * Asks the catalog for one entity with the plugin's own credentials once the backend has started:
 * without an answer the plugin cannot grade anything, and one message says so and what to do (its
 * API answers 503 naming the catalog meanwhile). Never throws.
 *
 * @internal
 */
export async function probeCatalog(options: {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
}): Promise<boolean> {
  try {
    await options.catalog.queryEntities(
      { limit: 1, fields: ['kind'] },
      { credentials: await options.auth.getOwnServiceCredentials() },
    );
    return true;
  } catch (error) {
    options.logger.error(
      `security-posture: the catalog does not answer (${describeServiceFailure(
        error,
      )}); the plugin needs Backstage's catalog: add @backstage/plugin-catalog-backend to this backend, or name the backend that runs it in discovery.endpoints. Until it answers, the plugin's API answers 503.`,
    );
    return false;
  }
}
