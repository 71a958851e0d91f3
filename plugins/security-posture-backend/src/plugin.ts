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
import { exceptionsFeature } from './exceptions/wiring';
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
import { notificationService } from '@backstage/plugin-notifications-node';
import { PostureNotifier } from './notifications/PostureNotifier';
import { PosturePolicies } from './policy/PosturePolicies';
import { ExploitIntel } from './priority/ExploitIntel';
import { TemplateCatalog } from './templates/TemplateCatalog';
import { TemplateUpgrades } from './templates/TemplateUpgrades';
import {
  githubRepositoryForUrl,
  gitlabRepositoryForUrl,
  localRepositoriesFromConfig,
} from '@golden-path/template-upgrade';
import { ScmIntegrations } from '@backstage/integration';
import path from 'node:path';
import { refreshExploitIntel } from './priority/refresh';

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
        const audit = new AuditLog(await deps.database.getClient());
        const exceptions = exceptionsFeature(
          deps.config,
          await deps.database.getClient(),
        );
        // a policy file with an error stops start-up here, naming its file and line
        const policies = await PosturePolicies.load(config.policies);
        const intel = ExploitIntel.fromFiles();
        deps.logger.info(
          `security-posture: ${policies.policies.length} posture policies; exploitation seed of ${intel.sizes.kev} KEV and ${intel.sizes.epss} EPSS entries`,
        );
        const knex = await deps.database.getClient();
        const integrations = ScmIntegrations.fromConfig(deps.config);
        const upgrades = new TemplateUpgrades({
          db: knex,
          logger: deps.logger,
          localRoots: config.templateLocalRoots,
          urlReader: deps.urlReader,
          repositories: localRepositoriesFromConfig(deps.config),
          remoteRepository: async url =>
            (await githubRepositoryForUrl(integrations, url)) ??
            (await gitlabRepositoryForUrl(integrations, url)),
          maxPerRequest: config.upgrades.maxPerRequest,
          perMinute: config.upgrades.perMinute,
          findingsOn: (entityRef, paths) =>
            store.openFindingsOn(entityRef, paths),
        });
        for (const archive of config.templateArchives) {
          const imported = await upgrades.importArchive(path.resolve(archive));
          if (imported > 0) {
            deps.logger.info(
              `security-posture: recorded ${imported} published template version(s) from ${archive}`,
            );
          }
        }
        const templates = new TemplateCatalog({
          catalog: deps.catalog,
          auth: deps.auth,
          urlReader: deps.urlReader,
          logger: deps.logger,
          localRoots: config.templateLocalRoots,
          upgrades,
        });
        const service = new PostureService({
          store,
          policies,
          intel,
          templateStatus: (ref, version, entityRef) =>
            templates.versionStatus(ref, version, entityRef),
          notifier: new PostureNotifier(
            config.notificationsEnabled ? deps.notifications : undefined,
            deps.logger,
          ),
          catalog: new CatalogFacts(deps.catalog, deps.auth),
          config,
          logger: deps.logger,
          exceptions: exceptions.store,
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
        if (config.priority.kevUrl || config.priority.epssUrl) {
          await deps.scheduler.scheduleTask({
            id: 'security-posture-exploit-intel-refresh',
            frequency: { cron: config.priority.refreshCron },
            timeout: { minutes: 15 },
            initialDelay: { seconds: 30 },
            fn: async () => {
              await refreshExploitIntel({
                intel,
                kevUrl: config.priority.kevUrl,
                epssUrl: config.priority.epssUrl,
                logger: deps.logger,
              });
              await service.rerankAll();
            },
          });
        }
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
            templates,
            upgrades,
            exceptions: await exceptions.start({
              service,
              store,
              audit,
              scheduler: deps.scheduler,
              notifications: config.notificationsEnabled
                ? deps.notifications
                : undefined,
              logger: deps.logger,
            }),
          }),
        );
      },
    });
  },
});
