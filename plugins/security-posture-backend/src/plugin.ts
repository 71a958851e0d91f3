import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { securityPosturePermissions } from '@golden-path/plugin-security-posture-common';
import {
  FindingProvider,
  ReportParser,
  securityPostureParsersExtensionPoint,
  securityPostureProvidersExtensionPoint,
} from '@golden-path/plugin-security-posture-node';
import { AuditLog } from './audit/AuditLog';
import { readPostureConfig } from './config';
import { DatabasePostureStore } from './database/DatabasePostureStore';
import {
  parseReport,
  ReportParserRegistry,
  validateParsedReport,
} from './parsers';
import { CatalogFacts } from './service/CatalogFacts';
import { PostureService } from './service/PostureService';
import { createRouter } from './service/router';

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
      },
      async init(deps) {
        const config = readPostureConfig(deps.config);
        const registry = new ReportParserRegistry();
        extraParsers.forEach(parser => registry.register(parser));
        const store = await DatabasePostureStore.create({
          database: deps.database,
        });
        const audit = new AuditLog(await deps.database.getClient());
        const service = new PostureService({
          store,
          catalog: new CatalogFacts(deps.catalog, deps.auth),
          config,
          logger: deps.logger,
          parse: (body, { format }) =>
            parseReport(body, {
              format,
              limits: config.limits,
              registry,
            }),
        });
        deps.permissionsRegistry.addPermissions(securityPosturePermissions);
        await deps.scheduler.scheduleTask({
          id: 'security-posture-daily-snapshot',
          frequency: { cron: config.snapshotCron },
          timeout: { minutes: 30 },
          fn: async () => {
            await service.snapshotAll();
          },
        });
        for (const provider of providers) {
          await deps.scheduler.scheduleTask({
            id: `security-posture-provider-${provider.id}`,
            frequency: { hours: 1 },
            timeout: { minutes: 30 },
            initialDelay: { minutes: 1 },
            ...provider.schedule,
            fn: async signal => {
              const pulled = await provider.pull({ signal });
              for (const item of pulled) {
                try {
                  await service.ingestParsed({
                    ...item,
                    // provider output is as untrusted as an upload
                    report: validateParsedReport(item.report),
                    uploadedBy: `provider:${provider.id}`,
                  });
                } catch (error) {
                  deps.logger.warn(
                    `security-posture: provider ${provider.id} could not apply its report for ${item.entityRef}: ${error}`,
                  );
                }
              }
            },
          });
        }
        deps.httpRouter.use(
          await createRouter({
            service,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            config,
            audit,
          }),
        );
      },
    });
  },
});
