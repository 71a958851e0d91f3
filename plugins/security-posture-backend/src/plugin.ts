import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import Router from 'express-promise-router';
import { notificationService } from '@backstage/plugin-notifications-node';
import { securityPosturePermissions } from '@golden-path/plugin-security-posture-common';
import {
  FindingProvider,
  ReportParser,
  securityPostureParsersExtensionPoint,
  securityPostureProvidersExtensionPoint,
} from '@golden-path/plugin-security-posture-node';
import { HttpAccess } from './http/auth';
import { createRouter } from './http/createRouter';
import { ReportParserRegistry } from './parsers';
import { scheduleTasks } from './tasks/scheduleTasks';
import { checkHost, probeCatalog } from './startup/hostChecks';
import { createPostureRooms, readConfiguration } from './wiring';

/**
 * The security-posture backend plugin: scanner reports in, deduplicated per-component findings
 * and posture out.
 *
 * @public
 */
export const securityPosturePlugin = createBackendPlugin({
  pluginId: 'security-posture',
  register(env) {
    const extraParsers: ReportParser[] = [];
    env.registerExtensionPoint(securityPostureParsersExtensionPoint, {
      addParser(...parsers) {
        extraParsers.push(...parsers);
      },
    });
    const providers: FindingProvider[] = [];
    env.registerExtensionPoint(securityPostureProvidersExtensionPoint, {
      addProvider(...added) {
        providers.push(...added);
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        notifications: notificationService,
        urlReader: coreServices.urlReader,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        rootLifecycle: coreServices.rootLifecycle,
        cache: coreServices.cache,
        instanceMetadata: coreServices.rootInstanceMetadata,
      },
      async init(deps) {
        // what the app configured and what it provides, checked before any table is touched: a
        // bad value or a missing permission backend stops start-up with one message naming it
        const configuration = readConfiguration(deps.config);
        await checkHost({
          config: deps.config,
          logger: deps.logger,
          instanceMetadata: deps.instanceMetadata,
          notificationsEnabled: configuration.posture.notificationsEnabled,
        });
        const registry = new ReportParserRegistry();
        extraParsers.forEach(parser => registry.register(parser));
        const rooms = await createPostureRooms({
          configuration,
          rootConfig: deps.config,
          logger: deps.logger,
          database: deps.database,
          auth: deps.auth,
          catalog: deps.catalog,
          urlReader: deps.urlReader,
          scheduler: deps.scheduler,
          notifications: deps.notifications,
          cache: deps.cache,
          auditor: deps.auditor,
          registry,
        });
        deps.permissionsRegistry.addPermissions(securityPosturePermissions);
        // this replica's worker of the upgrade queue: claims jobs of runs any replica enqueued
        const worker = rooms.templates.worker;
        deps.lifecycle.addStartupHook(() => worker.start());
        deps.lifecycle.addShutdownHook(() => worker.stop());
        // once every plugin of the backend has started: does the catalog answer?
        deps.rootLifecycle.addStartupHook(() =>
          probeCatalog({
            catalog: deps.catalog,
            auth: deps.auth,
            logger: deps.logger,
          }).then(() => undefined),
        );
        await scheduleTasks({
          scheduler: deps.scheduler,
          logger: deps.logger,
          config: rooms.config,
          services: rooms.services,
          intel: rooms.intel,
          providers,
        });
        // readiness of this plugin for load balancers: Backstage's own readiness endpoint
        // (coreServices.rootHealth) follows the backend's lifecycle only, and plugins have no hook
        // into it, so a database out of reach is answered here
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
        let databaseDown = false;
        const health = Router();
        health.get('/health', async (_req, res) => {
          const answer = await rooms.databaseReachable();
          // log the changes, not every probe
          if (!answer.ok && !databaseDown) {
            deps.logger.warn(
              `security-posture: the database does not answer: ${answer.error}`,
            );
          } else if (answer.ok && databaseDown) {
            deps.logger.info('security-posture: the database answers again');
          }
          databaseDown = !answer.ok;
          if (answer.ok) {
            res.status(200).json({ status: 'ok' });
          } else {
            res.status(503).set('Retry-After', '5').json({
              status: 'error',
              message: 'the security-posture database is unavailable',
            });
          }
        });
        deps.httpRouter.use(health);
        deps.httpRouter.use(
          await createRouter({
            access: new HttpAccess(deps.httpAuth, deps.permissions),
            services: rooms.services,
            config: rooms.config,
            uploads: rooms.uploads,
            audit: rooms.audit,
            templates: rooms.templates,
            exceptions: rooms.exceptions,
            logger: deps.logger,
          }),
        );
      },
    });
  },
});
