import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { securityPosturePermissions } from '@golden-path/plugin-security-posture-common';
import {
  FindingProvider,
  ReportParser,
  securityPostureParsersExtensionPoint,
  securityPostureProvidersExtensionPoint,
} from '@golden-path/plugin-security-posture-node';
import { AuditLog } from './audit/AuditLog';
import { CatalogFacts } from './catalog/CatalogFacts';
import { readPostureConfig } from './config';
import { DatabasePostureStore } from './database/DatabasePostureStore';
import { exceptionsFeature } from './exceptions/wiring';
import { HttpAccess } from './http/auth';
import { createRouter } from './http/createRouter';
import { PostureNotifier } from './notifications/PostureNotifier';
import { parseReport, ReportParserRegistry } from './parsers';
import { PosturePolicies } from './posture/PosturePolicies';
import { ExploitIntel } from './priority/ExploitIntel';
import { createPostureServices } from './services';
import { scheduleTasks } from './tasks/scheduleTasks';
import { createTemplates } from './templates/createTemplates';

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
      },
      async init(deps) {
        const config = readPostureConfig(deps.config);
        const registry = new ReportParserRegistry();
        extraParsers.forEach(parser => registry.register(parser));
        const store = await DatabasePostureStore.create({
          database: deps.database,
        });
        const db = await deps.database.getClient();
        const audit = new AuditLog(db);
        const exceptions = exceptionsFeature(deps.config, db);
        // a policy file with an error stops start-up here, naming its file and line
        const policies = await PosturePolicies.load(config.policies);
        const intel = ExploitIntel.fromFiles();
        deps.logger.info(
          `security-posture: ${policies.policies.length} posture policies; exploitation seed of ${intel.sizes.kev} KEV and ${intel.sizes.epss} EPSS entries`,
        );
        const templates = await createTemplates({
          db,
          rootConfig: deps.config,
          config,
          logger: deps.logger,
          urlReader: deps.urlReader,
          catalog: deps.catalog,
          auth: deps.auth,
          store,
          audit,
        });
        const notifications = config.notificationsEnabled
          ? deps.notifications
          : undefined;
        const services = createPostureServices({
          store,
          catalog: new CatalogFacts(deps.catalog, deps.auth),
          config,
          logger: deps.logger,
          policies,
          intel,
          notifier: new PostureNotifier(notifications, deps.logger),
          accepted: exceptions.store,
          templateStatus: (ref, version, entityRef) =>
            templates.catalog.versionStatus(ref, version, entityRef),
          audit,
          parse: (body, { format }) =>
            parseReport(body, { format, limits: config.limits, registry }),
        });
        deps.permissionsRegistry.addPermissions(securityPosturePermissions);
        await scheduleTasks({
          scheduler: deps.scheduler,
          logger: deps.logger,
          config,
          services,
          intel,
          providers,
        });
        deps.httpRouter.use(
          await createRouter({
            access: new HttpAccess(deps.httpAuth, deps.permissions),
            services,
            config,
            audit,
            templates,
            exceptions: await exceptions.start({
              recompute: (tx, entityRef) =>
                services.postures.recomputeIn(tx, entityRef),
              postureStore: store,
              branch: config.defaultBranch,
              audit,
              scheduler: deps.scheduler,
              notifications,
              logger: deps.logger,
            }),
          }),
        );
      },
    });
  },
});
